//! Corner cases: the solver returns valid plans with reasons that name the blocker.

use huiwu::{Problem, SolveOptions, Solver, load_problem_str};
use serde_json::{Value, json};

fn base(rooms: Value, staff: Value, meetings: Value) -> Value {
    json!({
        "version": 1, "days": ["2026-03-02"],
        "opening": { "start": "08:00", "end": "18:00" },
        "buildings": [ { "id": "A" } ],
        "rooms": rooms, "staff": staff,
        "service_classes": [
            { "id": "std" },
            { "id": "served", "tasks": [ { "name": "tea", "skill": "tea", "from": { "anchor": "start" },
                                            "to": { "anchor": "end" }, "staff": 1 } ] } ],
        "meetings": meetings
    })
}

fn load(v: Value) -> Problem {
    load_problem_str(&v.to_string()).expect("valid problem")
}

fn solve(p: &Problem) -> huiwu::Outcome {
    Solver::new(SolveOptions::default().seed(3).threads(1).max_iterations(2000)).solve(p)
}

fn reason<'a>(out: &'a huiwu::Outcome, id: &str) -> &'a str {
    out.plan
        .unassigned
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.reason.as_str())
        .unwrap_or("")
}

#[test]
fn a_meeting_no_room_can_hold() {
    let p = load(base(
        json!([ { "id": "R1", "building": "A", "capacity": 20 }, { "id": "R2", "building": "A", "capacity": 40 } ]),
        json!([]),
        json!([ { "id": "M1", "class": "std", "attendees": 300, "duration": 60 },
                { "id": "M2", "class": "std", "attendees": 10, "duration": 60 } ]),
    ));
    let out = solve(&p);
    assert!(out.report.valid());
    assert_eq!(out.plan.meetings.len(), 1);
    assert_eq!(reason(&out, "M1"), "no room has 300 seats");
    // The reason is data; the sentence is rendered from it.
    let m1 = p.meeting_id("M1").unwrap();
    assert_eq!(
        out.assignment.reasons[m1.index()],
        Some(huiwu::Reason::NoRoomFits)
    );
    assert_eq!(out.report.score.medium, 1000);
    // M2 goes in the 20-seat room: 10 empty seats, one room opened.
    assert_eq!(out.report.score.soft, 10 + 50);
}

#[test]
fn a_leader_double_booked_by_pins() {
    let p = load(base(
        json!([ { "id": "R1", "building": "A", "capacity": 20 }, { "id": "R2", "building": "A", "capacity": 20 } ]),
        json!([]),
        json!([ { "id": "M1", "class": "std", "attendees": 10, "duration": 60, "people": ["li"],
                  "pinned": { "room": "R1", "start": "2026-03-02T09:00" } },
                { "id": "M2", "class": "std", "attendees": 10, "duration": 60, "people": ["li"],
                  "pinned": { "room": "R2", "start": "2026-03-02T09:30" } } ]),
    ));
    let out = solve(&p);
    // Two pins that clash cannot both be kept: the second is unassigned, which the pinned rule
    // counts; nothing else is violated.
    assert_eq!(out.report.score.hard, 1);
    assert_eq!(out.report.term(huiwu::Rule::Pinned), 1);
    assert!(out.report.well_formed());
    let r = reason(&out, "M2");
    assert!(r.contains("li is in M1"), "{r}");
    assert!(r.contains("pin (R2 at 2026-03-02T09:30)"), "{r}");
    let (m1, m2) = (p.meeting_id("M1").unwrap(), p.meeting_id("M2").unwrap());
    match &out.assignment.reasons[m2.index()] {
        Some(huiwu::Reason::PinNotKept { room, obstacle, .. }) => {
            assert_eq!(*room, p.room_id("R2").unwrap());
            assert!(
                matches!(obstacle, huiwu::Obstacle::PersonBusy { meeting, .. } if *meeting == m1),
                "{obstacle:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_equipment_pool_of_zero() {
    let p = load(base(
        json!([ { "id": "R1", "building": "A", "capacity": 20 },
                { "id": "R2", "building": "A", "capacity": 20, "equipment": { "mic": 1 } } ]),
        json!([]),
        json!([ { "id": "M1", "class": "std", "attendees": 10, "duration": 60, "equipment": { "mic": 2 } },
                { "id": "M2", "class": "std", "attendees": 10, "duration": 60, "equipment": { "mic": 1 } } ]),
    ));
    let out = solve(&p);
    assert!(out.report.valid());
    let r = reason(&out, "M1");
    assert!(r.contains("mic pool of building A has 0"), "{r}");
    let m1 = p.meeting_id("M1").unwrap();
    match &out.assignment.reasons[m1.index()] {
        Some(huiwu::Reason::Blocked { obstacles, .. }) => assert!(
            obstacles
                .iter()
                .any(|o| matches!(o, huiwu::Obstacle::EquipmentShort { pool: 0, .. })),
            "{obstacles:?}"
        ),
        other => panic!("{other:?}"),
    }
    // M2 fits R2 with its own microphone.
    assert_eq!(out.plan.meetings.len(), 1);
    assert_eq!(out.plan.meetings[0].room, "R2");
}

#[test]
fn a_staff_pool_with_no_one_cleared() {
    let p = load(base(
        json!([ { "id": "R1", "building": "A", "capacity": 20, "confidential_level": 2 } ]),
        json!([ { "id": "S1", "building": "A", "skills": { "tea": 1 }, "clearance": 1 },
                { "id": "S2", "building": "A", "skills": { "tea": 3 }, "clearance": 3, "external": true } ]),
        json!([ { "id": "M1", "class": "served", "attendees": 20, "duration": 60, "confidential": 2 } ]),
    ));
    let out = solve(&p);
    assert!(out.report.valid());
    assert_eq!(out.plan.meetings.len(), 1);
    assert_eq!(out.plan.tasks.len(), 1);
    assert!(out.plan.tasks[0].staff.is_empty());
    assert_eq!(out.report.term(huiwu::Rule::MissingStaff), 100);
    assert_eq!(out.unstaffed.len(), 1);
    let short = &out.unstaffed[0];
    assert_eq!(short.cause, huiwu::ShortageCause::NoClearance);
    assert_eq!((short.task, short.missing), (p.task_id("M1/tea").unwrap(), 1));
    let r = short.sentence(&p);
    assert!(r.contains("cleared for confidentiality level 2"), "{r}");
    assert_eq!(out.stats.medium_bound, Some(100));
    assert_eq!(out.stats.gap, Some(0.0));
}

#[test]
fn empty_problems_and_no_rooms() {
    let p = load(base(json!([]), json!([]), json!([])));
    let out = solve(&p);
    assert!(out.report.valid());
    assert!(out.plan.meetings.is_empty() && out.plan.unassigned.is_empty());
    assert_eq!(out.status, huiwu::Status::Optimal);
    let p = load(base(
        json!([]),
        json!([]),
        json!([ { "id": "M1", "class": "std", "attendees": 3, "duration": 30 } ]),
    ));
    let out = solve(&p);
    assert_eq!(reason(&out, "M1"), "there are no rooms");
}

#[test]
fn cancelling_returns_a_valid_plan() {
    let p = load(base(
        json!([ { "id": "R1", "building": "A", "capacity": 20 } ]),
        json!([]),
        json!([ { "id": "M1", "class": "std", "attendees": 10, "duration": 60 } ]),
    ));
    let token = huiwu::CancelToken::new();
    token.cancel();
    let out = Solver::new(SolveOptions::default()).solve_with(&p, &token, &|_| {});
    assert_eq!(out.status, huiwu::Status::Cancelled);
    assert!(out.report.valid());
    assert_eq!(out.plan.meetings.len() + out.plan.unassigned.len(), 1);
}

#[test]
fn solver_and_outcome_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Solver>();
    check::<huiwu::Outcome>();
}

#[test]
fn progress_is_reported_and_never_worsens() {
    let p = load(base(
        json!([ { "id": "R1", "building": "A", "capacity": 20 }, { "id": "R2", "building": "A", "capacity": 12 } ]),
        json!([ { "id": "S1", "building": "A", "skills": { "tea": 1 } } ]),
        json!([ { "id": "M1", "class": "served", "attendees": 10, "duration": 60 },
                { "id": "M2", "class": "std", "attendees": 12, "duration": 90 } ]),
    ));
    let seen = std::sync::Mutex::new(Vec::new());
    let out = Solver::new(SolveOptions::default().seed(1).threads(2).max_iterations(20_000)).solve_with(
        &p,
        &huiwu::CancelToken::new(),
        &|pr| {
            if let Ok(mut v) = seen.lock() {
                v.push(pr.best);
            }
        },
    );
    let seen = seen.into_inner().unwrap_or_default();
    assert!(seen.len() >= 2);
    assert!(seen.windows(2).all(|w| w[1] <= w[0]), "{seen:?}");
    assert_eq!(seen.last(), Some(&out.report.score));
    // Both in R2 one after the other (2 empty seats for M1, none for M2), one room opened.
    assert_eq!(out.report.score, huiwu::Score::new(0, 0, 2 + 50));
    assert_eq!(out.stats.iterations, 4 * 20_000);
}

#[test]
fn the_spec_example_is_solved_at_least_as_well_as_the_spec_plan() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/spec_example.json"
    ))
    .expect("fixture exists");
    let p = load_problem_str(&text).expect("valid problem");
    let out = solve(&p);
    assert!(out.report.valid(), "{:?}", out.report.violations);
    // SPEC §3's plan scores 0/1300/96; the solver must not do worse.
    assert!(
        out.report.score <= huiwu::Score::new(0, 1300, 96),
        "{}",
        out.report.score
    );
    assert_eq!(out.plan.meetings.len() + out.plan.unassigned.len(), 2);
}
