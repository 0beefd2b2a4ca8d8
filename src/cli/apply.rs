//! `huiwu apply PROBLEM PLAN CHANGES -o NEW_PLAN [--problem-out FILE] [--diff FILE]
//! [--mode minimal|balanced] [--time-limit S] [--threads N] [--seed N] [--quiet]`: the re-plan
//! of a plan after a change set (SPEC §7).

use std::path::PathBuf;

use clap::Args;

use huiwu::{ChangeSet, Mode, ReplanOptions};

use super::{CliError, CliResult, read_plan, read_problem_json, read_text, render_errors, write_output};

#[derive(Args, Debug)]
pub(crate) struct ApplyArgs {
    /// Problem JSON (the one the plan was made for).
    problem: PathBuf,
    /// The current plan.
    plan: PathBuf,
    /// The change set (docs/format.md §7).
    changes: PathBuf,
    /// The re-plan (stdout when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also write the changed problem here.
    #[arg(long)]
    problem_out: Option<PathBuf>,
    /// Also write the difference between the two plans here (JSON).
    #[arg(long)]
    diff: Option<PathBuf>,
    /// `minimal`: only what lowers medium changes; `balanced`: disruption traded against soft
    /// cost by the weights (kept only when it does better than `minimal`).
    #[arg(long, default_value = "minimal")]
    mode: Mode,
    /// Wall-clock limit in seconds (`minimal` usually stops long before it).
    #[arg(long, default_value_t = 2.0)]
    time_limit: f64,
    /// Worker threads of `balanced` (0 = all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Seed of `balanced`'s search.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// No summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

pub(crate) fn run(args: ApplyArgs) -> CliResult {
    // The problem is read once: the change set edits its JSON, the re-plan needs it loaded.
    let (problem, json) = read_problem_json(&args.problem)?;
    let plan = read_plan(&args.plan)?;
    let changes = ChangeSet::from_json_str(&read_text(&args.changes)?)
        .map_err(|e| CliError::Input(render_errors("change set", &args.changes, &e)))?;
    let t = std::time::Instant::now();
    let r = changes
        .replan_with(
            &json,
            &problem,
            &plan,
            &ReplanOptions::default()
                .mode(args.mode)
                .time_limit_secs(args.time_limit)
                .threads(args.threads)
                .seed(args.seed),
        )
        .map_err(|e| CliError::Input(render_errors("change set", &args.changes, &e)))?;
    let secs = t.elapsed().as_secs_f64();
    write_output(args.output.as_deref(), &huiwu::plan_to_json_string(&r.plan))?;
    if let Some(path) = &args.problem_out {
        write_output(Some(path), &pretty(&r.problem_json))?;
    }
    if let Some(path) = &args.diff {
        write_output(Some(path), &pretty(&r.diff))?;
    }
    if !args.quiet {
        let d = &r.diff;
        eprintln!(
            "re-planned ({}) in {:.3}s: {} (trivial repair {}); {} moved ({} out of the way), {} placed, {} unplaced, {} removed, {} tasks restaffed",
            match r.mode {
                Mode::Minimal => "minimal",
                Mode::Balanced => "balanced",
            },
            secs,
            r.report.score,
            r.trivial,
            d.moved.len(),
            r.eased.len(),
            d.placed.len(),
            d.unplaced.len(),
            d.removed.len(),
            d.staff.len()
        );
    }
    let pinned = r.report.term(huiwu::Rule::Pinned);
    if !r.report.valid() && r.report.score.hard != pinned {
        return Err(CliError::Fail(format!(
            "internal error: the re-plan is not valid ({})",
            r.report.score
        )));
    }
    Ok(0)
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
