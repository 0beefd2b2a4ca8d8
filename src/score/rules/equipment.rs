//! `equipment` (hard): at every instant, the items of each kind borrowed in a building (what a
//! meeting needs beyond its room's fixed equipment, during its occupancy) do not exceed the
//! building's pool. One violation per (building, kind, maximal stretch of time exceeded).

use crate::model::Rule;
use std::collections::BTreeMap;

use crate::model::{BuildingId, Interval, KindId, MeetingId, Minute};

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::Equipment;

/// `(time, change in items in use, meeting)`.
type Event = (Minute, i64, MeetingId);

/// Counts stretches in which a pool is exceeded.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    // (time, change, meeting) per (building, kind). All changes of one instant are applied
    // before the level is compared: an occupancy ending at t frees its items for one starting
    // at t (half-open intervals).
    let mut events: BTreeMap<(BuildingId, KindId), Vec<Event>> = BTreeMap::new();
    for (m, pl) in cx.placed() {
        let occ = p.occupancy(m, pl.start);
        let b = p.room(pl.room).building;
        for (k, n) in p.borrowed_all(m, pl.room) {
            let list = events.entry((b, k)).or_default();
            list.push((occ.start, i64::from(n), m));
            list.push((occ.end, -i64::from(n), m));
        }
    }
    for ((b, k), mut ev) in events {
        let pool = i64::from(
            p.pools
                .get(b.index())
                .and_then(|row| row.get(k.index()))
                .copied()
                .unwrap_or(0),
        );
        ev.sort_by_key(|&(t, d, m)| (t, d, m.index()));
        let mut level = 0i64;
        let mut active: Vec<MeetingId> = Vec::new();
        // Start, peak and meetings of the stretch in progress.
        let mut stretch: Option<(Minute, i64, Vec<MeetingId>)> = None;
        let mut i = 0;
        while let Some(&(t, _, _)) = ev.get(i) {
            while let Some(&(_, d, m)) = ev.get(i).filter(|e| e.0 == t) {
                level += d;
                if d > 0 {
                    active.push(m);
                    if let Some(s) = stretch.as_mut() {
                        s.2.push(m);
                    }
                } else if let Some(pos) = active.iter().position(|&x| x == m) {
                    active.swap_remove(pos);
                }
                i += 1;
            }
            let over = level > pool && level > 0;
            match (&mut stretch, over) {
                (None, true) => stretch = Some((t, level, active.clone())),
                (Some(s), true) => s.1 = s.1.max(level),
                (Some(_), false) => {
                    if let Some((start, peak, mut ms)) = stretch.take() {
                        ms.sort();
                        ms.dedup();
                        report(cx, acc, (b, k), Interval::new(start, t), peak, pool, ms);
                    }
                }
                (None, false) => {}
            }
        }
    }
}

fn report(
    cx: &Ctx<'_>,
    acc: &mut Acc,
    (b, k): (BuildingId, KindId),
    iv: Interval,
    peak: i64,
    pool: i64,
    ms: Vec<MeetingId>,
) {
    let kind = cx.p.kind_names.get(k.index()).map_or("?", String::as_str);
    let names: Vec<&str> = ms.iter().map(|&m| cx.m(m)).collect();
    let rooms: Vec<_> = ms
        .iter()
        .filter_map(|&m| cx.place[m.index()].map(|pl| pl.room))
        .collect();
    acc.hard(
        RULE,
        format!(
            "{} needs up to {peak} borrowed {kind} {} but its pool holds {pool} ({})",
            cx.b(b),
            cx.iv(iv),
            names.join(", ")
        ),
    )
    .meetings(ms)
    .rooms(rooms);
}
