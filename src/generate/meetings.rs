//! Meetings: drafts (class, size, length, day), then fitted to the generated site with
//! windows, preferences, leaders, series and pins.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::catalog::{
    ACCESSIBLE, BOARDROOM, CAMERA, CLASSROOM, Class, DEPARTMENTS, HEADSET, INTERPRETATION, LAPTOP, LED, MIC,
    PROJECTOR, RECORDING, SERIES_KINDS, SURNAMES_PINYIN, THEATRE, TITLES, U_SHAPE, VIDEO,
};
use super::rng::Rng;
use super::site::{Band, Room, Site};
use super::staff::Staff;
use super::{Day, GRID};

/// Opening hours of an ordinary block; windows are drawn so that a meeting fits them.
const OPEN: i64 = 480;
const CLOSE: i64 = 1080;
/// Half-day and full-day windows (minutes of the day).
const MORNING: (i64, i64) = (510, 720);
const AFTERNOON: (i64, i64) = (810, 1050);
const FULL_DAY: (i64, i64) = (510, 1050);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Half {
    Morning,
    Afternoon,
    Full,
}

impl Half {
    fn bounds(self) -> (i64, i64) {
        match self {
            Half::Morning => MORNING,
            Half::Afternoon => AFTERNOON,
            Half::Full => FULL_DAY,
        }
    }
}

pub(crate) struct Meeting {
    pub class: Class,
    pub title: String,
    pub attendees: u32,
    pub duration: i64,
    pub day: usize,
    pub half: Half,
    /// (day, earliest_start, latest_end) in minutes of the day.
    pub windows: Vec<(usize, i64, i64)>,
    pub layout: Option<&'static str>,
    pub features: Vec<&'static str>,
    pub equipment: Vec<(&'static str, u32)>,
    pub confidential: u8,
    pub priority: u8,
    pub people: Vec<usize>,
    pub series: Option<usize>,
    pub preferred_rooms: Vec<usize>,
    pub preferred_start: Option<(usize, i64)>,
    pub preferred_staff: Vec<usize>,
    /// (room, start minute of `day`).
    pub pinned: Option<(usize, i64)>,
}

impl Meeting {
    pub(crate) fn occupancy(&self) -> i64 {
        self.class.setup_minutes() + self.duration + self.class.teardown_minutes()
    }

    /// Room band the meeting needs, given its layout and features.
    pub(crate) fn band(&self) -> Band {
        let need = Band::for_need(self.attendees, self.layout);
        // Interpretation booths are found in large rooms and halls.
        if self.features.contains(&INTERPRETATION) {
            need.max(Band::Large)
        } else {
            need
        }
    }

    /// True when `room` can host the meeting (seats, features, clearance, equipment with the
    /// building's pool).
    pub(crate) fn fits(&self, site: &Site, room: &Room) -> bool {
        room.seats(self.layout).is_some_and(|s| s >= self.attendees)
            && self.features.iter().all(|f| room.features.contains(f))
            && room.confidential_level >= self.confidential
            && self
                .equipment
                .iter()
                .all(|&(k, c)| c <= room.fixed(k) + site.pool(room.building, k))
    }

    fn borrows_nothing(&self, room: &Room) -> bool {
        self.equipment.iter().all(|&(k, c)| c <= room.fixed(k))
    }
}

pub(crate) struct Leader {
    pub id: String,
    pub compact: bool,
}

pub(crate) struct Series {
    pub id: String,
    pub min_days: usize,
}

/// Draws attendees in `lo..=hi`, skewed towards the small end as real bookings are.
fn skewed(rng: &mut Rng, lo: i64, hi: i64) -> u32 {
    let a = rng.range(lo, hi);
    let b = rng.range(lo, hi);
    a.min(b) as u32
}

fn layout_for(rng: &mut Rng, class: Class, attendees: u32) -> Option<&'static str> {
    match class {
        Class::SmallInternal => rng.chance(70).then_some(BOARDROOM),
        Class::Standard if attendees <= 20 => {
            [Some(BOARDROOM), Some(U_SHAPE), None][rng.weighted(&[60, 30, 10])]
        }
        Class::Standard if attendees <= 40 => {
            [Some(U_SHAPE), Some(CLASSROOM), Some(THEATRE)][rng.weighted(&[30, 40, 30])]
        }
        Class::Standard => [Some(CLASSROOM), Some(THEATRE)][rng.index(2)],
        Class::VideoConference | Class::Confidential | Class::ForeignAffairs if attendees <= 20 => {
            Some(BOARDROOM)
        }
        Class::VideoConference | Class::Confidential => Some(U_SHAPE),
        Class::ForeignAffairs if attendees <= 40 => Some(U_SHAPE),
        Class::ForeignAffairs => Some(THEATRE),
        Class::LargeConference => Some(if rng.chance(75) { THEATRE } else { CLASSROOM }),
    }
}

fn features_for(rng: &mut Rng, class: Class) -> Vec<&'static str> {
    let mut f = Vec::new();
    match class {
        Class::VideoConference => f.push(VIDEO),
        Class::ForeignAffairs => f.push(INTERPRETATION),
        Class::LargeConference => {
            if rng.chance(30) {
                f.push(LED);
            }
            if rng.chance(20) {
                f.push(RECORDING);
            }
        }
        Class::Standard if rng.chance(10) => f.push(VIDEO),
        _ => {}
    }
    // A wheelchair user among the attendees [无障碍].
    if rng.chance(5) {
        f.push(ACCESSIBLE);
    }
    f
}

fn equipment_for(rng: &mut Rng, class: Class, attendees: u32, features: &[&str]) -> Vec<(&'static str, u32)> {
    let mut e = Vec::new();
    match class {
        Class::SmallInternal => {
            if rng.chance(20) {
                e.push((PROJECTOR, 1));
            }
        }
        Class::Standard => {
            if rng.chance(40) {
                e.push((PROJECTOR, 1));
            }
            if rng.chance(30) {
                e.push((MIC, attendees.div_ceil(15)));
            }
            if rng.chance(20) {
                e.push((LAPTOP, 1));
            }
        }
        Class::VideoConference => {
            e.push((CAMERA, 1));
            e.push((MIC, rng.range(2, 6) as u32));
            if rng.chance(50) {
                e.push((LAPTOP, 1));
            }
        }
        Class::LargeConference => {
            e.push((MIC, rng.range(6, 20) as u32));
            e.push((PROJECTOR, rng.range(1, 2) as u32));
            if features.contains(&RECORDING) || rng.chance(30) {
                e.push((CAMERA, 1));
            }
        }
        Class::Confidential => {
            if rng.chance(30) {
                e.push((MIC, rng.range(2, 4) as u32));
            }
        }
        Class::ForeignAffairs => {
            e.push((HEADSET, attendees));
            e.push((MIC, rng.range(2, 8) as u32));
        }
    }
    e
}

/// Window of `half` on `day`, widened to the full day when the meeting would not fit it.
fn window(class: Class, duration: i64, day: usize, half: Half) -> (usize, i64, i64, Half) {
    let fits = |(es, le): (i64, i64)| {
        let lo = es.max(OPEN + class.setup_minutes());
        let hi = le.min(CLOSE - class.teardown_minutes());
        hi - lo >= duration
    };
    let half = if fits(half.bounds()) { half } else { Half::Full };
    let (es, le) = half.bounds();
    (day, es, le, half)
}

struct DayPicker {
    weights: Vec<u64>,
}

impl DayPicker {
    fn new(days: &[Day]) -> Self {
        // Monday is the busiest day of a government week, Friday afternoon the quietest.
        let weights = days
            .iter()
            .map(|d| [120, 115, 105, 95, 75].get(d.weekday).copied().unwrap_or(60))
            .collect();
        DayPicker { weights }
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        rng.weighted(&self.weights)
    }
}

fn draft_one(rng: &mut Rng, class: Class, day: usize, days: &[Day]) -> Meeting {
    let (alo, ahi) = class.attendees();
    let attendees = skewed(rng, alo, ahi);
    let (dlo, dhi) = class.duration();
    let duration = rng.stepped(dlo, dhi, GRID);
    let layout = layout_for(rng, class, attendees);
    let features = features_for(rng, class);
    let equipment = equipment_for(rng, class, attendees, &features);
    let confidential = match class {
        Class::Confidential => 1 + rng.weighted(&[50, 35, 15]) as u8,
        Class::Standard if rng.chance(5) => 1,
        _ => 0,
    };
    let half = match class {
        Class::LargeConference => [Half::Morning, Half::Full][rng.weighted(&[40, 60])],
        _ => [Half::Morning, Half::Afternoon, Half::Full][rng.weighted(&[45, 38, 17])],
    };
    let (day, es, le, half) = window(class, duration, day, half);
    let mut windows = vec![(day, es, le)];
    // Some meetings may take place on either of two days.
    if days.len() > 1 && rng.chance(8) {
        let week_start = day - day % 5;
        let week_end = (week_start + 5).min(days.len());
        let other = week_start + rng.index(week_end - week_start);
        if other != day {
            let (d2, es2, le2, _) = window(class, duration, other, half);
            windows.push((d2, es2, le2));
            windows.sort_unstable();
        }
    }
    let (plo, phi) = class.priority();
    let dept = rng.pick(&DEPARTMENTS).map_or("市政府办公厅", |&(_, n)| n);
    let topic = rng.pick(class.topics()).copied().unwrap_or("工作会");
    Meeting {
        class,
        title: format!("{dept}{topic}"),
        attendees,
        duration,
        day,
        half,
        windows,
        layout,
        features,
        equipment,
        confidential,
        priority: rng.range(plo, phi) as u8,
        people: Vec::new(),
        series: None,
        preferred_rooms: Vec::new(),
        preferred_start: None,
        preferred_staff: Vec::new(),
        pinned: None,
    }
}

/// Draws `total` meetings, `n_series` recurring series among them.
pub(crate) fn draft(
    rng: &mut Rng,
    days: &[Day],
    total: usize,
    n_series: usize,
) -> (Vec<Meeting>, Vec<Series>) {
    let picker = DayPicker::new(days);
    let mut meetings = Vec::with_capacity(total);
    let mut series = Vec::new();
    let mut used_ids = BTreeSet::new();
    for s in 0..n_series {
        let (kind, kind_name) = SERIES_KINDS
            .get(s % SERIES_KINDS.len())
            .copied()
            .unwrap_or(SERIES_KINDS[0]);
        let &(code, dept) = rng.pick(&DEPARTMENTS).unwrap_or(&DEPARTMENTS[0]);
        let mut id = if n_series <= SERIES_KINDS.len() {
            kind.to_string()
        } else {
            format!("{kind}-{code}")
        };
        let mut k = 2;
        while used_ids.contains(&id) {
            id = format!("{kind}-{code}-{k}");
            k += 1;
        }
        used_ids.insert(id.clone());
        let class = if rng.chance(30) {
            Class::VideoConference
        } else {
            Class::Standard
        };
        let template = draft_one(rng, class, 0, days);
        let duration = rng.stepped(60, 120, GRID);
        let half = if rng.chance(70) {
            Half::Morning
        } else {
            Half::Afternoon
        };
        // Days of the series: one day with two sessions for a one-day horizon; otherwise
        // 1–3 fixed weekdays in every week.
        let mut on: Vec<(usize, Half)> = Vec::new();
        if days.len() == 1 {
            on.push((0, Half::Morning));
            on.push((0, Half::Afternoon));
        } else {
            let per_week = rng.range(1, 3) as usize;
            let weekdays: Vec<usize> = match per_week {
                1 => vec![rng.index(4)],
                2 => {
                    let a = rng.index(3);
                    vec![a, a + 2]
                }
                _ => vec![0, 2, 4],
            };
            for (d, day) in days.iter().enumerate() {
                if weekdays.contains(&day.weekday) {
                    on.push((d, half));
                }
            }
        }
        let distinct: BTreeSet<usize> = on.iter().map(|&(d, _)| d).collect();
        for &(d, h) in &on {
            if meetings.len() >= total {
                break;
            }
            let (day, es, le, h) = window(class, duration, d, h);
            let mut windows = vec![(day, es, le)];
            // Some sessions may slip to the next day, which the spread rule then weighs.
            if day + 1 < days.len() && rng.chance(30) {
                windows.push((day + 1, es, le));
            }
            meetings.push(Meeting {
                title: format!("{dept}{kind_name}"),
                duration,
                day,
                half: h,
                windows,
                series: Some(s),
                priority: 4,
                layout: template.layout,
                features: template.features.clone(),
                equipment: template.equipment.clone(),
                ..draft_one(rng, class, day, days)
            });
            if let Some(m) = meetings.last_mut() {
                m.attendees = template.attendees;
            }
        }
        series.push(Series {
            id,
            min_days: distinct.len(),
        });
    }
    let weights: Vec<u64> = Class::ALL.iter().map(|c| c.frequency()).collect();
    while meetings.len() < total {
        let class = Class::ALL
            .get(rng.weighted(&weights))
            .copied()
            .unwrap_or(Class::Standard);
        let day = picker.pick(rng);
        meetings.push(draft_one(rng, class, day, days));
    }
    (meetings, series)
}

/// Rooms per band so that the busiest day asks for about `util_pct` % of their open hours.
/// Larger rooms can host smaller meetings, so bands are sized from the top down on the
/// demand of every meeting that needs at least that band.
pub(crate) fn band_counts(
    meetings: &[Meeting],
    n_days: usize,
    util_pct: i64,
    min_total: usize,
) -> [usize; 6] {
    let mut demand = vec![[0i64; 6]; n_days.max(1)];
    for m in meetings {
        if let Some(day) = demand.get_mut(m.day)
            && let Some(slot) = day.get_mut(m.band() as usize)
        {
            *slot += m.occupancy();
        }
    }
    let room_day = (CLOSE - OPEN) * util_pct / 100;
    let mut counts = [0usize; 6];
    let mut above = 0usize;
    for b in (0..6).rev() {
        let peak = demand
            .iter()
            .map(|d| d.iter().skip(b).sum::<i64>())
            .max()
            .unwrap_or(0);
        let need = (peak + room_day - 1) / room_day.max(1);
        let need = need.max(0) as usize;
        if let Some(c) = counts.get_mut(b) {
            *c = need.saturating_sub(above);
            above += *c;
        }
    }
    // Small rooms make up the shortfall when a minimum room count is asked for.
    let total: usize = counts.iter().sum();
    if total < min_total {
        let extra = min_total - total;
        counts[0] += extra / 2;
        counts[1] += extra - extra / 2;
    }
    counts
}

/// Person-minutes of service asked for on the busiest day.
pub(crate) fn peak_task_minutes(meetings: &[Meeting], n_days: usize) -> i64 {
    let mut per_day = vec![0i64; n_days.max(1)];
    for m in meetings {
        if let Some(d) = per_day.get_mut(m.day) {
            *d += m.class.task_minutes(m.attendees, m.duration);
        }
    }
    per_day.into_iter().max().unwrap_or(0)
}

/// Makes every meeting placeable in some room: shrinks what no room offers.
fn make_fit(m: &mut Meeting, site: &Site) {
    if site.rooms.iter().any(|r| m.fits(site, r)) {
        return;
    }
    // First keep the requirements and reduce the party to the largest room that meets them.
    let reduce = |m: &mut Meeting| {
        let best = site
            .rooms
            .iter()
            .filter(|r| {
                m.features.iter().all(|f| r.features.contains(f)) && r.confidential_level >= m.confidential
            })
            .filter_map(|r| r.seats(m.layout))
            .max();
        if let Some(seats) = best
            && seats >= 1
        {
            m.attendees = m.attendees.min(seats);
            for (kind, count) in m.equipment.iter_mut() {
                if *kind == HEADSET {
                    *count = (*count).min(m.attendees);
                }
            }
        }
    };
    reduce(m);
    if site.rooms.iter().any(|r| m.fits(site, r)) {
        return;
    }
    m.layout = None;
    reduce(m);
    if site.rooms.iter().any(|r| m.fits(site, r)) {
        return;
    }
    // Finally ask only for what the best room offers.
    m.equipment.clear();
    m.features.retain(|&f| f == VIDEO || f == INTERPRETATION);
    let max_conf = site.rooms.iter().map(|r| r.confidential_level).max().unwrap_or(0);
    m.confidential = m.confidential.min(max_conf);
    reduce(m);
    if !site.rooms.iter().any(|r| m.fits(site, r)) {
        m.features.clear();
        m.confidential = 0;
        let cap = site.rooms.iter().map(|r| r.capacity).max().unwrap_or(1);
        m.attendees = m.attendees.min(cap).max(1);
    }
}

/// Start range on the grid for the meeting in a window, given the building's hours.
fn start_range(m: &Meeting, (es, le): (i64, i64), (open, close): (i64, i64)) -> Option<(i64, i64)> {
    let lo = es.max(open + m.class.setup_minutes());
    let lo = (lo + GRID - 1) / GRID * GRID;
    let hi = le.min(close - m.class.teardown_minutes()) - m.duration;
    let hi = hi / GRID * GRID;
    (lo <= hi).then_some((lo, hi))
}

pub(crate) struct Extras {
    pub n_leaders: usize,
    pub n_pins: usize,
}

/// Fits the drafts to the site and adds preferences, leaders and pins.
pub(crate) fn finish(
    rng: &mut Rng,
    meetings: &mut [Meeting],
    series: &[Series],
    site: &Site,
    staff: &[Staff],
    n_days: usize,
    extras: &Extras,
) -> Vec<Leader> {
    for m in meetings.iter_mut() {
        make_fit(m, site);
    }
    // A series usually asks for its usual room.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); series.len()];
    for (i, m) in meetings.iter().enumerate() {
        if let Some(list) = m.series.and_then(|s| members.get_mut(s)) {
            list.push(i);
        }
    }
    let mut series_room: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    for (s, list) in members.iter().enumerate() {
        let fitting: Vec<usize> = (0..site.rooms.len())
            .filter(|&r| {
                site.rooms.get(r).is_some_and(|room| {
                    list.iter()
                        .all(|&i| meetings.get(i).is_some_and(|m| m.fits(site, room)))
                })
            })
            .collect();
        let pick = if rng.chance(60) {
            rng.pick(&fitting).copied()
        } else {
            None
        };
        series_room.insert(s, pick);
    }
    let by_building: Vec<Vec<usize>> = (0..site.buildings.len())
        .map(|b| {
            (0..staff.len())
                .filter(|&s| staff.get(s).is_some_and(|x| x.building == b))
                .collect()
        })
        .collect();
    for m in meetings.iter_mut() {
        if let Some(Some(room)) = m.series.and_then(|s| series_room.get(&s)) {
            m.preferred_rooms.push(*room);
        } else if rng.chance(20) {
            let fitting: Vec<usize> = (0..site.rooms.len())
                .filter(|&r| site.rooms.get(r).is_some_and(|x| m.fits(site, x)))
                .collect();
            let n = rng.range(1, 2) as usize;
            for _ in 0..n {
                if let Some(&r) = rng.pick(&fitting)
                    && !m.preferred_rooms.contains(&r)
                {
                    m.preferred_rooms.push(r);
                }
            }
            m.preferred_rooms.sort_unstable();
        }
        if rng.chance(20)
            && let Some(&(day, es, le)) = m.windows.first()
            && let Some((lo, hi)) = start_range(m, (es, le), (OPEN, CLOSE))
        {
            m.preferred_start = Some((day, rng.stepped(lo, hi, GRID)));
        }
        // A familiar face for the host: staff of the preferred room's building, else any.
        if m.class != Class::SmallInternal && rng.chance(10) {
            let building = m
                .preferred_rooms
                .first()
                .and_then(|&r| site.rooms.get(r))
                .map_or_else(|| rng.index(site.buildings.len()), |r| r.building);
            let skills: Vec<&str> = m.class.tasks().iter().map(|t| t.skill).collect();
            let candidates: Vec<usize> = by_building
                .get(building)
                .map(|list| {
                    list.iter()
                        .copied()
                        .filter(|&s| {
                            staff.get(s).is_some_and(|x| {
                                skills.iter().any(|k| x.level(k) > 0)
                                    && x.clearance >= m.confidential
                                    && !(x.external && m.confidential > 0)
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(&s) = rng.pick(&candidates) {
                m.preferred_staff.push(s);
            }
        }
    }
    let leaders = assign_leaders(rng, meetings, n_days, extras.n_leaders);
    pin(rng, meetings, site, extras.n_pins);
    leaders
}

fn assign_leaders(rng: &mut Rng, meetings: &mut [Meeting], n_days: usize, n: usize) -> Vec<Leader> {
    let mut leaders = Vec::with_capacity(n);
    let mut used = BTreeSet::new();
    let candidates: Vec<usize> = (0..meetings.len())
        .filter(|&i| meetings.get(i).is_some_and(|m| m.class != Class::SmallInternal))
        .collect();
    if candidates.is_empty() {
        return leaders;
    }
    for l in 0..n {
        let title = if l == 0 {
            "mayor"
        } else {
            rng.pick(&TITLES).copied().unwrap_or("director")
        };
        let surname = rng.pick(&SURNAMES_PINYIN).copied().unwrap_or("wang");
        let mut id = format!("{title}-{surname}");
        let mut k = 2;
        while used.contains(&id) {
            id = format!("{title}-{surname}-{k}");
            k += 1;
        }
        used.insert(id.clone());
        leaders.push(Leader {
            id,
            compact: rng.chance(30),
        });
        // 3–10 meetings a week, never more than a leader's day can hold.
        let target = ((rng.range(3, 10) as usize * n_days).div_ceil(5)).max(2);
        let mut load: BTreeMap<(usize, u8), i64> = BTreeMap::new();
        let mut count_per_day: BTreeMap<usize, usize> = BTreeMap::new();
        let mut taken = 0;
        for _ in 0..target * 20 {
            if taken >= target {
                break;
            }
            let Some(&i) = rng.pick(&candidates) else { break };
            let Some(m) = meetings.get_mut(i) else { continue };
            if m.people.len() >= 3 || m.people.contains(&l) {
                continue;
            }
            let single = m.windows.len() == 1;
            let day_load = load.get(&(m.day, 0)).copied().unwrap_or(0);
            let (slot, cap) = match m.half {
                Half::Morning => (1, 180),
                Half::Afternoon => (2, 210),
                Half::Full => (0, 360),
            };
            let half_load = load.get(&(m.day, slot)).copied().unwrap_or(0);
            let n_day = count_per_day.get(&m.day).copied().unwrap_or(0);
            if n_day >= 3
                || day_load + m.duration > 360
                || (single && slot != 0 && half_load + m.duration > cap)
            {
                continue;
            }
            m.people.push(l);
            m.priority = (m.priority + 1).min(10);
            *load.entry((m.day, 0)).or_insert(0) += m.duration;
            if slot != 0 {
                *load.entry((m.day, slot)).or_insert(0) += m.duration;
            }
            *count_per_day.entry(m.day).or_insert(0) += 1;
            taken += 1;
        }
    }
    leaders
}

/// Pins a few announced meetings, consistently: the room fits without borrowing, the
/// occupancy lies in opening hours and clear of maintenance, and no two pins clash in a
/// room or share a person on one day.
fn pin(rng: &mut Rng, meetings: &mut [Meeting], site: &Site, n: usize) {
    let mut order: Vec<usize> = (0..meetings.len()).collect();
    rng.shuffle(&mut order);
    // (room, day) → pinned occupancies; (person, day) taken.
    let mut room_busy: BTreeMap<(usize, usize), Vec<(i64, i64)>> = BTreeMap::new();
    let mut person_day: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut pinned = 0;
    for i in order {
        if pinned >= n {
            break;
        }
        let Some(m) = meetings.get_mut(i) else { continue };
        if m.people.iter().any(|&p| person_day.contains(&(p, m.day))) {
            continue;
        }
        let Some(&(day, es, le)) = m.windows.first() else {
            continue;
        };
        let rooms: Vec<usize> = (0..site.rooms.len())
            .filter(|&r| {
                site.rooms
                    .get(r)
                    .is_some_and(|x| m.fits(site, x) && m.borrows_nothing(x))
            })
            .collect();
        for _ in 0..4 {
            let Some(&r) = rng.pick(&rooms) else { break };
            let Some(room) = site.rooms.get(r) else { break };
            let Some(b) = site.buildings.get(room.building) else {
                break;
            };
            let Some((lo, hi)) = start_range(m, (es, le), (b.open, b.close)) else {
                continue;
            };
            let start = rng.stepped(lo, hi, GRID);
            let occ = (
                start - m.class.setup_minutes(),
                start + m.duration + m.class.teardown_minutes(),
            );
            let gap = room.layout_change;
            let maintenance = room
                .unavailable
                .iter()
                .any(|&(d, s, e)| d == day && s < occ.1 && occ.0 < e);
            let busy = room_busy
                .get(&(r, day))
                .is_some_and(|list| list.iter().any(|&(s, e)| s < occ.1 + gap && occ.0 < e + gap));
            if maintenance || busy {
                continue;
            }
            room_busy.entry((r, day)).or_default().push(occ);
            for &p in &m.people {
                person_day.insert((p, day));
            }
            m.day = day;
            m.pinned = Some((r, start));
            pinned += 1;
            break;
        }
    }
}

pub(crate) fn to_json(
    meetings: &[Meeting],
    ids: &[String],
    site: &Site,
    staff: &[Staff],
    leaders: &[Leader],
    series: &[Series],
    days: &[Day],
) -> Value {
    let room_id = |r: usize| site.rooms.get(r).map(|x| x.id.clone());
    let at = |d: usize, m: i64| days.get(d).map(|x| x.at(m));
    Value::Array(
        meetings
            .iter()
            .zip(ids)
            .map(|(m, id)| {
                let mut o = Map::new();
                o.insert("id".into(), json!(id));
                o.insert("title".into(), json!(m.title));
                o.insert("class".into(), json!(m.class.id()));
                o.insert("attendees".into(), json!(m.attendees));
                o.insert("duration".into(), json!(m.duration));
                let windows: Vec<Value> = m
                    .windows
                    .iter()
                    .map(|&(d, es, le)| json!({ "earliest_start": at(d, es), "latest_end": at(d, le) }))
                    .collect();
                o.insert("windows".into(), Value::Array(windows));
                if let Some(l) = m.layout {
                    o.insert("layout".into(), json!(l));
                }
                if !m.features.is_empty() {
                    o.insert("features".into(), json!(m.features));
                }
                if !m.equipment.is_empty() {
                    let e: Map<String, Value> = m
                        .equipment
                        .iter()
                        .map(|&(k, c)| (k.to_string(), json!(c)))
                        .collect();
                    o.insert("equipment".into(), Value::Object(e));
                }
                if !m.people.is_empty() {
                    let p: Vec<&str> = m
                        .people
                        .iter()
                        .filter_map(|&p| leaders.get(p).map(|l| l.id.as_str()))
                        .collect();
                    o.insert("people".into(), json!(p));
                }
                if m.confidential > 0 {
                    o.insert("confidential".into(), json!(m.confidential));
                }
                o.insert("priority".into(), json!(m.priority));
                if !m.preferred_rooms.is_empty() {
                    let r: Vec<Option<String>> = m.preferred_rooms.iter().map(|&r| room_id(r)).collect();
                    o.insert("preferred_rooms".into(), json!(r));
                }
                if let Some((d, s)) = m.preferred_start {
                    o.insert("preferred_start".into(), json!(at(d, s)));
                }
                if !m.preferred_staff.is_empty() {
                    let s: Vec<Option<&str>> = m
                        .preferred_staff
                        .iter()
                        .map(|&s| staff.get(s).map(|x| x.id.as_str()))
                        .collect();
                    o.insert("preferred_staff".into(), json!(s));
                }
                if let Some(s) = m.series.and_then(|s| series.get(s)) {
                    o.insert("series".into(), json!(s.id));
                }
                if let Some((r, start)) = m.pinned {
                    o.insert(
                        "pinned".into(),
                        json!({ "room": room_id(r), "start": at(m.day, start) }),
                    );
                }
                Value::Object(o)
            })
            .collect(),
    )
}
