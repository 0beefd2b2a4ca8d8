//! Staff routes: a person's tasks of a day in route order, the travel and overtime they cost,
//! and the delta of adding a task to them.

use super::*;

impl<'p> State<'p> {
    /// Recomputes the travel route and overtime of one staff member on one day.
    pub(super) fn refresh_staff_day(&mut self, s: StaffId, day: i32) {
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
    pub(super) fn day_tasks(&self, s: StaffId, day: i32) -> &[Held] {
        let tl = &self.staff_tl[s.index()];
        let i0 = tl.partition_point(|h| h.iv.start < day * DAY);
        let n = tl[i0..].partition_point(|h| h.iv.start < day * DAY + DAY);
        &tl[i0..i0 + n]
    }

    /// The weighted travel of `s`'s route on `day` (home, the held tasks in route order,
    /// home), with `extra` (a task's route key and building) visited too when given.
    pub(super) fn day_route(&self, s: StaffId, day: i32, extra: Option<(RouteKey, BuildingId)>) -> i64 {
        self.day_route_virtual(s, day, Skip::Nothing, extra.as_slice())
    }

    /// [`Self::day_route`] as if the held tasks `skip` names were not held and the `extras`
    /// (route keys and buildings, sorted by key) were: the whole route walked again. The
    /// search prices routes with [`Self::route_join`]; this is the general case of a moved
    /// person's route and, in debug builds, the check of every route change.
    pub(super) fn day_route_virtual(
        &self,
        s: StaffId,
        day: i32,
        skip: Skip,
        extras: &[(RouteKey, BuildingId)],
    ) -> i64 {
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
}
