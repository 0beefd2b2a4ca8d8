//! # huiwu — a planning engine for government meeting services (机关会务)
//!
//! huiwu takes meeting requests, rooms, equipment pools and service staff with skills
//! (a *problem*, `SPEC.md` §2) and returns a *plan* (§3): each meeting's room and start,
//! the staff on every service task, equipment drawn from pools — valid, economical and
//! explained. The cost of every rule is exact and integer (§4).
//!
//! ```no_run
//! use huiwu::{load_problem_file, Solver, SolveOptions};
//!
//! let problem = load_problem_file("examples/small.json").expect("valid problem");
//! let outcome = Solver::new(SolveOptions::default().time_limit_secs(5.0).seed(7)).solve(&problem);
//! assert_eq!(outcome.report.score.hard, 0);
//! println!("{}", serde_json::to_string_pretty(&outcome.plan).unwrap());
//! ```
//!
//! Layers: [`model`] (validated facts, dense ids, integer minutes), [`io`] (strict JSON
//! loading with every error's path, plan writing), [`score`] (the exact, independent scorer),
//! [`solver`] (construction, local search and exact MIP neighbourhoods), [`generate`]
//! (realistic civic-center instances) and [`convert`] (public benchmark formats).
#![deny(missing_docs)]

pub mod convert;
pub mod error;
pub mod generate;
pub mod io;
pub mod model;
pub mod plan;
pub mod score;
pub mod solver;

#[cfg(feature = "python")]
mod python;

// The README's Rust example runs as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use error::{ErrorCode, InputError, InputErrors};
pub use io::{load_plan_file, load_plan_str, load_problem_file, load_problem_str};
pub use model::{
    BuildingId, ClassId, Interval, MeetingId, Minute, PersonId, Problem, RoomId, Rule, SeriesId, StaffId,
    TaskId, Weights,
};
pub use plan::{Assignment, Placement, Plan, PlanDiff, PlanScore, Tables};
pub use score::{Level, Report, Score, Violation, check, evaluate};
pub use solver::{CancelToken, Outcome, SolveOptions, Solver, Stats, Status};
