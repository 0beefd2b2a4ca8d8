//! What the office reads (SPEC §9): `huiwu kpi`, `huiwu report`, `huiwu export ical`.

use std::path::{Path, PathBuf};

use clap::Args;

use huiwu::{Assignment, Kpis, Plan, Problem};

use super::{CliError, CliResult, read_plan, read_problem, write_output};

#[derive(Args, Debug)]
pub(crate) struct KpiArgs {
    /// Problem JSON.
    problem: PathBuf,
    /// Plan JSON.
    plan: PathBuf,
    /// Write the KPI JSON (docs/format.md §9.1) instead of a summary.
    #[arg(long)]
    json: bool,
    /// Where to write (stdout when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// The problem and the plan resolved against it; a plan that does not fit the problem (an
/// unknown id, a start off the calendar) is bad input.
pub(crate) fn read_pair(problem: &Path, plan: &Path) -> Result<(Problem, Plan, Assignment), CliError> {
    let p = read_problem(problem)?;
    let pl = read_plan(plan)?;
    let (a, errors) = huiwu::resolve(&p, &pl);
    if let Some(e) = errors.first() {
        return Err(CliError::Input(format!(
            "plan {} does not fit problem {} ({} error{}), first: {}: {}",
            plan.display(),
            problem.display(),
            errors.len(),
            super::plural(errors.len()),
            e.path,
            e.message
        )));
    }
    Ok((p, pl, a))
}

/// The plan a report or feed compares with: `--reference OLD_PLAN` (of the problem, or of
/// `--reference-problem OLD_PROBLEM` when that is another version).
#[derive(Args, Debug)]
pub(crate) struct ReferenceArgs {
    /// A previous plan: what changed since (moved events, the page's changes).
    #[arg(long)]
    reference: Option<PathBuf>,
    /// The previous plan's problem, when it is another version.
    #[arg(long, requires = "reference")]
    reference_problem: Option<PathBuf>,
}

impl ReferenceArgs {
    /// The previous plan with its problem, resolved.
    pub(crate) fn read(&self, problem: &Path) -> Result<Option<(Problem, Plan, Assignment)>, CliError> {
        match &self.reference {
            Some(r) => Ok(Some(read_pair(
                self.reference_problem.as_deref().unwrap_or(problem),
                r,
            )?)),
            None => Ok(None),
        }
    }
}

pub(crate) fn kpi(args: KpiArgs) -> CliResult {
    let (p, _, a) = read_pair(&args.problem, &args.plan)?;
    let k = Kpis::of(&p, &a);
    let out = if args.json {
        serde_json::to_string_pretty(&k).unwrap_or_default()
    } else {
        k.summary()
    };
    write_output(args.output.as_deref(), &out)?;
    Ok(0)
}

/// `huiwu export ical PROBLEM PLAN -o DIR [--reference OLD_PLAN [--reference-problem OLD]]`.
pub(crate) fn ical(
    problem: &Path,
    plan: &Path,
    dir: &Path,
    reference: &ReferenceArgs,
) -> Result<(), CliError> {
    let (p, _, a) = read_pair(problem, plan)?;
    let old = reference.read(problem)?;
    let written = huiwu::write_feeds(dir, &p, &a, old.as_ref().map(|(p, _, a)| (p, a)))
        .map_err(|e| CliError::Fail(format!("cannot write into {}: {e}", dir.display())))?;
    super::log!("wrote {} feeds into {}", written.len(), dir.display());
    Ok(())
}

#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    /// Problem JSON.
    problem: PathBuf,
    /// Plan JSON.
    plan: PathBuf,
    /// The HTML file to write.
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    reference: ReferenceArgs,
    /// Show the titles of confidential meetings.
    #[arg(long)]
    show_confidential: bool,
}

/// `huiwu report PROBLEM PLAN -o REPORT.html [--reference OLD_PLAN] [--show-confidential]`.
pub(crate) fn report(args: ReportArgs) -> CliResult {
    let (p, _, a) = read_pair(&args.problem, &args.plan)?;
    let old = args.reference.read(&args.problem)?;
    let t = std::time::Instant::now();
    let page = huiwu::html_report(
        &p,
        &a,
        &huiwu::HtmlOptions {
            reference: old.as_ref().map(|(p, _, a)| (p, a)),
            show_confidential: args.show_confidential,
        },
    );
    super::log!(
        "report built in {:.0} ms, {} bytes",
        t.elapsed().as_secs_f64() * 1e3,
        page.len()
    );
    write_output(Some(&args.output), &page)?;
    Ok(0)
}
