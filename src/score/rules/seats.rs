//! `seat_waste` and `capacity_overflow` (soft), per placed meeting whose room has its layout:
//! `(seats − attendees) × w` when it fits, `(attendees − seats) × w` when it does not and
//! `weights.capacity_overflow()` is set. A missing layout costs neither (it is a hard `room_fit`).

use crate::model::Rule;

use super::{Acc, Ctx};

/// The empty-seat term.
pub(crate) const SEAT_WASTE: Rule = Rule::SeatWaste;
/// The soft over-capacity term.
pub(crate) const CAPACITY_OVERFLOW: Rule = Rule::CapacityOverflow;

/// Charges empty seats and, when enabled, missing seats.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    let w = p.weights[Rule::SeatWaste];
    for (m, pl) in cx.placed() {
        let Some(seats) = p.seats(pl.room, m) else {
            continue;
        };
        let attendees = p.meeting(m).attendees;
        if seats >= attendees {
            let empty = i64::from(seats - attendees);
            acc.cost(
                SEAT_WASTE,
                empty * w,
                format!(
                    "{} leaves {empty} of {seats} seats in {} empty",
                    cx.m(m),
                    cx.r(pl.room)
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        } else if let Some(wo) = p.weights.capacity_overflow() {
            let short = i64::from(attendees - seats);
            acc.cost(
                CAPACITY_OVERFLOW,
                short * wo,
                format!(
                    "{} has {attendees} attendees in {}, which seats {seats}: {short} too many",
                    cx.m(m),
                    cx.r(pl.room)
                ),
            )
            .meetings([m])
            .rooms([pl.room]);
        }
    }
}
