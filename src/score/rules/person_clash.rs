//! `person_clash` (hard): two meetings sharing a person do not overlap in `[start, end)`, and on
//! the same calendar day in different buildings leave at least the travel time between them (no
//! path: they clash). One violation per pair of meetings, however many people they share.

use crate::model::Rule;
use std::collections::BTreeMap;

use crate::model::MeetingId;

use super::sweep::{Clash, Engagement, clashes};
use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::PersonClash;

/// Counts clashing meeting pairs.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let mut by_person: Vec<Vec<Engagement<MeetingId>>> = vec![Vec::new(); p.people.len()];
    for (m, pl) in cx.placed() {
        let e = Engagement {
            iv: p.meeting_interval(m, pl.start),
            building: p.room(pl.room).building,
            key: m,
        };
        for person in &p.meeting(m).people {
            if let Some(list) = by_person.get_mut(person.index()) {
                list.push(e);
            }
        }
    }
    // The pair's clash does not depend on the person, so the first one found stands for all.
    let mut pairs: BTreeMap<(MeetingId, MeetingId), (Clash, Vec<usize>)> = BTreeMap::new();
    for (pi, list) in by_person.iter_mut().enumerate() {
        list.sort_by_key(|e| (e.iv.start, e.iv.end, e.key.index()));
        clashes(p, list, |a, b, why| {
            let key = if a <= b { (a, b) } else { (b, a) };
            pairs.entry(key).or_insert_with(|| (why, Vec::new())).1.push(pi);
        });
    }
    for ((a, b), (why, people)) in pairs {
        let names: Vec<&str> = people
            .iter()
            .filter_map(|&i| p.people.get(i))
            .map(|x| x.id.as_str())
            .collect();
        let who = names.join(", ");
        let msg = match why {
            Clash::Overlap(shared) => {
                format!(
                    "{who} must attend {} and {}, which overlap {}",
                    cx.m(a),
                    cx.m(b),
                    cx.iv(shared)
                )
            }
            Clash::Travel { gap, need } => travel_sentence(cx, &who, a, b, gap, need),
        };
        acc.hard(RULE, msg).meetings([a, b]);
    }
}

/// "li must go from M-1 in A to M-2 in B on 2026-03-02: 5 minutes, travel takes 10".
fn travel_sentence(
    cx: &Ctx<'_>,
    who: &str,
    a: MeetingId,
    b: MeetingId,
    gap: i32,
    need: Option<i32>,
) -> String {
    let (Some(pa), Some(pb)) = (cx.place[a.index()], cx.place[b.index()]) else {
        return format!("{who} cannot get from {} to {}", cx.m(a), cx.m(b));
    };
    let (ba, bb) = (cx.p.room(pa.room).building, cx.p.room(pb.room).building);
    // Name them in time order.
    let (first, fb, second, sb) = if pa.start <= pb.start {
        (a, ba, b, bb)
    } else {
        (b, bb, a, ba)
    };
    let day = cx.day(crate::model::time::day_of(pa.start));
    match need {
        Some(n) => format!(
            "{who} has {gap} minutes on {day} to get from {} in {} to {} in {}, but travel takes {n}",
            cx.m(first),
            cx.b(fb),
            cx.m(second),
            cx.b(sb)
        ),
        None => format!(
            "{who} cannot get from {} in {} to {} in {} on {day}: no path between the buildings",
            cx.m(first),
            cx.b(fb),
            cx.m(second),
            cx.b(sb)
        ),
    }
}
