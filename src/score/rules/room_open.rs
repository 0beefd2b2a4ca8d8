//! `room_open` (soft): per (room, calendar day of a meeting's start) with at least one meeting,
//! the room's `open_cost`, else `weights.room_open`; `weights.room_open = 0` switches it off.

use std::collections::BTreeMap;

use crate::model::{MeetingId, RoomId};
use crate::score::Level;

use super::{Acc, Ctx};

/// SPEC name.
pub(crate) const NAME: &str = "room_open";

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
        acc.cost(
            NAME,
            Level::Soft,
            cost,
            format!("{} is opened on {}", cx.r(r), cx.day(day)),
        )
        .meetings(ms)
        .rooms([r]);
    }
}
