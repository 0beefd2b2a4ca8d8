//! The cached terms a placement or a staffing change moves: series, isolated meetings,
//! preferred and reference staff, overtime.

use super::*;

impl<'p> State<'p> {
    /// Adds (`sign = 1`) or removes (`-1`) the terms that depend on one meeting alone.
    pub(super) fn meeting_terms(&mut self, m: MeetingId, pl: Placement, sign: i64) {
        room_terms(self.p, self.pre, m, pl.room, sign, &mut self.terms);
        time_terms(self.p, self.pre, m, pl.start, sign, &mut self.terms);
    }

    pub(super) fn series_change(&mut self, sr: usize, r: RoomId, day: i32, delta: i32) {
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

    pub(super) fn series_cost(&self, sr: usize, min_days: i64) -> (i64, i64) {
        let rooms = self.series_rooms[sr].len() as i64;
        let days = self.series_days[sr].len() as i64;
        ((rooms - 1).max(0), (min_days - days).max(0))
    }

    /// The `isolated` cost (weighted) of `m`'s compact people's meetings that touch `start`'s
    /// interval (and of `m` itself while placed).
    pub(super) fn isolated_around(&self, m: MeetingId, start: Minute) -> i64 {
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

    pub(super) fn is_isolated(&self, q: PersonId, x: MeetingId, xiv: Interval) -> bool {
        !self.person_m[q.index()].iter().any(|&y| {
            y != x
                && self.place[y.index()].is_some_and(|yp| {
                    let yiv = self.pre.meeting_interval(y, yp.start);
                    yiv.end == xiv.start || yiv.start == xiv.end
                })
        })
    }

    /// The `preferred_staff` and `staff_changed` changes of `s` joining task `t` (before it
    /// joins): a preferred person's first task of the meeting, a reference pair kept.
    pub(super) fn joining_terms(&self, t: TaskId, s: StaffId) -> (i64, i64) {
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
    pub(super) fn overtime(&self, s: StaffId, minutes: i64) -> i64 {
        self.pre.overtime(self.p, s, minutes)
    }

    /// The `preferred_staff` and `staff_changed` changes of `s` leaving task `t` (which they
    /// hold): a preferred person's last task of the meeting, a reference pair dropped. The
    /// mirror of [`Self::joining_terms`].
    pub(super) fn leaving_terms(&self, t: TaskId, s: StaffId) -> (i64, i64) {
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
    pub(super) fn overtime_change(&self, s: StaffId, day: i32, change: i64) -> i64 {
        let rec = self.staff_day.get(s.index(), day);
        self.overtime(s, rec.min + change) - rec.ot
    }

    pub(super) fn holds_task_of(&self, s: StaffId, m: MeetingId) -> bool {
        self.p
            .meeting(m)
            .tasks
            .iter()
            .any(|t| self.staffing[t.index()].contains(&s))
    }
}
