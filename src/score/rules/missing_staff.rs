//! `missing_staff` (medium): `weights[Rule::MissingStaff]` per person a task of a placed meeting still
//! needs: `max(0, need − distinct people listed)`. Unqualified people count as listed; they are
//! a `staff_fit` violation instead.

use crate::model::Rule;

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::MissingStaff;

/// Charges every unfilled place on a task.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights[Rule::MissingStaff];
    for (m, _) in cx.placed() {
        for &t in &p.meeting(m).tasks {
            let need = i64::from(p.task(t).need);
            let have = cx.held[t.index()].len() as i64;
            let short = (need - have).max(0);
            if short > 0 {
                acc.cost(
                    RULE,
                    short * w,
                    format!(
                        "{} needs {need} {} and has {have}",
                        cx.t(t),
                        if need == 1 { "person" } else { "people" }
                    ),
                )
                .meetings([m])
                .tasks([t]);
            }
        }
    }
}
