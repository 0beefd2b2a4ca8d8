//! Subcommands of the `huiwu` binary. Library errors are typed; here they become messages and
//! exit codes.

mod apply;
mod check;
mod convert;
mod generate;
mod log;
mod recommend;
mod report;
mod solve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use huiwu::{InputErrors, Plan, Problem};

pub(crate) use log::{log, set_verbose};

/// Exit code for input that cannot be read or is invalid.
pub(crate) const EXIT_INPUT: u8 = 2;
/// Exit code for an invalid plan (`check`) or a failure while running.
pub(crate) const EXIT_FAIL: u8 = 1;

#[derive(Parser, Debug)]
#[command(
    name = "huiwu",
    version,
    about = "Planning engine for government meeting services (机关会务)"
)]
pub(crate) struct Cli {
    /// Log what happens, with timestamps, on stderr.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a problem: print every error with its JSON path (exit 0 valid, 2 invalid).
    Validate {
        /// Problem JSON (SPEC §2).
        problem: PathBuf,
        /// Print the errors as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score a plan against a problem: breakdown by rule and term, then the worst violations
    /// (exit 0 valid, 1 not valid, 2 unreadable input).
    Check(check::CheckArgs),
    /// Solve a problem and write the plan (with its score).
    Solve(solve::SolveArgs),
    /// Re-plan a plan after a change set (mode minimal: only what lowers medium moves); exit 0
    /// with the new plan written, 2 on bad input (each error with its path in the change set).
    Apply(apply::ApplyArgs),
    /// Where can a new meeting go? Options in the current plan, priced exactly, and why each
    /// other room cannot take it (exit 2 on bad input).
    Recommend(recommend::RecommendArgs),
    /// How the week went: meetings, rooms and buildings used, staff minutes and fairness,
    /// people missing by skill (docs/format.md §9.1).
    Kpi(report::KpiArgs),
    /// The printed plan: one self-contained HTML page (KPIs, room timelines, each person's
    /// tasks, what is unassigned or short, what changed), A4 landscape when printed.
    Report(report::ReportArgs),
    /// Generate a realistic civic-center problem.
    Generate(generate::GenerateArgs),
    /// Import a public benchmark format.
    #[command(subcommand)]
    Import(convert::ImportCommand),
    /// Export a plan to another format.
    #[command(subcommand)]
    Export(convert::ExportCommand),
}

/// Runs the parsed command line.
pub(crate) fn run(cli: Cli) -> ExitCode {
    set_verbose(cli.verbose);
    let result = match cli.command {
        Command::Validate { problem, json } => validate(&problem, json),
        Command::Check(args) => check::run(args),
        Command::Solve(args) => solve::run(args),
        Command::Apply(args) => apply::run(args),
        Command::Recommend(args) => recommend::run(args),
        Command::Kpi(args) => report::kpi(args),
        Command::Report(args) => report::report(args),
        Command::Generate(args) => generate::run(args),
        Command::Import(cmd) => convert::import(cmd),
        Command::Export(cmd) => convert::export(cmd),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError::Input(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(EXIT_INPUT)
        }
        Err(CliError::Fail(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(EXIT_FAIL)
        }
    }
}

/// Why a command could not finish.
pub(crate) enum CliError {
    /// Bad input: exit 2.
    Input(String),
    /// Anything else: exit 1.
    Fail(String),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Fail(e.to_string())
    }
}

pub(crate) type CliResult = Result<u8, CliError>;

/// Renders input errors, one per line: `path: message [code]`.
pub(crate) fn render_errors(what: &str, file: &Path, errors: &InputErrors) -> String {
    let mut s = format!(
        "{} {} is invalid ({} error{}):\n",
        what,
        file.display(),
        errors.0.len(),
        plural(errors.0.len())
    );
    for e in &errors.0 {
        s.push_str(&format!("  {e}\n"));
    }
    s.pop();
    s
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads a text file or fails with exit 2.
pub(crate) fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::Input(format!("cannot read {}: {e}", path.display())))
}

/// Loads a problem and keeps its JSON too (what a change set edits), reading the file once.
pub(crate) fn read_problem_json(path: &Path) -> Result<(Problem, serde_json::Value), CliError> {
    let text = read_text(path)?;
    let problem =
        huiwu::load_problem_str(&text).map_err(|e| CliError::Input(render_errors("problem", path, &e)))?;
    // A valid problem is JSON.
    let json = serde_json::from_str(&text)
        .map_err(|e| CliError::Input(format!("problem {} is not JSON: {e}", path.display())))?;
    Ok((problem, json))
}

/// Loads a problem or fails with exit 2 and every error.
pub(crate) fn read_problem(path: &Path) -> Result<Problem, CliError> {
    let t = std::time::Instant::now();
    let p =
        huiwu::load_problem_file(path).map_err(|e| CliError::Input(render_errors("problem", path, &e)))?;
    log!(
        "loaded {} ({} meetings, {} rooms, {} staff, {} tasks) in {:.0} ms",
        path.display(),
        p.meetings.len(),
        p.rooms.len(),
        p.staff.len(),
        p.tasks.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    for w in &p.warnings {
        eprintln!("warning: {}: {}", w.path, w.message);
    }
    Ok(p)
}

/// Loads a plan or fails with exit 2.
pub(crate) fn read_plan(path: &Path) -> Result<Plan, CliError> {
    huiwu::load_plan_file(path).map_err(|e| CliError::Input(render_errors("plan", path, &e)))
}

/// Writes text to a file, or to stdout when `out` is `None` or `-`.
pub(crate) fn write_output(out: Option<&Path>, text: &str) -> Result<(), CliError> {
    match out {
        Some(p) if p != Path::new("-") => {
            std::fs::write(p, text)
                .map_err(|e| CliError::Fail(format!("cannot write {}: {e}", p.display())))?;
            log!("wrote {}", p.display());
            Ok(())
        }
        _ => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

fn validate(path: &Path, json: bool) -> CliResult {
    match huiwu::load_problem_file(path) {
        Ok(p) => {
            if json {
                let warnings: Vec<_> = p
                    .warnings
                    .iter()
                    .map(|w| serde_json::json!({"path": w.path, "message": w.message}))
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({"valid": true, "errors": [], "warnings": warnings})
                );
            } else {
                for w in &p.warnings {
                    eprintln!("warning: {}: {}", w.path, w.message);
                }
                println!(
                    "{} is valid: {} meetings, {} rooms in {} buildings, {} staff, {} tasks, {} days",
                    path.display(),
                    p.meetings.len(),
                    p.rooms.len(),
                    p.buildings.len(),
                    p.staff.len(),
                    p.tasks.len(),
                    p.days.len()
                );
            }
            Ok(0)
        }
        Err(errors) => {
            if json {
                let list: Vec<_> = errors
                    .0
                    .iter()
                    .map(|e| serde_json::json!({"path": e.path, "code": e.code.as_str(), "message": e.message}))
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({"valid": false, "errors": list, "warnings": []})
                );
            } else {
                eprintln!("{}", render_errors("problem", path, &errors));
            }
            Ok(EXIT_INPUT)
        }
    }
}
