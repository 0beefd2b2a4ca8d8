//! The domain model: dense ids, integer time, the validated [`Problem`].

pub mod ids;
pub mod problem;
mod request;
mod rule;
pub mod time;

pub use ids::*;
pub use problem::*;
pub use request::Request;
pub(crate) use request::{Sizes, derive_tasks};
pub use rule::{Level, Rule, TermVec, Weights};
pub use time::{Calendar, DAY, Interval, Minute};
