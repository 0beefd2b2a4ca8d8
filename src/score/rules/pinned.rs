//! `pinned` (hard): a pinned meeting is assigned, to its pinned room and start. One per pinned
//! meeting not at its pin; a pinned meeting left unassigned also pays `unassigned`.

use super::{Acc, Ctx};
use crate::model::Rule;

/// The rule.
pub(crate) const RULE: Rule = Rule::Pinned;

/// Counts pinned meetings that are not at their pin.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    for m in cx.p.meeting_ids() {
        let Some(pin) = cx.p.meeting(m).pinned else {
            continue;
        };
        let at_pin = format!("{} at {}", cx.r(pin.room), cx.at(pin.start));
        match cx.place[m.index()] {
            Some(pl) if pl.room == pin.room && pl.start == pin.start => {}
            Some(pl) => {
                acc.hard(
                    RULE,
                    format!(
                        "{} is pinned to {at_pin} but is planned in {} at {}",
                        cx.m(m),
                        cx.r(pl.room),
                        cx.at(pl.start)
                    ),
                )
                .meetings([m])
                .rooms([pin.room, pl.room]);
            }
            None => {
                acc.hard(
                    RULE,
                    format!("{} is pinned to {at_pin} but is unassigned", cx.m(m)),
                )
                .meetings([m])
                .rooms([pin.room]);
            }
        }
    }
}
