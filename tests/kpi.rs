//! KPIs (SPEC §9.1): the cross-checks with the score hold for every plan — solved, first-fit,
//! and random ones that break every rule — and the counts add up.

use huiwu::generate::{Scale, generate};
use huiwu::{Assignment, Kpis, Placement, Problem, Rule, evaluate, load_problem_str};
use proptest::prelude::*;

fn problem(scale: Scale, seed: u64) -> Problem {
    load_problem_str(&generate(scale, seed).to_string()).expect("generated problem loads")
}

/// Every meeting at a random room, day and quarter hour (some left out), each task with up to
/// its need of random people.
fn random_plan(p: &Problem, picks: &[u64]) -> Assignment {
    let mut k = 0;
    let mut next = |n: usize| {
        k += 1;
        (picks[k % picks.len()].wrapping_mul(k as u64 + 7) % n.max(1) as u64) as usize
    };
    let mut a = Assignment::empty(p);
    for m in p.meeting_ids() {
        if next(10) == 0 {
            continue;
        }
        let day = p.days[next(p.days.len())];
        let start = day * huiwu::DAY + 7 * 60 + 15 * next(48) as i32;
        a.placements[m.index()] = Some(Placement {
            room: p.room_ids().nth(next(p.rooms.len())).expect("a room"),
            start,
        });
    }
    for t in p.task_ids() {
        let need = p.task(t).need as usize;
        a.staffing[t.index()] = (0..next(need + 2))
            .filter_map(|_| p.staff_ids().nth(next(p.staff.len())))
            .collect();
    }
    a
}

fn cross_check(p: &Problem, a: &Assignment) {
    let k = Kpis::of(p, a);
    let r = evaluate(p, a);
    let w = &p.weights;
    assert_eq!(
        k.rooms.iter().map(|x| x.seat_waste).sum::<i64>() * w[Rule::SeatWaste],
        r.term(Rule::SeatWaste)
    );
    assert_eq!(
        k.service.people_missing * w[Rule::MissingStaff],
        r.term(Rule::MissingStaff)
    );
    assert_eq!(
        k.staff.iter().map(|x| x.travel_minutes).sum::<i64>() * w[Rule::StaffTravel],
        r.term(Rule::StaffTravel)
    );
    assert_eq!(
        k.staff.iter().map(|x| x.overtime_minutes).sum::<i64>() * w[Rule::Overtime],
        r.term(Rule::Overtime)
    );
    // Counts add up.
    assert_eq!(k.meetings.assigned + k.meetings.unassigned, p.meetings.len());
    assert_eq!(
        k.meetings
            .by_class
            .values()
            .map(|c| c.assigned + c.unassigned)
            .sum::<usize>(),
        p.meetings.len()
    );
    assert_eq!(
        k.service.by_skill.values().map(|c| c.people_missing).sum::<i64>(),
        k.service.people_missing
    );
    assert_eq!(
        k.buildings.iter().map(|b| b.occupied_minutes).sum::<i64>(),
        k.rooms.iter().map(|x| x.occupied_minutes).sum::<i64>()
    );
    assert_eq!(k.staff.len(), p.staff.len());
    assert!(k.fairness.task_minutes_min <= k.fairness.task_minutes_max);
    assert!((0.0..=1.0).contains(&k.fairness.gini));
    if r.valid() {
        // Meetings never overlap in a room of a valid plan: its time is at most its open time.
        for room in &k.rooms {
            assert!(room.occupied_minutes <= room.open_minutes, "{room:?}");
            assert!((0.0..=1.0).contains(&room.utilization));
        }
        // Rooms opened are the `room_open` items.
        let opened = r.violations.iter().filter(|v| v.rule == Rule::RoomOpen).count();
        if p.weights[Rule::RoomOpen] > 0 && p.rooms.iter().all(|x| x.open_cost.is_none_or(|c| c > 0)) {
            assert_eq!(k.buildings.iter().map(|b| b.rooms_opened).sum::<usize>(), opened);
        }
    }
}

#[test]
fn the_cross_checks_hold_on_first_fit_and_solved_plans() {
    for seed in 0..3 {
        let p = problem(Scale::S, seed);
        cross_check(&p, &huiwu::first_fit(&p));
        let options = huiwu::SolveOptions::default()
            .seed(seed)
            .threads(1)
            .max_iterations(5000)
            .use_mip(false);
        cross_check(&p, &huiwu::Solver::new(options).solve(&p).assignment);
    }
    let p = problem(Scale::M, 1);
    cross_check(&p, &huiwu::first_fit(&p));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn the_cross_checks_hold_on_random_plans(seed in 0u64..4, picks in prop::collection::vec(any::<u64>(), 1..64)) {
        let p = problem(Scale::S, seed);
        cross_check(&p, &random_plan(&p, &picks));
    }
}
