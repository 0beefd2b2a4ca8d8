//! ITC-2007 track 3 benchmark: imports each `.ctt` instance (SPEC §5), solves it with huiwu's
//! `Solver`, checks the plan with huiwu's scorer and with the independent ITC evaluator, and
//! compares the cost with the best known value.
//!
//! ```text
//! cargo run --release --example itc2007_bench -- --time-limit 10 --threads 1 --seed 1 \
//!     [--instances comp01,comp05] [--data benches/data/itc2007] [--markdown OUT.md] \
//!     [--solutions DIR]
//! ```
//!
//! The data directory defaults to `$HUIWU_BENCH_DIR/itc2007`, else the repository's
//! `benches/data/itc2007` (the public instances ship there).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;
use huiwu::convert::itc2007::{itc_cost, parse_ctt, plan_to_solution, to_problem};
use huiwu::{SolveOptions, Solver, check};

/// Command-line arguments.
#[derive(Parser, Debug)]
#[command(about = "Solve ITC-2007 track 3 instances with huiwu and compare with the best known costs")]
struct Args {
    /// Seconds per instance.
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Solver threads (0 = all cores).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Comma-separated instance names (default: comp01..comp21).
    #[arg(long, value_delimiter = ',')]
    instances: Option<Vec<String>>,
    /// Directory holding `compNN.ctt` and `best_known_ud2.csv`.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Also write the table as Markdown to this file.
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Write each solution (`compNN.sol`, ITC format) into this directory.
    #[arg(long)]
    solutions: Option<PathBuf>,
}

/// One instance's result.
struct Row {
    instance: String,
    placed: usize,
    total: usize,
    hard: i64,
    medium: i64,
    soft: i64,
    itc_hard: i64,
    itc_total: i64,
    best: Option<i64>,
    time_to_best: f64,
    elapsed: f64,
    moves_per_second: f64,
    terms: [i64; 4],
    agree: bool,
}

impl Row {
    /// Feasible in ITC terms: every lecture placed, no hard violation in either checker.
    fn feasible(&self) -> bool {
        self.placed == self.total && self.hard == 0 && self.itc_hard == 0
    }
}

fn data_dir(arg: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = arg {
        return Ok(dir);
    }
    if let Ok(dir) = std::env::var("HUIWU_BENCH_DIR") {
        return Ok(PathBuf::from(dir).join("itc2007"));
    }
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/itc2007");
    if shipped.is_dir() {
        return Ok(shipped);
    }
    bail!("no ITC-2007 data found: pass --data or set HUIWU_BENCH_DIR")
}

fn best_known(dir: &Path) -> Result<BTreeMap<String, i64>> {
    let path = dir.join("best_known_ud2.csv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (Some(name), Some(best)) = (cells.first(), cells.get(2)) else {
            bail!("{}:{}: expected `instance,name,best,…`", path.display(), i + 1);
        };
        let best: i64 = best
            .trim()
            .parse()
            .with_context(|| format!("{}:{}: bad best value {best:?}", path.display(), i + 1))?;
        out.insert(name.trim().to_string(), best);
    }
    Ok(out)
}

fn run_instance(dir: &Path, name: &str, args: &Args, best: Option<i64>) -> Result<Row> {
    let path = dir.join(format!("{name}.ctt"));
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let ctt = parse_ctt(&text).with_context(|| path.display().to_string())?;
    let problem =
        to_problem(&ctt).map_err(|e| anyhow::anyhow!("{name}: the converted problem does not load: {e}"))?;
    let options = SolveOptions::default()
        .time_limit_secs(args.time_limit)
        .seed(args.seed)
        .threads(args.threads);
    let started = Instant::now();
    let outcome = Solver::new(options).solve(&problem);
    let elapsed = started.elapsed().as_secs_f64();
    // Re-score from scratch: the plan's own score must not be taken on trust.
    let report = check(&problem, &outcome.plan);
    let solution = plan_to_solution(&ctt, &problem, &outcome.plan).with_context(|| name.to_string())?;
    if let Some(out) = &args.solutions {
        std::fs::create_dir_all(out)?;
        std::fs::write(out.join(format!("{name}.sol")), &solution)?;
    }
    let itc = itc_cost(&ctt, &solution);
    let term = |t: &str| huiwu::Rule::from_name(t).map_or(0, |r| report.term(r));
    let placed = outcome.plan.meetings.len();
    let total = ctt.total_lectures();
    // With every lecture placed and no hard violation, huiwu's soft must equal ITC's total.
    let agree = if placed == total && report.score.hard == 0 {
        itc.hard() == 0 && itc.total() == report.score.soft && outcome.report.score == report.score
    } else {
        outcome.report.score == report.score
    };
    Ok(Row {
        instance: name.to_string(),
        placed,
        total,
        hard: report.score.hard,
        medium: report.score.medium,
        soft: report.score.soft,
        itc_hard: itc.hard(),
        itc_total: itc.total(),
        best,
        time_to_best: outcome.stats.time_to_best,
        elapsed,
        moves_per_second: outcome.stats.moves_per_second,
        terms: [
            term("capacity_overflow"),
            term("series_spread"),
            term("isolated"),
            term("series_room"),
        ],
        agree,
    })
}

fn table(rows: &[Row], args: &Args) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "ITC-2007 track 3 (UD2), huiwu, time limit {} s, threads {}, seed {}\n",
        args.time_limit, args.threads, args.seed
    );
    s.push_str(
        "| instance | placed | hard | medium | cost (soft) | ITC cost | best known | ratio | time to best (s) | \
         elapsed (s) | moves/s | RoomCapacity | MinWorkingDays | Compactness | RoomStability | checkers agree |\n",
    );
    s.push_str("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    let (mut sum_cost, mut sum_best, mut counted) = (0i64, 0i64, 0usize);
    let mut term_sums = [0i64; 4];
    for r in rows {
        let best = r.best.map_or("?".to_string(), |b| b.to_string());
        let ratio = match r.best {
            Some(b) if b > 0 && r.feasible() => format!("{:.2}", r.soft as f64 / b as f64),
            Some(0) if r.feasible() => {
                if r.soft == 0 {
                    "1.00".to_string()
                } else {
                    "— (best 0)".to_string()
                }
            }
            _ => "—".to_string(),
        };
        let itc = if r.itc_hard == 0 {
            r.itc_total.to_string()
        } else {
            format!("{} (hard {})", r.itc_total, r.itc_hard)
        };
        let _ = writeln!(
            s,
            "| {} | {}/{} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.0} | {} | {} | {} | {} | {} |",
            r.instance,
            r.placed,
            r.total,
            r.hard,
            r.medium,
            r.soft,
            itc,
            best,
            ratio,
            r.time_to_best,
            r.elapsed,
            r.moves_per_second,
            r.terms[0],
            r.terms[1],
            r.terms[2],
            r.terms[3],
            if r.agree { "yes" } else { "**NO**" }
        );
        if let (Some(b), true) = (r.best, r.feasible()) {
            sum_cost += r.soft;
            sum_best += b;
            counted += 1;
            for (acc, t) in term_sums.iter_mut().zip(r.terms) {
                *acc += t;
            }
        }
    }
    let _ = writeln!(
        s,
        "\nFeasible on {counted} of {} instances. Over those: Σ cost = {sum_cost}, Σ best = {sum_best}, \
         Σ cost / Σ best = {}.",
        rows.len(),
        if sum_best > 0 {
            format!("{:.2}", sum_cost as f64 / sum_best as f64)
        } else {
            "—".to_string()
        }
    );
    let _ = writeln!(
        s,
        "Σ by term: RoomCapacity {}, MinWorkingDays {}, Compactness {}, RoomStability {}.",
        term_sums[0], term_sums[1], term_sums[2], term_sums[3]
    );
    s
}

fn main() -> Result<()> {
    let args = Args::parse();
    let dir = data_dir(args.data.clone())?;
    let best = best_known(&dir)?;
    let names: Vec<String> = match &args.instances {
        Some(list) => list.iter().map(|s| s.trim().to_string()).collect(),
        None => (1..=21).map(|i| format!("comp{i:02}")).collect(),
    };
    let mut rows = Vec::new();
    for name in &names {
        let row = run_instance(&dir, name, &args, best.get(name).copied())?;
        eprintln!(
            "{name}: placed {}/{}, hard {}, cost {}, ITC {} (hard {}), best {}, {:.1} s",
            row.placed,
            row.total,
            row.hard,
            row.soft,
            row.itc_total,
            row.itc_hard,
            row.best.map_or("?".into(), |b| b.to_string()),
            row.elapsed
        );
        rows.push(row);
    }
    let out = table(&rows, &args);
    print!("{out}");
    if let Some(md) = &args.markdown {
        std::fs::write(md, &out).with_context(|| format!("writing {}", md.display()))?;
    }
    if rows.iter().any(|r| !r.agree) {
        bail!("huiwu's scorer and the ITC evaluator disagree on at least one instance (see the table)");
    }
    Ok(())
}
