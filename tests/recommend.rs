//! Requests (SPEC §8) on generated weeks: every option, applied to the current plan, is valid
//! for the problem with the request, and its `score_delta` equals the independent scorer's
//! difference term by term; options are ranked, one per (room, day); every room is either an
//! option's, rejected with a reason, or ranked below; the planner's warm state is the same
//! after a question as before. Plus the request reader's bad-input table.

use huiwu::{
    Assignment, ChangeSet, Plan, Planner, Problem, Recommendation, Rule, SolveOptions, Solver, evaluate,
    load_problem_str, resolve,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn week(scale: huiwu::generate::Scale, seed: u64) -> (Value, Problem, Plan) {
    let v = huiwu::generate::generate(scale, seed);
    let p = load_problem_str(&v.to_string()).expect("generated problem loads");
    let options = SolveOptions::default()
        .seed(seed)
        .threads(1)
        .max_iterations(3000)
        .use_mip(false);
    let plan = Solver::new(options).solve(&p).plan;
    (v, p, plan)
}

/// A request like meeting `k` of the week (another id, no pin), with `attendees` and
/// `duration` changed as given.
fn request_like(v: &Value, k: usize, attendees: Option<i64>, duration: Option<i64>) -> Value {
    let ms = v["meetings"].as_array().expect("meetings");
    let mut m = ms[k % ms.len()].clone();
    m["id"] = json!("REQ-1");
    let o = m.as_object_mut().expect("object");
    o.remove("pinned");
    o.remove("series");
    if let Some(a) = attendees {
        o.insert("attendees".into(), json!(a));
    }
    if let Some(d) = duration {
        o.insert("duration".into(), json!(d));
        o.remove("windows");
        o.remove("preferred_start");
    }
    m
}

/// Checks every option of `answer` with the problem and plan alone: P′ = P plus the request
/// (through a change set and the strict loader), the option applied to the current plan,
/// scored with the current plan as reference.
fn check_options(v: &Value, p: &Problem, plan: &Plan, request: &Value, answer: &Recommendation) {
    let add = ChangeSet::from_json_str(
        &json!({ "version": 1, "changes": [{ "op": "add", "meeting": request }] }).to_string(),
    )
    .expect("change set");
    let (_, with) = add.apply(v, p).expect("P plus the request loads");
    let with = with.with_reference(plan).expect("reference");
    let (current, _) = resolve(p, plan);
    let before = evaluate(p, &current);
    let mut days = std::collections::HashSet::new();
    for o in &answer.options {
        assert!(
            days.insert((o.room.clone(), o.start[..10].to_string())),
            "two options in {} on one day",
            o.room
        );
        let (mut a, _): (Assignment, _) = resolve(&with, plan);
        let mut place = |id: &str, room: &str, start: &str| {
            let m = with.meeting_id(id).expect("meeting");
            let r = with.room_id(room).expect("room");
            let t = huiwu::parse_datetime(start)
                .and_then(|t| with.calendar.minutes(t))
                .expect("start");
            a.placements[m.index()] = Some(huiwu::Placement { room: r, start: t });
        };
        place(&answer.meeting, &o.room, &o.start);
        for mv in &o.moves {
            place(&mv.meeting, &mv.room, &mv.start);
        }
        for t in &o.tasks {
            let task = with.task_id(&t.id).expect("task");
            a.staffing[task.index()] = t.staff.iter().map(|s| with.staff_id(s).expect("staff")).collect();
        }
        let after = evaluate(&with, &a);
        assert_eq!(
            after.score.hard,
            before.score.hard,
            "option {} {} breaks {:?}",
            o.room,
            o.start,
            after.violations.first().map(|x| &x.message)
        );
        assert_eq!(o.score_delta.medium, after.score.medium - before.score.medium);
        assert_eq!(o.score_delta.soft, after.score.soft - before.score.soft);
        for rule in Rule::ALL.iter().filter(|r| r.level() != huiwu::Level::Hard) {
            let want = after.term(*rule) - before.term(*rule);
            let got = o.score_delta.terms.get(rule.name()).copied().unwrap_or(0);
            assert_eq!(got, want, "term {} of option {} {}", rule.name(), o.room, o.start);
        }
    }
    // Ranked: medium, then options without moves, then soft.
    let keys: Vec<_> = answer
        .options
        .iter()
        .map(|o| (o.score_delta.medium, !o.moves.is_empty(), o.score_delta.soft))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not ranked: {keys:?}");
    // No room both offered without moves and rejected.
    for r in &answer.rejected {
        assert!(!r.reason.is_empty());
        assert!(
            !answer
                .options
                .iter()
                .any(|o| o.room == r.room && o.moves.is_empty()),
            "{} is an option and rejected",
            r.room
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn options_are_valid_and_priced_exactly(
        seed in 0u64..5,
        like in 0usize..200,
        attendees in prop::option::of(1i64..200),
        duration in prop::option::of(prop::sample::select(vec![30i64, 60, 90, 120, 240])),
        top in 1usize..12,
    ) {
        let (v, p, plan) = week(huiwu::generate::Scale::S, seed);
        let mut planner = Planner::new(&v.to_string(), &plan).expect("planner");
        let request = request_like(&v, like, attendees, duration);
        let r = match planner.request(&request.to_string()) {
            Ok(r) => r,
            // A duration too long for the class's task anchors, say: an input error with a path.
            Err(e) => {
                prop_assert!(e.errors().iter().all(|x| x.path.starts_with("$.")), "{e}");
                return Ok(());
            }
        };
        let first = planner.recommend(&r, top).expect("answer");
        prop_assert!(first.options.len() <= top);
        check_options(&v, &p, &plan, &request, &first);
        // The warm state is back as it was: the same question gets the same answer, and a
        // planner built afresh answers the same.
        let again = planner.recommend(&r, top).expect("answer");
        prop_assert_eq!(&again, &first);
        let mut fresh = Planner::new(&v.to_string(), &plan).expect("planner");
        let r2 = fresh.request(&request.to_string()).expect("request");
        prop_assert_eq!(&fresh.recommend(&r2, top).expect("answer"), &first);
    }
}

#[test]
fn a_booked_option_is_the_plan_it_priced() {
    let (v, _, plan) = week(huiwu::generate::Scale::S, 2);
    let mut planner = Planner::new(&v.to_string(), &plan).expect("planner");
    let request = request_like(&v, 7, Some(12), Some(60));
    let r = planner.request(&request.to_string()).expect("request");
    let (answer, dense) = planner.recommend_dense(&r, 3).expect("answer");
    assert!(!answer.options.is_empty(), "{}", answer.to_table());
    let before = planner.report().score;
    let booked = planner.accept(&r, &dense[0]).expect("booked");
    assert!(booked.report.valid() || booked.report.score.hard == booked.report.term(Rule::Pinned));
    assert_eq!(
        booked.report.score.medium - before.medium,
        answer.options[0].score_delta.medium
    );
    assert_eq!(
        booked.report.score.soft - before.soft,
        answer.options[0].score_delta.soft
    );
    assert_eq!(booked.diff.placed.len(), 1);
    // What is still short, and the trivial repair (the plan before, the meeting out).
    assert_eq!(
        booked.unstaffed.iter().map(|x| x.missing).sum::<i64>() * booked.problem.weights[Rule::MissingStaff],
        booked.report.term(Rule::MissingStaff)
    );
    assert_eq!(booked.trivial.soft, before.soft);
    assert_eq!(booked.diff.moved.len(), answer.options[0].moves.len());
    // The planner moved on: the request is in its problem now.
    assert!(planner.problem().meeting_id("REQ-1").is_some());
    assert!(planner.request(&request.to_string()).is_err());
}

/// One big room and one small one, one morning; a small meeting fills the big room. A big
/// request can only go there with the small meeting moved to the small room: that is the one
/// option, and both rooms are rejected without moves, each with its reason.
#[test]
fn a_full_room_offers_a_move_and_names_the_blocker() {
    let v = json!({
        "version": 1, "name": "full", "days": ["2026-03-02"],
        "opening": { "start": "08:00", "end": "12:00" },
        "buildings": [{ "id": "A" }],
        "rooms": [{ "id": "BIG", "building": "A", "capacity": 40 }, { "id": "SMALL", "building": "A", "capacity": 10 }],
        "staff": [],
        "service_classes": [{ "id": "plain", "tasks": [] }],
        "meetings": [{ "id": "SMALL-1", "class": "plain", "attendees": 8, "duration": 240 }]
    });
    let plan = huiwu::load_plan_str(
        &json!({ "version": 1, "meetings": [{ "id": "SMALL-1", "room": "BIG", "start": "2026-03-02T08:00" }],
                 "unassigned": [], "tasks": [] })
        .to_string(),
    )
    .expect("plan");
    let p = load_problem_str(&v.to_string()).expect("loads");
    let mut planner = Planner::new(&v.to_string(), &plan).expect("planner");
    let request = json!({ "id": "BIG-1", "class": "plain", "attendees": 30, "duration": 240 });
    let r = planner.request(&request.to_string()).expect("request");
    let answer = planner.recommend(&r, 3).expect("answer");
    assert_eq!(answer.options.len(), 1, "{}", answer.to_table());
    let o = &answer.options[0];
    assert_eq!((o.room.as_str(), o.start.as_str()), ("BIG", "2026-03-02T08:00"));
    assert_eq!(o.moves.len(), 1);
    assert_eq!(
        (
            o.moves[0].meeting.as_str(),
            o.moves[0].room.as_str(),
            o.moves[0].start.as_str()
        ),
        ("SMALL-1", "SMALL", "2026-03-02T08:00")
    );
    assert!(
        o.score_delta.terms.get("moved_room").is_some_and(|&x| x > 0),
        "{:?}",
        o.score_delta
    );
    check_options(&v, &p, &plan, &request, &answer);
    let reasons: std::collections::HashMap<&str, &str> = answer
        .rejected
        .iter()
        .map(|x| (x.room.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons["BIG"].starts_with("every allowed start is blocked: taken by SMALL-1"),
        "{}",
        reasons["BIG"]
    );
    assert!(
        reasons["SMALL"].contains("10 seats for 30 attendees"),
        "{}",
        reasons["SMALL"]
    );
}

/// The request reader's bad-input table: each error at its path.
#[test]
fn bad_requests_name_their_path() {
    let (v, _, plan) = week(huiwu::generate::Scale::S, 0);
    let planner = Planner::new(&v.to_string(), &plan).expect("planner");
    let existing = v["meetings"][0]["id"].as_str().expect("id").to_string();
    let class = v["meetings"][0]["class"].as_str().expect("class").to_string();
    let cases: Vec<(String, &str, &str)> = vec![
        ("not json".into(), "$", "syntax"),
        ("[]".into(), "$", "wrong_type"),
        (
            json!({"id": "R", "class": class, "attendees": 10}).to_string(),
            "$.duration",
            "missing_field",
        ),
        (
            json!({"id": existing, "class": class, "attendees": 10, "duration": 60}).to_string(),
            "$.id",
            "duplicate_id",
        ),
        (
            json!({"id": "R", "class": "nope", "attendees": 10, "duration": 60}).to_string(),
            "$.class",
            "unknown_reference",
        ),
        (
            json!({"id": "R", "class": class, "attendees": 0, "duration": 60}).to_string(),
            "$.attendees",
            "out_of_range",
        ),
        (
            json!({"id": "R", "class": class, "attendees": 10, "duration": 60, "atendees": 3}).to_string(),
            "$.atendees",
            "unknown_field",
        ),
        (
            json!({"id": "R", "class": class, "attendees": 10, "duration": 60, "preferred_rooms": ["X"]})
                .to_string(),
            "$.preferred_rooms[0]",
            "unknown_reference",
        ),
        (
            json!({"id": "R", "class": class, "attendees": 10, "duration": 60, "preferred_start": "monday"})
                .to_string(),
            "$.preferred_start",
            "bad_time",
        ),
        (
            json!({"id": "R", "class": class, "attendees": 10.5, "duration": 60}).to_string(),
            "$.attendees",
            "not_integer",
        ),
        (
            json!({"id": "a/b", "class": class, "attendees": 10, "duration": 60}).to_string(),
            "$.id",
            "bad_id",
        ),
    ];
    for (text, path, code) in cases {
        let e = planner.request(&text).expect_err(&text);
        let first = &e.errors()[0];
        assert_eq!(
            (first.path.as_str(), first.code.as_str()),
            (path, code),
            "{text}: {e}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Whatever the text, the reader answers with a value or errors, never a panic.
    #[test]
    fn the_request_reader_never_panics(text in ".{0,200}", attendees in any::<i64>(), key in "[a-z_]{1,12}") {
        let (v, _, plan) = week(huiwu::generate::Scale::S, 0);
        let planner = Planner::new(&v.to_string(), &plan).expect("planner");
        let _ = planner.request(&text);
        let _ = planner.request(&json!({"id": "R", "class": v["meetings"][0]["class"], "attendees": attendees, "duration": 60, key: text}).to_string());
    }
}
