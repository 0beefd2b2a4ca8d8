//! Decisions: the SPEC §3 plan (string ids, as exchanged) and its dense form, [`Assignment`];
//! resolving one into the other ([`resolve`]), a plan as a problem's reference
//! ([`Problem::with_reference`](crate::Problem::with_reference)), the tables a person reads
//! ([`tables`]) and why a meeting is out or a task short ([`reason`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod reason;
mod reference;
mod resolve;
pub mod tables;

pub use reason::{Obstacle, Reason, Rejection, Shortage};
pub(crate) use reference::resolve_reference;
pub use resolve::{FormError, resolve};
pub use tables::Tables;

use crate::model::{MeetingId, Minute, Problem, RoomId, StaffId};

/// A meeting placed in a room at a start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedMeeting {
    /// Meeting id.
    pub id: String,
    /// Room id.
    pub room: String,
    /// Start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
}

/// A meeting left out, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnassignedMeeting {
    /// Meeting id.
    pub id: String,
    /// A sentence naming what stood in the way (may be empty in a plan handed in).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// The staff on one task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskStaffing {
    /// Task id `"<meeting>/<task name>"`.
    pub id: String,
    /// Staff ids.
    pub staff: Vec<String>,
}

/// The score a plan carries (SPEC §3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanScore {
    /// Hard violations.
    pub hard: i64,
    /// Medium cost.
    pub medium: i64,
    /// Soft cost.
    pub soft: i64,
    /// Hard counts and weighted medium/soft costs by name.
    #[serde(default)]
    pub terms: BTreeMap<String, i64>,
}

/// A plan as in SPEC §3: what is exchanged with users, string ids and times.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Placed meetings.
    pub meetings: Vec<PlacedMeeting>,
    /// Meetings left out.
    pub unassigned: Vec<UnassignedMeeting>,
    /// Staff per task of every placed meeting.
    pub tasks: Vec<TaskStaffing>,
    /// Score, when computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<PlanScore>,
}

/// Where and when a meeting takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Placement {
    /// Room.
    pub room: RoomId,
    /// Start.
    pub start: Minute,
}

/// A plan in dense form, indexed by [`MeetingId`](crate::MeetingId) and [`TaskId`](crate::TaskId).
///
/// `staffing` keeps every listing as written (a repeated person stays repeated, so the
/// scorer can count it); tasks of unplaced meetings have empty staffing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Assignment {
    /// Per meeting: its placement, or `None` when unassigned.
    pub placements: Vec<Option<Placement>>,
    /// Per task: the staff on it.
    pub staffing: Vec<Vec<StaffId>>,
    /// Per meeting: why it is unassigned (`None` when assigned or unknown).
    pub reasons: Vec<Option<Reason>>,
}

impl Assignment {
    /// Everything unassigned, nobody on any task.
    pub fn empty(problem: &Problem) -> Self {
        Self {
            placements: vec![None; problem.meetings.len()],
            staffing: vec![Vec::new(); problem.tasks.len()],
            reasons: vec![None; problem.meetings.len()],
        }
    }

    /// The sentence of why `m` is unassigned; a generic one when no reason is known, so that a
    /// written plan always carries one.
    pub fn reason(&self, problem: &Problem, m: MeetingId) -> String {
        match self.reasons.get(m.index()).and_then(Option::as_ref) {
            Some(r) => r.sentence(problem, m),
            None => format!("{} was not placed", problem.meeting(m).id),
        }
    }

    /// Writes the SPEC plan (without score). Unassigned meetings without a reason get a
    /// generic one, so that a written plan always carries a sentence.
    pub fn to_plan(&self, problem: &Problem) -> Plan {
        let mut plan = Plan::default();
        for m in problem.meeting_ids() {
            let meeting = problem.meeting(m);
            match self.placements[m.index()] {
                Some(p) => {
                    plan.meetings.push(PlacedMeeting {
                        id: meeting.id.clone(),
                        room: problem.room(p.room).id.clone(),
                        start: problem.calendar.format(p.start),
                    });
                    for &t in &meeting.tasks {
                        plan.tasks.push(TaskStaffing {
                            id: problem.task(t).id.clone(),
                            staff: self.staffing[t.index()]
                                .iter()
                                .map(|s| problem.staff[s.index()].id.clone())
                                .collect(),
                        });
                    }
                }
                None => {
                    plan.unassigned.push(UnassignedMeeting {
                        id: meeting.id.clone(),
                        reason: self.reason(problem, m),
                    });
                }
            }
        }
        plan
    }
}
