//! `huiwu recommend PROBLEM PLAN REQUEST [--top K] [--json] [--now T]`: where a new meeting can
//! go in the current plan (SPEC §8), each option priced exactly, and why the other rooms cannot
//! take it.

use std::path::PathBuf;

use clap::Args;

use huiwu::Planner;

use super::{CliError, CliResult, read_plan, read_problem_json, read_text, render_errors, write_output};

#[derive(Args, Debug)]
pub(crate) struct RecommendArgs {
    /// Problem JSON.
    problem: PathBuf,
    /// The current plan (valid for the problem).
    plan: PathBuf,
    /// The request: a meeting object whose id is new (docs/format.md §8).
    request: PathBuf,
    /// Options to return at most.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Write the answer as JSON (SPEC §8) instead of a table.
    #[arg(long)]
    json: bool,
    /// Nothing starts before this time (`YYYY-MM-DDTHH:MM`).
    #[arg(long)]
    now: Option<String>,
    /// Where to write the answer (stdout when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: RecommendArgs) -> CliResult {
    let (problem, json) = read_problem_json(&args.problem)?;
    let plan = read_plan(&args.plan)?;
    let mut planner = Planner::from_loaded(json, problem, &plan)
        .map_err(|e| CliError::Input(render_errors("plan", &args.plan, &e)))?;
    planner
        .set_now(args.now.as_deref())
        .map_err(|e| CliError::Input(render_errors("--now", std::path::Path::new("value"), &e)))?;
    let request = planner
        .request(&read_text(&args.request)?)
        .map_err(|e| CliError::Input(render_errors("request", &args.request, &e)))?;
    let answer = planner
        .recommend(&request, args.top)
        .map_err(|e| CliError::Fail(e.to_string()))?;
    let out = if args.json {
        serde_json::to_string_pretty(&answer).unwrap_or_default()
    } else {
        answer.to_table()
    };
    write_output(args.output.as_deref(), &out)?;
    Ok(0)
}
