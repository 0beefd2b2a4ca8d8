//! `huiwu solve PROBLEM [-o PLAN] [--time-limit S] [--threads N] [--seed N] [--quiet]`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use huiwu::Progress;
use huiwu::{CancelToken, Problem, SolveOptions, Solver};

use super::{CliError, CliResult, read_problem, write_output};

#[derive(Args, Debug)]
pub(crate) struct SolveArgs {
    /// Problem JSON (SPEC §2).
    problem: PathBuf,
    /// Plan output (stdout when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Wall-clock limit in seconds.
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Threads (0 = all cores). The plan does not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Annealing workers (0 = chosen from the machine's threads, at least 4). The plan depends
    /// on the seed and the workers, never on `--threads`: give both `--workers` and
    /// `--max-iterations` for a plan that is the same on every machine.
    #[arg(long, default_value_t = 0)]
    workers: usize,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Stop after this many local-search iterations per worker: with it, the same seed and
    /// worker count give the same plan at any thread count and machine speed.
    #[arg(long)]
    max_iterations: Option<u64>,
    /// Skip the exact MIP neighbourhoods and bounds.
    #[arg(long)]
    no_mip: bool,
    /// A previous plan to stay close to (re-planning): sets the problem's `reference_plan`.
    #[arg(long)]
    reference: Option<PathBuf>,
    /// Also write meetings.csv, tasks.csv, unassigned.csv and staff_load.csv into this folder.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Write the solve statistics (iterations, moves/s, time to first valid and best, bound,
    /// gap, status, score) as JSON into this file.
    #[arg(long)]
    stats: Option<PathBuf>,
    /// `auto`: construction, local search and exact neighbourhoods; `first-fit`: only the plain
    /// first-fit greedy (a baseline for comparisons).
    #[arg(long, value_enum, default_value_t = Strategy::Auto)]
    strategy: Strategy,
    /// No progress bar and no summary.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    Auto,
    FirstFit,
}

pub(crate) fn run(args: SolveArgs) -> CliResult {
    let problem = match &args.reference {
        None => read_problem(&args.problem)?,
        Some(reference) => with_reference(&args.problem, reference)?,
    };
    let mut options = SolveOptions::default()
        .time_limit_secs(args.time_limit)
        .seed(args.seed)
        .threads(args.threads)
        .workers(args.workers);
    options.use_mip = !args.no_mip;
    options.max_iterations = args.max_iterations;

    let cancel = CancelToken::new();
    {
        // SIGINT / SIGTERM stop the search; the best plan so far is still written.
        let cancel = cancel.clone();
        let _ = ctrlc::set_handler(move || cancel.cancel());
    }

    let bar = progress_bar(args.quiet, options.time_limit);
    let on_progress = |p: &Progress| {
        bar.set_position((p.fraction * 1000.0) as u64);
        let gap = p
            .gap
            .map(|g| format!("  gap {:.1}%", g * 100.0))
            .unwrap_or_default();
        bar.set_message(format!("best {}  unassigned {}{}", p.best, p.unassigned, gap));
    };
    super::log!("solving with {:?} ({:?})", options, args.strategy);
    let outcome = match args.strategy {
        Strategy::Auto => Solver::new(options).solve_with(&problem, &cancel, &on_progress),
        Strategy::FirstFit => first_fit_outcome(&problem),
    };
    bar.finish_and_clear();

    let text = huiwu::plan_to_json_string(&outcome.plan);
    write_output(args.output.as_deref(), &text)?;
    if let Some(path) = &args.stats {
        let text = serde_json::to_string_pretty(&stats_json(&outcome)).unwrap_or_default();
        std::fs::write(path, text)
            .map_err(|e| CliError::Fail(format!("cannot write {}: {e}", path.display())))?;
    }
    if let Some(dir) = &args.csv {
        super::convert::write_csv_dir(&problem, &outcome.plan, dir)?;
    }
    if !args.quiet {
        let s = &outcome.stats;
        let unassigned = outcome.plan.unassigned.len();
        eprintln!(
            "{}: {}  ({} of {} meetings placed, {} unassigned)",
            outcome.status.as_str(),
            outcome.report.score,
            problem.meetings.len() - unassigned,
            problem.meetings.len(),
            unassigned
        );
        let bound = match (s.medium_bound, s.gap) {
            (Some(b), Some(g)) => format!("medium bound {b}, gap {:.1}% ({})", g * 100.0, s.bound_note),
            _ => "no bound".to_string(),
        };
        eprintln!(
            "{:.2}s, {} iterations, {} moves ({:.0}/s), {} MIPs, first valid {:.3}s, best at {:.2}s, {} threads, {} workers, {} engine; {}",
            s.elapsed,
            s.iterations,
            s.moves_evaluated,
            s.moves_per_second,
            s.mip_solves,
            s.time_to_first_valid,
            s.time_to_best,
            s.threads,
            s.workers,
            s.engine.as_str(),
            bound
        );
    }
    let report = &outcome.report;
    let pinned = report.term(huiwu::Rule::Pinned);
    if report.well_formed() && report.score.hard > 0 && report.score.hard == pinned {
        // Pins that clash with each other (or break a hard rule themselves) cannot all be kept:
        // keeping them would break another hard rule, so the solver leaves them out and each
        // counts once in `pinned` (docs/decisions.md). The plan is the best there is.
        eprintln!(
            "warning: {pinned} pinned meeting{} could not be kept (see `unassigned` for why); every other hard rule holds",
            super::plural(pinned as usize)
        );
    } else if !report.valid() {
        // The solver guarantees a valid plan; anything else is a bug worth a loud exit.
        return Err(CliError::Fail(format!(
            "internal error: the plan is not valid ({})",
            report.score
        )));
    }
    Ok(0)
}

fn progress_bar(quiet: bool, limit: Duration) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}/{prefix}] {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_prefix(format!("{:.0}s", limit.as_secs_f64()));
    bar
}

/// Loads the problem with the plan in `reference` as its reference plan.
fn with_reference(problem: &Path, reference: &Path) -> Result<Problem, CliError> {
    let base = read_problem(problem)?;
    let plan = super::read_plan(reference)?;
    base.with_reference(&plan)
        .map_err(|e| CliError::Input(super::render_errors("reference plan", reference, &e)))
}

/// The first-fit baseline as an outcome (scored by the independent scorer).
fn first_fit_outcome(problem: &Problem) -> huiwu::Outcome {
    let t = std::time::Instant::now();
    let assignment = huiwu::first_fit(problem);
    let report = huiwu::evaluate(problem, &assignment);
    let mut plan = assignment.to_plan(problem);
    plan.score = Some(report.plan_score());
    let elapsed = t.elapsed().as_secs_f64();
    let stats = huiwu::Stats {
        elapsed,
        time_to_first_valid: elapsed,
        time_to_best: elapsed,
        initial_score: report.score,
        threads: 1,
        ..Default::default()
    };
    huiwu::Outcome {
        plan,
        assignment,
        report,
        status: huiwu::Status::Feasible,
        stats,
        unstaffed: Vec::new(),
    }
}

/// Statistics of a solve as JSON (`--stats`).
fn stats_json(o: &huiwu::Outcome) -> serde_json::Value {
    let s = &o.stats;
    serde_json::json!({
        "status": o.status.as_str(),
        "hard": o.report.score.hard,
        "medium": o.report.score.medium,
        "soft": o.report.score.soft,
        "unassigned": o.plan.unassigned.len(),
        "iterations": s.iterations,
        "moves_evaluated": s.moves_evaluated,
        "moves_per_second": s.moves_per_second,
        "time_to_first_valid": s.time_to_first_valid,
        "time_to_best": s.time_to_best,
        "elapsed": s.elapsed,
        "mip_solves": s.mip_solves,
        "initial": {"hard": s.initial_score.hard, "medium": s.initial_score.medium, "soft": s.initial_score.soft},
        "medium_bound": s.medium_bound,
        "soft_bound": s.soft_bound,
        "gap": s.gap,
        "bound_note": s.bound_note,
        "threads": s.threads,
        "workers": s.workers,
        "exact_seconds": s.exact_seconds,
        "engine": s.engine.as_str(),
    })
}
