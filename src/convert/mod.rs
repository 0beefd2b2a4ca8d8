//! Converters between public benchmark formats and huiwu's (SPEC §5).

pub mod itc2007;
