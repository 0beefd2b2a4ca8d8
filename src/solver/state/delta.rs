//! Moves evaluated without applying them: the exact score change of a staff change, of a
//! transfer, or of a meeting's relocation (with the people that follow it and those added to
//! its tasks), read
//! off the state's caches. The search applies a move only when it accepts it, so a rejected
//! move costs its evaluation alone, not an apply and a rollback.
//!
//! Every delta here is checked against apply-and-score: in debug builds the search applies
//! each evaluated relocation and transfer, compares, and rolls it back
//! (`Worker::check_evaluated`), and
//! the unit tests compare the staff deltas pair by pair.

use super::{DAY, RouteKey, Skip, State, held_clashes, room_terms, time_terms};
use crate::model::time::day_of;
use crate::model::{BuildingId, Interval, MeetingId, Minute, Rule, StaffId, TaskId, TermVec};
use crate::plan::Placement;
use crate::score::Score;
use crate::solver::construct::cheapest_candidate;

/// A meeting's move evaluated by [`State::relocation`]: apply it with [`State::relocate`].
/// Its buffers are reused from one evaluation to the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct Relocation {
    m: Option<MeetingId>,
    to: Option<Placement>,
    /// The people who keep their task at the new time, in task order.
    follow: Vec<(TaskId, StaffId)>,
    /// The people added to tasks that miss some, in task order.
    fill: Vec<(TaskId, StaffId)>,
    /// The meeting's staff before the move: (person, task, interval).
    held: Vec<(StaffId, TaskId, Interval)>,
    /// The tasks people take at the new time: (person, interval, route key).
    added: Vec<(StaffId, Interval, RouteKey)>,
    /// Scratch for one person's route extras.
    extras: Vec<(RouteKey, BuildingId)>,
    /// Scratch for the days a person's cost changes on.
    days: Vec<i32>,
    /// The busy people at a refilled task's time.
    mask: super::BusyMask,
}

/// One bit per person, by index modulo 64 (a filter: a clear bit proves absence).
#[inline]
fn person_bit(s: StaffId) -> u64 {
    1u64 << (s.index() & 63)
}

impl State<'_> {
    /// The score change [`State::remove_staff`] would make (`s` is on `t`), computed without
    /// changing anything.
    pub fn remove_staff_delta(&self, t: TaskId, s: StaffId) -> Score {
        let p = self.p;
        let w = &p.weights;
        let m = self.pre.task_meeting(t);
        let Some(pl) = self.place[m.index()] else {
            return Score::default();
        };
        let iv = self.pre.task_iv(t, pl.start);
        let day = day_of(iv.start);
        let rec = self.staff_day.get(s.index(), day);
        let (old_tr, old_ot) = (rec.tr, rec.ot);
        let minutes = rec.min - iv.len() as i64;
        let mut soft = self.overtime(s, minutes) - old_ot;
        if w[Rule::StaffTravel] != 0 {
            let key = self.route_key(t, iv);
            let tr = old_tr
                - w[Rule::StaffTravel] * self.route_join(s, day, key, p.room(pl.room).building, Some(t));
            debug_assert_eq!(tr, self.day_route_virtual(s, day, Skip::Task(t), &[]));
            soft += tr - old_tr;
        }
        let (pref, changed) = self.leaving_terms(t, s);
        Score::new(0, w[Rule::MissingStaff], soft + pref + changed)
    }

    /// Evaluates moving placed meeting `m` to `to` (the caller checked the hard rules with
    /// [`State::place_blocker`]) without applying it: the meeting's own terms; its people
    /// each keep their tasks where still free at the new time (in task order, as re-adding
    /// them one by one would); tasks that then miss people get the cheaper of the first two
    /// free qualified people among at most `checks` checked — people based in the new
    /// building first, from `offset(n)` in the list of `n`; never a person who held a task of
    /// the meeting (they follow or not) or was just added. Fills `r` and returns the exact
    /// score change (`None` when `m` is not placed).
    pub fn relocation(
        &self,
        m: MeetingId,
        to: Placement,
        checks: usize,
        offset: &mut dyn FnMut(usize) -> usize,
        r: &mut Relocation,
    ) -> Option<Score> {
        let p = self.p;
        let w = &p.weights;
        let meeting = p.meeting(m);
        let cur = self.place[m.index()]?;
        r.m = Some(m);
        r.to = Some(to);
        r.follow.clear();
        r.fill.clear();
        r.held.clear();
        r.added.clear();
        // The meeting's own terms.
        let mut terms = TermVec::default();
        if cur.room != to.room {
            room_terms(p, self.pre, m, cur.room, -1, &mut terms);
            room_terms(p, self.pre, m, to.room, 1, &mut terms);
        }
        if cur.start != to.start {
            time_terms(p, self.pre, m, cur.start, -1, &mut terms);
            time_terms(p, self.pre, m, to.start, 1, &mut terms);
            terms[Rule::Isolated] += self.isolated_relocation(m, cur.start, to.start);
        }
        let (d0, d1) = (day_of(cur.start), day_of(to.start));
        if cur.room != to.room || d0 != d1 {
            if self.room_day.get(cur.room.index(), d0) == 1 {
                terms[Rule::RoomOpen] -= p.room_open_cost(cur.room);
            }
            if self.room_day.get(to.room.index(), d1) == 0 {
                terms[Rule::RoomOpen] += p.room_open_cost(to.room);
            }
            if let Some(sr) = meeting.series {
                self.series_relocation(sr.index(), (cur.room, d0), (to.room, d1), &mut terms);
            }
        }
        let mut medium = 0i64;
        let mut soft: i64 = terms.soft();
        // Who follows, in the order re-adding them would take.
        let (b0, b1) = (p.room(cur.room).building, p.room(to.room).building);
        // One bit per person held (and later added), by index modulo 64: `seen`, a clear bit
        // of which proves a person untouched with one test, and `shared`, the bits met twice
        // (a person holding two tasks of the meeting, or two people sharing a bit).
        let (mut seen, mut shared) = (0u64, 0u64);
        for &t in &meeting.tasks {
            for &s in &self.staffing[t.index()] {
                let bit = person_bit(s);
                shared |= seen & bit;
                seen |= bit;
                r.held.push((s, t, self.pre.task_iv(t, cur.start)));
            }
        }
        for i in 0..r.held.len() {
            let h = r.held[i];
            let (s, t, iv0) = h;
            let iv = self.pre.task_iv(t, to.start);
            let single = shared & person_bit(s) == 0;
            // A person holding one task of the meeting (most) drops it and takes it at the
            // new time or loses it: no other entry of theirs to look up. Whoever else is in
            // `r` is someone else, and changes nothing for them.
            let follows = if single {
                let len0 = iv0.len() as i64;
                let on_day = if day_of(iv0.start) == day_of(iv.start) {
                    -len0
                } else {
                    0
                };
                self.free_moving_with(s, iv, b1, m, on_day, -len0)
            } else {
                self.free_moving(s, iv, b1, m, r)
            };
            let added = follows.then_some((s, iv, self.route_key(t, iv)));
            if let Some(a) = added {
                r.follow.push((t, s));
                r.added.push(a);
            } else {
                medium += w[Rule::MissingStaff];
                if self.pre.is_ref_staff(t, s) {
                    soft += w[Rule::StaffChanged];
                }
            }
            if single {
                soft += self.moved_one(s, m, (b0, b1), h, added, r);
            }
        }
        // The travel and overtime of the others (once each, when their decisions are made).
        if shared != 0 {
            for i in 0..r.held.len() {
                let s = r.held[i].0;
                if shared & person_bit(s) == 0 || r.held[..i].iter().any(|h| h.0 == s) {
                    continue;
                }
                soft += self.moved_person_cost(s, m, (b0, b1), r);
            }
        }
        // Preferred people who no longer hold any of the meeting's tasks.
        for &q in &meeting.preferred_staff {
            if r.held.iter().any(|h| h.0 == q) && !r.follow.iter().any(|f| f.1 == q) {
                soft += w[Rule::PreferredStaff];
            }
        }
        // Tasks that miss people: the cheaper of the first two free people.
        for &t in &meeting.tasks {
            let need = self.pre.task_need(t);
            let mut have = r.follow.iter().filter(|f| f.0 == t).count();
            let q = &self.pre.qualified[t.index()];
            if have >= need || q.is_empty() {
                continue;
            }
            let iv = self.pre.task_iv(t, to.start);
            let off = offset(q.len());
            // Only people untouched by the move are asked: the index holds their tasks as they are.
            let has_mask = self.busy_mask_into(iv, &mut r.mask);
            while have < need {
                let mask = has_mask.then_some(&r.mask);
                // The mask rules out most people (89 % of those checked on M), a word at a time.
                let best = cheapest_candidate(self.pre, t, off, b1, checks, 2, mask, |s| {
                    debug_assert!(!self.masked(mask, s, iv, b1));
                    let touched = seen & person_bit(s) != 0
                        && (r.held.iter().any(|h| h.0 == s) || r.added.iter().any(|a| a.0 == s));
                    (!touched && self.staff_free_at(s, iv, b1)).then(|| self.add_staff_delta_at(t, s, iv, b1))
                });
                let Some((d, s)) = best else { break };
                r.fill.push((t, s));
                seen |= person_bit(s);
                r.added.push((s, iv, self.route_key(t, iv)));
                medium += d.medium;
                soft += d.soft;
                have += 1;
            }
        }
        Some(Score::new(0, medium, soft))
    }

    /// The exact score change of moving `s` off task `c` onto task `t` (both of placed
    /// meetings; `s` holds `c`, and is free for `t` once off it: [`State::freeing_task`]),
    /// without applying it. The missing count is unchanged; `s`'s overtime and route change on
    /// the days of both tasks (one route walk each way, [`State::route_join`], with `c` left
    /// out), and the preferred-person and reference terms of both meetings.
    pub fn transfer_delta(&self, c: TaskId, t: TaskId, s: StaffId) -> Score {
        let p = self.p;
        let w = &p.weights;
        let (mc, mt) = (self.pre.task_meeting(c), self.pre.task_meeting(t));
        let (Some(pc), Some(pt)) = (self.place[mc.index()], self.place[mt.index()]) else {
            return Score::default();
        };
        let (ivc, ivt) = (self.pre.task_iv(c, pc.start), self.pre.task_iv(t, pt.start));
        let (dc, dt) = (day_of(ivc.start), day_of(ivt.start));
        let (lc, lt) = (ivc.len() as i64, ivt.len() as i64);
        let mut soft = if dc == dt {
            self.overtime_change(s, dc, lt - lc)
        } else {
            self.overtime_change(s, dc, -lc) + self.overtime_change(s, dt, lt)
        };
        if w[Rule::StaffTravel] != 0 {
            let (bc, bt) = (p.room(pc.room).building, p.room(pt.room).building);
            let joined = self.route_join(s, dt, self.route_key(t, ivt), bt, Some(c));
            let left = self.route_join(s, dc, self.route_key(c, ivc), bc, Some(c));
            soft += w[Rule::StaffTravel] * (joined - left);
        }
        // Leaving `c` and joining `t`, each priced on the state as it is: exact for two
        // meetings. Within one meeting the person holds a task of it throughout, so the
        // preferred-person term does not change (joining sees `c` still held, leaving does not).
        let (leave_pref, leave_changed) = self.leaving_terms(c, s);
        let (join_pref, join_changed) = self.joining_terms(t, s);
        soft += leave_changed + join_changed;
        if mc != mt {
            soft += leave_pref + join_pref;
        }
        Score::new(0, 0, soft)
    }

    /// Applies a relocation evaluated by [`State::relocation`] on this very state.
    pub fn relocate(&mut self, r: &Relocation) {
        let (Some(m), Some(to)) = (r.m, r.to) else { return };
        self.unplace(m);
        self.place(m, to);
        for &(t, s) in r.follow.iter().chain(&r.fill) {
            self.add_staff(t, s);
        }
    }

    /// The change of the `isolated` term when placed meeting `m` moves from `from` to `to`:
    /// for each compact person of `m`, `m` itself and their meetings that touch `m`'s interval
    /// before or after the move, each isolated or not before and after (the others keep
    /// their neighbours).
    fn isolated_relocation(&self, m: MeetingId, from: Minute, to: Minute) -> i64 {
        let p = self.p;
        let w = p.weights[Rule::Isolated];
        if w == 0 || from == to {
            return 0;
        }
        let (a, b) = (
            self.pre.meeting_interval(m, from),
            self.pre.meeting_interval(m, to),
        );
        let touch = |x: Interval, y: Interval| x.end == y.start || x.start == y.end;
        // A meeting's interval before (`moved = false`) or after the move.
        let at = |y: MeetingId, moved: bool| {
            if y == m {
                Some(if moved { b } else { a })
            } else {
                self.place[y.index()].map(|yp| self.pre.meeting_interval(y, yp.start))
            }
        };
        let mut delta = 0;
        for &q in &p.meeting(m).people {
            if !p.people[q.index()].compact {
                continue;
            }
            let list = &self.person_m[q.index()];
            let isolated = |x: MeetingId, moved: bool| {
                at(x, moved).is_some_and(|xiv| {
                    !list
                        .iter()
                        .any(|&y| y != x && at(y, moved).is_some_and(|yiv| touch(yiv, xiv)))
                })
            };
            for &x in list {
                let Some(xiv) = at(x, false) else { continue };
                if x == m || touch(xiv, a) || touch(xiv, b) {
                    delta += w * (i64::from(isolated(x, true)) - i64::from(isolated(x, false)));
                }
            }
        }
        delta
    }

    /// The series terms of moving one meeting of series `sr` from `(room, day)` to another.
    fn series_relocation(
        &self,
        sr: usize,
        from: (crate::model::RoomId, i32),
        to: (crate::model::RoomId, i32),
        terms: &mut TermVec,
    ) {
        let w = &self.p.weights;
        let min_days = self.p.series[sr].min_days.max(0);
        let before = self.series_cost(sr, min_days);
        let rooms = &self.series_rooms[sr];
        let days = &self.series_days[sr];
        let mut n_rooms = rooms.len() as i64;
        let mut n_days = days.len() as i64;
        if from.0 != to.0 {
            n_rooms -= i64::from(rooms.iter().any(|e| e.0 == from.0 && e.1 == 1));
            n_rooms += i64::from(!rooms.iter().any(|e| e.0 == to.0));
        }
        if from.1 != to.1 {
            n_days -= i64::from(days.iter().any(|e| e.0 == from.1 && e.1 == 1));
            n_days += i64::from(!days.iter().any(|e| e.0 == to.1));
        }
        let after = ((n_rooms - 1).max(0), (min_days - n_days).max(0));
        terms[Rule::SeriesRoom] += (after.0 - before.0) * w[Rule::SeriesRoom];
        terms[Rule::SeriesSpread] += (after.1 - before.1) * w[Rule::SeriesSpread];
    }

    /// True when `s` can hold a task at `iv` in building `b` once meeting `m` moves: as
    /// [`State::staff_free_at`], with `s`'s tasks of `m` dropped (`r.held`) and the tasks
    /// `s` already takes at the new time (`r.added`) held.
    fn free_moving(&self, s: StaffId, iv: Interval, b: BuildingId, m: MeetingId, r: &Relocation) -> bool {
        let day = day_of(iv.start);
        let (mut on_day, mut total) = (0i64, 0i64);
        for h in r.held.iter().filter(|h| h.0 == s) {
            let l = h.2.len() as i64;
            total -= l;
            if day_of(h.2.start) == day {
                on_day -= l;
            }
        }
        for a in r.added.iter().filter(|a| a.0 == s) {
            if a.1.overlaps(&iv) {
                return false;
            }
            let l = a.1.len() as i64;
            total += l;
            if day_of(a.1.start) == day {
                on_day += l;
            }
        }
        self.free_moving_with(s, iv, b, m, on_day, total)
    }

    /// [`Self::free_moving`] once `s`'s minutes that change are known: `on_day` more on
    /// `iv`'s day and `total` more in all (their tasks of `m` dropped, those taken added);
    /// their tasks of `m` are left out of the clash check.
    fn free_moving_with(
        &self,
        s: StaffId,
        iv: Interval,
        b: BuildingId,
        m: MeetingId,
        on_day: i64,
        total: i64,
    ) -> bool {
        let p = self.p;
        if !self.pre.home_reaches(p, s, b) || !self.pre.available(p, s, iv) {
            return false;
        }
        let day = day_of(iv.start);
        let len = iv.len() as i64;
        self.within_caps(s, day, on_day + len, total + len)
            && !self
                .near(s, iv, day)
                .any(|h| h.m != m && held_clashes(p, h, iv, b, day * DAY))
    }

    /// The change of `s`'s travel and overtime when their tasks of meeting `m` (in building
    /// `b0`) are dropped and they take `r.added`'s tasks of theirs (all in building `b`).
    fn moved_person_cost(
        &self,
        s: StaffId,
        m: MeetingId,
        (b0, b): (BuildingId, BuildingId),
        r: &mut Relocation,
    ) -> i64 {
        // Their entries in one pass: how many tasks they drop and take, and the first of each.
        let (mut n_held, mut n_added) = (0usize, 0usize);
        let (mut held0, mut added0) = (None, None);
        for h in r.held.iter().filter(|h| h.0 == s) {
            n_held += 1;
            held0 = held0.or(Some(*h));
        }
        for a in r.added.iter().filter(|a| a.0 == s) {
            n_added += 1;
            added0 = added0.or(Some(*a));
        }
        if n_held == 1
            && n_added <= 1
            && let Some(h) = held0
        {
            return self.moved_one(s, m, (b0, b), h, added0, r);
        }
        // Every task of theirs follows on the same day within one building, where all their
        // tasks of that day are: the same minutes and the same route.
        if n_held == n_added
            && r.held
                .iter()
                .filter(|h| h.0 == s)
                .all(|h| self.alone_in(s, day_of(h.2.start), b))
            && r.added
                .iter()
                .filter(|a| a.0 == s)
                .zip(r.held.iter().filter(|h| h.0 == s))
                .all(|(a, h)| day_of(a.1.start) == day_of(h.2.start))
        {
            return 0;
        }
        self.moved_person_scan(s, m, b, r)
    }

    /// True when every task `s` holds on `day` is in building `b` (and `b` has its own bit).
    fn alone_in(&self, s: StaffId, day: i32, b: BuildingId) -> bool {
        self.busy.buildings(s.index(), day) == Some(super::busy::building_bit(b.index())) && b.index() < 63
    }

    /// [`Self::moved_person_cost`] for a person who holds one task of `m`, `h` (in building
    /// `b0`), and takes `a` at the new time (in building `b`) or nothing: the task leaves their
    /// route and at most one joins, each change linking its neighbours ([`State::route_join`]).
    fn moved_one(
        &self,
        s: StaffId,
        m: MeetingId,
        (b0, b): (BuildingId, BuildingId),
        h: (StaffId, TaskId, Interval),
        a: Option<(StaffId, Interval, RouteKey)>,
        r: &mut Relocation,
    ) -> i64 {
        let (_, t0, iv0) = h;
        let d0 = day_of(iv0.start);
        // The task follows on the same day within one building, where all their tasks of
        // that day are: the same minutes and the same route.
        if let Some((_, iv1, _)) = a
            && day_of(iv1.start) == d0
            && self.alone_in(s, d0, b)
        {
            return 0;
        }
        let k0 = self.route_key(t0, iv0);
        let mut route = -self.route_join(s, d0, k0, b0, Some(t0));
        let overtime = |day: i32, change: i64| self.overtime_change(s, day, change);
        let mut delta = match a {
            Some((_, iv1, k1)) => {
                let d1 = day_of(iv1.start);
                route += self.route_join(s, d1, k1, b, Some(t0));
                let (l0, l1) = (iv0.len() as i64, iv1.len() as i64);
                if d1 == d0 {
                    overtime(d0, l1 - l0)
                } else {
                    overtime(d0, -l0) + overtime(d1, l1)
                }
            }
            None => overtime(d0, -(iv0.len() as i64)),
        };
        delta += self.p.weights[Rule::StaffTravel] * route;
        debug_assert_eq!(delta, self.moved_person_scan(s, m, b, r));
        delta
    }

    /// [`Self::moved_person_cost`] by routes rebuilt day by day.
    fn moved_person_scan(&self, s: StaffId, m: MeetingId, b: BuildingId, r: &mut Relocation) -> i64 {
        let mut days = std::mem::take(&mut r.days);
        let mut extras = std::mem::take(&mut r.extras);
        days.clear();
        for h in r.held.iter().filter(|h| h.0 == s) {
            days.push(day_of(h.2.start));
        }
        for a in r.added.iter().filter(|a| a.0 == s) {
            days.push(day_of(a.1.start));
        }
        days.sort_unstable();
        days.dedup();
        let mut delta = 0;
        for &day in &days {
            let rec = self.staff_day.get(s.index(), day);
            let mut minutes = rec.min;
            for h in r.held.iter().filter(|h| h.0 == s && day_of(h.2.start) == day) {
                minutes -= h.2.len() as i64;
            }
            extras.clear();
            for a in r.added.iter().filter(|a| a.0 == s && day_of(a.1.start) == day) {
                minutes += a.1.len() as i64;
                extras.push((a.2, b));
            }
            extras.sort_unstable_by_key(|e| e.0);
            let (old_tr, old_ot) = (rec.tr, rec.ot);
            let tr = self.day_route_virtual(s, day, Skip::Meeting(m), &extras);
            delta += tr + self.overtime(s, minutes) - old_tr - old_ot;
        }
        r.days = days;
        r.extras = extras;
        delta
    }
}
