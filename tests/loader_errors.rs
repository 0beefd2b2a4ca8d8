//! The loader's validation: each malformed input gives exactly the expected errors (path and
//! code), errors are collected in one pass, defaults and derived quantities are exact.

use huiwu::Rule;
use huiwu::plan_to_json_string;
use huiwu::{ErrorCode, load_plan_file, load_plan_str, load_problem_file, load_problem_str};
use huiwu::{Interval, Opening, Warning, Weights};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("data/loader_small.json");
const PLAN: &str = include_str!("data/spec_example.plan.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("fixture is JSON")
}

fn mutated(f: impl FnOnce(&mut Value)) -> String {
    let mut v = fixture();
    f(&mut v);
    serde_json::to_string_pretty(&v).expect("serialises")
}

/// `(path, code)` of every error, in order; empty when the text loads.
fn errors_of(text: &str) -> Vec<(String, ErrorCode)> {
    match load_problem_str(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.errors().iter().map(|e| (e.path.clone(), e.code)).collect(),
    }
}

fn remove(v: &mut Value, key: &str) {
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
}

fn push(v: &mut Value, item: Value) {
    if let Some(a) = v.as_array_mut() {
        a.push(item);
    }
}

type Mutation = fn(&mut Value);

#[test]
fn fixture_loads() {
    let p = load_problem_str(FIXTURE).expect("fixture is valid");
    assert_eq!(p.days, vec![0, 1]);
    assert_eq!(p.calendar.format_day(0), "2026-03-02");
    assert_eq!(p.granularity, 15);
    assert_eq!(
        p.opening,
        Opening {
            start: 450,
            end: 1260
        }
    );
    assert_eq!(
        p.buildings[0].opening,
        Opening {
            start: 480,
            end: 1080
        }
    );
    assert_eq!(
        p.buildings[1].opening,
        Opening {
            start: 450,
            end: 1260
        }
    );
    assert_eq!(p.buildings[1].name, "Block B");
    assert_eq!(p.travel, vec![vec![Some(0), Some(10)], vec![Some(10), Some(0)]]);
    assert_eq!(p.rooms[0].capacity, 60);
    assert_eq!(p.rooms[0].open_cost, Some(80));
    assert_eq!(
        p.rooms[0].unavailable,
        vec![Interval::new(1440 + 480, 1440 + 720)]
    );
    let mic = p
        .kind_names
        .iter()
        .position(|k| k == "mic")
        .expect("mic interned");
    assert_eq!(p.pools[0][mic], 30);
    assert_eq!(p.pools[1][mic], 0);
    assert_eq!(p.staff[0].available, vec![Interval::new(450, 1050)]);
    assert_eq!(p.staff[0].max_minutes_total, Some(2400));
    assert_eq!(p.meetings[0].windows, Some(vec![Interval::new(540, 720)]));
    assert_eq!(p.meetings[0].preferred_start, Some(570));
    assert_eq!(
        p.meetings[0].pinned.map(|x| (x.room.index(), x.start)),
        Some((0, 570))
    );
    assert_eq!(p.meetings[0].priority, 3);
    assert_eq!(p.meetings[1].windows, None);
    assert_eq!(p.people.len(), 1);
    assert_eq!(p.series[0].min_days, 3);
    assert_eq!(p.weights, Weights::default());
    assert!(p.warnings.is_empty());
    assert!(p.reference.is_none());
    assert_eq!(p.meeting_id("M-0002").map(|m| m.index()), Some(1));
    assert_eq!(p.room_id("A-301").map(|r| r.index()), Some(0));
}

#[test]
fn malformed_inputs_give_exact_errors() {
    use ErrorCode::*;
    let cases: &[(&str, Mutation, &str, ErrorCode)] = &[
        ("version 2", |v| v["version"] = json!(2), "$.version", BadVersion),
        (
            "version missing",
            |v| remove(v, "version"),
            "$.version",
            MissingField,
        ),
        (
            "unknown top field",
            |v| v["colour"] = json!("red"),
            "$.colour",
            UnknownField,
        ),
        (
            "granularity 7",
            |v| v["granularity_minutes"] = json!(7),
            "$.granularity_minutes",
            InvalidValue,
        ),
        (
            "granularity 0",
            |v| v["granularity_minutes"] = json!(0),
            "$.granularity_minutes",
            OutOfRange,
        ),
        (
            "granularity 15.0",
            |v| v["granularity_minutes"] = json!(15.0),
            "$.granularity_minutes",
            NotInteger,
        ),
        ("days empty", |v| v["days"] = json!([]), "$.days", OutOfRange),
        (
            "bad date",
            |v| v["days"][1] = json!("2026-02-30"),
            "$.days[1]",
            BadTime,
        ),
        (
            "repeated day",
            |v| v["days"][1] = json!("2026-03-02"),
            "$.days[1]",
            DuplicateEntry,
        ),
        (
            "opening starts 24:00",
            |v| v["opening"]["start"] = json!("24:00"),
            "$.opening.start",
            BadTime,
        ),
        (
            "opening crosses midnight",
            |v| v["opening"] = json!({"start": "21:00", "end": "07:30"}),
            "$.opening",
            BadInterval,
        ),
        (
            "opening missing",
            |v| remove(v, "opening"),
            "$.opening",
            MissingField,
        ),
        (
            "empty building id",
            |v| {
                // Nothing may refer to B, or the change adds an unknown reference.
                v["travel"] = json!([]);
                v["buildings"][1]["id"] = json!("");
            },
            "$.buildings[1].id",
            BadId,
        ),
        (
            "building id with slash",
            |v| {
                // Nothing may refer to B, or the change adds an unknown reference.
                v["travel"] = json!([]);
                v["buildings"][1]["id"] = json!("B/1");
            },
            "$.buildings[1].id",
            BadId,
        ),
        (
            "duplicate building id",
            |v| {
                // Nothing may refer to B, or the change adds an unknown reference.
                v["travel"] = json!([]);
                v["buildings"][1]["id"] = json!("A");
            },
            "$.buildings[1].id",
            DuplicateId,
        ),
        (
            "travel self-loop",
            |v| v["travel"][0]["to"] = json!("A"),
            "$.travel[0]",
            InvalidValue,
        ),
        (
            "travel to unknown",
            |v| v["travel"][0]["to"] = json!("C"),
            "$.travel[0].to",
            UnknownReference,
        ),
        (
            "negative travel",
            |v| v["travel"][0]["minutes"] = json!(-1),
            "$.travel[0].minutes",
            OutOfRange,
        ),
        (
            "room in unknown building",
            |v| v["rooms"][0]["building"] = json!("Z"),
            "$.rooms[0].building",
            UnknownReference,
        ),
        (
            "room capacity 0",
            |v| v["rooms"][0]["capacity"] = json!(0),
            "$.rooms[0].capacity",
            OutOfRange,
        ),
        (
            "room capacity missing",
            |v| remove(&mut v["rooms"][0], "capacity"),
            "$.rooms[0].capacity",
            MissingField,
        ),
        (
            "repeated feature",
            |v| v["rooms"][0]["features"] = json!(["video", "video"]),
            "$.rooms[0].features[1]",
            DuplicateEntry,
        ),
        (
            "room level 4",
            |v| v["rooms"][0]["confidential_level"] = json!(4),
            "$.rooms[0].confidential_level",
            OutOfRange,
        ),
        (
            "negative layout seats",
            |v| v["rooms"][0]["layouts"]["theatre"] = json!(-5),
            "$.rooms[0].layouts.theatre",
            OutOfRange,
        ),
        (
            "reversed unavailable",
            |v| v["rooms"][0]["unavailable"][0]["end"] = json!("2026-03-03T08:00"),
            "$.rooms[0].unavailable[0]",
            BadInterval,
        ),
        (
            "seconds not 00",
            |v| v["rooms"][0]["unavailable"][0]["start"] = json!("2026-03-03T08:00:30"),
            "$.rooms[0].unavailable[0].start",
            BadTime,
        ),
        (
            "second pool",
            |v| {
                push(
                    &mut v["equipment_pools"],
                    json!({"building": "A", "kind": "mic", "count": 2}),
                )
            },
            "$.equipment_pools[1]",
            DuplicateEntry,
        ),
        (
            "skill level 6",
            |v| v["staff"][0]["skills"]["tea"] = json!(6),
            "$.staff[0].skills.tea",
            OutOfRange,
        ),
        (
            "staff without building",
            |v| remove(&mut v["staff"][0], "building"),
            "$.staff[0].building",
            MissingField,
        ),
        (
            "external as string",
            |v| v["staff"][0]["external"] = json!("no"),
            "$.staff[0].external",
            WrongType,
        ),
        (
            "reversed availability",
            |v| v["staff"][0]["available"][0]["start"] = json!("2026-03-02T18:00"),
            "$.staff[0].available[0]",
            BadInterval,
        ),
        (
            "unknown anchor",
            |v| v["service_classes"][0]["tasks"][0]["from"]["anchor"] = json!("middle"),
            "$.service_classes[0].tasks[0].from.anchor",
            InvalidValue,
        ),
        (
            "repeated task name",
            |v| v["service_classes"][0]["tasks"][2]["name"] = json!("setup"),
            "$.service_classes[0].tasks[2].name",
            DuplicateId,
        ),
        (
            "task level 0",
            |v| v["service_classes"][0]["tasks"][1]["level"] = json!(0),
            "$.service_classes[0].tasks[1].level",
            OutOfRange,
        ),
        (
            "unknown class",
            |v| v["meetings"][0]["class"] = json!("vip"),
            "$.meetings[0].class",
            UnknownReference,
        ),
        (
            "attendees 0",
            |v| v["meetings"][0]["attendees"] = json!(0),
            "$.meetings[0].attendees",
            OutOfRange,
        ),
        (
            "attendees huge",
            |v| v["meetings"][0]["attendees"] = json!(u64::MAX),
            "$.meetings[0].attendees",
            OutOfRange,
        ),
        (
            "duration 90.5",
            |v| v["meetings"][0]["duration"] = json!(90.5),
            "$.meetings[0].duration",
            NotInteger,
        ),
        (
            "reversed window",
            |v| v["meetings"][0]["windows"][0]["latest_end"] = json!("2026-03-02T09:00"),
            "$.meetings[0].windows[0]",
            BadInterval,
        ),
        (
            "pin without start",
            |v| remove(&mut v["meetings"][0]["pinned"], "start"),
            "$.meetings[0].pinned.start",
            MissingField,
        ),
        (
            "unknown preferred room",
            |v| v["meetings"][0]["preferred_rooms"] = json!(["B-1"]),
            "$.meetings[0].preferred_rooms[0]",
            UnknownReference,
        ),
        (
            "repeated preferred staff",
            |v| v["meetings"][0]["preferred_staff"] = json!(["S-007", "S-007"]),
            "$.meetings[0].preferred_staff[1]",
            DuplicateEntry,
        ),
        (
            "priority 11",
            |v| v["meetings"][0]["priority"] = json!(11),
            "$.meetings[0].priority",
            OutOfRange,
        ),
        (
            "unknown meeting field",
            |v| v["meetings"][1]["room"] = json!("A-301"),
            "$.meetings[1].room",
            UnknownField,
        ),
        (
            "title as number",
            |v| v["meetings"][0]["title"] = json!(5),
            "$.meetings[0].title",
            WrongType,
        ),
        (
            "person id with slash",
            |v| v["meetings"][0]["people"] = json!(["a/b"]),
            "$.meetings[0].people[0]",
            BadId,
        ),
        (
            "long meeting id",
            |v| v["meetings"][1]["id"] = json!("M".repeat(65)),
            "$.meetings[1].id",
            BadId,
        ),
        (
            "hard rule as weight",
            |v| v["weights"]["pinned"] = json!(5),
            "$.weights.pinned",
            UnknownField,
        ),
        (
            "negative weight",
            |v| v["weights"]["seat_waste"] = json!(-1),
            "$.weights.seat_waste",
            OutOfRange,
        ),
        (
            "reference without version",
            |v| v["reference_plan"] = json!({"meetings": []}),
            "$.reference_plan.version",
            MissingField,
        ),
        (
            "reference bad start",
            |v| {
                v["reference_plan"] =
                    json!({"version": 1, "meetings": [{"id": "M-0001", "room": "A-301", "start": "09:30"}]})
            },
            "$.reference_plan.meetings[0].start",
            BadTime,
        ),
        (
            "buildings not a list",
            |v| v["buildings"] = json!({"A": 1}),
            "$.buildings",
            WrongType,
        ),
        (
            "meetings missing",
            |v| remove(v, "meetings"),
            "$.meetings",
            MissingField,
        ),
        ("root not an object", |v| *v = json!([1, 2]), "$", WrongType),
    ];
    assert!(cases.len() >= 35);
    let mut wrong = Vec::new();
    for &(name, f, path, code) in cases {
        let got = errors_of(&mutated(f));
        if got != vec![(path.to_string(), code)] {
            wrong.push(format!("{name}: expected {path} {code}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn duplicate_keys_are_errors() {
    let text = FIXTURE.replacen("\"capacity\": 60,", "\"capacity\": 60, \"capacity\": 61,", 1);
    assert_eq!(
        errors_of(&text),
        vec![("$.rooms[0].capacity".to_string(), ErrorCode::DuplicateKey)]
    );
}

#[test]
fn syntax_errors_name_line_and_column() {
    let err = load_problem_str("{\n  \"version\": 1,\n  \"days\": [\n}").expect_err("truncated");
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].path, "$");
    assert_eq!(err.errors()[0].code, ErrorCode::Syntax);
    assert_eq!(
        err.errors()[0].message,
        "invalid JSON at line 4, column 1: expected a value"
    );
}

#[test]
fn several_errors_in_one_pass() {
    let text = mutated(|v| {
        v["granularity_minutes"] = json!(7);
        v["rooms"][0]["capacity"] = json!(0);
        v["meetings"][0]["class"] = json!("vip");
        v["meetings"][1]["duration"] = json!(0);
        v["staff"][0]["nickname"] = json!("Li");
    });
    assert_eq!(
        errors_of(&text),
        vec![
            ("$.granularity_minutes".to_string(), ErrorCode::InvalidValue),
            ("$.rooms[0].capacity".to_string(), ErrorCode::OutOfRange),
            ("$.staff[0].nickname".to_string(), ErrorCode::UnknownField),
            ("$.meetings[0].class".to_string(), ErrorCode::UnknownReference),
            ("$.meetings[1].duration".to_string(), ErrorCode::OutOfRange),
        ]
    );
}

#[test]
fn empty_windows_and_availability_warn() {
    let text = mutated(|v| {
        v["meetings"][1]["windows"] = json!([]);
        v["staff"][0]["available"] = json!([]);
    });
    let p = load_problem_str(&text).expect("accepted");
    assert_eq!(
        p.warnings,
        vec![
            Warning {
                path: "$.staff[0].available".to_string(),
                message: "an empty list means this person is never available".to_string(),
            },
            Warning {
                path: "$.meetings[1].windows".to_string(),
                message: "an empty list of windows means the meeting can never be held".to_string(),
            },
        ]
    );
    assert_eq!(p.meetings[1].windows, Some(Vec::new()));
    assert!(p.staff[0].available.is_empty());
}

#[test]
fn defaults_are_applied() {
    let text = json!({
        "version": 1,
        "days": ["2026-03-03", "2026-03-02"],
        "opening": {"start": "08:00", "end": "24:00"},
        "buildings": [{"id": "A"}],
        "rooms": [{"id": "R", "building": "A", "capacity": 10}],
        "staff": [{"id": "S", "building": "A", "skills": {}}],
        "service_classes": [{"id": "c"}],
        "meetings": [{"id": "M", "class": "c", "attendees": 5, "duration": 60,
                      "people": ["boss"], "series": "weekly"}],
        "weights": {"capacity_overflow": 0}
    })
    .to_string();
    let p = load_problem_str(&text).expect("valid");
    assert_eq!(p.name, "");
    assert_eq!(p.timezone, "Asia/Shanghai");
    assert_eq!(p.granularity, 15);
    // The origin is the earliest day; `days` keeps input order.
    assert_eq!(p.calendar.format_day(0), "2026-03-02");
    assert_eq!(p.days, vec![1, 0]);
    assert_eq!(p.buildings[0].name, "A");
    assert_eq!(
        p.buildings[0].opening,
        Opening {
            start: 480,
            end: 1440
        }
    );
    let r = &p.rooms[0];
    assert_eq!(
        (r.confidential_level, r.open_cost, r.layout_change_minutes),
        (0, None, 0)
    );
    assert!(r.layouts.is_empty() && r.features.is_empty() && r.equipment.is_empty());
    let s = &p.staff[0];
    assert_eq!(s.name, "S");
    assert_eq!(
        s.available,
        vec![Interval::new(480, 1440), Interval::new(1920, 2880)]
    );
    assert_eq!(
        (
            s.max_minutes_per_day,
            s.max_minutes_total,
            s.preferred_minutes_per_day
        ),
        (480, None, 360)
    );
    assert_eq!((s.clearance, s.external), (0, false));
    let c = &p.classes[0];
    assert_eq!((c.setup_minutes, c.teardown_minutes, c.tasks.len()), (0, 0, 0));
    let m = &p.meetings[0];
    assert_eq!(
        (m.priority, m.confidential, m.windows.clone(), m.layout),
        (1, 0, None, None)
    );
    assert_eq!(p.people.len(), 1);
    assert_eq!((p.people[0].id.as_str(), p.people[0].compact), ("boss", false));
    assert_eq!((p.series[0].id.as_str(), p.series[0].min_days), ("weekly", 0));
    assert_eq!(p.weights.capacity_overflow(), Some(0));
    assert_eq!(p.weights[Rule::Unassigned], 1000);
    assert!(p.tasks.is_empty());
}

#[test]
fn travel_is_shortest_path_over_parallel_edges() {
    let text = mutated(|v| {
        v["buildings"] = json!([{"id": "A"}, {"id": "B"}, {"id": "C"}, {"id": "D"}]);
        v["travel"] = json!([
            {"from": "A", "to": "B", "minutes": 10},
            {"from": "B", "to": "A", "minutes": 4},
            {"from": "C", "to": "B", "minutes": 5},
            {"from": "A", "to": "C", "minutes": 20}
        ]);
    });
    let p = load_problem_str(&text).expect("valid");
    let t = |a: &str, b: &str| p.travel(p.building_id(a).expect("known"), p.building_id(b).expect("known"));
    assert_eq!(t("A", "B"), Some(4));
    assert_eq!(t("A", "C"), Some(9));
    assert_eq!(t("C", "A"), Some(9));
    assert_eq!(t("B", "C"), Some(5));
    assert_eq!(t("C", "C"), Some(0));
    assert_eq!(t("A", "D"), None);
    assert_eq!(t("D", "D"), Some(0));
}

#[test]
fn derived_tasks_and_needs() {
    let text = mutated(|v| {
        push(
            &mut v["service_classes"][0]["tasks"],
            json!({"name": "nobody", "skill": "tea",
            "from": {"anchor": "start"}, "to": {"anchor": "end"}}),
        );
    });
    let p = load_problem_str(&text).expect("valid");
    let needs: Vec<(&str, u32)> = p.tasks.iter().map(|t| (t.id.as_str(), t.need)).collect();
    // setup: 1 + ceil(30/40), tea: ceil(30/30), teardown: 1; for 300 attendees 1 + 8, 10, 1.
    assert_eq!(
        needs,
        vec![
            ("M-0001/setup", 2),
            ("M-0001/tea", 1),
            ("M-0001/teardown", 1),
            ("M-0002/setup", 9),
            ("M-0002/tea", 10),
            ("M-0002/teardown", 1),
        ]
    );
    let m0 = p.meeting_id("M-0001").expect("known");
    assert_eq!(
        p.meetings[0].tasks.iter().map(|t| t.index()).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    let setup = p.task_id("M-0001/setup").expect("known");
    assert_eq!(p.task(setup).meeting, m0);
    assert_eq!(p.task_interval(setup, 600), Interval::new(570, 600));
    let teardown = p.task_id("M-0001/teardown").expect("known");
    assert_eq!(p.task_interval(teardown, 600), Interval::new(690, 705));
    assert_eq!(p.task_id("M-0001/nobody"), None);
}

#[test]
fn empty_template_interval_is_an_error_even_without_need() {
    let text = mutated(|v| {
        // start + 30 to end - 60: empty for the 90-minute meeting only; the task needs no one
        // (staff 0, per_attendees 0) and is still an error.
        push(
            &mut v["service_classes"][0]["tasks"],
            json!({"name": "late", "skill": "tea",
            "from": {"anchor": "start", "offset": 30}, "to": {"anchor": "end", "offset": -60}}),
        );
    });
    let err = load_problem_str(&text).expect_err("invalid");
    assert_eq!(err.errors().len(), 1);
    let e = &err.errors()[0];
    assert_eq!(e.path, "$.service_classes[0].tasks[3]");
    assert_eq!(e.code, ErrorCode::EmptyTaskInterval);
    assert_eq!(
        e.message,
        "this task gives an empty interval for meeting \"M-0001\" (duration 90)"
    );
}

#[test]
fn reference_plan_is_resolved() {
    let text = mutated(|v| {
        v["reference_plan"] = json!({
            "version": 1,
            "meetings": [{"id": "M-0001", "room": "A-999", "start": "2026-03-03T10:00"},
                         {"id": "M-gone", "room": "A-301", "start": "2026-03-02T10:00"}],
            "tasks": [{"id": "M-0001/setup", "staff": ["S-007", "S-007", "S-x"]},
                      {"id": "M-0001/cleanup", "staff": ["S-007"]},
                      {"id": "M-gone/setup", "staff": ["S-007"]}]
        });
    });
    let p = load_problem_str(&text).expect("valid");
    let r = p.reference.as_ref().expect("reference");
    assert_eq!(r.placements, vec![Some(("A-999".to_string(), 1440 + 600)), None]);
    let setup = p.task_id("M-0001/setup");
    let s7 = p.staff_id("S-007");
    assert_eq!(r.staffing, vec![(setup, s7), (setup, None), (None, s7)]);

    // A plan in hand set as the reference resolves the same, with no JSON in between.
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let plan = load_plan_str(&v["reference_plan"].to_string()).expect("plan");
    let bare = mutated(|_| {});
    let q = load_problem_str(&bare)
        .expect("valid")
        .with_reference(&plan)
        .expect("resolves");
    let rq = q.reference.as_ref().expect("reference");
    assert_eq!((&rq.placements, &rq.staffing), (&r.placements, &r.staffing));

    // A start that is no time of this week: the path names it inside the plan.
    let mut far = plan.clone();
    far.meetings[0].start = "9999-01-01T10:00".to_string();
    let err = q.with_reference(&far).expect_err("too far");
    assert_eq!(err.errors()[0].path, "$.meetings[0].start");
}

#[test]
fn plans_load_and_write() {
    let plan = load_plan_str(PLAN).expect("valid plan");
    assert_eq!(plan.meetings.len(), 1);
    assert_eq!(plan.meetings[0].start, "2026-03-02T09:30");
    assert_eq!(
        plan.unassigned[0].reason,
        "no room has 300 seats and interpretation"
    );
    assert_eq!(plan.tasks[0].staff, vec!["S-007".to_string()]);
    let score = plan.score.clone().expect("score");
    assert_eq!((score.hard, score.medium, score.soft), (0, 1300, 96));
    assert_eq!(score.terms.get("room_open"), Some(&80));
    let written = plan_to_json_string(&plan);
    assert!(written.starts_with("{\n  \"version\": 1,\n  \"meetings\": ["));
    let order: Vec<usize> = ["\"meetings\"", "\"unassigned\"", "\"tasks\"", "\"score\""]
        .iter()
        .map(|k| written.find(k).expect("present"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(load_plan_str(&written), Ok(plan));
    let minimal = load_plan_str(r#"{"version": 1, "unassigned": [{"id": "M"}]}"#).expect("valid");
    assert_eq!(minimal.unassigned[0].reason, "");
    assert!(minimal.meetings.is_empty() && minimal.tasks.is_empty() && minimal.score.is_none());
}

#[test]
fn plan_errors() {
    let cases: [(&str, &str, ErrorCode); 6] = [
        (r#"{"meetings": []}"#, "$.version", ErrorCode::MissingField),
        (r#"{"version": 2}"#, "$.version", ErrorCode::BadVersion),
        (
            r#"{"version": 1, "extra": 0}"#,
            "$.extra",
            ErrorCode::UnknownField,
        ),
        (
            r#"{"version": 1, "version": 1}"#,
            "$.version",
            ErrorCode::DuplicateKey,
        ),
        (
            r#"{"version": 1, "meetings": [{"id": "M", "room": "R", "start": "2026-03-02T9:30"}]}"#,
            "$.meetings[0].start",
            ErrorCode::BadTime,
        ),
        (
            r#"{"version": 1, "score": {"hard": 0, "medium": 0, "soft": 1.5}}"#,
            "$.score.soft",
            ErrorCode::NotInteger,
        ),
    ];
    for (text, path, code) in cases {
        let err = load_plan_str(text).expect_err(text);
        let got: Vec<(&str, ErrorCode)> = err.errors().iter().map(|e| (e.path.as_str(), e.code)).collect();
        assert_eq!(got, vec![(path, code)], "{text}");
    }
}

#[test]
fn file_errors_name_the_file() {
    let err = load_problem_file("/nonexistent/huiwu.json").expect_err("missing file");
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].code, ErrorCode::Io);
    assert_eq!(err.errors()[0].path, "$");
    assert!(
        err.errors()[0]
            .message
            .starts_with("cannot read /nonexistent/huiwu.json: ")
    );
    let err = load_plan_file("/nonexistent/plan.json").expect_err("missing file");
    assert_eq!(err.errors()[0].code, ErrorCode::Io);
    let p = load_problem_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/loader_small.json"
    ));
    assert!(p.is_ok());
}

#[test]
fn checked_in_examples_load() {
    for name in ["small.json", "week.json"] {
        let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        let p = load_problem_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!p.meetings.is_empty(), "{name}");
    }
}
