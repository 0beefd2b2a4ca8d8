//! Time inside huiwu: whole minutes from midnight of the earliest planning day.
//! chrono is used only here, at the edge, to convert to and from SPEC strings.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// Minutes from midnight of the calendar's origin (the earliest day of `days`).
pub type Minute = i32;

/// Minutes in a day.
pub const DAY: Minute = 1440;

/// A half-open interval `[start, end)` of minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First minute inside.
    pub start: Minute,
    /// First minute after.
    pub end: Minute,
}

impl Interval {
    /// `[start, end)`.
    #[inline]
    pub const fn new(start: Minute, end: Minute) -> Self {
        Self { start, end }
    }

    /// Length in minutes (0 for an empty or reversed interval).
    #[inline]
    pub fn len(&self) -> Minute {
        (self.end - self.start).max(0)
    }

    /// True when the interval holds no minute.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The common part of two intervals, when they share a minute.
    pub fn intersect(&self, other: Interval) -> Option<Interval> {
        let (start, end) = (self.start.max(other.start), self.end.min(other.end));
        (start < end).then_some(Interval { start, end })
    }

    /// The one overlap test of the crate: half-open intervals overlap when they share a minute.
    #[inline]
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    #[inline]
    pub fn contains(&self, other: &Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Calendar day number (relative to the origin) on which the interval starts.
    #[inline]
    pub fn day(&self) -> i32 {
        day_of(self.start)
    }
}

/// Calendar day number (relative to the origin) of a minute.
#[inline]
pub fn day_of(t: Minute) -> i32 {
    t.div_euclid(DAY)
}

/// Minute of the day (0..1440) of a minute.
#[inline]
pub fn minute_of_day(t: Minute) -> Minute {
    t.rem_euclid(DAY)
}

/// Converts between SPEC time strings and [`Minute`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    origin: NaiveDate,
}

impl Calendar {
    /// A calendar whose minute 0 is midnight of `origin`.
    pub fn new(origin: NaiveDate) -> Self {
        Self { origin }
    }

    /// The date of minute 0.
    pub fn origin(&self) -> NaiveDate {
        self.origin
    }

    /// Day number of a date relative to the origin.
    pub fn day_number(&self, date: NaiveDate) -> i32 {
        let d = (date - self.origin).num_days();
        d.clamp(i32::MIN as i64 / DAY as i64, i32::MAX as i64 / DAY as i64) as i32
    }

    /// The date of a day number.
    pub fn date(&self, day: i32) -> NaiveDate {
        self.origin
            .checked_add_signed(chrono::Duration::days(day as i64))
            .unwrap_or(self.origin)
    }

    /// Minutes of a date-time. `None` when it lies unrepresentably far from the origin.
    pub fn minutes(&self, dt: NaiveDateTime) -> Option<Minute> {
        let m = (dt - self.origin.and_time(NaiveTime::MIN)).num_minutes();
        i32::try_from(m).ok().filter(|m| m.abs() < i32::MAX / 4)
    }

    /// Formats a minute as `YYYY-MM-DDTHH:MM`.
    pub fn format(&self, t: Minute) -> String {
        let date = self.date(day_of(t));
        let m = minute_of_day(t);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            date.year(),
            date.month(),
            date.day(),
            m / 60,
            m % 60
        )
    }

    /// Formats a minute as `HH:MM` (the clock time only).
    pub fn format_clock(t: Minute) -> String {
        let m = minute_of_day(t);
        format!("{:02}:{:02}", m / 60, m % 60)
    }

    /// Formats the date of a day number as `YYYY-MM-DD`.
    pub fn format_day(&self, day: i32) -> String {
        self.date(day).format("%Y-%m-%d").to_string()
    }

    /// A short human form of an interval: `2026-03-02 09:00–10:30`.
    pub fn format_interval(&self, iv: Interval) -> String {
        if day_of(iv.start) == day_of(iv.end - 1) {
            format!(
                "{} {}–{}",
                self.format_day(day_of(iv.start)),
                Self::format_clock(iv.start),
                if minute_of_day(iv.end) == 0 {
                    "24:00".to_string()
                } else {
                    Self::format_clock(iv.end)
                }
            )
        } else {
            format!("{}–{}", self.format(iv.start), self.format(iv.end))
        }
    }
}

/// Parses `YYYY-MM-DDTHH:MM` with an optional `:00` seconds part.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    let (main, sec) = match b.len() {
        16 => (s, None),
        19 if b[16] == b':' => (&s[..16], Some(&s[17..])),
        _ => return None,
    };
    if sec.is_some_and(|sec| sec != "00") {
        return None;
    }
    if main.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let date = parse_date(&main[..10])?;
    let clock = parse_clock(&main[11..])?;
    if clock >= DAY {
        return None;
    }
    let t = NaiveTime::from_hms_opt((clock / 60) as u32, (clock % 60) as u32, 0)?;
    Some(date.and_time(t))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Parses `HH:MM` into minutes of the day; `24:00` gives 1440.
pub fn parse_clock(s: &str) -> Option<Minute> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' || !b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit) {
        return None;
    }
    let h: i32 = s[..2].parse().ok()?;
    let m: i32 = s[3..].parse().ok()?;
    if h == 24 && m == 0 {
        return Some(DAY);
    }
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_round_trip() {
        let cal = Calendar::new(parse_date("2026-03-02").unwrap());
        let t = cal.minutes(parse_datetime("2026-03-03T09:30").unwrap()).unwrap();
        assert_eq!(t, DAY + 9 * 60 + 30);
        assert_eq!(cal.format(t), "2026-03-03T09:30");
        assert_eq!(
            parse_datetime("2026-03-03T09:30:00"),
            parse_datetime("2026-03-03T09:30")
        );
        assert!(parse_datetime("2026-03-03T09:30:01").is_none());
        assert!(parse_datetime("2026-03-03 09:30").is_none());
        assert!(parse_datetime("2026-02-30T09:30").is_none());
        assert_eq!(parse_clock("24:00"), Some(DAY));
        assert!(parse_clock("24:01").is_none());
        assert!(parse_clock("9:00").is_none());
    }

    #[test]
    fn half_open_overlap() {
        let a = Interval::new(0, 10);
        assert!(!a.overlaps(&Interval::new(10, 20)));
        assert!(a.overlaps(&Interval::new(9, 20)));
        assert_eq!(day_of(-1), -1);
    }
}
