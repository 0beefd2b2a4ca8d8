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

    // ----- journal -----

    /// Starts (or nests) recording operations; returns a mark to roll back to. Every `begin`
    /// is paired with one [`Self::commit`]; nested pairs keep the outer journal intact.
    pub fn begin(&mut self) -> usize {
        self.depth += 1;
        self.recording = true;
        self.journal.len()
    }

    /// Undoes every operation since `mark`.
    pub fn rollback(&mut self, mark: usize) {
        let rec = self.recording;
        self.recording = false;
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Op::Placed(m, _)) => self.unplace_raw(m),
                Some(Op::Unplaced(m, pl)) => self.place_raw(m, pl),
                Some(Op::Added(t, s)) => self.remove_staff_raw(t, s),
                Some(Op::Removed(t, s)) => self.add_staff_raw(t, s),
                None => break,
            }
        }
        self.recording = rec;
    }

    /// The operations recorded since `mark` (to replay them after a rollback).
    pub fn ops_since(&self, mark: usize) -> Vec<Op> {
        self.journal.get(mark..).map(<[Op]>::to_vec).unwrap_or_default()
    }

    /// Re-applies operations taken with [`Self::ops_since`] (recorded again).
    pub fn replay(&mut self, ops: &[Op]) {
        for &op in ops {
            match op {
                Op::Placed(m, pl) => self.place(m, pl),
                Op::Unplaced(m, _) => self.unplace(m),
                Op::Added(t, s) => self.add_staff(t, s),
                Op::Removed(t, s) => self.remove_staff(t, s),
            }
        }
    }

    /// Ends the innermost `begin`; the outermost one keeps everything done and stops recording.
    pub fn commit(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.journal.clear();
            self.recording = false;
        }
    }

    // ----- feasibility -----

    /// The first hard rule that placing `m` at `pl` would break. `m` may be placed: its own
    /// occupancy is ignored, so this also checks a move before anything is unplaced.
    pub fn place_blocker(&self, m: MeetingId, pl: Placement) -> Option<Blocker> {
        let p = self.p;
        if !self.pre.time_ok(p, m, pl.room, pl.start) || !self.pre.room_fits(p, m, pl.room) {
            return Some(Blocker::Fit);
        }
        self.clash_blocker(m, pl)
    }

    /// Like [`Self::place_blocker`] without the fit checks (the caller vouches for them).
    pub fn clash_blocker(&self, m: MeetingId, pl: Placement) -> Option<Blocker> {
        self.clash_blocker_ignoring(m, pl, &[])
    }

    /// [`Self::clash_blocker`] as if the meetings of `ignore` were not placed either (the
    /// search checks a swap before it unplaces anything).
    pub fn clash_blocker_ignoring(
        &self,
        m: MeetingId,
        pl: Placement,
        ignore: &[MeetingId],
    ) -> Option<Blocker> {
        let p = self.p;
        let skip = |x: MeetingId| x == m || ignore.contains(&x);
        let occ = self.pre.occupancy(m, pl.start);
        let room = p.room(pl.room);
        if let Some(u) = room.unavailable.iter().find(|u| u.overlaps(&occ)) {
            return Some(Blocker::Unavailable(*u));
        }
        let tl = &self.room_tl[pl.room.index()];
        let i = tl.partition_point(|o| o.iv.start < occ.start);
        let lay = self.pre.layout(m);
        let change = room.layout_change_minutes;
        if let Some(prev) = tl[..i].iter().rev().find(|o| !skip(o.m))
            && (prev.iv.end > occ.start || (prev.layout != lay && occ.start - prev.iv.end < change))
        {
            return Some(Blocker::Room(prev.m));
        }
        if let Some(next) = tl[i..].iter().find(|o| !skip(o.m))
            && (next.iv.start < occ.end || (next.layout != lay && next.iv.start - occ.end < change))
        {
            return Some(Blocker::Room(next.m));
        }
        let iv = self.pre.meeting_interval(m, pl.start);
        let b = room.building;
        for &q in &p.meeting(m).people {
            for &x in &self.person_m[q.index()] {
                if skip(x) {
                    continue;
                }
                if let Some(xp) = self.place[x.index()]
                    && self.persons_clash(
                        iv,
                        b,
                        self.pre.meeting_interval(x, xp.start),
                        p.room(xp.room).building,
                    )
                {
                    return Some(Blocker::Person(q, x));
                }
            }
        }
        for (k, need) in p.borrowed_all(m, pl.room) {
            let pool = p.pool(b, k);
            if need > pool || self.max_load(b, k, occ, &skip) + need > pool {
                return Some(Blocker::Equipment(b, k));
            }
        }
        None
    }

    /// Two people-intervals clash: they overlap, or lie on one day in buildings too far apart.
    pub fn persons_clash(&self, a: Interval, ba: BuildingId, x: Interval, bx: BuildingId) -> bool {
        if a.overlaps(&x) {
            return true;
        }
        if ba == bx || day_of(a.start) != day_of(x.start) {
            return false;
        }
        match self.p.travel(ba, bx) {
            None => true,
            Some(tr) => {
                let gap = if x.end <= a.start {
                    a.start - x.end
                } else {
                    x.start - a.end
                };
                gap < tr
            }
        }
    }

    fn equip_slot(&self, b: BuildingId, k: KindId) -> usize {
        b.index() * self.n_kinds + k.index()
    }

    /// The most items of kind `k` borrowed at once in building `b` during `occ`, by meetings
    /// other than those `skip` names.
    fn max_load(&self, b: BuildingId, k: KindId, occ: Interval, skip: &dyn Fn(MeetingId) -> bool) -> i32 {
        let Some(v) = self.equip.get(self.equip_slot(b, k)) else {
            return 0;
        };
        // The borrowings in use at some instant of `occ` (at its start when it is empty), in
        // one pass; the load peaks at `occ`'s start or where one of them starts.
        const ON: usize = 16;
        let mut on = [(0, 0, 0); ON];
        let mut n = 0;
        let end = occ.end.max(occ.start + 1);
        for e in v {
            if e.0.start < end && e.0.end > occ.start && !skip(e.2) {
                if n == ON {
                    return max_load_slow(v, occ, skip);
                }
                on[n] = (e.0.start, e.0.end, e.1);
                n += 1;
            }
        }
        let on = &on[..n];
        let at = |t: Minute| {
            on.iter()
                .filter(|e| e.0 <= t && t < e.1)
                .map(|e| e.2)
                .sum::<i32>()
        };
        let mut best = at(occ.start);
        for e in on {
            if e.0 > occ.start {
                best = best.max(at(e.0));
            }
        }
        debug_assert_eq!(best, max_load_slow(v, occ, skip), "max load");
        best
    }

    /// The borrowings of kind `k` in building `b`: `(occupancy, count, meeting)`.
    pub fn borrowings(&self, b: BuildingId, k: KindId) -> &[(Interval, i32, MeetingId)] {
        self.equip
            .get(self.equip_slot(b, k))
            .map_or(&[], |v| v.as_slice())
    }

    /// Items of kind `k` borrowed in building `b` at instant `t`.
    pub fn max_load_at(&self, b: BuildingId, k: KindId, t: Minute) -> i32 {
        self.equip.get(self.equip_slot(b, k)).map_or(0, |v| {
            v.iter()
                .filter(|e| e.0.start <= t && t < e.0.end)
                .map(|e| e.1)
                .sum()
        })
    }

    /// True when `s` may be added to task `t` (its meeting must be placed) without breaking
    /// `staff_fit`, `staff_clash` or `staff_hours`.
    pub fn staff_ok(&self, t: TaskId, s: StaffId) -> bool {
        self.p.staff_qualifies(s, t) && self.staff_free(t, s)
    }

    /// [`Self::staff_ok`] for a person the caller knows qualifies (one of
    /// `pre.qualified[t]`): the hot path of the search.
    pub fn staff_free(&self, t: TaskId, s: StaffId) -> bool {
        let p = self.p;
        debug_assert!(p.staff_qualifies(s, t));
        let Some(pl) = self.place[self.pre.task_meeting(t).index()] else {
            return false;
        };
        if !self.has_room_for(t, s) {
            return false;
        }
        let iv = self.pre.task_iv(t, pl.start);
        self.staff_free_at(s, iv, p.room(pl.room).building)
    }

    /// Task `t` misses someone and `s` is not on it.
    fn has_room_for(&self, t: TaskId, s: StaffId) -> bool {
        let cur = &self.staffing[t.index()];
        cur.len() < self.pre.task_need(t) && !cur.contains(&s)
    }

    /// `s` stays within their daily cap on `day` with `day_more` more minutes that day, and
    /// within their total cap with `total_more` more minutes in all.
    fn within_caps(&self, s: StaffId, day: i32, day_more: i64, total_more: i64) -> bool {
        let h = &self.pre.staff_hot[s.index()];
        self.staff_day.get(s.index(), day).min + day_more <= i64::from(h.max_day)
            && self.staff_total[s.index()] + total_more <= i64::from(h.max_total)
    }

    /// True when `s` can take one more task at `iv` in building `b` given the tasks they hold:
    /// reachable from home, available, within the daily and total caps, no overlap, and time
    /// to travel between buildings on the same day. Qualification and the task's own staff are
    /// the caller's to check.
    pub fn staff_free_at(&self, s: StaffId, iv: Interval, b: BuildingId) -> bool {
        let p = self.p;
        if !self.pre.home_reaches(p, s, b) {
            return false;
        }
        let day = day_of(iv.start);
        let len = iv.len() as i64;
        if !self.within_caps(s, day, len, len) {
            return false;
        }
        // The index answers availability and clashes, travel included, with a few word
        // operations.
        match self.busy_free(s, iv, b) {
            Some(free) => {
                debug_assert_eq!(
                    free,
                    self.pre.available(p, s, iv) && self.free_by_scan(s, iv, b, day),
                    "busy index"
                );
                free
            }
            None => self.pre.available(p, s, iv) && self.free_by_scan(s, iv, b, day),
        }
    }

    /// The people certainly not free at `iv` (busy or unavailable then), when the index can
    /// tell: asked once for the many people a staffing question checks at one time.
    #[inline]
    pub fn busy_mask(&self, iv: Interval) -> Option<BusyMask> {
        self.busy.busy_mask(iv)
    }

    /// [`Self::busy_mask`] into a mask the caller keeps ([`BusyIndex::busy_mask_into`]);
    /// false when the index cannot tell.
    #[inline]
    pub fn busy_mask_into(&self, iv: Interval, mask: &mut BusyMask) -> bool {
        self.busy.busy_mask_into(iv, mask)
    }

    /// True when `mask` (of `iv`'s time) rules person `s` out of a task at `iv` in `b`.
    #[inline]
    pub fn masked(&self, mask: Option<&BusyMask>, s: StaffId, iv: Interval, b: BuildingId) -> bool {
        let busy = mask.is_some_and(|m| m.busy(s.index()));
        debug_assert!(!busy || !self.staff_free_at(s, iv, b), "busy mask");
        busy
    }

    #[cfg(test)]
    pub fn free_by_scan_for_tests(&self, s: StaffId, iv: Interval, b: BuildingId, day: i32) -> bool {
        self.free_by_scan(s, iv, b, day)
    }

    /// The free-person index's answer for `s` at `iv` in `b` ([`BusyIndex::free`]).
    #[inline(always)]
    fn busy_free(&self, s: StaffId, iv: Interval, b: BuildingId) -> Option<bool> {
        let p = self.p;
        self.busy
            .free(s.index(), iv, b.index(), |hb| p.travel(BuildingId::new(hb), b))
    }

    #[cfg(test)]
    pub fn busy_free_for_tests(&self, s: StaffId, iv: Interval, b: BuildingId) -> Option<bool> {
        self.busy_free(s, iv, b)
    }

    /// The tasks `s` holds that may clash with a task at `iv` on `day` ([`Pre::clash_window`]).
    fn near(&self, s: StaffId, iv: Interval, day: i32) -> impl Iterator<Item = &Held> {
        let tl = &self.staff_tl[s.index()];
        let (lo, hi) = self.pre.clash_window(iv, day);
        let i0 = tl.partition_point(|h| h.iv.start < lo);
        tl[i0..].iter().take_while(move |h| h.iv.start < hi)
    }

    /// The clash part of [`Self::staff_free_at`] by a scan of `s`'s timeline.
    fn free_by_scan(&self, s: StaffId, iv: Interval, b: BuildingId, day: i32) -> bool {
        !self
            .near(s, iv, day)
            .any(|h| held_clashes(self.p, h, iv, b, day * DAY))
    }

    /// Task `t`'s interval and building when `t` misses people, `s` is not on it, and `s` can
    /// reach its building and is available then: all that keeps `s` from it is their own tasks.
    fn reachable_task(&self, t: TaskId, s: StaffId) -> Option<(Interval, BuildingId)> {
        let p = self.p;
        let pl = self.place[self.pre.task_meeting(t).index()]?;
        if !self.has_room_for(t, s) {
            return None;
        }
        let b = p.room(pl.room).building;
        let iv = self.pre.task_iv(t, pl.start);
        (self.pre.home_reaches(p, s, b) && self.pre.available(p, s, iv)).then_some((iv, b))
    }

    /// When `s` (qualified for `t`, not on it) is kept from task `t` by exactly one task they
    /// hold (overlapping it, or too close for the travel between buildings) and would be free
    /// for `t` without it, that task. The hop of a staff ejection chain.
    pub fn sole_conflict(&self, t: TaskId, s: StaffId) -> Option<TaskId> {
        self.blocking_task(t, s, false)
    }

    /// [`Self::sole_conflict`], or, when `s` clashes with nothing at `t`'s time but their
    /// minute caps keep them from it, a task of theirs whose minutes would make room (one of
    /// that day first, for the daily cap): the task to take `s` off so that `s` can take `t`.
    pub fn freeing_task(&self, t: TaskId, s: StaffId) -> Option<TaskId> {
        self.blocking_task(t, s, true)
    }

    /// The one task whose removal frees `s` for `t`: their only clash there, or, with
    /// `by_caps` and no clash, a task whose minutes keep them within their caps (one pass over
    /// the timeline of `t`'s day's neighbourhood for the clashes).
    fn blocking_task(&self, t: TaskId, s: StaffId, by_caps: bool) -> Option<TaskId> {
        let p = self.p;
        let (iv, b) = self.reachable_task(t, s)?;
        let day = day_of(iv.start);
        let mut conflict: Option<&Held> = None;
        for h in self.near(s, iv, day) {
            if held_clashes(p, h, iv, b, day * DAY) {
                if conflict.is_some() {
                    return None;
                }
                conflict = Some(h);
            }
        }
        let len = iv.len() as i64;
        let freed = |h: &Held| {
            let l = h.iv.len() as i64;
            let today = if day_of(h.iv.start) == day { l } else { 0 };
            self.within_caps(s, day, len - today, len - l)
        };
        match conflict {
            Some(c) => freed(c).then_some(c.t),
            // Free already, or nothing to free them by.
            None if !by_caps || self.within_caps(s, day, len, len) => None,
            // The day's tasks first (the daily cap), then any (the total cap).
            None => self
                .day_tasks(s, day)
                .iter()
                .chain(&self.staff_tl[s.index()])
                .find(|h| freed(h))
                .map(|h| h.t),
        }
    }

    // ----- journaled operations -----

    /// Places `m` (unplaced, and the caller checked the blocker) at `pl`.
    pub fn place(&mut self, m: MeetingId, pl: Placement) {
        self.place_raw(m, pl);
        if self.recording {
            self.journal.push(Op::Placed(m, pl));
        }
    }

    /// Unplaces `m` after removing every staff member from its tasks.
    pub fn unplace(&mut self, m: MeetingId) {
        let Some(pl) = self.place[m.index()] else { return };
        let p = self.p;
        for &t in &p.meeting(m).tasks {
            while let Some(&s) = self.staffing[t.index()].last() {
                self.remove_staff(t, s);
            }
        }
        self.unplace_raw(m);
        if self.recording {
            self.journal.push(Op::Unplaced(m, pl));
        }
    }

    /// Adds `s` to `t` (the caller checked [`Self::staff_ok`]).
    pub fn add_staff(&mut self, t: TaskId, s: StaffId) {
        self.add_staff_raw(t, s);
        if self.recording {
            self.journal.push(Op::Added(t, s));
        }
    }

    /// Removes `s` from `t`.
    pub fn remove_staff(&mut self, t: TaskId, s: StaffId) {
        if !self.staffing[t.index()].contains(&s) {
            return;
        }
        self.remove_staff_raw(t, s);
        if self.recording {
            self.journal.push(Op::Removed(t, s));
        }
    }

    // ----- raw operations: exact term updates -----

    fn place_raw(&mut self, m: MeetingId, pl: Placement) {
        let p = self.p;
        let w = &p.weights;
        let meeting = p.meeting(m);
        debug_assert!(self.place[m.index()].is_none());
        let before_iso = self.isolated_around(m, pl.start);
        self.place[m.index()] = Some(pl);
        let occ = self.pre.occupancy(m, pl.start);
        let tl = &mut self.room_tl[pl.room.index()];
        let i = tl.partition_point(|o| o.iv.start < occ.start);
        tl.insert(
            i,
            Occ {
                iv: occ,
                m,
                layout: self.pre.layout(m),
            },
        );
        for &q in &meeting.people {
            self.person_m[q.index()].push(m);
        }
        let after_iso = self.isolated_around(m, pl.start);
        self.terms[Rule::Isolated] += after_iso - before_iso;
        let b = p.room(pl.room).building;
        let borrowed: Vec<(KindId, i32)> = p.borrowed_all(m, pl.room).collect();
        for (k, n) in borrowed {
            let slot = self.equip_slot(b, k);
            if let Some(v) = self.equip.get_mut(slot) {
                v.push((occ, n, m));
            }
        }
        let day = day_of(pl.start);
        let c = self.room_day.get_mut(pl.room.index(), day);
        *c += 1;
        if *c == 1 {
            self.terms[Rule::RoomOpen] += p.room_open_cost(pl.room);
        }
        if let Some(sr) = meeting.series {
            self.series_change(sr.index(), pl.room, day, 1);
        }
        self.meeting_terms(m, pl, 1);
        self.terms[Rule::Unassigned] -= w[Rule::Unassigned] * meeting.priority;
        for &t in &meeting.tasks {
            self.terms[Rule::MissingStaff] += w[Rule::MissingStaff] * p.task(t).need as i64;
        }
        self.terms[Rule::PreferredStaff] += w[Rule::PreferredStaff] * meeting.preferred_staff.len() as i64;
    }

    fn unplace_raw(&mut self, m: MeetingId) {
        let p = self.p;
        let w = &p.weights;
        let meeting = p.meeting(m);
        let Some(pl) = self.place[m.index()] else { return };
        debug_assert!(meeting.tasks.iter().all(|t| self.staffing[t.index()].is_empty()));
        let before_iso = self.isolated_around(m, pl.start);
        let tl = &mut self.room_tl[pl.room.index()];
        if let Some(i) = tl.iter().position(|o| o.m == m) {
            tl.remove(i);
        }
        for &q in &meeting.people {
            let v = &mut self.person_m[q.index()];
            if let Some(i) = v.iter().position(|&x| x == m) {
                v.swap_remove(i);
            }
        }
        self.place[m.index()] = None;
        let after_iso = self.isolated_around(m, pl.start);
        self.terms[Rule::Isolated] += after_iso - before_iso;
        let b = p.room(pl.room).building;
        for (k, _) in p.borrowed_all(m, pl.room) {
            let slot = self.equip_slot(b, k);
            if let Some(v) = self.equip.get_mut(slot)
                && let Some(i) = v.iter().position(|e| e.2 == m)
            {
                v.swap_remove(i);
            }
        }
        let day = day_of(pl.start);
        let c = self.room_day.get_mut(pl.room.index(), day);
        if *c > 0 {
            *c -= 1;
            if *c == 0 {
                self.terms[Rule::RoomOpen] -= p.room_open_cost(pl.room);
            }
        }
        if let Some(sr) = meeting.series {
            self.series_change(sr.index(), pl.room, day, -1);
        }
        self.meeting_terms(m, pl, -1);
        self.terms[Rule::Unassigned] += w[Rule::Unassigned] * meeting.priority;
        for &t in &meeting.tasks {
            self.terms[Rule::MissingStaff] -= w[Rule::MissingStaff] * p.task(t).need as i64;
        }
        self.terms[Rule::PreferredStaff] -= w[Rule::PreferredStaff] * meeting.preferred_staff.len() as i64;
    }

    /// Adds (`sign = 1`) or removes (`-1`) the terms that depend on one meeting alone.
    fn meeting_terms(&mut self, m: MeetingId, pl: Placement, sign: i64) {
        room_terms(self.p, self.pre, m, pl.room, sign, &mut self.terms);
        time_terms(self.p, self.pre, m, pl.start, sign, &mut self.terms);
    }

    fn series_change(&mut self, sr: usize, r: RoomId, day: i32, delta: i32) {
        let w = &self.p.weights;
        let min_days = self.p.series[sr].min_days.max(0);
        let before = self.series_cost(sr, min_days);
        bump(&mut self.series_rooms[sr], r, delta);
        bump(&mut self.series_days[sr], day, delta);
        let after = self.series_cost(sr, min_days);
        self.terms[Rule::SeriesRoom] += (after.0 - before.0) * w[Rule::SeriesRoom];
        self.terms[Rule::SeriesSpread] += (after.1 - before.1) * w[Rule::SeriesSpread];
    }

    /// The rooms series `sr` uses, with its meetings in each.
    pub fn series_rooms_of(&self, sr: usize) -> &[(RoomId, u32)] {
        self.series_rooms.get(sr).map_or(&[], |v| v.as_slice())
    }

    fn series_cost(&self, sr: usize, min_days: i64) -> (i64, i64) {
        let rooms = self.series_rooms[sr].len() as i64;
        let days = self.series_days[sr].len() as i64;
        ((rooms - 1).max(0), (min_days - days).max(0))
    }

    /// The `isolated` cost (weighted) of `m`'s compact people's meetings that touch `start`'s
    /// interval (and of `m` itself while placed).
    fn isolated_around(&self, m: MeetingId, start: Minute) -> i64 {
        let p = self.p;
        let w = p.weights[Rule::Isolated];
        if w == 0 {
            return 0;
        }
        let iv = self.pre.meeting_interval(m, start);
        let mut cost = 0;
        for &q in &p.meeting(m).people {
            if !p.people[q.index()].compact {
                continue;
            }
            let list = &self.person_m[q.index()];
            for &x in list {
                let Some(xp) = self.place[x.index()] else { continue };
                let xiv = self.pre.meeting_interval(x, xp.start);
                if (x == m || xiv.end == iv.start || xiv.start == iv.end) && self.is_isolated(q, x, xiv) {
                    cost += w;
                }
            }
        }
        cost
    }

    fn is_isolated(&self, q: PersonId, x: MeetingId, xiv: Interval) -> bool {
        !self.person_m[q.index()].iter().any(|&y| {
            y != x
                && self.place[y.index()].is_some_and(|yp| {
                    let yiv = self.pre.meeting_interval(y, yp.start);
                    yiv.end == xiv.start || yiv.start == xiv.end
                })
        })
    }

    fn add_staff_raw(&mut self, t: TaskId, s: StaffId) {
        let p = self.p;
        let w = &p.weights;
        let m = self.pre.task_meeting(t);
        let Some(pl) = self.place[m.index()] else { return };
        let iv = self.pre.task_iv(t, pl.start);
        let day = day_of(iv.start);
        let (pref_d, changed_d) = self.joining_terms(t, s);
        self.staffing[t.index()].push(s);
        let rank = self.pre.task_rank[t.index()];
        let tl = &mut self.staff_tl[s.index()];
        let key = (iv.start, iv.end, rank);
        let i = tl.partition_point(|h| (h.iv.start, h.iv.end, h.rank) < key);
        tl.insert(
            i,
            Held {
                iv,
                rank,
                t,
                m,
                b: p.room(pl.room).building,
            },
        );
        self.staff_day.get_mut(s.index(), day).min += iv.len() as i64;
        self.staff_total[s.index()] += iv.len() as i64;
        self.busy
            .mark(s.index(), iv, true, Some(p.room(pl.room).building.index()));
        self.refresh_staff_day(s, day);
        self.terms[Rule::MissingStaff] -= w[Rule::MissingStaff];
        self.terms[Rule::PreferredStaff] += pref_d;
        self.terms[Rule::StaffChanged] += changed_d;
    }

    /// The `preferred_staff` and `staff_changed` changes of `s` joining task `t` (before it
    /// joins): a preferred person's first task of the meeting, a reference pair kept.
    fn joining_terms(&self, t: TaskId, s: StaffId) -> (i64, i64) {
        let w = &self.p.weights;
        let m = self.pre.task_meeting(t);
        let preferred =
            self.pre.task_has_preferred(t) && self.p.meeting(m).preferred_staff.binary_search(&s).is_ok();
        let pref = if preferred && !self.holds_task_of(s, m) {
            -w[Rule::PreferredStaff]
        } else {
            0
        };
        let changed = if self.pre.is_ref_staff(t, s) {
            -w[Rule::StaffChanged]
        } else {
            0
        };
        (pref, changed)
    }

    /// Weighted overtime of `s` working `minutes` on one day.
    fn overtime(&self, s: StaffId, minutes: i64) -> i64 {
        self.pre.overtime(self.p, s, minutes)
    }

    fn remove_staff_raw(&mut self, t: TaskId, s: StaffId) {
        let p = self.p;
        let w = &p.weights;
        let m = self.pre.task_meeting(t);
        let Some(pl) = self.place[m.index()] else { return };
        let Some(i) = self.staffing[t.index()].iter().position(|&x| x == s) else {
            return;
        };
        let (pref_d, changed_d) = self.leaving_terms(t, s);
        self.staffing[t.index()].remove(i);
        let iv = self.pre.task_iv(t, pl.start);
        let day = day_of(iv.start);
        let tl = &mut self.staff_tl[s.index()];
        if let Some(i) = tl.iter().position(|h| h.t == t) {
            tl.remove(i);
        }
        self.staff_day.get_mut(s.index(), day).min -= iv.len() as i64;
        self.staff_total[s.index()] -= iv.len() as i64;
        self.busy
            .mark(s.index(), iv, false, Some(p.room(pl.room).building.index()));
        self.refresh_staff_day(s, day);
        self.terms[Rule::MissingStaff] += w[Rule::MissingStaff];
        self.terms[Rule::PreferredStaff] += pref_d;
        self.terms[Rule::StaffChanged] += changed_d;
    }

    /// The `preferred_staff` and `staff_changed` changes of `s` leaving task `t` (which they
    /// hold): a preferred person's last task of the meeting, a reference pair dropped. The
    /// mirror of [`Self::joining_terms`].
    fn leaving_terms(&self, t: TaskId, s: StaffId) -> (i64, i64) {
        let w = &self.p.weights;
        let m = self.pre.task_meeting(t);
        let last = !self
            .p
            .meeting(m)
            .tasks
            .iter()
            .any(|&x| x != t && self.staffing[x.index()].contains(&s));
        let pref = if self.pre.task_has_preferred(t)
            && self.p.meeting(m).preferred_staff.binary_search(&s).is_ok()
            && last
        {
            w[Rule::PreferredStaff]
        } else {
            0
        };
        let changed = if self.pre.is_ref_staff(t, s) {
            w[Rule::StaffChanged]
        } else {
            0
        };
        (pref, changed)
    }

    /// The change of `s`'s weighted overtime on `day` when their minutes that day change by
    /// `change`.
    fn overtime_change(&self, s: StaffId, day: i32, change: i64) -> i64 {
        let rec = self.staff_day.get(s.index(), day);
        self.overtime(s, rec.min + change) - rec.ot
    }

    fn holds_task_of(&self, s: StaffId, m: MeetingId) -> bool {
        self.p
            .meeting(m)
            .tasks
            .iter()
            .any(|t| self.staffing[t.index()].contains(&s))
    }

    /// Recomputes the travel route and overtime of one staff member on one day.
    fn refresh_staff_day(&mut self, s: StaffId, day: i32) {
        // The buildings and the route of the day in one pass over its tasks.
        let pre = self.pre;
        let home = self.pre.staff_hot[s.index()].building;
        let (mut there, mut at, mut tr) = (0u64, home, 0i64);
        let tasks = self.day_tasks(s, day);
        for h in tasks {
            there |= busy::building_bit(h.b.index());
            tr += pre.trip(at, h.b);
            at = h.b;
        }
        if !tasks.is_empty() {
            tr += pre.trip(at, home);
        }
        let tr = tr * self.p.weights[Rule::StaffTravel];
        debug_assert_eq!(tr, self.day_route(s, day, None));
        self.busy.set_buildings(s.index(), day, there);
        let p = self.p;
        let rec = self.staff_day.get_mut(s.index(), day);
        let ot = pre.overtime(p, s, rec.min);
        let (old_tr, old_ot) = (rec.tr, rec.ot);
        (rec.tr, rec.ot) = (tr, ot);
        self.terms[Rule::StaffTravel] += tr - old_tr;
        self.terms[Rule::Overtime] += ot - old_ot;
    }

    /// Person `s`'s tasks starting on `day`, in route order.
    #[inline]
    fn day_tasks(&self, s: StaffId, day: i32) -> &[Held] {
        let tl = &self.staff_tl[s.index()];
        let i0 = tl.partition_point(|h| h.iv.start < day * DAY);
        let n = tl[i0..].partition_point(|h| h.iv.start < day * DAY + DAY);
        &tl[i0..i0 + n]
    }

    /// The weighted travel of `s`'s route on `day` (home, the held tasks in route order,
    /// home), with `extra` (a task's route key and building) visited too when given.
    fn day_route(&self, s: StaffId, day: i32, extra: Option<(RouteKey, BuildingId)>) -> i64 {
        self.day_route_virtual(s, day, Skip::Nothing, extra.as_slice())
    }

    /// [`Self::day_route`] as if the held tasks `skip` names were not held and the `extras`
    /// (route keys and buildings, sorted by key) were: the whole route walked again. The
    /// search prices routes with [`Self::route_join`]; this is the general case of a moved
    /// person's route and, in debug builds, the check of every route change.
    fn day_route_virtual(&self, s: StaffId, day: i32, skip: Skip, extras: &[(RouteKey, BuildingId)]) -> i64 {
        let p = self.p;
        let w = p.weights[Rule::StaffTravel];
        if w == 0 {
            return 0;
        }
        let home = self.pre.staff_hot[s.index()].building;
        let pre = self.pre;
        let (mut at, mut tr, mut any) = (home, 0i64, !extras.is_empty());
        let mut extras = extras.iter().peekable();
        for h in self.day_tasks(s, day) {
            let skipped = match skip {
                Skip::Nothing => false,
                Skip::Task(t) => h.t == t,
                Skip::Meeting(m) => h.m == m,
            };
            if skipped {
                continue;
            }
            while let Some(&&(key, b)) = extras.peek()
                && key < (h.iv.start, h.iv.end, h.rank)
            {
                tr += pre.trip(at, b);
                at = b;
                extras.next();
            }
            tr += pre.trip(at, h.b);
            at = h.b;
            any = true;
        }
        for &(_, b) in extras {
            tr += pre.trip(at, b);
            at = b;
        }
        if any {
            tr += pre.trip(at, home);
        }
        tr * w
    }

    /// The score change [`Self::add_staff`] would make (the caller checked
    /// [`Self::staff_free`]), computed without changing anything. The search calls
    /// [`Self::add_staff_delta_at`] with the task's time and building worked out once.
    #[cfg(test)]
    pub fn add_staff_delta(&self, t: TaskId, s: StaffId) -> Score {
        let p = self.p;
        let Some(pl) = self.place[p.task(t).meeting.index()] else {
            return Score::default();
        };
        self.add_staff_delta_at(t, s, self.pre.task_iv(t, pl.start), p.room(pl.room).building)
    }

    /// [`Self::add_staff_delta`] with the task held at `iv` in building `b` (where its meeting
    /// is or is about to be: a relocation's refill, whose person holds no task of it yet).
    pub(crate) fn add_staff_delta_at(&self, t: TaskId, s: StaffId, iv: Interval, b: BuildingId) -> Score {
        let w = &self.p.weights;
        let day = day_of(iv.start);
        let (pref_d, changed_d) = self.joining_terms(t, s);
        let rec = self.staff_day.get(s.index(), day);
        let (old_tr, old_ot) = (rec.tr, rec.ot);
        let minutes = rec.min + iv.len() as i64;
        let mut soft = pref_d + changed_d + self.overtime(s, minutes) - old_ot;
        if w[Rule::StaffTravel] != 0 {
            let key = self.route_key(t, iv);
            let tr = old_tr + w[Rule::StaffTravel] * self.route_join(s, day, key, b, None);
            debug_assert_eq!(tr, self.day_route(s, day, Some((key, b))));
            soft += tr - old_tr;
        }
        Score::new(0, -w[Rule::MissingStaff], soft)
    }

    /// Task `t`'s place in a route when held at `iv`: by start, end, then SPEC task-id order.
    #[inline]
    pub(crate) fn route_key(&self, t: TaskId, iv: Interval) -> RouteKey {
        (iv.start, iv.end, self.pre.task_rank[t.index()])
    }

    /// The change in minutes of `s`'s route on `day`, without the held task `skip`, when a
    /// task of route key `key` in building `b` joins it: its neighbours in route order (home
    /// at either end) are linked through it instead of directly. A held task leaves the route
    /// with the opposite change (`skip` itself).
    pub(crate) fn route_join(
        &self,
        s: StaffId,
        day: i32,
        key: RouteKey,
        b: BuildingId,
        skip: Option<TaskId>,
    ) -> i64 {
        let pre = self.pre;
        let home = self.pre.staff_hot[s.index()].building;
        let tl = &self.staff_tl[s.index()];
        // By start alone (route order is (start, end, rank)): a person's tasks never overlap
        // and are never empty (the loader refuses empty task intervals), so the only one that
        // may start at `key`'s start is `skip`, and a task joining is free of every other.
        // Criterion workload 518.9M -> 507.9M instructions.
        let i = tl.partition_point(|h| h.iv.start < key.0);
        let kept = |j: usize| tl.get(j).filter(|h| Some(h.t) != skip);
        let prev = (1..=2.min(i)).find_map(|d| kept(i - d));
        let next = (i..i + 2).find_map(kept);
        let on_day = |h: &Held| h.iv.start >= day * DAY && h.iv.start < day * DAY + DAY;
        let (prev, next) = (prev.filter(|h| on_day(h)), next.filter(|h| on_day(h)));
        let (a, z) = (prev.map_or(home, |h| h.b), next.map_or(home, |h| h.b));
        let through = pre.trip(a, b) + pre.trip(b, z);
        // With no task that day there was no route: not even a trip from home to home.
        let direct = if prev.is_none() && next.is_none() {
            0
        } else {
            pre.trip(a, z)
        };
        through - direct
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
