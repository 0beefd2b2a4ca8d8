//! The solver: construction that never breaks a hard rule, local search with incremental
//! deltas, and large neighbourhoods solved exactly as MIPs (good_lp + HiGHS).

mod api;
#[cfg(feature = "bench-hooks")]
pub mod bench;
mod construct;
mod driver;
mod general;
mod grid;
mod mip;
mod portfolio;
mod pre;
mod recommend;
mod repair;
mod retime;
mod rng;
mod search;
mod side;
mod state;

pub use api::*;
pub use construct::first_fit;
pub(crate) use pre::Pre;
pub(crate) use recommend::{Found, recommend};
pub(crate) use repair::{minimal as minimal_repair, shortages_of};
pub(crate) use state::{Parts, State};
#[cfg(test)]
mod tests;
