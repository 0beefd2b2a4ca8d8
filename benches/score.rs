//! Scorer speed: a full evaluation of an L (4000 meetings) and an XL (15000 meetings) plan.
//!
//! The plans are deliberately imperfect (every meeting placed at the start of its first window
//! in a room that fits it, rotating over rooms, each task staffed with the first qualified
//! people), so the scorer has many violations to find and describe: the slow case.

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

fn dense_plan(p: &Problem) -> Assignment {
    let mut a = Assignment::empty(p);
    let rooms: Vec<_> = p.room_ids().collect();
    for (i, m) in p.meeting_ids().enumerate() {
        let start = match &p.meeting(m).windows {
            Some(ws) if !ws.is_empty() => ws[0].start,
            _ => p.days[0] * huiwu::model::DAY + 9 * 60,
        };
        let room = (0..rooms.len())
            .map(|k| rooms[(i + k) % rooms.len()])
            .find(|&r| p.room_fits(m, r))
            .unwrap_or(rooms[i % rooms.len()]);
        a.placements[m.index()] = Some(Placement { room, start });
        for &t in &p.meeting(m).tasks {
            let need = p.task(t).need as usize;
            a.staffing[t.index()] = p
                .staff_ids()
                .filter(|&s| p.staff_qualifies(s, t))
                .take(need)
                .collect();
        }
    }
    a
}

fn bench_score(c: &mut Criterion) {
    for (name, scale) in [("L", Scale::L), ("XL", Scale::XL)] {
        let p = problem(scale);
        let a = dense_plan(&p);
        c.bench_function(&format!("evaluate {name} ({} meetings)", p.meetings.len()), |b| {
            b.iter(|| black_box(huiwu::evaluate(&p, black_box(&a))))
        });
        let plan = a.to_plan(&p);
        c.bench_function(&format!("check {name} (resolve + evaluate)"), |b| {
            b.iter(|| black_box(huiwu::check(&p, black_box(&plan))))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_score
}
criterion_main!(benches);
