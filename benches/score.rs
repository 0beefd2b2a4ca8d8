//! Scorer speed on L (4000 meetings) and XL (15000 meetings) plans of two kinds:
//! - `first-fit`: the valid plan of the first-fit baseline (what `check` sees day to day);
//! - `random`: every meeting at a random planning day and hour in a random room, each task
//!   with up to its need of random staff — tens of thousands of violations to find and
//!   describe in sentences, the slow case.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use huiwu::generate::{Scale, generate};
use huiwu::{Assignment, Placement, Problem};

fn problem(scale: Scale) -> Problem {
    let text = generate(scale, 1).to_string();
    match huiwu::load_problem_str(&text) {
        Ok(p) => p,
        Err(e) => panic!("generated problem does not load: {e}"),
    }
}

/// SplitMix64: a fixed, seedable sequence.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

fn random_plan(p: &Problem) -> Assignment {
    let mut g = Rng(7);
    let mut a = Assignment::empty(p);
    for m in p.meeting_ids() {
        let day = p.days[g.below(p.days.len())];
        let start = day * huiwu::DAY + 8 * 60 + 15 * g.below(36) as i32;
        let Some(room) = p.room_ids().nth(g.below(p.rooms.len())) else {
            return a;
        };
        a.placements[m.index()] = Some(Placement { room, start });
    }
    for t in p.task_ids() {
        let need = p.task(t).need as usize;
        a.staffing[t.index()] = (0..g.below(need + 1))
            .filter_map(|_| p.staff_ids().nth(g.below(p.staff.len())))
            .collect();
    }
    a
}

fn bench_score(c: &mut Criterion) {
    for (name, scale) in [("L", Scale::L), ("XL", Scale::XL)] {
        let p = problem(scale);
        for (kind, a) in [("first-fit", huiwu::first_fit(&p)), ("random", random_plan(&p))] {
            let report = huiwu::evaluate(&p, &a);
            eprintln!(
                "{name} {kind}: {} violations and cost items, score {}",
                report.violations.len(),
                report.score
            );
            c.bench_function(
                &format!("evaluate {name} {kind} ({} meetings)", p.meetings.len()),
                |b| b.iter(|| black_box(huiwu::evaluate(&p, black_box(&a)))),
            );
            let plan = a.to_plan(&p);
            c.bench_function(&format!("check {name} {kind} (resolve + evaluate)"), |b| {
                b.iter(|| black_box(huiwu::check(&p, black_box(&plan))))
            });
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_score
}
criterion_main!(benches);
