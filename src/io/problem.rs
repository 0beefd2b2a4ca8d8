//! Building a [`Problem`] from the parsed tree: every rule of SPEC §1, §2 and §6.
//!
//! Each list is read item by item into `Vec<Option<T>>` (`None` where the item has errors);
//! ids are registered even for faulty items so that references to them do not cascade into
//! `unknown_reference` errors. The `Problem` is assembled only when no error was found.
//!
//! Ranges chosen where SPEC leaves them open (all integers, inclusive):
//! capacity, attendees 1–1 000 000; layout seats, equipment counts, pool counts 0–1 000 000;
//! duration 1–1440 (opening hours lie within one day, so a longer meeting can never be
//! held); setup/teardown, layout change, travel minutes 0–1440; task offsets −1440–1440;
//! task `staff` 0–1000, `per_attendees` 0–1 000 000; `max_minutes_per_day` and
//! `preferred_minutes_per_day` 0–1440, `max_minutes_total` 0–1 000 000 000; `min_days`
//! 0–10 000; weights and `open_cost` 0–1 000 000 (so no score can overflow `i64`); every
//! planning day within 1000 days of the earliest. `null` is never "absent": it is `wrong_type`.
//! A missing required field is reported at the field's own path (`$.rooms[0].capacity`).

use std::collections::HashMap;

use chrono::NaiveDate;
use petgraph::graph::{NodeIndex, UnGraph};

use crate::error::ErrorCode;
use crate::error::InputError;
use crate::model::time::{parse_clock, parse_date, parse_datetime};
use crate::model::*;

use super::json::JVal;
use super::plan::{bad_datetime, read_plan, version};
use super::walk::{Cx, P, get, req};
use crate::model::Rule;

const TOP_FIELDS: [&str; 17] = [
    "version",
    "name",
    "timezone",
    "granularity_minutes",
    "days",
    "opening",
    "buildings",
    "travel",
    "rooms",
    "equipment_pools",
    "staff",
    "people",
    "series",
    "service_classes",
    "meetings",
    "weights",
    "reference_plan",
];

const MILLION: i64 = 1_000_000;

/// Latest planning day, counted from the earliest.
const MAX_DAY_SPAN: i32 = 1000;

/// Interned words (skills, layouts, features, kinds) in first-seen order.
#[derive(Default)]
struct Interner {
    map: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.map.get(s) {
            return i as usize;
        }
        let i = self.names.len();
        self.map.insert(s.to_string(), i as u32);
        self.names.push(s.to_string());
        i
    }
}

/// Ids of one list: string id → position. Faulty items are registered too (no cascades).
#[derive(Default)]
struct Ids {
    map: HashMap<String, usize>,
    /// The list itself could not be read (its error is reported): references into it are
    /// not checked, so that one bad list does not produce an error per reference.
    broken: bool,
}

impl Ids {
    fn register(&mut self, cx: &mut Cx, id: &str, pos: usize, path: &P, what: &str) {
        if let Some(&first) = self.map.get(id) {
            cx.err(
                path,
                ErrorCode::DuplicateId,
                format!("{what} id \"{id}\" is already used by item {first}"),
            );
        } else {
            self.map.insert(id.to_string(), pos);
        }
    }

    /// Resolves a reference, reporting `unknown_reference`.
    fn resolve(&self, cx: &mut Cx, v: &JVal, path: &P, what: &str) -> Option<usize> {
        let s = cx.string(v, path)?;
        self.lookup(cx, s, path, what)
    }

    fn lookup(&self, cx: &mut Cx, s: &str, path: &P, what: &str) -> Option<usize> {
        let found = self.map.get(s).copied();
        if found.is_none() && !self.broken {
            cx.err(
                path,
                ErrorCode::UnknownReference,
                format!("no {what} has the id \"{s}\""),
            );
        }
        found
    }
}

/// Reads the `id` of a list item and registers it. Any string is registered (even a bad
/// id), so that references to it do not add follow-up errors.
fn item_id<'v>(
    cx: &mut Cx,
    o: &'v [(String, JVal)],
    path: &P,
    ids: &mut Ids,
    pos: usize,
    what: &str,
) -> Option<&'v str> {
    let v = req(cx, o, path, "id")?;
    let p = path.key("id");
    if let JVal::Str(s) = v {
        ids.register(cx, s, pos, &p, what);
    }
    cx.id(v, &p)
}

fn opt_int(
    cx: &mut Cx,
    o: &[(String, JVal)],
    path: &P,
    key: &str,
    lo: i64,
    hi: i64,
    default: i64,
) -> Option<i64> {
    match get(o, key) {
        None => Some(default),
        Some(v) => cx.int(v, &path.key(key), lo, hi),
    }
}

fn req_int(cx: &mut Cx, o: &[(String, JVal)], path: &P, key: &str, lo: i64, hi: i64) -> Option<i64> {
    req(cx, o, path, key).and_then(|v| cx.int(v, &path.key(key), lo, hi))
}

fn opt_string(cx: &mut Cx, o: &[(String, JVal)], path: &P, key: &str) -> Option<Option<String>> {
    match get(o, key) {
        None => Some(None),
        Some(v) => cx.string(v, &path.key(key)).map(|s| Some(s.to_string())),
    }
}

fn opt_bool(cx: &mut Cx, o: &[(String, JVal)], path: &P, key: &str) -> Option<bool> {
    match get(o, key) {
        None => Some(false),
        Some(v) => cx.boolean(v, &path.key(key)),
    }
}

fn datetime(cx: &mut Cx, cal: &Calendar, v: &JVal, path: &P) -> Option<Minute> {
    let s = cx.string(v, path)?;
    let Some(dt) = parse_datetime(s) else {
        cx.err(path, ErrorCode::BadTime, bad_datetime(s));
        return None;
    };
    let m = cal.minutes(dt);
    if m.is_none() {
        cx.err(
            path,
            ErrorCode::OutOfRange,
            format!("\"{s}\" lies too far from the planning days"),
        );
    }
    m
}

/// `{ "start": T1, "end": T2 }` with `T1 < T2`.
fn interval(cx: &mut Cx, cal: &Calendar, v: &JVal, path: &P) -> Option<Interval> {
    let o = cx.object(v, path, &["start", "end"])?;
    let s = req(cx, o, path, "start").and_then(|v| datetime(cx, cal, v, &path.key("start")));
    let e = req(cx, o, path, "end").and_then(|v| datetime(cx, cal, v, &path.key("end")));
    let (s, e) = (s?, e?);
    if s >= e {
        cx.err(path, ErrorCode::BadInterval, "the start must be before the end");
        return None;
    }
    Some(Interval::new(s, e))
}

/// A list of intervals, sorted by start; `[]` is accepted (with `empty_warning`, if given).
fn interval_list(
    cx: &mut Cx,
    cal: &Calendar,
    v: &JVal,
    path: &P,
    empty_warning: Option<&str>,
) -> Option<Vec<Interval>> {
    let items = cx.array(v, path)?;
    if let (true, Some(w)) = (items.is_empty(), empty_warning) {
        cx.warn(path, w);
    }
    let mut out: Vec<Option<Interval>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(interval(cx, cal, item, &path.idx(i)));
    }
    let mut out: Vec<Interval> = out.into_iter().collect::<Option<_>>()?;
    out.sort();
    Some(out)
}

/// `{ "start": "HH:MM", "end": "HH:MM" }` within one day.
fn opening(cx: &mut Cx, v: &JVal, path: &P) -> Option<Opening> {
    let o = cx.object(v, path, &["start", "end"])?;
    let clock = |cx: &mut Cx, key: &str| {
        let p = path.key(key);
        let v = req(cx, o, path, key)?;
        let s = cx.string(v, &p)?;
        let m = parse_clock(s);
        match m {
            None => cx.err(
                &p,
                ErrorCode::BadTime,
                format!("\"{s}\" is not a clock time HH:MM"),
            ),
            Some(DAY) if key == "start" => {
                cx.err(&p, ErrorCode::BadTime, "\"24:00\" is valid only as an end");
                return None;
            }
            Some(_) => {}
        }
        m
    };
    let start = clock(cx, "start");
    let end = clock(cx, "end");
    let (start, end) = (start?, end?);
    if start >= end {
        cx.err(
            path,
            ErrorCode::BadInterval,
            "opening hours must start before they end and may not cross midnight",
        );
        return None;
    }
    Some(Opening { start, end })
}

/// A map word → integer in `lo..=hi`, sorted by interned id.
fn word_map(
    cx: &mut Cx,
    v: &JVal,
    path: &P,
    words: &mut Interner,
    lo: i64,
    hi: i64,
) -> Option<Vec<(usize, i64)>> {
    let entries = cx.map(v, path)?;
    let mut out: Vec<(usize, i64)> = Vec::with_capacity(entries.len());
    let mut ok = true;
    for (k, val) in entries {
        let p = path.key(k);
        let key_ok = cx.word_key(k, &p);
        let n = cx.int(val, &p, lo, hi);
        match (key_ok, n) {
            (true, Some(n)) => {
                let id = words.id(k);
                // A repeated key was reported by the parser; the first value wins.
                if !out.iter().any(|&(x, _)| x == id) {
                    out.push((id, n));
                }
            }
            _ => ok = false,
        }
    }
    out.sort_unstable();
    ok.then_some(out)
}

/// A list of words, interned and sorted.
fn word_list(cx: &mut Cx, v: &JVal, path: &P, words: &mut Interner) -> Option<Vec<usize>> {
    let list = cx.string_list(v, path, |cx, v, p| cx.word(v, p))?;
    let mut out: Vec<usize> = list.into_iter().map(|w| words.id(w)).collect();
    out.sort_unstable();
    Some(out)
}

/// A list of references into `ids`, sorted.
fn ref_list(cx: &mut Cx, v: &JVal, path: &P, ids: &Ids, what: &str) -> Option<Vec<usize>> {
    let list = cx.string_list(v, path, |cx, v, p| cx.string(v, p))?;
    let mut out = Vec::with_capacity(list.len());
    let mut ok = true;
    for (i, s) in list.into_iter().enumerate() {
        match ids.lookup(cx, s, &path.idx(i), what) {
            Some(x) => out.push(x),
            None => ok = false,
        }
    }
    out.sort_unstable();
    ok.then_some(out)
}

fn to_i32(n: i64) -> i32 {
    // Every caller has range-checked `n` to well within i32.
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_u8(n: i64) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// A person or series named only in meetings is added after the declared ones.
fn named_or_new(ids: &mut Ids, added: &mut Vec<String>, declared: usize, name: &str) -> usize {
    if let Some(&i) = ids.map.get(name) {
        return i;
    }
    let i = declared + added.len();
    ids.map.insert(name.to_string(), i);
    added.push(name.to_string());
    i
}

/// Reads and validates a problem from its parsed tree.
pub(crate) fn read_problem(cx: &mut Cx, root: &JVal) -> Option<Problem> {
    let top = P::Root;
    let o = cx.object(root, &top, &TOP_FIELDS)?;
    version(cx, o, &top);

    let name = opt_string(cx, o, &top, "name").flatten().unwrap_or_default();
    let timezone = opt_string(cx, o, &top, "timezone")
        .flatten()
        .unwrap_or_else(|| "Asia/Shanghai".to_string());

    let granularity = match get(o, "granularity_minutes") {
        None => Some(15),
        Some(v) => {
            let p = top.key("granularity_minutes");
            cx.int(v, &p, 1, 60).and_then(|g| {
                if DAY as i64 % g != 0 {
                    cx.err(
                        &p,
                        ErrorCode::InvalidValue,
                        format!("{g} does not divide 1440 (a day)"),
                    );
                    return None;
                }
                Some(g as Minute)
            })
        }
    };

    // Days: the calendar origin is the earliest; a fallback keeps checking times when they fail.
    let dates: Option<Vec<NaiveDate>> = req(cx, o, &top, "days").and_then(|v| {
        let p = top.key("days");
        let list = cx.string_list(v, &p, |cx, v, p| {
            let s = cx.string(v, p)?;
            if parse_date(s).is_none() {
                cx.err(p, ErrorCode::BadTime, format!("\"{s}\" is not a date YYYY-MM-DD"));
                return None;
            }
            Some(s)
        })?;
        if list.is_empty() {
            cx.err(&p, ErrorCode::OutOfRange, "at least one planning day is required");
            return None;
        }
        list.into_iter().map(parse_date).collect()
    });
    let origin = dates
        .as_ref()
        .and_then(|d| d.iter().min().copied())
        .or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1));
    let origin = origin?;
    let cal = Calendar::new(origin);
    let days: Vec<i32> = dates.iter().flatten().map(|&d| cal.day_number(d)).collect();
    for (i, &d) in days.iter().enumerate() {
        // Bounds the horizon, and with it every per-day table built from `days`.
        if d > MAX_DAY_SPAN {
            cx.err(
                &top.key("days").idx(i),
                ErrorCode::OutOfRange,
                format!("planning days must lie within {MAX_DAY_SPAN} days of the earliest"),
            );
        }
    }
    let mut sorted_days = days.clone();
    sorted_days.sort_unstable();

    let open = req(cx, o, &top, "opening").and_then(|v| opening(cx, v, &top.key("opening")));
    // Stand-in when the problem's opening failed: its error is already reported.
    let open_or_any = open.unwrap_or(Opening { start: 0, end: DAY });

    // Buildings.
    let mut building_ids = Ids::default();
    let mut buildings: Vec<Option<Building>> = Vec::new();
    {
        let lp = top.key("buildings");
        let items = top_list(cx, o, &top, "buildings", true);
        building_ids.broken = items.is_none();
        for (i, item) in items.unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            let Some(b) = cx.object(item, &p, &["id", "name", "opening"]) else {
                buildings.push(None);
                continue;
            };
            let id = item_id(cx, b, &p, &mut building_ids, i, "building");
            let name = opt_string(cx, b, &p, "name");
            let own = match get(b, "opening") {
                None => Some(None),
                Some(v) => opening(cx, v, &p.key("opening")).map(Some),
            };
            buildings.push(match (id, name, own) {
                (Some(id), Some(name), Some(own)) => Some(Building {
                    id: id.to_string(),
                    name: name.unwrap_or_else(|| id.to_string()),
                    opening: own.unwrap_or(open_or_any),
                }),
                _ => None,
            });
        }
    }

    // Travel: undirected edges, all-pairs shortest paths.
    let mut edges: Vec<(usize, usize, i64)> = Vec::new();
    if let Some(v) = get(o, "travel") {
        let lp = top.key("travel");
        for (i, item) in cx.array(v, &lp).unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            let Some(t) = cx.object(item, &p, &["from", "to", "minutes"]) else {
                continue;
            };
            let from =
                req(cx, t, &p, "from").and_then(|v| building_ids.resolve(cx, v, &p.key("from"), "building"));
            let to = req(cx, t, &p, "to").and_then(|v| building_ids.resolve(cx, v, &p.key("to"), "building"));
            let minutes = req_int(cx, t, &p, "minutes", 0, DAY as i64);
            if let (Some(a), Some(b)) = (from, to) {
                if a == b {
                    cx.err(
                        &p,
                        ErrorCode::InvalidValue,
                        "a travel edge from a building to itself",
                    );
                    continue;
                }
                if let Some(m) = minutes {
                    edges.push((a, b, m));
                }
            }
        }
    }
    let travel = shortest_paths(buildings.len(), &edges);

    // Rooms.
    let mut layouts = Interner::default();
    let mut features = Interner::default();
    let mut kinds = Interner::default();
    let mut skills = Interner::default();
    let mut room_ids = Ids::default();
    let mut rooms: Vec<Option<Room>> = Vec::new();
    {
        let lp = top.key("rooms");
        let items = top_list(cx, o, &top, "rooms", true);
        room_ids.broken = items.is_none();
        for (i, item) in items.unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            rooms.push(read_room(
                cx,
                item,
                &p,
                i,
                &cal,
                &mut room_ids,
                &building_ids,
                (&mut layouts, &mut features, &mut kinds),
            ));
        }
    }

    // Equipment pools.
    let mut pool_list: Vec<(usize, usize, i32)> = Vec::new();
    let mut pool_seen: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    if let Some(v) = get(o, "equipment_pools") {
        let lp = top.key("equipment_pools");
        for (i, item) in cx.array(v, &lp).unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            let Some(t) = cx.object(item, &p, &["building", "kind", "count"]) else {
                continue;
            };
            let b = req(cx, t, &p, "building")
                .and_then(|v| building_ids.resolve(cx, v, &p.key("building"), "building"));
            let k = req(cx, t, &p, "kind").and_then(|v| cx.word(v, &p.key("kind")));
            let n = req_int(cx, t, &p, "count", 0, MILLION);
            if let (Some(b), Some(k), Some(n)) = (b, k, n) {
                let k = kinds.id(k);
                if !pool_seen.insert((b, k)) {
                    cx.err(
                        &p,
                        ErrorCode::DuplicateEntry,
                        format!("a second pool of \"{}\" in this building", kinds.names[k]),
                    );
                    continue;
                }
                pool_list.push((b, k, to_i32(n)));
            }
        }
    }

    // Staff.
    let mut staff_ids = Ids::default();
    let mut staff: Vec<Option<Staff>> = Vec::new();
    {
        let lp = top.key("staff");
        let items = top_list(cx, o, &top, "staff", false);
        staff_ids.broken = items.is_none();
        for (i, item) in items.unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            staff.push(read_staff(
                cx,
                item,
                &p,
                i,
                &cal,
                &sorted_days,
                &buildings,
                &mut staff_ids,
                &building_ids,
                &mut skills,
            ));
        }
    }

    // Declared people and series.
    let mut person_ids = Ids::default();
    let mut people: Vec<Option<Person>> = Vec::new();
    if let Some(v) = get(o, "people") {
        let lp = top.key("people");
        for (i, item) in cx.array(v, &lp).unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            let Some(t) = cx.object(item, &p, &["id", "compact"]) else {
                people.push(None);
                continue;
            };
            let id = item_id(cx, t, &p, &mut person_ids, i, "person");
            let compact = opt_bool(cx, t, &p, "compact");
            people.push(match (id, compact) {
                (Some(id), Some(compact)) => Some(Person {
                    id: id.to_string(),
                    compact,
                }),
                _ => None,
            });
        }
    }
    let mut series_ids = Ids::default();
    let mut series: Vec<Option<Series>> = Vec::new();
    if let Some(v) = get(o, "series") {
        let lp = top.key("series");
        for (i, item) in cx.array(v, &lp).unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            let Some(t) = cx.object(item, &p, &["id", "min_days"]) else {
                series.push(None);
                continue;
            };
            let id = item_id(cx, t, &p, &mut series_ids, i, "series");
            let min_days = opt_int(cx, t, &p, "min_days", 0, 10_000, 0);
            series.push(match (id, min_days) {
                (Some(id), Some(min_days)) => Some(Series {
                    id: id.to_string(),
                    min_days,
                }),
                _ => None,
            });
        }
    }

    // Service classes.
    let mut class_ids = Ids::default();
    let mut classes: Vec<Option<ServiceClass>> = Vec::new();
    {
        let lp = top.key("service_classes");
        let items = top_list(cx, o, &top, "service_classes", true);
        class_ids.broken = items.is_none();
        for (i, item) in items.unwrap_or_default().iter().enumerate() {
            let p = lp.idx(i);
            classes.push(read_class(cx, item, &p, i, &mut class_ids, &mut skills));
        }
    }

    // Meetings.
    let mut meeting_ids = Ids::default();
    let mut meetings: Vec<Option<Meeting>> = Vec::new();
    let mut new_people: Vec<String> = Vec::new();
    let mut new_series: Vec<String> = Vec::new();
    {
        let lp = top.key("meetings");
        let items = top_list(cx, o, &top, "meetings", true);
        meeting_ids.broken = items.is_none();
        let items = items.unwrap_or_default();
        meetings.reserve(items.len());
        let mut refs = MeetingRefs {
            cal: &cal,
            class_ids: &class_ids,
            room_ids: &room_ids,
            staff_ids: &staff_ids,
            person_ids: &mut person_ids,
            series_ids: &mut series_ids,
            new_people: &mut new_people,
            new_series: &mut new_series,
            declared_people: people.len(),
            declared_series: series.len(),
            layouts: &mut layouts,
            features: &mut features,
            kinds: &mut kinds,
        };
        for (i, item) in items.iter().enumerate() {
            let p = lp.idx(i);
            meetings.push(read_meeting(cx, item, &p, i, &mut meeting_ids, &mut refs));
        }
    }

    // Derived tasks; templates that give an empty interval for some meeting of their class.
    let mut tasks: Vec<TaskDef> = Vec::new();
    let mut task_index: HashMap<String, TaskId> = HashMap::new();
    let mut empty: HashMap<(usize, usize), (String, Minute, usize)> = HashMap::new();
    for (mi, m) in meetings.iter_mut().enumerate() {
        let Some(m) = m else { continue };
        let Some(Some(class)) = classes.get(m.class.index()) else {
            continue;
        };
        let (derived, empty_templates) = crate::model::derive_tasks(class, m, MeetingId::new(mi));
        for k in empty_templates {
            empty
                .entry((m.class.index(), k))
                .and_modify(|x| x.2 += 1)
                .or_insert((m.id.clone(), m.duration, 0));
        }
        for task in derived {
            let tid = TaskId::new(tasks.len());
            task_index.insert(task.id.clone(), tid);
            m.tasks.push(tid);
            tasks.push(task);
        }
    }
    let mut empty: Vec<_> = empty.into_iter().collect();
    empty.sort();
    for ((c, k), (meeting, duration, more)) in empty {
        let cp = top.key("service_classes");
        let cp = cp.idx(c);
        let tp = cp.key("tasks");
        let tp = tp.idx(k);
        let also = if more > 0 {
            format!(" (and {more} more meetings of the class)")
        } else {
            String::new()
        };
        cx.err(
            &tp,
            ErrorCode::EmptyTaskInterval,
            format!(
                "this task gives an empty interval for meeting \"{meeting}\" (duration {duration}){also}"
            ),
        );
    }

    // Weights.
    let mut weights = Weights::default();
    if let Some(v) = get(o, "weights") {
        let wp = top.key("weights");
        for (k, val) in cx.map(v, &wp).unwrap_or_default() {
            let p = wp.key(k);
            let Some(rule) = Rule::from_name(k).filter(|r| r.level() != Level::Hard) else {
                cx.err(
                    &p,
                    ErrorCode::UnknownField,
                    format!("\"{k}\" is not a medium or soft term name"),
                );
                continue;
            };
            let Some(w) = cx.int(val, &p, 0, MILLION) else {
                continue;
            };
            weights.set(rule, w);
        }
    }

    // The reference plan: its structure now, resolved against the problem once it is built.
    let reference_plan = get(o, "reference_plan").and_then(|v| read_plan(cx, v, &top.key("reference_plan")));

    if !cx.errors.is_empty() {
        return None;
    }

    let n_kinds = kinds.names.len();
    let buildings: Vec<Building> = buildings.into_iter().collect::<Option<_>>()?;
    let mut pools = vec![vec![0i32; n_kinds]; buildings.len()];
    for (b, k, n) in pool_list {
        if let Some(slot) = pools.get_mut(b).and_then(|row| row.get_mut(k)) {
            *slot = n;
        }
    }
    let mut people: Vec<Person> = people.into_iter().collect::<Option<_>>()?;
    people.extend(new_people.into_iter().map(|id| Person { id, compact: false }));
    let mut series: Vec<Series> = series.into_iter().collect::<Option<_>>()?;
    series.extend(new_series.into_iter().map(|id| Series { id, min_days: 0 }));

    let index = Index {
        buildings: typed(building_ids, BuildingId::new),
        rooms: typed(room_ids, RoomId::new),
        staff: typed(staff_ids, StaffId::new),
        meetings: typed(meeting_ids, MeetingId::new),
        tasks: task_index,
        people: typed(person_ids, PersonId::new),
        series: typed(series_ids, SeriesId::new),
        classes: typed(class_ids, ClassId::new),
    };

    let mut problem = Problem {
        name,
        timezone,
        granularity: granularity?,
        calendar: cal,
        days,
        opening: open?,
        buildings,
        travel,
        rooms: rooms.into_iter().collect::<Option<_>>()?,
        pools,
        staff: staff.into_iter().collect::<Option<_>>()?,
        people,
        series,
        classes: classes.into_iter().collect::<Option<_>>()?,
        meetings: meetings.into_iter().collect::<Option<_>>()?,
        tasks,
        weights,
        reference: None,
        skill_names: skills.names,
        layout_names: layouts.names,
        feature_names: features.names,
        kind_names: kinds.names,
        warnings: std::mem::take(&mut cx.warnings),
        index,
    };
    if let Some(plan) = reference_plan {
        let (reference, errors) = crate::plan::resolve_reference(&problem, &plan);
        for e in errors {
            // `$.meetings[i].start` of the plan is `$.reference_plan.meetings[i].start` here.
            cx.errors.push(InputError {
                path: format!("$.reference_plan{}", &e.path[1..]),
                ..e
            });
        }
        problem.reference = Some(reference);
    }
    cx.errors.is_empty().then_some(problem)
}

/// A top-level list: `None` when it is required and missing, or not an array (reported).
fn top_list<'v>(
    cx: &mut Cx,
    o: &'v [(String, JVal)],
    top: &P,
    key: &str,
    required: bool,
) -> Option<&'v [JVal]> {
    let v = if required {
        req(cx, o, top, key)?
    } else {
        get(o, key).unwrap_or(&EMPTY)
    };
    cx.array(v, &top.key(key))
}

static EMPTY: JVal = JVal::Arr(Vec::new());

fn typed<T>(ids: Ids, make: fn(usize) -> T) -> HashMap<String, T> {
    ids.map.into_iter().map(|(k, v)| (k, make(v))).collect()
}

/// All-pairs shortest travel minutes (Dijkstra from each building; parallel edges: the
/// shortest wins by construction).
fn shortest_paths(n: usize, edges: &[(usize, usize, i64)]) -> Vec<Vec<Option<Minute>>> {
    let mut g: UnGraph<(), i64> = UnGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        g.add_node(());
    }
    for &(a, b, m) in edges {
        g.add_edge(NodeIndex::new(a), NodeIndex::new(b), m);
    }
    (0..n)
        .map(|a| {
            let dist = petgraph::algo::dijkstra(&g, NodeIndex::new(a), None, |e| *e.weight());
            (0..n)
                .map(|b| {
                    dist.get(&NodeIndex::new(b))
                        .map(|&d| i32::try_from(d).unwrap_or(i32::MAX / 4).min(i32::MAX / 4))
                })
                .collect()
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn read_room(
    cx: &mut Cx,
    v: &JVal,
    p: &P,
    pos: usize,
    cal: &Calendar,
    room_ids: &mut Ids,
    building_ids: &Ids,
    (layouts, features, kinds): (&mut Interner, &mut Interner, &mut Interner),
) -> Option<Room> {
    let o = cx.object(
        v,
        p,
        &[
            "id",
            "building",
            "floor",
            "capacity",
            "layouts",
            "features",
            "confidential_level",
            "equipment",
            "open_cost",
            "layout_change_minutes",
            "unavailable",
        ],
    )?;
    let id = item_id(cx, o, p, room_ids, pos, "room");
    let building =
        req(cx, o, p, "building").and_then(|v| building_ids.resolve(cx, v, &p.key("building"), "building"));
    let floor = match get(o, "floor") {
        None => Some(None),
        Some(v) => cx.int(v, &p.key("floor"), i64::MIN, i64::MAX).map(Some),
    };
    let capacity = req_int(cx, o, p, "capacity", 1, MILLION);
    let room_layouts = match get(o, "layouts") {
        None => Some(Vec::new()),
        Some(v) => word_map(cx, v, &p.key("layouts"), layouts, 0, MILLION),
    };
    let room_features = match get(o, "features") {
        None => Some(Vec::new()),
        Some(v) => word_list(cx, v, &p.key("features"), features),
    };
    let level = opt_int(cx, o, p, "confidential_level", 0, 3, 0);
    let equipment = match get(o, "equipment") {
        None => Some(Vec::new()),
        Some(v) => word_map(cx, v, &p.key("equipment"), kinds, 0, MILLION),
    };
    let open_cost = match get(o, "open_cost") {
        None => Some(None),
        Some(v) => cx.int(v, &p.key("open_cost"), 0, MILLION).map(Some),
    };
    let change = opt_int(cx, o, p, "layout_change_minutes", 0, DAY as i64, 0);
    let unavailable = match get(o, "unavailable") {
        None => Some(Vec::new()),
        Some(v) => interval_list(cx, cal, v, &p.key("unavailable"), None),
    };
    Some(Room {
        id: id?.to_string(),
        building: BuildingId::new(building?),
        floor: floor?,
        capacity: to_i32(capacity?),
        layouts: room_layouts?
            .into_iter()
            .map(|(l, n)| (LayoutId::new(l), to_i32(n)))
            .collect(),
        features: room_features?.into_iter().map(FeatureId::new).collect(),
        confidential_level: to_u8(level?),
        equipment: equipment?
            .into_iter()
            .map(|(k, n)| (KindId::new(k), to_i32(n)))
            .collect(),
        open_cost: open_cost?,
        layout_change_minutes: to_i32(change?),
        unavailable: unavailable?,
    })
}

#[allow(clippy::too_many_arguments)]
fn read_staff(
    cx: &mut Cx,
    v: &JVal,
    p: &P,
    pos: usize,
    cal: &Calendar,
    sorted_days: &[i32],
    buildings: &[Option<Building>],
    staff_ids: &mut Ids,
    building_ids: &Ids,
    skills: &mut Interner,
) -> Option<Staff> {
    let o = cx.object(
        v,
        p,
        &[
            "id",
            "name",
            "building",
            "skills",
            "clearance",
            "external",
            "available",
            "max_minutes_per_day",
            "max_minutes_total",
            "preferred_minutes_per_day",
        ],
    )?;
    let id = item_id(cx, o, p, staff_ids, pos, "staff");
    let name = opt_string(cx, o, p, "name");
    let building =
        req(cx, o, p, "building").and_then(|v| building_ids.resolve(cx, v, &p.key("building"), "building"));
    let skill_levels = req(cx, o, p, "skills").and_then(|v| word_map(cx, v, &p.key("skills"), skills, 1, 5));
    let clearance = opt_int(cx, o, p, "clearance", 0, 3, 0);
    let external = opt_bool(cx, o, p, "external");
    let available = get(o, "available").map(|v| {
        interval_list(
            cx,
            cal,
            v,
            &p.key("available"),
            Some("an empty list means this person is never available"),
        )
    });
    let per_day = opt_int(cx, o, p, "max_minutes_per_day", 0, DAY as i64, 480);
    let total = match get(o, "max_minutes_total") {
        None => Some(None),
        Some(v) => cx.int(v, &p.key("max_minutes_total"), 0, 1_000_000_000).map(Some),
    };
    let preferred = opt_int(cx, o, p, "preferred_minutes_per_day", 0, DAY as i64, 360);
    let building = building?;
    let available = match available {
        Some(a) => a?,
        None => {
            // Default: the home building's opening hours on every planning day.
            let open = buildings.get(building).and_then(Option::as_ref)?.opening;
            sorted_days
                .iter()
                .map(|&d| Interval::new(d * DAY + open.start, d * DAY + open.end))
                .collect()
        }
    };
    let id = id?;
    Some(Staff {
        id: id.to_string(),
        name: name?.unwrap_or_else(|| id.to_string()),
        building: BuildingId::new(building),
        skills: skill_levels?
            .into_iter()
            .map(|(s, l)| (SkillId::new(s), to_u8(l)))
            .collect(),
        clearance: to_u8(clearance?),
        external: external?,
        available,
        max_minutes_per_day: per_day?,
        max_minutes_total: total?,
        preferred_minutes_per_day: preferred?,
    })
}

fn read_anchor(cx: &mut Cx, v: &JVal, p: &P) -> Option<Anchor> {
    let o = cx.object(v, p, &["anchor", "offset"])?;
    let point = req(cx, o, p, "anchor").and_then(|v| {
        let ap = p.key("anchor");
        match cx.string(v, &ap)? {
            "start" => Some(AnchorPoint::Start),
            "end" => Some(AnchorPoint::End),
            other => {
                cx.err(
                    &ap,
                    ErrorCode::InvalidValue,
                    format!("anchor must be \"start\" or \"end\", found \"{other}\""),
                );
                None
            }
        }
    });
    let offset = opt_int(cx, o, p, "offset", -(DAY as i64), DAY as i64, 0);
    Some(Anchor {
        point: point?,
        offset: to_i32(offset?),
    })
}

fn read_class(
    cx: &mut Cx,
    v: &JVal,
    p: &P,
    pos: usize,
    class_ids: &mut Ids,
    skills: &mut Interner,
) -> Option<ServiceClass> {
    let o = cx.object(v, p, &["id", "setup_minutes", "teardown_minutes", "tasks"])?;
    let id = item_id(cx, o, p, class_ids, pos, "service class");
    let setup = opt_int(cx, o, p, "setup_minutes", 0, DAY as i64, 0);
    let teardown = opt_int(cx, o, p, "teardown_minutes", 0, DAY as i64, 0);
    let mut templates: Vec<Option<TaskTemplate>> = Vec::new();
    let mut names: Ids = Ids::default();
    if let Some(v) = get(o, "tasks") {
        let lp = p.key("tasks");
        for (i, item) in cx.array(v, &lp).unwrap_or_default().iter().enumerate() {
            let tp = lp.idx(i);
            let Some(t) = cx.object(
                item,
                &tp,
                &["name", "skill", "level", "from", "to", "staff", "per_attendees"],
            ) else {
                templates.push(None);
                continue;
            };
            let name = req(cx, t, &tp, "name").and_then(|v| {
                let np = tp.key("name");
                if let JVal::Str(s) = v {
                    names.register(cx, s, i, &np, "task");
                }
                cx.id(v, &np)
            });
            let skill = req(cx, t, &tp, "skill").and_then(|v| cx.word(v, &tp.key("skill")));
            let level = opt_int(cx, t, &tp, "level", 1, 5, 1);
            let from = req(cx, t, &tp, "from").and_then(|v| read_anchor(cx, v, &tp.key("from")));
            let to = req(cx, t, &tp, "to").and_then(|v| read_anchor(cx, v, &tp.key("to")));
            let staff = opt_int(cx, t, &tp, "staff", 0, 1000, 0);
            let per = opt_int(cx, t, &tp, "per_attendees", 0, MILLION, 0);
            templates.push(match (name, skill, level, from, to, staff, per) {
                (Some(name), Some(skill), Some(level), Some(from), Some(to), Some(staff), Some(per)) => {
                    Some(TaskTemplate {
                        name: name.to_string(),
                        skill: SkillId::new(skills.id(skill)),
                        level: to_u8(level),
                        from,
                        to,
                        staff,
                        per_attendees: per,
                    })
                }
                _ => None,
            });
        }
    }
    let tasks: Vec<TaskTemplate> = templates.into_iter().collect::<Option<_>>()?;
    Some(ServiceClass {
        id: id?.to_string(),
        setup_minutes: to_i32(setup?),
        teardown_minutes: to_i32(teardown?),
        tasks,
    })
}

/// What a meeting may refer to.
struct MeetingRefs<'a> {
    cal: &'a Calendar,
    class_ids: &'a Ids,
    room_ids: &'a Ids,
    staff_ids: &'a Ids,
    person_ids: &'a mut Ids,
    series_ids: &'a mut Ids,
    new_people: &'a mut Vec<String>,
    new_series: &'a mut Vec<String>,
    declared_people: usize,
    declared_series: usize,
    layouts: &'a mut Interner,
    features: &'a mut Interner,
    kinds: &'a mut Interner,
}

/// The fields of a meeting; a change set's `update` may set any of them but `id`.
pub(crate) const MEETING_FIELDS: [&str; 17] = [
    "id",
    "title",
    "class",
    "attendees",
    "duration",
    "windows",
    "layout",
    "features",
    "equipment",
    "people",
    "confidential",
    "priority",
    "preferred_rooms",
    "preferred_start",
    "preferred_staff",
    "series",
    "pinned",
];

fn read_meeting(
    cx: &mut Cx,
    v: &JVal,
    p: &P,
    pos: usize,
    meeting_ids: &mut Ids,
    r: &mut MeetingRefs,
) -> Option<Meeting> {
    let o = cx.object(v, p, &MEETING_FIELDS)?;
    let id = item_id(cx, o, p, meeting_ids, pos, "meeting");
    let title = opt_string(cx, o, p, "title");
    let class =
        req(cx, o, p, "class").and_then(|v| r.class_ids.resolve(cx, v, &p.key("class"), "service class"));
    let attendees = req_int(cx, o, p, "attendees", 1, MILLION);
    let duration = req_int(cx, o, p, "duration", 1, DAY as i64);
    let windows = match get(o, "windows") {
        None => Some(None),
        Some(v) => {
            let wp = p.key("windows");
            cx.array(v, &wp).and_then(|items| {
                if items.is_empty() {
                    cx.warn(
                        &wp,
                        "an empty list of windows means the meeting can never be held",
                    );
                }
                let ws: Vec<Option<Interval>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, w)| read_window(cx, r.cal, w, &wp.idx(i)))
                    .collect();
                ws.into_iter().collect::<Option<Vec<_>>>().map(Some)
            })
        }
    };
    let layout = match get(o, "layout") {
        None => Some(None),
        Some(v) => cx
            .word(v, &p.key("layout"))
            .map(|l| Some(LayoutId::new(r.layouts.id(l)))),
    };
    let features = match get(o, "features") {
        None => Some(Vec::new()),
        Some(v) => word_list(cx, v, &p.key("features"), r.features),
    };
    let equipment = match get(o, "equipment") {
        None => Some(Vec::new()),
        Some(v) => word_map(cx, v, &p.key("equipment"), r.kinds, 0, MILLION),
    };
    let people = match get(o, "people") {
        None => Some(Vec::new()),
        Some(v) => cx
            .string_list(v, &p.key("people"), |cx, v, p| cx.id(v, p))
            .map(|names| {
                let mut ids: Vec<usize> = names
                    .into_iter()
                    .map(|n| named_or_new(r.person_ids, r.new_people, r.declared_people, n))
                    .collect();
                ids.sort_unstable();
                ids
            }),
    };
    let confidential = opt_int(cx, o, p, "confidential", 0, 3, 0);
    let priority = opt_int(cx, o, p, "priority", 1, 10, 1);
    let preferred_rooms = match get(o, "preferred_rooms") {
        None => Some(Vec::new()),
        Some(v) => ref_list(cx, v, &p.key("preferred_rooms"), r.room_ids, "room"),
    };
    let preferred_start = match get(o, "preferred_start") {
        None => Some(None),
        Some(v) => datetime(cx, r.cal, v, &p.key("preferred_start")).map(Some),
    };
    let preferred_staff = match get(o, "preferred_staff") {
        None => Some(Vec::new()),
        Some(v) => ref_list(cx, v, &p.key("preferred_staff"), r.staff_ids, "staff member"),
    };
    let series = match get(o, "series") {
        None => Some(None),
        Some(v) => cx
            .id(v, &p.key("series"))
            .map(|n| Some(named_or_new(r.series_ids, r.new_series, r.declared_series, n))),
    };
    let pinned = match get(o, "pinned") {
        None => Some(None),
        Some(v) => {
            let pp = p.key("pinned");
            cx.object(v, &pp, &["room", "start"]).and_then(|po| {
                let room =
                    req(cx, po, &pp, "room").and_then(|v| r.room_ids.resolve(cx, v, &pp.key("room"), "room"));
                let start = req(cx, po, &pp, "start").and_then(|v| datetime(cx, r.cal, v, &pp.key("start")));
                Some(Some(Pin {
                    room: RoomId::new(room?),
                    start: start?,
                }))
            })
        }
    };
    Some(Meeting {
        id: id?.to_string(),
        title: title?.unwrap_or_default(),
        class: ClassId::new(class?),
        attendees: to_i32(attendees?),
        duration: to_i32(duration?),
        windows: windows?,
        layout: layout?,
        features: features?.into_iter().map(FeatureId::new).collect(),
        equipment: equipment?
            .into_iter()
            .map(|(k, n)| (KindId::new(k), to_i32(n)))
            .collect(),
        people: people?.into_iter().map(PersonId::new).collect(),
        confidential: to_u8(confidential?),
        priority: priority?,
        preferred_rooms: preferred_rooms?.into_iter().map(RoomId::new).collect(),
        preferred_start: preferred_start?,
        preferred_staff: preferred_staff?.into_iter().map(StaffId::new).collect(),
        series: series?.map(SeriesId::new),
        pinned: pinned?,
        tasks: Vec::new(),
    })
}

/// `{ "earliest_start": T1, "latest_end": T2 }` with `T1 < T2`.
fn read_window(cx: &mut Cx, cal: &Calendar, v: &JVal, p: &P) -> Option<Interval> {
    let o = cx.object(v, p, &["earliest_start", "latest_end"])?;
    let s = req(cx, o, p, "earliest_start").and_then(|v| datetime(cx, cal, v, &p.key("earliest_start")));
    let e = req(cx, o, p, "latest_end").and_then(|v| datetime(cx, cal, v, &p.key("latest_end")));
    let (s, e) = (s?, e?);
    if s >= e {
        cx.err(
            p,
            ErrorCode::BadInterval,
            "earliest_start must be before latest_end",
        );
        return None;
    }
    Some(Interval::new(s, e))
}

/// Ids of a problem's list as the reader's [`Ids`].
fn known<T: Copy>(map: &HashMap<String, T>, index: fn(T) -> usize) -> Ids {
    Ids {
        map: map.iter().map(|(k, &v)| (k.clone(), index(v))).collect(),
        broken: false,
    }
}

/// A problem's interned words as the reader's [`Interner`].
fn interned(names: &[String]) -> Interner {
    Interner {
        map: names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect(),
        names: names.to_vec(),
    }
}

/// Reads a request (SPEC §8): a meeting object of the problem format at the root, whose id is
/// new to `problem` and whose every reference resolves in it; a class template that gives it
/// an empty interval is an error at `$.duration`.
pub(crate) fn read_request(cx: &mut Cx, root: &JVal, problem: &Problem) -> Option<Request> {
    let ix = &problem.index;
    let mut person_ids = known(&ix.people, PersonId::index);
    let mut series_ids = known(&ix.series, SeriesId::index);
    let (mut layouts, mut features, mut kinds) = (
        interned(&problem.layout_names),
        interned(&problem.feature_names),
        interned(&problem.kind_names),
    );
    let (mut new_people, mut new_series) = (Vec::new(), Vec::new());
    let mut refs = MeetingRefs {
        cal: &problem.calendar,
        class_ids: &known(&ix.classes, ClassId::index),
        room_ids: &known(&ix.rooms, RoomId::index),
        staff_ids: &known(&ix.staff, StaffId::index),
        person_ids: &mut person_ids,
        series_ids: &mut series_ids,
        new_people: &mut new_people,
        new_series: &mut new_series,
        declared_people: problem.people.len(),
        declared_series: problem.series.len(),
        layouts: &mut layouts,
        features: &mut features,
        kinds: &mut kinds,
    };
    // Only the request's own id is registered: the problem's meetings are checked below.
    let mut meeting_ids = Ids::default();
    let meeting = read_meeting(cx, root, &P::Root, 0, &mut meeting_ids, &mut refs)?;
    if let Some(m) = problem.meeting_id(&meeting.id) {
        cx.err(
            &P::Root.key("id"),
            ErrorCode::DuplicateId,
            format!(
                "meeting id \"{}\" is already used by item {}",
                meeting.id,
                m.index()
            ),
        );
        return None;
    }
    let class = &problem.classes[meeting.class.index()];
    let (_, empty) = crate::model::derive_tasks(class, &meeting, MeetingId::new(problem.meetings.len()));
    if let Some(&k) = empty.first() {
        cx.err(
            &P::Root.key("duration"),
            ErrorCode::EmptyTaskInterval,
            format!(
                "task \"{}\" of class \"{}\" gives an empty interval for a duration of {}",
                class.tasks[k].name, class.id, meeting.duration
            ),
        );
        return None;
    }
    let sizes = problem.sizes();
    Some(Request {
        meeting,
        new_people,
        new_series,
        new_layouts: layouts.names.split_off(sizes.layouts),
        new_features: features.names.split_off(sizes.features),
        new_kinds: kinds.names.split_off(sizes.kinds),
        against: sizes,
        source: serde_json::Map::new(),
    })
}
