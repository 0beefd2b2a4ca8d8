//! `huiwu generate --scale S|M|L|XL --seed N [-o FILE]`.

use std::path::PathBuf;

use clap::Args;

use huiwu::generate::{Scale, generate};

use super::{CliError, CliResult, write_output};

#[derive(Args, Debug)]
pub(crate) struct GenerateArgs {
    /// S (one building-day), M (a week, 4 buildings), L (20 days, 12 buildings), XL (20 days, 40 buildings).
    #[arg(long, default_value = "M")]
    scale: String,
    /// Seed: the same seed gives the same problem.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output file (stdout when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: GenerateArgs) -> CliResult {
    let scale: Scale = args
        .scale
        .parse()
        .map_err(|_| CliError::Input(format!("--scale: expected S, M, L or XL, got {:?}", args.scale)))?;
    let t = std::time::Instant::now();
    let value = generate(scale, args.seed);
    let text = serde_json::to_string_pretty(&value).map_err(|e| CliError::Fail(e.to_string()))?;
    super::log!(
        "generated {:?} seed {} in {:.0} ms",
        scale,
        args.seed,
        t.elapsed().as_secs_f64() * 1e3
    );
    write_output(args.output.as_deref(), &text)?;
    Ok(0)
}
