//! `room_clash` (hard), per room: one per overlapping pair of occupancies, one per (meeting,
//! unavailable interval) overlap, and one per pair of consecutive, non-overlapping occupancies
//! whose layouts differ and that are closer than `layout_change_minutes` (exactly at the limit is
//! fine). "Consecutive" means adjacent in the room's occupancies sorted by (start, end, meeting
//! id); a meeting without a layout counts as layout `""`.

use crate::model::Rule;
use crate::model::{Interval, MeetingId, RoomId};

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::RoomClash;

/// Something that takes the room: a meeting's occupancy or a blocked interval.
#[derive(Clone, Copy)]
enum Holder {
    Meeting(MeetingId),
    Blocked,
}

/// Counts room clashes.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let mut by_room: Vec<Vec<(Interval, MeetingId)>> = vec![Vec::new(); p.rooms.len()];
    for (m, pl) in cx.placed() {
        by_room[pl.room.index()].push((p.occupancy(m, pl.start), m));
    }
    for (r, occ) in p.room_ids().zip(by_room.iter_mut()) {
        if occ.is_empty() {
            continue;
        }
        occ.sort_by_key(|&(iv, m)| (iv.start, iv.end, m.index()));
        overlaps(cx, acc, r, occ);
        layout_changes(cx, acc, r, occ);
    }
}

/// Overlapping pairs and overlaps with blocked intervals, in one sweep over both.
fn overlaps(cx: &Ctx<'_>, acc: &mut Acc, r: RoomId, occ: &[(Interval, MeetingId)]) {
    let room = cx.p.room(r);
    let mut items: Vec<(Interval, Holder)> = occ.iter().map(|&(iv, m)| (iv, Holder::Meeting(m))).collect();
    items.extend(room.unavailable.iter().map(|&iv| (iv, Holder::Blocked)));
    // Meetings before blocked intervals at equal (start, end): the order of the pairs does not
    // change the count, only which of the two is named first.
    items.sort_by_key(|&(iv, h)| {
        (
            iv.start,
            iv.end,
            match h {
                Holder::Meeting(m) => m.index(),
                Holder::Blocked => usize::MAX,
            },
        )
    });
    let mut active: Vec<(Interval, Holder)> = Vec::new();
    for &(iv, h) in &items {
        active.retain(|(a, _)| a.end > iv.start);
        for &(aiv, ah) in &active {
            let shared = Interval::new(aiv.start.max(iv.start), aiv.end.min(iv.end));
            match (ah, h) {
                (Holder::Meeting(a), Holder::Meeting(b)) => {
                    acc.hard(
                        RULE,
                        format!(
                            "{} and {} both occupy {} {}",
                            cx.m(a),
                            cx.m(b),
                            cx.r(r),
                            cx.iv(shared)
                        ),
                    )
                    .meetings([a, b])
                    .rooms([r]);
                }
                (Holder::Meeting(m), Holder::Blocked) | (Holder::Blocked, Holder::Meeting(m)) => {
                    let blocked = if matches!(ah, Holder::Blocked) { aiv } else { iv };
                    acc.hard(
                        RULE,
                        format!(
                            "{} occupies {} {}, but the room is unavailable {}",
                            cx.m(m),
                            cx.r(r),
                            cx.iv(shared),
                            cx.iv(blocked)
                        ),
                    )
                    .meetings([m])
                    .rooms([r]);
                }
                (Holder::Blocked, Holder::Blocked) => {}
            }
        }
        active.push((iv, h));
    }
}

/// Consecutive occupancies with different layouts closer than the room's change time.
fn layout_changes(cx: &Ctx<'_>, acc: &mut Acc, r: RoomId, occ: &[(Interval, MeetingId)]) {
    let p = cx.p;
    let need = p.room(r).layout_change_minutes;
    if need <= 0 {
        return;
    }
    let layout = |m: MeetingId| -> &str {
        p.meeting(m)
            .layout
            .and_then(|l| p.layout_names.get(l.index()))
            .map_or("", String::as_str)
    };
    for w in occ.windows(2) {
        let &[(a_iv, a), (b_iv, b)] = w else { continue };
        if a_iv.overlaps(&b_iv) || layout(a) == layout(b) {
            continue;
        }
        let gap = b_iv.start - a_iv.end;
        if gap < need {
            let show = |l: &str| {
                if l.is_empty() {
                    "no layout".to_string()
                } else {
                    l.to_string()
                }
            };
            acc.hard(
                RULE,
                format!(
                    "{} ({}) and {} ({}) in {} are {gap} minutes apart on {}, but changing the layout takes {need}",
                    cx.m(a),
                    show(layout(a)),
                    cx.m(b),
                    show(layout(b)),
                    cx.r(r),
                    cx.day(crate::model::time::day_of(a_iv.end))
                ),
            )
            .meetings([a, b])
            .rooms([r]);
        }
    }
}
