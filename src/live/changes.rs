//! Change sets (SPEC §7.1): what happened to a week — meetings cancelled, added or changed,
//! rooms out of use, staff away, pins set or lifted — and the new problem P′ they make of a
//! problem P.
//!
//! A change set is read with the loader's strictness (every error with its path in the change
//! set, e.g. `$.changes[2].set.attendes`) and applied, in order, to the problem's JSON; P′ is
//! then loaded by the strict loader, and an error it finds in a meeting a change added or set
//! is reported at that change's path, not at the meeting's place in P′.

use serde_json::{Map, Value};

use crate::error::{ErrorCode, InputError, InputErrors};
use crate::io::{MEETING_FIELDS, load_problem_str};
use crate::model::time::parse_datetime;
use crate::model::{Interval, Problem, StaffId};

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The meeting is removed (its tasks go with it).
    Cancel {
        /// Meeting id.
        meeting: String,
    },
    /// A new meeting (a meeting object of the problem format).
    Add {
        /// The meeting object.
        meeting: Map<String, Value>,
    },
    /// Fields of a meeting set to new values; `null` removes an optional field.
    Update {
        /// Meeting id.
        meeting: String,
        /// Field → new value.
        set: Map<String, Value>,
    },
    /// The room is out of use during `[start, end)`.
    RoomOut {
        /// Room id.
        room: String,
        /// Start `YYYY-MM-DDTHH:MM`.
        start: String,
        /// End.
        end: String,
    },
    /// The person is away during `[start, end)`.
    StaffOut {
        /// Staff id.
        staff: String,
        /// Start.
        start: String,
        /// End.
        end: String,
    },
    /// The meeting is pinned to a room and start.
    Pin {
        /// Meeting id.
        meeting: String,
        /// Room id.
        room: String,
        /// Start.
        start: String,
    },
    /// The meeting's pin is lifted.
    Unpin {
        /// Meeting id.
        meeting: String,
    },
}

/// A change set (SPEC §7.1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeSet {
    /// Everything before it is past: the re-plan keeps it as it was.
    pub now: Option<String>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

/// Collects errors with their paths.
#[derive(Default)]
struct Errors(Vec<InputError>);

impl Errors {
    fn add(&mut self, path: String, code: ErrorCode, message: impl Into<String>) {
        self.0.push(InputError {
            path,
            code,
            message: message.into(),
        });
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The object at `path`, its unknown keys reported.
fn object<'v>(e: &mut Errors, v: &'v Value, path: &str, known: &[&str]) -> Option<&'v Map<String, Value>> {
    let Value::Object(o) = v else {
        e.add(
            path.to_string(),
            ErrorCode::WrongType,
            format!("expected an object, found {}", kind(v)),
        );
        return None;
    };
    for k in o.keys() {
        if !known.contains(&k.as_str()) {
            e.add(
                format!("{path}.{k}"),
                ErrorCode::UnknownField,
                format!("unknown field \"{k}\"; expected one of: {}", known.join(", ")),
            );
        }
    }
    Some(o)
}

/// The string field `key` of `o`, required.
fn string(e: &mut Errors, o: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
    match o.get(key) {
        None => {
            e.add(
                format!("{path}.{key}"),
                ErrorCode::MissingField,
                format!("\"{key}\" is required"),
            );
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            e.add(
                format!("{path}.{key}"),
                ErrorCode::WrongType,
                format!("expected a string, found {}", kind(v)),
            );
            None
        }
    }
}

/// A date-time field.
fn datetime(e: &mut Errors, o: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
    let s = string(e, o, path, key)?;
    if parse_datetime(&s).is_none() {
        e.add(
            format!("{path}.{key}"),
            ErrorCode::BadTime,
            format!("\"{s}\" is not a date-time YYYY-MM-DDTHH:MM (seconds, when given, must be :00)"),
        );
        return None;
    }
    Some(s)
}

/// `start` and `end` of an interval change, `start < end`.
fn span(e: &mut Errors, o: &Map<String, Value>, path: &str) -> Option<(String, String)> {
    let (start, end) = (datetime(e, o, path, "start"), datetime(e, o, path, "end"));
    let (start, end) = (start?, end?);
    let (a, b) = (parse_datetime(&start)?, parse_datetime(&end)?);
    if a >= b {
        e.add(
            format!("{path}.end"),
            ErrorCode::BadInterval,
            format!("end {end} is not after start {start}"),
        );
        return None;
    }
    Some((start, end))
}

impl ChangeSet {
    /// Reads a change set from JSON text: its structure (ops, fields, types, date-times); the
    /// ids it names are checked when it is applied.
    pub fn from_json_str(text: &str) -> Result<ChangeSet, InputErrors> {
        let mut e = Errors::default();
        let root: Value = serde_json::from_str(text)
            .map_err(|err| InputErrors::one("$", ErrorCode::Syntax, format!("not JSON: {err}")))?;
        let mut set = ChangeSet::default();
        let Some(o) = object(&mut e, &root, "$", &["version", "now", "changes"]) else {
            return Err(InputErrors(e.0));
        };
        match o.get("version") {
            Some(Value::Number(n)) if n.as_i64() == Some(1) => {}
            Some(v) => e.add(
                "$.version".into(),
                ErrorCode::BadVersion,
                format!("version must be the integer 1, found {v}"),
            ),
            None => e.add(
                "$.version".into(),
                ErrorCode::MissingField,
                "\"version\" is required",
            ),
        }
        if o.contains_key("now") {
            set.now = datetime(&mut e, o, "$", "now");
        }
        let items = match o.get("changes") {
            Some(Value::Array(items)) => items.as_slice(),
            Some(v) => {
                e.add(
                    "$.changes".into(),
                    ErrorCode::WrongType,
                    format!("expected an array, found {}", kind(v)),
                );
                &[]
            }
            None => {
                e.add(
                    "$.changes".into(),
                    ErrorCode::MissingField,
                    "\"changes\" is required",
                );
                &[]
            }
        };
        for (i, item) in items.iter().enumerate() {
            let path = format!("$.changes[{i}]");
            if let Some(c) = read_change(&mut e, item, &path) {
                set.changes.push(c);
            }
        }
        if e.0.is_empty() {
            Ok(set)
        } else {
            Err(InputErrors(e.0))
        }
    }
}

fn read_change(e: &mut Errors, item: &Value, path: &str) -> Option<Change> {
    let op = match item.get("op") {
        Some(Value::String(op)) => op.as_str(),
        Some(v) => {
            e.add(
                format!("{path}.op"),
                ErrorCode::WrongType,
                format!("expected a string, found {}", kind(v)),
            );
            return None;
        }
        None if item.is_object() => {
            e.add(
                format!("{path}.op"),
                ErrorCode::MissingField,
                "\"op\" is required",
            );
            return None;
        }
        None => {
            e.add(
                path.to_string(),
                ErrorCode::WrongType,
                format!("expected an object, found {}", kind(item)),
            );
            return None;
        }
    };
    let fields: &[&str] = match op {
        "cancel" | "unpin" => &["op", "meeting"],
        "add" => &["op", "meeting"],
        "update" => &["op", "meeting", "set"],
        "room_out" => &["op", "room", "start", "end"],
        "staff_out" => &["op", "staff", "start", "end"],
        "pin" => &["op", "meeting", "room", "start"],
        other => {
            e.add(
                format!("{path}.op"),
                ErrorCode::InvalidValue,
                format!("\"{other}\" is not a change; expected one of: cancel, add, update, room_out, staff_out, pin, unpin"),
            );
            return None;
        }
    };
    let o = object(e, item, path, fields)?;
    let mark = e.0.len();
    let change = match op {
        "cancel" => Change::Cancel {
            meeting: string(e, o, path, "meeting")?,
        },
        "unpin" => Change::Unpin {
            meeting: string(e, o, path, "meeting")?,
        },
        "add" => {
            let mp = format!("{path}.meeting");
            let Some(v) = o.get("meeting") else {
                e.add(mp, ErrorCode::MissingField, "\"meeting\" is required");
                return None;
            };
            let m = object(e, v, &mp, &MEETING_FIELDS)?;
            if !m.contains_key("id") {
                e.add(format!("{mp}.id"), ErrorCode::MissingField, "\"id\" is required");
            }
            Change::Add { meeting: m.clone() }
        }
        "update" => {
            let meeting = string(e, o, path, "meeting");
            let sp = format!("{path}.set");
            let set = match o.get("set") {
                None => {
                    e.add(sp, ErrorCode::MissingField, "\"set\" is required");
                    None
                }
                Some(v) => {
                    let settable: Vec<&str> = MEETING_FIELDS.iter().copied().filter(|f| *f != "id").collect();
                    object(e, v, &sp, &settable).cloned()
                }
            };
            Change::Update {
                meeting: meeting?,
                set: set?,
            }
        }
        "room_out" => {
            let room = string(e, o, path, "room");
            let (start, end) = span(e, o, path)?;
            Change::RoomOut {
                room: room?,
                start,
                end,
            }
        }
        "staff_out" => {
            let staff = string(e, o, path, "staff");
            let (start, end) = span(e, o, path)?;
            Change::StaffOut {
                staff: staff?,
                start,
                end,
            }
        }
        "pin" => {
            let meeting = string(e, o, path, "meeting");
            let room = string(e, o, path, "room");
            let start = datetime(e, o, path, "start");
            Change::Pin {
                meeting: meeting?,
                room: room?,
                start: start?,
            }
        }
        _ => return None,
    };
    (e.0.len() == mark).then_some(change)
}

/// Where a meeting of P′ came from, to report the loader's errors at the change's path.
#[derive(Clone, Debug)]
enum Origin {
    /// In P.
    Kept,
    /// Added by change `c`.
    Added(usize),
}

/// The changes that set fields of a meeting, in order: (field, change); a `pin` op is
/// recorded as [`PIN_OP`] (its room and start stand at the change's top level).
type SetBy = Vec<(String, usize)>;

/// How [`SetBy`] records a `pin` op.
const PIN_OP: &str = "@pin";

impl ChangeSet {
    /// Applies the changes in order to the problem `p` loaded from `json`: the new problem's
    /// JSON and the new problem P′. An unknown id, a duplicate new id, or a meeting a change
    /// makes invalid is an error at the change's path.
    pub fn apply(&self, json: &Value, p: &Problem) -> Result<(Value, Problem), InputErrors> {
        let mut e = Errors::default();
        let mut v = json.clone();
        let mut origins: Vec<(Origin, SetBy)> = match v.get("meetings") {
            Some(Value::Array(ms)) => vec![(Origin::Kept, Vec::new()); ms.len()],
            _ => Vec::new(),
        };
        // Availability of the people a change took out, as it stands after it (the default
        // availability made explicit first).
        let mut away: std::collections::HashMap<StaffId, Vec<Interval>> = std::collections::HashMap::new();
        let meeting_at = |v: &Value, id: &str| position(v, "meetings", id);
        for (c, change) in self.changes.iter().enumerate() {
            let path = format!("$.changes[{c}]");
            let unknown = |e: &mut Errors, key: &str, what: &str, id: &str| {
                e.add(
                    format!("{path}.{key}"),
                    ErrorCode::UnknownReference,
                    format!("the problem has no {what} \"{id}\" (at this point of the change set)"),
                );
            };
            match change {
                Change::Cancel { meeting } => match meeting_at(&v, meeting) {
                    Some(i) => {
                        if let Some(ms) = v.get_mut("meetings").and_then(Value::as_array_mut) {
                            ms.remove(i);
                            origins.remove(i);
                        }
                    }
                    None => unknown(&mut e, "meeting", "meeting", meeting),
                },
                Change::Add { meeting } => {
                    let id = meeting.get("id").and_then(Value::as_str).unwrap_or_default();
                    if meeting_at(&v, id).is_some() {
                        e.add(
                            format!("{path}.meeting.id"),
                            ErrorCode::DuplicateId,
                            format!("the problem already has a meeting \"{id}\""),
                        );
                        continue;
                    }
                    if let Some(ms) = v.get_mut("meetings").and_then(Value::as_array_mut) {
                        ms.push(Value::Object(meeting.clone()));
                        origins.push((Origin::Added(c), Vec::new()));
                    }
                }
                Change::Update { meeting, .. } | Change::Pin { meeting, .. } | Change::Unpin { meeting }
                    if meeting_at(&v, meeting).is_none() =>
                {
                    unknown(&mut e, "meeting", "meeting", meeting)
                }
                Change::Update { meeting, set } => {
                    let i = meeting_at(&v, meeting).unwrap_or_default();
                    set_fields(&mut v, i, set.iter().map(|(k, x)| (k.as_str(), x.clone())));
                    origins[i].1.extend(set.keys().map(|k| (k.clone(), c)));
                }
                Change::Pin { meeting, room, start } => {
                    let i = meeting_at(&v, meeting).unwrap_or_default();
                    let pin = serde_json::json!({ "room": room, "start": start });
                    set_fields(&mut v, i, [("pinned", pin)]);
                    origins[i].1.push((PIN_OP.to_string(), c));
                }
                Change::Unpin { meeting } => {
                    let i = meeting_at(&v, meeting).unwrap_or_default();
                    set_fields(&mut v, i, [("pinned", Value::Null)]);
                }
                Change::RoomOut { room, start, end } => match item_mut(&mut v, "rooms", room) {
                    Some(r) => {
                        let out = serde_json::json!({ "start": start, "end": end });
                        match r.get_mut("unavailable").and_then(Value::as_array_mut) {
                            Some(list) => list.push(out),
                            None => {
                                r.insert("unavailable".into(), Value::Array(vec![out]));
                            }
                        }
                    }
                    None => unknown(&mut e, "room", "room", room),
                },
                Change::StaffOut { staff, start, end } => {
                    let Some(s) = p.staff_id(staff) else {
                        unknown(&mut e, "staff", "staff member", staff);
                        continue;
                    };
                    // The availability now (the default made explicit), less the time away.
                    let cal = &p.calendar;
                    let (Some(a), Some(b)) = (
                        parse_datetime(start).and_then(|t| cal.minutes(t)),
                        parse_datetime(end).and_then(|t| cal.minutes(t)),
                    ) else {
                        e.add(
                            format!("{path}.start"),
                            ErrorCode::OutOfRange,
                            "the interval lies too far from the planning days",
                        );
                        continue;
                    };
                    if let Some(entry) = item_mut(&mut v, "staff", staff) {
                        let now = away
                            .entry(s)
                            .or_insert_with(|| p.staff[s.index()].available.clone());
                        *now = subtract(now, Interval::new(a, b));
                        let list: Vec<Value> = now
                            .iter()
                            .map(|iv| serde_json::json!({ "start": cal.format(iv.start), "end": cal.format(iv.end) }))
                            .collect();
                        entry.insert("available".into(), Value::Array(list));
                    }
                }
            }
        }
        if !e.0.is_empty() {
            return Err(InputErrors(e.0));
        }
        match load_problem_str(&v.to_string()) {
            Ok(p2) => Ok((v, p2)),
            Err(errs) => Err(InputErrors(
                errs.0.into_iter().map(|x| remap(x, &origins)).collect(),
            )),
        }
    }
}

/// The position of the item with `id` in the problem's list `list` (`meetings`, `rooms`, …).
fn position(v: &Value, list: &str, id: &str) -> Option<usize> {
    v.get(list)?
        .as_array()?
        .iter()
        .position(|x| x.get("id").and_then(Value::as_str) == Some(id))
}

/// The item with `id` in the problem's list `list`, to edit.
fn item_mut<'v>(v: &'v mut Value, list: &str, id: &str) -> Option<&'v mut Map<String, Value>> {
    let i = position(v, list, id)?;
    v.get_mut(list)?.get_mut(i)?.as_object_mut()
}

/// Sets (or, for `null`, removes) fields of meeting `i`.
fn set_fields<'a>(v: &mut Value, i: usize, fields: impl IntoIterator<Item = (&'a str, Value)>) {
    let Some(m) = v
        .get_mut("meetings")
        .and_then(|ms| ms.get_mut(i))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (k, x) in fields {
        if x.is_null() {
            m.remove(k);
        } else {
            m.insert(k.to_string(), x);
        }
    }
}

/// `ivs` less `out`.
fn subtract(ivs: &[Interval], out: Interval) -> Vec<Interval> {
    let mut left = Vec::with_capacity(ivs.len() + 1);
    for &iv in ivs {
        if iv.end <= out.start || out.end <= iv.start {
            left.push(iv);
            continue;
        }
        if iv.start < out.start {
            left.push(Interval::new(iv.start, out.start));
        }
        if out.end < iv.end {
            left.push(Interval::new(out.end, iv.end));
        }
    }
    left
}

/// An error of the loader in P′, at the path of the change that caused it where one did.
fn remap(mut x: InputError, origins: &[(Origin, SetBy)]) -> InputError {
    let Some(rest) = x.path.strip_prefix("$.meetings[") else {
        return x;
    };
    let Some((idx, tail)) = rest.split_once(']') else {
        return x;
    };
    let Ok(i) = idx.parse::<usize>() else {
        return x;
    };
    let Some((origin, set_by)) = origins.get(i) else {
        return x;
    };
    let field = tail
        .strip_prefix('.')
        .map(|t| t.split(['.', '[']).next().unwrap_or(t));
    match origin {
        Origin::Added(c) => x.path = format!("$.changes[{c}].meeting{tail}"),
        Origin::Kept => {
            let last = field.and_then(|f| {
                set_by
                    .iter()
                    .rev()
                    .find(|(k, _)| k == f || (f == "pinned" && k == PIN_OP))
            });
            if let Some((k, c)) = last {
                x.path = match tail.strip_prefix(".pinned") {
                    Some(pin_tail) if k == PIN_OP => format!("$.changes[{c}]{pin_tail}"),
                    _ => format!("$.changes[{c}].set{tail}"),
                };
            }
        }
    }
    x
}
