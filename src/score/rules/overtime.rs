//! `overtime` (soft): per person and calendar day, `max(0, task minutes −
//! preferred_minutes_per_day) × w` (task minutes of a day = tasks starting that day).

use crate::model::Rule;

use super::staff_hours::minutes_by_day;
use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::Overtime;

/// Charges minutes over each person's preferred day.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights[Rule::Overtime];
    for s in p.staff_ids() {
        let st = &p.staff[s.index()];
        for (day, minutes) in minutes_by_day(&cx.duties[s.index()]) {
            let extra = (minutes - st.preferred_minutes_per_day).max(0);
            acc.cost(
                RULE,
                extra * w,
                format!(
                    "{} has {minutes} task minutes on {}, {extra} over the preferred {}",
                    cx.s(s),
                    cx.day(day),
                    st.preferred_minutes_per_day
                ),
            )
            .staff([s]);
        }
    }
}
