//! The printed plan (SPEC §9.3): one self-contained HTML page — styles and pictures inline, no
//! request leaves it — with the KPIs, a room timeline per building and day (SVG), each person's
//! tasks, the unassigned meetings with their reasons, the tasks still missing people, the
//! violations when the plan is not valid, and, against a previous plan, what changed. Labels are
//! in Chinese and English; it prints on A4 landscape. Titles of confidential meetings are masked
//! unless asked for.

use std::fmt::Write as _;

use crate::live::PlanDiff;
use crate::model::time::{Calendar, day_of, minute_of_day};
use crate::model::{Level, MeetingId, Problem};
use crate::plan::tables::Tables;
use crate::plan::{Assignment, Placement};
use crate::score::evaluate;

use super::kpi::Kpis;

/// What the page shows beyond the plan.
#[derive(Default)]
pub struct HtmlOptions<'a> {
    /// The previous plan (and its problem): the page lists what changed.
    pub reference: Option<(&'a Problem, &'a Assignment)>,
    /// Show the titles of confidential meetings.
    pub show_confidential: bool,
}

const STYLE: &str = r#"
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 16px; color: #1d2733; font-size: 12px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 8px; border-bottom: 2px solid #2f6b9a; }
h3 { font-size: 13px; margin: 12px 0 4px; }
.sub { color: #5a6673; margin-bottom: 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { border: 1px solid #c9d3dd; border-radius: 6px; padding: 6px 10px; min-width: 120px; }
.card b { display: block; font-size: 18px; }
.bad { color: #b3261e; } .ok { color: #1b7f3b; }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { border: 1px solid #d5dde5; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eef3f7; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.timeline { margin: 4px 0 12px; page-break-inside: avoid; }
svg text { font-size: 10px; }
.legend span { display: inline-block; padding: 1px 6px; margin-right: 6px; border-radius: 3px; color: #fff; }
nav a { margin-right: 10px; }
@media print { nav { display: none; } h2 { page-break-before: auto; } .timeline, table { page-break-inside: avoid; } }
"#;

/// Colours of the service classes, in the problem's class order, in turn (the notebook's room
/// chart uses the same).
pub const CLASS_COLOURS: [&str; 8] = [
    "#2f6b9a", "#3f8f5a", "#b5651d", "#7b4f9e", "#a23b50", "#1f8a8a", "#6b7a25", "#5a5f6b",
];

/// The page of plan `a` of problem `p`.
pub fn html_report(p: &Problem, a: &Assignment, options: &HtmlOptions<'_>) -> String {
    let report = evaluate(p, a);
    let kpis = Kpis::of(p, a);
    let tables = Tables::new(p, a);
    let cal = &p.calendar;
    let mut h = String::with_capacity(64 * 1024 + p.meetings.len() * 600);
    let title = if p.name.is_empty() {
        "huiwu plan".to_string()
    } else {
        p.name.clone()
    };
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let days: Vec<String> = p.days.iter().map(|&d| cal.format_day(d)).collect();
    let _ = write!(
        h,
        "<h1>会务安排 Meeting service plan — {}</h1><div class=\"sub\">{} · {} meetings · 评分 score {}/{}/{} (hard/medium/soft) · <span class=\"{}\">{}</span></div>",
        esc(&title),
        esc(&days.join(", ")),
        p.meetings.len(),
        report.score.hard,
        report.score.medium,
        report.score.soft,
        if report.valid() { "ok" } else { "bad" },
        if report.valid() {
            "有效 valid"
        } else {
            "无效 not valid"
        }
    );
    h.push_str("<nav><a href=\"#kpi\">指标 KPIs</a><a href=\"#rooms\">会议室 Rooms</a><a href=\"#staff\">人员 Staff</a><a href=\"#unassigned\">未安排 Unassigned</a><a href=\"#short\">缺员 Short</a>");
    if options.reference.is_some() {
        h.push_str("<a href=\"#changes\">变更 Changes</a>");
    }
    h.push_str("</nav>\n");

    // KPIs.
    h.push_str("<h2 id=\"kpi\">指标 KPIs</h2><div class=\"cards\">");
    let m = &kpis.meetings;
    let total_open: i64 = kpis.buildings.iter().map(|b| b.open_minutes).sum();
    let total_occ: i64 = kpis.buildings.iter().map(|b| b.occupied_minutes).sum();
    let cards = [
        ("已安排 Assigned", format!("{} / {}", m.assigned, m.total)),
        ("未安排 Unassigned", m.unassigned.to_string()),
        (
            "开放房间·天 Rooms opened",
            kpis.buildings
                .iter()
                .map(|b| b.rooms_opened)
                .sum::<usize>()
                .to_string(),
        ),
        ("使用率 Utilization", pct(total_occ, total_open)),
        (
            "空座 Seats empty",
            kpis.rooms.iter().map(|r| r.seat_waste).sum::<i64>().to_string(),
        ),
        (
            "缺员 People missing",
            format!("{} / {}", kpis.service.people_missing, kpis.service.people_needed),
        ),
        (
            "加班 Overtime min",
            kpis.staff
                .iter()
                .map(|s| s.overtime_minutes)
                .sum::<i64>()
                .to_string(),
        ),
        ("公平 Gini", format!("{:.2}", kpis.fairness.gini)),
    ];
    for (label, value) in cards {
        let _ = write!(
            h,
            "<div class=\"card\">{}<b>{}</b></div>",
            esc(label),
            esc(&value)
        );
    }
    h.push_str("</div>\n<h3>楼宇 Buildings</h3><table><tr><th>楼 Building</th><th>开放房间·天 Rooms opened</th><th>占用分钟 Occupied</th><th>开放分钟 Open</th><th>使用率 Utilization</th></tr>");
    for b in &kpis.buildings {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&b.building),
            b.rooms_opened,
            b.occupied_minutes,
            b.open_minutes,
            pct(b.occupied_minutes, b.open_minutes)
        );
    }
    h.push_str("</table>\n<h3>服务 Service by skill</h3><table><tr><th>技能 Skill</th><th>需要 Needed</th><th>缺 Missing</th></tr>");
    for (skill, c) in &kpis.service.by_skill {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td></tr>",
            esc(skill),
            c.people_needed,
            if c.people_missing > 0 { " bad" } else { "" },
            c.people_missing
        );
    }
    h.push_str("</table>\n");

    // Room timelines.
    h.push_str("<h2 id=\"rooms\">会议室时间线 Room timelines</h2><div class=\"legend\">");
    for (i, c) in p.classes.iter().enumerate() {
        let _ = write!(
            h,
            "<span style=\"background:{}\">{}</span>",
            CLASS_COLOURS[i % CLASS_COLOURS.len()],
            esc(&c.id)
        );
    }
    h.push_str("</div>\n");
    let mut by_room: Vec<Vec<(MeetingId, Placement)>> = vec![Vec::new(); p.rooms.len()];
    for mid in p.meeting_ids() {
        if let Some(pl) = a.placements.get(mid.index()).copied().flatten()
            && pl.room.index() < p.rooms.len()
        {
            by_room[pl.room.index()].push((mid, pl));
        }
    }
    for (b, building) in p.buildings.iter().enumerate() {
        let rooms: Vec<_> = p
            .room_ids()
            .filter(|r| p.room(*r).building.index() == b)
            .collect();
        if rooms.is_empty() {
            continue;
        }
        for &day in &p.days {
            let used = rooms
                .iter()
                .any(|r| by_room[r.index()].iter().any(|(_, pl)| day_of(pl.start) == day));
            if !used {
                continue;
            }
            let open = p.open_interval(p.room(rooms[0]).building, day);
            let _ = write!(
                h,
                "<div class=\"timeline\"><h3>{} {} · {}</h3>",
                esc(&building.id),
                esc(&building.name),
                esc(&cal.format_day(day))
            );
            timeline_svg(
                &mut h,
                p,
                &rooms,
                &by_room,
                day,
                open.start,
                open.end,
                options.show_confidential,
            );
            h.push_str("</div>\n");
        }
    }

    // Staff.
    h.push_str("<h2 id=\"staff\">人员安排 Each person's tasks</h2><table><tr><th>人员 Staff</th><th>楼 Home</th><th>分钟 Minutes</th>");
    for d in &days {
        let _ = write!(h, "<th>{}</th>", esc(d));
    }
    h.push_str("</tr>");
    // Per person: (start `YYYY-MM-DDTHH:MM`, line), in time order.
    let mut held: Vec<Vec<(&str, String)>> = vec![Vec::new(); p.staff.len()];
    for t in &tables.tasks {
        for s in &t.staff {
            if let Some(sid) = p.staff_id(s) {
                held[sid.index()].push((
                    &t.start,
                    format!(
                        "{}–{} {} {}",
                        t.start.get(11..16).unwrap_or_default(),
                        t.end.get(11..16).unwrap_or_default(),
                        t.name,
                        t.meeting
                    ),
                ));
            }
        }
    }
    for (k, s) in kpis.staff.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{} {}</td><td>{}</td><td class=\"n\">{}</td>",
            esc(&s.staff),
            esc(&p.staff[k].name),
            esc(&s.building),
            s.task_minutes
        );
        let mine = &mut held[k];
        mine.sort();
        for d in &days {
            let cell: Vec<String> = mine
                .iter()
                .filter(|(start, _)| start.starts_with(d.as_str()))
                .map(|(_, line)| esc(line))
                .collect();
            let _ = write!(h, "<td>{}</td>", cell.join("<br>"));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>\n");

    // Unassigned meetings.
    let _ = write!(
        h,
        "<h2 id=\"unassigned\">未安排会议 Unassigned meetings ({})</h2>",
        tables.unassigned.len()
    );
    if !tables.unassigned.is_empty() {
        h.push_str("<table><tr><th>会议 Meeting</th><th>名称 Title</th><th>类别 Class</th><th>人数 Attendees</th><th>原因 Reason</th></tr>");
        for u in &tables.unassigned {
            let shown = meeting_title(p, &u.id, options.show_confidential);
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&u.id),
                esc(&shown),
                esc(&u.class),
                u.attendees,
                esc(&u.reason)
            );
        }
        h.push_str("</table>\n");
    }

    // Short tasks.
    let short: Vec<_> = tables.tasks.iter().filter(|t| t.missing > 0).collect();
    let _ = write!(
        h,
        "<h2 id=\"short\">缺员任务 Tasks missing people ({})</h2>",
        short.len()
    );
    if !short.is_empty() {
        h.push_str("<table><tr><th>任务 Task</th><th>技能 Skill</th><th>时间 When</th><th>楼 Building</th><th>需要 Need</th><th>缺 Missing</th><th>在岗 Staff</th></tr>");
        for t in short {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}–{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n bad\">{}</td><td>{}</td></tr>",
                esc(&t.id),
                esc(&t.skill),
                esc(&t.start.replace('T', " ")),
                esc(t.end.get(11..16).unwrap_or_default()),
                esc(&t.building),
                t.need,
                t.missing,
                esc(&t.staff.join(", "))
            );
        }
        h.push_str("</table>\n");
    }

    // Violations.
    if !report.valid() {
        h.push_str("<h2 id=\"violations\" class=\"bad\">违反硬性规则 Hard rules broken</h2><table><tr><th>规则 Rule</th><th>说明 What</th></tr>");
        for v in report.violations.iter().filter(|v| v.level == Level::Hard) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                v.rule.name(),
                esc(&v.message)
            );
        }
        h.push_str("</table>\n");
    }

    // Changes.
    if let Some((rp, ra)) = options.reference {
        let d = PlanDiff::between(rp, ra, p, a);
        let _ = write!(
            h,
            "<h2 id=\"changes\">变更 What changed</h2><div class=\"sub\">{} moved · {} placed · {} unplaced · {} removed · {} tasks restaffed · score {}/{}/{} → {}/{}/{}</div>",
            d.moved.len(),
            d.placed.len(),
            d.unplaced.len(),
            d.removed.len(),
            d.staff.len(),
            d.score.before.hard,
            d.score.before.medium,
            d.score.before.soft,
            d.score.after.hard,
            d.score.after.medium,
            d.score.after.soft
        );
        h.push_str("<table><tr><th>会议 Meeting</th><th>原 From</th><th>新 To</th></tr>");
        for mv in &d.moved {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{} {}</td><td>{} {}</td></tr>",
                esc(&mv.meeting),
                esc(&mv.from.room),
                esc(&mv.from.start),
                esc(&mv.to.room),
                esc(&mv.to.start)
            );
        }
        for pl in &d.placed {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>—</td><td>{} {}</td></tr>",
                esc(&pl.meeting),
                esc(&pl.room),
                esc(&pl.start)
            );
        }
        for u in &d.unplaced {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>—</td><td>未安排 out: {}</td></tr>",
                esc(&u.meeting),
                esc(&u.reason)
            );
        }
        for r in &d.removed {
            let _ = write!(h, "<tr><td>{}</td><td>—</td><td>取消 cancelled</td></tr>", esc(r));
        }
        h.push_str("</table>\n");
    }
    h.push_str("<div class=\"sub\">huiwu · 会务规划</div></body></html>\n");
    h
}

/// One building-day's rooms as rows of an SVG, from `from` to `to` (minutes).
#[allow(clippy::too_many_arguments)]
fn timeline_svg(
    h: &mut String,
    p: &Problem,
    rooms: &[crate::model::RoomId],
    by_room: &[Vec<(MeetingId, Placement)>],
    day: i32,
    from: i32,
    to: i32,
    show_confidential: bool,
) {
    let (label, width, row) = (90.0, 1000.0, 22.0);
    // Room on the right for the last hour's label.
    let margin = 30.0;
    let span = f64::from((to - from).max(60));
    let x = |t: i32| label + (f64::from(t - from) / span) * width;
    let height = row * rooms.len() as f64 + 16.0;
    let _ = write!(
        h,
        "<svg width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\" role=\"img\">",
        label + width + margin,
        label + width + margin
    );
    // Hour lines.
    let first_hour = (from + 59) / 60 * 60;
    let mut t = first_hour;
    while t <= to {
        let _ = write!(
            h,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{1}\" stroke=\"#dde4ea\"/><text x=\"{2:.1}\" y=\"{3}\" fill=\"#5a6673\">{4:02}:00</text>",
            x(t),
            height - 14.0,
            x(t) + 2.0,
            height - 3.0,
            minute_of_day(t) / 60
        );
        t += 60;
    }
    for (i, r) in rooms.iter().enumerate() {
        let y = row * i as f64;
        let _ = write!(
            h,
            "<text x=\"2\" y=\"{:.1}\" fill=\"#1d2733\">{}</text>",
            y + 15.0,
            esc(&p.room(*r).id)
        );
        for &(m, pl) in by_room[r.index()]
            .iter()
            .filter(|(_, pl)| day_of(pl.start) == day)
        {
            let occ = p.occupancy(m, pl.start);
            let iv = p.meeting_interval(m, pl.start);
            let colour = CLASS_COLOURS[p.meeting(m).class.index() % CLASS_COLOURS.len()];
            let (o0, o1) = (x(occ.start.max(from)), x(occ.end.min(to)));
            let (m0, m1) = (x(iv.start.max(from)), x(iv.end.min(to)));
            let name = meeting_title(p, &p.meeting(m).id, show_confidential);
            let _ = write!(
                h,
                "<g><title>{} {} {}–{} · {} attendees</title><rect x=\"{o0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\" opacity=\"0.3\"/><rect x=\"{m0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\"/>",
                esc(&p.meeting(m).id),
                esc(&name),
                Calendar::format_clock(iv.start),
                Calendar::format_clock(iv.end),
                p.meeting(m).attendees,
                y + 2.0,
                (o1 - o0).max(1.0),
                row - 4.0,
                y + 4.0,
                (m1 - m0).max(1.0),
                row - 8.0
            );
            // As much of the id and title as fits (10 px text: about 6 px a Latin character,
            // 10 px a Chinese one).
            let room_for = m1 - m0 - 4.0;
            let mut used = 0.0;
            let text: String = format!("{} {}", p.meeting(m).id, name)
                .chars()
                .take_while(|c| {
                    used += if c.is_ascii() { 6.0 } else { 10.5 };
                    used <= room_for
                })
                .collect();
            if !text.is_empty() {
                let _ = write!(
                    h,
                    "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#fff\">{}</text>",
                    m0 + 2.0,
                    y + 15.0,
                    esc(&text)
                );
            }
            h.push_str("</g>");
        }
    }
    h.push_str("</svg>");
}

/// A meeting's title as the page shows it.
fn meeting_title(p: &Problem, id: &str, show_confidential: bool) -> String {
    match p.meeting_id(id).map(|m| p.meeting(m)) {
        Some(m) if m.confidential > 0 && !show_confidential => "保密 confidential".to_string(),
        Some(m) => m.title.clone(),
        None => String::new(),
    }
}

fn pct(a: i64, b: i64) -> String {
    if b > 0 {
        format!("{:.1} %", a as f64 * 100.0 / b as f64)
    } else {
        "—".to_string()
    }
}

/// HTML escaping.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
