//! The `huiwu` command line.
fn main() {}
