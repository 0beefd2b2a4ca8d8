//! `time_fit` (hard): on the grid, on a planning day, inside a window, occupancy inside the
//! building's opening hours of the start's day; one violation per failed clause.

use crate::model::Rule;
use crate::model::time::day_of;

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::TimeFit;

/// Counts failed time clauses.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for (m, pl) in cx.placed() {
        let f = p.time_fit_failures(m, pl.room, pl.start);
        let who = cx.m(m);
        let start = cx.at(pl.start);
        if f.off_grid {
            acc.hard(
                RULE,
                format!("{who} starts at {start}, off the {}-minute grid", p.granularity),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
        if f.not_planning_day {
            acc.hard(
                RULE,
                format!("{who} starts at {start}, which is not a planning day"),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
        if f.outside_windows {
            acc.hard(
                RULE,
                format!(
                    "{who} at {} lies in none of its allowed windows",
                    cx.iv(p.meeting_interval(m, pl.start))
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
        if f.outside_opening {
            let b = p.room(pl.room).building;
            acc.hard(
                RULE,
                format!(
                    "{who} occupies {} {}, outside the opening hours of {} ({})",
                    cx.r(pl.room),
                    cx.iv(p.occupancy(m, pl.start)),
                    cx.b(b),
                    cx.iv(p.open_interval(b, day_of(pl.start)))
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
    }
}
