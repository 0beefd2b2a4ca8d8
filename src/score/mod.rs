//! The exact, independent scorer (SPEC §4, §6): the ground truth for the solver and tests.
//!
//! [`evaluate`] scores a dense [`Assignment`]; [`check`] first [`resolve`]s a SPEC [`Plan`]
//! (collecting every structural problem as a [`FormError`]) and scores what resolved. Each rule
//! family lives in its own file under `rules/`, sorts and sweeps (no all-pairs comparison), and
//! reports every violation with its subjects in a sentence. The choices made where the SPEC
//! leaves room are in `docs/scoring.md`.

mod rules;
mod types;

pub use types::*;

use crate::model::Problem;
use crate::plan::{Assignment, Plan, resolve};

/// Scores a plan in dense form: every hard rule's count and every medium and soft term's
/// weighted cost, with the violations behind them.
///
/// Staffing listed on tasks of unassigned meetings is ignored (a written plan cannot carry it),
/// and so are placements naming rooms the problem does not have (they read as unassigned).
pub fn evaluate(problem: &Problem, assignment: &Assignment) -> Report {
    let cx = rules::Ctx::new(problem, assignment);
    let mut acc = rules::Acc::new();
    for family in rules::FAMILIES {
        family(&cx, &mut acc);
    }
    let mut score = Score::default();
    for (&rule, &value) in &acc.terms {
        match rule.level() {
            Level::Hard => score.hard += value,
            Level::Medium => score.medium += value,
            Level::Soft => score.soft += value,
        }
    }
    Report {
        score,
        terms: acc.terms,
        violations: acc.violations,
        form_errors: Vec::new(),
    }
}

/// Resolves a SPEC plan against the problem (collecting structural errors) and scores it.
/// What does not resolve is left out of the score: a meeting whose room or start is unusable
/// counts as unassigned, an unknown person holds nothing.
pub fn check(problem: &Problem, plan: &Plan) -> Report {
    let (assignment, form_errors) = resolve(problem, plan);
    let mut report = evaluate(problem, &assignment);
    report.form_errors = form_errors;
    report
}
