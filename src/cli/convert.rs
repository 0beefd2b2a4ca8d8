//! `huiwu import …` and `huiwu export …`: ITC-2007 (SPEC §5) and CSV tables.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use huiwu::convert::itc2007;
use huiwu::day_of;
use huiwu::{Plan, Problem};

use super::{CliError, CliResult, read_plan, read_problem, read_text, write_output};

#[derive(Subcommand, Debug)]
pub(crate) enum ImportCommand {
    /// An ITC-2007 track 3 instance (`.ctt`) as a huiwu problem.
    Itc2007 {
        /// The `.ctt` file.
        ctt: PathBuf,
        /// Output problem JSON (stdout when absent or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// An ITC-2007 solution (`.sol`, lines `course room day period`) as a huiwu plan.
    #[command(name = "itc2007-solution")]
    Itc2007Solution {
        /// The instance (`.ctt`).
        ctt: PathBuf,
        /// The solution (`.sol`).
        sol: PathBuf,
        /// Output plan JSON (stdout when absent or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum ExportCommand {
    /// A plan of an imported ITC-2007 problem in the competition's solution format.
    Itc2007 {
        /// Problem JSON made by `huiwu import itc2007`.
        problem: PathBuf,
        /// Plan JSON.
        plan: PathBuf,
        /// Output `.sol` (stdout when absent or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// A plan as CSV tables: meetings.csv, tasks.csv, unassigned.csv, staff_load.csv.
    Csv {
        /// Problem JSON.
        problem: PathBuf,
        /// Plan JSON.
        plan: PathBuf,
        /// Output folder (created if needed).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// iCalendar feeds (RFC 5545): week.ics, rooms/<room>.ics, staff/<staff>.ics,
    /// people/<person>.ics. Rewriting a folder after a re-plan keeps every event's UID and
    /// raises the SEQUENCE of those the re-plan moved (against `--reference`).
    Ical {
        /// Problem JSON.
        problem: PathBuf,
        /// Plan JSON.
        plan: PathBuf,
        /// Output folder (created if needed).
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        reference: super::report::ReferenceArgs,
    },
    /// Work orders per service team and day (工作通知单): work_orders.csv and a printable
    /// work_orders.html — tasks in time order, where, layout, attendees, equipment to bring
    /// from the pool, the people on each.
    WorkOrders {
        /// Problem JSON.
        problem: PathBuf,
        /// Plan JSON.
        plan: PathBuf,
        /// Output folder (created if needed).
        #[arg(short, long)]
        output: PathBuf,
        /// Show the titles of confidential meetings.
        #[arg(long)]
        show_confidential: bool,
    },
}

pub(crate) fn import(cmd: ImportCommand) -> CliResult {
    match cmd {
        ImportCommand::Itc2007 { ctt, output } => {
            let parsed = itc2007::parse_ctt(&read_text(&ctt)?)
                .map_err(|e| CliError::Input(format!("{}: {e}", ctt.display())))?;
            let value = itc2007::to_problem_json(&parsed);
            let text = serde_json::to_string_pretty(&value).map_err(|e| CliError::Fail(e.to_string()))?;
            write_output(output.as_deref(), &text)?;
        }
        ImportCommand::Itc2007Solution { ctt, sol, output } => {
            let parsed = itc2007::parse_ctt(&read_text(&ctt)?)
                .map_err(|e| CliError::Input(format!("{}: {e}", ctt.display())))?;
            let plan = itc2007::solution_to_plan(&parsed, &read_text(&sol)?)
                .map_err(|e| CliError::Input(format!("{}: {e}", sol.display())))?;
            write_output(output.as_deref(), &huiwu::plan_to_json_string(&plan))?;
        }
    }
    Ok(0)
}

pub(crate) fn export(cmd: ExportCommand) -> CliResult {
    match cmd {
        ExportCommand::Itc2007 {
            problem,
            plan,
            output,
        } => {
            let p = read_problem(&problem)?;
            let plan = read_plan(&plan)?;
            let text = itc_solution_from_problem(&p, &plan)?;
            write_output(output.as_deref(), &text)?;
        }
        ExportCommand::Csv {
            problem,
            plan,
            output,
        } => {
            let p = read_problem(&problem)?;
            let plan = read_plan(&plan)?;
            write_csv_dir(&p, &plan, &output)?;
        }
        ExportCommand::Ical {
            problem,
            plan,
            output,
            reference,
        } => super::report::ical(&problem, &plan, &output, &reference)?,
        ExportCommand::WorkOrders {
            problem,
            plan,
            output,
            show_confidential,
        } => {
            let (p, _, a) = super::report::read_pair(&problem, &plan)?;
            let n = huiwu::write_work_orders(&output, &p, &a, show_confidential)
                .map_err(|e| CliError::Fail(format!("cannot write into {}: {e}", output.display())))?;
            super::log!("wrote {n} tasks' work orders into {}", output.display());
        }
    }
    Ok(0)
}

/// The ITC-2007 solution lines (`course room day period`, 0-based) of a plan of a problem made
/// by `huiwu import itc2007` (SPEC §5): the course is the meeting's series, the day the index
/// of its date in `days`, the period the hour since the building opens.
fn itc_solution_from_problem(problem: &Problem, plan: &Plan) -> Result<String, CliError> {
    let (assignment, form) = huiwu::resolve(problem, plan);
    if let Some(e) = form.first() {
        return Err(CliError::Input(format!("plan: {}: {}", e.path, e.message)));
    }
    let mut out = String::new();
    for m in problem.meeting_ids() {
        let Some(pl) = assignment.placements[m.index()] else {
            continue;
        };
        let meeting = problem.meeting(m);
        let Some(series) = meeting.series else {
            return Err(CliError::Input(format!(
                "meeting {} has no series: the problem was not made by `huiwu import itc2007`",
                meeting.id
            )));
        };
        let room = problem.room(pl.room);
        let open = problem.buildings[room.building.index()].opening.start;
        let day = problem.planning_day(day_of(pl.start)).ok_or_else(|| {
            CliError::Input(format!(
                "meeting {} starts on a day that is not a planning day",
                meeting.id
            ))
        })?;
        let minute = huiwu::minute_of_day(pl.start) - open;
        if minute < 0 || minute % 60 != 0 {
            return Err(CliError::Input(format!(
                "meeting {} does not start on an ITC period",
                meeting.id
            )));
        }
        out.push_str(&format!(
            "{} {} {} {}\n",
            problem.series[series.index()].id,
            room.id,
            day,
            minute / 60
        ));
    }
    Ok(out)
}

/// Writes the plan as four CSV tables into `dir`.
pub(crate) fn write_csv_dir(problem: &Problem, plan: &Plan, dir: &Path) -> Result<(), CliError> {
    let (assignment, _) = huiwu::resolve(problem, plan);
    huiwu::write_tables_csv(&huiwu::Tables::new(problem, &assignment), dir)
        .map_err(|e| CliError::Fail(format!("cannot write CSV into {}: {e}", dir.display())))?;
    super::log!("wrote CSV tables into {}", dir.display());
    Ok(())
}
