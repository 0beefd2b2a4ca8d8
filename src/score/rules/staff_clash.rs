//! `staff_clash` (hard): two tasks of one person do not overlap, and on the same calendar day in
//! different buildings leave at least the travel time between them (no path: they clash). One
//! violation per (person, pair of tasks).

use crate::model::Rule;
use crate::model::TaskId;

use super::sweep::{Clash, Engagement, clashes};
use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::StaffClash;

/// A task with its position in the person's duties.
type Key = (TaskId, usize);

/// Counts clashing task pairs per person.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for s in p.staff_ids() {
        let duties = &cx.duties[s.index()];
        if duties.len() < 2 {
            continue;
        }
        // Duties are sorted by (start, end, task id), as the sweep needs.
        let items: Vec<Engagement<Key>> = duties
            .iter()
            .enumerate()
            .map(|(i, d)| Engagement {
                iv: d.iv,
                building: d.building,
                key: (d.task, i),
            })
            .collect();
        let mut found: Vec<(Key, Key, Clash)> = Vec::new();
        clashes(p, &items, |a, b, why| found.push((a, b, why)));
        for ((a, ai), (b, bi), why) in found {
            let (Some(da), Some(db)) = (duties.get(ai), duties.get(bi)) else {
                continue;
            };
            let msg = match why {
                Clash::Overlap(shared) => format!(
                    "{} holds {} and {}, which overlap {}",
                    cx.s(s),
                    cx.t(a),
                    cx.t(b),
                    cx.iv(shared)
                ),
                Clash::Travel { gap, need: Some(n) } => format!(
                    "{} has {gap} minutes on {} to get from {} in {} to {} in {}, but travel takes {n}",
                    cx.s(s),
                    cx.day(da.iv.day()),
                    cx.t(a),
                    cx.b(da.building),
                    cx.t(b),
                    cx.b(db.building)
                ),
                Clash::Travel { need: None, .. } => format!(
                    "{} cannot get from {} in {} to {} in {} on {}: no path between the buildings",
                    cx.s(s),
                    cx.t(a),
                    cx.b(da.building),
                    cx.t(b),
                    cx.b(db.building),
                    cx.day(da.iv.day())
                ),
            };
            let ms = [p.task(a).meeting, p.task(b).meeting];
            acc.hard(RULE, msg).meetings(ms).staff([s]).tasks([a, b]);
        }
    }
}
