//! The solve loop: construction, a deterministic portfolio of annealing workers on a local
//! rayon pool with exchanges at fixed iteration counts, the bound's LP and exact MIP steps
//! beside it, final insertion pass, reasons, and the safety net through the independent scorer.

use std::time::Instant;

use super::api::{CancelToken, Engine, Outcome, Progress, SolveOptions, Stats, Status};
use super::construct::{best_placement, construct, explain, fill_task, shortages, staff_greedy};
use super::general::{self, BOUND_DUE, Frame, MIN_WORKERS};
use super::grid::{GRID_MIN_WORKERS, Grid, GridLimits, search as grid_search};
use super::mip::{Bound, combinatorial_bound, lp_bound};
use super::pre::Pre;
use super::search::Snapshot;
use super::side::{Beside, Pending, due, take_due};
use super::state::State;
use crate::model::{MeetingId, Problem, Rule};
use crate::plan::{Assignment, Reason, Shortage};
use crate::score::{Level, Report, Score};

pub(crate) fn solve(
    options: &SolveOptions,
    problem: &Problem,
    cancel: &CancelToken,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Outcome {
    let t0 = Instant::now();
    let limit = options.time_limit.as_secs_f64();
    // The search stops a little early so that the final pass (full scans for the unassigned,
    // reasons, the independent scoring) still ends within the limit.
    let search_limit = if limit > 2.0 { limit * 0.96 } else { limit * 0.9 };
    let out_of_time = || cancel.is_cancelled() || t0.elapsed().as_secs_f64() >= search_limit;
    let machine = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if options.threads == 0 {
        machine
    } else {
        options.threads
    };
    let fixed = options.max_iterations.is_some();
    let mut stats = Stats {
        threads,
        ..Stats::default()
    };
    let pre = Pre::new(problem);
    let mut st = State::new(problem, &pre);
    let pin_reasons = construct(&mut st, &|| cancel.is_cancelled());
    stats.time_to_first_valid = t0.elapsed().as_secs_f64();
    stats.initial_score = st.score();
    let mut best = Snapshot::of(&st);
    stats.time_to_best = stats.time_to_first_valid;

    // The combinatorial bound now, the LP's when it is in (it runs beside the search below).
    let comb = combinatorial_bound(&st);
    let mut bound = Bound {
        medium: comb.medium,
        lp: false,
    };
    let report_progress = |best: Score, unassigned: usize, gap: Option<f64>| {
        let elapsed = t0.elapsed().as_secs_f64();
        progress(&Progress {
            elapsed,
            fraction: if limit > 0.0 {
                (elapsed / limit).min(1.0)
            } else {
                1.0
            },
            best,
            unassigned,
            gap,
        });
    };
    let gap_of = |s: Score, b: Bound| Some((s.medium - b.medium).max(0) as f64 / s.medium.max(1) as f64);
    let count_unassigned = |snap: &Snapshot| snap.place.iter().filter(|p| p.is_none()).count();
    report_progress(best.score, count_unassigned(&best), gap_of(best.score, bound));

    let search_start = Instant::now();
    let can_search = !problem.meetings.is_empty() && !out_of_time() && !bound.proven(best.score);
    // Problems that reduce exactly to slots (no staff, one slot length) go to the slot engine.
    let grid = if can_search {
        Grid::new(problem, &pre)
    } else {
        None
    };
    stats.engine = match (&grid, can_search) {
        (Some(_), _) => Engine::Slots,
        (None, true) => Engine::General,
        (None, false) => Engine::Construction,
    };
    let workers = match (options.workers, stats.engine) {
        (0, Engine::Slots) => machine.max(GRID_MIN_WORKERS),
        (0, Engine::General) => machine.max(MIN_WORKERS),
        (_, Engine::Construction) => 0,
        (n, _) => n,
    };
    stats.workers = workers;
    let st = &st;
    best = std::thread::scope(|scope| {
        // With more than one thread the bound's LP and the exact steps run on threads of their
        // own beside the workers; with one they run at once, between epochs.
        let beside: Beside<'_, '_> = (threads > 1).then_some(scope);
        // The LP: the search's time as a guard under a fixed iteration count (its size is
        // capped, so it finishes: docs/solver.md, "Bounds"); beside the search a quarter of the
        // limit (it slows the workers only by its share of the cores); else, as it blocks the
        // search, 8 % of the limit (0.2–2 s: on the civic week M it takes about 0.5–0.65 s,
        // and a smaller share left it unfinished in some runs).
        let lp_secs = if fixed {
            search_limit.max(0.01)
        } else if beside.is_some() {
            (limit * 0.25).clamp(0.2, 5.0)
        } else {
            (limit * 0.08).clamp(0.2, 2.0)
        };
        let mut lp = options.use_mip.then(|| {
            let comb = &comb;
            Pending::launch(beside, due(0, BOUND_DUE, fixed), move || {
                lp_bound(st, comb, lp_secs)
            })
        });
        let found = if let Some(g) = &grid {
            let stop = || cancel.is_cancelled();
            let lim = GridLimits {
                seed: options.seed,
                threads,
                workers,
                max_iterations: options.max_iterations,
                seconds: (search_limit - t0.elapsed().as_secs_f64()).max(0.0),
                target: Score::new(0, bound.medium, 0),
                stop: &stop,
            };
            let mut last = Instant::now();
            let (bound, stats) = (&mut bound, &mut stats);
            let out = grid_search(g, st, &lim, &mut |chunk, s, unassigned| {
                if let Some(answer) = take_due(&mut lp, chunk, fixed) {
                    general::learn(bound, answer, stats);
                }
                if last.elapsed().as_secs_f64() >= 0.25 {
                    last = Instant::now();
                    report_progress(s, unassigned, gap_of(s, *bound));
                }
                Score::new(0, bound.medium, 0)
            });
            match out {
                Some(go) => {
                    stats.iterations = go.iterations;
                    stats.moves_evaluated = go.evaluated;
                    if go.score < best.score {
                        stats.time_to_best = search_start.duration_since(t0).as_secs_f64() + go.time_to_best;
                        Snapshot {
                            place: go.placements,
                            staff: Vec::new(),
                            staff_end: vec![0; problem.tasks.len()],
                            score: go.score,
                        }
                    } else {
                        best
                    }
                }
                None => best,
            }
        } else if can_search {
            let frame = Frame {
                options,
                problem,
                cancel,
                t0,
                limit,
                search_limit,
                threads,
                workers,
            };
            let report =
                |b: &Snapshot, bd: Bound| report_progress(b.score, count_unassigned(b), gap_of(b.score, bd));
            general::search(&frame, st, beside, &mut lp, &mut bound, best, &mut stats, &report)
        } else {
            best
        };
        if let Some(pending) = lp.take() {
            general::learn(&mut bound, pending.take(), &mut stats);
        }
        found
    });
    stats.medium_bound = Some(bound.medium);
    stats.bound_note = format!(
        "medium ≥ {}: meetings with no feasible room and start are unassigned in every plan; {} \
         soft is not bounded",
        bound.medium,
        if bound.lp {
            "plus the LP relaxation of placing meetings and putting qualified people on their tasks under \
             each person's minute caps (rooms, times and clashes relaxed);"
        } else {
            "every other meeting costs at least the cheaper of leaving it out and the staff no one qualified \
             can provide;"
        }
    );
    let search_secs = search_start.elapsed().as_secs_f64();
    stats.moves_per_second = if search_secs > 0.0 {
        stats.moves_evaluated as f64 / search_secs
    } else {
        0.0
    };

    let fin = best.restore(st);
    // Either engine's recorded score must be its plan's exact score.
    debug_assert_eq!(
        fin.score(),
        best.score,
        "recorded score differs from the rebuilt plan's"
    );
    let (assignment, unstaffed, improved) = finish(fin, &pin_reasons, !cancel.is_cancelled());
    if improved {
        stats.time_to_best = t0.elapsed().as_secs_f64();
    }
    let mut assignment = assignment;
    let report = safety_net(problem, &mut assignment, &pin_reasons);
    let mut plan = assignment.to_plan(problem);
    plan.score = Some(report.plan_score());
    stats.elapsed = t0.elapsed().as_secs_f64();
    stats.gap = gap_of(report.score, bound);
    let status = if cancel.is_cancelled() {
        Status::Cancelled
    } else if report.score.hard == 0 && bound.proven(report.score) {
        Status::Optimal
    } else {
        Status::Feasible
    };
    report_progress(report.score, plan.unassigned.len(), stats.gap);
    Outcome {
        plan,
        assignment,
        report,
        status,
        stats,
        unstaffed,
    }
}

/// The final pass over the best plan: inserts what a full scan can still place, fills staff, and
/// says why each meeting left out is out and each task short is short. Returns the assignment,
/// the short tasks, and whether the pass improved the plan. `finishing_ok` false (a cancelled
/// solve) skips the scans.
fn finish(
    mut fin: State<'_>,
    pin_reasons: &[(MeetingId, Reason)],
    finishing_ok: bool,
) -> (Assignment, Vec<Shortage>, bool) {
    let problem = fin.p;
    let before = fin.score();
    let mut reasons: Vec<Option<Reason>> = vec![None; problem.meetings.len()];
    for (m, why) in pin_reasons {
        reasons[m.index()] = Some(why.clone());
    }
    // Full scans cost; share a fixed budget among the unassigned meetings.
    let n_out = fin.place.iter().filter(|p| p.is_none()).count().max(1);
    let scan_budget = (4_000_000 / n_out).clamp(2_000, 200_000);
    for m in problem.meeting_ids() {
        if fin.place[m.index()].is_some() || problem.meeting(m).pinned.is_some() || !finishing_ok {
            continue;
        }
        if let Some(pl) = best_placement(&mut fin, m, 4, scan_budget) {
            fin.place(m, pl);
            for &t in &problem.meeting(m).tasks {
                fill_task(&mut fin, t, 4);
            }
        }
    }
    if finishing_ok {
        staff_greedy(&mut fin, &|| false);
    }
    let improved = fin.score() < before;
    for m in problem.meeting_ids() {
        if fin.place[m.index()].is_none() && reasons[m.index()].is_none() {
            reasons[m.index()] = Some(if finishing_ok {
                explain(&fin, m, scan_budget)
            } else {
                Reason::Cancelled
            });
        }
    }
    let unstaffed = shortages(&fin);
    let mut assignment = fin.assignment();
    assignment.reasons = reasons;
    (assignment, unstaffed, improved)
}

/// Scores the final assignment with the independent scorer. A hard violation other than an
/// unkeepable pin is a solver bug: its meetings are unassigned (with the violation as the
/// reason) until the plan is valid, and a debug assertion fires so tests catch it.
fn safety_net(problem: &Problem, a: &mut Assignment, pins: &[(MeetingId, Reason)]) -> Report {
    let unkeepable = pins.len() as i64;
    let mut report = crate::score::evaluate(problem, a);
    for _ in 0..problem.meetings.len() + 1 {
        let pinned = report.term(Rule::Pinned);
        if report.score.hard <= pinned.min(unkeepable) {
            break;
        }
        debug_assert!(false, "solver produced hard violations: {:?}", report.violations);
        let mut culprits: Vec<MeetingId> = report
            .violations
            .iter()
            .filter(|v| v.level == Level::Hard && v.rule != Rule::Pinned)
            .flat_map(|v| v.meetings.iter().copied().map(move |m| (m, v.message.clone())))
            .filter_map(|(m, msg)| {
                let idx = m.index();
                if a.placements.get(idx).copied().flatten().is_some() {
                    if let Some(r) = a.reasons.get_mut(idx) {
                        *r = Some(Reason::RemovedForValidity { violation: msg });
                    }
                    Some(m)
                } else {
                    None
                }
            })
            .collect();
        // Tasks with violations: unstaff them.
        for v in report.violations.iter().filter(|v| v.level == Level::Hard) {
            for t in &v.tasks {
                if let Some(s) = a.staffing.get_mut(t.index()) {
                    s.clear();
                }
            }
        }
        culprits.sort_unstable();
        culprits.dedup();
        for m in culprits {
            a.placements[m.index()] = None;
            for &t in &problem.meeting(m).tasks {
                a.staffing[t.index()].clear();
            }
        }
        report = crate::score::evaluate(problem, a);
    }
    report
}
