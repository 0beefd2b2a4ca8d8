//! `Planner::recommend` on a warm planner (BENCHMARKS.md, "Live operations"): M (240
//! meetings, a week) and L (4000 meetings, 20 days), each with a plan of a fixed iteration
//! budget; 64 requests like the week's meetings (other sizes and durations, one day's window),
//! asked in turn. The percentiles come from `examples/live_bench.rs`; this is the mean.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use huiwu::generate::{Scale, generate};
use huiwu::{Planner, Request, SolveOptions, Solver};
use serde_json::{Value, json};

fn requests(v: &Value, planner: &Planner) -> Vec<Request> {
    let ms = v["meetings"].as_array().map_or(&[][..], Vec::as_slice);
    let days: Vec<&str> = v["days"]
        .as_array()
        .map_or(Vec::new(), |d| d.iter().filter_map(Value::as_str).collect());
    (0..64)
        .filter_map(|i| {
            let mut m = ms.get(i * 7 % ms.len().max(1))?.clone();
            let o = m.as_object_mut()?;
            for k in [
                "pinned",
                "series",
                "preferred_start",
                "windows",
                "people",
                "preferred_staff",
            ] {
                o.remove(k);
            }
            let day = days.get(i % days.len().max(1))?;
            o.insert("id".into(), json!(format!("REQ-{i}")));
            o.insert("attendees".into(), json!(5 + (i * 13) % 60));
            o.insert("duration".into(), json!([60, 90, 120][i % 3]));
            o.insert(
                "windows".into(),
                json!([{ "earliest_start": format!("{day}T08:00"), "latest_end": format!("{day}T18:00") }]),
            );
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
