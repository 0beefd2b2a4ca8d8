//! `huiwu check PROBLEM PLAN [--json]`.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use huiwu::{Level, Problem, Report, Rule, Violation};

use super::{CliError, CliResult, EXIT_FAIL, read_problem};

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Problem JSON (SPEC §2).
    problem: PathBuf,
    /// Plan JSON (SPEC §3).
    plan: PathBuf,
    /// Print `{"valid", "well_formed", "hard", "medium", "soft", "terms", "violations", ...}`.
    #[arg(long)]
    json: bool,
    /// How many of the worst violations to print (human output; `--json` lists all).
    #[arg(long, default_value_t = 20)]
    max_violations: usize,
}

pub(crate) fn run(args: CheckArgs) -> CliResult {
    let problem = read_problem(&args.problem)?;
    // A plan that is JSON but not well-formed (an unknown field, an unreadable start) is scored
    // as malformed: exit 1 with the report, its structural errors first.
    let text = std::fs::read_to_string(&args.plan)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", args.plan.display())))?;
    let (plan, read_errors) = huiwu::load_plan_partial_str(&text)
        .map_err(|e| CliError::Input(super::render_errors("plan", &args.plan, &e)))?;
    let t = std::time::Instant::now();
    let mut report = huiwu::check(&problem, &plan);
    let resolved = std::mem::take(&mut report.form_errors);
    report.form_errors = read_errors
        .into_iter()
        .map(|e| huiwu::FormError {
            path: e.path,
            message: e.message,
        })
        .chain(resolved)
        .collect();
    super::log!("scored in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report_json(&problem, &report)).unwrap_or_default()
        );
    } else {
        print!("{}", render_report(&problem, &report, args.max_violations));
        if let Some(declared) = &plan.score {
            let own = report.plan_score();
            if declared.hard != own.hard || declared.medium != own.medium || declared.soft != own.soft {
                println!(
                    "note: the plan declares {}hard/{}medium/{}soft; the checker computes {}",
                    declared.hard, declared.medium, declared.soft, report.score
                );
            }
        }
    }
    Ok(if report.valid() { 0 } else { EXIT_FAIL })
}

/// The machine-readable report of `check --json`.
pub(crate) fn report_json(problem: &Problem, report: &Report) -> serde_json::Value {
    let terms: serde_json::Map<String, serde_json::Value> = report
        .terms
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let violations: Vec<_> = sorted_violations(report)
        .into_iter()
        .map(|v| violation_json(problem, v))
        .collect();
    let form_errors: Vec<_> = report
        .form_errors
        .iter()
        .map(|e| json!({"path": e.path, "message": e.message}))
        .collect();
    json!({
        "valid": report.valid(),
        "well_formed": report.well_formed(),
        "hard": report.score.hard,
        "medium": report.score.medium,
        "soft": report.score.soft,
        "terms": terms,
        "violations": violations,
        "form_errors": form_errors,
    })
}

fn violation_json(problem: &Problem, v: &Violation) -> serde_json::Value {
    json!({
        "rule": v.rule,
        "level": level_name(v.level),
        "cost": v.cost,
        "meetings": v.meetings.iter().map(|&m| problem.meeting(m).id.as_str()).collect::<Vec<_>>(),
        "rooms": v.rooms.iter().map(|&r| problem.room(r).id.as_str()).collect::<Vec<_>>(),
        "staff": v.staff.iter().map(|&s| problem.staff[s.index()].id.as_str()).collect::<Vec<_>>(),
        "tasks": v.tasks.iter().map(|&t| problem.task(t).id.as_str()).collect::<Vec<_>>(),
        "message": v.message,
    })
}

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Hard => "hard",
        Level::Medium => "medium",
        Level::Soft => "soft",
    }
}

/// Hard first, then medium and soft by cost, most costly first; stable within.
fn sorted_violations(report: &Report) -> Vec<&Violation> {
    let mut v: Vec<&Violation> = report.violations.iter().collect();
    v.sort_by_key(|x| (x.level, std::cmp::Reverse(x.cost)));
    v
}

/// The human-readable breakdown.
pub(crate) fn render_report(problem: &Problem, report: &Report, max_violations: usize) -> String {
    let _ = problem;
    let mut s = String::new();
    let verdict = if report.valid() {
        "VALID"
    } else if !report.well_formed() {
        "NOT WELL-FORMED"
    } else {
        "NOT VALID (hard violations)"
    };
    s.push_str(&format!("plan: {verdict}   score {}\n", report.score));
    for e in &report.form_errors {
        s.push_str(&format!("  form: {}: {}\n", e.path, e.message));
    }
    for (level, title, unit) in [
        (Level::Hard, "hard rules", "count"),
        (Level::Medium, "medium terms", "cost"),
        (Level::Soft, "soft terms", "cost"),
    ] {
        s.push_str(&format!("{title:<22}{unit:>10}\n"));
        for rule in Rule::of_level(level) {
            let (n, v) = (rule.name(), report.term(rule));
            s.push_str(&format!("  {n:<20}{v:>10}\n"));
        }
    }
    let worst = sorted_violations(report);
    if !worst.is_empty() && max_violations > 0 {
        s.push_str(&format!(
            "worst {} of {} items:\n",
            worst.len().min(max_violations),
            worst.len()
        ));
        for v in worst.iter().take(max_violations) {
            s.push_str(&format!(
                "  [{} {} {}] {}\n",
                level_name(v.level),
                v.rule,
                v.cost,
                v.message
            ));
        }
    }
    s
}
