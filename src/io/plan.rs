//! Reading a plan (SPEC §3): structure only. Ids are resolved by the scorer, which reports
//! well-formedness (lost meetings, unknown tasks, …) as part of the score.

use std::collections::BTreeMap;

use crate::error::ErrorCode;
use crate::model::Rule;
use crate::model::time::parse_datetime;
use crate::plan::{PlacedMeeting, Plan, PlanScore, TaskStaffing, UnassignedMeeting};

use super::json::JVal;
use super::walk::{Cx, P, get, req};

const PLAN_FIELDS: [&str; 5] = ["version", "meetings", "unassigned", "tasks", "score"];

/// Reads the `version` field: it must be the integer 1.
pub(crate) fn version(cx: &mut Cx, entries: &[(String, JVal)], path: &P) {
    match req(cx, entries, path, "version") {
        None | Some(JVal::Int(1)) => {}
        Some(other) => {
            let shown = match other {
                JVal::Int(i) => i.to_string(),
                JVal::Float(s) | JVal::BigInt(s) => s.clone(),
                JVal::Str(s) => format!("\"{s}\""),
                v => v.kind().to_string(),
            };
            cx.err(
                &path.key("version"),
                ErrorCode::BadVersion,
                format!("version must be the integer 1, found {shown}"),
            );
        }
    }
}

/// Reads a plan at `path`. Returns `None` when it has errors (they are in `cx`).
pub(crate) fn read_plan(cx: &mut Cx, v: &JVal, path: &P) -> Option<Plan> {
    let mark = cx.mark();
    let plan = read_plan_partial(cx, v, path);
    (cx.mark() == mark).then_some(plan)
}

/// Reads what can be read of a plan at `path`: items with errors are left out (the errors are
/// in `cx`); a value that is not an object reads as the empty plan.
pub(crate) fn read_plan_partial(cx: &mut Cx, v: &JVal, path: &P) -> Plan {
    let mut plan = Plan::default();
    let Some(entries) = cx.object(v, path, &PLAN_FIELDS) else {
        return plan;
    };
    version(cx, entries, path);

    if let Some(list) = get(entries, "meetings") {
        let p = path.key("meetings");
        for (i, item) in cx.array(list, &p).unwrap_or_default().iter().enumerate() {
            let p = p.idx(i);
            let Some(o) = cx.object(item, &p, &["id", "room", "start"]) else {
                continue;
            };
            let id = req(cx, o, &p, "id").and_then(|v| cx.string(v, &p.key("id")));
            let room = req(cx, o, &p, "room").and_then(|v| cx.string(v, &p.key("room")));
            let start = req(cx, o, &p, "start").and_then(|v| {
                let sp = p.key("start");
                let s = cx.string(v, &sp)?;
                if parse_datetime(s).is_none() {
                    cx.err(&sp, ErrorCode::BadTime, bad_datetime(s));
                    return None;
                }
                Some(s)
            });
            if let (Some(id), Some(room), Some(start)) = (id, room, start) {
                plan.meetings.push(PlacedMeeting {
                    id: id.to_string(),
                    room: room.to_string(),
                    start: start.to_string(),
                });
            }
        }
    }

    if let Some(list) = get(entries, "unassigned") {
        let p = path.key("unassigned");
        for (i, item) in cx.array(list, &p).unwrap_or_default().iter().enumerate() {
            let p = p.idx(i);
            let Some(o) = cx.object(item, &p, &["id", "reason"]) else {
                continue;
            };
            let id = req(cx, o, &p, "id").and_then(|v| cx.string(v, &p.key("id")));
            let reason = match get(o, "reason") {
                None => Some(""),
                Some(v) => cx.string(v, &p.key("reason")),
            };
            if let (Some(id), Some(reason)) = (id, reason) {
                plan.unassigned.push(UnassignedMeeting {
                    id: id.to_string(),
                    reason: reason.to_string(),
                });
            }
        }
    }

    if let Some(list) = get(entries, "tasks") {
        let p = path.key("tasks");
        for (i, item) in cx.array(list, &p).unwrap_or_default().iter().enumerate() {
            let p = p.idx(i);
            let Some(o) = cx.object(item, &p, &["id", "staff"]) else {
                continue;
            };
            let id = req(cx, o, &p, "id").and_then(|v| cx.string(v, &p.key("id")));
            let staff = req(cx, o, &p, "staff").and_then(|v| {
                let sp = p.key("staff");
                let items = cx.array(v, &sp)?;
                // Repeated people are kept: the scorer counts a repeated listing.
                let names: Vec<Option<&str>> = items
                    .iter()
                    .enumerate()
                    .map(|(k, s)| cx.string(s, &sp.idx(k)))
                    .collect();
                names.into_iter().collect::<Option<Vec<&str>>>()
            });
            if let (Some(id), Some(staff)) = (id, staff) {
                plan.tasks.push(TaskStaffing {
                    id: id.to_string(),
                    staff: staff.into_iter().map(str::to_string).collect(),
                });
            }
        }
    }

    if let Some(score) = get(entries, "score") {
        plan.score = read_score(cx, score, &path.key("score"));
    }
    plan
}

fn read_score(cx: &mut Cx, v: &JVal, path: &P) -> Option<PlanScore> {
    let o = cx.object(v, path, &["hard", "medium", "soft", "terms"])?;
    let level =
        |cx: &mut Cx, key: &str| req(cx, o, path, key).and_then(|v| cx.int(v, &path.key(key), 0, i64::MAX));
    let hard = level(cx, "hard");
    let medium = level(cx, "medium");
    let soft = level(cx, "soft");
    let mut terms = BTreeMap::new();
    if let Some(t) = get(o, "terms") {
        let tp = path.key("terms");
        for (k, v) in cx.map(t, &tp).unwrap_or_default() {
            let kp = tp.key(k);
            let known = Rule::from_name(k).is_some();
            if !known {
                cx.err(
                    &kp,
                    ErrorCode::UnknownField,
                    format!("\"{k}\" is not a rule or term name"),
                );
                continue;
            }
            if let Some(n) = cx.int(v, &kp, 0, i64::MAX) {
                terms.insert(k.clone(), n);
            }
        }
    }
    Some(PlanScore {
        hard: hard?,
        medium: medium?,
        soft: soft?,
        terms,
    })
}

/// Message for a date-time that does not parse.
pub(crate) fn bad_datetime(s: &str) -> String {
    format!("\"{s}\" is not a date-time YYYY-MM-DDTHH:MM (seconds, when given, must be :00)")
}
