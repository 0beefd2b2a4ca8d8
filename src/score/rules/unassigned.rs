//! `unassigned` (medium): `weights.unassigned × priority` per unassigned meeting.

use crate::score::Level;

use super::{Acc, Ctx};

/// SPEC name.
pub(crate) const NAME: &str = "unassigned";

/// Charges every meeting that is not placed.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights.unassigned;
    for m in p.meeting_ids() {
        if cx.place[m.index()].is_some() {
            continue;
        }
        let prio = p.meeting(m).priority;
        acc.cost(
            NAME,
            Level::Medium,
            w * prio,
            format!("{} (priority {prio}) is unassigned", cx.m(m)),
        )
        .meetings([m]);
    }
}
