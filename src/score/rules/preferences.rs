//! Preferences [个性化] (soft): `room_preference` (`w` per placed meeting outside its preferred
//! rooms), `time_preference` (`ceil(|start − preferred_start| / granularity) × w`) and
//! `preferred_staff` (`w` per preferred person who holds no task of the placed meeting).

use crate::model::Rule;

use super::{Acc, Ctx, div_ceil};

/// The room preference term.
pub(crate) const ROOM: Rule = Rule::RoomPreference;
/// The start preference term.
pub(crate) const TIME: Rule = Rule::TimePreference;
/// The preferred staff term.
pub(crate) const STAFF: Rule = Rule::PreferredStaff;

/// Charges `room_preference` and `time_preference`.
pub(crate) fn score_room_time(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for (m, pl) in cx.placed() {
        let meeting = p.meeting(m);
        if !meeting.preferred_rooms.is_empty() && !meeting.preferred_rooms.contains(&pl.room) {
            let wanted: Vec<&str> = meeting.preferred_rooms.iter().map(|&r| cx.r(r)).collect();
            acc.cost(
                ROOM,
                p.weights[Rule::RoomPreference],
                format!(
                    "{} is in {}, not in {}",
                    cx.m(m),
                    cx.r(pl.room),
                    wanted.join(" or ")
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
        if let Some(pref) = meeting.preferred_start {
            let off = i64::from((pl.start - pref).abs());
            let steps = div_ceil(off, i64::from(p.granularity));
            acc.cost(
                TIME,
                steps * p.weights[Rule::TimePreference],
                format!(
                    "{} starts at {}, {off} minutes from its preferred {}",
                    cx.m(m),
                    cx.at(pl.start),
                    cx.at(pref)
                ),
            )
            .meetings([m]);
        }
    }
}

/// Charges `preferred_staff`.
pub(crate) fn score_staff(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for (m, _) in cx.placed() {
        let meeting = p.meeting(m);
        for &s in &meeting.preferred_staff {
            let holds = meeting.tasks.iter().any(|t| cx.held[t.index()].contains(&s));
            if !holds {
                acc.cost(
                    STAFF,
                    p.weights[Rule::PreferredStaff],
                    format!(
                        "{} is preferred for {} but holds none of its tasks",
                        cx.s(s),
                        cx.m(m)
                    ),
                )
                .meetings([m])
                .staff([s]);
            }
        }
    }
}
