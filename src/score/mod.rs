//! The exact, independent scorer (SPEC §4, §6): the ground truth for the solver and tests.

mod types;

pub use types::*;

use crate::model::Problem;
use crate::plan::{Assignment, Plan};

/// Scores a plan in dense form.
pub fn evaluate(problem: &Problem, assignment: &Assignment) -> Report {
    let _ = (problem, assignment);
    todo!("scorer")
}

/// Resolves a SPEC plan against the problem (collecting structural errors) and scores it.
pub fn check(problem: &Problem, plan: &Plan) -> Report {
    let _ = (problem, plan);
    todo!("scorer")
}
