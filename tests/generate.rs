//! The generator: determinism, sizes, and an independent check (on the JSON alone) that every
//! generated problem is well-formed, consistent and tight but placeable.

use std::collections::{BTreeMap, BTreeSet};

use huiwu::generate::{Scale, generate};
use serde_json::Value;

fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn int(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// Minutes of the day of `"HH:MM"`.
fn clock(s: &str) -> i64 {
    let h: i64 = s.get(0..2).and_then(|x| x.parse().ok()).unwrap_or(-1);
    let m: i64 = s.get(3..5).and_then(|x| x.parse().ok()).unwrap_or(-1);
    h * 60 + m
}

/// (date, minute of day) of `"YYYY-MM-DDTHH:MM"`.
fn stamp(s: &str) -> (String, i64) {
    let (d, t) = s.split_once('T').unwrap_or(("", ""));
    (d.to_string(), clock(t))
}

fn seats(room: &Value, layout: Option<&str>) -> Option<i64> {
    match layout {
        None => Some(int(room, "capacity")),
        Some(l) => room.get("layouts").and_then(|x| x.get(l)).and_then(Value::as_i64),
    }
}

fn words(v: &Value, key: &str) -> BTreeSet<String> {
    arr(v, key)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn fits(p: &Value, room: &Value, m: &Value) -> bool {
    let layout = m.get("layout").and_then(Value::as_str);
    let pool = |kind: &str| {
        arr(p, "equipment_pools")
            .iter()
            .find(|x| str_of(x, "building") == str_of(room, "building") && str_of(x, "kind") == kind)
            .map_or(0, |x| int(x, "count"))
    };
    let equipment_ok = m.get("equipment").and_then(Value::as_object).is_none_or(|need| {
        need.iter().all(|(k, c)| {
            let fixed = room
                .get("equipment")
                .and_then(|e| e.get(k))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            c.as_i64().unwrap_or(0) <= fixed + pool(k)
        })
    });
    seats(room, layout).is_some_and(|s| s >= int(m, "attendees"))
        && words(m, "features").is_subset(&words(room, "features"))
        && int(room, "confidential_level") >= int(m, "confidential")
        && equipment_ok
}

/// Opening (start, end) minutes of each building.
fn openings(p: &Value) -> BTreeMap<String, (i64, i64)> {
    let default = p.get("opening").cloned().unwrap_or(Value::Null);
    arr(p, "buildings")
        .iter()
        .map(|b| {
            let o = b.get("opening").unwrap_or(&default);
            (
                str_of(b, "id").to_string(),
                (clock(str_of(o, "start")), clock(str_of(o, "end"))),
            )
        })
        .collect()
}

fn class_buffers(p: &Value) -> BTreeMap<String, (i64, i64)> {
    arr(p, "service_classes")
        .iter()
        .map(|c| {
            (
                str_of(c, "id").to_string(),
                (int(c, "setup_minutes"), int(c, "teardown_minutes")),
            )
        })
        .collect()
}

/// Busiest day's booked occupancy over the room-hours of that day.
fn busiest_day_utilisation(p: &Value) -> f64 {
    let open = openings(p);
    let buffers = class_buffers(p);
    let room_minutes: i64 = arr(p, "rooms")
        .iter()
        .map(|r| open.get(str_of(r, "building")).map_or(0, |&(a, b)| b - a))
        .sum();
    let mut per_day: BTreeMap<String, i64> = BTreeMap::new();
    for m in arr(p, "meetings") {
        let (day, _) = stamp(
            arr(m, "windows")
                .first()
                .map_or("", |w| str_of(w, "earliest_start")),
        );
        let (setup, teardown) = buffers.get(str_of(m, "class")).copied().unwrap_or((0, 0));
        *per_day.entry(day).or_insert(0) += setup + int(m, "duration") + teardown;
    }
    let peak = per_day.values().copied().max().unwrap_or(0);
    peak as f64 / room_minutes as f64
}

/// Everything a loader and the hard rules would reject, checked on the JSON alone.
fn check_consistent(p: &Value) {
    assert_eq!(int(p, "version"), 1);
    let days: BTreeSet<String> = words(p, "days");
    let open = openings(p);
    let buffers = class_buffers(p);
    let ids = |key: &str| -> BTreeSet<String> {
        let list: Vec<String> = arr(p, key).iter().map(|x| str_of(x, "id").to_string()).collect();
        let set: BTreeSet<String> = list.iter().cloned().collect();
        assert_eq!(set.len(), list.len(), "duplicate ids in {key}");
        for id in &set {
            assert!(
                !id.is_empty() && id.len() <= 64 && !id.contains('/'),
                "bad id {id:?}"
            );
        }
        set
    };
    let buildings = ids("buildings");
    let rooms = ids("rooms");
    let staff = ids("staff");
    let people = ids("people");
    let series = ids("series");
    let classes = ids("service_classes");
    ids("meetings");

    // The travel graph joins every building.
    let mut reached = BTreeSet::new();
    let mut stack: Vec<String> = buildings.iter().take(1).cloned().collect();
    while let Some(b) = stack.pop() {
        if reached.insert(b.clone()) {
            for e in arr(p, "travel") {
                let (f, t) = (str_of(e, "from"), str_of(e, "to"));
                assert!(buildings.contains(f) && buildings.contains(t) && f != t);
                assert!(int(e, "minutes") >= 0);
                if f == b {
                    stack.push(t.to_string());
                } else if t == b {
                    stack.push(f.to_string());
                }
            }
        }
    }
    assert_eq!(reached, buildings, "travel graph is not connected");

    for r in arr(p, "rooms") {
        assert!(buildings.contains(str_of(r, "building")));
        let cap = int(r, "capacity");
        assert!(cap >= 1);
        for (_, s) in r.get("layouts").and_then(Value::as_object).into_iter().flatten() {
            assert!(
                (0..=cap).contains(&s.as_i64().unwrap_or(-1)),
                "layout seats above capacity in {r}"
            );
        }
        assert!((0..=3).contains(&int(r, "confidential_level")));
    }
    let mut pools = BTreeSet::new();
    for x in arr(p, "equipment_pools") {
        assert!(buildings.contains(str_of(x, "building")));
        assert!(
            pools.insert((str_of(x, "building"), str_of(x, "kind"))),
            "two pools for one kind"
        );
    }
    for s in arr(p, "staff") {
        assert!(buildings.contains(str_of(s, "building")));
        for (_, l) in s.get("skills").and_then(Value::as_object).into_iter().flatten() {
            assert!((1..=5).contains(&l.as_i64().unwrap_or(0)));
        }
        // An absent `available` means the home building's hours; the generator always lists shifts.
        assert!(s.get("available").is_none() || !arr(s, "available").is_empty());
        for a in arr(s, "available") {
            let (d1, t1) = stamp(str_of(a, "start"));
            let (d2, t2) = stamp(str_of(a, "end"));
            assert!(days.contains(&d1) && d1 == d2 && t1 < t2);
        }
        if s.get("external").and_then(Value::as_bool) == Some(true) {
            assert_eq!(int(s, "clearance"), 0);
        }
    }
    for c in arr(p, "service_classes") {
        for t in arr(c, "tasks") {
            assert!(!str_of(t, "name").is_empty());
        }
    }

    // Pins: (room, day) → occupancies; (person, day) → count.
    let mut pinned_rooms: BTreeMap<(String, String), Vec<(i64, i64)>> = BTreeMap::new();
    let mut pinned_people: BTreeSet<(String, String)> = BTreeSet::new();
    let room_of: BTreeMap<&str, &Value> = arr(p, "rooms").iter().map(|r| (str_of(r, "id"), r)).collect();
    for m in arr(p, "meetings") {
        let class = str_of(m, "class");
        assert!(classes.contains(class));
        let duration = int(m, "duration");
        assert!(
            (30..=240).contains(&duration) && duration % 15 == 0,
            "duration {duration}"
        );
        assert!(int(m, "attendees") >= 1);
        assert!((1..=10).contains(&int(m, "priority")));
        for r in words(m, "preferred_rooms") {
            assert!(rooms.contains(&r));
        }
        for s in words(m, "preferred_staff") {
            assert!(staff.contains(&s));
        }
        for x in words(m, "people") {
            assert!(people.contains(&x));
        }
        if let Some(s) = m.get("series").and_then(Value::as_str) {
            assert!(series.contains(s));
        }
        let windows = arr(m, "windows");
        assert!(!windows.is_empty());
        for w in windows {
            let (d1, t1) = stamp(str_of(w, "earliest_start"));
            let (d2, t2) = stamp(str_of(w, "latest_end"));
            assert!(days.contains(&d1) && d1 == d2 && t1 < t2 && t2 - t1 >= duration);
        }
        assert!(
            arr(p, "rooms").iter().any(|r| fits(p, r, m)),
            "no room can host {}",
            str_of(m, "id")
        );
        if let Some(pin) = m.get("pinned") {
            let room = room_of.get(str_of(pin, "room")).copied().unwrap_or(&Value::Null);
            assert!(fits(p, room, m), "pinned room does not fit {}", str_of(m, "id"));
            let (day, start) = stamp(str_of(pin, "start"));
            assert_eq!(start % 15, 0);
            assert!(
                windows.iter().any(|w| {
                    let (d, es) = stamp(str_of(w, "earliest_start"));
                    let (_, le) = stamp(str_of(w, "latest_end"));
                    d == day && es <= start && start + duration <= le
                }),
                "pin outside its windows"
            );
            let (setup, teardown) = buffers.get(class).copied().unwrap_or((0, 0));
            let occ = (start - setup, start + duration + teardown);
            let (o, c) = open.get(str_of(room, "building")).copied().unwrap_or((0, 0));
            assert!(o <= occ.0 && occ.1 <= c, "pin outside opening hours");
            for u in arr(room, "unavailable") {
                let (d, s) = stamp(str_of(u, "start"));
                let (_, e) = stamp(str_of(u, "end"));
                assert!(d != day || e <= occ.0 || occ.1 <= s, "pin during maintenance");
            }
            let list = pinned_rooms
                .entry((str_of(room, "id").to_string(), day.clone()))
                .or_default();
            let gap = int(room, "layout_change_minutes");
            assert!(
                list.iter().all(|&(s, e)| e + gap <= occ.0 || occ.1 + gap <= s),
                "two pins clash"
            );
            list.push(occ);
            for x in words(m, "people") {
                assert!(
                    pinned_people.insert((x, day.clone())),
                    "two pins share a person on one day"
                );
            }
        }
    }
}

#[test]
fn same_seed_gives_identical_json() {
    for scale in [Scale::S, Scale::M] {
        let a = serde_json::to_string(&generate(scale, 42)).unwrap_or_default();
        let b = serde_json::to_string(&generate(scale, 42)).unwrap_or_default();
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }
}

#[test]
fn different_seeds_differ() {
    for scale in [Scale::S, Scale::M] {
        assert_ne!(generate(scale, 1), generate(scale, 2));
    }
}

#[test]
fn scale_parses_from_text() {
    assert_eq!("xl".parse::<Scale>(), Ok(Scale::XL));
    assert_eq!("L".parse::<Scale>(), Ok(Scale::L));
    assert!("huge".parse::<Scale>().is_err());
}

#[test]
fn small_scale_is_one_building_day() {
    for seed in 0..20 {
        let p = generate(Scale::S, seed);
        assert_eq!(arr(&p, "days").len(), 1);
        assert_eq!(arr(&p, "buildings").len(), 1);
        assert_eq!(arr(&p, "meetings").len(), 25);
        assert!(
            (10..=14).contains(&arr(&p, "rooms").len()),
            "{} rooms",
            arr(&p, "rooms").len()
        );
        assert!(
            (8..=30).contains(&arr(&p, "staff").len()),
            "{} staff",
            arr(&p, "staff").len()
        );
        assert_eq!(arr(&p, "service_classes").len(), 6);
        check_consistent(&p);
    }
}

#[test]
fn medium_scale_is_a_week_in_four_buildings() {
    for seed in 0..5 {
        let p = generate(Scale::M, seed);
        assert_eq!(
            words(&p, "days").into_iter().collect::<Vec<_>>(),
            [
                "2026-03-02",
                "2026-03-03",
                "2026-03-04",
                "2026-03-05",
                "2026-03-06"
            ]
        );
        assert_eq!(arr(&p, "buildings").len(), 4);
        assert_eq!(arr(&p, "meetings").len(), 240);
        assert!(
            (20..=40).contains(&arr(&p, "rooms").len()),
            "{} rooms",
            arr(&p, "rooms").len()
        );
        assert!(
            (32..=90).contains(&arr(&p, "staff").len()),
            "{} staff",
            arr(&p, "staff").len()
        );
        assert!(
            arr(&p, "meetings")
                .iter()
                .filter(|m| m.get("pinned").is_some())
                .count()
                >= 2
        );
        assert_eq!(arr(&p, "series").len(), 4);
        check_consistent(&p);
        let u = busiest_day_utilisation(&p);
        assert!(
            (0.45..=0.85).contains(&u),
            "busiest day uses {u:.2} of the room-hours"
        );
    }
}

#[test]
fn large_scale_is_twenty_days_in_twelve_buildings() {
    let p = generate(Scale::L, 3);
    assert_eq!(arr(&p, "days").len(), 20);
    assert_eq!(words(&p, "days").last().map(String::as_str), Some("2026-03-27"));
    assert_eq!(arr(&p, "buildings").len(), 12);
    assert_eq!(arr(&p, "meetings").len(), 4000);
    assert!(
        (72..=160).contains(&arr(&p, "rooms").len()),
        "{} rooms",
        arr(&p, "rooms").len()
    );
    assert!(
        (150..=700).contains(&arr(&p, "staff").len()),
        "{} staff",
        arr(&p, "staff").len()
    );
    check_consistent(&p);
    let u = busiest_day_utilisation(&p);
    assert!(
        (0.55..=0.85).contains(&u),
        "busiest day uses {u:.2} of the room-hours"
    );
}

fn example(name: &str) -> Value {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

#[test]
fn week_example_is_generate_m_1() {
    let week = example("week.json");
    assert_eq!(week, generate(Scale::M, 1));
}

#[test]
fn small_example_is_consistent() {
    let small = example("small.json");
    assert_eq!(arr(&small, "meetings").len(), 10);
    assert_eq!(arr(&small, "rooms").len(), 6);
    assert_eq!(arr(&small, "staff").len(), 6);
    check_consistent(&small);
}

/// Loads `p` through the loader and checks the counts survived.
fn loads(p: &Value) -> huiwu::Problem {
    let text = serde_json::to_string(p).unwrap_or_default();
    let problem = match huiwu::load_problem_str(&text) {
        Ok(problem) => problem,
        Err(errors) => panic!("generated problem rejected: {errors}"),
    };
    assert_eq!(problem.meetings.len(), arr(p, "meetings").len());
    assert_eq!(problem.rooms.len(), arr(p, "rooms").len());
    assert_eq!(problem.staff.len(), arr(p, "staff").len());
    assert_eq!(problem.buildings.len(), arr(p, "buildings").len());
    assert_eq!(problem.days.len(), arr(p, "days").len());
    problem
}

#[test]
fn generated_problems_load() {
    for seed in 0..10 {
        loads(&generate(Scale::S, seed));
    }
    for seed in 0..3 {
        loads(&generate(Scale::M, seed));
    }
    let l = loads(&generate(Scale::L, 1));
    assert_eq!(l.meetings.len(), 4000);
    assert_eq!(l.days.len(), 20);
}

#[test]
fn extra_large_generates_and_loads() {
    let xl = loads(&generate(Scale::XL, 1));
    assert_eq!(xl.meetings.len(), 15000);
    assert_eq!(xl.buildings.len(), 40);
}

#[test]
fn examples_load() {
    for name in ["small.json", "week.json"] {
        let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        if let Err(errors) = huiwu::load_problem_file(&path) {
            panic!("{name} rejected: {errors}");
        }
    }
}
