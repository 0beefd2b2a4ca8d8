//! Score and report types: integers compared lexicographically, never floats.

use std::collections::BTreeMap;
use std::fmt;

pub use crate::model::{Level, Rule};
use crate::model::{MeetingId, RoomId, StaffId, TaskId};
use crate::plan::{FormError, PlanScore};

/// `(hard, medium, soft)`, lower is better, compared in that order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score {
    /// Hard violations.
    pub hard: i64,
    /// Medium cost (unassigned, missing staff).
    pub medium: i64,
    /// Soft cost.
    pub soft: i64,
}

impl Score {
    /// `(hard, medium, soft)`.
    pub const fn new(hard: i64, medium: i64, soft: i64) -> Self {
        Self { hard, medium, soft }
    }
}

impl std::ops::Add for Score {
    type Output = Score;
    fn add(self, o: Score) -> Score {
        Score::new(self.hard + o.hard, self.medium + o.medium, self.soft + o.soft)
    }
}

impl std::ops::Sub for Score {
    type Output = Score;
    fn sub(self, o: Score) -> Score {
        Score::new(self.hard - o.hard, self.medium - o.medium, self.soft - o.soft)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}hard/{}medium/{}soft", self.hard, self.medium, self.soft)
    }
}

/// One violation or cost item, with its subjects and a sentence a planner understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The rule or term.
    pub rule: Rule,
    /// Its level (the rule's).
    pub level: Level,
    /// Hard: the count (usually 1); medium/soft: the weighted cost.
    pub cost: i64,
    /// Meetings involved.
    pub meetings: Vec<MeetingId>,
    /// Rooms involved.
    pub rooms: Vec<RoomId>,
    /// Staff involved.
    pub staff: Vec<StaffId>,
    /// Tasks involved.
    pub tasks: Vec<TaskId>,
    /// The sentence.
    pub message: String,
}

/// The full evaluation of a plan: score, every term, every violation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The score.
    pub score: Score,
    /// Every hard rule's count and every medium/soft term's weighted cost (all rules present).
    pub terms: BTreeMap<Rule, i64>,
    /// Violations (hard) and cost items (medium/soft, only the non-zero ones).
    pub violations: Vec<Violation>,
    /// Structural problems of the plan; empty when well-formed.
    pub form_errors: Vec<FormError>,
}

impl Report {
    /// Well-formed (SPEC §3).
    pub fn well_formed(&self) -> bool {
        self.form_errors.is_empty()
    }

    /// Well-formed and `hard = 0`.
    pub fn valid(&self) -> bool {
        self.well_formed() && self.score.hard == 0
    }

    /// The score as a plan carries it.
    pub fn plan_score(&self) -> PlanScore {
        PlanScore {
            hard: self.score.hard,
            medium: self.score.medium,
            soft: self.score.soft,
            terms: self
                .terms
                .iter()
                .map(|(k, v)| (k.name().to_string(), *v))
                .collect(),
        }
    }
}

impl Violation {
    /// A violation or cost item without subjects; add them with the `with_*` setters.
    pub fn new(rule: Rule, cost: i64, message: String) -> Self {
        Self {
            rule,
            level: rule.level(),
            cost,
            meetings: Vec::new(),
            rooms: Vec::new(),
            staff: Vec::new(),
            tasks: Vec::new(),
            message,
        }
    }

    /// Sets the meetings involved.
    pub fn with_meetings(mut self, meetings: impl IntoIterator<Item = MeetingId>) -> Self {
        self.meetings = meetings.into_iter().collect();
        self
    }

    /// Sets the rooms involved.
    pub fn with_rooms(mut self, rooms: impl IntoIterator<Item = RoomId>) -> Self {
        self.rooms = rooms.into_iter().collect();
        self
    }

    /// Sets the staff involved.
    pub fn with_staff(mut self, staff: impl IntoIterator<Item = StaffId>) -> Self {
        self.staff = staff.into_iter().collect();
        self
    }

    /// Sets the tasks involved.
    pub fn with_tasks(mut self, tasks: impl IntoIterator<Item = TaskId>) -> Self {
        self.tasks = tasks.into_iter().collect();
        self
    }
}

impl Report {
    /// The value of one rule or term (hard count or weighted cost).
    pub fn term(&self, rule: Rule) -> i64 {
        self.terms.get(&rule).copied().unwrap_or(0)
    }

    /// The violations of one rule or the cost items of one term.
    pub fn violations_of(&self, rule: Rule) -> impl Iterator<Item = &Violation> + '_ {
        self.violations.iter().filter(move |v| v.rule == rule)
    }
}
