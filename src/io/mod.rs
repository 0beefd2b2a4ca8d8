//! Strict JSON input (SPEC §1, §2, §6) and plan output.
//!
//! Input errors are collected, never fail-fast: each carries its JSON path, a stable
//! [`ErrorCode`](crate::ErrorCode) and a sentence.
//!
//! The reader is our own ([`json`]): serde_json would silently keep the last of two
//! duplicate keys and read `60.0` as a number like `60`; both must be errors here.
//! Choices where SPEC is open are documented in [`problem`].

use std::path::Path;

use serde::Serialize;

use crate::error::{ErrorCode, InputError, InputErrors};
use crate::model::Problem;
use crate::plan::{PlacedMeeting, Plan, PlanScore, TaskStaffing, UnassignedMeeting};

mod csv_out;
mod json;
mod plan;
mod problem;
mod walk;

pub(crate) use csv_out::write_table;
pub use csv_out::write_tables_csv;
pub(crate) use problem::MEETING_FIELDS;
use walk::{Cx, P};

/// Parses text, reporting the syntax error or the duplicate keys, then runs `read`.
fn load<T>(text: &str, read: impl FnOnce(&mut Cx, &json::JVal) -> Option<T>) -> Result<T, InputErrors> {
    let (root, duplicates) = json::parse(text).map_err(|e| InputErrors(vec![e]))?;
    let mut cx = Cx {
        errors: duplicates,
        ..Cx::default()
    };
    let out = read(&mut cx, &root);
    match out {
        Some(v) if cx.errors.is_empty() => Ok(v),
        _ => {
            if cx.errors.is_empty() {
                // Unreachable by construction (every `None` reports why); kept as a safety net.
                cx.errors.push(InputError {
                    path: "$".to_string(),
                    code: ErrorCode::InvalidValue,
                    message: "the input is not valid".to_string(),
                });
            }
            Err(InputErrors(cx.errors))
        }
    }
}

fn read_file(path: &Path) -> Result<String, InputErrors> {
    std::fs::read_to_string(path)
        .map_err(|e| InputErrors::one("$", ErrorCode::Io, format!("cannot read {}: {e}", path.display())))
}

/// Loads and validates a problem from JSON text.
pub fn load_problem_str(text: &str) -> Result<Problem, InputErrors> {
    load(text, problem::read_problem)
}

/// Loads and validates a problem from a JSON file.
pub fn load_problem_file(path: impl AsRef<Path>) -> Result<Problem, InputErrors> {
    load_problem_str(&read_file(path.as_ref())?)
}

impl crate::model::Request {
    /// Reads a request (SPEC §8: a meeting object whose id is new) against `problem`, with the
    /// loader's strictness: every error with its path in the request (`$.attendees`, …).
    pub fn from_json_str(problem: &Problem, text: &str) -> Result<Self, InputErrors> {
        let mut request = load(text, |cx, root| problem::read_request(cx, root, problem))?;
        // The strict reader accepted it: it is a JSON object.
        if let Ok(serde_json::Value::Object(source)) = serde_json::from_str(text) {
            request.source = source;
        }
        Ok(request)
    }
}

/// Reads a plan (SPEC §3) from JSON text: structure only; ids are resolved by the scorer.
pub fn load_plan_str(text: &str) -> Result<Plan, InputErrors> {
    load(text, |cx, root| plan::read_plan(cx, root, &P::Root))
}

/// Reads what can be read of a plan from JSON text, with every structural error beside it
/// (an item with an error is left out): a checker scores such a plan as not well-formed.
/// `Err` only when the text is not JSON.
pub fn load_plan_partial_str(text: &str) -> Result<(Plan, Vec<InputError>), InputErrors> {
    let (root, duplicates) = json::parse(text).map_err(|e| InputErrors(vec![e]))?;
    let mut cx = Cx {
        errors: duplicates,
        ..Cx::default()
    };
    let plan = plan::read_plan_partial(&mut cx, &root, &P::Root);
    Ok((plan, cx.errors))
}

/// Reads a plan from a JSON file.
pub fn load_plan_file(path: impl AsRef<Path>) -> Result<Plan, InputErrors> {
    load_plan_str(&read_file(path.as_ref())?)
}

/// The SPEC §3 field order, with the `version` the `Plan` struct does not hold.
#[derive(Serialize)]
struct PlanOut<'a> {
    version: u32,
    meetings: &'a [PlacedMeeting],
    unassigned: &'a [UnassignedMeeting],
    tasks: &'a [TaskStaffing],
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<&'a PlanScore>,
}

/// Writes a plan as pretty JSON: `version`, `meetings`, `unassigned`, `tasks`, `score`.
pub fn plan_to_json_string(plan: &Plan) -> String {
    let out = PlanOut {
        version: 1,
        meetings: &plan.meetings,
        unassigned: &plan.unassigned,
        tasks: &plan.tasks,
        score: plan.score.as_ref(),
    };
    // Serialising plain structs with string keys cannot fail.
    serde_json::to_string_pretty(&out).unwrap_or_default()
}
