//! `staff_travel` (soft): per person and calendar day with tasks, the travel minutes of the route
//! home → buildings of the day's tasks sorted by (start, end, task id) → home, `× w`. A leg with
//! no path adds 0: the person already breaks `staff_fit` (home cannot reach the task) or
//! `staff_clash` (two tasks of one day in unconnected buildings), and a cost cannot be infinite.

use crate::model::Rule;

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::StaffTravel;

/// Charges each person's daily route.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights[Rule::StaffTravel];
    if w == 0 {
        return;
    }
    for s in p.staff_ids() {
        let duties = &cx.duties[s.index()];
        let home = p.staff[s.index()].building;
        let mut i = 0;
        while let Some(first) = duties.get(i) {
            let day = first.iv.day();
            let mut at = home;
            let mut minutes = 0i64;
            let mut tasks = Vec::new();
            while let Some(d) = duties.get(i).filter(|d| d.iv.day() == day) {
                minutes += i64::from(p.travel(at, d.building).unwrap_or(0));
                at = d.building;
                tasks.push(d.task);
                i += 1;
            }
            minutes += i64::from(p.travel(at, home).unwrap_or(0));
            let mut ms: Vec<_> = tasks.iter().map(|&t| p.task(t).meeting).collect();
            ms.sort();
            ms.dedup();
            acc.cost(
                RULE,
                minutes * w,
                format!("{} travels {minutes} minutes on {}", cx.s(s), cx.day(day)),
            )
            .meetings(ms)
            .staff([s])
            .tasks(tasks);
        }
    }
}
