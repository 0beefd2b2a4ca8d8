//! The incremental solution state: a complete assignment plus per-room, per-person,
//! per-pool, per-series and per-staff indexes, and the exact medium and soft terms.
//!
//! Every change goes through four primitive operations (place, unplace, add staff, remove
//! staff). Each updates the cached terms exactly in O(degree), and is journaled so a move can
//! be undone: a move's delta is "apply, read the score, keep or roll back", which is exact by
//! construction. Hard rules are never broken: callers check [`State::place_blocker`] and
//! [`State::staff_ok`] first.

// FxHash: the keys are small integer pairs, where SipHash was a fifth of the annealing time.
use rustc_hash::FxHashMap as HashMap;

mod busy;
mod delta;
mod feasibility;
mod journal;
mod ops;
mod routes;
mod terms;
pub(crate) use busy::{BusyIndex, BusyMask};
pub(crate) use delta::Relocation;

use super::pre::Pre;
use crate::model::time::day_of;
use crate::model::{
    BuildingId, DAY, Interval, KindId, MeetingId, Minute, PersonId, Problem, RoomId, StaffId, TaskId,
};
use crate::model::{Rule, TermVec};
use crate::plan::{Assignment, Placement};
use crate::score::Score;

/// One occupancy in a room's timeline.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Occ {
    pub iv: Interval,
    pub m: MeetingId,
    pub layout: u32,
}

/// A task's place in a staff route: (start, end, task rank).
pub(crate) type RouteKey = (Minute, Minute, u32);

/// One task in a staff member's timeline, ordered as the travel route visits them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Held {
    pub iv: Interval,
    pub rank: u32,
    pub t: TaskId,
    /// The task's meeting.
    pub m: MeetingId,
    pub b: BuildingId,
}

/// One person's day: task minutes, and the cached weighted travel and overtime.
#[derive(Clone, Copy, Debug, Default)]
struct StaffDay {
    min: i64,
    tr: i64,
    ot: i64,
}

/// Why a placement is not possible (the first blocker found).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Blocker {
    /// Outside windows, planning days or opening hours; or the room does not fit.
    Fit,
    /// The room's occupancy overlaps another meeting (or misses its layout change time).
    Room(MeetingId),
    /// The room is unavailable then.
    Unavailable(Interval),
    /// A named person is in another meeting (or cannot travel in time).
    Person(PersonId, MeetingId),
    /// The building's pool of this kind runs out.
    Equipment(BuildingId, KindId),
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    Placed(MeetingId, Placement),
    Unplaced(MeetingId, Placement),
    Added(TaskId, StaffId),
    Removed(TaskId, StaffId),
}

/// The incremental state.
#[derive(Clone, Debug)]
pub(crate) struct State<'p> {
    pub p: &'p Problem,
    pub pre: &'p Pre,
    pub place: Vec<Option<Placement>>,
    pub staffing: Vec<Vec<StaffId>>,
    /// Per room: occupancies sorted by start (they never overlap).
    pub room_tl: Vec<Vec<Occ>>,
    /// Per person: their placed meetings.
    pub person_m: Vec<Vec<MeetingId>>,
    /// Per (building × kinds + kind): borrowed items in use `(occupancy, count, meeting)`.
    equip: Vec<Vec<(Interval, i32, MeetingId)>>,
    n_kinds: usize,
    /// Meetings per (room, day).
    room_day: DayTable<u32>,
    /// Per series: meetings per room and per day.
    series_rooms: Vec<Vec<(RoomId, u32)>>,
    series_days: Vec<Vec<(i32, u32)>>,
    /// Per staff: held tasks sorted by (start, end, task id).
    pub staff_tl: Vec<Vec<Held>>,
    /// Per (staff, day): task minutes, and the cached weighted travel and overtime, in one
    /// record (a staffing question reads the minutes and the overtime together).
    staff_day: DayTable<StaffDay>,
    staff_total: Vec<i64>,
    /// Which people hold a task when, for the staff checks (from `pre.busy`: nobody holds
    /// anything yet).
    busy: BusyIndex,
    /// Weighted medium and soft terms.
    pub terms: TermVec,
    journal: Vec<Op>,
    /// Nesting depth of `begin`/`commit` pairs; operations are journaled while it is > 0.
    depth: u32,
    recording: bool,
}

impl<'p> State<'p> {
    /// Everything unassigned, no staff.
    pub fn new(p: &'p Problem, pre: &'p Pre) -> Self {
        let n_kinds = p
            .pools
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(p.kind_names.len());
        let mut terms = TermVec::default();
        terms[Rule::Unassigned] = p
            .meetings
            .iter()
            .map(|m| p.weights[Rule::Unassigned] * m.priority)
            .sum();
        terms[Rule::SeriesSpread] = p
            .series
            .iter()
            .map(|s| s.min_days.max(0) * p.weights[Rule::SeriesSpread])
            .sum();
        terms[Rule::StaffChanged] = p.weights[Rule::StaffChanged]
            * (pre.ref_lost + pre.ref_staff.iter().map(|v| v.len() as i64).sum::<i64>());
        State {
            p,
            pre,
            place: vec![None; p.meetings.len()],
            staffing: vec![Vec::new(); p.tasks.len()],
            room_tl: vec![Vec::new(); p.rooms.len()],
            person_m: vec![Vec::new(); p.people.len()],
            equip: vec![Vec::new(); p.buildings.len() * n_kinds],
            n_kinds,
            room_day: DayTable::new(p, p.rooms.len()),
            series_rooms: vec![Vec::new(); p.series.len()],
            series_days: vec![Vec::new(); p.series.len()],
            staff_tl: vec![Vec::new(); p.staff.len()],
            staff_day: DayTable::new(p, p.staff.len()),
            staff_total: vec![0; p.staff.len()],
            busy: pre.busy.clone(),
            terms,
            journal: Vec::new(),
            depth: 0,
            recording: false,
        }
    }

    /// The state of plan `a`: each meeting placed where `a` has it and each person on the
    /// tasks `a` gives them, as far as the hard rules allow (a valid plan is taken whole).
    pub fn with_plan(p: &'p Problem, pre: &'p Pre, a: &Assignment) -> Self {
        let mut st = State::new(p, pre);
        for m in p.meeting_ids() {
            if let Some(pl) = a.placements.get(m.index()).copied().flatten()
                && st.place_blocker(m, pl).is_none()
            {
                st.place(m, pl);
            }
        }
        st.keep_staff(a);
        st
    }

    /// Puts the people `a` gives each task of a placed meeting on it, where the hard rules
    /// allow.
    pub fn keep_staff(&mut self, a: &Assignment) {
        let p = self.p;
        for t in p.task_ids() {
            if self.place[p.task(t).meeting.index()].is_none() {
                continue;
            }
            for &s in a.staffing.get(t.index()).map_or(&[][..], Vec::as_slice) {
                if s.index() < p.staff.len() && self.staff_ok(t, s) {
                    self.add_staff(t, s);
                }
            }
        }
    }

    /// The state without its problem: kept between the questions of a long-lived planner
    /// (`live::Planner`), which lends the problem again for each ([`State::from_parts`]).
    pub fn into_parts(self) -> Parts {
        debug_assert_eq!(self.depth, 0, "parts taken inside a move");
        let State {
            place,
            staffing,
            room_tl,
            person_m,
            equip,
            n_kinds,
            room_day,
            series_rooms,
            series_days,
            staff_tl,
            staff_day,
            staff_total,
            busy,
            terms,
            ..
        } = self;
        Parts {
            place,
            staffing,
            room_tl,
            person_m,
            equip,
            n_kinds,
            room_day,
            series_rooms,
            series_days,
            staff_tl,
            staff_day,
            staff_total,
            busy,
            terms,
        }
    }

    /// The state of [`State::into_parts`] on its problem again. `p` may have meetings (with
    /// tasks, people and series) beyond those of the parts, appended since
    /// ([`Problem::push_request`], [`Pre::push_meetings`]): they start unassigned.
    pub fn from_parts(p: &'p Problem, pre: &'p Pre, parts: Parts) -> Self {
        let Parts {
            mut place,
            mut staffing,
            room_tl,
            mut person_m,
            equip,
            n_kinds,
            room_day,
            mut series_rooms,
            mut series_days,
            staff_tl,
            staff_day,
            staff_total,
            busy,
            mut terms,
        } = parts;
        debug_assert!(
            p.kind_names.len() <= n_kinds,
            "a new equipment kind needs a new state"
        );
        for m in &p.meetings[place.len().min(p.meetings.len())..] {
            terms[Rule::Unassigned] += p.weights[Rule::Unassigned] * m.priority;
        }
        for sr in &p.series[series_rooms.len().min(p.series.len())..] {
            terms[Rule::SeriesSpread] += sr.min_days.max(0) * p.weights[Rule::SeriesSpread];
        }
        place.resize(p.meetings.len(), None);
        staffing.resize(p.tasks.len(), Vec::new());
        person_m.resize(p.people.len(), Vec::new());
        series_rooms.resize(p.series.len(), Vec::new());
        series_days.resize(p.series.len(), Vec::new());
        State {
            p,
            pre,
            place,
            staffing,
            room_tl,
            person_m,
            equip,
            n_kinds,
            room_day,
            series_rooms,
            series_days,
            staff_tl,
            staff_day,
            staff_total,
            busy,
            terms,
            journal: Vec::new(),
            depth: 0,
            recording: false,
        }
    }

    /// Takes the meetings (tasks, people, series) beyond `sizes` out of the state again; they
    /// must be unassigned.
    pub fn shrink(&mut self, sizes: crate::model::Sizes) {
        let p = self.p;
        for (i, m) in p.meetings.iter().enumerate().skip(sizes.meetings) {
            debug_assert!(self.place[i].is_none(), "a meeting taken out while placed");
            self.terms[Rule::Unassigned] -= p.weights[Rule::Unassigned] * m.priority;
        }
        for sr in p.series.iter().skip(sizes.series) {
            self.terms[Rule::SeriesSpread] -= sr.min_days.max(0) * p.weights[Rule::SeriesSpread];
        }
        self.place.truncate(sizes.meetings);
        self.staffing.truncate(sizes.tasks);
        self.person_m.truncate(sizes.people);
        self.series_rooms.truncate(sizes.series);
        self.series_days.truncate(sizes.series);
    }

    /// `(0, medium, soft)` of the current state.
    #[inline]
    pub fn score(&self) -> Score {
        let medium = self.terms[Rule::Unassigned] + self.terms[Rule::MissingStaff];
        let soft = self.terms.soft();
        Score::new(0, medium, soft)
    }

    /// The dense assignment (reasons left empty).
    pub fn assignment(&self) -> Assignment {
        Assignment {
            placements: self.place.clone(),
            staffing: self.staffing.clone(),
            reasons: vec![None; self.place.len()],
        }
    }

    /// Task minutes of `s` on `day`.
    pub fn staff_minutes(&self, s: StaffId, day: i32) -> i64 {
        self.staff_day.get(s.index(), day).min
    }

    /// Number of placed meetings in `r` on `day`.
    pub fn room_day_count(&self, r: RoomId, day: i32) -> u32 {
        self.room_day.get(r.index(), day)
    }

    /// Missing people on task `t` of a placed meeting.
    #[inline]
    pub fn missing(&self, t: TaskId) -> usize {
        self.pre
            .task_need(t)
            .saturating_sub(self.staffing[t.index()].len())
    }
}

/// A [`State`] without its problem ([`State::into_parts`]).
#[derive(Clone, Debug)]
pub(crate) struct Parts {
    place: Vec<Option<Placement>>,
    staffing: Vec<Vec<StaffId>>,
    room_tl: Vec<Vec<Occ>>,
    person_m: Vec<Vec<MeetingId>>,
    equip: Vec<Vec<(Interval, i32, MeetingId)>>,
    n_kinds: usize,
    room_day: DayTable<u32>,
    series_rooms: Vec<Vec<(RoomId, u32)>>,
    series_days: Vec<Vec<(i32, u32)>>,
    staff_tl: Vec<Vec<Held>>,
    staff_day: DayTable<StaffDay>,
    staff_total: Vec<i64>,
    busy: BusyIndex,
    terms: TermVec,
}

/// Which held tasks a virtual route leaves out.
#[derive(Clone, Copy, Debug)]
enum Skip {
    Nothing,
    Task(TaskId),
    Meeting(MeetingId),
}

/// True when held task `h` keeps its person from a task at `iv` in building `b` on the day
/// that starts at minute `d0`: they overlap, or `h` is on that day in another building too
/// far to travel between (or with no path at all).
#[inline]
pub(crate) fn held_clashes(p: &Problem, h: &Held, iv: Interval, b: BuildingId, d0: Minute) -> bool {
    if h.iv.overlaps(&iv) {
        return true;
    }
    // Same day as `iv` (`day_of(h.iv.start) == day` without a division).
    if h.b == b || !(d0..d0 + DAY).contains(&h.iv.start) {
        return false;
    }
    match p.travel(h.b, b) {
        None => true,
        Some(tr) => {
            let gap = if h.iv.end <= iv.start {
                iv.start - h.iv.end
            } else {
                h.iv.start - iv.end
            };
            gap < tr
        }
    }
}

/// A value per (row, day): dense over the planning days (and one day either side, where
/// setup may start), a hash map for any other day. Missing entries read as the default.
#[derive(Clone, Debug)]
struct DayTable<T> {
    lo: i32,
    span: usize,
    dense: Vec<T>,
    other: HashMap<(usize, i32), T>,
}

impl<T: Copy + Default> DayTable<T> {
    /// Dense tables stay below this many entries; beyond it every day goes to the map.
    const MAX_DENSE: usize = 1 << 22;

    fn new(p: &Problem, rows: usize) -> Self {
        let (lo, hi) = match (p.days.iter().min(), p.days.iter().max()) {
            (Some(&a), Some(&b)) => (a - 1, b + 1),
            _ => (0, -1),
        };
        let mut span = (hi - lo + 1).max(0) as usize;
        if span.saturating_mul(rows) > Self::MAX_DENSE {
            span = 0;
        }
        DayTable {
            lo,
            span,
            dense: vec![T::default(); span * rows],
            other: HashMap::default(),
        }
    }

    #[inline]
    fn slot(&self, row: usize, day: i32) -> Option<usize> {
        let d = day.wrapping_sub(self.lo) as u32 as usize;
        (d < self.span).then_some(row * self.span + d)
    }

    #[inline]
    fn get(&self, row: usize, day: i32) -> T {
        match self.slot(row, day) {
            Some(i) => self.dense[i],
            None => self.other.get(&(row, day)).copied().unwrap_or_default(),
        }
    }

    #[inline]
    fn get_mut(&mut self, row: usize, day: i32) -> &mut T {
        match self.slot(row, day) {
            Some(i) => &mut self.dense[i],
            None => self.other.entry((row, day)).or_default(),
        }
    }
}

/// The most items of `v` in use at once during `occ` (the borrowings of `skip`'s meetings left
/// out), by the load at `occ`'s start and at every borrowing's start within it.
fn max_load_slow(v: &[(Interval, i32, MeetingId)], occ: Interval, skip: &dyn Fn(MeetingId) -> bool) -> i32 {
    let points = std::iter::once(occ.start).chain(
        v.iter()
            .map(|e| e.0.start)
            .filter(|&s| s > occ.start && s < occ.end),
    );
    points
        .map(|t| {
            v.iter()
                .filter(|e| e.0.start <= t && t < e.0.end && !skip(e.2))
                .map(|e| e.1)
                .sum::<i32>()
        })
        .max()
        .unwrap_or(0)
}

fn bump<K: PartialEq + Copy>(v: &mut Vec<(K, u32)>, k: K, delta: i32) {
    match v.iter().position(|e| e.0 == k) {
        Some(i) => {
            let n = v[i].1 as i64 + delta as i64;
            if n <= 0 {
                v.swap_remove(i);
            } else {
                v[i].1 = n as u32;
            }
        }
        None => {
            if delta > 0 {
                v.push((k, delta as u32));
            }
        }
    }
}

/// Adds `sign ×` the terms of meeting `m` that depend on its room alone: seat waste or
/// capacity overflow, room preference, moved room.
pub(crate) fn room_terms(p: &Problem, pre: &Pre, m: MeetingId, r: RoomId, sign: i64, terms: &mut TermVec) {
    let w = &p.weights;
    let meeting = p.meeting(m);
    let seats = p.seats(r, m).unwrap_or(0) as i64;
    let att = meeting.attendees as i64;
    if seats >= att {
        terms[Rule::SeatWaste] += sign * (seats - att) * w[Rule::SeatWaste];
    } else if let Some(wo) = w.capacity_overflow() {
        terms[Rule::CapacityOverflow] += sign * (att - seats) * wo;
    }
    if !meeting.preferred_rooms.is_empty() && meeting.preferred_rooms.binary_search(&r).is_err() {
        terms[Rule::RoomPreference] += sign * w[Rule::RoomPreference];
    }
    if let Some((rr, _)) = pre.reference[m.index()]
        && rr != Some(r)
    {
        terms[Rule::MovedRoom] += sign * w[Rule::MovedRoom];
    }
}

/// Adds `sign ×` the terms of meeting `m` that depend on its start alone: time preference,
/// moved time.
pub(crate) fn time_terms(
    p: &Problem,
    pre: &Pre,
    m: MeetingId,
    start: Minute,
    sign: i64,
    terms: &mut TermVec,
) {
    let w = &p.weights;
    if let Some(ps) = p.meeting(m).preferred_start {
        let g = p.granularity.max(1) as i64;
        let d = (start as i64 - ps as i64).abs();
        terms[Rule::TimePreference] += sign * ((d + g - 1) / g) * w[Rule::TimePreference];
    }
    if let Some((_, rs)) = pre.reference[m.index()]
        && rs != start
    {
        terms[Rule::MovedTime] += sign * w[Rule::MovedTime];
    }
}
