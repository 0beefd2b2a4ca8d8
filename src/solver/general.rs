//! The general engine's search: a [`Portfolio`] of annealing [`Worker`]s over the incremental
//! state, with exact MIP steps beside it (re-staff or re-room one building-day of the best
//! plan; while chasing a close bound, a shift repair or a re-timing around the trouble), the
//! bound's LP beside it too, the exchange of the best plan every other epoch, and stall
//! restarts.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use super::api::{CancelToken, SolveOptions, Stats};
use super::mip::{
    Bound, FIXED_RUN_NODES, Limit, StepResult, meeting_building_days, reroom_building_day,
    restaff_building_day, task_building_days,
};
use super::portfolio::{Epochs, Portfolio};
use super::retime::{retime_around, shift_repair_any};
use super::search::{Snapshot, Worker};
use super::side::{Beside, Pending, due, take_due};
use super::state::{Op, State};
use crate::model::BuildingId;
use crate::model::Problem;

/// Workers of the portfolio when the caller leaves the count to the solver: at least this
/// many, more on machines with more threads (`SolveOptions::workers`).
pub(crate) const MIN_WORKERS: usize = 4;
/// Iterations per worker between two exchanges, at least (one per meeting on large problems,
/// so that the O(n) exchanges stay a small share of the work; it depends only on the problem).
pub(crate) const EPOCH: u64 = 4000;
/// Largest share of the search's wall time the exact MIP steps may take under a time limit.
pub(crate) const MIP_SHARE: f64 = 0.5;
/// The same while chasing a close bound: the plateau walkers, not the repair steps, find most
/// of the last units (S at 1 s: 35 of 39 by a worker), and they need the time
/// (docs/solver.md, "Chasing a close bound").
pub(crate) const CHASE_MIP_SHARE: f64 = 0.25;
/// Chasing a close bound, epochs without the best medium falling after which one worker
/// (in turn) restarts from the construction, and epochs it then runs on its own before it
/// joins the exchanges again: the plateau walk can stay trapped where every worker is.
pub(crate) const STALL_EPOCHS: u64 = 20;
/// Hops of the staff ejection chains while chasing.
pub(crate) const CHAIN_DEPTH: u32 = 2;
/// Under a fixed iteration count, the epochs between an exact step's launch and the epoch at
/// which its answer is taken (the search waits for it then). Under a time limit the answer is
/// taken at the first epoch after the launch at which it is ready.
pub(crate) const EXACT_DUE: u64 = 4;
/// The same for the bound's LP, launched before the first epoch.
pub(crate) const BOUND_DUE: u64 = 8;
/// Without tasks only re-rooming is possible; it is rarely worth its time (with one thread it
/// blocks the workers), so it starts at most once in this many epochs.
const ROOMS_ONLY_EVERY: u64 = 4;

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
    /// Annealing workers of the portfolio.
    pub workers: usize,
}

impl Frame<'_> {
    fn out_of_time(&self) -> bool {
        self.cancel.is_cancelled() || self.t0.elapsed().as_secs_f64() >= self.search_limit
    }

    /// A fixed iteration count ends the search (the plan must not depend on the clock).
    pub fn fixed(&self) -> bool {
        self.options.max_iterations.is_some()
    }
}

/// An exact step, chosen on the search's thread and solved beside the workers.
#[derive(Clone, Copy, Debug)]
enum Step {
    Restaff(BuildingId, i32),
    Reroom(BuildingId, i32),
    Shift,
    Retime(usize),
}

/// What an exact step found.
struct Answer {
    /// The plan it started from with the step applied, when that is better.
    plan: Option<Snapshot>,
    /// The step's operations on that plan, to replay them on a later best plan.
    ops: Vec<Op>,
    solved: bool,
    secs: f64,
}

/// A step in flight, and the version of the best plan it started from (`None`: it started
/// from a worker's plan).
struct InFlight<'s> {
    from_version: Option<u64>,
    pending: Pending<'s, Answer>,
}

/// The exact steps' memory: the steps are exact on their building-day, so one run again on the
/// same best plan gives the same answer.
#[derive(Default)]
struct Exact {
    /// Changes of the best plan so far.
    version: u64,
    /// The version at which each (rooms?, building, day) step last started.
    tried: HashMap<(bool, BuildingId, i32), u64>,
    /// Per kind (staff, rooms): the version at which every building-day was tried, so that
    /// nothing is even listed for a step that has nothing left to do.
    exhausted: [Option<u64>; 2],
    /// Round-robin position over the building-days.
    cursor: usize,
    /// Building-day steps started (they alternate between staff and rooms), and the epoch the
    /// last step of any kind started.
    building_days: u64,
    last_epoch: Option<u64>,
    /// Steps started while chasing (they alternate between the repair and a building-day).
    chases: u64,
    /// Seconds the exact steps ran.
    secs: f64,
    /// Plans the shift repair has seen, and the rotation of the re-timing neighbourhoods.
    shifted: HashSet<u64>,
    repair_round: usize,
}

/// Runs the general engine from the constructed state `st`; returns the best plan found (or
/// `best` when nothing beat it) and adds its counts to `stats`. The exact steps run on threads
/// of `beside` (at once when it is `None`); `lp` is the bound's LP in flight, whose answer
/// `bound` learns when it is due.
#[allow(clippy::too_many_arguments)]
pub(crate) fn search<'s, 'p>(
    f: &Frame<'_>,
    st: &'s State<'p>,
    beside: Beside<'s, '_>,
    lp: &mut Option<Pending<'s, (i64, bool)>>,
    bound: &mut Bound,
    mut best: Snapshot,
    stats: &mut Stats,
    report: &dyn Fn(&Snapshot, Bound),
) -> Snapshot {
    let (options, problem, t0) = (f.options, f.problem, f.t0);
    let fixed = f.fixed();
    let search_start = Instant::now();
    let mut portfolio = Portfolio::new(
        f.threads,
        (0..f.workers)
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
    let mut lanes: Vec<InFlight<'s>> = Vec::new();
    let mut last_progress = Instant::now();
    let mut epoch = 0u64;
    let epoch_len = EPOCH.max(problem.meetings.len() as u64);
    // Stall restarts: the epoch the best medium last fell, restarts so far, and the epoch until
    // which each worker runs on its own.
    let mut medium_since = (best.score.medium, 0u64);
    let mut restarts = 0usize;
    let mut solo_until = vec![0u64; f.workers];
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
        if let Some(answer) = take_due(lp, epoch, fixed) {
            learn(bound, answer, stats);
        }
        // Answers due now, in launch order.
        let mut k = 0;
        while k < lanes.len() {
            if lanes[k].pending.due_at(epoch, fixed) {
                improved |= exact.land(st, &mut best, lanes.remove(k), stats);
            } else {
                k += 1;
            }
        }
        // With one thread the exact steps run at once and get at most `MIP_SHARE` of the
        // search's wall time (they block every worker), `CHASE_MIP_SHARE` while chasing a
        // close bound. Beside the workers, `exact_lanes` steps run at a time, each on a thread
        // that shares the cores with the workers' threads. With a fixed iteration count they
        // run whenever a lane is free, so that the plan does not depend on the machine's speed.
        let chasing = bound.chasing(best.score);
        let share = if chasing { CHASE_MIP_SHARE } else { MIP_SHARE };
        let within = |exact: &Exact| {
            fixed || beside.is_some() || exact.secs <= share * search_start.elapsed().as_secs_f64()
        };
        while lanes.len() < exact_lanes(f.workers, chasing)
            && options.use_mip
            && within(&exact)
            && !f.out_of_time()
        {
            match exact.launch(f, st, beside, &best, &portfolio.workers, *bound, epoch) {
                Some(step) => lanes.push(step),
                None => break,
            }
        }
        if improved {
            stats.time_to_best = t0.elapsed().as_secs_f64();
        }
        // Chasing a close bound, every worker walks the medium plateau (keeping its own plan
        // while it is at the best medium; soft is polished once the bound is reached) and
        // completes a move's re-staffing with ejection chains (docs/solver.md, "Chasing a close
        // bound").
        let chase = bound.chasing(best.score);
        for w in portfolio.workers.iter_mut() {
            w.plateau = chase;
            w.chain_depth = if chase { CHAIN_DEPTH } else { 0 };
        }
        if best.score.medium < medium_since.0 {
            medium_since = (best.score.medium, epoch);
        } else if chase && epoch - medium_since.1 >= STALL_EPOCHS {
            let k = restarts % f.workers;
            restarts += 1;
            medium_since.1 = epoch;
            portfolio.workers[k].restart_from(st.clone());
            solo_until[k] = epoch + STALL_EPOCHS;
        }
        // Every other epoch the portfolio restarts from the best plan; the workers change their
        // states to it side by side.
        if epoch.is_multiple_of(2) {
            let (best, solo) = (&best, &solo_until);
            portfolio.each(|k, w| {
                // A walker on its own, or keeping its own plan at the best medium, stays.
                if solo[k] > epoch || (w.plateau && w.st.score().medium <= best.score.medium) {
                    return;
                }
                if w.st.score() > best.score {
                    best.restore_into(&mut w.st);
                }
                w.best = best.clone();
            });
        }
        if last_progress.elapsed().as_secs_f64() >= 0.25 {
            last_progress = Instant::now();
            report(&best, *bound);
        }
        if bound.proven(best.score) {
            break;
        }
    }
    // The steps in flight end by the search's end (their limit) and are taken like any other.
    for step in lanes {
        if exact.land(st, &mut best, step, stats) {
            stats.time_to_best = t0.elapsed().as_secs_f64();
        }
    }
    let (iterations, evaluated) = portfolio.counts();
    stats.iterations += iterations;
    stats.moves_evaluated += evaluated;
    stats.exact_seconds += exact.secs;
    best
}

/// Exact steps in flight at a time: one per four workers (one while chasing a close bound: the
/// walkers find most of the last units). It depends on the worker count only, never on the
/// threads, so that fixed-iteration plans do not either. Beside the workers each step holds a
/// thread of its own: on M with two threads one lane, always busy, runs about 9 s of steps in a
/// 10 s solve; two lanes ran twice that and left the plans worse (mean medium of seeds 1–5:
/// 15 720 against 15 400), the walkers' share falling to a third.
fn exact_lanes(workers: usize, chasing: bool) -> usize {
    if chasing { 1 } else { (workers / 4).max(1) }
}

/// The bound learns the LP's answer; a finished LP counts as an exact solve.
pub(crate) fn learn(bound: &mut Bound, answer: (i64, bool), stats: &mut Stats) {
    if answer.1 {
        stats.mip_solves += 1;
    }
    bound.learn(answer);
}

/// Solves `step` on the plan `from`, recording its operations.
fn run_step(st: &State<'_>, from: &Snapshot, step: Step, limit: Limit, seed: u64) -> Answer {
    let tm = Instant::now();
    let mut bs = from.restore(st);
    let outer = bs.begin();
    let r: StepResult = match step {
        Step::Restaff(b, d) => restaff_building_day(&mut bs, b, d, limit, None),
        Step::Reroom(b, d) => reroom_building_day(&mut bs, b, d, limit),
        Step::Shift => shift_repair_any(&mut bs, limit),
        Step::Retime(round) => retime_around(&mut bs, round, limit, seed),
    };
    let ops = bs.ops_since(outer);
    bs.commit();
    let plan = (r.improved && bs.score() < from.score).then(|| Snapshot::of(&bs));
    Answer {
        plan,
        ops,
        solved: r.solved,
        secs: tm.elapsed().as_secs_f64(),
    }
}

/// Re-applies a step's operations to `st`, each checked as the search checks a move (a
/// meeting placed where nothing blocks it, a person added who is free and qualified, a
/// removal of what is there). False, with `st` part-way, when one no longer fits.
fn replay_checked(st: &mut State<'_>, ops: &[Op]) -> bool {
    for &op in ops {
        let ok = match op {
            Op::Placed(m, pl) => st.place[m.index()].is_none() && st.place_blocker(m, pl).is_none(),
            Op::Unplaced(m, pl) => st.place[m.index()] == Some(pl),
            Op::Added(t, s) => st.staff_ok(t, s),
            Op::Removed(t, s) => st.staffing[t.index()].contains(&s),
        };
        if !ok {
            return false;
        }
        match op {
            Op::Placed(m, pl) => st.place(m, pl),
            Op::Unplaced(m, _) => st.unplace(m),
            Op::Added(t, s) => st.add_staff(t, s),
            Op::Removed(t, s) => st.remove_staff(t, s),
        }
    }
    true
}

impl Exact {
    /// A step's limit: `secs`, never past the search's end; under a fixed iteration count a node
    /// limit and the search's end instead (`mip::Limit`).
    fn step_limit(f: &Frame<'_>, secs: f64) -> Limit {
        let left = (f.search_limit - f.t0.elapsed().as_secs_f64()).max(0.01);
        if f.fixed() {
            Limit {
                secs: left,
                nodes: Some(FIXED_RUN_NODES),
            }
        } else {
            Limit::secs(secs.min(left))
        }
    }

    /// Chooses the next step on the best plan of `epoch` and starts it. Chasing a close bound,
    /// the medium repair and the building-day steps take turns; otherwise the building-day
    /// steps run alone. `None` when there is nothing left to try on this best plan.
    #[allow(clippy::too_many_arguments)]
    fn launch<'s>(
        &mut self,
        f: &Frame<'_>,
        st: &'s State<'_>,
        beside: Beside<'s, '_>,
        best: &Snapshot,
        workers: &[Worker<'_>],
        bound: Bound,
        epoch: u64,
    ) -> Option<InFlight<'s>> {
        let chasing = bound.chasing(best.score);
        let repair_turn = chasing && self.chases.is_multiple_of(2);
        let day_step = if repair_turn {
            None
        } else {
            self.building_day(f.problem, best, epoch)
        };
        let (step, from, from_version, secs) = match day_step {
            Some(step) => (
                step,
                best.clone(),
                Some(self.version),
                (f.limit * 0.02).clamp(0.05, 1.0),
            ),
            None if chasing => {
                let (step, from, from_version) = self.repair(best, workers);
                (step, from, from_version, (f.limit * 0.1).clamp(0.05, 2.0))
            }
            None => return None,
        };
        if chasing {
            self.chases += 1;
        }
        self.last_epoch = Some(epoch);
        let limit = Self::step_limit(f, secs);
        let seed = f.options.seed;
        let pending = Pending::launch(beside, due(epoch, EXACT_DUE, f.fixed()), move || {
            run_step(st, &from, step, limit, seed)
        });
        Some(InFlight {
            from_version,
            pending,
        })
    }

    /// The medium repair's plan: one of the best level the shift repair has not seen (the best
    /// plan or a worker's best: they differ in placements and staff, and the shift repair works
    /// from some and not from others), else a re-timing MIP around the best plan's trouble.
    fn repair(&mut self, best: &Snapshot, workers: &[Worker<'_>]) -> (Step, Snapshot, Option<u64>) {
        let untried = std::iter::once((best, true))
            .chain(workers.iter().map(|w| (&w.best, false)))
            .filter(|(snap, _)| snap.score.medium == best.score.medium)
            .map(|(snap, is_best)| (fingerprint(snap), snap, is_best))
            .find(|(fp, _, _)| !self.shifted.contains(fp));
        match untried {
            Some((fp, snap, is_best)) => {
                self.shifted.insert(fp);
                (Step::Shift, snap.clone(), is_best.then_some(self.version))
            }
            None => {
                self.repair_round += 1;
                (Step::Retime(self.repair_round), best.clone(), Some(self.version))
            }
        }
    }

    /// The next building-day step on the best plan, alternating between re-staffing its tasks
    /// and re-rooming its meetings: the next building-day (round robin) not yet tried on this
    /// best plan. Without tasks only rooms can be re-solved, at most once in
    /// `ROOMS_ONLY_EVERY` epochs.
    fn building_day(&mut self, problem: &Problem, best: &Snapshot, epoch: u64) -> Option<Step> {
        let no_tasks = problem.tasks.is_empty();
        if no_tasks && self.last_epoch.is_some_and(|e| epoch < e + ROOMS_ONLY_EVERY) {
            return None;
        }
        let first_rooms = no_tasks || self.building_days % 2 == 1;
        let kinds: &[bool] = if no_tasks {
            &[true]
        } else if first_rooms {
            &[true, false]
        } else {
            &[false, true]
        };
        for &rooms in kinds {
            let kind = usize::from(rooms);
            if self.exhausted[kind] == Some(self.version) {
                continue;
            }
            let bds = if rooms {
                meeting_building_days(problem, &best.place)
            } else {
                task_building_days(problem, &best.place)
            };
            let next = (0..bds.len())
                .map(|i| (i, bds[(self.cursor + i) % bds.len()]))
                .find(|&(_, (b, d))| self.tried.get(&(rooms, b, d)) != Some(&self.version));
            let Some((i, (b, d))) = next else {
                self.exhausted[kind] = Some(self.version);
                continue;
            };
            self.cursor += i + 1;
            self.tried.insert((rooms, b, d), self.version);
            self.building_days += 1;
            return Some(if rooms {
                Step::Reroom(b, d)
            } else {
                Step::Restaff(b, d)
            });
        }
        None
    }

    /// Takes a step's answer: kept when the best plan has not changed since the step started;
    /// else its operations are replayed on today's best plan, kept when they still fit and
    /// improve it; else the step's whole plan is kept when it beats today's best. True when the
    /// best plan improved.
    fn land(&mut self, st: &State<'_>, best: &mut Snapshot, step: InFlight<'_>, stats: &mut Stats) -> bool {
        let from_version = step.from_version;
        let answer = step.pending.take();
        self.secs += answer.secs;
        if answer.solved {
            stats.mip_solves += 1;
        }
        let Some(plan) = answer.plan else {
            return false;
        };
        let improved = if from_version == Some(self.version) {
            *best = plan;
            true
        } else {
            let mut bs = best.restore(st);
            if replay_checked(&mut bs, &answer.ops) && bs.score() < best.score {
                *best = Snapshot::of(&bs);
                true
            } else if plan.score < best.score {
                *best = plan;
                true
            } else {
                false
            }
        };
        if improved {
            self.version += 1;
        }
        improved
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Scale, generate};
    use crate::io::load_problem_str;
    use crate::solver::construct::{construct, fill_task};
    use crate::solver::mip::building_day_tasks;
    use crate::solver::pre::Pre;

    /// The plan `st` as the independent scorer sees it equals its recorded score, validly.
    fn exact(st: &State<'_>, snap: &Snapshot) {
        let report = crate::score::evaluate(st.p, &snap.restore(st).assignment());
        assert_eq!(report.score.hard, 0, "{:?}", report.violations.first());
        assert_eq!(report.score, snap.score);
    }

    /// A re-staffing step started on an old best plan is replayed onto the best plan the
    /// workers moved on to when it still fits (both improvements kept), and its own plan is
    /// taken, or nothing, when it does not.
    #[test]
    fn a_late_step_is_replayed_on_the_new_best_plan_or_weighed_whole() {
        let p = load_problem_str(&generate(Scale::M, 3).to_string()).expect("generated problems load");
        let pre = Pre::new(&p);
        let mut st = State::new(&p, &pre);
        construct(&mut st, &|| false);
        for t in p.task_ids() {
            while let Some(&s) = st.staffing[t.index()].last() {
                st.remove_staff(t, s);
            }
        }
        let from = Snapshot::of(&st);
        let days = task_building_days(&p, &from.place);
        assert!(days.len() >= 2, "M has tasks on several building-days");
        let ((b1, d1), (b2, d2)) = (days[0], days[1]);
        let answer = || run_step(&st, &from, Step::Restaff(b1, d1), Limit::secs(5.0), 1);
        let step = |a: Answer| InFlight {
            from_version: Some(0),
            pending: Pending::launch(None, 0, move || a),
        };
        let mut stats = Stats::default();

        // The best plan has not moved: the step's plan is taken as it is.
        let mut best = from.clone();
        let mut ex = Exact::default();
        let a = answer();
        let plan = a
            .plan
            .clone()
            .expect("staffing an unstaffed day improves the plan");
        assert!(ex.land(&st, &mut best, step(a), &mut stats));
        assert_eq!(best, plan);
        assert_eq!(ex.version, 1);

        // The workers staffed another building-day meanwhile: the step's operations still fit
        // and both improvements are kept.
        let mut moved = from.restore(&st);
        for t in building_day_tasks(&moved, b2, d2) {
            fill_task(&mut moved, t, 4);
        }
        let mut best = Snapshot::of(&moved);
        let theirs = best.score;
        let mut ex = Exact {
            version: 1,
            ..Exact::default()
        };
        assert!(ex.land(&st, &mut best, step(answer()), &mut stats));
        assert!(best.score < theirs && best.score < plan.score);
        exact(&st, &best);

        // The workers staffed the same building-day: whatever is kept (the replay where it
        // fits, else the step's whole plan if it beats theirs) is exact and no worse.
        let mut clash = from.restore(&st);
        for t in building_day_tasks(&clash, b1, d1) {
            fill_task(&mut clash, t, 4);
        }
        let mut best = Snapshot::of(&clash);
        let theirs = best.clone();
        let mut ex = Exact {
            version: 1,
            ..Exact::default()
        };
        let kept = ex.land(&st, &mut best, step(answer()), &mut stats);
        assert_eq!(kept, best.score < theirs.score);
        if !kept {
            assert_eq!(best, theirs);
        }
        exact(&st, &best);
    }
}
