//! The tables a person reads of a plan — meetings, tasks, unassigned meetings, staff load —
//! built once from the dense [`Assignment`], for the CSV export, the Python DataFrames and the
//! explanations alike.
//!
//! Each row is a plain struct with string ids (as exchanged) that serializes to one record;
//! `COLUMNS` gives the column order.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::time::day_of;
use crate::model::{Interval, Minute, Problem, StaffId};

use super::Assignment;

/// A placed meeting: where, when, and how well it fits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeetingRow {
    /// Meeting id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Service class.
    pub class: String,
    /// Room id.
    pub room: String,
    /// The room's building.
    pub building: String,
    /// `YYYY-MM-DD` of the start.
    pub day: String,
    /// Start `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// End (start + duration).
    pub end: String,
    /// Minutes.
    pub duration: Minute,
    /// Attendees.
    pub attendees: i32,
    /// Seats of the room in the meeting's layout (`None` when the room lacks the layout).
    pub seats: Option<i32>,
    /// Layout asked for.
    pub layout: Option<String>,
    /// Priority 1–10.
    pub priority: i64,
    /// Confidentiality 0–3.
    pub confidential: u8,
    /// Series id.
    pub series: Option<String>,
    /// Pinned.
    pub pinned: bool,
    /// In one of its preferred rooms (true when it names none).
    pub preferred_room: bool,
    /// People its tasks need.
    pub staff_needed: i64,
    /// People on its tasks (up to each task's need).
    pub staff_assigned: i64,
}

impl MeetingRow {
    /// Column order.
    pub const COLUMNS: [&'static str; 19] = [
        "id",
        "title",
        "class",
        "room",
        "building",
        "day",
        "start",
        "end",
        "duration",
        "attendees",
        "seats",
        "layout",
        "priority",
        "confidential",
        "series",
        "pinned",
        "preferred_room",
        "staff_needed",
        "staff_assigned",
    ];
}

/// A task of a placed meeting and the people on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskRow {
    /// Task id `<meeting>/<name>`.
    pub id: String,
    /// Meeting id.
    pub meeting: String,
    /// Template name.
    pub name: String,
    /// Skill.
    pub skill: String,
    /// Level 1–5.
    pub level: u8,
    /// Building of the meeting's room.
    pub building: String,
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
    /// Minutes.
    pub minutes: Minute,
    /// People it needs.
    pub need: i64,
    /// Staff ids on it, in listing order (a person listed twice holds it once).
    pub staff: Vec<String>,
    /// How many hold it.
    pub assigned: i64,
    /// People still missing.
    pub missing: i64,
}

impl TaskRow {
    /// Column order.
    pub const COLUMNS: [&'static str; 13] = [
        "id", "meeting", "name", "skill", "level", "building", "start", "end", "minutes", "need", "staff",
        "assigned", "missing",
    ];
}

/// A meeting left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnassignedRow {
    /// Meeting id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Service class.
    pub class: String,
    /// Attendees.
    pub attendees: i32,
    /// Minutes.
    pub duration: Minute,
    /// Priority.
    pub priority: i64,
    /// Pinned.
    pub pinned: bool,
    /// Why it is left out.
    pub reason: String,
}

impl UnassignedRow {
    /// Column order.
    pub const COLUMNS: [&'static str; 8] = [
        "id",
        "title",
        "class",
        "attendees",
        "duration",
        "priority",
        "pinned",
        "reason",
    ];
}

/// A staff member's load on one day (tasks count on the day they start).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaffDayRow {
    /// Staff id.
    pub staff: String,
    /// Name.
    pub name: String,
    /// Home building.
    pub home: String,
    /// Outsourced.
    pub external: bool,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Task minutes.
    pub minutes: i64,
    /// Tasks.
    pub tasks: i64,
    /// Buildings of the tasks.
    pub buildings: Vec<String>,
    /// Preferred daily minutes (above them: overtime).
    pub preferred_minutes: i64,
    /// Daily cap.
    pub max_minutes: i64,
    /// Minutes above the preferred ones.
    pub overtime_minutes: i64,
}

impl StaffDayRow {
    /// Column order.
    pub const COLUMNS: [&'static str; 11] = [
        "staff",
        "name",
        "home",
        "external",
        "day",
        "minutes",
        "tasks",
        "buildings",
        "preferred_minutes",
        "max_minutes",
        "overtime_minutes",
    ];
}

/// The four tables of a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tables {
    /// Placed meetings, in problem order.
    pub meetings: Vec<MeetingRow>,
    /// Tasks of placed meetings, in problem order.
    pub tasks: Vec<TaskRow>,
    /// Unassigned meetings, in problem order.
    pub unassigned: Vec<UnassignedRow>,
    /// Every (staff member, planning day), idle days included, staff in problem order.
    pub staff_load: Vec<StaffDayRow>,
}

/// The distinct people of a listing, in order of first listing (a person listed twice holds a
/// task once).
pub(crate) fn distinct(listed: &[StaffId]) -> Vec<StaffId> {
    let mut out: Vec<StaffId> = Vec::with_capacity(listed.len());
    for &s in listed {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

impl Tables {
    /// Builds the tables of an assignment. Listings that name nothing of the problem (out of
    /// range ids) are left out.
    pub fn new(p: &Problem, a: &Assignment) -> Tables {
        let cal = &p.calendar;
        let mut t = Tables::default();
        let placed = |m: usize| {
            a.placements
                .get(m)
                .copied()
                .flatten()
                .filter(|pl| pl.room.index() < p.rooms.len())
        };
        let held = |task: usize| {
            distinct(a.staffing.get(task).map_or(&[][..], Vec::as_slice))
                .into_iter()
                .filter(|s| s.index() < p.staff.len())
                .collect::<Vec<_>>()
        };
        // (staff, day) → (minutes, tasks, buildings)
        let mut load: BTreeMap<(usize, i32), (i64, i64, BTreeSet<usize>)> = BTreeMap::new();
        for m in p.meeting_ids() {
            let meeting = p.meeting(m);
            let class = p.classes[meeting.class.index()].id.clone();
            let Some(pl) = placed(m.index()) else {
                t.unassigned.push(UnassignedRow {
                    id: meeting.id.clone(),
                    title: meeting.title.clone(),
                    class,
                    attendees: meeting.attendees,
                    duration: meeting.duration,
                    priority: meeting.priority,
                    pinned: meeting.pinned.is_some(),
                    reason: a.reason(p, m),
                });
                continue;
            };
            let room = p.room(pl.room);
            let building = room.building;
            let (mut needed, mut assigned) = (0i64, 0i64);
            for &task in &meeting.tasks {
                let def = p.task(task);
                let iv: Interval = p.task_interval(task, pl.start);
                let people = held(task.index());
                let need = def.need as i64;
                let got = people.len() as i64;
                needed += need;
                assigned += got.min(need);
                for s in &people {
                    let e = load.entry((s.index(), day_of(iv.start))).or_default();
                    e.0 += iv.len() as i64;
                    e.1 += 1;
                    e.2.insert(building.index());
                }
                t.tasks.push(TaskRow {
                    id: def.id.clone(),
                    meeting: meeting.id.clone(),
                    name: p.classes[meeting.class.index()]
                        .tasks
                        .get(def.template)
                        .map(|tt| tt.name.clone())
                        .unwrap_or_default(),
                    skill: p.skill_names.get(def.skill.index()).cloned().unwrap_or_default(),
                    level: def.level,
                    building: p.buildings[building.index()].id.clone(),
                    start: cal.format(iv.start),
                    end: cal.format(iv.end),
                    minutes: iv.len(),
                    need,
                    staff: people.iter().map(|s| p.staff[s.index()].id.clone()).collect(),
                    assigned: got,
                    missing: (need - got).max(0),
                });
            }
            t.meetings.push(MeetingRow {
                id: meeting.id.clone(),
                title: meeting.title.clone(),
                class,
                room: room.id.clone(),
                building: p.buildings[building.index()].id.clone(),
                day: cal.format_day(day_of(pl.start)),
                start: cal.format(pl.start),
                end: cal.format(pl.start + meeting.duration),
                duration: meeting.duration,
                attendees: meeting.attendees,
                seats: p.seats(pl.room, m),
                layout: meeting
                    .layout
                    .and_then(|l| p.layout_names.get(l.index()).cloned()),
                priority: meeting.priority,
                confidential: meeting.confidential,
                series: meeting
                    .series
                    .and_then(|s| p.series.get(s.index()).map(|s| s.id.clone())),
                pinned: meeting.pinned.is_some(),
                preferred_room: meeting.preferred_rooms.is_empty()
                    || meeting.preferred_rooms.contains(&pl.room),
                staff_needed: needed,
                staff_assigned: assigned,
            });
        }
        let mut days: Vec<i32> = p.days.clone();
        // Tasks on days outside `days` (only in hand-written plans) still show up.
        days.extend(load.keys().map(|&(_, d)| d).filter(|d| !p.days.contains(d)));
        days.sort_unstable();
        days.dedup();
        for s in p.staff_ids() {
            let st = &p.staff[s.index()];
            for &day in &days {
                let entry = load.remove(&(s.index(), day));
                if entry.is_none() && !p.days.contains(&day) {
                    continue;
                }
                let (minutes, tasks, buildings) = entry.unwrap_or_default();
                let preferred = st.preferred_minutes_per_day;
                t.staff_load.push(StaffDayRow {
                    staff: st.id.clone(),
                    name: st.name.clone(),
                    home: p.buildings[st.building.index()].id.clone(),
                    external: st.external,
                    day: cal.format_day(day),
                    minutes,
                    tasks,
                    buildings: buildings.iter().map(|&b| p.buildings[b].id.clone()).collect(),
                    preferred_minutes: preferred,
                    max_minutes: st.max_minutes_per_day,
                    overtime_minutes: (minutes - preferred).max(0),
                });
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<T: Serialize>(row: &T) -> Vec<String> {
        match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(o)) => {
                let mut k: Vec<String> = o.keys().cloned().collect();
                k.sort();
                k
            }
            other => panic!("not an object: {other:?}"),
        }
    }

    fn sorted(cols: &[&str]) -> Vec<String> {
        let mut c: Vec<String> = cols.iter().map(|s| s.to_string()).collect();
        c.sort();
        c
    }

    /// `COLUMNS` names exactly the fields each row serializes.
    #[test]
    fn columns_are_the_serialized_fields() {
        let p =
            crate::io::load_problem_str(include_str!("../../examples/small.json")).expect("example loads");
        let a = crate::solver::first_fit(&p);
        let t = Tables::new(&p, &a);
        assert!(!t.meetings.is_empty() && !t.tasks.is_empty() && !t.staff_load.is_empty());
        assert_eq!(keys(&t.meetings[0]), sorted(&MeetingRow::COLUMNS));
        assert_eq!(keys(&t.tasks[0]), sorted(&TaskRow::COLUMNS));
        assert_eq!(keys(&t.staff_load[0]), sorted(&StaffDayRow::COLUMNS));
        let u = UnassignedRow {
            id: String::new(),
            title: String::new(),
            class: String::new(),
            attendees: 1,
            duration: 1,
            priority: 1,
            pinned: false,
            reason: String::new(),
        };
        assert_eq!(keys(&u), sorted(&UnassignedRow::COLUMNS));
        // Every meeting is in one table; every (person, day) is a row.
        assert_eq!(t.meetings.len() + t.unassigned.len(), p.meetings.len());
        assert_eq!(t.staff_load.len(), p.staff.len() * p.days.len());
        let minutes: i64 = t.staff_load.iter().map(|r| r.minutes).sum();
        let held: i64 = t.tasks.iter().map(|r| r.minutes as i64 * r.assigned).sum();
        assert_eq!(minutes, held);
    }
}
