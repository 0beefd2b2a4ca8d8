//! `unassigned` (medium): `weights[Rule::Unassigned] × priority` per unassigned meeting.

use crate::model::Rule;

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::Unassigned;

/// Charges every meeting that is not placed.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights[Rule::Unassigned];
    for m in p.meeting_ids() {
        if cx.place[m.index()].is_some() {
            continue;
        }
        let prio = p.meeting(m).priority;
        acc.cost(
            RULE,
            w * prio,
            format!("{} (priority {prio}) is unassigned", cx.m(m)),
        )
        .meetings([m]);
    }
}
