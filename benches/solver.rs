//! Solver benchmarks on generated instances: move evaluations per second of the incremental
//! state (criterion reports them as throughput), the first-fit baseline and a short solve.
//!
//! `cargo bench --bench solver` (the lead runs it in release mode; see docs/solver.md).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huiwu::generate::{Scale, generate};
use huiwu::{SolveOptions, Solver, load_problem_str};

fn bench(c: &mut Criterion) {
    let problem = load_problem_str(&generate(Scale::M, 1).to_string()).expect("generated M is valid");
    // A fixed number of iterations, no MIP: the run is deterministic, so its move count is
    // known before timing and criterion can report move evaluations per second.
    let opts = SolveOptions::default()
        .seed(1)
        .threads(1)
        .max_iterations(20_000)
        .use_mip(false)
        .time_limit_secs(600.0);
    let moves = Solver::new(opts.clone()).solve(&problem).stats.moves_evaluated;
    let mut g = c.benchmark_group("solver_m");
    g.sample_size(10);
    g.throughput(Throughput::Elements(moves));
    g.bench_function("anneal_20k_iterations_x4_workers", |b| {
        b.iter(|| Solver::new(opts.clone()).solve(&problem))
    });
    g.finish();
    // Incremental evaluation on the plan after 100 000 iterations of annealing (M, 1 thread;
    // by then insertions, refused on M, are drawn at their lower rate, as in a long solve):
    // 10 000 feasible moves in the search's own mix (staff added or replaced, meetings moved
    // with their staff following and refilled, swaps, insertions), each drawn again and
    // evaluated to its exact score change; none is accepted, so every sample sees one plan.
    // Then the search's draws as they come (infeasible draws, about four in five, included
    // in the time) and the annealing loop itself.
    huiwu::bench::with_annealed(&problem, 1, 100_000, |mb| {
        let moves = mb.feasible_moves(10_000);
        let mut g = c.benchmark_group("evaluate_m");
        g.sample_size(20);
        g.throughput(Throughput::Elements(10_000));
        g.bench_function("feasible_moves_10k", |b| b.iter(|| mb.evaluate_moves(&moves)));
        g.bench_function("draws_until_10k_feasible", |b| b.iter(|| mb.evaluate(10_000)));
        g.finish();
        let evaluated = mb.anneal(50_000);
        let mut g = c.benchmark_group("anneal_m");
        g.sample_size(10);
        g.throughput(Throughput::Elements(evaluated));
        g.bench_function("anneal_50k_iterations_1_worker", |b| b.iter(|| mb.anneal(50_000)));
        g.finish();
    });
    let mut g = c.benchmark_group("baseline_m");
    g.sample_size(10);
    g.bench_function("first_fit", |b| b.iter(|| huiwu::first_fit(&problem)));
    g.finish();
    slots(c);
}

/// The slot engine on ITC-2007 comp07 (434 lectures, 20 rooms, 45 periods), read from
/// `benches/data/itc2007` (the public data ships with the repository).
fn slots(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/itc2007/comp07.ctt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ctt = huiwu::convert::itc2007::parse_ctt(&text).expect("comp07 parses");
    let problem = huiwu::convert::itc2007::to_problem(&ctt).expect("comp07 converts");
    let opts = SolveOptions::default()
        .seed(1)
        .threads(1)
        .max_iterations(500_000)
        .time_limit_secs(600.0);
    let out = Solver::new(opts.clone()).solve(&problem);
    assert_eq!(out.stats.engine, huiwu::Engine::Slots);
    let mut g = c.benchmark_group("slots_itc_comp07");
    g.sample_size(10);
    g.throughput(Throughput::Elements(out.stats.moves_evaluated));
    g.bench_function("anneal_500k_iterations_x2_workers", |b| {
        b.iter(|| Solver::new(opts.clone()).solve(&problem))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
