//! iCalendar feeds (SPEC §9.2, RFC 5545): the whole week, each room, each staff member (their
//! tasks) and each named person (their meetings), one `VCALENDAR` each.
//!
//! Every event's `UID` depends only on the problem's name and the meeting or task id, so a
//! calendar client that subscribed updates the event after a re-plan instead of adding a
//! second one; `SEQUENCE` rises when the re-plan moved it (the previous feed's sequence plus
//! one, read from the folder being rewritten). Times are local times of the problem's
//! `timezone` with its `VTIMEZONE` (the fixed-offset zones of China and its neighbours are
//! known; another zone's times are written floating). A confidential meeting is
//! `CLASS:CONFIDENTIAL` and shows its title only in the feeds of the people and staff who attend
//! or serve it.

use std::collections::HashMap;

use crate::model::time::{day_of, minute_of_day};
use crate::model::{Interval, MeetingId, Minute, Problem};
use crate::plan::tables::distinct;
use crate::plan::{Assignment, Placement};

/// One feed: its path in the output folder and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// `week.ics`, `rooms/<room>.ics`, `staff/<staff>.ics` or `people/<person>.ics`.
    pub path: String,
    /// The calendar, CRLF lines folded at 75 octets.
    pub text: String,
}

/// What the feeds are written against.
pub struct IcalOptions<'a> {
    /// The plan before (of the same problem or an earlier version of it): events it has
    /// elsewhere or at another time get a higher `SEQUENCE`.
    pub reference: Option<(&'a Problem, &'a Assignment)>,
    /// `UID` → `SEQUENCE` of the feeds written before (see [`previous_sequences`]).
    pub previous: HashMap<String, u32>,
    /// `DTSTAMP`, as `YYYYMMDDTHHMMSSZ` (UTC).
    pub stamp: String,
}

/// The fixed-offset zones known (no daylight saving): name, offset in minutes, abbreviation.
const ZONES: [(&str, i32, &str); 10] = [
    ("Asia/Shanghai", 480, "CST"),
    ("Asia/Chongqing", 480, "CST"),
    ("Asia/Harbin", 480, "CST"),
    ("Asia/Urumqi", 360, "XJT"),
    ("Asia/Hong_Kong", 480, "HKT"),
    ("Asia/Macau", 480, "CST"),
    ("Asia/Taipei", 480, "CST"),
    ("Asia/Singapore", 480, "SGT"),
    ("Asia/Tokyo", 540, "JST"),
    ("UTC", 0, "UTC"),
];

/// Every feed of plan `a` of problem `p`.
pub fn feeds(p: &Problem, a: &Assignment, options: &IcalOptions<'_>) -> Vec<Feed> {
    let w = Writer::new(p, a, options);
    let placed: Vec<(MeetingId, Placement)> = p
        .meeting_ids()
        .filter_map(|m| a.placements.get(m.index()).copied().flatten().map(|pl| (m, pl)))
        .collect();
    let mut out = Vec::new();
    let mut week = w.begin(&format!("{} — week", p.name));
    for &(m, pl) in &placed {
        w.meeting_event(&mut week, m, pl, false);
    }
    out.push(w.end("week.ics", week));
    for r in p.room_ids() {
        let mut cal = w.begin(&format!("{} — {}", p.name, p.room(r).id));
        for &(m, pl) in placed.iter().filter(|(_, pl)| pl.room == r) {
            w.meeting_event(&mut cal, m, pl, false);
        }
        out.push(w.end(&format!("rooms/{}.ics", p.room(r).id), cal));
    }
    // Who serves which task.
    let mut serving: Vec<Vec<crate::model::TaskId>> = vec![Vec::new(); p.staff.len()];
    for t in p.task_ids() {
        if placed_at(a, p.task(t).meeting).is_none() {
            continue;
        }
        for s in distinct(a.staffing.get(t.index()).map_or(&[][..], Vec::as_slice)) {
            if let Some(v) = serving.get_mut(s.index()) {
                v.push(t);
            }
        }
    }
    for s in p.staff_ids() {
        let mut cal = w.begin(&format!("{} — {}", p.name, p.staff[s.index()].name));
        let mut tasks = serving[s.index()].clone();
        tasks.sort_by_key(|&t| placed_at(a, p.task(t).meeting).map(|pl| p.task_interval(t, pl.start).start));
        for t in tasks {
            w.task_event(&mut cal, t);
        }
        out.push(w.end(&format!("staff/{}.ics", p.staff[s.index()].id), cal));
    }
    for (q, person) in p.people.iter().enumerate() {
        let mut cal = w.begin(&format!("{} — {}", p.name, person.id));
        for &(m, pl) in placed
            .iter()
            .filter(|(m, _)| p.meeting(*m).people.iter().any(|x| x.index() == q))
        {
            w.meeting_event(&mut cal, m, pl, true);
        }
        out.push(w.end(&format!("people/{}.ics", person.id), cal));
    }
    out
}

/// Writes every feed of plan `a` into `dir` (created if needed), continuing the sequences of
/// the feeds already there; `reference` is the plan those feeds showed. Returns the paths
/// written, relative to `dir`.
pub fn write_feeds(
    dir: &std::path::Path,
    p: &Problem,
    a: &Assignment,
    reference: Option<(&Problem, &Assignment)>,
) -> std::io::Result<Vec<String>> {
    let mut previous = HashMap::new();
    // Meetings' events are in week.ics, tasks' in the staff feeds.
    let mut olds = vec![dir.join("week.ics")];
    if let Ok(entries) = std::fs::read_dir(dir.join("staff")) {
        olds.extend(entries.flatten().map(|e| e.path()));
    }
    for path in olds {
        if let Ok(text) = std::fs::read_to_string(path) {
            previous.extend(previous_sequences(&text));
        }
    }
    let options = IcalOptions {
        reference,
        previous,
        stamp: stamp_now(),
    };
    let mut written = Vec::new();
    for f in feeds(p, a, &options) {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.text)?;
        written.push(f.path);
    }
    Ok(written)
}

/// Now, as a `DTSTAMP` (`YYYYMMDDTHHMMSSZ`, UTC).
pub fn stamp_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|| "19700101T000000Z".to_string())
}

/// `UID` → `SEQUENCE` of the events of a feed written before (its text): what a rewrite of the
/// folder continues from.
pub fn previous_sequences(text: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    let (mut uid, mut seq) = (None, 0);
    for line in unfold(text).lines() {
        if line == "BEGIN:VEVENT" {
            (uid, seq) = (None, 0);
        } else if let Some(u) = line.strip_prefix("UID:") {
            uid = Some(u.to_string());
        } else if let Some(s) = line.strip_prefix("SEQUENCE:") {
            seq = s.trim().parse().unwrap_or(0);
        } else if line == "END:VEVENT"
            && let Some(u) = uid.take()
        {
            out.insert(u, seq);
        }
    }
    out
}

fn placed_at(a: &Assignment, m: MeetingId) -> Option<Placement> {
    a.placements.get(m.index()).copied().flatten()
}

struct Writer<'a> {
    p: &'a Problem,
    a: &'a Assignment,
    options: &'a IcalOptions<'a>,
    zone: Option<(&'static str, i32, &'static str)>,
    domain: String,
}

impl<'a> Writer<'a> {
    fn new(p: &'a Problem, a: &'a Assignment, options: &'a IcalOptions<'a>) -> Self {
        let zone = ZONES.iter().copied().find(|z| z.0 == p.timezone);
        // The UID's domain part: the problem's name, reduced to what a UID carries safely.
        let mut domain: String = p
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        if domain.trim_matches('-').is_empty() {
            domain = format!("p{:016x}", fnv(&p.name));
        }
        Writer {
            p,
            a,
            options,
            zone,
            domain: format!("{}.huiwu", domain.trim_matches('-')),
        }
    }

    fn begin(&self, name: &str) -> String {
        let mut s = String::new();
        line(&mut s, "BEGIN:VCALENDAR");
        line(&mut s, "VERSION:2.0");
        line(&mut s, "PRODID:-//huiwu//meeting service plan//ZH");
        line(&mut s, "CALSCALE:GREGORIAN");
        line(&mut s, "METHOD:PUBLISH");
        line(&mut s, &format!("X-WR-CALNAME:{}", escape(name)));
        if let Some((tz, offset, abbr)) = self.zone {
            line(&mut s, &format!("X-WR-TIMEZONE:{tz}"));
            line(&mut s, "BEGIN:VTIMEZONE");
            line(&mut s, &format!("TZID:{tz}"));
            line(&mut s, "BEGIN:STANDARD");
            line(&mut s, "DTSTART:19700101T000000");
            line(&mut s, &format!("TZOFFSETFROM:{}", offset_text(offset)));
            line(&mut s, &format!("TZOFFSETTO:{}", offset_text(offset)));
            line(&mut s, &format!("TZNAME:{abbr}"));
            line(&mut s, "END:STANDARD");
            line(&mut s, "END:VTIMEZONE");
        }
        s
    }

    fn end(&self, path: &str, mut s: String) -> Feed {
        line(&mut s, "END:VCALENDAR");
        Feed {
            path: path.to_string(),
            text: s,
        }
    }

    fn time(&self, key: &str, t: Minute) -> String {
        let date = self.p.calendar.date(day_of(t));
        let m = minute_of_day(t);
        let local = format!("{}T{:02}{:02}00", date.format("%Y%m%d"), m / 60, m % 60);
        match self.zone {
            Some((tz, _, _)) => format!("{key};TZID={tz}:{local}"),
            None => format!("{key}:{local}"),
        }
    }

    /// The sequence of an event: the previous feed's, plus one when the reference has it
    /// elsewhere or at another time.
    fn sequence(&self, uid: &str, moved: bool) -> u32 {
        let before = self.options.previous.get(uid).copied().unwrap_or(0);
        before + u32::from(moved)
    }

    /// True when the reference plan has `m` (matched by id) elsewhere, at another time, or not.
    fn moved(&self, m: MeetingId, pl: Placement) -> bool {
        let Some((rp, ra)) = self.options.reference else {
            return false;
        };
        let meeting = &self.p.meeting(m).id;
        match rp.meeting_id(meeting).and_then(|x| placed_at(ra, x)) {
            Some(was) => {
                rp.rooms.get(was.room.index()).map(|r| &r.id) != Some(&self.p.room(pl.room).id)
                    || was.start != pl.start
            }
            None => false,
        }
    }

    fn title(&self, m: MeetingId, insider: bool) -> String {
        let meeting = self.p.meeting(m);
        if meeting.confidential > 0 && !insider {
            "保密会议 Confidential meeting".to_string()
        } else if meeting.title.is_empty() {
            meeting.id.clone()
        } else {
            format!("{} ({})", meeting.title, meeting.id)
        }
    }

    fn location(&self, pl: Placement) -> String {
        let room = self.p.room(pl.room);
        let building = &self.p.buildings[room.building.index()];
        format!("{}, {}", room.id, building.name)
    }

    fn meeting_event(&self, s: &mut String, m: MeetingId, pl: Placement, insider: bool) {
        let p = self.p;
        let meeting = p.meeting(m);
        let uid = format!("{}@{}", meeting.id, self.domain);
        let iv = p.meeting_interval(m, pl.start);
        self.event(
            s,
            &uid,
            self.sequence(&uid, self.moved(m, pl)),
            iv,
            &self.title(m, insider),
            &self.location(pl),
            meeting.confidential > 0,
            &format!("{} attendees, class {}", meeting.attendees, p.class_of(m).id),
        );
    }

    fn task_event(&self, s: &mut String, t: crate::model::TaskId) {
        let p = self.p;
        let task = p.task(t);
        let m = task.meeting;
        let Some(pl) = placed_at(self.a, m) else { return };
        let uid = format!("{}@{}", task.id, self.domain);
        let name = &p.classes[p.meeting(m).class.index()].tasks[task.template].name;
        self.event(
            s,
            &uid,
            self.sequence(&uid, self.moved(m, pl)),
            p.task_interval(t, pl.start),
            // Those who serve a meeting see its title.
            &format!("{name}: {}", self.title(m, true)),
            &self.location(pl),
            p.meeting(m).confidential > 0,
            &format!("task {} of {}", task.id, p.meeting(m).id),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        s: &mut String,
        uid: &str,
        sequence: u32,
        iv: Interval,
        summary: &str,
        location: &str,
        confidential: bool,
        description: &str,
    ) {
        line(s, "BEGIN:VEVENT");
        line(s, &format!("UID:{uid}"));
        line(s, &format!("DTSTAMP:{}", self.options.stamp));
        line(s, &format!("SEQUENCE:{sequence}"));
        line(s, &self.time("DTSTART", iv.start));
        line(s, &self.time("DTEND", iv.end));
        line(s, &format!("SUMMARY:{}", escape(summary)));
        line(s, &format!("LOCATION:{}", escape(location)));
        line(s, &format!("DESCRIPTION:{}", escape(description)));
        line(
            s,
            if confidential {
                "CLASS:CONFIDENTIAL"
            } else {
                "CLASS:PUBLIC"
            },
        );
        line(s, "STATUS:CONFIRMED");
        line(s, "TRANSP:OPAQUE");
        line(s, "END:VEVENT");
    }
}

/// `+0800`.
fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// TEXT escaping (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line exceeds 75 octets (RFC 5545 §3.1), never
/// inside a UTF-8 character, ended with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Undoes [`line`]'s folding.
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n", "\n")
}

/// FNV-1a, for a UID domain from a name with no ASCII letters.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_a_character() {
        let mut s = String::new();
        let long = format!("SUMMARY:{}", "会议服务".repeat(40));
        line(&mut s, &long);
        for l in s.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(unfold(&s).trim_end(), long);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
