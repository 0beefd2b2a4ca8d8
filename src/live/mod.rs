//! Live operations (SPEC §7): a week's plan after it is made — the changes that happen to it
//! ([`ChangeSet`], and the new problem they make) and what changed between two plans of one
//! week ([`PlanDiff`]). It sits above the scorer, whose scores a diff reports.

pub mod changes;
pub mod diff;
pub mod planner;
pub mod recommend;
pub mod replan;

pub use changes::{Change, ChangeSet};
pub use diff::PlanDiff;
pub use planner::Planner;
pub use recommend::{
    DenseOption, OptionMove, OptionTask, Recommendation, RejectedRoom, RequestOption, ScoreDelta,
};
pub use replan::{Mode, Replan, ReplanOptions};
