//! Series [例会] (soft): `series_room` — `(distinct rooms of its placed meetings − 1) × w` — and
//! `series_spread` — `max(0, min_days − distinct calendar days of its placed meetings) × w`; a
//! series with nothing placed pays `min_days × w`.

use crate::model::Rule;
use crate::model::time::day_of;
use crate::model::{MeetingId, RoomId};

use super::{Acc, Ctx};

/// The room term.
pub(crate) const ROOM: Rule = Rule::SeriesRoom;
/// The spread term.
pub(crate) const SPREAD: Rule = Rule::SeriesSpread;

/// Charges every series.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let mut members: Vec<Vec<(MeetingId, RoomId, i32)>> = vec![Vec::new(); p.series.len()];
    for (m, pl) in cx.placed() {
        if let Some(list) = p.meeting(m).series.and_then(|s| members.get_mut(s.index())) {
            list.push((m, pl.room, day_of(pl.start)));
        }
    }
    for (series, list) in p.series.iter().zip(members) {
        let ms: Vec<MeetingId> = list.iter().map(|x| x.0).collect();
        let mut rooms: Vec<RoomId> = list.iter().map(|x| x.1).collect();
        rooms.sort();
        rooms.dedup();
        let mut days: Vec<i32> = list.iter().map(|x| x.2).collect();
        days.sort();
        days.dedup();
        if rooms.len() > 1 {
            let names: Vec<&str> = rooms.iter().map(|&r| cx.r(r)).collect();
            acc.cost(
                ROOM,
                (rooms.len() as i64 - 1) * p.weights[Rule::SeriesRoom],
                format!(
                    "series {} uses {} rooms: {}",
                    series.id,
                    rooms.len(),
                    names.join(", ")
                ),
            )
            .meetings(ms.iter().copied())
            .rooms(rooms.iter().copied());
        }
        let short = (series.min_days - days.len() as i64).max(0);
        if short > 0 {
            acc.cost(
                SPREAD,
                short * p.weights[Rule::SeriesSpread],
                format!(
                    "series {} is spread over {} days, {short} fewer than its {}",
                    series.id,
                    days.len(),
                    series.min_days
                ),
            )
            .meetings(ms);
        }
    }
}
