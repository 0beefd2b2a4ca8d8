//! Resolving a SPEC plan (string ids) into an [`Assignment`], collecting every structural
//! problem (SPEC §3) with its path in the plan.

use super::{Assignment, Placement, Plan, Reason};
use crate::model::time::parse_datetime;
use crate::model::{MeetingId, Problem};

/// A problem with the structure of a plan (SPEC §3): it is then not well-formed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// JSON path in the plan, e.g. `$.tasks[3].id`.
    pub path: String,
    /// The sentence.
    pub message: String,
}

/// Where a meeting was first listed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Listed {
    Nowhere,
    /// In `meetings[i]` (placed when its room and start resolved).
    Assigned(usize),
    /// In `unassigned[i]`.
    Unassigned(usize),
}

/// Resolves a plan: the dense assignment of everything that resolved, and the form errors.
///
/// The first listing of a meeting wins; a later one (in either list) is an error and is
/// ignored. A meeting listed in `meetings` whose room or start does not resolve stays
/// unassigned in the assignment. Unknown staff are left off their task.
pub fn resolve(problem: &Problem, plan: &Plan) -> (Assignment, Vec<FormError>) {
    let mut a = Assignment::empty(problem);
    let mut errors = Vec::new();
    let mut err = |path: String, message: String| errors.push(FormError { path, message });
    let mut listed = vec![Listed::Nowhere; problem.meetings.len()];

    let mut lookup = |id: &str, path: &str, here: Listed, err: &mut dyn FnMut(String, String)| {
        let Some(m) = problem.meeting_id(id) else {
            err(format!("{path}.id"), format!("the problem has no meeting {id:?}"));
            return None;
        };
        match listed[m.index()] {
            Listed::Nowhere => {
                listed[m.index()] = here;
                Some(m)
            }
            Listed::Assigned(i) => {
                err(
                    format!("{path}.id"),
                    format!("{id} is already listed at $.meetings[{i}]"),
                );
                None
            }
            Listed::Unassigned(i) => {
                err(
                    format!("{path}.id"),
                    format!("{id} is already listed at $.unassigned[{i}]"),
                );
                None
            }
        }
    };

    for (i, pm) in plan.meetings.iter().enumerate() {
        let path = format!("$.meetings[{i}]");
        let Some(m) = lookup(&pm.id, &path, Listed::Assigned(i), &mut err) else {
            continue;
        };
        let room = problem.room_id(&pm.room);
        if room.is_none() {
            err(
                format!("{path}.room"),
                format!(
                    "{} is in {:?}, which is not a room of the problem",
                    pm.id, pm.room
                ),
            );
        }
        let start = parse_datetime(&pm.start).and_then(|dt| problem.calendar.minutes(dt));
        if start.is_none() {
            err(
                format!("{path}.start"),
                format!(
                    "{} starts at {:?}, which is not a time YYYY-MM-DDTHH:MM",
                    pm.id, pm.start
                ),
            );
        }
        if let (Some(room), Some(start)) = (room, start) {
            a.placements[m.index()] = Some(Placement { room, start });
        }
    }
    for (i, um) in plan.unassigned.iter().enumerate() {
        let path = format!("$.unassigned[{i}]");
        if let Some(m) = lookup(&um.id, &path, Listed::Unassigned(i), &mut err) {
            a.reasons[m.index()] = (!um.reason.is_empty()).then(|| Reason::Given(um.reason.clone()));
        }
    }
    for m in problem.meeting_ids() {
        if listed[m.index()] == Listed::Nowhere {
            err(
                "$".to_string(),
                format!("{} is in neither meetings nor unassigned", problem.meeting(m).id),
            );
        }
    }

    let mut task_seen: Vec<Option<usize>> = vec![None; problem.tasks.len()];
    for (i, ts) in plan.tasks.iter().enumerate() {
        let path = format!("$.tasks[{i}]");
        let Some(t) = problem.task_id(&ts.id) else {
            err(
                format!("{path}.id"),
                format!("the problem has no task {:?}", ts.id),
            );
            continue;
        };
        let meeting: MeetingId = problem.task(t).meeting;
        if !matches!(listed[meeting.index()], Listed::Assigned(_)) {
            err(
                format!("{path}.id"),
                format!(
                    "{} belongs to {}, which is not assigned",
                    ts.id,
                    problem.meeting(meeting).id
                ),
            );
            continue;
        }
        if let Some(first) = task_seen[t.index()] {
            err(
                format!("{path}.id"),
                format!("{} is already listed at $.tasks[{first}]", ts.id),
            );
            continue;
        }
        task_seen[t.index()] = Some(i);
        let mut staff = Vec::with_capacity(ts.staff.len());
        for (j, sid) in ts.staff.iter().enumerate() {
            match problem.staff_id(sid) {
                Some(s) => staff.push(s),
                None => err(
                    format!("{path}.staff[{j}]"),
                    format!("the problem has no staff member {sid:?}"),
                ),
            }
        }
        a.staffing[t.index()] = staff;
    }
    for m in problem.meeting_ids() {
        if !matches!(listed[m.index()], Listed::Assigned(_)) {
            continue;
        }
        for &t in &problem.meeting(m).tasks {
            if task_seen[t.index()].is_none() {
                err(
                    "$.tasks".to_string(),
                    format!(
                        "{} of the assigned meeting {} is missing",
                        problem.task(t).id,
                        problem.meeting(m).id
                    ),
                );
            }
        }
    }
    (a, errors)
}
