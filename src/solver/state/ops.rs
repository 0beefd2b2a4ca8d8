//! The four primitive operations (place, unplace, add staff, remove staff): journaled, and
//! their raw forms, which keep every index and cached term exact.

use super::*;

impl<'p> State<'p> {
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

    pub(super) fn place_raw(&mut self, m: MeetingId, pl: Placement) {
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

    pub(super) fn unplace_raw(&mut self, m: MeetingId) {
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

    pub(super) fn add_staff_raw(&mut self, t: TaskId, s: StaffId) {
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

    pub(super) fn remove_staff_raw(&mut self, t: TaskId, s: StaffId) {
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
}
