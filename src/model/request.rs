//! A request (SPEC §8): a meeting that is not in the problem yet, read against it, and the
//! problem with the request added and taken back out again — the booking desk's question
//! "where can this meeting go?" is asked of P plus the request, many times a day, without
//! rebuilding P.

use super::ids::*;
use super::problem::{Meeting, Person, Problem, Series, ServiceClass, TaskDef};

/// A new meeting read against a problem (by [`crate::Request::from_json_str`]): its ids are the
/// problem's dense ids, and people, series and words (layouts, features, equipment kinds) the
/// problem does not know yet get the next ids after the problem's own.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) meeting: Meeting,
    pub(crate) new_people: Vec<String>,
    pub(crate) new_series: Vec<String>,
    pub(crate) new_layouts: Vec<String>,
    pub(crate) new_features: Vec<String>,
    pub(crate) new_kinds: Vec<String>,
    /// The problem's list sizes it was read against: a request fits only that problem.
    pub(crate) against: Sizes,
    /// The meeting object as given (what an accepted request adds to the problem's JSON).
    pub(crate) source: serde_json::Map<String, serde_json::Value>,
}

impl Request {
    /// The meeting's id.
    pub fn id(&self) -> &str {
        &self.meeting.id
    }
    /// The meeting as the problem model holds it (dense ids).
    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }
    /// The meeting object as given.
    pub fn source(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.source
    }
    /// True when it names an equipment kind the problem does not know (no pool holds it).
    pub fn names_new_kind(&self) -> bool {
        !self.new_kinds.is_empty()
    }
}

/// The sizes of a problem's growable lists: what [`Problem::truncate`] takes back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sizes {
    pub meetings: usize,
    pub tasks: usize,
    pub people: usize,
    pub series: usize,
    pub layouts: usize,
    pub features: usize,
    pub kinds: usize,
}

/// The tasks `m` (meeting `mi`, of `class`) derives (SPEC §2.1), and the indices of the class's
/// templates that give it an empty interval (an input error, reported by the caller).
pub(crate) fn derive_tasks(class: &ServiceClass, m: &Meeting, mi: MeetingId) -> (Vec<TaskDef>, Vec<usize>) {
    let mut tasks = Vec::new();
    let mut empty = Vec::new();
    for (k, tpl) in class.tasks.iter().enumerate() {
        let (s, e) = (tpl.from.at(0, m.duration), tpl.to.at(0, m.duration));
        if s >= e {
            empty.push(k);
            continue;
        }
        let mut need = tpl.staff;
        if tpl.per_attendees > 0 {
            // Both are positive here (attendees ≥ 1 is validated).
            let extra = (m.attendees.max(1) as u64).div_ceil(tpl.per_attendees as u64);
            need += i64::try_from(extra).unwrap_or(i64::MAX / 2);
        }
        if need < 1 {
            continue;
        }
        tasks.push(TaskDef {
            id: format!("{}/{}", m.id, tpl.name),
            meeting: mi,
            template: k,
            skill: tpl.skill,
            level: tpl.level,
            need: u32::try_from(need).unwrap_or(u32::MAX),
            from: tpl.from,
            to: tpl.to,
        });
    }
    (tasks, empty)
}

impl Problem {
    pub(crate) fn sizes(&self) -> Sizes {
        Sizes {
            meetings: self.meetings.len(),
            tasks: self.tasks.len(),
            people: self.people.len(),
            series: self.series.len(),
            layouts: self.layout_names.len(),
            features: self.feature_names.len(),
            kinds: self.kind_names.len(),
        }
    }

    /// Appends the request's meeting, its tasks and the names it brings. The request must have
    /// been read against this problem as it is now (`r.against == self.sizes()`).
    pub(crate) fn push_request(&mut self, r: &Request) -> MeetingId {
        debug_assert_eq!(r.against, self.sizes());
        for id in &r.new_people {
            self.index
                .people
                .insert(id.clone(), PersonId::new(self.people.len()));
            self.people.push(Person {
                id: id.clone(),
                compact: false,
            });
        }
        for id in &r.new_series {
            self.index
                .series
                .insert(id.clone(), SeriesId::new(self.series.len()));
            self.series.push(Series {
                id: id.clone(),
                min_days: 0,
            });
        }
        self.layout_names.extend(r.new_layouts.iter().cloned());
        self.feature_names.extend(r.new_features.iter().cloned());
        self.kind_names.extend(r.new_kinds.iter().cloned());
        let mi = MeetingId::new(self.meetings.len());
        let mut meeting = r.meeting.clone();
        // The reader checked that no template gives an empty interval.
        let (tasks, _) = derive_tasks(&self.classes[meeting.class.index()], &meeting, mi);
        for task in tasks {
            let t = TaskId::new(self.tasks.len());
            self.index.tasks.insert(task.id.clone(), t);
            meeting.tasks.push(t);
            self.tasks.push(task);
        }
        self.index.meetings.insert(meeting.id.clone(), mi);
        self.meetings.push(meeting);
        if let Some(rf) = &mut self.reference
            && rf.placements.len() == mi.index()
        {
            rf.placements.push(None);
        }
        mi
    }

    /// Takes back everything appended since the problem had sizes `s`.
    pub(crate) fn truncate(&mut self, s: Sizes) {
        for m in self.meetings.drain(s.meetings..) {
            self.index.meetings.remove(&m.id);
        }
        for t in self.tasks.drain(s.tasks..) {
            self.index.tasks.remove(&t.id);
        }
        for q in self.people.drain(s.people..) {
            self.index.people.remove(&q.id);
        }
        for x in self.series.drain(s.series..) {
            self.index.series.remove(&x.id);
        }
        self.layout_names.truncate(s.layouts);
        self.feature_names.truncate(s.features);
        self.kind_names.truncate(s.kinds);
        if let Some(rf) = &mut self.reference {
            rf.placements.truncate(s.meetings);
        }
    }
}
