//! Live operations (SPEC §7): a week's plan after it is made — what changed between two plans
//! of one week ([`PlanDiff`]). It sits above the scorer, whose scores a diff reports.

pub mod diff;

pub use diff::PlanDiff;
