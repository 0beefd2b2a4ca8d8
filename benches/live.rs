//! `Planner::recommend` on a warm planner (BENCHMARKS.md, "Live operations"): M (240
//! meetings, a week) and L (4000 meetings, 20 days), each with a plan of a fixed iteration
//! budget; 64 requests like the week's meetings (other sizes and durations, one day's window),
//! asked in turn. The percentiles come from `examples/live_bench.rs`; this is the mean.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use huiwu::generate::{Scale, generate};
use huiwu::{Planner, Request, SolveOptions, Solver};
use serde_json::Value;

#[path = "common/requests.rs"]
mod requests;

fn requests(v: &Value, planner: &Planner) -> Vec<Request> {
    (0..64)
        .filter_map(|i| {
            let m = requests::like_meeting(
                v,
                i * 7,
                i,
                5 + (i * 13) % 60,
                [60, 90, 120][i % 3],
                &format!("REQ-{i}"),
            )?;
            planner.request(&m.to_string()).ok()
        })
        .collect()
}

fn bench_recommend(c: &mut Criterion) {
    for (name, scale) in [("M", Scale::M), ("L", Scale::L)] {
        let v = generate(scale, 3);
        let text = v.to_string();
        let p = huiwu::load_problem_str(&text).expect("generated problem loads");
        let options = SolveOptions::default()
            .seed(1)
            .threads(1)
            .max_iterations(200_000)
            .use_mip(false);
        let plan = Solver::new(options).solve(&p).plan;
        let mut planner = Planner::new(&text, &plan).expect("planner");
        let rs = requests(&v, &planner);
        assert!(!rs.is_empty(), "no request read");
        let mut i = 0;
        c.bench_function(
            &format!("recommend {name} top 5 ({} meetings)", p.meetings.len()),
            |b| {
                b.iter(|| {
                    i = (i + 1) % rs.len();
                    black_box(planner.recommend(black_box(&rs[i]), 5).map(|a| a.options.len()))
                })
            },
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_recommend
}
criterion_main!(benches);
