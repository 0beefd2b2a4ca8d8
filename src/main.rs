//! The `huiwu` command line: validate, check, solve, generate, import/export.
//!
//! Exit codes: 0 success (a valid problem, a valid plan, a plan written), 1 a plan that is not
//! valid (`check`) or a failure while running, 2 input that cannot be read or is invalid.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::run(args)
}
