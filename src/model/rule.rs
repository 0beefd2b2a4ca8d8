//! Every rule and term of the score — its SPEC name, level and default weight — in one place.
//!
//! The scorer, the loader's `weights`, the solver's incremental terms and the bindings all
//! name a rule by [`Rule`]; adding a term is one variant here plus its rule file.

use std::fmt;

/// Level of a rule: compared `hard`, then `medium`, then `soft`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Each violation counts 1 in `hard`.
    Hard,
    /// Weighted cost in `medium`.
    Medium,
    /// Weighted cost in `soft`.
    Soft,
}

impl Level {
    /// `hard`, `medium` or `soft`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Hard => "hard",
            Level::Medium => "medium",
            Level::Soft => "soft",
        }
    }
}

/// A hard rule or a medium or soft term of the score (SPEC §4), in SPEC order: hard rules,
/// then medium terms, then soft terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Rule {
    /// A pinned meeting is at its pin.
    Pinned,
    /// Seats (or layout), features and clearance of the room.
    RoomFit,
    /// Grid, planning day, window and opening hours.
    TimeFit,
    /// Occupancies in a room, unavailability and layout changes.
    RoomClash,
    /// Two meetings sharing a person.
    PersonClash,
    /// Equipment pools.
    Equipment,
    /// A person on a task they may not hold.
    StaffFit,
    /// Two tasks of one person.
    StaffClash,
    /// Daily and total minute caps.
    StaffHours,
    /// Per unassigned meeting, × priority.
    Unassigned,
    /// Per person a task still needs.
    MissingStaff,
    /// Per empty seat.
    SeatWaste,
    /// Per attendee over capacity (only when its weight is set: capacity is then soft).
    CapacityOverflow,
    /// Per room and day with a meeting.
    RoomOpen,
    /// Per meeting outside its preferred rooms.
    RoomPreference,
    /// Per grid step from the preferred start.
    TimePreference,
    /// Per travel minute of a person's daily route.
    StaffTravel,
    /// Per task minute above the preferred daily minutes.
    Overtime,
    /// Per preferred person without a task of the meeting.
    PreferredStaff,
    /// Per extra room used by a series.
    SeriesRoom,
    /// Per missing day of a series.
    SeriesSpread,
    /// Per isolated meeting of a compact person.
    Isolated,
    /// Per meeting moved to another room than in the reference plan.
    MovedRoom,
    /// Per meeting moved to another start than in the reference plan.
    MovedTime,
    /// Per (reference task, person) pair that is gone.
    StaffChanged,
}

/// Name, level and default weight of every rule, in [`Rule`] order.
const INFO: [(&str, Level, i64); Rule::COUNT] = [
    ("pinned", Level::Hard, 0),
    ("room_fit", Level::Hard, 0),
    ("time_fit", Level::Hard, 0),
    ("room_clash", Level::Hard, 0),
    ("person_clash", Level::Hard, 0),
    ("equipment", Level::Hard, 0),
    ("staff_fit", Level::Hard, 0),
    ("staff_clash", Level::Hard, 0),
    ("staff_hours", Level::Hard, 0),
    ("unassigned", Level::Medium, 1000),
    ("missing_staff", Level::Medium, 100),
    ("seat_waste", Level::Soft, 1),
    ("capacity_overflow", Level::Soft, 0),
    ("room_open", Level::Soft, 50),
    ("room_preference", Level::Soft, 10),
    ("time_preference", Level::Soft, 1),
    ("staff_travel", Level::Soft, 1),
    ("overtime", Level::Soft, 1),
    ("preferred_staff", Level::Soft, 10),
    ("series_room", Level::Soft, 10),
    ("series_spread", Level::Soft, 5),
    ("isolated", Level::Soft, 2),
    ("moved_room", Level::Soft, 20),
    ("moved_time", Level::Soft, 20),
    ("staff_changed", Level::Soft, 5),
];

impl Rule {
    /// How many rules there are.
    pub const COUNT: usize = 25;
    /// How many hard rules (they come first).
    pub const HARD_COUNT: usize = 9;
    /// How many weighted (medium and soft) terms.
    pub const WEIGHTED_COUNT: usize = Self::COUNT - Self::HARD_COUNT;

    /// Every rule in SPEC order.
    pub const ALL: [Rule; Rule::COUNT] = [
        Rule::Pinned,
        Rule::RoomFit,
        Rule::TimeFit,
        Rule::RoomClash,
        Rule::PersonClash,
        Rule::Equipment,
        Rule::StaffFit,
        Rule::StaffClash,
        Rule::StaffHours,
        Rule::Unassigned,
        Rule::MissingStaff,
        Rule::SeatWaste,
        Rule::CapacityOverflow,
        Rule::RoomOpen,
        Rule::RoomPreference,
        Rule::TimePreference,
        Rule::StaffTravel,
        Rule::Overtime,
        Rule::PreferredStaff,
        Rule::SeriesRoom,
        Rule::SeriesSpread,
        Rule::Isolated,
        Rule::MovedRoom,
        Rule::MovedTime,
        Rule::StaffChanged,
    ];

    /// The SPEC name, e.g. `seat_waste`.
    pub const fn name(self) -> &'static str {
        INFO[self as usize].0
    }

    /// Its level.
    pub const fn level(self) -> Level {
        INFO[self as usize].1
    }

    /// The weight when `weights` does not set it; `None` for hard rules (they count 1 each)
    /// and for `capacity_overflow`, which is off unless set.
    pub const fn default_weight(self) -> Option<i64> {
        match self.level() {
            Level::Hard => None,
            _ if matches!(self, Rule::CapacityOverflow) => None,
            _ => Some(INFO[self as usize].2),
        }
    }

    /// The rule of a SPEC name.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The rules of one level, in SPEC order.
    pub fn of_level(level: Level) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |r| r.level() == level)
    }

    /// The medium and soft terms, in SPEC order.
    pub fn weighted() -> impl Iterator<Item = Rule> {
        Rule::ALL[Rule::HARD_COUNT..].iter().copied()
    }

    /// Position among the weighted terms (medium and soft); `None` for a hard rule.
    pub const fn weighted_index(self) -> Option<usize> {
        (self as usize).checked_sub(Rule::HARD_COUNT)
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One integer per weighted term (medium and soft), indexed by [`Rule`]: the weights of a
/// problem, or the solver's running cost of each term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TermVec(pub [i64; Rule::WEIGHTED_COUNT]);

impl TermVec {
    /// Sum of the soft terms.
    #[inline]
    pub fn soft(&self) -> i64 {
        self.0[2..].iter().sum()
    }

    /// `(term, value)` in SPEC order.
    pub fn iter(&self) -> impl Iterator<Item = (Rule, i64)> + '_ {
        Rule::weighted().zip(self.0.iter().copied())
    }
}

impl std::ops::Index<Rule> for TermVec {
    type Output = i64;
    /// Weighted terms only: a hard rule has no slot (and panics).
    #[inline]
    fn index(&self, r: Rule) -> &i64 {
        &self.0[r as usize - Rule::HARD_COUNT]
    }
}

impl std::ops::IndexMut<Rule> for TermVec {
    #[inline]
    fn index_mut(&mut self, r: Rule) -> &mut i64 {
        &mut self.0[r as usize - Rule::HARD_COUNT]
    }
}

/// Weights of the medium and soft terms (SPEC §4). A weight of 0 switches a term off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weights {
    values: TermVec,
    /// `capacity_overflow` was set: capacity is then soft.
    capacity_soft: bool,
}

impl Default for Weights {
    fn default() -> Self {
        let mut values = TermVec::default();
        for r in Rule::weighted() {
            values[r] = r.default_weight().unwrap_or(0);
        }
        Self {
            values,
            capacity_soft: false,
        }
    }
}

impl Weights {
    /// Sets a term's weight (setting `capacity_overflow`, even to 0, makes capacity soft).
    /// A hard rule has no weight: setting one does nothing.
    pub fn set(&mut self, rule: Rule, weight: i64) {
        if rule.level() == Level::Hard {
            return;
        }
        self.values[rule] = weight;
        if rule == Rule::CapacityOverflow {
            self.capacity_soft = true;
        }
    }

    /// The weight per attendee over capacity when set (capacity is then soft), else `None`.
    #[inline]
    pub fn capacity_overflow(&self) -> Option<i64> {
        self.capacity_soft.then_some(self.values[Rule::CapacityOverflow])
    }
}

impl std::ops::Index<Rule> for Weights {
    type Output = i64;
    /// The weight of a medium or soft term (`capacity_overflow` reads 0 when unset).
    #[inline]
    fn index(&self, r: Rule) -> &i64 {
        &self.values[r]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_levels_come_in_spec_order() {
        for (i, r) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(r as usize, i);
            assert_eq!(Rule::from_name(r.name()), Some(r));
        }
        let levels: Vec<Level> = Rule::ALL.iter().map(|r| r.level()).collect();
        assert!(levels.is_sorted());
        assert_eq!(Rule::of_level(Level::Hard).count(), Rule::HARD_COUNT);
        assert_eq!(Rule::of_level(Level::Medium).count(), 2);
        assert_eq!(Rule::from_name("seat_wast"), None);
    }

    #[test]
    fn default_weights_are_the_spec_table() {
        let w = Weights::default();
        assert_eq!(w[Rule::Unassigned], 1000);
        assert_eq!(w[Rule::MissingStaff], 100);
        assert_eq!(w[Rule::RoomOpen], 50);
        assert_eq!(w[Rule::StaffChanged], 5);
        assert_eq!(w.capacity_overflow(), None);
        let mut w = w;
        w.set(Rule::CapacityOverflow, 0);
        assert_eq!(w.capacity_overflow(), Some(0));
        w.set(Rule::Pinned, 7);
        assert_eq!(w, {
            let mut d = Weights::default();
            d.set(Rule::CapacityOverflow, 0);
            d
        });
    }
}
