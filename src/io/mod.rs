//! Strict JSON input (SPEC §1, §2, §6) and plan output.
//!
//! Input errors are collected, never fail-fast: each carries its JSON path, a stable
//! [`ErrorCode`](crate::ErrorCode) and a sentence.

use std::path::Path;

use crate::error::InputErrors;
use crate::model::Problem;
use crate::plan::Plan;

/// Loads and validates a problem from JSON text.
pub fn load_problem_str(text: &str) -> Result<Problem, InputErrors> {
    let _ = text;
    todo!("loader")
}

/// Loads and validates a problem from a JSON file.
pub fn load_problem_file(path: impl AsRef<Path>) -> Result<Problem, InputErrors> {
    let _ = path.as_ref();
    todo!("loader")
}

/// Reads a plan (SPEC §3) from JSON text: structure only; ids are resolved by the scorer.
pub fn load_plan_str(text: &str) -> Result<Plan, InputErrors> {
    let _ = text;
    todo!("loader")
}

/// Reads a plan from a JSON file.
pub fn load_plan_file(path: impl AsRef<Path>) -> Result<Plan, InputErrors> {
    let _ = path.as_ref();
    todo!("loader")
}
