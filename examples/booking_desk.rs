//! A booking desk's Tuesday against the shipped week (`examples/week.json` and its plan): the
//! shape of a Rust service that keeps a `Planner` in memory. Requests are answered ("where can
//! this meeting go?") and booked; cancellations, a broken room and a sick colleague are
//! re-planned, touching as little as possible. Every step prints what it cost and how long it
//! took.
//!
//! ```text
//! cargo run --release --example booking_desk
//! ```

use std::time::Instant;

use huiwu::{ChangeSet, Planner, load_plan_file};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let problem = std::fs::read_to_string("examples/week.json")?;
    let plan = load_plan_file("examples/week.plan.json")?;
    let t = Instant::now();
    let mut desk = Planner::new(&problem, &plan)?;
    println!(
        "the week: {} meetings, plan {} — desk ready in {:.1} ms\n",
        desk.problem().meetings.len(),
        desk.report().score,
        t.elapsed().as_secs_f64() * 1e3
    );

    // 08:00 Tuesday: the past is fixed from now on.
    desk.set_now(Some("2026-03-03T08:00"))?;

    // A department asks for a 40-person meeting on Tuesday or Wednesday.
    let request = json!({
        "id": "M-0900", "title": "防汛工作协调会", "class": "standard", "attendees": 40, "duration": 90,
        "layout": "classroom",
        "windows": [{ "earliest_start": "2026-03-03T08:00", "latest_end": "2026-03-04T18:00" }]
    });
    let r = desk.request(&request.to_string())?;
    let t = Instant::now();
    let (answer, options) = desk.recommend_dense(&r, 3)?;
    println!(
        "08:05 request M-0900, answered in {:.2} ms:",
        t.elapsed().as_secs_f64() * 1e3
    );
    // The table, with the first rooms that cannot take it.
    let table = answer.to_table();
    let shown: Vec<&str> = table.lines().take(answer.options.len() + 2 + 5).collect();
    print!("{}", indent(&shown.join("\n"), 6));
    println!(
        "      … and {} more rooms that cannot take it",
        answer.rejected.len().saturating_sub(4)
    );
    if let Some(best) = options.first() {
        let booked = desk.accept(&r, best)?;
        println!(
            "      booked option 1: {} at {} — plan now {}\n",
            booked.diff.placed[0].room, booked.diff.placed[0].start, booked.report.score
        );
    }

    // The day's changes, each re-planned as it comes.
    let changes = [
        (
            "09:10",
            "M-0071 is cancelled",
            json!([{ "op": "cancel", "meeting": "M-0071" }]),
        ),
        (
            "10:30",
            "room B-101's air conditioning fails for the rest of the day",
            json!([{ "op": "room_out", "room": "B-101", "start": "2026-03-03T10:30", "end": "2026-03-03T23:00" }]),
        ),
        (
            "11:00",
            "S-0016 goes home ill until Thursday",
            json!([{ "op": "staff_out", "staff": "S-0016", "start": "2026-03-03T11:00", "end": "2026-03-05T00:00" }]),
        ),
        (
            "14:00",
            "the mayor's office adds an urgent meeting for tomorrow morning",
            json!([{ "op": "add", "meeting": {
                "id": "M-0901", "title": "市长专题会", "class": "confidential", "attendees": 12, "duration": 60,
                "priority": 5, "confidential": 2,
                "windows": [{ "earliest_start": "2026-03-04T08:00", "latest_end": "2026-03-04T12:00" }] } }]),
        ),
    ];
    for (clock, what, list) in changes {
        desk.set_now(Some(&format!("2026-03-03T{clock}")))?;
        let cs = ChangeSet::from_json_str(&json!({ "version": 1, "changes": list }).to_string())?;
        let t = Instant::now();
        let r = desk.apply(&cs)?;
        let d = &r.diff;
        println!(
            "{clock} {what}: re-planned in {:.1} ms — {} moved ({} out of the way), {} placed, {} unplaced, {} tasks restaffed; plan {}",
            t.elapsed().as_secs_f64() * 1e3,
            d.moved.len(),
            r.eased.len(),
            d.placed.len(),
            d.unplaced.len(),
            d.staff.len(),
            r.report.score
        );
        for u in &d.unplaced {
            println!("      {} is out: {}", u.meeting, u.reason);
        }
    }
    Ok(())
}

fn indent(text: &str, n: usize) -> String {
    text.lines().map(|l| format!("{}{l}\n", " ".repeat(n))).collect()
}
