//! The minimal re-plan (SPEC §7.2) over random change sets on generated weeks: every re-plan
//! is valid for its new problem, nothing is lost, its medium never exceeds the trivial
//! repair's, untouched meetings never move, frozen meetings keep their place, and the diff
//! lists exactly the meetings that changed.

use huiwu::{ChangeSet, Plan, Problem, SolveOptions, Solver, load_problem_str};
use proptest::prelude::*;
use serde_json::{Value, json};

fn week(seed: u64) -> (Value, Problem, Plan) {
    let v = huiwu::generate::generate(huiwu::generate::Scale::S, seed);
    let p = load_problem_str(&v.to_string()).expect("generated problem loads");
    let options = SolveOptions::default()
        .seed(seed)
        .threads(1)
        .max_iterations(3000)
        .use_mip(false);
    let plan = Solver::new(options).solve(&p).plan;
    (v, p, plan)
}

/// A random change of the problem `v` (ids drawn from it), `k` numbering new meetings.
fn change(v: &Value, pick: &[usize; 4], k: usize) -> Value {
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (meetings, rooms, staff) = (ids("meetings"), ids("rooms"), ids("staff"));
    let days: Vec<String> = v["days"]
        .as_array()
        .map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let day = &days[pick[1] % days.len()];
    match pick[0] % 6 {
        0 => json!({ "op": "cancel", "meeting": meetings[pick[2] % meetings.len()] }),
        1 => {
            let mut m = v["meetings"][pick[2] % meetings.len()].clone();
            m["id"] = json!(format!("NEW-{k}"));
            if let Some(o) = m.as_object_mut() {
                o.remove("pinned");
            }
            json!({ "op": "add", "meeting": m })
        }
        2 => json!({ "op": "update", "meeting": meetings[pick[2] % meetings.len()],
                     "set": { "attendees": 5 + (pick[3] % 60) } }),
        3 => json!({ "op": "room_out", "room": rooms[pick[2] % rooms.len()],
                     "start": format!("{day}T{:02}:00", 8 + pick[3] % 6), "end": format!("{day}T{:02}:00", 14 + pick[3] % 4) }),
        4 => json!({ "op": "staff_out", "staff": staff[pick[2] % staff.len()],
                     "start": format!("{day}T00:00"), "end": format!("{day}T23:59") }),
        _ => json!({ "op": "update", "meeting": meetings[pick[2] % meetings.len()],
                     "set": { "duration": 30 + 15 * (pick[3] % 6) } }),
    }
}

/// Meeting id → (room, start) of the placed meetings.
fn places(plan: &Plan) -> std::collections::HashMap<String, (String, String)> {
    plan.meetings
        .iter()
        .map(|m| (m.id.clone(), (m.room.clone(), m.start.clone())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// A sequence of change sets, each re-planned from the last re-plan.
    #[test]
    fn minimal_replans_keep_every_guarantee(
        seed in 0u64..6,
        steps in prop::collection::vec((prop::collection::vec(any::<[usize; 4]>(), 1..4), any::<bool>()), 1..6),
    ) {
        let (mut v, mut p, mut plan) = week(seed);
        let mut k = 0;
        for (picks, with_now) in steps {
            let changes: Vec<Value> = picks.iter().map(|pk| { k += 1; change(&v, pk, k) }).collect();
            let named: Vec<String> = changes
                .iter()
                .filter_map(|c| c["meeting"].as_str().map(str::to_string).or_else(|| c["meeting"]["id"].as_str().map(str::to_string)))
                .collect();
            let day = v["days"][0].as_str().unwrap_or_default().to_string();
            let now = format!("{day}T12:00");
            let mut set = json!({ "version": 1, "changes": changes });
            if with_now {
                set["now"] = json!(now);
            }
            let cs = match ChangeSet::from_json_str(&set.to_string()) {
                Ok(cs) => cs,
                Err(e) => return Err(TestCaseError::fail(format!("generated change set rejected: {e}"))),
            };
            // A change may make the problem invalid (e.g. a meeting too long for its windows):
            // then it is rejected with a path, and the week goes on unchanged.
            let r = match cs.replan(&v, &p, &plan) {
                Ok(r) => r,
                Err(e) => {
                    prop_assert!(e.errors().iter().all(|x| x.path.starts_with("$.changes[")), "{e}");
                    continue;
                }
            };
            // Valid, but for pins a change made impossible (a room taken out under a pinned
            // meeting): those are unassigned with their reason and counted by `pinned` alone.
            prop_assert!(r.report.well_formed());
            prop_assert_eq!(r.report.score.hard, r.report.term(huiwu::Rule::Pinned), "{:?}", r.report.violations.first());
            for pin in r.report.violations.iter().filter(|x| x.rule == huiwu::Rule::Pinned) {
                let id = &r.problem.meeting(pin.meetings[0]).id;
                prop_assert!(r.plan.unassigned.iter().any(|u| &u.id == id), "{} is not at its pin", id);
            }
            prop_assert_eq!(r.plan.meetings.len() + r.plan.unassigned.len(), r.problem.meetings.len());
            prop_assert!(r.plan.unassigned.iter().all(|u| !u.reason.is_empty()));
            // Never worse in medium than the trivial repair.
            prop_assert!(r.report.score.medium <= r.trivial.medium, "{} > {}", r.report.score.medium, r.trivial.medium);
            // Every meeting a change named is touched; untouched meetings placed in both plans
            // did not move; frozen ones kept their place.
            for id in named.iter().filter(|id| r.problem.meeting_id(id).is_some()) {
                prop_assert!(r.touched.contains(id), "{} named but not touched", id);
            }
            // An untouched meeting moves only out of the way of one that was out, each such
            // move lowering medium.
            let (old, new) = (places(&plan), places(&r.plan));
            for (id, at) in &new {
                if let Some(was) = old.get(id)
                    && !r.touched.contains(id)
                    && !r.eased.contains(id)
                {
                    prop_assert_eq!(was, at, "untouched {} moved", id);
                }
            }
            if !r.eased.is_empty() {
                prop_assert!(r.report.score.medium < r.trivial.medium);
            }
            if with_now {
                for (id, was) in &old {
                    if was.1 < now && r.problem.meeting_id(id).is_some() {
                        let reason = r.plan.unassigned.iter().find(|u| &u.id == id).map(|u| u.reason.clone());
                        prop_assert!(new.get(id) == Some(was) || reason.is_some_and(|s| s.contains("started before now")),
                            "frozen {} moved", id);
                    }
                }
                for (id, at) in &new {
                    if !old.contains_key(id) {
                        prop_assert!(at.1 >= now, "{} newly placed before now", id);
                    }
                }
            }
            // The diff lists exactly the moved meetings.
            let moved: Vec<&String> = new.iter().filter(|(id, at)| old.get(*id).is_some_and(|w| w != *at)).map(|(id, _)| id).collect();
            prop_assert_eq!(r.diff.moved.len(), moved.len());
            v = r.problem_json;
            p = load_problem_str(&v.to_string()).expect("P′ loads");
            plan = r.plan;
        }
    }
}

/// A cancellation frees a place: the meetings that were out may take it (or one moved out of
/// the way may let them in, which must lower medium); nothing else moves.
#[test]
fn cancelling_a_meeting_moves_only_what_lowers_medium() {
    for seed in 0..6 {
        let (v, p, plan) = week(seed);
        let victim = plan.meetings[0].id.clone();
        let cs = ChangeSet::from_json_str(
            &json!({ "version": 1, "changes": [{ "op": "cancel", "meeting": victim }] }).to_string(),
        )
        .expect("valid");
        let r = cs.replan(&v, &p, &plan).expect("re-plans");
        assert!(r.report.valid());
        assert_eq!(r.diff.removed, vec![victim]);
        assert!(r.report.score.medium <= r.trivial.medium);
        for m in &r.diff.moved {
            assert!(
                r.eased.contains(&m.meeting),
                "{} moved but not out of the way",
                m.meeting
            );
        }
        if r.eased.is_empty() {
            // The disruption terms count against the old plan: nothing moved.
            assert!(r.diff.moved.is_empty(), "{:?}", r.diff.moved);
            assert_eq!(
                r.report.term(huiwu::Rule::MovedRoom) + r.report.term(huiwu::Rule::MovedTime),
                0
            );
        } else {
            assert!(r.report.score.medium < r.trivial.medium);
        }
    }
}

/// One big room and one small one, one morning: the small meeting sits in the big room, and a
/// big meeting is added. The re-plan moves the small one out of the way (medium falls by the
/// big meeting's unassigned cost) and says so.
#[test]
fn a_meeting_moves_out_of_the_way_when_that_lowers_medium() {
    let v = json!({
        "version": 1, "name": "ease", "days": ["2026-03-02"],
        "opening": { "start": "08:00", "end": "12:00" },
        "buildings": [{ "id": "A" }],
        "rooms": [{ "id": "BIG", "building": "A", "capacity": 40 }, { "id": "SMALL", "building": "A", "capacity": 10 }],
        "staff": [],
        "service_classes": [{ "id": "plain", "tasks": [] }],
        "meetings": [{ "id": "SMALL-1", "class": "plain", "attendees": 8, "duration": 240 }]
    });
    let p = load_problem_str(&v.to_string()).expect("loads");
    let plan = huiwu::load_plan_str(
        &json!({ "version": 1, "meetings": [{ "id": "SMALL-1", "room": "BIG", "start": "2026-03-02T08:00" }],
                 "unassigned": [], "tasks": [] })
        .to_string(),
    )
    .expect("plan");
    let cs = ChangeSet::from_json_str(
        &json!({ "version": 1, "changes": [{ "op": "add",
            "meeting": { "id": "BIG-1", "class": "plain", "attendees": 30, "duration": 240 } }] })
        .to_string(),
    )
    .expect("change set");
    let r = cs.replan(&v, &p, &plan).expect("re-plans");
    assert!(r.report.valid(), "{:?}", r.report.violations.first());
    assert_eq!(r.eased, vec!["SMALL-1".to_string()]);
    assert!(r.report.score.medium < r.trivial.medium);
    assert_eq!(r.diff.moved.len(), 1);
    assert_eq!(r.diff.moved[0].to.room, "SMALL");
    assert_eq!(r.diff.placed[0].room, "BIG");
}

/// Mode `balanced` keeps every guarantee of the minimal re-plan, whichever plan it returns.
#[test]
fn balanced_keeps_the_guarantees() {
    let (v, p, plan) = week(4);
    let victim = plan.meetings[1].id.clone();
    let day = v["days"][0].as_str().expect("day").to_string();
    let cs = ChangeSet::from_json_str(
        &json!({ "version": 1, "now": format!("{day}T11:00"),
                 "changes": [{ "op": "cancel", "meeting": victim }] })
        .to_string(),
    )
    .expect("valid");
    let options = huiwu::ReplanOptions::default()
        .mode(huiwu::Mode::Balanced)
        .time_limit_secs(1.0)
        .threads(1);
    let r = cs.replan_with(&v, &p, &plan, &options).expect("re-plans");
    assert_eq!(r.report.score.hard, r.report.term(huiwu::Rule::Pinned));
    assert!(r.report.score.medium <= r.trivial.medium);
    let minimal = cs.replan(&v, &p, &plan).expect("re-plans");
    assert!(r.report.score <= minimal.report.score);
    let now = format!("{day}T11:00");
    let (old, new) = (places(&plan), places(&r.plan));
    for (id, was) in &old {
        if was.1 < now && id != &victim {
            assert_eq!(new.get(id), Some(was), "frozen {id} moved");
        }
    }
    for (id, at) in &new {
        if old.get(id) != Some(at) {
            assert!(at.1 >= now, "{id} placed before now");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, .. ProptestConfig::default() })]

    /// Sixty changes in a row through a planner, `now` moving forward through the week: every
    /// re-plan valid, nothing lost, never worse than its trivial repair, untouched meetings
    /// moved only out of the way, the past kept, and the diff equal to one computed afresh
    /// from the two plans.
    #[test]
    fn sixty_changes_in_a_row(seed in 0u64..6, picks in prop::collection::vec(any::<[usize; 4]>(), 60)) {
        let (v, _, plan) = week(seed);
        let mut planner = huiwu::Planner::new(&v.to_string(), &plan).expect("planner");
        let days: Vec<String> = v["days"].as_array().expect("days").iter().filter_map(|d| d.as_str().map(str::to_string)).collect();
        for (k, pick) in picks.iter().enumerate() {
            // `now` walks from the first morning to the last evening.
            let day = &days[k * days.len() / picks.len()];
            let now = format!("{day}T{:02}:00", 8 + (k % 10));
            planner.set_now(Some(&now)).expect("now");
            let before_problem = planner.problem().clone();
            let before_plan = planner.plan().clone();
            let c = change(planner.problem_json(), pick, 1000 + k);
            let cs = ChangeSet::from_json_str(&json!({ "version": 1, "changes": [c] }).to_string()).expect("change set");
            let r = match planner.apply(&cs) {
                Ok(r) => r,
                Err(e) => {
                    prop_assert!(e.errors().iter().all(|x| x.path.starts_with("$.changes[")), "{e}");
                    continue;
                }
            };
            prop_assert_eq!(r.report.score.hard, r.report.term(huiwu::Rule::Pinned), "{:?}", r.report.violations.first());
            prop_assert_eq!(r.plan.meetings.len() + r.plan.unassigned.len(), r.problem.meetings.len());
            prop_assert!(r.report.score.medium <= r.trivial.medium);
            let (old, new) = (places(&before_plan), places(&r.plan));
            for (id, at) in &new {
                if let Some(was) = old.get(id) && was != at {
                    prop_assert!(r.touched.contains(id) || r.eased.contains(id), "untouched {} moved", id);
                    prop_assert!(was.1 >= now && at.1 >= now, "{} moved in the past", id);
                }
                if !old.contains_key(id) {
                    prop_assert!(at.1 >= now, "{} newly placed before now", id);
                }
            }
            let (a, _) = huiwu::resolve(&before_problem, &before_plan);
            let fresh = huiwu::PlanDiff::between(&before_problem, &a, &r.problem, &r.assignment);
            prop_assert_eq!(&fresh, &r.diff);
        }
    }
}
