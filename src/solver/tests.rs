//! Internal tests: the incremental state's terms equal the independent scorer's after every
//! kind of move, and rollbacks restore the exact state.

use super::construct::construct;
use super::pre::Pre;
use super::search::{Snapshot, Worker};
use super::state::State;
use crate::generate::{Scale, generate};
use crate::io::load_problem_str;
use crate::model::Rule;
use crate::model::{Interval, Problem, StaffId};

fn problem(scale: Scale, seed: u64) -> Problem {
    load_problem_str(&generate(scale, seed).to_string()).expect("generated problems load")
}

/// The construction's plan of `p`.
fn constructed<'p>(p: &'p Problem, pre: &'p Pre) -> State<'p> {
    let mut st = State::new(p, pre);
    construct(&mut st, &|| false);
    st
}

/// The plan of `p` after the construction and `iterations` of annealing at a fixed middle
/// temperature (seed `seed`): mixed enough for travel, overtime and preferred staff to show.
fn annealed<'p>(p: &'p Problem, pre: &'p Pre, seed: u64, iterations: u64) -> State<'p> {
    let mut w = Worker::new(constructed(p, pre), seed, 1);
    w.run(iterations, &|_| 0.5, &|| false);
    w.st
}

fn assert_exact(st: &State<'_>) {
    let report = crate::score::evaluate(st.p, &st.assignment());
    assert_eq!(report.score.hard, 0, "{:?}", report.violations.first());
    for (rule, value) in st.terms.iter() {
        assert_eq!(value, report.term(rule), "term {rule}");
    }
    assert_eq!(st.score(), report.score);
}

/// `Pre`'s copies of the model that the search reads instead of it: every task's interval at
/// any start, and every person's building and caps (a missing total cap reads as no limit).
#[test]
fn pre_copies_agree_with_the_model() {
    let mut total_caps = 0;
    for scale in [Scale::S, Scale::M] {
        let p = problem(scale, 2);
        let pre = Pre::new(&p);
        for t in p.task_ids() {
            for start in [0, 1, 480, 545, 10 * 1440 + 615, -1440 + 30] {
                assert_eq!(
                    pre.task_iv(t, start),
                    p.task_interval(t, start),
                    "task {t:?} at {start}"
                );
            }
        }
        for m in p.meeting_ids() {
            for start in [0, 545, 10 * 1440 + 615] {
                assert_eq!(pre.occupancy(m, start), p.occupancy(m, start));
                assert_eq!(pre.meeting_interval(m, start), p.meeting_interval(m, start));
            }
            assert_eq!(
                pre.layout(m),
                p.meeting(m).layout.map_or(u32::MAX, |l| l.index() as u32)
            );
        }
        for t in p.task_ids() {
            let task = p.task(t);
            assert_eq!(pre.task_meeting(t), task.meeting);
            assert_eq!(pre.task_need(t), task.need as usize);
            assert_eq!(
                pre.task_has_preferred(t),
                !p.meeting(task.meeting).preferred_staff.is_empty()
            );
            for s in p.staff_ids() {
                assert_eq!(pre.is_ref_staff(t, s), pre.ref_staff[t.index()].contains(&s));
            }
        }
        total_caps += p.staff.iter().filter(|st| st.max_minutes_total.is_some()).count();
        for (st, hot) in p.staff.iter().zip(&pre.staff_hot) {
            assert_eq!(hot.building, st.building);
            assert_eq!(i64::from(hot.max_day), st.max_minutes_per_day);
            assert_eq!(
                i64::from(hot.max_total),
                st.max_minutes_total.unwrap_or(i64::from(i32::MAX))
            );
            assert_eq!(i64::from(hot.preferred_day), st.preferred_minutes_per_day);
        }
        assert_available_agrees(&p, &pre);
        // Availability of other shapes (two windows a day, a window over midnight, none)
        // falls back to the list.
        let mut odd = p.clone();
        for (i, st) in odd.staff.iter_mut().enumerate().take(3) {
            st.available = match i {
                0 => vec![
                    Interval::new(480, 720),
                    Interval::new(780, 1020),
                    Interval::new(1440 + 480, 1440 + 1020),
                ],
                1 => vec![Interval::new(1200, 1440 + 300)],
                _ => Vec::new(),
            };
        }
        assert_available_agrees(&odd, &Pre::new(&odd));
    }
    assert!(total_caps > 0, "some person has a total cap");
}

/// `Pre::available` (the record's daily shape, or the list) agrees with
/// `Staff::is_available` for every person on intervals around each day's working hours.
fn assert_available_agrees(p: &Problem, pre: &Pre) {
    let days: Vec<i32> = (p.days.iter().min().copied().unwrap_or(0) - 1
        ..=p.days.iter().max().copied().unwrap_or(0) + 1)
        .collect();
    for s in (0..p.staff.len()).map(StaffId::new) {
        for &d in &days {
            for (a, z) in [
                (450, 960),
                (450, 451),
                (449, 600),
                (600, 961),
                (0, 1440),
                (900, 1500),
                (1200, 1440),
                (1439, 1440),
            ] {
                let iv = Interval::new(d * 1440 + a, d * 1440 + z);
                assert_eq!(
                    pre.available(p, s, iv),
                    p.staff[s.index()].is_available(iv),
                    "{s:?} {iv:?}"
                );
            }
        }
    }
}

#[test]
fn construction_is_valid_and_terms_are_exact() {
    for seed in [1, 2] {
        let p = problem(Scale::S, seed);
        let pre = Pre::new(&p);
        let st = constructed(&p, &pre);
        assert_exact(&st);
    }
}

#[test]
fn annealing_keeps_terms_exact_and_snapshots_restore() {
    let p = problem(Scale::M, 1);
    let pre = Pre::new(&p);
    let st = constructed(&p, &pre);
    let mut w = Worker::new(st, 5, 1);
    for round in 0..5 {
        w.run(2000, &|_| 0.5, &|| false);
        assert_exact(&w.st);
        let snap = Snapshot::of(&w.st);
        let again = snap.restore(&w.st);
        assert_eq!(again.terms, w.st.terms, "round {round}");
        let best = w.best.restore(&w.st);
        assert_exact(&best);
        assert_eq!(best.score(), w.best.score);
    }
}

#[test]
fn itc_terms_stay_exact() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tiny.ctt"))
        .expect("fixture exists");
    let ctt = crate::convert::itc2007::parse_ctt(&text).expect("fixture parses");
    let p = crate::convert::itc2007::to_problem(&ctt).expect("fixture converts");
    let pre = Pre::new(&p);
    let st = constructed(&p, &pre);
    assert_exact(&st);
    let mut w = Worker::new(st, 9, 2);
    for _ in 0..4 {
        w.run(3000, &|_| 0.3, &|| false);
        assert_exact(&w.st);
    }
}

/// `add_staff_delta` (computed without applying) equals the change `add_staff` makes, for
/// every free qualified person of every task, after annealing mixed the plan (travel across
/// buildings, overtime, preferred staff).
#[test]
fn add_staff_delta_is_exact() {
    let p = problem(Scale::M, 2);
    let pre = Pre::new(&p);
    let mut st = annealed(&p, &pre, 3, 3000);
    let mut checked = 0;
    for t in p.task_ids() {
        // Free a place on the task (undone below), so that every qualified person is a candidate.
        let outer = st.begin();
        if let Some(&held) = st.staffing[t.index()].last() {
            st.remove_staff(t, held);
        }
        for &s in &pre.qualified[t.index()] {
            if !st.staff_free(t, s) {
                continue;
            }
            let before = st.score();
            let predicted = st.add_staff_delta(t, s);
            let mark = st.begin();
            st.add_staff(t, s);
            assert_eq!(
                st.score() - before,
                predicted,
                "task {} person {}",
                p.task(t).id,
                p.staff[s.index()].id
            );
            st.rollback(mark);
            st.commit();
            assert_eq!(st.score(), before);
            checked += 1;
        }
        st.rollback(outer);
        st.commit();
    }
    assert!(checked > 1000, "only {checked} pairs were free");
}

/// The exact re-staffing step staffs at least as many people as the greedy does from the
/// same placements, keeps the incremental terms exact, and never makes a plan worse.
#[test]
fn restaff_mip_is_at_least_greedy_and_exact() {
    use super::construct::staff_greedy;
    use super::mip::{Limit, restaff_building_day, task_building_days};
    for seed in [1, 2] {
        let p = problem(Scale::S, seed);
        let pre = Pre::new(&p);
        let mut bare = constructed(&p, &pre);
        for t in p.task_ids() {
            while let Some(&s) = bare.staffing[t.index()].last() {
                bare.remove_staff(t, s);
            }
        }
        let mut greedy = bare.clone();
        staff_greedy(&mut greedy, &|| false);
        let mut exact = bare.clone();
        for (b, d) in task_building_days(exact.p, &exact.place) {
            restaff_building_day(&mut exact, b, d, Limit::secs(5.0), None);
        }
        assert_exact(&exact);
        assert!(
            exact.score().medium <= greedy.score().medium,
            "seed {seed}: MIP {:?} vs greedy {:?}",
            exact.score(),
            greedy.score()
        );
        let before = greedy.score();
        for (b, d) in task_building_days(greedy.p, &greedy.place) {
            restaff_building_day(&mut greedy, b, d, Limit::secs(5.0), None);
        }
        assert_exact(&greedy);
        assert!(greedy.score() <= before);
    }
}

/// A staff ejection chain either staffs exactly one more person (and the terms stay exact)
/// or changes nothing; `sole_conflict` names a task whose removal frees the person.
#[test]
fn staff_chains_are_exact_or_change_nothing() {
    use super::construct::staff_chain;
    let p = problem(Scale::M, 3);
    let pre = Pre::new(&p);
    let mut st = annealed(&p, &pre, 4, 4000);
    let (mut found, mut hops) = (0, 0);
    for t in p.task_ids() {
        if st.place[p.task(t).meeting.index()].is_none() {
            continue;
        }
        // Take one person off (when staffed) so that the chain has something to do.
        if st.missing(t) == 0
            && let Some(&s) = st.staffing[t.index()].first()
        {
            st.remove_staff(t, s);
        }
        for &s in &pre.qualified[t.index()] {
            if let Some(c) = st.sole_conflict(t, s) {
                assert!(st.staffing[c.index()].contains(&s));
                let mark = st.begin();
                st.remove_staff(c, s);
                assert!(st.staff_free(t, s), "{} still not free", p.staff[s.index()].id);
                st.rollback(mark);
                st.commit();
                hops += 1;
            }
        }
        let before = (st.score(), st.staffing.clone(), st.missing(t));
        let mut budget = 40;
        let mut used = Vec::new();
        if staff_chain(
            &mut st,
            t,
            2,
            &mut budget,
            t.index(),
            &mut used,
            crate::model::Minute::MIN,
        ) {
            assert_eq!(st.missing(t) + 1, before.2);
            assert_eq!(st.score().medium + p.weights[Rule::MissingStaff], before.0.medium);
            found += 1;
        } else {
            assert_eq!(st.score(), before.0);
            assert_eq!(st.staffing, before.1);
        }
    }
    assert_exact(&st);
    assert!(found > 0 && hops > 0, "chains {found}, hops {hops}");
}

/// `freeing_task` names a task of the person whose removal frees them for `t`: the one clash
/// (as `sole_conflict`), or, when only their minute caps keep them off, a task whose minutes
/// make room. The transfer it drives keeps the terms exact. Returns (clashes, caps) seen.
fn check_freeing_tasks(p: &Problem, st: &mut State<'_>) -> (usize, usize) {
    let pre = st.pre;
    let (mut clashes, mut caps) = (0, 0);
    for t in p.task_ids() {
        if st.place[p.task(t).meeting.index()].is_none() || st.missing(t) == 0 {
            continue;
        }
        for &s in &pre.qualified[t.index()] {
            let Some(c) = st.freeing_task(t, s) else {
                assert!(st.sole_conflict(t, s).is_none());
                continue;
            };
            assert!(!st.staff_free(t, s), "a free person needs no freeing");
            assert!(st.staffing[c.index()].contains(&s));
            if st.sole_conflict(t, s) == Some(c) {
                clashes += 1;
            } else {
                caps += 1;
            }
            let (before, mark) = (st.score(), st.begin());
            st.remove_staff(c, s);
            assert!(st.staff_free(t, s), "{} still not free", p.staff[s.index()].id);
            st.add_staff(t, s);
            assert_eq!(
                st.score().medium,
                before.medium,
                "a transfer keeps the missing count"
            );
            assert_exact(st);
            st.rollback(mark);
            st.commit();
            assert_eq!(st.score(), before);
        }
    }
    (clashes, caps)
}

/// On M, people are kept from tasks by clashes (the generated caps are loose).
#[test]
fn freeing_tasks_free_the_person() {
    let p = problem(Scale::M, 3);
    let pre = Pre::new(&p);
    let mut st = annealed(&p, &pre, 4, 4000);
    let (clashes, _) = check_freeing_tasks(&p, &mut st);
    assert!(clashes > 0, "no clash freed on M");
}

/// Found by the brute-force property: one person (two hours a day) holds a one-hour task on
/// the day of a two-hour meeting left without staff, and the one-hour meeting belongs in the
/// other day's room. Only moving the person to the longer task first (a transfer: the missing
/// count stays) lets the short meeting move without losing a person; the daily cap, not a
/// clash, is what frees them.
#[test]
fn a_transfer_frees_a_person_kept_off_by_their_daily_cap() {
    let tea = serde_json::json!([{ "name": "tea", "skill": "tea", "level": 2, "from": { "anchor": "start" },
                                   "to": { "anchor": "end" }, "staff": 1 }]);
    let meeting = |id: &str, att: u32, hours: u32, people: &[&str], conf: u32, series: &str| {
        serde_json::json!({ "id": id, "class": "std", "attendees": att, "duration": 60 * hours,
                            "people": people, "confidential": conf, "series": series })
    };
    let v = serde_json::json!({
        "version": 1, "granularity_minutes": 60, "days": ["2026-03-02", "2026-03-03"],
        "opening": { "start": "09:00", "end": "12:00" }, "buildings": [ { "id": "A" } ],
        "rooms": [ { "id": "R0", "building": "A", "capacity": 21 },
                   { "id": "R1", "building": "A", "capacity": 8, "confidential_level": 1 } ],
        "staff": [ { "id": "S0", "building": "A", "skills": { "tea": 2 }, "clearance": 1,
                     "max_minutes_per_day": 120 } ],
        "people": [ { "id": "li" } ],
        "series": [ { "id": "s", "min_days": 2 }, { "id": "t" } ],
        "service_classes": [ { "id": "std", "tasks": tea } ],
        "meetings": [ meeting("M0", 1, 2, &["li"], 1, "s"), meeting("M1", 1, 1, &[], 0, "t"),
                      meeting("M2", 9, 2, &["li"], 0, "s") ]
    });
    let p = load_problem_str(&v.to_string()).expect("problem loads");
    let pre = Pre::new(&p);
    let mut st = State::new(&p, &pre);
    let at = |room: usize, day: i32, hour: i32| crate::plan::Placement {
        room: crate::model::RoomId::new(room),
        start: p.days[day as usize] * crate::model::time::DAY + hour * 60,
    };
    // The trap the search found: S0 on the one-hour M1 (day 1), M2 (day 1) without staff.
    for (m, pl) in [(0, at(1, 1, 9)), (1, at(0, 0, 11)), (2, at(0, 0, 9))] {
        st.place(crate::model::MeetingId::new(m), pl);
    }
    st.add_staff(crate::model::TaskId::new(1), StaffId::new(0));
    let (_, caps) = check_freeing_tasks(&p, &mut st);
    assert_eq!(caps, 1, "S0's M1 frees them for M2 by the daily cap");
    let out = crate::Solver::new(
        crate::SolveOptions::default()
            .seed(1)
            .threads(1)
            .max_iterations(40_000),
    )
    .solve(&p);
    // M1 joins M0 in R1 on day 2 (waste 7 + 7 + 12, two room-days, the series in two rooms),
    // S0 staffs M0 or M2 and M1 goes without.
    assert_eq!(
        (out.report.score.medium, out.report.score.soft),
        (
            p.weights[Rule::MissingStaff],
            26 + p.room_open_cost(crate::model::RoomId::new(0))
                + p.room_open_cost(crate::model::RoomId::new(1))
                + p.weights[Rule::SeriesRoom]
        )
    );
}

/// A plateau walker never accepts a medium worsening and keeps exact terms; the medium
/// repairs (shift and re-timing MIP) keep plans valid and never make them worse, on the
/// constructed plan and on the walked one.
#[test]
fn plateau_walk_and_medium_repairs_are_safe() {
    use super::mip::Limit;
    use super::retime::{neighbourhood, retime, shift_repair, trouble};
    let repair = |st: &mut State<'_>, seed: u64| {
        let p = st.p;
        let mut tried = 0;
        let tasks: Vec<_> = p
            .task_ids()
            .filter(|&t| st.place[p.task(t).meeting.index()].is_some() && st.missing(t) > 0)
            .collect();
        for t in tasks {
            let before = st.score();
            shift_repair(st, t, 4, Limit::secs(2.0));
            assert!(st.score() <= before);
            assert_exact(st);
            tried += 1;
        }
        let mut rng = super::rng::Rng::new(seed, 9);
        for (b, d, m0) in trouble(st).into_iter().take(2) {
            let before = st.score();
            let ms = neighbourhood(st, b, d, m0, 3, &mut rng);
            assert!(ms.contains(&m0) && ms.len() <= 3);
            retime(st, b, d, &ms, Limit::secs(2.0));
            assert!(st.score() <= before);
            assert_exact(st);
            tried += 1;
        }
        tried
    };
    let mut tried = 0;
    for seed in [1, 2, 3] {
        let p = problem(Scale::S, seed);
        let pre = Pre::new(&p);
        let mut st = constructed(&p, &pre);
        tried += repair(&mut st, seed);
        let mut w = Worker::new(st, seed, 1);
        w.plateau = true;
        w.chain_depth = 2;
        let mut medium = w.st.score().medium;
        for _ in 0..5 {
            w.run(2000, &|_| 0.5, &|| false);
            assert!(w.st.score().medium <= medium);
            medium = w.st.score().medium;
            assert_exact(&w.st);
        }
        tried += repair(&mut w.st, seed);
    }
    assert!(tried > 0, "no plan missed anyone: the repairs were not exercised");
}

/// The deltas of staff removals and of meeting relocations (computed without applying) equal
/// the changes applying them makes; the free-person index agrees with the timeline scan.
#[test]
fn evaluated_deltas_equal_applied_changes() {
    let p = problem(Scale::M, 4);
    let pre = Pre::new(&p);
    let mut st = annealed(&p, &pre, 6, 5000);
    let (removals, relocations) = assert_removals_and_relocations_exact(&p, &pre, &mut st);
    // The index against availability and the timeline scan, for every person at every
    // task's time; and its busy mask, which may only rule out people who are not free.
    // Counted apart: the answers for people who work in another building that day, where
    // the travel between decides (free and not).
    let (mut asked, mut masked, mut elsewhere) = (0, 0, [0; 2]);
    for t in p.task_ids() {
        let Some(pl) = st.place[p.task(t).meeting.index()] else {
            continue;
        };
        let iv = p.task_interval(t, pl.start);
        let b = p.room(pl.room).building;
        let day = crate::model::time::day_of(iv.start);
        let mask = st.busy_mask(iv).expect("M's task times lie on the index's grid");
        for s in p.staff_ids() {
            let slow = p.staff[s.index()].is_available(iv) && st.free_by_scan_for_tests(s, iv, b, day);
            if let Some(fast) = st.busy_free_for_tests(s, iv, b) {
                assert_eq!(fast, slow, "{} at {}", p.staff[s.index()].id, p.task(t).id);
                asked += 1;
                let near_only = p.staff[s.index()].is_available(iv)
                    && !st.staff_tl[s.index()].iter().any(|h| h.iv.overlaps(&iv));
                let away = st.staff_tl[s.index()]
                    .iter()
                    .any(|h| h.b != b && crate::model::time::day_of(h.iv.start) == day);
                if near_only && away {
                    elsewhere[usize::from(fast)] += 1;
                }
            }
            if mask.busy(s.index()) {
                assert!(!slow, "{} masked at {}", p.staff[s.index()].id, p.task(t).id);
                masked += 1;
            }
        }
    }
    assert!(
        removals > 300
            && relocations > 300
            && asked > 10_000
            && masked > 1000
            && elsewhere.iter().all(|&n| n > 300),
        "{removals} {relocations} {asked} {masked} {elsewhere:?}"
    );
    assert_exact(&st);
}

/// Every staff removal and a third of the meetings' relocations (to every other start in
/// three rooms) of `st`, each evaluated and then applied: the evaluation equals the change.
/// Returns how many of each were checked.
fn assert_removals_and_relocations_exact(p: &Problem, pre: &Pre, st: &mut State<'_>) -> (usize, usize) {
    // Staff removals.
    let mut removals = 0;
    for t in p.task_ids() {
        for s in st.staffing[t.index()].clone() {
            let before = st.score();
            let predicted = st.remove_staff_delta(t, s);
            let mark = st.begin();
            st.remove_staff(t, s);
            assert_eq!(
                st.score() - before,
                predicted,
                "removing {}",
                p.staff[s.index()].id
            );
            st.rollback(mark);
            st.commit();
            removals += 1;
        }
    }
    // Relocations to every other start in a few rooms, for a third of the meetings.
    let mut rng = super::rng::Rng::new(4, 4);
    let mut r = super::state::Relocation::default();
    let mut relocations = 0;
    let placed: Vec<_> = p
        .meeting_ids()
        .filter(|m| st.place[m.index()].is_some())
        .collect();
    for m in placed.into_iter().step_by(3) {
        for &room in pre.rooms[m.index()].iter().take(3) {
            for sr in &pre.starts[m.index()] {
                let Some((lo, hi)) = pre.range_in_room(p, m, room, sr) else {
                    continue;
                };
                let mut start = lo;
                while start <= hi {
                    let to = crate::plan::Placement { room, start };
                    start += 2 * p.granularity;
                    if st.place[m.index()] == Some(to) || st.place_blocker(m, to).is_some() {
                        continue;
                    }
                    let Some(predicted) = st.relocation(m, to, 6, &mut |n| rng.below(n), &mut r) else {
                        continue;
                    };
                    let before = st.score();
                    let mark = st.begin();
                    st.relocate(&r);
                    assert_eq!(st.score() - before, predicted, "moving {}", p.meeting(m).id);
                    st.rollback(mark);
                    st.commit();
                    relocations += 1;
                }
            }
        }
    }
    (removals, relocations)
}

/// With a reference plan (last week's: the `moved_*` and `staff_changed` terms count, and
/// `Pre`'s task records flag the tasks with reference staff), evaluated staff removals and
/// relocations still equal the applied changes.
#[test]
fn evaluated_deltas_are_exact_against_a_reference_plan() {
    let p0 = problem(Scale::M, 4);
    let options = crate::SolveOptions {
        seed: 2,
        threads: 1,
        max_iterations: Some(3000),
        use_mip: false,
        ..Default::default()
    };
    let out = crate::Solver::new(options).solve(&p0);
    let p = p0
        .with_reference(&out.plan)
        .expect("a solved plan is a valid reference");
    let pre = Pre::new(&p);
    let with_ref = p
        .task_ids()
        .filter(|t| !pre.ref_staff[t.index()].is_empty())
        .count();
    assert!(with_ref > 100, "{with_ref} tasks with reference staff");
    // Another seed, so that the plan has moved away from the reference.
    let mut st = annealed(&p, &pre, 9, 5000);
    assert!(st.terms[Rule::StaffChanged] > 0 || p.weights[Rule::StaffChanged] == 0);
    let (removals, relocations) = assert_removals_and_relocations_exact(&p, &pre, &mut st);
    assert!(removals > 300 && relocations > 300, "{removals} {relocations}");
    assert_exact(&st);
}

/// The staffing scans' order read off bit sets equals its definition: a task's qualified
/// people based in the building, then the others, each from the offset around.
#[test]
fn candidate_order_is_the_list_from_the_offset_by_building() {
    for scale in [Scale::M, Scale::L] {
        let p = problem(scale, 3);
        let pre = Pre::new(&p);
        let mut compared = 0;
        for t in p.task_ids().step_by(7) {
            let q = &pre.qualified[t.index()];
            let n = q.len();
            for b in (0..p.buildings.len()).map(crate::model::BuildingId::new) {
                for offset in [0, n / 3, n.saturating_sub(1)].into_iter().filter(|&o| o < n) {
                    let around = || (offset..n).chain(0..offset).map(|i| q[i]);
                    let home = |s: crate::model::StaffId| p.staff[s.index()].building == b;
                    let want: Vec<_> = around()
                        .filter(|&s| home(s))
                        .chain(around().filter(|&s| !home(s)))
                        .collect();
                    let got: Vec<_> = super::construct::Candidates::new(&pre, t, offset, b).collect();
                    assert_eq!(
                        got,
                        want,
                        "task {} building {} offset {offset}",
                        p.task(t).id,
                        b.index()
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }
}

/// Changing a state into a snapshot by its differences gives exactly the snapshot's decisions,
/// with the incremental terms exact (the exchanges rely on it instead of rebuilding).
#[test]
fn restore_into_changes_only_what_differs_and_stays_exact() {
    let p = problem(Scale::M, 3);
    let pre = Pre::new(&p);
    for (a, b) in [(4, 5), (6, 7)] {
        let mut st = annealed(&p, &pre, a, 3000);
        let target = Snapshot::of(&annealed(&p, &pre, b, 3000));
        assert_ne!(Snapshot::of(&st), target, "the two walks differ");
        target.restore_into(&mut st);
        assert_eq!(Snapshot::of(&st), target);
        assert_exact(&st);
    }
    // From the empty plan it is a full restore.
    let target = Snapshot::of(&annealed(&p, &pre, 8, 2000));
    let mut empty = State::new(&p, &pre);
    target.restore_into(&mut empty);
    assert_eq!(Snapshot::of(&empty), target);
}
