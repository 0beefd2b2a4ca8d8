//! The portfolio both engines run: seeded workers on a local rayon pool, epochs of a fixed
//! number of iterations, and a fixed-order merge (lowest score, ties to the lowest worker), so
//! that the plan never depends on the thread count. The solver's only use of rayon (the exact
//! steps beside the workers run on a scoped thread of their own: `side.rs`).

use std::time::Instant;

use rayon::prelude::*;

use crate::score::Score;

/// One annealing worker: the general engine's [`Worker`](super::search::Worker) or the slot
/// engine's [`GridWorker`](super::grid::GridWorker).
pub(crate) trait Walker: Send {
    /// Runs up to `iters` iterations; `frac(i)` is the share of the whole search done at its
    /// `i`-th iteration (it sets the temperature); `stop` ends the epoch early.
    fn walk(&mut self, iters: u64, frac: &(dyn Fn(u64) -> f64 + Sync), stop: &(dyn Fn() -> bool + Sync));
    /// The best score this worker has found.
    fn best_score(&self) -> Score;
    /// `(iterations, moves evaluated)` so far.
    fn counts(&self) -> (u64, u64);
}

/// Seeded workers and the pool they run on.
pub(crate) struct Portfolio<W> {
    pool: Option<rayon::ThreadPool>,
    /// The workers, in their fixed order.
    pub workers: Vec<W>,
}

impl<W: Walker> Portfolio<W> {
    /// `workers` on a pool of `threads` threads (sequential when no pool can be built).
    pub fn new(threads: usize, workers: Vec<W>) -> Self {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .ok();
        Self { pool, workers }
    }

    /// One epoch: every worker walks `iters` iterations, side by side.
    pub fn run(&mut self, iters: u64, frac: &(dyn Fn(u64) -> f64 + Sync), stop: &(dyn Fn() -> bool + Sync)) {
        self.each(|_, w| w.walk(iters, frac, stop));
    }

    /// Runs `job` on every worker (with its index), side by side.
    pub fn each(&mut self, job: impl Fn(usize, &mut W) + Sync) {
        match &self.pool {
            Some(pool) => pool.install(|| {
                self.workers
                    .par_iter_mut()
                    .enumerate()
                    .for_each(|(k, w)| job(k, w))
            }),
            None => self.workers.iter_mut().enumerate().for_each(|(k, w)| job(k, w)),
        }
    }

    /// The worker with the best plan: lowest score, ties to the lowest index.
    pub fn leader(&self) -> usize {
        self.workers
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.best_score().cmp(&b.1.best_score()).then(a.0.cmp(&b.0)))
            .map_or(0, |(i, _)| i)
    }

    /// `(iterations, moves evaluated)` of all workers.
    pub fn counts(&self) -> (u64, u64) {
        self.workers
            .iter()
            .map(|w| w.counts())
            .fold((0, 0), |(i, e), (wi, we)| (i + wi, e + we))
    }
}

/// The search's budget in epochs: a wall-clock limit, or a fixed iteration count per worker
/// (then the plan does not depend on the machine's speed).
pub(crate) struct Epochs {
    /// When the search's clock started.
    pub start: Instant,
    /// Seconds the search may run from `start`.
    pub seconds: f64,
    /// Iterations per worker, when fixed.
    pub max_iterations: Option<u64>,
    /// Iterations per worker so far.
    pub done: u64,
}

impl Epochs {
    /// Iterations of the next epoch of at most `len` (0 when the iteration budget is spent).
    pub fn next(&self, len: u64) -> u64 {
        match self.max_iterations {
            Some(mx) => len.min(mx.saturating_sub(self.done)),
            None => len,
        }
    }

    /// The share of the search done at the `i`-th iteration of the epoch that starts now: of
    /// the iterations when they are fixed, else of the wall time.
    pub fn frac(&self) -> impl Fn(u64) -> f64 + Sync + use<> {
        let (base, max, start, seconds) = (self.done, self.max_iterations, self.start, self.seconds);
        move |i: u64| match max {
            Some(mx) => (base + i) as f64 / mx.max(1) as f64,
            None => start.elapsed().as_secs_f64() / seconds.max(1e-9),
        }
    }

    /// True when the wall-clock budget is spent.
    pub fn out_of_time(&self) -> bool {
        self.start.elapsed().as_secs_f64() >= self.seconds
    }
}
