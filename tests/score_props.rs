//! Properties of the scorer against an independent oracle: a naive all-pairs scorer written
//! here from SPEC §4/§6 alone equals `evaluate` on random small problems and random (often
//! invalid) assignments, and `check` of the plan `Assignment::to_plan` writes gives the same
//! report.

use std::collections::{BTreeMap, BTreeSet};

use huiwu::Report;
use huiwu::Rule;
use huiwu::{AnchorPoint, Interval};
use huiwu::{Assignment, Placement};
use huiwu::{MeetingId, Problem, RoomId, StaffId, TaskId, check, evaluate, load_problem_str};
use proptest::prelude::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------- a tiny seeded PRNG

// The SPEC names, written out here: the naive scorer is an oracle independent of huiwu's `Rule`.
const HARD_RULES: [&str; 9] = [
    "pinned",
    "room_fit",
    "time_fit",
    "room_clash",
    "person_clash",
    "equipment",
    "staff_fit",
    "staff_clash",
    "staff_hours",
];
const MEDIUM_TERMS: [&str; 2] = ["unassigned", "missing_staff"];
const SOFT_TERMS: [&str; 14] = [
    "seat_waste",
    "capacity_overflow",
    "room_open",
    "room_preference",
    "time_preference",
    "staff_travel",
    "overtime",
    "preferred_staff",
    "series_room",
    "series_spread",
    "isolated",
    "moved_room",
    "moved_time",
    "staff_changed",
];

/// A report's terms by SPEC name.
fn by_name(r: &Report) -> BTreeMap<&'static str, i64> {
    r.terms.iter().map(|(k, v)| (k.name(), *v)).collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const DAYS: [&str; 2] = ["2026-03-02", "2026-03-03"];

fn stamp(day: usize, minute: i64) -> String {
    format!("{}T{:02}:{:02}", DAYS[day], minute / 60, minute % 60)
}

// ---------------------------------------------------------------- random problems

fn random_problem(seed: u64) -> Value {
    let mut g = Rng(seed);
    let buildings = ["A", "B", "C"];
    let mut travel = vec![json!({ "from": "A", "to": "B", "minutes": *g.pick(&[0, 5, 10, 15, 30]) })];
    if g.chance(50) {
        travel.push(json!({ "from": "B", "to": "C", "minutes": *g.pick(&[5, 10, 15, 20]) }));
    }
    let n_rooms = g.range(2, 4) as usize;
    let mut rooms = Vec::new();
    for i in 0..n_rooms {
        let mut room = json!({
            "id": format!("R{i}"),
            "building": if i == 0 { "A" } else { *g.pick(&buildings) },
            "capacity": g.range(4, 20),
            "confidential_level": g.range(0, 3),
            "layout_change_minutes": *g.pick(&[0, 10, 15, 30]),
        });
        if i == 0 || g.chance(50) {
            room["layouts"] = json!({ "theatre": g.range(5, 25), "classroom": g.range(3, 15) });
        }
        if i == 0 || g.chance(50) {
            room["features"] = json!(["video"]);
        }
        if g.chance(50) {
            room["equipment"] = json!({ "mic": g.range(0, 2) });
        }
        if g.chance(40) {
            room["open_cost"] = json!(g.range(0, 90));
        }
        if g.chance(30) {
            let d = g.below(2) as usize;
            let s = g.range(8, 15) * 60;
            room["unavailable"] = json!([{ "start": stamp(d, s), "end": stamp(d, s + g.range(1, 8) * 15) }]);
        }
        rooms.push(room);
    }
    let mut staff = Vec::new();
    for i in 0..g.range(1, 3) {
        let mut s = json!({
            "id": format!("S{i}"),
            "building": *g.pick(&buildings),
            "skills": { "setup": g.range(1, 3) },
            "clearance": g.range(0, 3),
            "external": g.chance(20),
            "max_minutes_per_day": g.range(30, 300),
            "preferred_minutes_per_day": g.range(0, 120),
        });
        if g.chance(40) {
            s["max_minutes_total"] = json!(g.range(30, 400));
        }
        if g.chance(30) {
            let d = g.below(2) as usize;
            s["available"] = json!([{ "start": stamp(d, 8 * 60), "end": stamp(d, 14 * 60) }]);
        }
        staff.push(s);
    }
    let classes = json!([
        { "id": "plain", "setup_minutes": *g.pick(&[0, 15]), "teardown_minutes": *g.pick(&[0, 10]) },
        { "id": "svc", "setup_minutes": 15, "tasks": [
            { "name": "help", "skill": "setup", "level": g.range(1, 2),
              "from": { "anchor": "start" }, "to": { "anchor": "end" },
              "staff": g.range(0, 1), "per_attendees": *g.pick(&[0, 8]) },
            { "name": "prep", "skill": "setup", "level": 1,
              "from": { "anchor": "start", "offset": -15 }, "to": { "anchor": "start", "offset": 0 },
              "staff": 1 } ] }
    ]);
    let n_meetings = g.range(3, 8) as usize;
    let mut meetings = Vec::new();
    for i in 0..n_meetings {
        let mut m = json!({
            "id": format!("M{i}"),
            "class": *g.pick(&["plain", "svc"]),
            "attendees": g.range(1, 20),
            "duration": *g.pick(&[30, 45, 60, 90]),
            "priority": g.range(1, 5),
            "confidential": g.range(0, 2),
        });
        if g.chance(40) {
            m["layout"] = json!(*g.pick(&["theatre", "classroom"]));
        }
        if g.chance(30) {
            m["features"] = json!(["video"]);
        }
        if g.chance(40) {
            m["equipment"] = json!({ "mic": g.range(1, 3) });
        }
        let mut people = Vec::new();
        for p in ["li", "wang", "zhao"] {
            if g.chance(40) {
                people.push(p);
            }
        }
        if !people.is_empty() {
            m["people"] = json!(people);
        }
        if g.chance(30) {
            let d = g.below(2) as usize;
            let s = g.range(8, 14) * 60;
            m["windows"] = json!([{ "earliest_start": stamp(d, s), "latest_end": stamp(d, s + 180) }]);
        }
        if g.chance(30) {
            m["preferred_rooms"] = json!([format!("R{}", g.below(n_rooms as u64))]);
        }
        if g.chance(30) {
            m["preferred_start"] = json!(stamp(g.below(2) as usize, g.range(8 * 12, 16 * 12) * 5));
        }
        if g.chance(30) && !staff.is_empty() {
            m["preferred_staff"] = json!(["S0"]);
        }
        if g.chance(40) {
            m["series"] = json!(*g.pick(&["wk", "adhoc"]));
        }
        if g.chance(15) {
            m["pinned"] = json!({ "room": "R0", "start": stamp(g.below(2) as usize, g.range(32, 60) * 15) });
        }
        meetings.push(m);
    }
    let mut weights = serde_json::Map::new();
    for name in MEDIUM_TERMS.iter().chain(SOFT_TERMS.iter()) {
        if *name == "capacity_overflow" {
            if g.chance(40) {
                weights.insert(name.to_string(), json!(g.range(0, 3)));
            }
        } else if g.chance(80) {
            weights.insert(name.to_string(), json!(g.range(0, 5)));
        }
    }
    let mut v = json!({
        "version": 1,
        "granularity_minutes": *g.pick(&[5, 15]),
        "days": DAYS,
        "opening": { "start": "08:00", "end": "18:00" },
        "buildings": [ { "id": "A" }, { "id": "B", "opening": { "start": "07:00", "end": "20:00" } }, { "id": "C" } ],
        "travel": travel,
        "rooms": rooms,
        "equipment_pools": [ { "building": "A", "kind": "mic", "count": g.range(0, 4) } ],
        "staff": staff,
        "people": [ { "id": "li", "compact": true }, { "id": "wang", "compact": g.chance(50) } ],
        "series": [ { "id": "wk", "min_days": g.range(0, 3) } ],
        "service_classes": classes,
        "meetings": meetings,
        "weights": weights,
    });
    if g.chance(40) {
        let mut placed = Vec::new();
        let mut tasks = Vec::new();
        for i in 0..n_meetings + 1 {
            if g.chance(60) {
                placed.push(json!({
                    "id": format!("M{i}"),
                    "room": format!("R{}", g.below(n_rooms as u64 + 1)),
                    "start": stamp(g.below(2) as usize, g.range(32, 64) * 15),
                }));
                tasks.push(json!({ "id": format!("M{i}/help"), "staff": ["S0"] }));
            }
        }
        v["reference_plan"] = json!({ "version": 1, "meetings": placed, "unassigned": [], "tasks": tasks });
    }
    v
}

fn random_assignment(p: &Problem, seed: u64) -> Assignment {
    let mut g = Rng(seed ^ 0xA5A5_5A5A);
    let rooms: Vec<RoomId> = p.room_ids().collect();
    let staff: Vec<StaffId> = p.staff_ids().collect();
    let mut a = Assignment::empty(p);
    for m in p.meeting_ids() {
        if g.chance(25) {
            continue;
        }
        let day = g.range(0, 1) as i32;
        let minute = g.range(7 * 12, 17 * 12) as i32 * 5;
        a.placements[m.index()] = Some(Placement {
            room: *g.pick(&rooms),
            start: day * 1440 + minute,
        });
    }
    for t in p.task_ids() {
        if staff.is_empty() {
            break;
        }
        let n = g.range(0, 3);
        a.staffing[t.index()] = (0..n).map(|_| *g.pick(&staff)).collect();
    }
    a
}

// ---------------------------------------------------------------- the naive oracle

struct Naive<'a> {
    p: &'a Problem,
    a: &'a Assignment,
    terms: BTreeMap<&'static str, i64>,
}

fn overlap(a: Interval, b: Interval) -> bool {
    a.start < b.end && b.start < a.end
}

fn day(t: i32) -> i32 {
    t.div_euclid(1440)
}

impl<'a> Naive<'a> {
    fn add(&mut self, name: &'static str, v: i64) {
        *self.terms.entry(name).or_insert(0) += v;
    }
    fn placed(&self) -> Vec<(MeetingId, Placement)> {
        self.p
            .meeting_ids()
            .filter_map(|m| self.a.placements[m.index()].map(|pl| (m, pl)))
            .collect()
    }
    fn building(&self, pl: Placement) -> usize {
        self.p.rooms[pl.room.index()].building.index()
    }
    fn occ(&self, m: MeetingId, s: i32) -> Interval {
        let c = &self.p.classes[self.p.meetings[m.index()].class.index()];
        Interval::new(
            s - c.setup_minutes,
            s + self.p.meetings[m.index()].duration + c.teardown_minutes,
        )
    }
    fn span(&self, m: MeetingId, s: i32) -> Interval {
        Interval::new(s, s + self.p.meetings[m.index()].duration)
    }
    fn task_iv(&self, t: TaskId, s: i32) -> Interval {
        let task = &self.p.tasks[t.index()];
        let e = s + self.p.meetings[task.meeting.index()].duration;
        let at = |point: AnchorPoint, off: i32| match point {
            AnchorPoint::Start => s + off,
            AnchorPoint::End => e + off,
        };
        Interval::new(
            at(task.from.point, task.from.offset),
            at(task.to.point, task.to.offset),
        )
    }
    fn seats(&self, m: MeetingId, r: RoomId) -> Option<i32> {
        let room = &self.p.rooms[r.index()];
        match self.p.meetings[m.index()].layout {
            None => Some(room.capacity),
            Some(l) => room.layouts.iter().find(|(x, _)| *x == l).map(|(_, n)| *n),
        }
    }
    fn travel(&self, a: usize, b: usize) -> Option<i32> {
        self.p.travel[a][b]
    }
    /// Distinct people on a task of a placed meeting.
    fn held(&self, t: TaskId) -> Vec<StaffId> {
        let m = self.p.tasks[t.index()].meeting;
        if self.a.placements[m.index()].is_none() {
            return Vec::new();
        }
        let mut out: Vec<StaffId> = Vec::new();
        for &s in &self.a.staffing[t.index()] {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
    /// (task, interval, building) of every task a person holds.
    fn duties(&self, s: StaffId) -> Vec<(TaskId, Interval, usize)> {
        let mut out = Vec::new();
        for (m, pl) in self.placed() {
            for &t in &self.p.meetings[m.index()].tasks {
                if self.held(t).contains(&s) {
                    out.push((t, self.task_iv(t, pl.start), self.building(pl)));
                }
            }
        }
        out
    }

    fn run(mut self) -> BTreeMap<&'static str, i64> {
        for n in HARD_RULES
            .iter()
            .chain(MEDIUM_TERMS.iter())
            .chain(SOFT_TERMS.iter())
        {
            self.terms.insert(n, 0);
        }
        let p = self.p;
        let w = p.weights.clone();
        let placed = self.placed();

        for (mi, m) in p.meetings.iter().enumerate() {
            if let Some(pin) = m.pinned {
                let ok = self.a.placements[mi].is_some_and(|pl| pl.room == pin.room && pl.start == pin.start);
                if !ok {
                    self.add("pinned", 1);
                }
            }
            if self.a.placements[mi].is_none() {
                self.add("unassigned", w[Rule::Unassigned] * m.priority);
            }
        }

        for &(m, pl) in &placed {
            let meeting = &p.meetings[m.index()];
            let room = &p.rooms[pl.room.index()];
            // room_fit, seats
            match self.seats(m, pl.room) {
                None => self.add("room_fit", 1),
                Some(s) if s >= meeting.attendees => self.add(
                    "seat_waste",
                    i64::from(s - meeting.attendees) * w[Rule::SeatWaste],
                ),
                Some(s) => match w.capacity_overflow() {
                    None => self.add("room_fit", 1),
                    Some(x) => self.add("capacity_overflow", i64::from(meeting.attendees - s) * x),
                },
            }
            if meeting.features.iter().any(|f| !room.features.contains(f)) {
                self.add("room_fit", 1);
            }
            if room.confidential_level < meeting.confidential {
                self.add("room_fit", 1);
            }
            // time_fit
            let s = pl.start;
            if s.rem_euclid(p.granularity) != 0 {
                self.add("time_fit", 1);
            }
            if !p.days.contains(&day(s)) {
                self.add("time_fit", 1);
            }
            if let Some(ws) = &meeting.windows {
                let iv = self.span(m, s);
                if !ws.iter().any(|w| w.start <= iv.start && iv.end <= w.end) {
                    self.add("time_fit", 1);
                }
            }
            let o = p.buildings[room.building.index()].opening;
            let occ = self.occ(m, s);
            if occ.start < day(s) * 1440 + o.start || occ.end > day(s) * 1440 + o.end {
                self.add("time_fit", 1);
            }
            for u in &room.unavailable {
                if overlap(occ, *u) {
                    self.add("room_clash", 1);
                }
            }
            // preferences
            if !meeting.preferred_rooms.is_empty() && !meeting.preferred_rooms.contains(&pl.room) {
                self.add("room_preference", w[Rule::RoomPreference]);
            }
            if let Some(ps) = meeting.preferred_start {
                let d = i64::from((s - ps).abs());
                let g = i64::from(p.granularity);
                self.add("time_preference", (d + g - 1) / g * w[Rule::TimePreference]);
            }
            for ps in &meeting.preferred_staff {
                if !meeting.tasks.iter().any(|&t| self.held(t).contains(ps)) {
                    self.add("preferred_staff", w[Rule::PreferredStaff]);
                }
            }
            // tasks
            for &t in &meeting.tasks {
                let task = &p.tasks[t.index()];
                let held = self.held(t);
                let listed = self.a.staffing[t.index()].len();
                self.add(
                    "missing_staff",
                    (i64::from(task.need) - held.len() as i64).max(0) * w[Rule::MissingStaff],
                );
                self.add("staff_fit", (listed - held.len()) as i64);
                self.add("staff_fit", (held.len() as i64 - i64::from(task.need)).max(0));
                let iv = self.task_iv(t, s);
                for &x in &held {
                    let st = &p.staff[x.index()];
                    let lvl = st
                        .skills
                        .iter()
                        .find(|(k, _)| *k == task.skill)
                        .map_or(0, |(_, l)| *l);
                    let fails = [
                        lvl < task.level,
                        st.clearance < meeting.confidential,
                        st.external && meeting.confidential > 0,
                        !st.available
                            .iter()
                            .any(|a| a.start <= iv.start && iv.end <= a.end),
                        self.travel(st.building.index(), room.building.index()).is_none(),
                    ];
                    self.add("staff_fit", fails.iter().filter(|f| **f).count() as i64);
                }
            }
        }

        // Pairs of placed meetings: room overlaps, person clashes.
        for (i, &(a, pa)) in placed.iter().enumerate() {
            for &(b, pb) in placed.iter().skip(i + 1) {
                if pa.room == pb.room && overlap(self.occ(a, pa.start), self.occ(b, pb.start)) {
                    self.add("room_clash", 1);
                }
                let shared = p.meetings[a.index()]
                    .people
                    .iter()
                    .any(|x| p.meetings[b.index()].people.contains(x));
                if shared {
                    let (ia, ib) = (self.span(a, pa.start), self.span(b, pb.start));
                    if self.clash(ia, self.building(pa), ib, self.building(pb)) {
                        self.add("person_clash", 1);
                    }
                }
            }
        }
        // Layout changes: consecutive = no third occupancy strictly between in the order.
        let key = |m: MeetingId, pl: Placement| {
            let o = self.occ(m, pl.start);
            (o.start, o.end, m.index())
        };
        let layout_name = |m: MeetingId| {
            p.meetings[m.index()]
                .layout
                .map_or(String::new(), |l| p.layout_names[l.index()].clone())
        };
        let mut layout_clashes = 0;
        for &(a, pa) in &placed {
            for &(b, pb) in &placed {
                if pa.room != pb.room || key(a, pa) >= key(b, pb) {
                    continue;
                }
                let between = placed
                    .iter()
                    .any(|&(c, pc)| pc.room == pa.room && key(a, pa) < key(c, pc) && key(c, pc) < key(b, pb));
                let (oa, ob) = (self.occ(a, pa.start), self.occ(b, pb.start));
                if !between
                    && !overlap(oa, ob)
                    && layout_name(a) != layout_name(b)
                    && ob.start - oa.end < p.rooms[pa.room.index()].layout_change_minutes
                {
                    layout_clashes += 1;
                }
            }
        }
        self.add("room_clash", layout_clashes);

        // Equipment: elementary intervals between event times.
        let mut stretches = 0;
        for b in 0..p.buildings.len() {
            for k in 0..p.kind_names.len() {
                let pool = i64::from(p.pools[b][k]);
                let users: Vec<(Interval, i64)> = placed
                    .iter()
                    .filter(|(_, pl)| self.building(*pl) == b)
                    .filter_map(|&(m, pl)| {
                        let need = p.meetings[m.index()]
                            .equipment
                            .iter()
                            .find(|(x, _)| x.index() == k)
                            .map_or(0, |x| x.1);
                        let fixed = p.rooms[pl.room.index()]
                            .equipment
                            .iter()
                            .find(|(x, _)| x.index() == k)
                            .map_or(0, |x| x.1);
                        let borrowed = i64::from((need - fixed).max(0));
                        (borrowed > 0).then(|| (self.occ(m, pl.start), borrowed))
                    })
                    .collect();
                let times: BTreeSet<i32> = users.iter().flat_map(|(iv, _)| [iv.start, iv.end]).collect();
                let times: Vec<i32> = times.into_iter().collect();
                let mut was_over = false;
                for w2 in times.windows(2) {
                    let piece = Interval::new(w2[0], w2[1]);
                    let level: i64 = users
                        .iter()
                        .filter(|(iv, _)| overlap(*iv, piece))
                        .map(|x| x.1)
                        .sum();
                    let over = level > pool;
                    if over && !was_over {
                        stretches += 1;
                    }
                    was_over = over;
                }
            }
        }
        self.add("equipment", stretches);

        // Staff.
        for s in p.staff_ids() {
            let st = &p.staff[s.index()];
            let duties = self.duties(s);
            for (i, a) in duties.iter().enumerate() {
                for b in duties.iter().skip(i + 1) {
                    let (x, y) = if a.1.start <= b.1.start { (a, b) } else { (b, a) };
                    if self.clash(x.1, x.2, y.1, y.2) {
                        self.add("staff_clash", 1);
                    }
                }
            }
            let days: BTreeSet<i32> = duties.iter().map(|d| day(d.1.start)).collect();
            let mut total = 0i64;
            for &dd in &days {
                let mut today: Vec<&(TaskId, Interval, usize)> =
                    duties.iter().filter(|d| day(d.1.start) == dd).collect();
                let minutes: i64 = today.iter().map(|d| i64::from(d.1.end - d.1.start)).sum();
                total += minutes;
                if minutes > st.max_minutes_per_day {
                    self.add("staff_hours", 1);
                }
                self.add(
                    "overtime",
                    (minutes - st.preferred_minutes_per_day).max(0) * w[Rule::Overtime],
                );
                today.sort_by(|a, b| {
                    (a.1.start, a.1.end, &p.tasks[a.0.index()].id).cmp(&(
                        b.1.start,
                        b.1.end,
                        &p.tasks[b.0.index()].id,
                    ))
                });
                let mut at = st.building.index();
                let mut route = 0i64;
                for d in &today {
                    route += i64::from(self.travel(at, d.2).unwrap_or(0));
                    at = d.2;
                }
                route += i64::from(self.travel(at, st.building.index()).unwrap_or(0));
                self.add("staff_travel", route * w[Rule::StaffTravel]);
            }
            if st.max_minutes_total.is_some_and(|cap| total > cap) {
                self.add("staff_hours", 1);
            }
        }

        // Rooms opened.
        let opened: BTreeSet<(usize, i32)> = placed
            .iter()
            .map(|(_, pl)| (pl.room.index(), day(pl.start)))
            .collect();
        for (r, _) in opened {
            let cost = if w[Rule::RoomOpen] == 0 {
                0
            } else {
                p.rooms[r].open_cost.unwrap_or(w[Rule::RoomOpen])
            };
            self.add("room_open", cost);
        }

        // Series.
        for (si, series) in p.series.iter().enumerate() {
            let mine: Vec<&(MeetingId, Placement)> = placed
                .iter()
                .filter(|(m, _)| p.meetings[m.index()].series.is_some_and(|x| x.index() == si))
                .collect();
            let rooms: BTreeSet<usize> = mine.iter().map(|(_, pl)| pl.room.index()).collect();
            let days: BTreeSet<i32> = mine.iter().map(|(_, pl)| day(pl.start)).collect();
            self.add(
                "series_room",
                (rooms.len() as i64 - 1).max(0) * w[Rule::SeriesRoom],
            );
            self.add(
                "series_spread",
                (series.min_days - days.len() as i64).max(0) * w[Rule::SeriesSpread],
            );
        }

        // Isolated.
        for (pi, person) in p.people.iter().enumerate() {
            if !person.compact {
                continue;
            }
            let mine: Vec<(MeetingId, Interval)> = placed
                .iter()
                .filter(|(m, _)| p.meetings[m.index()].people.iter().any(|x| x.index() == pi))
                .map(|&(m, pl)| (m, self.span(m, pl.start)))
                .collect();
            for &(m, iv) in &mine {
                let neighbour = mine
                    .iter()
                    .any(|&(o, ov)| o != m && (ov.end == iv.start || ov.start == iv.end));
                if !neighbour {
                    self.add("isolated", w[Rule::Isolated]);
                }
            }
        }

        // Reference.
        if let Some(reference) = &p.reference {
            for &(m, pl) in &placed {
                if let Some(Some((room, start))) = reference.placements.get(m.index()) {
                    if *room != p.rooms[pl.room.index()].id {
                        self.add("moved_room", w[Rule::MovedRoom]);
                    }
                    if *start != pl.start {
                        self.add("moved_time", w[Rule::MovedTime]);
                    }
                }
            }
            let mut seen = BTreeSet::new();
            for &(t, s) in &reference.staffing {
                match (t, s) {
                    (Some(t), Some(s)) => {
                        if seen.insert((t, s)) && !self.held(t).contains(&s) {
                            self.add("staff_changed", w[Rule::StaffChanged]);
                        }
                    }
                    _ => self.add("staff_changed", w[Rule::StaffChanged]),
                }
            }
        }
        self.terms
    }

    /// Two engagements clash: overlap, or same start day in different buildings with too short a
    /// gap (`x` starts first).
    fn clash(&self, x: Interval, bx: usize, y: Interval, by: usize) -> bool {
        let (x, bx, y, by) = if x.start <= y.start {
            (x, bx, y, by)
        } else {
            (y, by, x, bx)
        };
        if overlap(x, y) {
            return true;
        }
        if bx == by || day(x.start) != day(y.start) {
            return false;
        }
        match self.travel(bx, by) {
            None => true,
            Some(n) => y.start - x.end < n,
        }
    }
}

fn naive(p: &Problem, a: &Assignment) -> BTreeMap<&'static str, i64> {
    Naive {
        p,
        a,
        terms: BTreeMap::new(),
    }
    .run()
}

// ---------------------------------------------------------------- properties

fn load(seed: u64) -> Option<Problem> {
    match load_problem_str(&random_problem(seed).to_string()) {
        Ok(p) => Some(p),
        Err(e) => panic!("random problem {seed} does not load: {e:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn evaluate_equals_the_naive_scorer(pseed in any::<u64>(), aseed in any::<u64>()) {
        let Some(p) = load(pseed) else { return Ok(()) };
        let a = random_assignment(&p, aseed);
        let r = evaluate(&p, &a);
        let want = naive(&p, &a);
        prop_assert_eq!(&by_name(&r), &want);
        let hard: i64 = HARD_RULES.iter().map(|n| want[n]).sum();
        let medium: i64 = MEDIUM_TERMS.iter().map(|n| want[n]).sum();
        let soft: i64 = SOFT_TERMS.iter().map(|n| want[n]).sum();
        prop_assert_eq!((r.score.hard, r.score.medium, r.score.soft), (hard, medium, soft));
        // Hard counts are the number of hard violations reported.
        for n in HARD_RULES {
            prop_assert_eq!(r.violations.iter().filter(|v| v.rule.name() == n).count() as i64, want[n]);
        }
    }

    #[test]
    fn check_of_the_written_plan_round_trips(pseed in any::<u64>(), aseed in any::<u64>()) {
        let Some(p) = load(pseed) else { return Ok(()) };
        let a = random_assignment(&p, aseed);
        let plan = a.to_plan(&p);
        let checked = check(&p, &plan);
        prop_assert!(checked.form_errors.is_empty(), "{:?}", checked.form_errors);
        prop_assert_eq!(checked, evaluate(&p, &a));
    }

    /// The report depends on the plan, not on the order in which it lists meetings and tasks,
    /// nor on the problem's load (a reloaded problem scores the same).
    #[test]
    fn report_does_not_depend_on_listing_order(pseed in any::<u64>(), aseed in any::<u64>()) {
        let Some(p) = load(pseed) else { return Ok(()) };
        let a = random_assignment(&p, aseed);
        let direct = evaluate(&p, &a);
        let mut plan = a.to_plan(&p);
        let mut g = Rng(aseed ^ 0x9e37_79b9);
        for i in (1..plan.meetings.len()).rev() {
            plan.meetings.swap(i, g.range(0, i as i64) as usize);
        }
        plan.unassigned.reverse();
        for i in (1..plan.tasks.len()).rev() {
            plan.tasks.swap(i, g.range(0, i as i64) as usize);
        }
        let Some(again) = load(pseed) else { return Ok(()) };
        let shuffled = check(&again, &plan);
        prop_assert!(shuffled.well_formed(), "{:?}", shuffled.form_errors);
        prop_assert_eq!(shuffled.score, direct.score);
        prop_assert_eq!(&shuffled.terms, &direct.terms);
        prop_assert_eq!(shuffled.violations.len(), direct.violations.len());
    }
}

// ---------------------------------------------------------------- scale

/// A 4000-meeting instance (generator scale L) with every meeting placed at random and random
/// staff on every task: many violations, all accounted for.
#[test]
fn scores_a_4000_meeting_random_plan_consistently() {
    let v = huiwu::generate::generate(huiwu::generate::Scale::L, 11);
    let p = match load_problem_str(&v.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("generated problem does not load: {e:?}"),
    };
    assert!(p.meetings.len() >= 3000, "{} meetings", p.meetings.len());
    let mut g = Rng(5);
    let rooms: Vec<RoomId> = p.room_ids().collect();
    let staff: Vec<StaffId> = p.staff_ids().collect();
    let mut a = Assignment::empty(&p);
    for m in p.meeting_ids() {
        let day = *g.pick(&p.days);
        let minute = g.range(32, 68) as i32 * 15;
        a.placements[m.index()] = Some(Placement {
            room: *g.pick(&rooms),
            start: day * 1440 + minute,
        });
    }
    for t in p.task_ids() {
        a.staffing[t.index()] = (0..g.range(0, 2)).map(|_| *g.pick(&staff)).collect();
    }
    let r = evaluate(&p, &a);
    // Speed is measured by `benches/score.rs` (criterion), not here; this checks that a large,
    // violation-heavy plan is scored consistently: the hard total is the sum of the hard rule
    // counts and of the hard violations, and medium/soft are the sums of their terms.
    let sum = |names: &[&str]| {
        names
            .iter()
            .map(|n| by_name(&r).get(n).copied().unwrap_or(0))
            .sum::<i64>()
    };
    assert_eq!(r.score.hard, sum(&HARD_RULES));
    assert_eq!(r.score.medium, sum(&MEDIUM_TERMS));
    assert_eq!(r.score.soft, sum(&SOFT_TERMS));
    let hard_items: i64 = r
        .violations
        .iter()
        .filter(|v| v.level == huiwu::Level::Hard)
        .map(|v| v.cost)
        .sum();
    assert_eq!(r.score.hard, hard_items);
    assert!(r.score.hard > 0, "a random dense plan must clash");
    let again = evaluate(&p, &a);
    assert_eq!(again, r);
}

/// The independent naive scorer agrees with `evaluate`, term by term, on generated civic-center
/// weeks (scale M): the valid first-fit plan, the shipped example plan, and deliberately broken
/// plans (meetings shifted by 15–60 minutes into neighbours, rooms swapped, staff duplicated or
/// put on tasks they are not qualified for, random placements).
#[test]
fn naive_scorer_agrees_on_generated_weeks_and_broken_plans() {
    for seed in 1..=3u64 {
        let v = huiwu::generate::generate(huiwu::generate::Scale::M, seed);
        let p = match load_problem_str(&v.to_string()) {
            Ok(p) => p,
            Err(e) => panic!("generated problem does not load: {e:?}"),
        };
        let base = huiwu::first_fit(&p);
        let mut plans = vec![
            ("first-fit", base.clone()),
            ("random", random_assignment(&p, seed)),
        ];
        let mut g = Rng(seed);
        let rooms: Vec<RoomId> = p.room_ids().collect();
        let staff: Vec<StaffId> = p.staff_ids().collect();
        let mut broken = base.clone();
        for m in p.meeting_ids() {
            if let Some(pl) = broken.placements[m.index()].as_mut() {
                if g.chance(20) {
                    pl.start += 15 * g.range(1, 4) as i32;
                }
                if g.chance(10) {
                    pl.room = *g.pick(&rooms);
                }
            }
        }
        for t in p.task_ids() {
            let list = &mut broken.staffing[t.index()];
            if let Some(&first) = list.first()
                && g.chance(10)
            {
                list.push(first);
            }
            if g.chance(10) {
                list.push(*g.pick(&staff));
            }
        }
        plans.push(("broken", broken));
        let total = |r: &BTreeMap<&'static str, i64>| r.values().sum::<i64>();
        for (kind, a) in plans {
            let report = evaluate(&p, &a);
            let expected = naive(&p, &a);
            for (name, value) in &expected {
                assert_eq!(
                    by_name(&report).get(name),
                    Some(value),
                    "seed {seed} {kind}: term {name}"
                );
            }
            assert!(
                total(&expected) > 0,
                "seed {seed} {kind}: a generated week always costs something"
            );
        }
    }
    // The shipped example plan of the M week.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = match huiwu::load_problem_file(root.join("examples/week.json")) {
        Ok(p) => p,
        Err(e) => panic!("examples/week.json: {e:?}"),
    };
    let plan = match huiwu::load_plan_file(root.join("examples/week.plan.json")) {
        Ok(p) => p,
        Err(e) => panic!("examples/week.plan.json: {e:?}"),
    };
    let (a, form) = huiwu::resolve(&p, &plan);
    assert!(form.is_empty(), "{form:?}");
    let report = evaluate(&p, &a);
    for (name, value) in naive(&p, &a) {
        assert_eq!(by_name(&report).get(name), Some(&value), "week plan: term {name}");
    }
}
