//! One file per rule family, all of the same shape: the [`Rule`] it scores (`RULE`, or one
//! constant per term when a file holds several) and a `score(cx, acc)` function that adds the family's
//! count or cost to the report and pushes a [`Violation`] per item, naming its subjects.
//!
//! Everything that groups (per room, person, staff member, building and kind) sorts and sweeps;
//! nothing compares all pairs.

use std::collections::BTreeMap;

use crate::model::{BuildingId, Interval, MeetingId, Minute, Problem, RoomId, Rule, StaffId, TaskId};
use crate::plan::{Assignment, Placement};

use super::types::Violation;

pub(crate) mod equipment;
pub(crate) mod isolated;
pub(crate) mod missing_staff;
pub(crate) mod overtime;
pub(crate) mod person_clash;
pub(crate) mod pinned;
pub(crate) mod preferences;
pub(crate) mod reference;
pub(crate) mod room_clash;
pub(crate) mod room_fit;
pub(crate) mod room_open;
pub(crate) mod seats;
pub(crate) mod series;
pub(crate) mod staff_clash;
pub(crate) mod staff_fit;
pub(crate) mod staff_hours;
pub(crate) mod staff_travel;
pub(crate) mod sweep;
pub(crate) mod time_fit;
pub(crate) mod unassigned;

/// A rule family's scoring function.
pub(crate) type RuleFn = fn(&Ctx<'_>, &mut Acc);

/// Every rule family, hard rules first, then medium, then soft (SPEC order).
pub(crate) const FAMILIES: [RuleFn; 20] = [
    pinned::score,
    room_fit::score,
    time_fit::score,
    room_clash::score,
    person_clash::score,
    equipment::score,
    staff_fit::score,
    staff_clash::score,
    staff_hours::score,
    unassigned::score,
    missing_staff::score,
    seats::score,
    room_open::score,
    preferences::score_room_time,
    staff_travel::score,
    overtime::score,
    preferences::score_staff,
    series::score,
    isolated::score,
    reference::score,
];

/// A task held by a staff member: where and when.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Duty {
    /// The task.
    pub task: TaskId,
    /// Its interval.
    pub iv: Interval,
    /// The building of its meeting's room.
    pub building: BuildingId,
}

/// The assignment, cleaned and indexed once for all rule families.
pub(crate) struct Ctx<'a> {
    /// The problem.
    pub p: &'a Problem,
    /// Per meeting: its placement. Entries beyond the assignment's length, or naming a room the
    /// problem does not have, read as unassigned.
    pub place: Vec<Option<Placement>>,
    /// Per task of a placed meeting: the staff as listed (repeats kept); empty for tasks of
    /// unplaced meetings, whose staffing means nothing.
    pub listed: Vec<Vec<StaffId>>,
    /// Per task: the distinct people listed, in order of first listing (a person listed twice
    /// holds the task once).
    pub held: Vec<Vec<StaffId>>,
    /// Per staff member: the tasks they hold, sorted by (start, end, task id).
    pub duties: Vec<Vec<Duty>>,
}

impl<'a> Ctx<'a> {
    /// Cleans and indexes an assignment.
    pub fn new(p: &'a Problem, a: &Assignment) -> Self {
        let place: Vec<Option<Placement>> = (0..p.meetings.len())
            .map(|i| {
                a.placements
                    .get(i)
                    .copied()
                    .flatten()
                    .filter(|pl| pl.room.index() < p.rooms.len())
            })
            .collect();
        let mut listed = vec![Vec::new(); p.tasks.len()];
        let mut held = vec![Vec::new(); p.tasks.len()];
        let mut duties: Vec<Vec<Duty>> = vec![Vec::new(); p.staff.len()];
        for m in p.meeting_ids() {
            let Some(pl) = place[m.index()] else { continue };
            let building = p.room(pl.room).building;
            for &t in &p.meeting(m).tasks {
                let Some(raw) = a.staffing.get(t.index()) else {
                    continue;
                };
                let list: Vec<StaffId> = raw
                    .iter()
                    .copied()
                    .filter(|s| s.index() < p.staff.len())
                    .collect();
                let mut distinct: Vec<StaffId> = Vec::with_capacity(list.len());
                for &s in &list {
                    if !distinct.contains(&s) {
                        distinct.push(s);
                    }
                }
                let iv = p.task_interval(t, pl.start);
                for &s in &distinct {
                    duties[s.index()].push(Duty {
                        task: t,
                        iv,
                        building,
                    });
                }
                listed[t.index()] = list;
                held[t.index()] = distinct;
            }
        }
        for d in &mut duties {
            d.sort_by(|x, y| {
                (x.iv.start, x.iv.end)
                    .cmp(&(y.iv.start, y.iv.end))
                    .then_with(|| p.task(x.task).id.cmp(&p.task(y.task).id))
            });
        }
        Self {
            p,
            place,
            listed,
            held,
            duties,
        }
    }

    /// Placed meetings with their placement, in id order.
    pub fn placed(&self) -> impl Iterator<Item = (MeetingId, Placement)> + '_ {
        self.p
            .meeting_ids()
            .filter_map(|m| self.place[m.index()].map(|pl| (m, pl)))
    }

    /// SPEC id of a meeting.
    pub fn m(&self, m: MeetingId) -> &str {
        &self.p.meeting(m).id
    }

    /// SPEC id of a room.
    pub fn r(&self, r: RoomId) -> &str {
        &self.p.room(r).id
    }

    /// SPEC id of a staff member.
    pub fn s(&self, s: StaffId) -> &str {
        &self.p.staff[s.index()].id
    }

    /// SPEC id of a task.
    pub fn t(&self, t: TaskId) -> &str {
        &self.p.task(t).id
    }

    /// SPEC id of a building.
    pub fn b(&self, b: BuildingId) -> &str {
        &self.p.buildings[b.index()].id
    }

    /// `2026-03-02 10:00–10:30`.
    pub fn iv(&self, iv: Interval) -> String {
        self.p.calendar.format_interval(iv)
    }

    /// `2026-03-02T10:00`.
    pub fn at(&self, t: Minute) -> String {
        self.p.calendar.format(t)
    }

    /// `2026-03-02` for a calendar day number.
    pub fn day(&self, day: i32) -> String {
        self.p.calendar.format_day(day)
    }
}

/// Collects term values and violations.
pub(crate) struct Acc {
    /// Every rule's count or term's cost (all rules present).
    pub terms: BTreeMap<Rule, i64>,
    /// Items in the order the families produce them.
    pub violations: Vec<Violation>,
}

impl Acc {
    /// Every term at 0.
    pub fn new() -> Self {
        let terms = Rule::ALL.into_iter().map(|r| (r, 0)).collect();
        Self {
            terms,
            violations: Vec::new(),
        }
    }

    /// Adds an item to its term; items that cost nothing are not kept.
    pub fn add(&mut self, v: Violation) {
        if v.cost == 0 {
            return;
        }
        *self.terms.entry(v.rule).or_insert(0) += v.cost;
        self.violations.push(v);
    }

    /// A hard violation (counts 1).
    pub fn hard(&mut self, rule: Rule, message: String) -> Item<'_> {
        debug_assert_eq!(rule.level(), crate::model::Level::Hard);
        Item {
            acc: self,
            v: Some(Violation::new(rule, 1, message)),
        }
    }

    /// A weighted cost item of a medium or soft term.
    pub fn cost(&mut self, rule: Rule, cost: i64, message: String) -> Item<'_> {
        Item {
            acc: self,
            v: Some(Violation::new(rule, cost, message)),
        }
    }
}

/// Adds subjects to an item; the item is recorded when the builder is dropped.
pub(crate) struct Item<'a> {
    acc: &'a mut Acc,
    v: Option<Violation>,
}

impl Item<'_> {
    /// Meetings involved.
    pub fn meetings(mut self, ms: impl IntoIterator<Item = MeetingId>) -> Self {
        if let Some(v) = self.v.as_mut() {
            v.meetings = ms.into_iter().collect();
        }
        self
    }
    /// Rooms involved.
    pub fn rooms(mut self, rs: impl IntoIterator<Item = RoomId>) -> Self {
        if let Some(v) = self.v.as_mut() {
            v.rooms = rs.into_iter().collect();
        }
        self
    }
    /// Staff involved.
    pub fn staff(mut self, ss: impl IntoIterator<Item = StaffId>) -> Self {
        if let Some(v) = self.v.as_mut() {
            v.staff = ss.into_iter().collect();
        }
        self
    }
    /// Tasks involved.
    pub fn tasks(mut self, ts: impl IntoIterator<Item = TaskId>) -> Self {
        if let Some(v) = self.v.as_mut() {
            v.tasks = ts.into_iter().collect();
        }
        self
    }
}

impl Drop for Item<'_> {
    fn drop(&mut self) {
        if let Some(v) = self.v.take() {
            self.acc.add(v);
        }
    }
}

/// `ceil(a / b)` for `a ≥ 0`, `b > 0`.
pub(crate) fn div_ceil(a: i64, b: i64) -> i64 {
    if b <= 0 { a } else { (a + b - 1) / b }
}
