//! Service staff: skills and levels [专业化], clearance [保密管理], outsourced staff
//! [服务社会化] and shifts.

use serde_json::{Map, Value, json};

use super::Day;
use super::catalog::{GIVEN_NAMES, SURNAMES};
use super::rng::Rng;
use super::site::Site;

pub(crate) struct Staff {
    pub id: String,
    pub name: String,
    pub building: usize,
    pub skills: Vec<(&'static str, u8)>,
    pub clearance: u8,
    pub external: bool,
    /// Working days and the shift on each: (day, start, end) in minutes of the day.
    pub shifts: Vec<(usize, i64, i64)>,
    pub max_per_day: u32,
    pub preferred_per_day: u32,
    pub max_total: Option<u32>,
}

impl Staff {
    pub(crate) fn level(&self, skill: &str) -> u8 {
        self.skills
            .iter()
            .find(|(s, _)| *s == skill)
            .map_or(0, |&(_, l)| l)
    }
}

/// Roles of a service team: primary skills, then secondary skills at a lower level.
#[derive(Clone, Copy)]
enum Role {
    Attendant,
    Technician,
    Receptionist,
    Guard,
    Medic,
    Interpreter,
    Coordinator,
}

impl Role {
    fn skills(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Role::Attendant => (&["tea", "setup"], &["reception", "sign_in"]),
            Role::Technician => (&["av"], &["setup"]),
            Role::Receptionist => (&["reception", "sign_in"], &["tea"]),
            Role::Guard => (&["security"], &["first_aid", "setup"]),
            Role::Medic => (&["first_aid"], &["tea"]),
            Role::Interpreter => (&["interpretation"], &["reception"]),
            Role::Coordinator => (&["setup", "reception", "sign_in"], &["tea", "av"]),
        }
    }
}

// The first members of every team cover each specialist role once, so that no building
// lacks a technician or first-aider; the rest follow the usual mix.
const CORE: [Role; 8] = [
    Role::Attendant,
    Role::Technician,
    Role::Attendant,
    Role::Guard,
    Role::Receptionist,
    Role::Medic,
    Role::Interpreter,
    Role::Coordinator,
];
const MIX: [(Role, u64); 7] = [
    (Role::Attendant, 45),
    (Role::Technician, 17),
    (Role::Receptionist, 12),
    (Role::Guard, 9),
    (Role::Medic, 6),
    (Role::Interpreter, 5),
    (Role::Coordinator, 6),
];

/// Shifts (minutes of the day): early 07:30–16:00, day 08:30–17:30, late 12:00–21:00.
const EARLY: (i64, i64) = (450, 960);
const DAYTIME: (i64, i64) = (510, 1050);
const LATE: (i64, i64) = (720, 1260);

/// Generates `per_building[b]` staff for each building `b`.
pub(crate) fn build(rng: &mut Rng, site: &Site, per_building: &[usize], days: usize) -> Vec<Staff> {
    let mut staff = Vec::new();
    for (b, &count) in per_building.iter().enumerate() {
        let long_hours = site.buildings.get(b).is_some_and(|x| x.close > 1080);
        for k in 0..count {
            let role = match CORE.get(k) {
                Some(&r) => r,
                None => {
                    let weights: Vec<u64> = MIX.iter().map(|&(_, w)| w).collect();
                    MIX.get(rng.weighted(&weights))
                        .map_or(Role::Attendant, |&(r, _)| r)
                }
            };
            // The core specialists are senior; outsourced staff are never in the core.
            let core = k < CORE.len();
            // About a fifth of a team is outsourced [服务社会化]: never the specialists or the
            // cleared seniors of the core, so every block can still serve confidential meetings.
            let eligible = |k: usize| k == 2 || k == 4 || k >= CORE.len();
            let n_eligible = (0..count).filter(|&k| eligible(k)).count().max(1) as u64;
            let share = (20 * count as u64 / n_eligible).min(60);
            let external = eligible(k) && rng.chance(share);
            let (primary, secondary) = role.skills();
            let mut skills = Vec::new();
            for &s in primary {
                let level = if core {
                    rng.range(3, 5)
                } else {
                    1 + rng.weighted(&[15, 30, 30, 15, 10]) as i64
                };
                skills.push((s, level as u8));
            }
            for &s in secondary {
                if rng.chance(60) {
                    skills.push((s, rng.range(1, 2) as u8));
                }
            }
            let clearance = if external {
                0
            } else {
                rng.weighted(&[45, 40, 11, 4]) as u8 + u8::from(core && role_is_senior(k))
            };
            let shift = if long_hours {
                [EARLY, DAYTIME, LATE][rng.weighted(&[35, 40, 25])]
            } else {
                [EARLY, DAYTIME, LATE][rng.weighted(&[40, 52, 8])]
            };
            // Staff work every day bar the odd leave day; outsourced staff are booked for
            // about three days in five.
            let mut shifts = Vec::new();
            for d in 0..days {
                let works = if external { rng.chance(60) } else { !rng.chance(6) };
                if works {
                    shifts.push((d, shift.0, shift.1));
                }
            }
            if shifts.is_empty() {
                let d = rng.index(days.max(1));
                shifts.push((d, shift.0, shift.1));
            }
            let part_time = !core && !external && rng.chance(8);
            let (max_per_day, preferred_per_day) = if part_time { (300, 240) } else { (480, 360) };
            // Outsourcing contracts cap the billable hours of the period.
            let max_total = if external {
                Some(((shifts.len() as u32 * 360 * 4 / 5) / 60).max(1) * 60)
            } else {
                None
            };
            let id = format!("S-{:04}", staff.len() + 1);
            let name = format!(
                "{}{}",
                rng.pick(&SURNAMES).copied().unwrap_or("王"),
                rng.pick(&GIVEN_NAMES).copied().unwrap_or("芳")
            );
            staff.push(Staff {
                id,
                name,
                building: b,
                skills,
                clearance: clearance.min(3),
                external,
                shifts,
                max_per_day,
                preferred_per_day,
                max_total,
            });
        }
    }
    staff
}

fn role_is_senior(k: usize) -> bool {
    // The first attendant and the coordinator of every team handle confidential meetings.
    k == 0 || k == 7
}

pub(crate) fn to_json(staff: &[Staff], site: &Site, days: &[Day]) -> Value {
    Value::Array(
        staff
            .iter()
            .map(|s| {
                let mut o = Map::new();
                o.insert("id".into(), json!(s.id));
                o.insert("name".into(), json!(s.name));
                o.insert(
                    "building".into(),
                    json!(site.buildings.get(s.building).map(|b| &b.id)),
                );
                let skills: Map<String, Value> =
                    s.skills.iter().map(|&(k, l)| (k.to_string(), json!(l))).collect();
                o.insert("skills".into(), Value::Object(skills));
                o.insert("clearance".into(), json!(s.clearance));
                o.insert("external".into(), json!(s.external));
                let available: Vec<Value> = s
                    .shifts
                    .iter()
                    .filter_map(|&(d, a, b)| {
                        let day = days.get(d)?;
                        Some(json!({ "start": day.at(a), "end": day.at(b) }))
                    })
                    .collect();
                o.insert("available".into(), Value::Array(available));
                o.insert("max_minutes_per_day".into(), json!(s.max_per_day));
                o.insert("preferred_minutes_per_day".into(), json!(s.preferred_per_day));
                if let Some(t) = s.max_total {
                    o.insert("max_minutes_total".into(), json!(t));
                }
                Value::Object(o)
            })
            .collect(),
    )
}
