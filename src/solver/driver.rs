//! The solve loop: construction, a deterministic portfolio of annealing workers on a local
//! rayon pool with exchanges at fixed iteration counts, exact MIP steps between epochs,
//! final insertion pass, reasons, and the safety net through the independent scorer.

use std::time::Instant;

use rayon::prelude::*;

use super::api::{CancelToken, Outcome, Progress, SolveOptions, Stats, Status};
use super::construct::{best_placement, construct, explain, explain_task, fill_task, staff_greedy};
use super::grid::{Grid, GridLimits, search as grid_search};
use super::mip::{
    FIXED_RUN_NODES, Limit, building_days, medium_bound, meeting_building_days, reroom_building_day,
    restaff_building_day,
};
use super::pre::Pre;
use super::retime::{retime_around, shift_repair_any};
use super::search::{Snapshot, Worker};
use super::state::State;
use crate::model::{MeetingId, Problem, Rule};
use crate::plan::{Assignment, Reason, Shortage};
use crate::score::{Level, Report, Score};

/// Workers of the portfolio: fixed, so the answer does not depend on the thread count.
pub(crate) const WORKERS: usize = 4;
/// Iterations per worker between two exchanges, at least (one per meeting on large problems,
/// so that the O(n) exchanges stay a small share of the work; it depends only on the problem).
pub(crate) const EPOCH: u64 = 4000;
/// Largest share of the search's wall time the exact MIP steps may take under a time limit.
pub(crate) const MIP_SHARE: f64 = 0.5;
/// The same while chasing a close bound: the plateau walkers, not the repair steps, find most
/// of the last units (S at 1 s, seeds 13-52: 35 of 39 by a worker), and they need the time.
/// With the stall restarts, S reached the bound at 1 s in 278 of 280 runs at 0.25 against
/// 190 of 200 at 0.5 (session 8, BENCHMARKS.md §1).
pub(crate) const CHASE_MIP_SHARE: f64 = 0.25;
/// The search chases the last units of medium when a finished LP proves a bound within this
/// share of the best plan's medium (S: bound 19 000, plans at 19 100).
pub(crate) const CHASE_GAP: f64 = 0.05;
/// Chasing a close bound, epochs without the best medium falling after which one worker
/// (in turn) restarts from the construction, and epochs it then runs on its own before it
/// joins the exchanges again: the plateau walk can stay trapped where every worker is.
pub(crate) const STALL_EPOCHS: u64 = 20;
/// Hops of the staff ejection chains while chasing.
pub(crate) const CHAIN_DEPTH: u32 = 2;

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
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.threads
    };
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

    // The bound's LP gets 8 % of the limit (0.2–2 s). On the civic week M it takes about
    // 0.5–0.65 s (HiGHS, this 2-core machine): at 5 % of a 10 s limit it finished in some
    // runs and not in others, and the gap read 80 % or 100 % (docs/solver.md, session 17).
    let (bound, lp_used) = if options.use_mip {
        medium_bound(&st, (limit * 0.08).clamp(0.2, 2.0))
    } else {
        medium_bound(&st, 0.0)
    };
    if options.use_mip && lp_used {
        stats.mip_solves += 1;
    }
    stats.medium_bound = Some(bound);
    stats.bound_note = format!(
        "medium ≥ {bound}: meetings with no feasible room and start are unassigned in every plan; {} \
         soft is not bounded",
        if lp_used {
            "plus the LP relaxation of placing meetings and putting qualified people on their tasks under \
             each person's minute caps (rooms, times and clashes relaxed);"
        } else {
            "every other meeting costs at least the cheaper of leaving it out and the staff no one qualified \
             can provide;"
        }
    );
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
    let gap_of = |s: Score| Some((s.medium - bound).max(0) as f64 / s.medium.max(1) as f64);
    let chasing =
        |s: Score| lp_used && s.medium > bound && (s.medium - bound) as f64 <= CHASE_GAP * s.medium as f64;
    let count_unassigned = |snap: &Snapshot| snap.place.iter().filter(|p| p.is_none()).count();
    report_progress(best.score, count_unassigned(&best), gap_of(best.score));

    let search_start = Instant::now();
    let proven = |s: Score| s.medium <= bound && s.soft == 0;
    let can_search = !problem.meetings.is_empty() && !out_of_time() && !proven(best.score);
    // Problems that reduce exactly to slots (no staff, one slot length) go to the slot engine.
    let grid = if can_search {
        Grid::new(problem, &pre)
    } else {
        None
    };
    stats.engine = match (&grid, can_search) {
        (Some(_), _) => "slots",
        (None, true) => "general",
        (None, false) => "construction",
    };
    let grid_out = grid.as_ref().and_then(|g| {
        let stop = || cancel.is_cancelled();
        let lim = GridLimits {
            seed: options.seed,
            threads,
            max_iterations: options.max_iterations,
            seconds: (search_limit - t0.elapsed().as_secs_f64()).max(0.0),
            target: Score::new(0, bound, 0),
            stop: &stop,
        };
        let mut last = Instant::now();
        grid_search(g, &st, &lim, &mut |s, unassigned| {
            if last.elapsed().as_secs_f64() >= 0.25 {
                last = Instant::now();
                report_progress(s, unassigned, gap_of(s));
            }
        })
    });
    if let Some(go) = grid_out {
        stats.iterations = go.iterations;
        stats.moves_evaluated = go.evaluated;
        if go.score < best.score {
            best = Snapshot {
                place: go.placements,
                staff: Vec::new(),
                staff_end: vec![0; problem.tasks.len()],
                score: go.score,
            };
            stats.time_to_best = search_start.duration_since(t0).as_secs_f64() + go.time_to_best;
        }
    } else if can_search {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .ok();
        let mut workers: Vec<Worker<'_>> = (0..WORKERS)
            .map(|i| Worker::new(st.clone(), options.seed, i as u64 + 1))
            .collect();
        let max_iters = options.max_iterations;
        let mut done = 0u64;
        let mut last_progress = Instant::now();
        let mut bd_cursor = 0usize;
        let mut epoch = 0u64;
        // The MIP steps are exact on their building-day: run again on the same best plan, one
        // gives the same answer. `version` counts changes of the best plan; `tried` remembers
        // at which version each (kind, building, day) step last ran.
        // `exhausted[kind]` is the version at which every building-day of that kind was tried,
        // so that the best plan is not even restored for a step that has nothing left to do.
        let mut version = 0u64;
        let mut tried: std::collections::HashMap<(bool, crate::model::BuildingId, i32), u64> =
            std::collections::HashMap::new();
        let mut exhausted: [Option<u64>; 2] = [None; 2];
        let mut mip_secs = 0.0f64;
        // Plans the shift repair has seen, and the rotation of the re-timing neighbourhoods.
        let mut shifted: std::collections::HashSet<u64> = std::collections::HashSet::new();
        let mut repair_round = 0usize;
        let epoch_len = EPOCH.max(problem.meetings.len() as u64);
        // Stall restarts: the epoch the best medium last fell, restarts so far, and the epoch
        // until which each worker runs on its own.
        let mut medium_since = (best.score.medium, 0u64);
        let mut restarts = 0usize;
        let mut solo_until = [0u64; WORKERS];
        loop {
            let iters = match max_iters {
                Some(mx) => epoch_len.min(mx.saturating_sub(done)),
                None => epoch_len,
            };
            if iters == 0 || out_of_time() {
                break;
            }
            let base = done;
            let frac = move |i: u64| match max_iters {
                Some(mx) => (base + i) as f64 / mx.max(1) as f64,
                None => t0.elapsed().as_secs_f64() / search_limit.max(1e-9),
            };
            let stop = || out_of_time();
            let run = |ws: &mut Vec<Worker<'_>>| ws.par_iter_mut().for_each(|w| w.run(iters, &frac, &stop));
            match &pool {
                Some(pool) => pool.install(|| run(&mut workers)),
                None => workers.iter_mut().for_each(|w| w.run(iters, &frac, &stop)),
            }
            done += iters;
            epoch += 1;
            // Fixed-order merge: the lowest score wins, ties to the lowest worker index.
            let (wi, wbest) = workers
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.best.score.cmp(&b.1.best.score).then(a.0.cmp(&b.0)))
                .map(|(i, w)| (i, w.best.clone()))
                .unwrap_or((0, best.clone()));
            let _ = wi;
            let mut improved = false;
            if wbest.score < best.score {
                best = wbest;
                improved = true;
                version += 1;
            }
            // Under a time limit the exact steps get at most MIP_SHARE of the search's wall time
            // (they block every worker), CHASE_MIP_SHARE while chasing a close bound; with a
            // fixed iteration count they run whenever due, so that the plan does not depend on
            // the machine's speed.
            let share = if chasing(best.score) {
                CHASE_MIP_SHARE
            } else {
                MIP_SHARE
            };
            let budget_ok = |mip_secs: f64| {
                max_iters.is_some() || mip_secs <= share * search_start.elapsed().as_secs_f64()
            };
            // A step's limit: `secs`, never past the search's end; under a fixed iteration count
            // a node limit and the search's end instead (mip::Limit).
            let step_limit = |secs: f64| {
                let left = (search_limit - t0.elapsed().as_secs_f64()).max(0.01);
                match max_iters {
                    Some(_) => Limit {
                        secs: left,
                        nodes: Some(FIXED_RUN_NODES),
                    },
                    None => Limit::secs(secs.min(left)),
                }
            };
            // Chasing a close bound: the medium repair first, on a plan of the best level the
            // repair has not seen (the best plan or a worker's best: they differ in placements
            // and staff, and the shift repair works from some and not from others), else a
            // re-timing MIP around the best plan's trouble.
            if options.use_mip && budget_ok(mip_secs) && chasing(best.score) && !out_of_time() {
                let tm = Instant::now();
                let tl = step_limit((limit * 0.1).clamp(0.05, 2.0));
                let untried = std::iter::once(&best)
                    .chain(workers.iter().map(|w| &w.best))
                    .filter(|snap| snap.score.medium == best.score.medium)
                    .map(|snap| (fingerprint(snap), snap))
                    .find(|(f, _)| !shifted.contains(f));
                let mut bs;
                let r = match untried {
                    Some((f, snap)) => {
                        shifted.insert(f);
                        bs = snap.restore(&st);
                        shift_repair_any(&mut bs, tl)
                    }
                    None => {
                        bs = best.restore(&st);
                        repair_round += 1;
                        retime_around(&mut bs, repair_round, tl, options.seed)
                    }
                };
                if r.improved && bs.score() < best.score {
                    best = Snapshot::of(&bs);
                    improved = true;
                    version += 1;
                }
                if r.solved {
                    stats.mip_solves += 1;
                }
                mip_secs += tm.elapsed().as_secs_f64();
            }
            // An exact step on one building-day of the best plan, alternating between
            // re-staffing its tasks and re-rooming its meetings.
            // Without tasks only rooms can be re-solved; that step is rarely worth the
            // annealing time it blocks, so it runs every fourth epoch.
            let mip_turn = !problem.tasks.is_empty() || epoch.is_multiple_of(4);
            let rooms_turn = epoch % 2 == 1 || problem.tasks.is_empty();
            let kind = usize::from(rooms_turn);
            if options.use_mip
                && mip_turn
                && budget_ok(mip_secs)
                && exhausted[kind] != Some(version)
                && !out_of_time()
            {
                let mut bs = best.restore(&st);
                let bds = if rooms_turn {
                    meeting_building_days(&bs)
                } else {
                    building_days(&bs)
                };
                // The next building-day (round robin) not yet tried on this best plan.
                let next = (0..bds.len())
                    .map(|i| (i, bds[(bd_cursor + i) % bds.len()]))
                    .find(|&(_, (b, d))| tried.get(&(rooms_turn, b, d)) != Some(&version));
                if next.is_none() {
                    exhausted[kind] = Some(version);
                }
                if let Some((i, (b, d))) = next {
                    bd_cursor += i + 1;
                    tried.insert((rooms_turn, b, d), version);
                    let tl = step_limit((limit * 0.02).clamp(0.05, 1.0));
                    let tm = Instant::now();
                    let r = if rooms_turn {
                        reroom_building_day(&mut bs, b, d, tl)
                    } else {
                        restaff_building_day(&mut bs, b, d, tl, None)
                    };
                    mip_secs += tm.elapsed().as_secs_f64();
                    if r.solved {
                        stats.mip_solves += 1;
                    }
                    if r.improved {
                        best = Snapshot::of(&bs);
                        improved = true;
                        version += 1;
                    }
                }
            }
            if improved {
                stats.time_to_best = t0.elapsed().as_secs_f64();
            }
            // Every other epoch the portfolio restarts from the best plan.
            // Chasing a close bound, every worker walks the medium plateau (keeping its own plan
            // while it is at the best medium; soft is polished once the bound is reached) and
            // completes a move's re-staffing with ejection chains. Measured on S at 1 s (seeds
            // 1-40, then 41-80, runs at the bound): all 4 workers walking 40 and 39 (38 and 37
            // in a second sweep); 3 of them 32-36 and 35; 2 of them 27; none (before) 6
            // (BENCHMARKS.md §1).
            let chase = chasing(best.score);
            for w in workers.iter_mut() {
                w.plateau = chase;
                w.chain_depth = if chase { CHAIN_DEPTH } else { 0 };
            }
            if best.score.medium < medium_since.0 {
                medium_since = (best.score.medium, epoch);
            } else if chase && epoch - medium_since.1 >= STALL_EPOCHS {
                let k = restarts % WORKERS;
                restarts += 1;
                medium_since.1 = epoch;
                workers[k].restart_from(st.clone());
                solo_until[k] = epoch + STALL_EPOCHS;
            }
            if epoch.is_multiple_of(2) {
                for (k, w) in workers.iter_mut().enumerate() {
                    if solo_until[k] > epoch {
                        continue;
                    }
                    // A walker keeps its own plan (and best) while it is at the best medium.
                    if w.plateau && w.st.score().medium <= best.score.medium {
                        continue;
                    }
                    if w.st.score() > best.score {
                        w.st = best.restore(&st);
                    }
                    w.best = best.clone();
                }
            }
            if last_progress.elapsed().as_secs_f64() >= 0.25 {
                last_progress = Instant::now();
                report_progress(best.score, count_unassigned(&best), gap_of(best.score));
            }
            if proven(best.score) {
                break;
            }
        }
        for w in &workers {
            stats.iterations += w.counters.iterations;
            stats.moves_evaluated += w.counters.evaluated;
        }
    }
    let search_secs = search_start.elapsed().as_secs_f64();
    stats.moves_per_second = if search_secs > 0.0 {
        stats.moves_evaluated as f64 / search_secs
    } else {
        0.0
    };

    // Final pass: insert what a full scan can still place, fill staff, explain the rest.
    let mut fin = best.restore(&st);
    // Either engine's recorded score must be its plan's exact score.
    debug_assert_eq!(
        fin.score(),
        best.score,
        "recorded score differs from the rebuilt plan's"
    );
    let mut reasons: Vec<Option<Reason>> = vec![None; problem.meetings.len()];
    for (m, why) in &pin_reasons {
        reasons[m.index()] = Some(why.clone());
    }
    let finishing_ok = !cancel.is_cancelled();
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
    if fin.score() < best.score {
        stats.time_to_best = t0.elapsed().as_secs_f64();
    }
    for m in problem.meeting_ids() {
        if fin.place[m.index()].is_none() && reasons[m.index()].is_none() {
            reasons[m.index()] = Some(if finishing_ok {
                explain(&fin, m, scan_budget)
            } else {
                Reason::Cancelled
            });
        }
    }
    let unstaffed: Vec<Shortage> = problem
        .task_ids()
        .filter(|&t| fin.place[problem.task(t).meeting.index()].is_some() && fin.missing(t) > 0)
        .map(|t| explain_task(&fin, t))
        .collect();
    let mut assignment = fin.assignment();
    assignment.reasons = reasons;
    let report = safety_net(problem, &mut assignment, &pin_reasons);
    let mut plan = assignment.to_plan(problem);
    plan.score = Some(report.plan_score());
    stats.elapsed = t0.elapsed().as_secs_f64();
    stats.gap = gap_of(report.score);
    let status = if cancel.is_cancelled() {
        Status::Cancelled
    } else if report.score.hard == 0 && report.score.medium <= bound && report.score.soft == 0 {
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

/// A hash of a snapshot's decisions.
fn fingerprint(snap: &Snapshot) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    snap.place.hash(&mut h);
    snap.staff.hash(&mut h);
    snap.staff_end.hash(&mut h);
    h.finish()
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
