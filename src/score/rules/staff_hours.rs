//! `staff_hours` (hard): task minutes per calendar day (tasks starting that day) ≤
//! `max_minutes_per_day`, one per (person, day) over; all task minutes ≤ `max_minutes_total`,
//! one per person over.

use crate::model::Rule;
use crate::model::StaffId;

use super::{Acc, Ctx, Duty};

/// The rule.
pub(crate) const RULE: Rule = Rule::StaffHours;

/// `(day, task minutes)` of a person's duties, by day (duties are sorted by start).
pub(crate) fn minutes_by_day(duties: &[Duty]) -> Vec<(i32, i64)> {
    let mut out: Vec<(i32, i64)> = Vec::new();
    for d in duties {
        let day = d.iv.day();
        let len = i64::from(d.iv.len());
        match out.last_mut() {
            Some((last, sum)) if *last == day => *sum += len,
            _ => out.push((day, len)),
        }
    }
    out
}

/// Counts days and people over their caps.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for s in p.staff_ids() {
        let duties = &cx.duties[s.index()];
        if duties.is_empty() {
            continue;
        }
        let st = &p.staff[s.index()];
        let days = minutes_by_day(duties);
        for &(day, minutes) in &days {
            if minutes > st.max_minutes_per_day {
                let tasks = duties.iter().filter(|d| d.iv.day() == day).map(|d| d.task);
                over(
                    cx,
                    acc,
                    s,
                    tasks.collect(),
                    format!(
                        "{} has {minutes} task minutes on {}, over the daily cap of {}",
                        cx.s(s),
                        cx.day(day),
                        st.max_minutes_per_day
                    ),
                );
            }
        }
        let total: i64 = days.iter().map(|&(_, m)| m).sum();
        if let Some(cap) = st.max_minutes_total.filter(|&cap| total > cap) {
            over(
                cx,
                acc,
                s,
                duties.iter().map(|d| d.task).collect(),
                format!(
                    "{} has {total} task minutes in all, over the cap of {cap}",
                    cx.s(s)
                ),
            );
        }
    }
}

fn over(cx: &Ctx<'_>, acc: &mut Acc, s: StaffId, tasks: Vec<crate::model::TaskId>, msg: String) {
    let mut ms: Vec<_> = tasks.iter().map(|&t| cx.p.task(t).meeting).collect();
    ms.sort();
    ms.dedup();
    acc.hard(RULE, msg).meetings(ms).staff([s]).tasks(tasks);
}
