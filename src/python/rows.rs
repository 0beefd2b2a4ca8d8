//! Plain-data views of a problem and a plan for the Python layer (rows become DataFrames).
//!
//! Everything here is built as `serde_json::Value` so that one converter turns it into Python
//! objects; no pyo3 type appears in this file. Values are derived from the validated
//! [`Problem`] (defaults applied), never re-parsed from the JSON in Python.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::time::{day_of, parse_datetime};
use crate::model::{Calendar, Interval, Minute, Problem, RoomId, StaffId};
use crate::plan::Plan;
use crate::score::{Level, Report};
use crate::solver::{Stats, Status};

fn clock(m: Minute) -> String {
    if m == crate::model::DAY {
        "24:00".to_string()
    } else {
        Calendar::format_clock(m)
    }
}

/// Minutes of a SPEC date-time string, `None` when it does not parse or lies out of range.
pub fn minute_of(problem: &Problem, s: &str) -> Option<Minute> {
    parse_datetime(s).and_then(|dt| problem.calendar.minutes(dt))
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

/// Per placed meeting of the plan: where, when and how well it fits. Ids the problem does not
/// know (a plan handed in may name them) leave the derived fields `null`.
pub fn meeting_rows(problem: &Problem, plan: &Plan) -> Vec<Value> {
    let staffing = staffing_of(plan);
    plan.meetings
        .iter()
        .map(|pm| {
            let m = problem.meeting_id(&pm.id);
            let r = problem.room_id(&pm.room);
            let start = minute_of(problem, &pm.start);
            let meeting = m.map(|m| problem.meeting(m));
            let end = start.zip(meeting).map(|(s, mt)| s + mt.duration);
            let seats = m.zip(r).and_then(|(m, r)| problem.seats(r, m));
            let (need, held) = m
                .map(|m| {
                    problem.meeting(m).tasks.iter().fold((0i64, 0i64), |(n, h), &t| {
                        let task = problem.task(t);
                        let got = staffing.get(task.id.as_str()).map_or(0, |s| s.len()) as i64;
                        (n + task.need as i64, h + got.min(task.need as i64))
                    })
                })
                .unwrap_or((0, 0));
            json!({
                "id": pm.id,
                "title": meeting.map(|mt| mt.title.clone()),
                "class": meeting.and_then(|mt| problem.classes.get(mt.class.index()).map(|c| c.id.clone())),
                "room": pm.room,
                "building": r.and_then(|r| problem.buildings.get(problem.room(r).building.index()).map(|b| b.id.clone())),
                "day": start.map(|s| problem.calendar.format_day(day_of(s))),
                "start": pm.start,
                "end": end.map(|e| problem.calendar.format(e)),
                "duration": meeting.map(|mt| mt.duration),
                "attendees": meeting.map(|mt| mt.attendees),
                "seats": seats,
                "layout": meeting.and_then(|mt| mt.layout).and_then(|l| problem.layout_names.get(l.index()).cloned()),
                "priority": meeting.map(|mt| mt.priority),
                "confidential": meeting.map(|mt| mt.confidential),
                "series": meeting.and_then(|mt| mt.series).and_then(|s| problem.series.get(s.index()).map(|s| s.id.clone())),
                "pinned": meeting.map(|mt| mt.pinned.is_some()),
                "preferred_room": meeting.zip(r).map(|(mt, r)| mt.preferred_rooms.is_empty() || mt.preferred_rooms.contains(&r)),
                "staff_needed": need,
                "staff_assigned": held,
            })
        })
        .collect()
}

/// Task id → distinct staff ids on it, in listing order (a repeated person holds it once).
fn staffing_of(plan: &Plan) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in &plan.tasks {
        let entry = out.entry(t.id.as_str()).or_default();
        for s in &t.staff {
            if !entry.contains(&s.as_str()) {
                entry.push(s.as_str());
            }
        }
    }
    out
}

/// A task of the plan resolved against the problem: interval and building.
struct ResolvedTask<'a> {
    id: &'a str,
    interval: Option<Interval>,
    building: Option<usize>,
    staff: Vec<&'a str>,
}

fn resolve_tasks<'a>(problem: &Problem, plan: &'a Plan) -> Vec<ResolvedTask<'a>> {
    let placed: BTreeMap<&str, (Option<RoomId>, Option<Minute>)> = plan
        .meetings
        .iter()
        .map(|pm| {
            (
                pm.id.as_str(),
                (problem.room_id(&pm.room), minute_of(problem, &pm.start)),
            )
        })
        .collect();
    plan.tasks
        .iter()
        .map(|ts| {
            let t = problem.task_id(&ts.id);
            let place = t.and_then(|t| placed.get(problem.meeting(problem.task(t).meeting).id.as_str()));
            let interval = t
                .zip(place.and_then(|p| p.1))
                .map(|(t, s)| problem.task_interval(t, s));
            let building = place.and_then(|p| p.0).map(|r| problem.room(r).building.index());
            let mut staff: Vec<&str> = Vec::new();
            for s in &ts.staff {
                if !staff.contains(&s.as_str()) {
                    staff.push(s.as_str());
                }
            }
            ResolvedTask {
                id: &ts.id,
                interval,
                building,
                staff,
            }
        })
        .collect()
}

/// Per task of the plan: its meeting, interval, building, need and the staff on it.
pub fn task_rows(problem: &Problem, plan: &Plan) -> Vec<Value> {
    resolve_tasks(problem, plan)
        .into_iter()
        .map(|rt| {
            let t = problem.task_id(rt.id);
            let task = t.map(|t| problem.task(t));
            let meeting = task.map(|k| problem.meeting(k.meeting));
            let class = meeting.and_then(|m| problem.classes.get(m.class.index()));
            let name = task
                .zip(class)
                .and_then(|(k, c)| c.tasks.get(k.template).map(|tt| tt.name.clone()));
            let need = task.map(|k| k.need as i64);
            let held = rt.staff.len() as i64;
            json!({
                "id": rt.id,
                "meeting": meeting.map(|m| m.id.clone()),
                "name": name,
                "skill": task.and_then(|k| problem.skill_names.get(k.skill.index()).cloned()),
                "level": task.map(|k| k.level),
                "building": rt.building.and_then(|b| problem.buildings.get(b).map(|b| b.id.clone())),
                "start": rt.interval.map(|iv| problem.calendar.format(iv.start)),
                "end": rt.interval.map(|iv| problem.calendar.format(iv.end)),
                "minutes": rt.interval.map(|iv| iv.len()),
                "need": need,
                "staff": rt.staff,
                "assigned": held,
                "missing": need.map(|n| (n - held).max(0)),
            })
        })
        .collect()
}

/// Per unassigned meeting: what it is and why it was left out.
pub fn unassigned_rows(problem: &Problem, plan: &Plan) -> Vec<Value> {
    plan.unassigned
        .iter()
        .map(|u| {
            let meeting = problem.meeting_id(&u.id).map(|m| problem.meeting(m));
            json!({
                "id": u.id,
                "title": meeting.map(|m| m.title.clone()),
                "class": meeting.and_then(|m| problem.classes.get(m.class.index()).map(|c| c.id.clone())),
                "attendees": meeting.map(|m| m.attendees),
                "duration": meeting.map(|m| m.duration),
                "priority": meeting.map(|m| m.priority),
                "pinned": meeting.map(|m| m.pinned.is_some()),
                "reason": u.reason,
            })
        })
        .collect()
}

/// Per staff member and planning day: task minutes (tasks counted on the day they start),
/// task count, buildings, and the preferred and maximum minutes. Every (person, day) pair is
/// present, zero included, so that plots show idle days.
pub fn staff_load_rows(problem: &Problem, plan: &Plan) -> Vec<Value> {
    // (staff, day) → (minutes, tasks, buildings)
    let mut load: BTreeMap<(usize, i32), (i64, i64, BTreeSet<usize>)> = BTreeMap::new();
    for rt in resolve_tasks(problem, plan) {
        let Some(iv) = rt.interval else { continue };
        for s in rt.staff {
            let Some(sid) = problem.staff_id(s) else { continue };
            let e = load.entry((sid.index(), iv.day())).or_default();
            e.0 += iv.len() as i64;
            e.1 += 1;
            if let Some(b) = rt.building {
                e.2.insert(b);
            }
        }
    }
    let mut rows = Vec::with_capacity(problem.staff.len() * problem.days.len());
    for s in problem.staff_ids() {
        let st = problem.person_of_staff(s);
        for &day in &problem.days {
            let (minutes, tasks, buildings) = load.remove(&(s.index(), day)).unwrap_or_default();
            rows.push(staff_row(
                problem,
                s,
                day,
                minutes,
                tasks,
                &buildings,
                st.preferred_minutes_per_day,
            ));
        }
    }
    // Tasks on days outside `days` (only in hand-written plans) still show up.
    for ((s, day), (minutes, tasks, buildings)) in load {
        let st = &problem.staff[s];
        rows.push(staff_row(
            problem,
            StaffId::new(s),
            day,
            minutes,
            tasks,
            &buildings,
            st.preferred_minutes_per_day,
        ));
    }
    rows
}

fn staff_row(
    problem: &Problem,
    s: StaffId,
    day: i32,
    minutes: i64,
    tasks: i64,
    buildings: &BTreeSet<usize>,
    preferred: i64,
) -> Value {
    let st = problem.person_of_staff(s);
    json!({
        "staff": st.id,
        "name": st.name,
        "home": problem.buildings.get(st.building.index()).map(|b| b.id.clone()),
        "external": st.external,
        "day": problem.calendar.format_day(day),
        "minutes": minutes,
        "tasks": tasks,
        "buildings": buildings.iter().filter_map(|&b| problem.buildings.get(b).map(|b| b.id.clone())).collect::<Vec<_>>(),
        "preferred_minutes": preferred,
        "max_minutes": st.max_minutes_per_day,
        "overtime_minutes": (minutes - preferred).max(0),
    })
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Hard => "hard",
        Level::Medium => "medium",
        Level::Soft => "soft",
    }
}

/// Every violation and cost item of a report, with string ids.
pub fn violations(problem: &Problem, report: &Report) -> Vec<Value> {
    report
        .violations
        .iter()
        .map(|v| {
            json!({
                "rule": v.rule,
                "level": level_name(v.level),
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
        "engine": stats.engine,
    })
}

/// `optimal`, `feasible`, `cancelled`.
pub fn status(status: Status) -> &'static str {
    status.as_str()
}
