//! Exact penalties of every hard rule and every medium and soft term (SPEC §4), with the edge
//! cases of SPEC §6, on tiny problems built from JSON text.

use huiwu::{Level, Rule};
use huiwu::{PlacedMeeting, Plan, TaskStaffing, UnassignedMeeting};
use huiwu::{Problem, Report, check, load_problem_str};
use serde_json::{Value, json};

// ---------------------------------------------------------------- helpers

/// Two days, buildings A–B connected (10 minutes) and C unconnected, four rooms of 10 seats, a
/// plain class without tasks, a service class with one task, medium weights at their defaults
/// and every soft weight at 0 (each test switches on what it measures).
fn base() -> Value {
    json!({
        "version": 1,
        "days": ["2026-03-02", "2026-03-03"],
        "opening": { "start": "08:00", "end": "18:00" },
        "buildings": [ { "id": "A" }, { "id": "B" }, { "id": "C" } ],
        "travel": [ { "from": "A", "to": "B", "minutes": 10 } ],
        "rooms": [
            { "id": "A1", "building": "A", "capacity": 10, "confidential_level": 3 },
            { "id": "A2", "building": "A", "capacity": 10, "confidential_level": 3 },
            { "id": "B1", "building": "B", "capacity": 10, "confidential_level": 3 },
            { "id": "C1", "building": "C", "capacity": 10, "confidential_level": 3 }
        ],
        "staff": [],
        "service_classes": [
            { "id": "plain" },
            { "id": "svc", "tasks": [ { "name": "help", "skill": "setup", "level": 2,
                "from": { "anchor": "start" }, "to": { "anchor": "end" }, "staff": 1 } ] }
        ],
        "meetings": [],
        "weights": {
            "seat_waste": 0, "room_open": 0, "room_preference": 0, "time_preference": 0,
            "staff_travel": 0, "overtime": 0, "preferred_staff": 0, "series_room": 0,
            "series_spread": 0, "isolated": 0, "moved_room": 0, "moved_time": 0, "staff_changed": 0
        }
    })
}

/// A plain meeting of 10 attendees and 60 minutes.
fn mtg(id: &str) -> Value {
    json!({ "id": id, "class": "plain", "attendees": 10, "duration": 60 })
}

/// A meeting of class `svc` (one task `help`, one person with setup ≥ 2).
fn svc(id: &str) -> Value {
    json!({ "id": id, "class": "svc", "attendees": 10, "duration": 60 })
}

/// A staff member at home in A with setup 2 and clearance 3.
fn staff(id: &str) -> Value {
    json!({ "id": id, "building": "A", "skills": { "setup": 2 }, "clearance": 3 })
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

/// `2026-03-02T<hm>`.
fn d1(hm: &str) -> String {
    format!("2026-03-02T{hm}")
}

/// `2026-03-03T<hm>`.
fn d2(hm: &str) -> String {
    format!("2026-03-03T{hm}")
}

fn load(v: &Value) -> Problem {
    match load_problem_str(&v.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("fixture does not load: {e:?}"),
    }
}

fn plan(placed: &[(&str, &str, String)], unassigned: &[&str], tasks: &[(&str, &[&str])]) -> Plan {
    Plan {
        meetings: placed
            .iter()
            .map(|(id, room, start)| PlacedMeeting {
                id: id.to_string(),
                room: room.to_string(),
                start: start.clone(),
            })
            .collect(),
        unassigned: unassigned
            .iter()
            .map(|id| UnassignedMeeting {
                id: id.to_string(),
                reason: String::new(),
            })
            .collect(),
        tasks: tasks
            .iter()
            .map(|(id, staff)| TaskStaffing {
                id: id.to_string(),
                staff: staff.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
        score: None,
    }
}

/// Checks a well-formed plan.
fn run(v: &Value, plan: &Plan) -> Report {
    let p = load(v);
    let r = check(&p, plan);
    assert!(r.form_errors.is_empty(), "form errors: {:?}", r.form_errors);
    r
}

/// Every hard rule's count in SPEC order.
fn hard(r: &Report) -> Vec<i64> {
    Rule::of_level(Level::Hard).map(|n| r.term(n)).collect()
}

/// One problem, several plans for the same meetings.
fn meetings(ms: Vec<Value>) -> Value {
    with(base(), "meetings", Value::Array(ms))
}

// ---------------------------------------------------------------- SPEC example

#[test]
fn spec_example_scores_hard0_medium1300_soft96() {
    let problem = include_str!("data/spec_example.json");
    let p = match load_problem_str(problem) {
        Ok(p) => p,
        Err(e) => panic!("SPEC example does not load: {e:?}"),
    };
    let plan: Plan = match huiwu::load_plan_str(include_str!("data/spec_example.plan.json")) {
        Ok(plan) => plan,
        Err(e) => panic!("SPEC plan does not load: {e:?}"),
    };
    let r = check(&p, &plan);
    assert!(r.form_errors.is_empty(), "{:?}", r.form_errors);
    assert_eq!((r.score.hard, r.score.medium, r.score.soft), (0, 1300, 96));
    let mut nonzero: Vec<(&str, i64)> = r
        .terms
        .iter()
        .filter(|(_, v)| **v != 0)
        .map(|(k, v)| (k.name(), *v))
        .collect();
    nonzero.sort();
    assert_eq!(
        nonzero,
        vec![
            ("missing_staff", 300),
            ("room_open", 80),
            ("seat_waste", 6),
            ("series_spread", 10),
            ("unassigned", 1000)
        ]
    );
    // The plan's own score says the same.
    let stated = plan.score.clone().unwrap_or_default();
    assert_eq!((stated.hard, stated.medium, stated.soft), (0, 1300, 96));
    // Every name is present in terms.
    assert_eq!(r.terms.len(), Rule::COUNT);
    assert!(r.valid());
}

// ---------------------------------------------------------------- pinned

#[test]
fn pinned_counts_one_per_meeting_off_its_pin() {
    let mut m = mtg("M1");
    m["pinned"] = json!({ "room": "A1", "start": d1("09:00") });
    m["priority"] = json!(4);
    let v = meetings(vec![m]);
    assert_eq!(
        run(&v, &plan(&[("M1", "A1", d1("09:00"))], &[], &[])).term(Rule::Pinned),
        0
    );
    assert_eq!(
        run(&v, &plan(&[("M1", "A2", d1("09:00"))], &[], &[])).term(Rule::Pinned),
        1
    );
    assert_eq!(
        run(&v, &plan(&[("M1", "A1", d1("10:00"))], &[], &[])).term(Rule::Pinned),
        1
    );
    let r = run(&v, &plan(&[], &["M1"], &[]));
    assert_eq!((r.term(Rule::Pinned), r.term(Rule::Unassigned)), (1, 4000));
    assert_eq!((r.score.hard, r.score.medium), (1, 4000));
}

// ---------------------------------------------------------------- room_fit

#[test]
fn room_fit_seats_layout_features_clearance() {
    let mut v = base();
    v["rooms"][0]["layouts"] = json!({ "theatre": 20 });
    v["rooms"][1]["layouts"] = json!({ "classroom": 8 });
    v["rooms"][1]["features"] = json!(["video", "interpretation"]);
    v["rooms"][0]["confidential_level"] = json!(1);
    let mut big = mtg("BIG");
    big["attendees"] = json!(12);
    let mut lay = mtg("LAY");
    lay["layout"] = json!("classroom");
    lay["attendees"] = json!(5);
    let mut feat = mtg("FEAT");
    feat["features"] = json!(["video", "interpretation"]);
    let mut conf = mtg("CONF");
    conf["confidential"] = json!(2);
    let mut all = mtg("ALL");
    all["attendees"] = json!(11);
    all["features"] = json!(["video"]);
    all["confidential"] = json!(2);
    v["meetings"] = json!([big, lay, feat, conf, all]);
    let only = |who: &str, room: &str, t: &str| {
        let others: Vec<&str> = ["BIG", "LAY", "FEAT", "CONF", "ALL"]
            .into_iter()
            .filter(|x| *x != who)
            .collect();
        plan(&[(who, room, d1(t))], &others, &[])
    };
    assert_eq!(run(&v, &only("BIG", "A1", "09:00")).term(Rule::RoomFit), 1);
    // A1 lacks the classroom layout; A2 has it with 8 seats for 5.
    let r = run(&v, &only("LAY", "A1", "09:00"));
    assert_eq!(r.term(Rule::RoomFit), 1);
    let msg = r
        .violations_of(Rule::RoomFit)
        .map(|x| x.message.clone())
        .collect::<Vec<_>>();
    assert_eq!(
        msg,
        vec!["LAY needs the classroom layout, which A1 does not have".to_string()]
    );
    assert_eq!(run(&v, &only("LAY", "A2", "09:00")).term(Rule::RoomFit), 0);
    assert_eq!(run(&v, &only("FEAT", "A1", "09:00")).term(Rule::RoomFit), 1);
    assert_eq!(run(&v, &only("FEAT", "A2", "09:00")).term(Rule::RoomFit), 0);
    assert_eq!(run(&v, &only("CONF", "A1", "09:00")).term(Rule::RoomFit), 1);
    assert_eq!(run(&v, &only("CONF", "A2", "09:00")).term(Rule::RoomFit), 0);
    assert_eq!(run(&v, &only("ALL", "A1", "09:00")).term(Rule::RoomFit), 3);
    // The planner's sentence for too few seats.
    let r = run(&v, &only("BIG", "A1", "09:00"));
    let msg = r
        .violations_of(Rule::RoomFit)
        .map(|x| x.message.clone())
        .collect::<Vec<_>>();
    assert_eq!(
        msg,
        vec!["BIG (12 attendees) is in A1, which seats 10".to_string()]
    );
}

#[test]
fn room_fit_layout_sentence_names_the_layout() {
    let mut v = base();
    v["rooms"][0]["layouts"] = json!({ "classroom": 30 });
    let mut m = mtg("M-0012");
    m["attendees"] = json!(45);
    m["layout"] = json!("classroom");
    v["meetings"] = json!([m]);
    let r = run(&v, &plan(&[("M-0012", "A1", d1("09:00"))], &[], &[]));
    let msg = r
        .violations_of(Rule::RoomFit)
        .map(|x| x.message.clone())
        .collect::<Vec<_>>();
    assert_eq!(
        msg,
        vec!["M-0012 (45 attendees, classroom) is in A1, which seats 30 in classroom".to_string()]
    );
}

#[test]
fn capacity_overflow_at_zero_makes_capacity_soft_but_layout_stays_hard() {
    let mut v = base();
    v["rooms"][1]["layouts"] = json!({ "classroom": 8 });
    v["weights"]["capacity_overflow"] = json!(0);
    v["weights"]["seat_waste"] = json!(1);
    let mut big = mtg("BIG");
    big["attendees"] = json!(12);
    let mut lay = mtg("LAY");
    lay["layout"] = json!("classroom");
    v["meetings"] = json!([big, lay]);
    let r = run(
        &v,
        &plan(
            &[("BIG", "A1", d1("09:00")), ("LAY", "A1", d1("11:00"))],
            &[],
            &[],
        ),
    );
    assert_eq!(r.term(Rule::RoomFit), 1); // LAY: A1 has no classroom layout
    assert_eq!((r.term(Rule::CapacityOverflow), r.term(Rule::SeatWaste)), (0, 0));
    assert_eq!(r.score.soft, 0);
    v["weights"]["capacity_overflow"] = json!(3);
    let r = run(
        &v,
        &plan(
            &[("BIG", "A1", d1("09:00")), ("LAY", "A2", d1("11:00"))],
            &[],
            &[],
        ),
    );
    // BIG: 2 over × 3; LAY: 10 attendees in 8 classroom seats: 2 over × 3.
    assert_eq!(
        (
            r.term(Rule::RoomFit),
            r.term(Rule::CapacityOverflow),
            r.term(Rule::SeatWaste)
        ),
        (0, 12, 0)
    );
}

// ---------------------------------------------------------------- time_fit

#[test]
fn time_fit_one_per_failed_clause() {
    let mut win = mtg("W");
    win["windows"] = json!([{ "earliest_start": d1("10:00"), "latest_end": d1("12:00") }]);
    let v = meetings(vec![mtg("M"), win]);
    let one = |m: &str, t: String| {
        let other = if m == "M" { "W" } else { "M" };
        run(&v, &plan(&[(m, "A1", t)], &[other], &[])).term(Rule::TimeFit)
    };
    assert_eq!(one("M", d1("09:00")), 0);
    assert_eq!(one("M", d1("09:05")), 1); // off the 15-minute grid
    assert_eq!(one("M", "2026-03-04T09:00".into()), 1); // not a planning day
    assert_eq!(one("M", d1("17:00")), 0); // ends at 18:00 closing: half-open
    assert_eq!(one("M", d1("17:15")), 1); // ends after closing
    assert_eq!(one("M", d1("07:45")), 1); // starts before opening
    assert_eq!(one("M", d1("17:20")), 2); // off grid and after closing
    assert_eq!(one("W", d1("09:45")), 1); // before the window
    assert_eq!(one("W", d1("10:00")), 0);
    assert_eq!(one("W", d1("11:00")), 0); // ends exactly at latest_end
    assert_eq!(one("W", d1("11:15")), 1);
    assert_eq!(one("W", d2("10:00")), 1); // the window is on day 1
}

#[test]
fn time_fit_opening_covers_setup_and_teardown() {
    let mut v = meetings(vec![with(mtg("M"), "class", json!("buf"))]);
    v["service_classes"] = json!([{ "id": "buf", "setup_minutes": 30, "teardown_minutes": 15 }]);
    let t = |s: &str| run(&v, &plan(&[("M", "A1", d1(s))], &[], &[])).term(Rule::TimeFit);
    assert_eq!(t("08:30"), 0);
    assert_eq!(t("08:15"), 1); // setup from 07:45
    assert_eq!(t("16:45"), 0); // teardown until 18:00
    assert_eq!(t("17:00"), 1);
}

// ---------------------------------------------------------------- room_clash

#[test]
fn room_clash_pairs_are_half_open() {
    let v = meetings(vec![mtg("M1"), mtg("M2"), mtg("M3")]);
    let c = |a: &str, b: &str, c: &str| {
        let r = run(
            &v,
            &plan(
                &[("M1", "A1", d1(a)), ("M2", "A1", d1(b)), ("M3", "A1", d1(c))],
                &[],
                &[],
            ),
        );
        r.term(Rule::RoomClash)
    };
    assert_eq!(c("09:00", "10:00", "11:00"), 0);
    assert_eq!(c("09:00", "09:30", "11:00"), 1);
    assert_eq!(c("09:00", "09:00", "09:45"), 3);
    assert_eq!(c("09:00", "09:30", "10:00"), 2); // M1–M2 and M2–M3, M1–M3 touch
}

#[test]
fn room_clash_counts_setup_and_teardown() {
    let mut v = meetings(vec![
        with(mtg("M1"), "class", json!("buf")),
        with(mtg("M2"), "class", json!("buf")),
    ]);
    v["service_classes"] = json!([{ "id": "buf", "setup_minutes": 15, "teardown_minutes": 15 }]);
    let c = |b: &str| {
        run(
            &v,
            &plan(&[("M1", "A1", d1("09:00")), ("M2", "A1", d1(b))], &[], &[]),
        )
        .term(Rule::RoomClash)
    };
    assert_eq!(c("10:15"), 1); // 08:45–10:15 and 10:00–11:30
    assert_eq!(c("10:30"), 0); // 10:15–11:45 touches
}

#[test]
fn room_clash_one_per_unavailable_interval() {
    let mut v = meetings(vec![with(mtg("M1"), "duration", json!(120))]);
    v["rooms"][0]["unavailable"] = json!([
        { "start": d1("09:30"), "end": d1("10:00") },
        { "start": d1("10:30"), "end": d1("11:00") }
    ]);
    let c = |t: &str| run(&v, &plan(&[("M1", "A1", d1(t))], &[], &[])).term(Rule::RoomClash);
    assert_eq!(c("09:00"), 2);
    assert_eq!(c("08:00"), 1);
    assert_eq!(c("11:00"), 0); // starts as the second block ends
    assert_eq!(c("10:00"), 1); // overlaps only the second block
}

#[test]
fn room_clash_layout_change_at_the_limit_and_one_minute_short() {
    let mut v = base();
    v["granularity_minutes"] = json!(1);
    v["rooms"][0]["layouts"] = json!({ "theatre": 10, "classroom": 10 });
    v["rooms"][0]["layout_change_minutes"] = json!(20);
    let mut t1 = mtg("T1");
    t1["layout"] = json!("theatre");
    let mut t2 = mtg("T2");
    t2["layout"] = json!("theatre");
    let mut c1 = mtg("C1");
    c1["layout"] = json!("classroom");
    v["meetings"] = json!([t1, t2, c1, mtg("N1"), mtg("N2")]);
    let all = ["T1", "T2", "C1", "N1", "N2"];
    let c = |placed: &[(&str, &str)]| {
        let ps: Vec<(&str, &str, String)> = placed.iter().map(|(m, t)| (*m, "A1", d1(t))).collect();
        let rest: Vec<&str> = all
            .into_iter()
            .filter(|m| !placed.iter().any(|(x, _)| x == m))
            .collect();
        run(&v, &plan(&ps, &rest, &[])).term(Rule::RoomClash)
    };
    assert_eq!(c(&[("T1", "09:00"), ("C1", "10:20")]), 0); // exactly at the limit
    assert_eq!(c(&[("T1", "09:00"), ("C1", "10:19")]), 1); // one minute short
    assert_eq!(c(&[("T1", "09:00"), ("T2", "10:00")]), 0); // same layout
    assert_eq!(c(&[("N1", "09:00"), ("C1", "10:05")]), 1); // no layout counts as ""
    assert_eq!(c(&[("N1", "09:00"), ("N2", "10:05")]), 0); // "" and ""
    assert_eq!(c(&[("T1", "09:00"), ("C1", "09:30")]), 1); // overlapping: once, as an overlap
    // Only adjacent occupancies: T1 … T2 (same layout), T2 … C1 (10 minutes): one.
    assert_eq!(c(&[("T1", "09:00"), ("T2", "10:05"), ("C1", "11:15")]), 1);
    // C1 between T1 and T2: two changes, each too close.
    assert_eq!(c(&[("T1", "09:00"), ("C1", "10:10"), ("T2", "11:20")]), 2);
}

// ---------------------------------------------------------------- person_clash

#[test]
fn person_clash_one_per_pair_however_many_people() {
    let mut v = base();
    v["granularity_minutes"] = json!(5);
    let mut m1 = mtg("M1");
    m1["people"] = json!(["li", "wang"]);
    let mut m2 = mtg("M2");
    m2["people"] = json!(["li", "wang"]);
    let mut m3 = mtg("M3");
    m3["people"] = json!(["zhao"]);
    v["meetings"] = json!([m1, m2, m3]);
    let c = |r2: &str, t2: String| {
        run(
            &v,
            &plan(
                &[
                    ("M1", "A1", d1("09:00")),
                    ("M2", r2, t2),
                    ("M3", "A2", d1("09:00")),
                ],
                &[],
                &[],
            ),
        )
        .term(Rule::PersonClash)
    };
    assert_eq!(c("A2", d1("09:30")), 1); // two shared people, one pair
    assert_eq!(c("A2", d1("10:00")), 0); // touching, same building
    assert_eq!(c("B1", d1("10:00")), 1); // 0 minutes to travel 10
    assert_eq!(c("B1", d1("10:05")), 1);
    assert_eq!(c("B1", d1("10:10")), 0); // exactly the travel time
    assert_eq!(c("C1", d1("15:00")), 1); // no path, same day
    assert_eq!(c("C1", d2("08:00")), 0); // no travel rule across days
    assert_eq!(c("B1", d2("08:00")), 0);
}

// ---------------------------------------------------------------- equipment

#[test]
fn equipment_one_per_maximal_stretch() {
    let mut v = base();
    v["equipment_pools"] = json!([{ "building": "A", "kind": "mic", "count": 5 }]);
    let needs = |id: &str| with(mtg(id), "equipment", json!({ "mic": 3 }));
    v["meetings"] = json!([needs("M1"), needs("M2"), needs("M3"), needs("M4")]);
    let c = |v: &Value, ps: &[(&str, &str, &str)]| {
        let placed: Vec<(&str, &str, String)> = ps.iter().map(|(m, r, t)| (*m, *r, d1(t))).collect();
        let rest: Vec<&str> = ["M1", "M2", "M3", "M4"]
            .into_iter()
            .filter(|m| !ps.iter().any(|(x, _, _)| x == m))
            .collect();
        run(v, &plan(&placed, &rest, &[])).term(Rule::Equipment)
    };
    assert_eq!(c(&v, &[("M1", "A1", "09:00"), ("M2", "A2", "09:30")]), 1);
    assert_eq!(c(&v, &[("M1", "A1", "09:00"), ("M2", "A2", "10:00")]), 0); // half-open hand-over
    // 09:30–10:00 (M1+M2) and 10:00–10:30 (M2+M3) are one stretch.
    assert_eq!(
        c(
            &v,
            &[
                ("M1", "A1", "09:00"),
                ("M2", "A2", "09:30"),
                ("M3", "A1", "10:00")
            ]
        ),
        1
    );
    // Two separate stretches.
    assert_eq!(
        c(
            &v,
            &[
                ("M1", "A1", "09:00"),
                ("M2", "A2", "09:30"),
                ("M3", "A1", "13:00"),
                ("M4", "A2", "13:30")
            ]
        ),
        2
    );
    // A room's own equipment is not borrowed: A1 has 1 mic, so M1 borrows 2 and 2 + 3 ≤ 5.
    v["rooms"][0]["equipment"] = json!({ "mic": 1 });
    assert_eq!(c(&v, &[("M1", "A1", "09:00"), ("M2", "A2", "09:30")]), 0);
    // No pool in B: any borrowing there exceeds it.
    assert_eq!(c(&v, &[("M1", "B1", "09:00")]), 1);
}

// ---------------------------------------------------------------- staff_fit

fn staffed() -> Value {
    let mut v = meetings(vec![with(svc("M1"), "confidential", json!(1))]);
    let mut s2 = staff("S2");
    s2["skills"] = json!({ "setup": 1 });
    let s3 = with(staff("S3"), "clearance", json!(0));
    let s4 = with(staff("S4"), "external", json!(true));
    let s5 = with(
        staff("S5"),
        "available",
        json!([{ "start": d2("08:00"), "end": d2("18:00") }]),
    );
    let s6 = with(staff("S6"), "building", json!("C"));
    let mut s8 = staff("S8");
    s8["skills"] = json!({ "tea": 3 });
    s8["clearance"] = json!(0);
    s8["external"] = json!(true);
    v["staff"] = json!([staff("S1"), s2, s3, s4, s5, s6, staff("S7"), s8]);
    v
}

#[test]
fn staff_fit_one_per_person_and_failed_clause() {
    let v = staffed();
    let c = |people: &[&str]| {
        let r = run(
            &v,
            &plan(&[("M1", "A1", d1("09:00"))], &[], &[("M1/help", people)]),
        );
        (r.term(Rule::StaffFit), r.term(Rule::MissingStaff))
    };
    assert_eq!(c(&["S1"]), (0, 0));
    assert_eq!(c(&["S2"]), (1, 0)); // level 1 < 2
    assert_eq!(c(&["S3"]), (1, 0)); // clearance 0 < 1
    assert_eq!(c(&["S4"]), (1, 0)); // external on a confidential meeting
    assert_eq!(c(&["S5"]), (1, 0)); // not available on day 1
    assert_eq!(c(&["S6"]), (1, 0)); // home C cannot reach A
    assert_eq!(c(&["S8"]), (3, 0)); // no skill, clearance, external
    assert_eq!(c(&["S1", "S1"]), (1, 0)); // a repeat; holds it once
    assert_eq!(c(&["S1", "S1", "S1"]), (2, 0));
    assert_eq!(c(&["S1", "S7"]), (1, 0)); // one beyond the need of 1
    assert_eq!(c(&["S1", "S2"]), (2, 0)); // S2's level, and one too many
    assert_eq!(c(&[]), (0, 100));
}

#[test]
fn person_listed_twice_holds_the_task_once() {
    let mut v = meetings(vec![svc("M1")]);
    let mut s = staff("S1");
    s["max_minutes_per_day"] = json!(60);
    s["preferred_minutes_per_day"] = json!(60);
    v["staff"] = json!([s]);
    v["weights"]["overtime"] = json!(1);
    let r = run(
        &v,
        &plan(&[("M1", "A1", d1("09:00"))], &[], &[("M1/help", &["S1", "S1"])]),
    );
    assert_eq!(hard(&r), vec![0, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert_eq!((r.term(Rule::Overtime), r.term(Rule::MissingStaff)), (0, 0));
}

// ---------------------------------------------------------------- staff_clash

#[test]
fn staff_clash_overlap_travel_and_days() {
    let mut v = meetings(vec![svc("M1"), svc("M2")]);
    v["staff"] = json!([staff("S1")]);
    let c = |r2: &str, t2: String| {
        let r = run(
            &v,
            &plan(
                &[("M1", "A1", d1("09:00")), ("M2", r2, t2)],
                &[],
                &[("M1/help", &["S1"]), ("M2/help", &["S1"])],
            ),
        );
        (r.term(Rule::StaffClash), r.term(Rule::StaffFit))
    };
    assert_eq!(c("A2", d1("09:30")), (1, 0));
    assert_eq!(c("A2", d1("10:00")), (0, 0)); // half-open
    assert_eq!(c("B1", d1("10:00")), (1, 0)); // travel 10
    assert_eq!(c("B1", d1("10:15")), (0, 0));
    assert_eq!(c("B1", d2("08:00")), (0, 0)); // next day
    assert_eq!(c("C1", d1("15:00")), (1, 1)); // no path: clash, and home A cannot reach C
    assert_eq!(c("C1", d2("09:00")), (0, 1));
}

// ---------------------------------------------------------------- staff_hours

#[test]
fn staff_hours_per_day_and_total() {
    let mut v = meetings(vec![svc("M1"), svc("M2"), svc("M3")]);
    let mut s = staff("S1");
    s["max_minutes_per_day"] = json!(60);
    s["max_minutes_total"] = json!(150);
    v["staff"] = json!([s]);
    let all: &[(&str, &[&str])] = &[("M1/help", &["S1"]), ("M2/help", &["S1"]), ("M3/help", &["S1"])];
    let r = run(
        &v,
        &plan(
            &[
                ("M1", "A1", d1("09:00")),
                ("M2", "A1", d1("10:00")),
                ("M3", "A1", d2("09:00")),
            ],
            &[],
            all,
        ),
    );
    assert_eq!(r.term(Rule::StaffHours), 2); // day 1: 120 > 60; total 180 > 150
    let r = run(
        &v,
        &plan(
            &[
                ("M1", "A1", d1("09:00")),
                ("M2", "A1", d2("10:00")),
                ("M3", "A1", d2("09:00")),
            ],
            &[],
            all,
        ),
    );
    assert_eq!(r.term(Rule::StaffHours), 2); // day 2: 120 > 60; total
    v["staff"][0]["max_minutes_total"] = json!(180);
    v["staff"][0]["max_minutes_per_day"] = json!(120);
    let r = run(
        &v,
        &plan(
            &[
                ("M1", "A1", d1("09:00")),
                ("M2", "A1", d1("10:00")),
                ("M3", "A1", d2("09:00")),
            ],
            &[],
            all,
        ),
    );
    assert_eq!(r.term(Rule::StaffHours), 0); // exactly at both caps
}

#[test]
fn task_minutes_belong_to_the_day_the_task_starts() {
    let mut v = base();
    v["opening"] = json!({ "start": "00:00", "end": "24:00" });
    v["meetings"] = json!([with(svc("M1"), "duration", json!(120))]);
    let mut s = staff("S1");
    s["max_minutes_per_day"] = json!(100);
    s["available"] = json!([{ "start": d1("00:00"), "end": d2("12:00") }]);
    v["staff"] = json!([s]);
    let r = run(
        &v,
        &plan(&[("M1", "A1", d1("23:00"))], &[], &[("M1/help", &["S1"])]),
    );
    // 23:00–01:00 counts 120 minutes on day 1; the occupancy crosses midnight (time_fit).
    assert_eq!(r.term(Rule::StaffHours), 1);
}

// ---------------------------------------------------------------- medium

#[test]
fn unassigned_is_weight_times_priority() {
    let mut v = meetings(vec![with(mtg("M1"), "priority", json!(3)), mtg("M2")]);
    v["weights"]["unassigned"] = json!(7);
    let r = run(&v, &plan(&[], &["M1", "M2"], &[]));
    assert_eq!((r.term(Rule::Unassigned), r.score.medium), (28, 28));
}

#[test]
fn missing_staff_counts_distinct_people_against_the_need() {
    let mut v = meetings(vec![svc("M1")]);
    v["service_classes"][1]["tasks"][0]["staff"] = json!(1);
    v["service_classes"][1]["tasks"][0]["per_attendees"] = json!(4); // 1 + ceil(10/4) = 4
    v["staff"] = json!([staff("S1"), staff("S2")]);
    v["weights"]["missing_staff"] = json!(100);
    let c = |people: &[&str]| {
        run(
            &v,
            &plan(&[("M1", "A1", d1("09:00"))], &[], &[("M1/help", people)]),
        )
        .term(Rule::MissingStaff)
    };
    assert_eq!(c(&[]), 400);
    assert_eq!(c(&["S1"]), 300);
    assert_eq!(c(&["S1", "S1"]), 300);
    assert_eq!(c(&["S1", "S2"]), 200);
    // Tasks of unassigned meetings need nobody.
    assert_eq!(run(&v, &plan(&[], &["M1"], &[])).term(Rule::MissingStaff), 0);
}

// ---------------------------------------------------------------- soft: seats, rooms, preferences

#[test]
fn seat_waste_per_empty_seat_and_not_without_layout() {
    let mut v = base();
    v["weights"]["seat_waste"] = json!(2);
    v["rooms"][1]["layouts"] = json!({ "classroom": 8 });
    let small = with(mtg("S"), "attendees", json!(4));
    let lay = with(
        with(mtg("L"), "attendees", json!(5)),
        "layout",
        json!("classroom"),
    );
    let big = with(mtg("B"), "attendees", json!(12));
    v["meetings"] = json!([small, lay, big]);
    let r = run(
        &v,
        &plan(&[("S", "A1", d1("09:00")), ("L", "A2", d1("09:00"))], &["B"], &[]),
    );
    assert_eq!(r.term(Rule::SeatWaste), 12 + 6);
    // In A1 the layout is missing: a hard room_fit, no seat term.
    let r = run(&v, &plan(&[("L", "A1", d1("09:00"))], &["S", "B"], &[]));
    assert_eq!((r.term(Rule::SeatWaste), r.term(Rule::RoomFit)), (0, 1));
    // Over capacity: no waste (and capacity is hard here).
    let r = run(&v, &plan(&[("B", "A1", d1("09:00"))], &["S", "L"], &[]));
    assert_eq!(
        (
            r.term(Rule::SeatWaste),
            r.term(Rule::RoomFit),
            r.term(Rule::CapacityOverflow)
        ),
        (0, 1, 0)
    );
}

#[test]
fn room_open_per_room_and_day_with_own_costs_and_switch() {
    let mut v = meetings(vec![mtg("M1"), mtg("M2"), mtg("M3"), mtg("M4")]);
    v["rooms"][1]["open_cost"] = json!(80);
    v["weights"]["room_open"] = json!(50);
    let p = plan(
        &[
            ("M1", "A1", d1("09:00")),
            ("M2", "A1", d1("11:00")),
            ("M3", "A2", d1("09:00")),
            ("M4", "A1", d2("09:00")),
        ],
        &[],
        &[],
    );
    assert_eq!(run(&v, &p).term(Rule::RoomOpen), 50 + 80 + 50);
    v["weights"]["room_open"] = json!(0);
    assert_eq!(run(&v, &p).term(Rule::RoomOpen), 0); // own open_cost switched off too
}

#[test]
fn room_and_time_preferences() {
    let mut v = base();
    v["weights"]["room_preference"] = json!(10);
    v["weights"]["time_preference"] = json!(3);
    let mut m = mtg("M1");
    m["preferred_rooms"] = json!(["A2", "B1"]);
    m["preferred_start"] = json!(d1("09:05"));
    v["meetings"] = json!([m]);
    let r = run(&v, &plan(&[("M1", "A1", d1("09:30"))], &[], &[]));
    // 25 minutes on a 15-minute grid: ceil = 2 steps × 3.
    assert_eq!(
        (r.term(Rule::RoomPreference), r.term(Rule::TimePreference)),
        (10, 6)
    );
    let r = run(&v, &plan(&[("M1", "B1", d1("09:00"))], &[], &[]));
    assert_eq!(
        (r.term(Rule::RoomPreference), r.term(Rule::TimePreference)),
        (0, 3)
    );
    let r = run(&v, &plan(&[], &["M1"], &[]));
    assert_eq!(
        (r.term(Rule::RoomPreference), r.term(Rule::TimePreference)),
        (0, 0)
    );
}

// ---------------------------------------------------------------- soft: staff

#[test]
fn staff_travel_route_home_tasks_home() {
    let mut v = meetings(vec![svc("M1"), svc("M2"), svc("M3"), svc("M4")]);
    v["staff"] = json!([staff("S1")]);
    v["weights"]["staff_travel"] = json!(2);
    let r = run(
        &v,
        &plan(
            &[
                ("M1", "A1", d1("09:00")),
                ("M2", "B1", d1("10:15")),
                ("M3", "A1", d1("12:00")),
                ("M4", "B1", d2("09:00")),
            ],
            &[],
            &[
                ("M1/help", &["S1"]),
                ("M2/help", &["S1"]),
                ("M3/help", &["S1"]),
                ("M4/help", &["S1"]),
            ],
        ),
    );
    // Day 1: A → A → B → A → A = 20; day 2: A → B → A = 20; × 2.
    assert_eq!(r.term(Rule::StaffTravel), 80);
    assert_eq!(hard(&r), vec![0; 9]);
    // A leg with no path adds 0 (it is a staff_fit violation already).
    let r = run(
        &v,
        &plan(
            &[("M1", "C1", d1("09:00"))],
            &["M2", "M3", "M4"],
            &[("M1/help", &["S1"])],
        ),
    );
    assert_eq!((r.term(Rule::StaffTravel), r.term(Rule::StaffFit)), (0, 1));
}

#[test]
fn overtime_per_person_and_day() {
    let mut v = meetings(vec![with(svc("M1"), "duration", json!(90)), svc("M2")]);
    v["staff"] = json!([with(staff("S1"), "preferred_minutes_per_day", json!(60))]);
    v["weights"]["overtime"] = json!(2);
    let tasks: &[(&str, &[&str])] = &[("M1/help", &["S1"]), ("M2/help", &["S1"])];
    let r = run(
        &v,
        &plan(
            &[("M1", "A1", d1("09:00")), ("M2", "A1", d1("11:00"))],
            &[],
            tasks,
        ),
    );
    assert_eq!(r.term(Rule::Overtime), 90 * 2); // 150 − 60
    let r = run(
        &v,
        &plan(
            &[("M1", "A1", d1("09:00")), ("M2", "A1", d2("11:00"))],
            &[],
            tasks,
        ),
    );
    assert_eq!(r.term(Rule::Overtime), 30 * 2);
}

#[test]
fn preferred_staff_only_for_assigned_meetings() {
    let mut v = meetings(vec![with(svc("M1"), "preferred_staff", json!(["S1", "S2"]))]);
    v["staff"] = json!([staff("S1"), staff("S2")]);
    v["weights"]["preferred_staff"] = json!(10);
    let r = run(
        &v,
        &plan(&[("M1", "A1", d1("09:00"))], &[], &[("M1/help", &["S1"])]),
    );
    assert_eq!(r.term(Rule::PreferredStaff), 10);
    let r = run(&v, &plan(&[("M1", "A1", d1("09:00"))], &[], &[("M1/help", &[])]));
    assert_eq!(r.term(Rule::PreferredStaff), 20);
    assert_eq!(run(&v, &plan(&[], &["M1"], &[])).term(Rule::PreferredStaff), 0);
}

// ---------------------------------------------------------------- soft: series, isolated

#[test]
fn series_room_and_spread() {
    let mut v = base();
    v["series"] = json!([{ "id": "wk", "min_days": 3 }]);
    v["weights"]["series_room"] = json!(10);
    v["weights"]["series_spread"] = json!(5);
    let s = |id: &str| with(mtg(id), "series", json!("wk"));
    let o = |id: &str| with(mtg(id), "series", json!("other"));
    v["meetings"] = json!([s("M1"), s("M2"), o("M3")]);
    let terms = |r: Report| (r.term(Rule::SeriesRoom), r.term(Rule::SeriesSpread));
    let r = run(
        &v,
        &plan(
            &[
                ("M1", "A1", d1("09:00")),
                ("M2", "A1", d1("11:00")),
                ("M3", "A1", d1("13:00")),
            ],
            &[],
            &[],
        ),
    );
    assert_eq!(terms(r), (0, 10));
    let r = run(
        &v,
        &plan(
            &[
                ("M1", "A1", d1("09:00")),
                ("M2", "A2", d2("11:00")),
                ("M3", "B1", d1("13:00")),
            ],
            &[],
            &[],
        ),
    );
    assert_eq!(terms(r), (10, 5));
    // Nothing of "wk" assigned: min_days × w; "other" (named only in meetings) has min_days 0.
    let r = run(&v, &plan(&[], &["M1", "M2", "M3"], &[]));
    assert_eq!(terms(r), (0, 15));
}

#[test]
fn isolated_per_compact_person_and_meeting() {
    let mut v = base();
    v["people"] = json!([{ "id": "li", "compact": true }, { "id": "wang" }]);
    v["weights"]["isolated"] = json!(2);
    let p = |id: &str, who: Value| with(mtg(id), "people", who);
    v["meetings"] = json!([
        p("M1", json!(["li", "wang"])),
        p("M2", json!(["li"])),
        p("M3", json!(["li", "wang"]))
    ]);
    let c = |a: &str, b: &str, c: &str| {
        run(
            &v,
            &plan(
                &[("M1", "A1", d1(a)), ("M2", "A2", d1(b)), ("M3", "A1", d1(c))],
                &[],
                &[],
            ),
        )
        .term(Rule::Isolated)
    };
    assert_eq!(c("09:00", "10:00", "11:00"), 0); // a chain
    assert_eq!(c("09:00", "10:00", "13:00"), 2); // M3 alone
    assert_eq!(c("09:00", "11:00", "13:00"), 6);
    assert_eq!(c("09:00", "10:15", "11:15"), 2); // M1 alone (15-minute gap); M2–M3 back to back
    // Unassigned meetings are not isolated, and they do not hold a neighbour either.
    let r = run(&v, &plan(&[("M1", "A1", d1("09:00"))], &["M2", "M3"], &[]));
    assert_eq!(r.term(Rule::Isolated), 2);
}

// ---------------------------------------------------------------- soft: reference plan

#[test]
fn moved_and_staff_changed_against_the_reference() {
    let mut v = meetings(vec![svc("M1"), svc("M2"), svc("M3")]);
    v["staff"] = json!([staff("S1"), staff("S2")]);
    v["service_classes"][1]["tasks"][0]["staff"] = json!(2);
    v["weights"]["moved_room"] = json!(20);
    v["weights"]["moved_time"] = json!(30);
    v["weights"]["staff_changed"] = json!(5);
    v["reference_plan"] = json!({
        "version": 1,
        "meetings": [
            { "id": "M1", "room": "A1", "start": d1("09:00") },
            { "id": "M2", "room": "OLD", "start": d1("11:00") },
            { "id": "M3", "room": "A2", "start": d1("13:00") },
            { "id": "GONE", "room": "A1", "start": d1("15:00") }
        ],
        "unassigned": [],
        "tasks": [
            { "id": "M1/help", "staff": ["S1", "S2"] },
            { "id": "M2/help", "staff": ["S1"] },
            { "id": "M3/help", "staff": ["S2"] }
        ]
    });
    let r = run(
        &v,
        &plan(
            &[("M1", "A2", d1("09:00")), ("M2", "A1", d1("12:00"))],
            &["M3"],
            &[("M1/help", &["S1"]), ("M2/help", &["S1", "S2"])],
        ),
    );
    // M1 another room; M2 another room (OLD is gone) and start; M3 unassigned: not moved.
    assert_eq!((r.term(Rule::MovedRoom), r.term(Rule::MovedTime)), (40, 30));
    // Gone: (M1/help, S2) and (M3/help, S2) of the now unassigned M3.
    assert_eq!(r.term(Rule::StaffChanged), 10);
}

// ---------------------------------------------------------------- well-formedness

#[test]
fn form_errors_table() {
    let mut v = meetings(vec![svc("M1"), mtg("M2"), mtg("M3")]);
    v["staff"] = json!([staff("S1")]);
    let p = load(&v);
    let ok_tasks: &[(&str, &[&str])] = &[("M1/help", &["S1"])];
    let good = plan(
        &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
        &["M3"],
        ok_tasks,
    );
    assert!(check(&p, &good).form_errors.is_empty());
    let paths = |pl: &Plan| {
        check(&p, pl)
            .form_errors
            .iter()
            .map(|e| e.path.clone())
            .collect::<Vec<_>>()
    };
    let base_placed = |extra: (&'static str, &'static str, String)| {
        vec![("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00")), extra]
    };
    let cases: Vec<(&str, Plan, Vec<&str>)> = vec![
        (
            "unknown meeting",
            plan(&base_placed(("X", "A1", d1("11:00"))), &["M3"], ok_tasks),
            vec!["$.meetings[2].id"],
        ),
        (
            "meeting listed twice",
            plan(&base_placed(("M2", "A1", d1("11:00"))), &["M3"], ok_tasks),
            vec!["$.meetings[2].id"],
        ),
        (
            "meeting in both lists",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
                &["M3", "M2"],
                ok_tasks,
            ),
            vec!["$.unassigned[1].id"],
        ),
        (
            "meeting in neither list",
            plan(&[("M1", "A1", d1("09:00"))], &["M3"], ok_tasks),
            vec!["$"],
        ),
        (
            "unknown unassigned meeting",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
                &["M3", "Y"],
                ok_tasks,
            ),
            vec!["$.unassigned[1].id"],
        ),
        (
            "unknown room",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "Z9", d1("09:00"))],
                &["M3"],
                ok_tasks,
            ),
            vec!["$.meetings[1].room"],
        ),
        (
            "bad start",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", "2026-03-02 09:00".into())],
                &["M3"],
                ok_tasks,
            ),
            vec!["$.meetings[1].start"],
        ),
        (
            "bad seconds",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00:30"))],
                &["M3"],
                ok_tasks,
            ),
            vec!["$.meetings[1].start"],
        ),
        (
            "unknown task",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
                &["M3"],
                &[("M1/help", &["S1"]), ("M1/nope", &[])],
            ),
            vec!["$.tasks[1].id"],
        ),
        (
            "task of an unassigned meeting",
            plan(
                &[("M2", "A2", d1("09:00"))],
                &["M1", "M3"],
                &[("M1/help", &["S1"])],
            ),
            vec!["$.tasks[0].id"],
        ),
        (
            "task listed twice",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
                &["M3"],
                &[("M1/help", &["S1"]), ("M1/help", &[])],
            ),
            vec!["$.tasks[1].id"],
        ),
        (
            "task missing",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
                &["M3"],
                &[],
            ),
            vec!["$.tasks"],
        ),
        (
            "unknown staff",
            plan(
                &[("M1", "A1", d1("09:00")), ("M2", "A2", d1("09:00"))],
                &["M3"],
                &[("M1/help", &["S1", "NOBODY"])],
            ),
            vec!["$.tasks[0].staff[1]"],
        ),
    ];
    for (name, pl, want) in cases {
        assert_eq!(paths(&pl), want, "case: {name}");
    }
}

#[test]
fn unresolved_meeting_is_scored_as_unassigned() {
    let v = meetings(vec![mtg("M1")]);
    let p = load(&v);
    let r = check(&p, &plan(&[("M1", "NOPE", d1("09:00"))], &[], &[]));
    assert_eq!(r.form_errors.len(), 1);
    assert_eq!((r.term(Rule::Unassigned), r.term(Rule::RoomOpen)), (1000, 0));
    assert!(!r.valid());
}

#[test]
fn terms_hold_every_name_and_scores_sum_them() {
    let v = meetings(vec![mtg("M1"), mtg("M2")]);
    let r = run(
        &v,
        &plan(&[("M1", "A1", d1("09:00")), ("M2", "A1", d1("09:30"))], &[], &[]),
    );
    for rule in Rule::ALL {
        assert!(r.terms.contains_key(&rule), "{rule}");
    }
    assert_eq!(r.score.hard, 1);
    assert_eq!(r.violations.len(), 1);
    let v0 = &r.violations[0];
    assert_eq!(v0.message, "M1 and M2 both occupy A1 2026-03-02 09:30–10:00");
}
