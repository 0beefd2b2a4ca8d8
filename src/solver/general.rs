//! The general engine's search: a [`Portfolio`] of annealing [`Worker`]s over the incremental
//! state, with exact MIP steps between epochs (re-staff or re-room one building-day of the best
//! plan; while chasing a close bound, a shift repair or a re-timing around the trouble), the
//! exchange of the best plan every other epoch, and stall restarts.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use super::api::{CancelToken, SolveOptions, Stats};
use super::mip::{
    FIXED_RUN_NODES, Limit, building_days, meeting_building_days, reroom_building_day, restaff_building_day,
};
use super::portfolio::{Epochs, Portfolio};
use super::retime::{retime_around, shift_repair_any};
use super::search::{Snapshot, Worker};
use super::state::State;
use crate::model::{BuildingId, Problem};
use crate::score::Score;

/// Workers of the portfolio: fixed, so the answer does not depend on the thread count.
pub(crate) const WORKERS: usize = 4;
/// Iterations per worker between two exchanges, at least (one per meeting on large problems,
/// so that the O(n) exchanges stay a small share of the work; it depends only on the problem).
pub(crate) const EPOCH: u64 = 4000;
/// Largest share of the search's wall time the exact MIP steps may take under a time limit.
pub(crate) const MIP_SHARE: f64 = 0.5;
/// The same while chasing a close bound: the plateau walkers, not the repair steps, find most
/// of the last units (S at 1 s: 35 of 39 by a worker), and they need the time
/// (docs/solver.md, "Chasing a close bound").
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

/// What the search needs from the solve around it.
pub(crate) struct Frame<'a> {
    pub options: &'a SolveOptions,
    pub problem: &'a Problem,
    pub cancel: &'a CancelToken,
    /// When the solve started.
    pub t0: Instant,
    /// The solve's time limit, seconds.
    pub limit: f64,
    /// Seconds from `t0` at which the search must end.
    pub search_limit: f64,
    pub threads: usize,
    /// The medium lower bound, and whether an LP proved it.
    pub bound: i64,
    pub lp_used: bool,
}

impl Frame<'_> {
    fn out_of_time(&self) -> bool {
        self.cancel.is_cancelled() || self.t0.elapsed().as_secs_f64() >= self.search_limit
    }

    /// The best plan is within `CHASE_GAP` of a bound an LP proved.
    pub fn chasing(&self, s: Score) -> bool {
        self.lp_used && s.medium > self.bound && (s.medium - self.bound) as f64 <= CHASE_GAP * s.medium as f64
    }

    /// The best plan is at the bound with no soft cost: nothing left to find.
    pub fn proven(&self, s: Score) -> bool {
        s.medium <= self.bound && s.soft == 0
    }
}

/// The exact steps' memory: the steps are exact on their building-day, so one run again on the
/// same best plan gives the same answer.
#[derive(Default)]
struct Exact {
    /// Changes of the best plan so far.
    version: u64,
    /// The version at which each (rooms?, building, day) step last ran.
    tried: HashMap<(bool, BuildingId, i32), u64>,
    /// Per kind (staff, rooms): the version at which every building-day was tried, so that the
    /// best plan is not even restored for a step that has nothing left to do.
    exhausted: [Option<u64>; 2],
    /// Round-robin position over the building-days.
    cursor: usize,
    /// Wall seconds spent in exact steps.
    secs: f64,
    /// Plans the shift repair has seen, and the rotation of the re-timing neighbourhoods.
    shifted: HashSet<u64>,
    repair_round: usize,
}

/// Runs the general engine from the constructed state `st`; returns the best plan found (or
/// `best` when nothing beat it) and adds its counts to `stats`.
pub(crate) fn search<'p>(
    f: &Frame<'_>,
    st: &State<'p>,
    mut best: Snapshot,
    stats: &mut Stats,
    report: &dyn Fn(&Snapshot),
) -> Snapshot {
    let (options, problem, t0) = (f.options, f.problem, f.t0);
    let search_start = Instant::now();
    let mut portfolio = Portfolio::new(
        f.threads,
        (0..WORKERS)
            .map(|i| Worker::new(st.clone(), options.seed, i as u64 + 1))
            .collect(),
    );
    let mut epochs = Epochs {
        start: t0,
        seconds: f.search_limit,
        max_iterations: options.max_iterations,
        done: 0,
    };
    let mut exact = Exact::default();
    let mut last_progress = Instant::now();
    let mut epoch = 0u64;
    let epoch_len = EPOCH.max(problem.meetings.len() as u64);
    // Stall restarts: the epoch the best medium last fell, restarts so far, and the epoch until
    // which each worker runs on its own.
    let mut medium_since = (best.score.medium, 0u64);
    let mut restarts = 0usize;
    let mut solo_until = [0u64; WORKERS];
    loop {
        let iters = epochs.next(epoch_len);
        if iters == 0 || f.out_of_time() {
            break;
        }
        let stop = || f.out_of_time();
        portfolio.run(iters, &epochs.frac(), &stop);
        epochs.done += iters;
        epoch += 1;
        let mut improved = false;
        let leader = &portfolio.workers[portfolio.leader()].best;
        if leader.score < best.score {
            best = leader.clone();
            improved = true;
            exact.version += 1;
        }
        // Under a time limit the exact steps get at most `MIP_SHARE` of the search's wall time
        // (they block every worker), `CHASE_MIP_SHARE` while chasing a close bound; with a
        // fixed iteration count they run whenever due, so that the plan does not depend on the
        // machine's speed.
        let share = if f.chasing(best.score) {
            CHASE_MIP_SHARE
        } else {
            MIP_SHARE
        };
        let within = |exact: &Exact| {
            options.max_iterations.is_some() || exact.secs <= share * search_start.elapsed().as_secs_f64()
        };
        if within(&exact) {
            improved |= exact.chase_step(f, st, &mut best, &portfolio.workers, stats);
        }
        if within(&exact) {
            improved |= exact.building_day_step(f, st, &mut best, epoch, stats);
        }
        if improved {
            stats.time_to_best = t0.elapsed().as_secs_f64();
        }
        // Chasing a close bound, every worker walks the medium plateau (keeping its own plan
        // while it is at the best medium; soft is polished once the bound is reached) and
        // completes a move's re-staffing with ejection chains (docs/solver.md, "Chasing a close
        // bound").
        let chase = f.chasing(best.score);
        for w in portfolio.workers.iter_mut() {
            w.plateau = chase;
            w.chain_depth = if chase { CHAIN_DEPTH } else { 0 };
        }
        if best.score.medium < medium_since.0 {
            medium_since = (best.score.medium, epoch);
        } else if chase && epoch - medium_since.1 >= STALL_EPOCHS {
            let k = restarts % WORKERS;
            restarts += 1;
            medium_since.1 = epoch;
            portfolio.workers[k].restart_from(st.clone());
            solo_until[k] = epoch + STALL_EPOCHS;
        }
        // Every other epoch the portfolio restarts from the best plan.
        if epoch.is_multiple_of(2) {
            for (k, w) in portfolio.workers.iter_mut().enumerate() {
                if solo_until[k] > epoch {
                    continue;
                }
                // A walker keeps its own plan (and best) while it is at the best medium.
                if w.plateau && w.st.score().medium <= best.score.medium {
                    continue;
                }
                if w.st.score() > best.score {
                    w.st = best.restore(st);
                }
                w.best = best.clone();
            }
        }
        if last_progress.elapsed().as_secs_f64() >= 0.25 {
            last_progress = Instant::now();
            report(&best);
        }
        if f.proven(best.score) {
            break;
        }
    }
    let (iterations, evaluated) = portfolio.counts();
    stats.iterations += iterations;
    stats.moves_evaluated += evaluated;
    best
}

impl Exact {
    /// A step's limit: `secs`, never past the search's end; under a fixed iteration count a node
    /// limit and the search's end instead (`mip::Limit`).
    fn step_limit(f: &Frame<'_>, secs: f64) -> Limit {
        let left = (f.search_limit - f.t0.elapsed().as_secs_f64()).max(0.01);
        match f.options.max_iterations {
            Some(_) => Limit {
                secs: left,
                nodes: Some(FIXED_RUN_NODES),
            },
            None => Limit::secs(secs.min(left)),
        }
    }

    /// Chasing a close bound: the medium repair first, on a plan of the best level the repair
    /// has not seen (the best plan or a worker's best: they differ in placements and staff, and
    /// the shift repair works from some and not from others), else a re-timing MIP around the
    /// best plan's trouble. True when it improved the best plan.
    fn chase_step(
        &mut self,
        f: &Frame<'_>,
        st: &State<'_>,
        best: &mut Snapshot,
        workers: &[Worker<'_>],
        stats: &mut Stats,
    ) -> bool {
        if !(f.options.use_mip && f.chasing(best.score)) || f.out_of_time() {
            return false;
        }
        let tm = Instant::now();
        let tl = Self::step_limit(f, (f.limit * 0.1).clamp(0.05, 2.0));
        let untried = std::iter::once(&*best)
            .chain(workers.iter().map(|w| &w.best))
            .filter(|snap| snap.score.medium == best.score.medium)
            .map(|snap| (fingerprint(snap), snap))
            .find(|(fp, _)| !self.shifted.contains(fp));
        let mut bs;
        let r = match untried {
            Some((fp, snap)) => {
                self.shifted.insert(fp);
                bs = snap.restore(st);
                shift_repair_any(&mut bs, tl)
            }
            None => {
                bs = best.restore(st);
                self.repair_round += 1;
                retime_around(&mut bs, self.repair_round, tl, f.options.seed)
            }
        };
        let mut improved = false;
        if r.improved && bs.score() < best.score {
            *best = Snapshot::of(&bs);
            improved = true;
            self.version += 1;
        }
        if r.solved {
            stats.mip_solves += 1;
        }
        self.secs += tm.elapsed().as_secs_f64();
        improved
    }

    /// An exact step on one building-day of the best plan, alternating between re-staffing its
    /// tasks and re-rooming its meetings. Without tasks only rooms can be re-solved; that step
    /// is rarely worth the annealing time it blocks, so it runs every fourth epoch. True when
    /// it improved the best plan.
    fn building_day_step(
        &mut self,
        f: &Frame<'_>,
        st: &State<'_>,
        best: &mut Snapshot,
        epoch: u64,
        stats: &mut Stats,
    ) -> bool {
        let problem = f.problem;
        let mip_turn = !problem.tasks.is_empty() || epoch.is_multiple_of(4);
        let rooms_turn = epoch % 2 == 1 || problem.tasks.is_empty();
        let kind = usize::from(rooms_turn);
        if !f.options.use_mip || !mip_turn || self.exhausted[kind] == Some(self.version) || f.out_of_time() {
            return false;
        }
        let mut bs = best.restore(st);
        let bds = if rooms_turn {
            meeting_building_days(&bs)
        } else {
            building_days(&bs)
        };
        // The next building-day (round robin) not yet tried on this best plan.
        let next = (0..bds.len())
            .map(|i| (i, bds[(self.cursor + i) % bds.len()]))
            .find(|&(_, (b, d))| self.tried.get(&(rooms_turn, b, d)) != Some(&self.version));
        let Some((i, (b, d))) = next else {
            self.exhausted[kind] = Some(self.version);
            return false;
        };
        self.cursor += i + 1;
        self.tried.insert((rooms_turn, b, d), self.version);
        let tl = Self::step_limit(f, (f.limit * 0.02).clamp(0.05, 1.0));
        let tm = Instant::now();
        let r = if rooms_turn {
            reroom_building_day(&mut bs, b, d, tl)
        } else {
            restaff_building_day(&mut bs, b, d, tl, None)
        };
        self.secs += tm.elapsed().as_secs_f64();
        if r.solved {
            stats.mip_solves += 1;
        }
        if r.improved {
            *best = Snapshot::of(&bs);
            self.version += 1;
        }
        r.improved
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
