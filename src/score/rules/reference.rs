//! Re-planning against `reference_plan` (soft): `moved_room` and `moved_time` — `w` per meeting
//! placed in both plans with another room (compared by string id, the reference's room may no
//! longer exist) or another start — and `staff_changed` — `w` per (reference task, person) pair
//! the plan no longer has, tasks of meetings now unassigned included.

use crate::model::Rule;
use std::collections::BTreeSet;

use super::{Acc, Ctx};

/// The room term.
pub(crate) const ROOM: Rule = Rule::MovedRoom;
/// The start term.
pub(crate) const TIME: Rule = Rule::MovedTime;
/// The staffing term.
pub(crate) const STAFF: Rule = Rule::StaffChanged;

/// Charges the differences from the reference plan.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let Some(reference) = &p.reference else { return };
    for (m, pl) in cx.placed() {
        let Some(Some((room, start))) = reference.placements.get(m.index()) else {
            continue;
        };
        if room != cx.r(pl.room) {
            acc.cost(
                ROOM,
                p.weights[Rule::MovedRoom],
                format!("{} moved from {room} to {}", cx.m(m), cx.r(pl.room)),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
        if *start != pl.start {
            acc.cost(
                TIME,
                p.weights[Rule::MovedTime],
                format!("{} moved from {} to {}", cx.m(m), cx.at(*start), cx.at(pl.start)),
            )
            .meetings([m]);
        }
    }
    let w = p.weights[Rule::StaffChanged];
    // A pair listed twice in the reference is one pair; a pair naming a task or person the
    // problem no longer knows is always gone.
    let mut seen = BTreeSet::new();
    for &(task, person) in &reference.staffing {
        match (task, person) {
            (Some(t), Some(s)) => {
                if !seen.insert((t, s)) {
                    continue;
                }
                let held = cx.held.get(t.index()).is_some_and(|h| h.contains(&s));
                if !held {
                    acc.cost(STAFF, w, format!("{} no longer holds {}", cx.s(s), cx.t(t)))
                        .meetings([p.task(t).meeting])
                        .staff([s])
                        .tasks([t]);
                }
            }
            (Some(t), None) => {
                acc.cost(
                    STAFF,
                    w,
                    format!(
                        "a person of the reference plan who is no longer on the staff held {}",
                        cx.t(t)
                    ),
                )
                .tasks([t]);
            }
            (None, Some(s)) => {
                acc.cost(
                    STAFF,
                    w,
                    format!(
                        "{} held a task of the reference plan that no longer exists",
                        cx.s(s)
                    ),
                )
                .staff([s]);
            }
            (None, None) => {
                acc.cost(
                    STAFF,
                    w,
                    "a reference task and person no longer exist".to_string(),
                );
            }
        }
    }
}
