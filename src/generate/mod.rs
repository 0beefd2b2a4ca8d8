//! Realistic civic-center problem generator (`huiwu generate`).
//!
//! [`generate`] builds a SPEC problem (§2) for the Hangzhou Citizen Center (杭州市民中心)
//! and its satellite centers: buildings with opening hours and a walkway graph, rooms from
//! 8-seat meeting rooms to 500-seat halls, portable equipment pools, service staff on
//! shifts, and a week's (or month's) bookings across the service classes of DB3301/T 0298.
//! Rooms are sized from the drafted bookings so that the busiest day asks for about
//! 70 % of the room-hours, and staff from the busiest day's service minutes, so the
//! instances are tight but mostly feasible. Every choice comes from the seed.
//!
//! ```
//! use huiwu::generate::{Scale, generate};
//!
//! let problem = generate("s".parse::<Scale>().unwrap(), 7);
//! assert_eq!(problem["days"].as_array().map(Vec::len), Some(1));
//! assert_eq!(problem, generate(Scale::S, 7));
//! ```

mod catalog;
mod meetings;
mod rng;
mod site;
mod staff;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde_json::{Map, Value, json};

use catalog::Class;
use rng::Rng;

/// Start grid of every generated meeting, in minutes.
const GRID: i64 = 15;

/// Size of a generated instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// One building-day, ~25 meetings.
    S,
    /// A week in 4 buildings, ~200 meetings, ~60 staff.
    M,
    /// 20 days in 12 buildings, ~4000 meetings, ~600 staff.
    L,
    /// 20 days in 40 buildings, ~15000 meetings, ~2000 staff.
    XL,
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scale::S => "S",
            Scale::M => "M",
            Scale::L => "L",
            Scale::XL => "XL",
        })
    }
}

/// The error of parsing a [`Scale`] from anything but S, M, L or XL.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown scale {0:?}: expected S, M, L or XL")]
pub struct ParseScaleError(pub String);

impl FromStr for Scale {
    type Err = ParseScaleError;

    /// Accepts `S`, `M`, `L`, `XL` in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "S" => Ok(Scale::S),
            "M" => Ok(Scale::M),
            "L" => Ok(Scale::L),
            "XL" => Ok(Scale::XL),
            _ => Err(ParseScaleError(s.to_string())),
        }
    }
}

struct Params {
    buildings: usize,
    campuses: usize,
    days: usize,
    meetings: usize,
    series: usize,
    /// Share of the busiest day's room-hours the bookings ask for, in %.
    room_util: i64,
    /// Service person-minutes one staff member on shift is counted to give on the busiest day.
    staff_minutes: i64,
    min_rooms_per_building: usize,
}

impl Scale {
    fn params(self) -> Params {
        match self {
            Scale::S => Params {
                buildings: 1,
                campuses: 1,
                days: 1,
                meetings: 25,
                series: 1,
                room_util: 70,
                staff_minutes: 340,
                min_rooms_per_building: 10,
            },
            Scale::M => Params {
                buildings: 4,
                campuses: 1,
                days: 5,
                meetings: 240,
                series: 4,
                room_util: 70,
                staff_minutes: 340,
                min_rooms_per_building: 6,
            },
            Scale::L => Params {
                buildings: 12,
                campuses: 1,
                days: 20,
                meetings: 4000,
                series: 30,
                room_util: 70,
                // ~600 / ~2000 staff: the sizes at which the solver's L/XL targets are stated.
                staff_minutes: 136,
                min_rooms_per_building: 6,
            },
            Scale::XL => Params {
                buildings: 40,
                campuses: 3,
                days: 20,
                meetings: 15000,
                series: 100,
                room_util: 70,
                // ~600 / ~2000 staff: the sizes at which the solver's L/XL targets are stated.
                staff_minutes: 136,
                min_rooms_per_building: 6,
            },
        }
    }
}

/// One planning day.
pub(crate) struct Day {
    date: String,
    /// 0 = Monday … 4 = Friday.
    weekday: usize,
}

impl Day {
    /// SPEC time string of a minute of this day.
    pub(crate) fn at(&self, minute: i64) -> String {
        format!("{}T{}", self.date, clock(minute))
    }
}

/// `"HH:MM"` of a minute of the day.
pub(crate) fn clock(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `n` consecutive working days from Monday 2026-03-02, weekends skipped.
fn working_days(n: usize) -> Vec<Day> {
    let mut days = Vec::with_capacity(n);
    let mut date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    while days.len() < n {
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            days.push(Day {
                date: date.format("%Y-%m-%d").to_string(),
                weekday: date.weekday().num_days_from_monday() as usize,
            });
        }
        date = date.checked_add_days(Days::new(1)).unwrap_or(date);
    }
    days
}

/// Generates a problem as SPEC JSON, deterministic per `(scale, seed)`.
pub fn generate(scale: Scale, seed: u64) -> Value {
    let p = scale.params();
    let days = working_days(p.days);
    let mut rng_meetings = Rng::stream(seed, 1);
    let mut rng_site = Rng::stream(seed, 2);
    let mut rng_staff = Rng::stream(seed, 3);
    let mut rng_extras = Rng::stream(seed, 4);

    let (mut drafts, series) = meetings::draft(&mut rng_meetings, &days, p.meetings, p.series);
    let bands = meetings::band_counts(
        &drafts,
        p.days,
        p.room_util,
        p.buildings * p.min_rooms_per_building,
    );
    let site = site::build(&mut rng_site, p.buildings, p.campuses, &bands, p.days);

    // Staff per building follow the rooms they serve; every block keeps a core team of 8.
    let peak = meetings::peak_task_minutes(&drafts, p.days);
    let total_staff = (peak / p.staff_minutes.max(1)).max(1) as usize;
    let n_rooms = site.rooms.len().max(1);
    let per_building: Vec<usize> = (0..p.buildings)
        .map(|b| {
            let rooms = site.rooms.iter().filter(|r| r.building == b).count();
            (total_staff * rooms).div_ceil(n_rooms).max(8)
        })
        .collect();
    let staff = staff::build(&mut rng_staff, &site, &per_building, p.days);

    let extras = meetings::Extras {
        n_leaders: (p.meetings / p.days.max(1) / 4).max(3),
        n_pins: (p.meetings / 60).max(2),
    };
    let leaders = meetings::finish(
        &mut rng_extras,
        &mut drafts,
        &series,
        &site,
        &staff,
        p.days,
        &extras,
    );
    // Bookings are listed by day and time, as the booking office files them.
    drafts.sort_by_key(|m| m.windows.first().map(|&(d, es, le)| (d, es, le)));
    let width = drafts.len().to_string().len().max(4);
    let ids: Vec<String> = (1..=drafts.len()).map(|i| format!("M-{i:0width$}")).collect();

    let people: Vec<Value> = leaders
        .iter()
        .map(|l| json!({ "id": l.id, "compact": l.compact }))
        .collect();
    let series_json: Vec<Value> = series
        .iter()
        .map(|s| json!({ "id": s.id, "min_days": s.min_days }))
        .collect();
    let classes: Vec<Value> = Class::ALL.iter().map(|c| c.to_json()).collect();
    let first = days.first().map_or("", |d| d.date.as_str());
    // Values are moved into the map: `json!` would deep-copy the large arrays.
    let mut out = Map::new();
    out.insert("version".into(), json!(1));
    out.insert(
        "name".into(),
        json!(format!("杭州市民中心 会务 {scale} from {first} (seed {seed})")),
    );
    out.insert("timezone".into(), json!("Asia/Shanghai"));
    out.insert("granularity_minutes".into(), json!(GRID));
    out.insert(
        "days".into(),
        Value::Array(days.iter().map(|d| Value::String(d.date.clone())).collect()),
    );
    out.insert("opening".into(), json!({ "start": "07:30", "end": "21:00" }));
    out.insert("buildings".into(), site.buildings_json());
    out.insert("travel".into(), site.travel_json());
    out.insert("rooms".into(), site.rooms_json(&days));
    out.insert("equipment_pools".into(), site.pools_json());
    out.insert("staff".into(), staff::to_json(&staff, &site, &days));
    out.insert("people".into(), Value::Array(people));
    out.insert("series".into(), Value::Array(series_json));
    out.insert("service_classes".into(), Value::Array(classes));
    out.insert(
        "meetings".into(),
        meetings::to_json(&drafts, &ids, &site, &staff, &leaders, &series, &days),
    );
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::{Scale, clock, working_days};

    #[test]
    fn scale_parses_case_insensitively() {
        assert_eq!("s".parse::<Scale>(), Ok(Scale::S));
        assert_eq!("Xl".parse::<Scale>(), Ok(Scale::XL));
        assert_eq!(" m ".parse::<Scale>(), Ok(Scale::M));
        assert!("XXL".parse::<Scale>().is_err());
        assert_eq!(Scale::XL.to_string(), "XL");
    }

    #[test]
    fn working_days_skip_weekends() {
        let days: Vec<String> = working_days(7).into_iter().map(|d| d.date).collect();
        assert_eq!(
            days,
            [
                "2026-03-02",
                "2026-03-03",
                "2026-03-04",
                "2026-03-05",
                "2026-03-06",
                "2026-03-09",
                "2026-03-10"
            ]
        );
        assert_eq!(clock(450), "07:30");
        assert_eq!(clock(1440), "24:00");
    }
}
