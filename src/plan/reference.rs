//! A plan as the reference of a re-planning problem (SPEC §2 `reference_plan`): resolved once,
//! by the loader for a `reference_plan` in the problem JSON and by [`Problem::with_reference`]
//! for a plan in hand, with no JSON in between.

use std::collections::HashSet;

use crate::error::{ErrorCode, InputError, InputErrors};
use crate::model::time::parse_datetime;
use crate::model::{Minute, Problem, Reference, StaffId, TaskId};

use super::Plan;

impl Problem {
    /// This problem with `plan` as its reference plan: `moved_room`, `moved_time` and
    /// `staff_changed` then count how far a plan strays from it. The reference's ids may name
    /// meetings, rooms and staff the problem no longer has (they cost nothing in `moved_*`);
    /// the only error is a start too far from the planning days to be a time of this week.
    pub fn with_reference(&self, plan: &Plan) -> Result<Problem, InputErrors> {
        let (reference, errors) = resolve_reference(self, plan);
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        let mut p = self.clone();
        p.reference = Some(reference);
        Ok(p)
    }
}

/// Resolves a reference plan against the problem; errors carry their path inside the plan.
pub(crate) fn resolve_reference(p: &Problem, plan: &Plan) -> (Reference, Vec<InputError>) {
    let mut errors = Vec::new();
    let mut placements: Vec<Option<(String, Minute)>> = vec![None; p.meetings.len()];
    for (i, pm) in plan.meetings.iter().enumerate() {
        let Some(m) = p.meeting_id(&pm.id) else {
            continue;
        };
        let Some(start) = parse_datetime(&pm.start).and_then(|dt| p.calendar.minutes(dt)) else {
            errors.push(InputError {
                path: format!("$.meetings[{i}].start"),
                code: ErrorCode::OutOfRange,
                message: format!("\"{}\" lies too far from the planning days", pm.start),
            });
            continue;
        };
        // The first listing of a meeting counts.
        let slot = &mut placements[m.index()];
        if slot.is_none() {
            *slot = Some((pm.room.clone(), start));
        }
    }
    let mut staffing: Vec<(Option<TaskId>, Option<StaffId>)> = Vec::new();
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for t in &plan.tasks {
        // A task of a meeting that no longer exists is dropped: cancelling a meeting is not a
        // re-planning decision.
        let meeting = t.id.split_once('/').map_or(t.id.as_str(), |(m, _)| m);
        if p.meeting_id(meeting).is_none() {
            continue;
        }
        for s in &t.staff {
            // A person listed twice on a task holds it once.
            if seen.insert((t.id.as_str(), s.as_str())) {
                staffing.push((p.task_id(&t.id), p.staff_id(s)));
            }
        }
    }
    (Reference { placements, staffing }, errors)
}
