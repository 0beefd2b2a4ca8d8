//! `isolated` (soft): per `compact` person, `w` for each of their placed meetings with no other
//! of their placed meetings ending exactly at its start or starting exactly at its end.

use crate::model::Rule;
use crate::model::{Interval, MeetingId};

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::Isolated;

/// Charges meetings that stand alone in a compact person's day.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights[Rule::Isolated];
    if w == 0 {
        return;
    }
    let mut by_person: Vec<Vec<(Interval, MeetingId)>> = vec![Vec::new(); p.people.len()];
    for (m, pl) in cx.placed() {
        for person in &p.meeting(m).people {
            let compact = p.people.get(person.index()).is_some_and(|x| x.compact);
            if let Some(list) = by_person.get_mut(person.index()).filter(|_| compact) {
                list.push((p.meeting_interval(m, pl.start), m));
            }
        }
    }
    for (person, list) in p.people.iter().zip(by_person) {
        // Sorted ends and starts: each meeting looks its neighbours up by binary search.
        let mut ends: Vec<(i32, MeetingId)> = list.iter().map(|&(iv, m)| (iv.end, m)).collect();
        let mut starts: Vec<(i32, MeetingId)> = list.iter().map(|&(iv, m)| (iv.start, m)).collect();
        ends.sort();
        starts.sort();
        let other_at = |v: &[(i32, MeetingId)], t: i32, me: MeetingId| {
            let from = v.partition_point(|&(x, _)| x < t);
            v.iter()
                .skip(from)
                .take_while(|&&(x, _)| x == t)
                .any(|&(_, m)| m != me)
        };
        for &(iv, m) in &list {
            if !other_at(&ends, iv.start, m) && !other_at(&starts, iv.end, m) {
                acc.cost(
                    RULE,
                    w,
                    format!(
                        "{} has no meeting right before or after {} ({})",
                        person.id,
                        cx.m(m),
                        cx.iv(iv)
                    ),
                )
                .meetings([m]);
            }
        }
    }
}
