//! The answer to a request (SPEC §8), as exchanged: options ranked by their exact score change,
//! each with its room, start, the staff of every task it changes and the meetings it moves;
//! and every room that cannot take the request, with why.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{MeetingId, Problem, StaffId};
use crate::plan::{Placement, Rejection};
use crate::score::Report;
use crate::solver::Found;

use super::diff::Where;

/// A task's full staff in an option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OptionTask {
    /// Task id.
    pub id: String,
    /// Staff ids.
    pub staff: Vec<String>,
}

/// Another meeting an option moves, and where to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OptionMove {
    /// Meeting id.
    pub meeting: String,
    /// Its new room.
    pub room: String,
    /// Its new start.
    pub start: String,
}

/// An option's score change: the plan with the option applied, scored on the problem with the
/// request and the current plan as its reference, minus the current plan's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreDelta {
    /// Change of hard violations (0: options are valid).
    pub hard: i64,
    /// Change of medium cost.
    pub medium: i64,
    /// Change of soft cost.
    pub soft: i64,
    /// Change of each term by name; zero changes left out.
    pub terms: BTreeMap<String, i64>,
}

/// One place the request can go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestOption {
    /// Room id.
    pub room: String,
    /// Start `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// The full staff of every task whose people the option changes: the request's, the moved
    /// meeting's, and any other's.
    pub tasks: Vec<OptionTask>,
    /// Meetings moved first (at most one).
    pub moves: Vec<OptionMove>,
    /// Exact score change.
    pub score_delta: ScoreDelta,
}

/// A room that cannot take the request without moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedRoom {
    /// Room id.
    pub room: String,
    /// Why, in one sentence.
    pub reason: String,
    /// Why, as data.
    #[serde(skip)]
    pub why: Rejection,
}

/// The answer to a request (SPEC §8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// Format version, 1.
    pub version: u32,
    /// The request's meeting id.
    pub meeting: String,
    /// Best first: by hard, medium (without moves first), soft change; one per (room, day).
    pub options: Vec<RequestOption>,
    /// Every room that cannot take it without moves, in the problem's room order.
    pub rejected: Vec<RejectedRoom>,
}

/// A dense option: what to apply to the current plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenseOption {
    /// The request's place.
    pub placement: Placement,
    /// Moved meetings (by id) and their new places.
    pub moves: Vec<(String, Placement)>,
    /// Full staff of every changed task (by task id).
    pub tasks: Vec<(String, Vec<StaffId>)>,
}

impl Recommendation {
    /// Writes the solver's answer for meeting `r` of `p` (the problem with the request),
    /// against `before` (the current plan's report on the problem without it).
    pub(crate) fn from_found(
        p: &Problem,
        r: MeetingId,
        found: &Found,
        before: &Report,
    ) -> (Self, Vec<DenseOption>) {
        let at = |pl: Placement| Where {
            room: p.room(pl.room).id.clone(),
            start: p.calendar.format(pl.start),
        };
        let staff_ids = |v: &[StaffId]| v.iter().map(|s| p.staff[s.index()].id.clone()).collect();
        let mut options = Vec::new();
        let mut dense = Vec::new();
        for o in &found.options {
            let mut terms = BTreeMap::new();
            for (rule, value) in o.terms.iter() {
                let d = value - before.term(rule);
                if d != 0 {
                    terms.insert(rule.name().to_string(), d);
                }
            }
            let w = at(o.pl);
            options.push(RequestOption {
                room: w.room,
                start: w.start,
                tasks: o
                    .tasks
                    .iter()
                    .map(|(t, s)| OptionTask {
                        id: p.task(*t).id.clone(),
                        staff: staff_ids(s),
                    })
                    .collect(),
                moves: o
                    .moves
                    .iter()
                    .map(|&(x, pl)| {
                        let w = at(pl);
                        OptionMove {
                            meeting: p.meeting(x).id.clone(),
                            room: w.room,
                            start: w.start,
                        }
                    })
                    .collect(),
                score_delta: ScoreDelta {
                    hard: 0,
                    medium: o.score.medium - before.score.medium,
                    soft: o.score.soft - before.score.soft,
                    terms,
                },
            });
            dense.push(DenseOption {
                placement: o.pl,
                moves: o
                    .moves
                    .iter()
                    .map(|&(x, pl)| (p.meeting(x).id.clone(), pl))
                    .collect(),
                tasks: o
                    .tasks
                    .iter()
                    .map(|(t, s)| (p.task(*t).id.clone(), s.clone()))
                    .collect(),
            });
        }
        let rejected = found
            .rejected
            .iter()
            .map(|(room, why)| RejectedRoom {
                room: p.room(*room).id.clone(),
                reason: why.sentence(p, r, *room),
                why: why.clone(),
            })
            .collect();
        (
            Recommendation {
                version: 1,
                meeting: p.meeting(r).id.clone(),
                options,
                rejected,
            },
            dense,
        )
    }

    /// The options as a human-readable table (the CLI's default output).
    pub fn to_table(&self) -> String {
        let mut out = format!("{}: {} option(s)\n", self.meeting, self.options.len());
        if !self.options.is_empty() {
            out.push_str(&format!(
                "{:>3}  {:<10} {:<16} {:>7} {:>7}  {}\n",
                "#", "room", "start", "medium", "soft", "staff / moves"
            ));
        }
        for (i, o) in self.options.iter().enumerate() {
            let staff: Vec<String> = o
                .tasks
                .iter()
                .map(|t| {
                    let people = if t.staff.is_empty() {
                        "—".to_string()
                    } else {
                        t.staff.join(",")
                    };
                    format!("{} {people}", t.id.rsplit('/').next().unwrap_or(&t.id))
                })
                .collect();
            let moves: Vec<String> = o
                .moves
                .iter()
                .map(|m| format!("moves {} to {} {}", m.meeting, m.room, m.start))
                .collect();
            out.push_str(&format!(
                "{:>3}  {:<10} {:<16} {:>+7} {:>+7}  {}\n",
                i + 1,
                o.room,
                o.start,
                o.score_delta.medium,
                o.score_delta.soft,
                staff.into_iter().chain(moves).collect::<Vec<_>>().join("; ")
            ));
        }
        if !self.rejected.is_empty() {
            out.push_str(&format!("rooms that cannot take it ({}):\n", self.rejected.len()));
            for r in &self.rejected {
                out.push_str(&format!("  {:<10} {}\n", r.room, r.reason));
            }
        }
        out
    }
}
