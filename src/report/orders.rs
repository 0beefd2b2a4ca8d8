//! Work orders [工作通知单]: per service team (skill) and day, the tasks in time order with
//! where they are, what the meeting is like, the equipment to bring from the building's pool and
//! the people on each — as CSV rows and as a printable page.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Problem;
use crate::model::time::{Calendar, day_of};
use crate::plan::Assignment;
use crate::plan::tables::distinct;

/// One task on a work order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WorkOrderRow {
    /// Skill (the team).
    pub skill: String,
    /// Day `YYYY-MM-DD`.
    pub day: String,
    /// Start `HH:MM`.
    pub start: String,
    /// End `HH:MM`.
    pub end: String,
    /// Task id.
    pub task: String,
    /// Meeting id.
    pub meeting: String,
    /// Meeting title (masked for a confidential meeting).
    pub title: String,
    /// Building id.
    pub building: String,
    /// Room id.
    pub room: String,
    /// Layout asked for (empty: any).
    pub layout: String,
    /// Attendees.
    pub attendees: i32,
    /// Equipment to bring from the pool, `kind×count` each.
    pub bring: Vec<String>,
    /// People on the task.
    pub staff: Vec<String>,
    /// People still missing.
    pub missing: i64,
}

impl WorkOrderRow {
    /// CSV column order.
    pub const COLUMNS: [&'static str; 14] = [
        "skill",
        "day",
        "start",
        "end",
        "task",
        "meeting",
        "title",
        "building",
        "room",
        "layout",
        "attendees",
        "bring",
        "staff",
        "missing",
    ];
}

/// The work orders of plan `a`: by skill, day and start.
pub fn work_orders(p: &Problem, a: &Assignment, show_confidential: bool) -> Vec<WorkOrderRow> {
    let mut rows: Vec<(String, i32, i32, WorkOrderRow)> = Vec::new();
    for t in p.task_ids() {
        let task = p.task(t);
        let m = task.meeting;
        let Some(pl) = a.placements.get(m.index()).copied().flatten() else {
            continue;
        };
        let meeting = p.meeting(m);
        let iv = p.task_interval(t, pl.start);
        let room = p.room(pl.room);
        let staff = distinct(a.staffing.get(t.index()).map_or(&[][..], Vec::as_slice));
        let skill = p.skill_names.get(task.skill.index()).cloned().unwrap_or_default();
        let row = WorkOrderRow {
            skill: skill.clone(),
            day: p.calendar.format_day(day_of(iv.start)),
            start: Calendar::format_clock(iv.start),
            end: Calendar::format_clock(iv.end),
            task: task.id.clone(),
            meeting: meeting.id.clone(),
            title: if meeting.confidential > 0 && !show_confidential {
                "保密 confidential".to_string()
            } else {
                meeting.title.clone()
            },
            building: p.buildings[room.building.index()].id.clone(),
            room: room.id.clone(),
            layout: meeting
                .layout
                .and_then(|l| p.layout_names.get(l.index()).cloned())
                .unwrap_or_default(),
            attendees: meeting.attendees,
            bring: p
                .borrowed_all(m, pl.room)
                .map(|(k, n)| format!("{}×{n}", p.kind_names.get(k.index()).map_or("?", String::as_str)))
                .collect(),
            staff: staff
                .iter()
                .filter_map(|s| p.staff.get(s.index()).map(|x| x.id.clone()))
                .collect(),
            missing: (i64::from(task.need) - staff.len() as i64).max(0),
        };
        rows.push((skill, day_of(iv.start), iv.start, row));
    }
    rows.sort_by(|a, b| (&a.0, a.1, a.2, &a.3.task).cmp(&(&b.0, b.1, b.2, &b.3.task)));
    rows.into_iter().map(|r| r.3).collect()
}

/// Writes `work_orders.csv` (lists joined by `;`, as the other tables) and `work_orders.html`
/// into `dir` (created if needed).
pub fn write_work_orders(
    dir: &std::path::Path,
    p: &Problem,
    a: &Assignment,
    show_confidential: bool,
) -> std::io::Result<usize> {
    let rows = work_orders(p, a, show_confidential);
    std::fs::create_dir_all(dir)?;
    crate::io::write_table(&dir.join("work_orders.csv"), &WorkOrderRow::COLUMNS, &rows)?;
    std::fs::write(dir.join("work_orders.html"), work_orders_html(p, &rows))?;
    Ok(rows.len())
}

/// The work orders as a printable page: one section per team and day (a page each in print).
pub fn work_orders_html(p: &Problem, rows: &[WorkOrderRow]) -> String {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>工作通知单 Work orders — {}</title><style>{}</style></head><body>",
        super::html::esc(&p.name),
        STYLE
    );
    let mut i = 0;
    while i < rows.len() {
        let (skill, day) = (&rows[i].skill, &rows[i].day);
        let j = rows[i..]
            .iter()
            .take_while(|r| &r.skill == skill && &r.day == day)
            .count()
            + i;
        let _ = write!(
            h,
            "<section><h1>工作通知单 Work order · {} · {}</h1><div class=\"sub\">{} · {} tasks</div><table><tr><th>时间 Time</th><th>会议 Meeting</th><th>地点 Where</th><th>布置 Layout</th><th>人数 Attendees</th><th>带 Bring</th><th>人员 Staff</th><th>缺 Missing</th></tr>",
            super::html::esc(skill),
            super::html::esc(day),
            super::html::esc(&p.name),
            j - i
        );
        for r in &rows[i..j] {
            let _ = write!(
                h,
                "<tr><td>{}–{}</td><td>{} {}</td><td>{} {}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n{}\">{}</td></tr>",
                r.start,
                r.end,
                super::html::esc(&r.meeting),
                super::html::esc(&r.title),
                super::html::esc(&r.building),
                super::html::esc(&r.room),
                super::html::esc(&r.layout),
                r.attendees,
                super::html::esc(&r.bring.join(", ")),
                super::html::esc(&r.staff.join(", ")),
                if r.missing > 0 { " bad" } else { "" },
                r.missing
            );
        }
        h.push_str("</table></section>\n");
        i = j;
    }
    h.push_str("</body></html>\n");
    h
}

const STYLE: &str = r#"
@page { size: A4 landscape; margin: 10mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 12px; margin: 16px; }
h1 { font-size: 16px; margin: 0 0 2px; } .sub { color: #5a6673; margin-bottom: 6px; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #c9d3dd; padding: 3px 6px; text-align: left; }
th { background: #eef3f7; } td.n { text-align: right; } .bad { color: #b3261e; font-weight: bold; }
section { margin-bottom: 24px; }
@media print { section { page-break-after: always; } }
"#;
