//! The domain model: dense ids, integer time, the validated [`Problem`].

pub mod ids;
pub mod problem;
mod rule;
pub mod time;

pub use ids::*;
pub use problem::*;
pub use rule::{Level, Rule, TermVec, Weights};
pub use time::{Calendar, DAY, Interval, Minute};
