//! Hooks for the criterion benches (`benches/solver.rs`): the search's own move evaluation
//! on a plan the search has already improved, without the construction, the final pass or
//! the scoring around a whole solve. Not part of the API.

use super::construct::construct;
use super::pre::Pre;
use super::search::Worker;
use super::state::State;
use crate::model::Problem;

/// Moves known to be feasible on a [`MoveBench`]'s plan (kept as the random states that draw
/// them).
pub struct FeasibleMoves(Vec<super::rng::Rng>);

/// A worker of the general engine on a constructed and annealed plan.
pub struct MoveBench<'p> {
    worker: Worker<'p>,
}

/// Builds the plan of `problem` (construction, then `iterations` of annealing with `seed`)
/// and hands a [`MoveBench`] on it to `f`.
pub fn with_annealed<R>(
    problem: &Problem,
    seed: u64,
    iterations: u64,
    f: impl FnOnce(&mut MoveBench<'_>) -> R,
) -> R {
    let pre = Pre::new(problem);
    let mut st = State::new(problem, &pre);
    construct(&mut st, &|| false);
    let mut worker = Worker::new(st, seed, 1);
    worker.run(iterations, &|i| i as f64 / iterations.max(1) as f64, &|| false);
    f(&mut MoveBench { worker })
}

impl MoveBench<'_> {
    /// Draws random moves as the search does (its move mix, infeasible draws included) until
    /// `n` have been evaluated, each to its exact score change, and accepts none of them.
    /// Returns the number of draws.
    pub fn evaluate(&mut self, n: u64) -> u64 {
        self.worker.evaluate_only(n)
    }

    /// `n` feasible moves of the search's mix on the plan, to evaluate again and again.
    pub fn feasible_moves(&mut self, n: usize) -> FeasibleMoves {
        FeasibleMoves(self.worker.feasible_draws(n))
    }

    /// Evaluates each of `moves` to its exact score change (none is accepted); returns the sum
    /// of the changes.
    pub fn evaluate_moves(&mut self, moves: &FeasibleMoves) -> crate::score::Score {
        self.worker.evaluate_draws(&moves.0)
    }

    /// Runs `iterations` of the annealing itself (moves accepted and applied) on a copy of the
    /// plan; returns the moves evaluated.
    pub fn anneal(&self, iterations: u64) -> u64 {
        let mut w = self.worker.clone();
        w.counters = Default::default();
        w.run(iterations, &|_| 0.5, &|| false);
        w.counters.evaluated
    }
}
