//! Public solver API: options, cancellation, progress, outcome.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::model::Problem;
use crate::plan::{Assignment, Plan, Shortage};
use crate::score::{Report, Score};

/// Solver options: one plain struct with documented defaults and chainable setters.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit. Default 10 s.
    pub time_limit: Duration,
    /// Seed of every random choice. Default 0.
    pub seed: u64,
    /// Threads; 0 = all cores. The plan does not depend on it. Default 0.
    pub threads: usize,
    /// Annealing workers of the search's portfolio; 0 = chosen from the machine (its available
    /// threads, at least 4 in the general engine and 2 in the slot engine). The plan depends on
    /// the seed and the worker count, never on `threads`: runs with a fixed `max_iterations`
    /// and the same seed and worker count give the same plan on any machine. Default 0.
    pub workers: usize,
    /// Stop after this many local-search iterations per worker (for reproducible runs that do
    /// not depend on the clock). Default: none.
    pub max_iterations: Option<u64>,
    /// Use exact MIP neighbourhoods and bounds (good_lp). Default true.
    pub use_mip: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            seed: 0,
            threads: 0,
            workers: 0,
            max_iterations: None,
            use_mip: true,
        }
    }
}

impl SolveOptions {
    /// Sets the time limit in seconds (negative or NaN → 0).
    pub fn time_limit_secs(mut self, secs: f64) -> Self {
        self.time_limit = Duration::from_secs_f64(if secs.is_finite() && secs > 0.0 { secs } else { 0.0 });
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Sets the thread count (0 = all cores).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }
    /// Sets the worker count (0 = chosen from the machine).
    pub fn workers(mut self, workers: usize) -> Self {
        self.workers = workers;
        self
    }
    /// Caps local-search iterations per worker.
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.max_iterations = Some(n);
        self
    }
    /// Turns the exact MIP steps on or off.
    pub fn use_mip(mut self, on: bool) -> Self {
        self.use_mip = on;
        self
    }
}

/// A cancel flag shared between the caller and the solver; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, un-cancelled token.
    pub fn new() -> Self {
        Self::default()
    }
    /// Asks the solver to stop; it returns the best plan so far.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// How the solve ended. An infeasible meeting is not an error: it is unassigned with a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// The plan's score equals the proven lower bound.
    Optimal,
    /// A valid plan; not proven optimal. The time or iteration limit ended the search.
    Feasible,
    /// Cancelled by the caller; the best plan so far.
    Cancelled,
}

impl Status {
    /// `optimal`, `feasible` or `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Cancelled => "cancelled",
        }
    }
}

/// Honest statistics of a solve.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Local-search iterations (all workers).
    pub iterations: u64,
    /// Moves whose score delta was evaluated (all workers).
    pub moves_evaluated: u64,
    /// Moves evaluated per second of search.
    pub moves_per_second: f64,
    /// Seconds until the first valid plan (the construction).
    pub time_to_first_valid: f64,
    /// Seconds until the best plan was found.
    pub time_to_best: f64,
    /// Total seconds.
    pub elapsed: f64,
    /// Exact sub-problems (the bound's LP and the MIP steps) that returned a solution; a step
    /// with nothing to solve or no solution within its limit is not counted.
    pub mip_solves: u64,
    /// Score of the constructed plan.
    pub initial_score: Score,
    /// Lower bound on `medium` (from an LP relaxation where valid), if computed.
    pub medium_bound: Option<i64>,
    /// Lower bound on `soft` for the terms it covers, if computed.
    pub soft_bound: Option<i64>,
    /// `(medium − bound) / max(medium, 1)` when a medium bound is known.
    pub gap: Option<f64>,
    /// What the bounds cover, in a sentence.
    pub bound_note: String,
    /// Threads used.
    pub threads: usize,
    /// Annealing workers of the portfolio (0 when no search ran).
    pub workers: usize,
    /// Seconds the exact MIP steps ran (beside the workers when `threads` > 1), the bound's LP
    /// not included.
    pub exact_seconds: f64,
    /// The search engine that ran.
    pub engine: Engine,
}

/// The search engine a solve ran; both run the same portfolio of seeded workers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Engine {
    /// No search: nothing to place, no time, or the constructed plan is proven optimal.
    #[default]
    Construction,
    /// Local search over the incremental state, with exact MIP steps.
    General,
    /// Staff-free problems of one slot length (e.g. ITC-2007 timetabling): exact deltas over
    /// dense arrays.
    Slots,
}

impl Engine {
    /// `construction`, `general` or `slots`.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Construction => "construction",
            Engine::General => "general",
            Engine::Slots => "slots",
        }
    }
}

/// What a progress callback sees.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Seconds since the start.
    pub elapsed: f64,
    /// Fraction of the time limit used (0–1).
    pub fraction: f64,
    /// Best score so far.
    pub best: Score,
    /// Unassigned meetings in the best plan.
    pub unassigned: usize,
    /// Current gap, if a bound is known.
    pub gap: Option<f64>,
}

/// The result of a solve.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The plan, carrying its score (equal to the independent scorer's).
    pub plan: Plan,
    /// The plan in dense form.
    pub assignment: Assignment,
    /// The independent scorer's report on the plan.
    pub report: Report,
    /// How the solve ended.
    pub status: Status,
    /// Statistics.
    pub stats: Stats,
    /// Tasks of placed meetings that still miss people, with what blocks them (no one with the
    /// skill, no one cleared, no one available, everyone busy); [`Shortage::sentence`] says it.
    pub unstaffed: Vec<Shortage>,
}

/// The solver. `Send + Sync`; one solver may serve many problems.
#[derive(Clone, Debug, Default)]
pub struct Solver {
    /// Its options.
    pub options: SolveOptions,
}

impl Solver {
    /// A solver with these options.
    pub fn new(options: SolveOptions) -> Self {
        Self { options }
    }

    /// Solves within the options' limits.
    pub fn solve(&self, problem: &Problem) -> Outcome {
        self.solve_with(problem, &CancelToken::new(), &|_| {})
    }

    /// Solves, reporting progress (at most a few times a second) and honouring `cancel`.
    pub fn solve_with(
        &self,
        problem: &Problem,
        cancel: &CancelToken,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Outcome {
        super::driver::solve(&self.options, problem, cancel, progress)
    }
}
