//! # huiwu — a planning engine for government meeting services (机关会务)
//!
//! huiwu takes meeting requests, rooms, equipment pools and service staff with skills
//! (a *problem*) and returns a *plan*: each meeting's room and start, the staff on every
//! service task, equipment drawn from pools — valid, economical and explained. The cost of
//! every rule is exact and integer. `docs/format.md` is the reference of both formats.
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
//! The API is flat: everything is re-exported at the crate root. Inside, the layers are
//! `model` (validated facts, dense ids, integer minutes, the rules), `plan` (decisions, their
//! resolution, the tables a person reads, reasons as data), `io` (strict JSON loading with
//! every error's path, plan and CSV writing), `score` (the exact, independent scorer), `solver`
//! (construction, local search and exact MIP neighbourhoods), `live` (the life of a plan after it
//! is made: change sets, re-plans, requests, diffs) and `report` (what the office reads: KPIs,
//! calendars, the printed plan), each importing only those before it. [`generate`] (realistic civic-center instances) and
//! [`convert`] (public benchmark formats) are tools of their own.
#![deny(missing_docs)]

pub mod convert;
mod error;
pub mod generate;
mod io;
mod live;
mod model;
mod plan;
mod report;
mod score;
mod solver;

#[cfg(feature = "python")]
mod python;

// The README's Rust example runs as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use error::{ErrorCode, InputError, InputErrors};
pub use io::{
    load_plan_file, load_plan_partial_str, load_plan_str, load_problem_file, load_problem_str,
    plan_to_json_string, write_tables_csv,
};
pub use live::diff::{Moved, Placed, ScoreChange, ScoreOut, StaffChange, Unplaced, Where};
pub use live::{
    Change, ChangeSet, DenseOption, Mode, OptionMove, OptionTask, PlanDiff, Planner, Recommendation,
    RejectedRoom, Replan, ReplanOptions, RequestOption, ScoreDelta,
};
pub use model::time::{Calendar, DAY, Interval, Minute, day_of, minute_of_day, parse_datetime};
pub use model::{
    Anchor, AnchorPoint, Building, BuildingId, ClassId, FeatureId, KindId, LayoutId, Level, Meeting,
    MeetingId, Opening, Person, PersonId, Pin, Problem, Reference, Request, Room, RoomId, Rule, Series,
    SeriesId, ServiceClass, SkillId, Staff, StaffId, TaskDef, TaskId, TaskTemplate, TimeFit, Warning,
    Weights,
};
pub use plan::reason::ShortageCause;
pub use plan::tables::{MeetingRow, StaffDayRow, TaskRow, UnassignedRow};
pub use plan::{
    Assignment, FormError, Obstacle, PlacedMeeting, Placement, Plan, PlanScore, Reason, Rejection, Shortage,
    Tables, TaskStaffing, UnassignedMeeting, resolve,
};
pub use report::{
    BuildingKpi, CLASS_COLOURS, ClassCount, Fairness, Feed, HtmlOptions, IcalOptions, Kpis, MeetingKpis,
    RoomKpi, ServiceKpis, SkillCount, StaffKpi, WorkOrderRow, html_report, ical_feeds, previous_sequences,
    stamp_now, work_orders, write_feeds, write_work_orders,
};
pub use score::{Report, Score, Violation, check, evaluate};
pub use solver::{CancelToken, Engine, Outcome, Progress, SolveOptions, Solver, Stats, Status, first_fit};

/// Hooks for the criterion benches (`benches/solver.rs`, `examples/evaluate_moves.rs`): the
/// search's own move evaluation. Not part of the API; built with the `bench-hooks` feature.
#[cfg(feature = "bench-hooks")]
#[doc(hidden)]
pub use solver::bench;
