//! The criterion workload `evaluate_m/feasible_moves_10k` outside criterion, for profilers:
//! the generated M week (seed 1), annealed for 100 000 iterations, then its 10 000 feasible
//! moves evaluated `REPS` times (default 10). Prints the sum of the score changes (the same for
//! every build that gives the same plans) and the evaluations per second.
//!
//! ```text
//! cargo build --release --example evaluate_moves
//! valgrind --tool=callgrind --toggle-collect='*MoveBench*evaluate_moves*' \
//!     target/release/examples/evaluate_moves 10
//! ```
//!
//! With `--toggle-collect` callgrind counts the evaluations alone (not the construction and
//! annealing before them): the instruction counts in BENCHMARKS.md §2 (session 7).

use huiwu::generate::{Scale, generate};
use huiwu::{Score, load_problem_str};

fn main() {
    let reps: u32 = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 10,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: evaluate_moves [REPS]");
            std::process::exit(2);
        }
    };
    let problem = load_problem_str(&generate(Scale::M, 1).to_string()).expect("generated M is valid");
    huiwu::bench::with_annealed(&problem, 1, 100_000, |mb| {
        let moves = mb.feasible_moves(10_000);
        let t = std::time::Instant::now();
        let mut sum = Score::default();
        for _ in 0..reps {
            sum = sum + mb.evaluate_moves(&moves);
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{} evaluations, sum of changes {sum:?}, {:.0} evaluations/s",
            u64::from(reps) * 10_000,
            f64::from(reps) * 10_000.0 / secs.max(1e-9)
        );
    });
}
