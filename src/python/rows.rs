//! Plain-data views of a problem and a plan for the Python layer (rows become DataFrames).
//!
//! Everything here is built as `serde_json::Value` so that one converter turns it into Python
//! objects; no pyo3 type appears in this file. Values are derived from the validated
//! [`Problem`] (defaults applied), never re-parsed from the JSON in Python.

use serde_json::{Value, json};

use crate::model::{Calendar, Minute, Problem};
use crate::score::Report;
use crate::solver::{Stats, Status};

fn clock(m: Minute) -> String {
    if m == crate::model::DAY {
        "24:00".to_string()
    } else {
        Calendar::format_clock(m)
    }
}

fn names<'a>(interned: &'a [String], ids: impl Iterator<Item = usize> + 'a) -> Vec<&'a str> {
    ids.filter_map(|i| interned.get(i).map(String::as_str)).collect()
}

/// Sizes, days and buildings of a problem.
pub fn summary(problem: &Problem) -> Value {
    let mut rooms_per = vec![0usize; problem.buildings.len()];
    for r in &problem.rooms {
        if let Some(n) = rooms_per.get_mut(r.building.index()) {
            *n += 1;
        }
    }
    let mut staff_per = vec![0usize; problem.buildings.len()];
    for s in &problem.staff {
        if let Some(n) = staff_per.get_mut(s.building.index()) {
            *n += 1;
        }
    }
    let buildings: Vec<Value> = problem
        .buildings
        .iter()
        .enumerate()
        .map(|(i, b)| {
            json!({
                "id": b.id, "name": b.name,
                "opening": format!("{}–{}", clock(b.opening.start), clock(b.opening.end)),
                "rooms": rooms_per.get(i).copied().unwrap_or(0),
                "staff": staff_per.get(i).copied().unwrap_or(0),
            })
        })
        .collect();
    let days: Vec<String> = problem
        .days
        .iter()
        .map(|&d| problem.calendar.format_day(d))
        .collect();
    json!({
        "name": problem.name,
        "timezone": problem.timezone,
        "granularity_minutes": problem.granularity,
        "days": days,
        "opening": format!("{}–{}", clock(problem.opening.start), clock(problem.opening.end)),
        "buildings": buildings,
        "rooms": problem.rooms.len(),
        "seats": problem.rooms.iter().map(|r| r.capacity as i64).sum::<i64>(),
        "staff": problem.staff.len(),
        "meetings": problem.meetings.len(),
        "attendees": problem.meetings.iter().map(|m| m.attendees as i64).sum::<i64>(),
        "meeting_minutes": problem.meetings.iter().map(|m| m.duration as i64).sum::<i64>(),
        "pinned": problem.meetings.iter().filter(|m| m.pinned.is_some()).count(),
        "tasks": problem.tasks.len(),
        "service_classes": problem.classes.len(),
        "series": problem.series.len(),
        "people": problem.people.len(),
        "has_reference": problem.reference.is_some(),
        "weights": crate::model::Rule::weighted()
            .map(|r| (r.name().to_string(), json!(problem.weights[r])))
            .collect::<serde_json::Map<_, _>>(),
        "warnings": problem.warnings.iter()
            .map(|w| json!({"path": w.path, "message": w.message})).collect::<Vec<_>>(),
    })
}

/// Everything known about one meeting request (for `explain`), `None` for an unknown id.
pub fn meeting_info(problem: &Problem, id: &str) -> Option<Value> {
    let m = problem.meeting_id(id)?;
    let meeting = problem.meeting(m);
    let cal = &problem.calendar;
    let windows = meeting.windows.as_ref().map(|ws| {
        ws.iter()
            .map(|w| json!({"earliest_start": cal.format(w.start), "latest_end": cal.format(w.end)}))
            .collect::<Vec<_>>()
    });
    let fitting: Vec<&str> = problem
        .room_ids()
        .filter(|&r| problem.room_fits(m, r))
        .map(|r| problem.room(r).id.as_str())
        .collect();
    let big_enough = problem
        .room_ids()
        .filter(|&r| problem.seats(r, m).is_some_and(|s| s >= meeting.attendees))
        .count();
    let with_features = problem.room_ids().filter(|&r| problem.has_features(r, m)).count();
    let cleared = problem
        .room_ids()
        .filter(|&r| problem.room(r).confidential_level >= meeting.confidential)
        .count();
    let class = &problem.classes[meeting.class.index()];
    Some(json!({
        "id": meeting.id,
        "title": meeting.title,
        "class": class.id,
        "setup_minutes": class.setup_minutes,
        "teardown_minutes": class.teardown_minutes,
        "attendees": meeting.attendees,
        "duration": meeting.duration,
        "layout": meeting.layout.and_then(|l| problem.layout_names.get(l.index()).cloned()),
        "features": names(&problem.feature_names, meeting.features.iter().map(|f| f.index())),
        "equipment": meeting.equipment.iter()
            .filter_map(|(k, n)| problem.kind_names.get(k.index()).map(|k| (k.clone(), json!(n))))
            .collect::<serde_json::Map<_, _>>(),
        "people": meeting.people.iter().filter_map(|p| problem.people.get(p.index()).map(|p| p.id.clone()))
            .collect::<Vec<_>>(),
        "confidential": meeting.confidential,
        "priority": meeting.priority,
        "preferred_rooms": meeting.preferred_rooms.iter().map(|&r| problem.room(r).id.clone()).collect::<Vec<_>>(),
        "preferred_start": meeting.preferred_start.map(|t| cal.format(t)),
        "preferred_staff": meeting.preferred_staff.iter()
            .filter_map(|s| problem.staff.get(s.index()).map(|s| s.id.clone())).collect::<Vec<_>>(),
        "series": meeting.series.and_then(|s| problem.series.get(s.index()).map(|s| s.id.clone())),
        "pinned": meeting.pinned.map(|p| json!({"room": problem.room(p.room).id, "start": cal.format(p.start)})),
        "windows": windows,
        "tasks": meeting.tasks.iter().map(|&t| problem.task(t).id.clone()).collect::<Vec<_>>(),
        "fitting_rooms": fitting,
        "rooms_total": problem.rooms.len(),
        "rooms_big_enough": big_enough,
        "rooms_with_features": with_features,
        "rooms_cleared": cleared,
    }))
}

/// One room's facts, `None` for an unknown id.
pub fn room_info(problem: &Problem, id: &str) -> Option<Value> {
    let r = problem.room_id(id)?;
    let room = problem.room(r);
    Some(json!({
        "id": room.id,
        "building": problem.buildings.get(room.building.index()).map(|b| b.id.clone()),
        "floor": room.floor,
        "capacity": room.capacity,
        "layouts": room.layouts.iter()
            .filter_map(|(l, n)| problem.layout_names.get(l.index()).map(|l| (l.clone(), json!(n))))
            .collect::<serde_json::Map<_, _>>(),
        "features": names(&problem.feature_names, room.features.iter().map(|f| f.index())),
        "confidential_level": room.confidential_level,
        "open_cost": problem.room_open_cost(r),
    }))
}

/// Rows of a plan table as JSON objects (one per row, keyed by column).
pub fn serialized<T: serde::Serialize>(rows: &[T]) -> Vec<Value> {
    rows.iter()
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
        .collect()
}

/// Every violation and cost item of a report, with string ids.
pub fn violations(problem: &Problem, report: &Report) -> Vec<Value> {
    report
        .violations
        .iter()
        .map(|v| {
            json!({
                "rule": v.rule,
                "level": v.level.as_str(),
                "cost": v.cost,
                "meetings": v.meetings.iter().filter_map(|m| problem.meetings.get(m.index()).map(|x| x.id.clone())).collect::<Vec<_>>(),
                "rooms": v.rooms.iter().filter_map(|r| problem.rooms.get(r.index()).map(|x| x.id.clone())).collect::<Vec<_>>(),
                "staff": v.staff.iter().filter_map(|s| problem.staff.get(s.index()).map(|x| x.id.clone())).collect::<Vec<_>>(),
                "tasks": v.tasks.iter().filter_map(|t| problem.tasks.get(t.index()).map(|x| x.id.clone())).collect::<Vec<_>>(),
                "message": v.message,
            })
        })
        .collect()
}

/// The score part of a report: `hard`, `medium`, `soft`, `terms`, `valid`, `well_formed`,
/// `form_errors`.
pub fn score(report: &Report) -> Value {
    json!({
        "hard": report.score.hard,
        "medium": report.score.medium,
        "soft": report.score.soft,
        "terms": report.terms,
        "valid": report.valid(),
        "well_formed": report.well_formed(),
        "form_errors": report.form_errors.iter()
            .map(|e| json!({"path": e.path, "message": e.message})).collect::<Vec<_>>(),
    })
}

/// Solver statistics.
pub fn stats(stats: &Stats) -> Value {
    json!({
        "iterations": stats.iterations,
        "moves_evaluated": stats.moves_evaluated,
        "moves_per_second": stats.moves_per_second,
        "time_to_first_valid": stats.time_to_first_valid,
        "time_to_best": stats.time_to_best,
        "elapsed": stats.elapsed,
        "mip_solves": stats.mip_solves,
        "initial_score": {
            "hard": stats.initial_score.hard,
            "medium": stats.initial_score.medium,
            "soft": stats.initial_score.soft,
        },
        "medium_bound": stats.medium_bound,
        "soft_bound": stats.soft_bound,
        "gap": stats.gap,
        "bound_note": stats.bound_note,
        "threads": stats.threads,
        "workers": stats.workers,
        "exact_seconds": stats.exact_seconds,
        "engine": stats.engine.as_str(),
    })
}

/// `optimal`, `feasible`, `cancelled`.
pub fn status(status: Status) -> &'static str {
    status.as_str()
}
