//! `room_open` (soft): per (room, calendar day of a meeting's start) with at least one meeting,
//! the room's `open_cost`, else `weights[Rule::RoomOpen]`; `weights[Rule::RoomOpen] = 0` switches it off.

use crate::model::Rule;
use std::collections::BTreeMap;

use crate::model::{MeetingId, RoomId};

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::RoomOpen;

/// Charges every room opened on a day.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let mut opened: BTreeMap<(RoomId, i32), Vec<MeetingId>> = BTreeMap::new();
    for (m, pl) in cx.placed() {
        opened
            .entry((pl.room, crate::model::time::day_of(pl.start)))
            .or_default()
            .push(m);
    }
    for ((r, day), ms) in opened {
        let cost = p.room_open_cost(r);
        acc.cost(RULE, cost, format!("{} is opened on {}", cx.r(r), cx.day(day)))
            .meetings(ms)
            .rooms([r]);
    }
}
