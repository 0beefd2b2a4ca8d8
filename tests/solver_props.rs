//! Properties of the solver over random small problems built as JSON: every plan is valid by
//! the independent checker, nothing is lost, every unassigned meeting has a reason, the same
//! seed and worker count give the same plan at 1, 2 and 4 threads, and on tiny problems the solver's score
//! equals a brute-force optimum.

use huiwu::{Assignment, Placement, Problem, Score, SolveOptions, Solver, load_problem_str};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Parameters of a random small problem.
#[derive(Clone, Debug)]
struct Params {
    rooms: Vec<(u32, bool)>,                 // capacity, has video
    staff: Vec<(u8, bool)>,                  // tea level, external
    meetings: Vec<(u32, u32, bool, u8, u8)>, // attendees, hours, wants video, person mask, confidential
    two_days: bool,
    compact: bool,
    /// No service tasks and one slot length: the slot engine's shape (curriculum timetabling).
    slots: bool,
}

fn params(max_meetings: usize, max_rooms: usize, max_staff: usize) -> impl Strategy<Value = Params> {
    (
        prop::collection::vec((5u32..40, any::<bool>()), 1..=max_rooms),
        prop::collection::vec((1u8..3, any::<bool>()), 0..=max_staff),
        prop::collection::vec(
            (1u32..40, 1u32..3, any::<bool>(), 0u8..4, 0u8..2),
            0..=max_meetings,
        ),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(rooms, staff, meetings, two_days, compact, slots)| Params {
            rooms,
            staff,
            meetings,
            two_days,
            compact,
            slots,
        })
}

fn problem_json(p: &Params, hours: u32) -> Value {
    let days: Vec<&str> = if p.two_days {
        vec!["2026-03-02", "2026-03-03"]
    } else {
        vec!["2026-03-02"]
    };
    let end = format!("{:02}:00", 9 + hours);
    let rooms: Vec<Value> = p
        .rooms
        .iter()
        .enumerate()
        .map(|(i, &(cap, video))| {
            json!({ "id": format!("R{i}"), "building": "A", "capacity": cap,
                    "features": if video { vec!["video"] } else { vec![] }, "confidential_level": i % 2 })
        })
        .collect();
    let staff: Vec<Value> = p
        .staff
        .iter()
        .enumerate()
        .map(|(i, &(lvl, ext))| {
            json!({ "id": format!("S{i}"), "building": "A", "skills": { "tea": lvl }, "clearance": 1,
                    "external": ext, "max_minutes_per_day": 120 })
        })
        .collect();
    let meetings: Vec<Value> = p
        .meetings
        .iter()
        .enumerate()
        .map(|(i, &(att, h, video, mask, conf))| {
            let mut people = Vec::new();
            if mask & 1 != 0 {
                people.push("li");
            }
            if mask & 2 != 0 {
                people.push("wang");
            }
            let h = if p.slots { 1 } else { h.min(hours) };
            let mut m = json!({ "id": format!("M{i}"), "class": "std", "attendees": att, "duration": 60 * h,
                    "features": if video { vec!["video"] } else { vec![] }, "people": people,
                    "confidential": conf, "priority": 1 + (i as u32 % 3), "series": if i % 2 == 0 { "s" } else { "t" } });
            if p.slots && i % 3 == 1 {
                m["preferred_start"] = json!(format!("2026-03-02T{:02}:00", 9 + i % 3));
            }
            m
        })
        .collect();
    let tasks = if p.slots {
        json!([])
    } else {
        json!([{ "name": "tea", "skill": "tea", "level": 2, "from": { "anchor": "start" }, "to": { "anchor": "end" }, "staff": 1 }])
    };
    // Slot-shaped problems weigh the ITC-2007 terms (soft capacity, compactness, spread).
    let weights = if p.slots && p.compact {
        json!({ "capacity_overflow": 1, "isolated": 2, "series_spread": 5, "series_room": 1 })
    } else {
        json!({})
    };
    json!({
        "version": 1, "granularity_minutes": 60, "days": days, "weights": weights,
        "opening": { "start": "09:00", "end": end },
        "buildings": [ { "id": "A" } ],
        "rooms": rooms, "staff": staff,
        "people": [ { "id": "li", "compact": p.compact } ],
        "series": [ { "id": "s", "min_days": 2 } ],
        "service_classes": [ { "id": "std", "tasks": tasks } ],
        "meetings": meetings
    })
}

fn load(v: &Value) -> Problem {
    load_problem_str(&v.to_string()).expect("generated problems are valid")
}

fn solve(p: &Problem, seed: u64, threads: usize, iters: u64) -> huiwu::Outcome {
    solve_with(p, seed, threads, 0, iters)
}

fn solve_with(p: &Problem, seed: u64, threads: usize, workers: usize, iters: u64) -> huiwu::Outcome {
    Solver::new(
        SolveOptions::default()
            .seed(seed)
            .threads(threads)
            .workers(workers)
            .max_iterations(iters)
            .time_limit_secs(60.0),
    )
    .solve(p)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn plans_are_valid_complete_and_explained(params in params(8, 3, 3), seed in 0u64..1000) {
        let problem = load(&problem_json(&params, 4));
        let out = solve(&problem, seed, 1, 3000);
        let report = huiwu::check(&problem, &out.plan);
        prop_assert!(report.valid(), "{:?}", report.violations);
        prop_assert_eq!(report.score, out.report.score);
        prop_assert_eq!(out.plan.meetings.len() + out.plan.unassigned.len(), problem.meetings.len());
        prop_assert!(out.plan.unassigned.iter().all(|u| !u.reason.is_empty()));
        if params.slots && out.stats.iterations > 0 {
            prop_assert_eq!(out.stats.engine, huiwu::Engine::Slots);
        }
        prop_assert_eq!(out.plan.score.as_ref().map(|s| (s.hard, s.medium, s.soft)),
            Some((report.score.hard, report.score.medium, report.score.soft)));
    }

    /// Enough epochs (4000 iterations each) for the bound's LP and several exact steps to be
    /// taken mid-search, some on a best plan that changed since they started.
    #[test]
    fn same_seed_same_plan_whatever_the_threads(
        params in params(8, 3, 3), seed in 0u64..1000, workers in 1usize..=5,
    ) {
        let problem = load(&problem_json(&params, 4));
        let a = solve_with(&problem, seed, 1, workers, 40_000);
        let b = solve_with(&problem, seed, 2, workers, 40_000);
        let c = solve_with(&problem, seed, 4, workers, 40_000);
        prop_assert_eq!(a.stats.workers, b.stats.workers);
        prop_assert_eq!(&a.plan, &b.plan);
        prop_assert_eq!(&a.plan, &c.plan);
        prop_assert!(huiwu::check(&problem, &a.plan).valid());
    }

    #[test]
    fn tiny_problems_are_solved_optimally(params in params(3, 2, 2)) {
        let problem = load(&problem_json(&params, 3));
        let out = solve(&problem, 1, 1, 40_000);
        prop_assert_eq!(out.report.score, brute_force(&problem));
    }
}

/// The best valid score over every placement (or none) of every meeting and every staffing of
/// every task (tasks need one person here).
fn brute_force(p: &Problem) -> Score {
    let rooms: Vec<_> = p.room_ids().collect();
    let mut options: Vec<Option<Placement>> = vec![None];
    for &r in &rooms {
        for &d in &p.days {
            for h in 9..12 {
                options.push(Some(Placement {
                    room: r,
                    start: d * 1440 + h * 60,
                }));
            }
        }
    }
    let n = p.meetings.len();
    let staff: Vec<_> = p.staff_ids().collect();
    let mut best = None::<Score>;
    let mut idx = vec![0usize; n];
    loop {
        let mut a = Assignment::empty(p);
        for (m, &i) in idx.iter().enumerate() {
            a.placements[m] = options[i];
        }
        // Placements with hard violations are skipped before enumerating staff.
        if huiwu::evaluate(p, &a).score.hard == 0 {
            let tasks: Vec<usize> = (0..p.tasks.len())
                .filter(|&t| a.placements[p.tasks[t].meeting.index()].is_some())
                .collect();
            let mut sidx = vec![0usize; tasks.len()];
            loop {
                let mut b = a.clone();
                for (k, &t) in tasks.iter().enumerate() {
                    b.staffing[t] = if sidx[k] == 0 {
                        vec![]
                    } else {
                        vec![staff[sidx[k] - 1]]
                    };
                }
                let r = huiwu::evaluate(p, &b);
                if r.score.hard == 0 && best.is_none_or(|s| r.score < s) {
                    best = Some(r.score);
                }
                if !advance(&mut sidx, staff.len() + 1) {
                    break;
                }
            }
        }
        if !advance(&mut idx, options.len()) {
            break;
        }
    }
    best.unwrap_or_default()
}

fn advance(idx: &mut [usize], base: usize) -> bool {
    for x in idx.iter_mut() {
        *x += 1;
        if *x < base {
            return true;
        }
        *x = 0;
    }
    false
}

/// On a generated week the bound's LP and the exact steps land mid-search (taken at epochs
/// fixed at their launch), and the plan is still the same at 1, 2 and 4 threads.
#[test]
fn generated_week_same_seed_same_plan_at_1_2_and_4_threads() {
    let p = load_problem_str(&huiwu::generate::generate(huiwu::generate::Scale::M, 3).to_string())
        .expect("generated problems load");
    let a = solve_with(&p, 11, 1, 4, 40_000);
    assert!(a.report.valid());
    assert!(a.stats.mip_solves >= 3, "{} exact solves", a.stats.mip_solves);
    for threads in [2, 4] {
        let b = solve_with(&p, 11, threads, 4, 40_000);
        assert_eq!(a.plan, b.plan, "{threads} threads");
        assert_eq!(a.stats.iterations, b.stats.iterations);
        assert_eq!(a.stats.mip_solves, b.stats.mip_solves);
        assert_eq!(a.stats.medium_bound, b.stats.medium_bound);
    }
}
