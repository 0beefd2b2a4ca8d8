//! The live-operations targets (BENCHMARKS.md, "Live operations"), measured on generated weeks:
//!
//! ```text
//! cargo run --release --example live_bench -- recommend M     # p50/p99 of Planner::recommend
//! cargo run --release --example live_bench -- apply M         # single changes and sets of 5
//! cargo run --release --example live_bench -- day M           # 100 random changes in a row
//! ```
//!
//! Each week is `huiwu generate --scale X --seed 3`, its current plan a solve of 1 000 000
//! iterations per worker (seed 1): the same on every run.
//! Times are wall-clock on this machine; the solver's own search runs on every core.

use std::time::{Duration, Instant};

use huiwu::generate::{Scale, generate};
use huiwu::{ChangeSet, Mode, Plan, Planner, Problem, ReplanOptions, SolveOptions, Solver, load_problem_str};
use serde_json::{Value, json};

#[path = "../benches/common/requests.rs"]
mod requests;

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

fn scale(name: &str) -> Scale {
    match name {
        "S" => Scale::S,
        "L" => Scale::L,
        "XL" => Scale::XL,
        _ => Scale::M,
    }
}

/// The current plan: the same on every run and machine (a fixed iteration budget, about 10 s
/// here on M).
fn solve(p: &Problem) -> Plan {
    Solver::new(
        SolveOptions::default()
            .time_limit_secs(120.0)
            .max_iterations(1_000_000)
            .seed(1),
    )
    .solve(p)
    .plan
}

fn week(name: &str) -> (Value, Problem, Plan) {
    let v = generate(scale(name), 3);
    let p = load_problem_str(&v.to_string()).expect("generated problem loads");
    let t = Instant::now();
    let plan = solve(&p);
    eprintln!(
        "{name}: {} meetings, current plan solved in {:.1} s",
        p.meetings.len(),
        t.elapsed().as_secs_f64()
    );
    (v, p, plan)
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The week's planning days.
fn days(v: &Value) -> Vec<&str> {
    v["days"]
        .as_array()
        .expect("days")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// A new meeting like a random one of the week: other attendees and duration, one day's
/// window.
fn request(v: &Value, g: &mut Rng, id: &str) -> Value {
    let meeting = g.below(v["meetings"].as_array().map_or(0, Vec::len));
    let day = g.below(days(v).len());
    let attendees = 5 + g.below(60);
    let duration = [60, 90, 120][g.below(3)];
    requests::like_meeting(v, meeting, day, attendees, duration, id).expect("the week has meetings and days")
}

/// A random single change of the week `v`: cancel, add, room out for an afternoon, a person
/// out for a day, a meeting grown.
fn change(v: &Value, g: &mut Rng, k: usize) -> Value {
    let (meetings, rooms, staff) = (ids(v, "meetings"), ids(v, "rooms"), ids(v, "staff"));
    let days = days(v);
    let day = days[g.below(days.len())];
    match k % 5 {
        0 => json!({ "op": "cancel", "meeting": meetings[g.below(meetings.len())] }),
        1 => json!({ "op": "add", "meeting": request(v, g, &format!("NEW-{k}")) }),
        2 => json!({ "op": "room_out", "room": rooms[g.below(rooms.len())],
                     "start": format!("{day}T13:00"), "end": format!("{day}T18:00") }),
        3 => json!({ "op": "staff_out", "staff": staff[g.below(staff.len())],
                     "start": format!("{day}T00:00"), "end": format!("{day}T23:59") }),
        _ => json!({ "op": "update", "meeting": meetings[g.below(meetings.len())],
                     "set": { "attendees": 10 + g.below(50) } }),
    }
}

fn percentile(xs: &mut [Duration], q: f64) -> Duration {
    xs.sort();
    xs[((xs.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn bench_recommend(name: &str) {
    let (v, _, plan) = week(name);
    let t = Instant::now();
    let mut planner = Planner::new(&v.to_string(), &plan).expect("planner");
    eprintln!("planner built in {}", ms(t.elapsed()));
    let mut g = Rng(11);
    let mut read = Vec::new();
    let mut times = Vec::new();
    let (mut options, mut moved) = (0, 0);
    for i in 0..300 {
        let text = request(&v, &mut g, &format!("REQ-{i}")).to_string();
        let t = Instant::now();
        let r = planner.request(&text).expect("request");
        read.push(t.elapsed());
        let t = Instant::now();
        let answer = planner.recommend(&r, 5).expect("answer");
        let dt = t.elapsed();
        // The first 20 warm the caches.
        if i >= 20 {
            times.push(dt);
        }
        options += answer.options.len();
        moved += answer.options.iter().filter(|o| !o.moves.is_empty()).count();
    }
    println!(
        "recommend {name}: {} requests, top 5: p50 {}, p99 {}, max {}; reading a request p50 {}; {:.1} options per request ({} with a move)",
        times.len(),
        ms(percentile(&mut times, 0.5)),
        ms(percentile(&mut times, 0.99)),
        ms(percentile(&mut times, 1.0)),
        ms(percentile(&mut read, 0.5)),
        options as f64 / 300.0,
        moved
    );
}

fn replan(
    v: &Value,
    p: &Problem,
    plan: &Plan,
    changes: &[Value],
    options: &ReplanOptions,
) -> Option<(huiwu::Replan, Duration)> {
    let cs = ChangeSet::from_json_str(&json!({ "version": 1, "changes": changes }).to_string()).ok()?;
    let t = Instant::now();
    let r = cs.replan_with(v, p, plan, options).ok()?;
    Some((r, t.elapsed()))
}

fn bench_apply(name: &str) {
    let (v, p, plan) = week(name);
    let mut g = Rng(5);
    let quick = ReplanOptions::default();
    let long = ReplanOptions::default().time_limit_secs(10.0);
    let balanced = ReplanOptions::default()
        .mode(Mode::Balanced)
        .time_limit_secs(10.0)
        .seed(1);
    println!("apply {name}, single changes: minimal (default), minimal with 10 s, balanced with 10 s:");
    println!(
        "| change | minimal | medium (trivial) | moved (out of the way) | staff changes | minimal 10 s: medium, time | balanced 10 s: medium, moved, staff changes |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut equal = 0;
    let mut untouched_moved_without_gain = 0;
    let mut singles = Vec::new();
    for k in 0..10 {
        let c = change(&v, &mut g, k);
        let Some((r, dt)) = replan(&v, &p, &plan, std::slice::from_ref(&c), &quick) else {
            continue;
        };
        singles.push(dt);
        let (r10, dt10) = replan(&v, &p, &plan, std::slice::from_ref(&c), &long).expect("same change");
        let (b, _) = replan(&v, &p, &plan, std::slice::from_ref(&c), &balanced).expect("same change");
        equal += usize::from(r.report.score.medium == r10.report.score.medium);
        let untouched_moved = r
            .diff
            .moved
            .iter()
            .filter(|m| !r.touched.contains(&m.meeting))
            .count();
        if untouched_moved > 0 && r.report.score.medium >= r.trivial.medium {
            untouched_moved_without_gain += 1;
        }
        println!(
            "| {} | {} | {} ({}) | {} ({}) | {} | {}, {} | {}{}, {}, {} |",
            c["op"].as_str().unwrap_or_default(),
            ms(dt),
            r.report.score.medium,
            r.trivial.medium,
            r.diff.moved.len(),
            r.eased.len(),
            r.diff.staff.len(),
            r10.report.score.medium,
            ms(dt10),
            b.report.score.medium,
            if b.mode == Mode::Balanced {
                ""
            } else {
                " (minimal's)"
            },
            b.diff.moved.len(),
            b.diff.staff.len()
        );
    }
    println!(
        "single changes: max {}; medium equal to the 10 s re-plan's on {equal} of {}; untouched meetings moved without a medium gain: {untouched_moved_without_gain}",
        ms(percentile(&mut singles, 1.0)),
        singles.len()
    );
    let mut sets = Vec::new();
    for k in 0..10 {
        let changes: Vec<Value> = (0..5).map(|i| change(&v, &mut g, k * 5 + i)).collect();
        if let Some((_, dt)) = replan(&v, &p, &plan, &changes, &quick) {
            sets.push(dt);
        }
    }
    println!(
        "sets of 5 changes: {} applied, p50 {}, max {}",
        sets.len(),
        ms(percentile(&mut sets, 0.5)),
        ms(percentile(&mut sets, 1.0))
    );
}

fn bench_day(name: &str) {
    let (v, _, plan) = week(name);
    for sequence in 0..3 {
        day(name, &v, &plan, sequence);
    }
}

/// One day of 100 random changes (sequence `sequence`) applied one after another.
fn day(name: &str, v: &Value, plan: &Plan, sequence: u64) {
    let mut planner = Planner::new(&v.to_string(), plan).expect("planner");
    let mut g = Rng(17 + sequence);
    let t = Instant::now();
    let (mut applied, mut rejected) = (0, 0);
    for k in 0..100 {
        let c = change(planner.problem_json(), &mut g, k);
        let cs = ChangeSet::from_json_str(&json!({ "version": 1, "changes": [c] }).to_string())
            .expect("change set");
        match planner.apply(&cs) {
            Ok(r) => {
                assert_eq!(
                    r.report.score.hard,
                    r.report.term(huiwu::Rule::Pinned),
                    "a re-plan broke a rule"
                );
                applied += 1;
            }
            // A change can make the problem invalid (a meeting grown past every room's
            // layout, say): rejected with its path, the week goes on.
            Err(_) => rejected += 1,
        }
    }
    let day = t.elapsed();
    let final_medium = planner.report().score.medium;
    let terms = |r: &huiwu::Report| {
        format!(
            "unassigned {}, missing_staff {}",
            r.term(huiwu::Rule::Unassigned),
            r.term(huiwu::Rule::MissingStaff)
        )
    };
    eprintln!("final plan: {}", terms(planner.report()));
    let p = planner.problem().clone();
    let full = Solver::new(SolveOptions::default().time_limit_secs(10.0).seed(1)).solve(&p);
    eprintln!("re-solve: {}", terms(&full.report));
    println!(
        "day {name}, sequence {sequence}: 100 changes ({applied} applied, {rejected} rejected as invalid input) in {:.2} s; final medium {final_medium}, a 10 s re-solve of the final problem {} ({:+.1} %)",
        day.as_secs_f64(),
        full.report.score.medium,
        (final_medium - full.report.score.medium) as f64 * 100.0 / full.report.score.medium.max(1) as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("recommend", String::as_str);
    let name = args.get(1).map_or("M", String::as_str);
    match what {
        "apply" => bench_apply(name),
        "day" => bench_day(name),
        _ => bench_recommend(name),
    }
}
