//! The solver: construction that never breaks a hard rule, local search with incremental
//! deltas, and large neighbourhoods solved exactly as MIPs (good_lp + HiGHS).

mod api;

pub use api::*;
