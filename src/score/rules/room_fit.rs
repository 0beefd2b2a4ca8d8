//! `room_fit` (hard): seats (or a missing layout), features and clearance; one violation per
//! failed clause per placed meeting. With `weights.capacity_overflow()` set, too few seats is soft
//! (see `seats`), but a missing layout stays hard.

use super::{Acc, Ctx};
use crate::model::Rule;

/// The rule.
pub(crate) const RULE: Rule = Rule::RoomFit;

/// Counts failed room clauses.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for (m, pl) in cx.placed() {
        let meeting = p.meeting(m);
        let room = p.room(pl.room);
        let layout = meeting
            .layout
            .map(|l| p.layout_names.get(l.index()).map_or("", String::as_str));
        match (p.seats(pl.room, m), layout) {
            (None, Some(l)) => {
                acc.hard(
                    RULE,
                    format!(
                        "{} needs the {l} layout, which {} does not have",
                        cx.m(m),
                        cx.r(pl.room)
                    ),
                )
                .meetings([m])
                .rooms([pl.room]);
            }
            (Some(seats), _) if seats < meeting.attendees && p.weights.capacity_overflow().is_none() => {
                let msg = match layout {
                    Some(l) => format!(
                        "{} ({} attendees, {l}) is in {}, which seats {seats} in {l}",
                        cx.m(m),
                        meeting.attendees,
                        cx.r(pl.room)
                    ),
                    None => format!(
                        "{} ({} attendees) is in {}, which seats {seats}",
                        cx.m(m),
                        meeting.attendees,
                        cx.r(pl.room)
                    ),
                };
                acc.hard(RULE, msg).meetings([m]).rooms([pl.room]);
            }
            _ => {}
        }
        let missing: Vec<&str> = meeting
            .features
            .iter()
            .filter(|f| room.features.binary_search(f).is_err())
            .map(|f| p.feature_names.get(f.index()).map_or("?", String::as_str))
            .collect();
        if !missing.is_empty() {
            acc.hard(
                RULE,
                format!(
                    "{} needs {}, which {} lacks",
                    cx.m(m),
                    missing.join(", "),
                    cx.r(pl.room)
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
        if room.confidential_level < meeting.confidential {
            acc.hard(
                RULE,
                format!(
                    "{} is confidential at level {} but {} is cleared only to level {}",
                    cx.m(m),
                    meeting.confidential,
                    cx.r(pl.room),
                    room.confidential_level
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
    }
}
