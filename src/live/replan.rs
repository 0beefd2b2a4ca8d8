//! The re-plan (SPEC §7.2): a change set applied to a problem P and its current plan C gives
//! P′ and a plan C′ of P′ scored with C as its reference, and the diff from C to C′.
//!
//! Mode `minimal` (the default): C is kept wherever P′ allows it and changes only where that
//! lowers `medium` (`solver::minimal_repair`). Mode `balanced`: the solver's weighted
//! trade-off, disruption (`moved_room`, `moved_time`, `staff_changed` against C) against soft
//! cost, searched for the time limit from P′ with the past pinned; its plan is kept only when it
//! holds every guarantee of the minimal one (valid, `now` kept, `medium` no worse than the
//! trivial repair) and scores better, else the minimal re-plan is returned.

use std::time::Duration;

use serde_json::Value;

use crate::error::InputErrors;
use crate::model::time::parse_datetime;
use crate::model::{Interval, Minute, Pin, Problem, Rule};
use crate::plan::tables::distinct;
use crate::plan::{Assignment, Plan, Shortage, resolve};
use crate::score::{Report, Score, evaluate};
use crate::solver::{SolveOptions, Solver};

use super::changes::{Change, ChangeSet};
use super::diff::PlanDiff;

/// How much a re-plan may change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Untouched meetings and tasks change only where that lowers `medium`.
    #[default]
    Minimal,
    /// Disruption traded against soft cost by the weights of `moved_room`, `moved_time`,
    /// `staff_changed`.
    Balanced,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "minimal" => Ok(Mode::Minimal),
            "balanced" => Ok(Mode::Balanced),
            other => Err(format!("mode is minimal or balanced, not \"{other}\"")),
        }
    }
}

/// Re-plan options: one plain struct with documented defaults and chainable setters.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplanOptions {
    /// Default [`Mode::Minimal`].
    pub mode: Mode,
    /// Wall-clock limit. `minimal` stops earlier as soon as no step lowers `medium` (in
    /// milliseconds on a week); `balanced` searches for all of it. Default 2 s.
    pub time_limit: Duration,
    /// Seed of `balanced`'s search. Default 0.
    pub seed: u64,
    /// Worker threads of `balanced`'s search; 0 = all cores. Default 0.
    pub threads: usize,
}

impl Default for ReplanOptions {
    fn default() -> Self {
        Self {
            mode: Mode::Minimal,
            time_limit: Duration::from_secs(2),
            seed: 0,
            threads: 0,
        }
    }
}

impl ReplanOptions {
    /// Sets the mode.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }
    /// Sets the time limit in seconds (negative or NaN → 0).
    pub fn time_limit_secs(mut self, secs: f64) -> Self {
        self.time_limit = Duration::from_secs_f64(if secs.is_finite() && secs > 0.0 { secs } else { 0.0 });
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Sets the thread count.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }
}

/// A re-plan and what it is measured against.
#[derive(Clone, Debug)]
pub struct Replan {
    /// P′ as JSON (what to store as the new problem).
    pub problem_json: Value,
    /// P′ with the current plan C as its reference plan.
    pub problem: Problem,
    /// C′, with its score.
    pub plan: Plan,
    /// C′ in dense form.
    pub assignment: Assignment,
    /// The scorer's report on C′ (against P′ with reference C).
    pub report: Report,
    /// From C to C′.
    pub diff: PlanDiff,
    /// The score of the trivial repair (C less what the changes made impossible and less the
    /// meetings they name), which C′ never exceeds in `medium` when the changes pin nothing.
    pub trivial: Score,
    /// Tasks of C′ still short of people, and why.
    pub unstaffed: Vec<Shortage>,
    /// The meetings of P′ the changes touched: named by a change, or placed in C where P′ no
    /// longer allows them.
    pub touched: Vec<String>,
    /// Untouched meetings moved in `minimal` mode out of the way of a meeting that was out, or
    /// left out for it where no other place exists and it weighs more (each step lowered
    /// `medium`).
    pub eased: Vec<String>,
    /// The mode whose plan this is (`balanced` falls back to `minimal`'s plan when its own
    /// does not do better).
    pub mode: Mode,
}

impl ChangeSet {
    /// Re-plans `current` (a plan of `p`, loaded from `json`) for these changes in mode
    /// `minimal` with the default options. Errors: the change set's (at their paths in it), and
    /// a current plan whose start lies too far from the planning days.
    pub fn replan(&self, json: &Value, p: &Problem, current: &Plan) -> Result<Replan, InputErrors> {
        self.replan_with(json, p, current, &ReplanOptions::default())
    }

    /// [`ChangeSet::replan`] with options (mode, time limit, seed, threads).
    pub fn replan_with(
        &self,
        json: &Value,
        p: &Problem,
        current: &Plan,
        options: &ReplanOptions,
    ) -> Result<Replan, InputErrors> {
        Ok(self.replan_keeping(json, p, current, options)?.0)
    }

    /// [`ChangeSet::replan`], and P′ without the reference (what a planner moves on to).
    pub(crate) fn replan_keeping(
        &self,
        json: &Value,
        p: &Problem,
        current: &Plan,
        options: &ReplanOptions,
    ) -> Result<(Replan, Problem), InputErrors> {
        let (problem_json, changed) = self.apply(json, p)?;
        let problem = changed.with_reference(current)?;
        let (c, _) = resolve(&problem, current);
        let mut touched = vec![false; problem.meetings.len()];
        for change in &self.changes {
            let id = match change {
                Change::Add { meeting } => meeting.get("id").and_then(Value::as_str).unwrap_or_default(),
                Change::Update { meeting, .. } | Change::Pin { meeting, .. } | Change::Unpin { meeting } => {
                    meeting
                }
                Change::Cancel { .. } | Change::RoomOut { .. } | Change::StaffOut { .. } => continue,
            };
            if let Some(m) = problem.meeting_id(id) {
                touched[m.index()] = true;
            }
        }
        let now = self
            .now
            .as_deref()
            .and_then(parse_datetime)
            .and_then(|t| problem.calendar.minutes(t));
        let repaired = crate::solver::minimal_repair(&problem, &c, &touched, now, options.time_limit);
        let mut report = evaluate(&problem, &repaired.assignment);
        debug_assert!(
            report.score.hard == report.term(Rule::Pinned),
            "a re-plan broke a hard rule: {:?}",
            report.violations.first()
        );
        let mut assignment = repaired.assignment;
        let mut mode = Mode::Minimal;
        if options.mode == Mode::Balanced
            && let Some((a, r)) = balanced(&problem, &c, now, &report, repaired.trivial, options)
        {
            (assignment, report, mode) = (a, r, Mode::Balanced);
        }
        let mut plan = assignment.to_plan(&problem);
        plan.score = Some(report.plan_score());
        for &m in &repaired.displaced {
            touched[m.index()] = true;
        }
        let touched_ids = problem
            .meeting_ids()
            .filter(|m| touched[m.index()])
            .map(|m| problem.meeting(m).id.clone())
            .collect();
        let (before, _) = resolve(p, current);
        let diff = PlanDiff::between(p, &before, &problem, &assignment);
        let eased = if mode == Mode::Minimal {
            problem
                .meeting_ids()
                .filter(|m| repaired.eased.contains(m))
                .map(|m| problem.meeting(m).id.clone())
                .collect()
        } else {
            Vec::new()
        };
        let unstaffed = if mode == Mode::Minimal {
            repaired.unstaffed
        } else {
            crate::solver::shortages_of(&problem, &assignment)
        };
        let replan = Replan {
            problem_json,
            problem,
            plan,
            unstaffed,
            assignment,
            report,
            diff,
            trivial: repaired.trivial,
            touched: touched_ids,
            eased,
            mode,
        };
        Ok((replan, changed))
    }
}

/// Mode `balanced`: the solver on P′ (reference C) with every meeting that starts before `now`
/// pinned where C has it and every other meeting's windows cut to start at `now`; the people C
/// had on tasks that start before `now` put back. `None` unless the result is valid for P′,
/// keeps `now`, is no worse than the trivial repair in `medium`, and scores better than the
/// minimal re-plan's `minimal`.
fn balanced(
    problem: &Problem,
    c: &Assignment,
    now: Option<Minute>,
    minimal: &Report,
    trivial: Score,
    options: &ReplanOptions,
) -> Option<(Assignment, Report)> {
    let mut bound = problem.clone();
    if let Some(now) = now {
        for (i, m) in bound.meetings.iter_mut().enumerate() {
            match c.placements.get(i).copied().flatten() {
                Some(pl) if pl.start < now => {
                    m.pinned = Some(Pin {
                        room: pl.room,
                        start: pl.start,
                    });
                }
                _ => {
                    let open = Interval::new(now, Minute::MAX / 4);
                    let cut: Vec<Interval> = match &m.windows {
                        Some(ws) => ws.iter().filter_map(|w| w.intersect(open)).collect(),
                        None => vec![open],
                    };
                    m.windows = Some(cut);
                }
            }
        }
    }
    let solver = Solver::new(
        SolveOptions::default()
            .time_limit_secs(options.time_limit.as_secs_f64())
            .seed(options.seed)
            .threads(options.threads),
    );
    let mut a = solver.solve(&bound).assignment;
    if let Some(now) = now {
        // The past keeps its people: those of C still allowed on each task started before now.
        for t in problem.task_ids() {
            let m = problem.task(t).meeting;
            let Some(pl) = a.placements[m.index()] else {
                continue;
            };
            if problem.task_interval(t, pl.start).start < now {
                a.staffing[t.index()] = distinct(c.staffing.get(t.index()).map_or(&[][..], Vec::as_slice))
                    .into_iter()
                    .filter(|s| problem.staff_qualifies(*s, t))
                    .collect();
            }
        }
        // Nothing the search placed starts before now unless C had it there.
        for m in problem.meeting_ids() {
            if let Some(pl) = a.placements[m.index()]
                && pl.start < now
                && c.placements.get(m.index()).copied().flatten() != Some(pl)
            {
                return None;
            }
        }
    }
    let report = evaluate(problem, &a);
    let valid = report.score.hard == report.term(Rule::Pinned) && report.score.hard <= minimal.score.hard;
    (valid && report.score.medium <= trivial.medium && report.score < minimal.score).then_some((a, report))
}
