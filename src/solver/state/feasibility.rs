//! Feasibility queries: what blocks a placement (rooms, people, equipment pools) and whether a
//! person may take a task (skills, availability, clashes, travel, minute caps).

use super::*;

impl<'p> State<'p> {
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

    pub(super) fn equip_slot(&self, b: BuildingId, k: KindId) -> usize {
        b.index() * self.n_kinds + k.index()
    }

    /// The most items of kind `k` borrowed at once in building `b` during `occ`, by meetings
    /// other than those `skip` names.
    pub(super) fn max_load(
        &self,
        b: BuildingId,
        k: KindId,
        occ: Interval,
        skip: &dyn Fn(MeetingId) -> bool,
    ) -> i32 {
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
    pub(super) fn has_room_for(&self, t: TaskId, s: StaffId) -> bool {
        let cur = &self.staffing[t.index()];
        cur.len() < self.pre.task_need(t) && !cur.contains(&s)
    }

    /// `s` stays within their daily cap on `day` with `day_more` more minutes that day, and
    /// within their total cap with `total_more` more minutes in all.
    pub(super) fn within_caps(&self, s: StaffId, day: i32, day_more: i64, total_more: i64) -> bool {
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
    pub(super) fn busy_free(&self, s: StaffId, iv: Interval, b: BuildingId) -> Option<bool> {
        let p = self.p;
        self.busy
            .free(s.index(), iv, b.index(), |hb| p.travel(BuildingId::new(hb), b))
    }

    #[cfg(test)]
    pub fn busy_free_for_tests(&self, s: StaffId, iv: Interval, b: BuildingId) -> Option<bool> {
        self.busy_free(s, iv, b)
    }

    /// The tasks `s` holds that may clash with a task at `iv` on `day` ([`Pre::clash_window`]).
    pub(super) fn near(&self, s: StaffId, iv: Interval, day: i32) -> impl Iterator<Item = &Held> {
        let tl = &self.staff_tl[s.index()];
        let (lo, hi) = self.pre.clash_window(iv, day);
        let i0 = tl.partition_point(|h| h.iv.start < lo);
        tl[i0..].iter().take_while(move |h| h.iv.start < hi)
    }

    /// The clash part of [`Self::staff_free_at`] by a scan of `s`'s timeline.
    pub(super) fn free_by_scan(&self, s: StaffId, iv: Interval, b: BuildingId, day: i32) -> bool {
        !self
            .near(s, iv, day)
            .any(|h| held_clashes(self.p, h, iv, b, day * DAY))
    }

    /// Task `t`'s interval and building when `t` misses people, `s` is not on it, and `s` can
    /// reach its building and is available then: all that keeps `s` from it is their own tasks.
    pub(super) fn reachable_task(&self, t: TaskId, s: StaffId) -> Option<(Interval, BuildingId)> {
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
    pub(super) fn blocking_task(&self, t: TaskId, s: StaffId, by_caps: bool) -> Option<TaskId> {
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
}
