//! Local search: simulated annealing over complete, always-feasible assignments. Moves are
//! applied through the journaled [`State`] operations, so every delta is exact; a rejected
//! move is rolled back.

use super::construct::{Candidates, best_placement, fill_task_from, staff_chain};
use super::portfolio::Walker;
use super::rng::Rng;
use super::state::{Relocation, State};
use crate::model::Rule;
use crate::model::{MeetingId, Minute, RoomId, StaffId, TaskId};
use crate::plan::Placement;
use crate::score::Score;

/// A snapshot of decisions (placements and staff).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub place: Vec<Option<Placement>>,
    /// Staff of all tasks, flat (`staff_end[t]` ends task `t`'s slice): one allocation, so
    /// that snapshots of large plans stay cheap.
    pub staff: Vec<StaffId>,
    pub staff_end: Vec<u32>,
    pub score: Score,
}

impl Snapshot {
    pub fn of(st: &State<'_>) -> Self {
        let mut staff = Vec::new();
        let mut staff_end = Vec::with_capacity(st.staffing.len());
        for v in &st.staffing {
            staff.extend_from_slice(v);
            staff_end.push(staff.len() as u32);
        }
        Snapshot {
            place: st.place.clone(),
            staff,
            staff_end,
            score: st.score(),
        }
    }

    /// Rebuilds a state holding exactly these decisions.
    pub fn restore<'p>(&self, base: &State<'p>) -> State<'p> {
        let mut st = State::new(base.p, base.pre);
        for (i, pl) in self.place.iter().enumerate() {
            if let Some(pl) = pl {
                st.place(MeetingId::new(i), *pl);
            }
        }
        let mut from = 0usize;
        for (i, &end) in self.staff_end.iter().enumerate() {
            for &s in self.staff.get(from..end as usize).unwrap_or(&[]) {
                st.add_staff(TaskId::new(i), s);
            }
            from = end as usize;
        }
        st
    }

    /// Turns `st` into these decisions by taking off and putting back only what differs: after
    /// an epoch a worker differs from the best plan in few meetings, and a rebuild
    /// ([`Self::restore`]) was most of an exchange on large weeks (L: 2.3 s of a 10 s solve).
    pub fn restore_into(&self, st: &mut State<'_>) {
        let staff_of = |t: usize| {
            let from = t.checked_sub(1).map_or(0, |u| self.staff_end[u] as usize);
            self.staff.get(from..self.staff_end[t] as usize).unwrap_or(&[])
        };
        // Everything that differs comes off first, so that what goes back on is a part of
        // this (valid) plan at every step.
        for t in 0..st.staffing.len() {
            if st.staffing[t].as_slice() != staff_of(t) {
                while let Some(&s) = st.staffing[t].last() {
                    st.remove_staff(TaskId::new(t), s);
                }
            }
        }
        for (m, pl) in self.place.iter().enumerate() {
            if st.place[m].is_some() && st.place[m] != *pl {
                st.unplace(MeetingId::new(m));
            }
        }
        for (m, pl) in self.place.iter().enumerate() {
            if let Some(pl) = pl
                && st.place[m].is_none()
            {
                st.place(MeetingId::new(m), *pl);
            }
        }
        for t in 0..st.staffing.len() {
            if st.staffing[t].is_empty() {
                for &s in staff_of(t) {
                    st.add_staff(TaskId::new(t), s);
                }
            }
        }
    }
}

/// Counters of one worker.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counters {
    pub iterations: u64,
    pub evaluated: u64,
}

/// People drawn for a transfer when nobody is free for a task ([`Worker::try_transfer`]).
const TRANSFER_TRIES: usize = 4;

/// A move drawn by the search.
#[derive(Clone, Copy, Debug)]
enum Drawn {
    /// Applied already (journaled since the mark): roll back to reject it.
    Applied(usize),
    /// The worker's relocation, evaluated only: apply it to accept it.
    Relocation(Score),
    /// A transfer evaluated only: `s` leaves task `from` and joins task `t`.
    Transfer {
        from: TaskId,
        t: TaskId,
        s: StaffId,
        delta: Score,
    },
    /// A staff change evaluated only: `out` leaves task `t` (when given) and `inn` joins.
    Staff {
        t: TaskId,
        out: Option<StaffId>,
        inn: StaffId,
        delta: Score,
    },
}

/// One simulated-annealing worker.
#[derive(Clone)]
pub(crate) struct Worker<'p> {
    pub st: State<'p>,
    pub rng: Rng,
    pub best: Snapshot,
    best_dirty: bool,
    pub counters: Counters,
    /// Placed meetings that may move (not pinned), refreshed lazily.
    movable: Vec<MeetingId>,
    /// Some person is compact (the `isolated` term is on).
    has_compact: bool,
    /// Some series asks for more than one day (the `series_spread` term is on).
    has_spread: bool,
    /// Tasks of all meetings (filtered to placed ones when drawn).
    tasks: Vec<TaskId>,
    pub t0: f64,
    /// Hops of the staff ejection chains that complete a move's re-staffing (0: none).
    pub chain_depth: u32,
    /// Walks the medium plateau: every move that keeps the medium is accepted, whatever its
    /// soft change (set while the best plan's medium is above the bound).
    pub plateau: bool,
    /// The relocation being evaluated (buffers reused).
    reloc: Relocation,
    /// The busy people at a staff move's task time (reused).
    mask: super::state::BusyMask,
    /// The last move drawn was an insertion, and insertions evaluated since one was last
    /// accepted.
    last_insert: bool,
    insert_misses: u32,
}

/// Insertions evaluated in a row without one accepted after which they are drawn less often.
const INSERT_PATIENCE: u32 = 1000;

/// People checked per missing person when a move re-staffs the meetings it moved: the
/// staff moves (`try_staff`) cover the rest of the qualified list. 6 made relocations cheaper
/// and left M the same within noise, but L's soft was 5 % worse (mean of
/// seeds 3-5, twice each, 10 s: 218 829 against 208 015; medium 1 % better), so it stays 12.
const RESTAFF_CHECKS: usize = 12;
/// People an ejection chain may check (over all its hops).
const CHAIN_BUDGET: u32 = 40;

impl Walker for Worker<'_> {
    fn walk(&mut self, iters: u64, frac: &(dyn Fn(u64) -> f64 + Sync), stop: &(dyn Fn() -> bool + Sync)) {
        self.run(iters, frac, stop);
    }
    fn best_score(&self) -> Score {
        self.best.score
    }
    fn counts(&self) -> (u64, u64) {
        (self.counters.iterations, self.counters.evaluated)
    }
}

/// Temperature at a fraction of the search (geometric cooling from `t0` to `t0 / 1000`).
fn temperature(t0: f64, frac: f64) -> f64 {
    t0 * (1e-3f64).powf(frac.clamp(0.0, 1.0))
}

impl<'p> Worker<'p> {
    pub fn new(st: State<'p>, seed: u64, stream: u64) -> Self {
        let p = st.p;
        let movable = p
            .meeting_ids()
            .filter(|&m| p.meeting(m).pinned.is_none())
            .collect();
        let has_compact = p.weights[Rule::Isolated] > 0 && p.people.iter().any(|q| q.compact);
        let has_spread = p.weights[Rule::SeriesSpread] > 0 && p.series.iter().any(|s| s.min_days > 1);
        let tasks = p.task_ids().collect();
        let best = Snapshot::of(&st);
        let mut w = Worker {
            st,
            rng: Rng::new(seed, stream),
            best,
            best_dirty: false,
            counters: Counters::default(),
            movable,
            has_compact,
            has_spread,
            tasks,
            t0: 1.0,
            chain_depth: 0,
            plateau: false,
            reloc: Relocation::default(),
            mask: Default::default(),
            last_insert: false,
            insert_misses: 0,
        };
        w.t0 = w.estimate_t0();
        w
    }

    /// Starts again from `st` (the construction) with its random stream where it is: a fresh
    /// trajectory, its best reset to `st`.
    pub fn restart_from(&mut self, st: State<'p>) {
        self.best = Snapshot::of(&st);
        self.st = st;
        self.best_dirty = false;
        self.last_insert = false;
        self.insert_misses = 0;
    }

    /// Average soft worsening of a sample of feasible moves (none accepted).
    fn estimate_t0(&mut self) -> f64 {
        let mut sum = 0i64;
        let mut n = 0i64;
        for _ in 0..200 {
            let before = self.st.score();
            let Some(mv) = self.random_move() else { continue };
            let d = self.delta(mv, before);
            self.discard(mv);
            if d.medium == 0 && d.soft > 0 {
                sum += d.soft;
                n += 1;
            }
        }
        if n == 0 {
            1.0
        } else {
            (sum as f64 / n as f64).max(1.0)
        }
    }

    /// The score change of a drawn move.
    fn delta(&self, mv: Drawn, before: Score) -> Score {
        match mv {
            Drawn::Applied(_) => self.st.score() - before,
            Drawn::Relocation(d) | Drawn::Staff { delta: d, .. } | Drawn::Transfer { delta: d, .. } => d,
        }
    }

    /// Drops a drawn move (an applied one is rolled back).
    fn discard(&mut self, mv: Drawn) {
        if let Drawn::Applied(mark) = mv {
            self.st.rollback(mark);
            self.st.commit();
        }
    }

    /// Applies an evaluated move (an applied one is kept by committing).
    fn apply(&mut self, mv: Drawn) {
        match mv {
            Drawn::Applied(_) => self.st.commit(),
            Drawn::Relocation(_) => {
                let r = std::mem::take(&mut self.reloc);
                self.st.relocate(&r);
                self.reloc = r;
            }
            Drawn::Transfer { from, t, s, .. } => {
                self.st.remove_staff(from, s);
                self.st.add_staff(t, s);
            }
            Drawn::Staff { t, out, inn, .. } => {
                if let Some(out) = out {
                    self.st.remove_staff(t, out);
                }
                self.st.add_staff(t, inn);
            }
        }
    }

    /// Runs `iters` iterations (or until `stop()`), cooling by `frac(iter)`.
    pub fn run(&mut self, iters: u64, frac: &dyn Fn(u64) -> f64, stop: &dyn Fn() -> bool) {
        let mut temp = temperature(self.t0, frac(0));
        for i in 0..iters {
            if i % 256 == 0 {
                if stop() {
                    break;
                }
                temp = temperature(self.t0, frac(i));
            }
            self.counters.iterations += 1;
            let before = self.st.score();
            let Some(mv) = self.random_move() else { continue };
            self.counters.evaluated += 1;
            let d = self.delta(mv, before);
            let after = before + d;
            let accept = d.medium < 0
                || (d.medium == 0
                    && (self.plateau || d.soft <= 0 || self.rng.unit() < (-(d.soft as f64) / temp).exp()));
            if self.last_insert {
                self.insert_misses = if accept {
                    0
                } else {
                    self.insert_misses.saturating_add(1)
                };
            }
            if !accept {
                self.discard(mv);
                continue;
            }
            if (d.medium > 0 || (d.medium == 0 && d.soft > 0)) && self.best_dirty {
                // The state before this worsening move is the best: keep it.
                match mv {
                    Drawn::Applied(mark) => {
                        let ops = self.st.ops_since(mark);
                        self.st.rollback(mark);
                        self.best = Snapshot::of(&self.st);
                        self.st.replay(&ops);
                    }
                    _ => self.best = Snapshot::of(&self.st),
                }
                self.best_dirty = false;
            }
            self.apply(mv);
            debug_assert_eq!(
                self.st.score(),
                after,
                "evaluated delta differs from the applied move"
            );
            if after < self.best.score {
                self.best.score = after;
                self.best_dirty = true;
            }
        }
        self.flush_best();
    }

    #[cfg(feature = "bench-hooks")]
    /// Draws moves until `n` have been evaluated, accepting none (the criterion bench of the
    /// evaluation); returns the draws made.
    pub fn evaluate_only(&mut self, n: u64) -> u64 {
        let (mut draws, mut done) = (0u64, 0u64);
        while done < n {
            draws += 1;
            let before = self.st.score();
            let Some(mv) = self.random_move() else { continue };
            done += 1;
            std::hint::black_box(self.delta(mv, before));
            self.discard(mv);
        }
        draws
    }

    #[cfg(feature = "bench-hooks")]
    /// The random states from which `n` feasible moves are drawn on the current plan (the
    /// infeasible draws in between skipped); nothing is applied.
    pub fn feasible_draws(&mut self, n: usize) -> Vec<Rng> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let at = self.rng.clone();
            if let Some(mv) = self.random_move() {
                out.push(at);
                self.discard(mv);
            }
        }
        out
    }

    #[cfg(feature = "bench-hooks")]
    /// Draws again the moves of [`Self::feasible_draws`] (the plan is unchanged, so each is
    /// the same feasible move) and evaluates each to its exact score change; returns the sum
    /// of the changes (so that nothing is optimised away).
    pub fn evaluate_draws(&mut self, draws: &[Rng]) -> Score {
        let mut sum = Score::default();
        for r in draws {
            self.rng = r.clone();
            let before = self.st.score();
            let Some(mv) = self.random_move() else { continue };
            sum = sum + self.delta(mv, before);
            self.discard(mv);
        }
        sum
    }

    /// Makes `best` hold the decisions of the best state seen.
    pub fn flush_best(&mut self) {
        if self.best_dirty || self.st.score() < self.best.score {
            self.best = Snapshot::of(&self.st);
            self.best_dirty = false;
        }
    }

    /// Percent of draws that try to insert an unassigned meeting: 20, or 5 once
    /// [`INSERT_PATIENCE`] insertions in a row were refused (on the civic week M the three
    /// meetings left out fit nowhere: 28 of 20 000 insertions were accepted, at 6 µs each).
    fn insert_share(&self) -> usize {
        if self.insert_misses >= INSERT_PATIENCE {
            5
        } else {
            20
        }
    }

    /// Draws one random feasible move: applied and recorded, or evaluated only; `None` when
    /// none was found.
    fn random_move(&mut self) -> Option<Drawn> {
        let has_unassigned = self.st.terms[Rule::Unassigned] > 0;
        let has_tasks = !self.tasks.is_empty() && !self.st.p.staff.is_empty();
        let r = self.rng.below(100);
        self.last_insert = has_unassigned && r < self.insert_share();
        if self.last_insert {
            return self.try_insert().map(Drawn::Applied);
        }
        if has_tasks && r >= 72 {
            return self.try_staff();
        }
        if self.has_compact && (20..30).contains(&r) {
            return self.try_compact();
        }
        if self.has_spread && (62..67).contains(&r) {
            return self.try_spread();
        }
        // With staff a chain must re-staff every meeting it shifts: measured on the civic
        // week it costs more than it finds, so chains run on staff-free problems only.
        if !has_tasks && (48..55).contains(&r) {
            return self.try_kempe().map(Drawn::Applied);
        }
        if r < 55 {
            self.try_move()
        } else {
            self.try_swap().map(Drawn::Applied)
        }
    }

    fn random_placed(&mut self) -> Option<MeetingId> {
        self.random_movable(true, 8)
    }

    fn random_unplaced(&mut self) -> Option<MeetingId> {
        self.random_movable(false, 16)
    }

    /// A random movable meeting that is placed (or not), in at most `tries` draws.
    fn random_movable(&mut self, placed: bool, tries: usize) -> Option<MeetingId> {
        for _ in 0..tries {
            let m = *self.movable.get(self.rng.below(self.movable.len()))?;
            if self.st.place[m.index()].is_some() == placed {
                return Some(m);
            }
        }
        None
    }

    /// A random (room, start) of `m` honouring `room_fit` and `time_fit`; `keep_room` /
    /// `keep_day` bias it towards the current placement.
    fn random_placement(&mut self, m: MeetingId, cur: Option<Placement>) -> Option<Placement> {
        let st = &self.st;
        let p = st.p;
        let pre = st.pre;
        let rooms = &pre.rooms[m.index()];
        let ranges = &pre.starts[m.index()];
        if rooms.is_empty() || ranges.is_empty() {
            return None;
        }
        let mode = self.rng.below(10);
        let room = match (mode, cur) {
            (0..=3, Some(c)) => c.room,
            _ => {
                // Half the time a room the series already uses (room stability), if it fits.
                let used = p
                    .meeting(m)
                    .series
                    .map_or(&[][..], |sr| st.series_rooms_of(sr.index()));
                let pick = if !used.is_empty() && self.rng.below(2) == 0 {
                    Some(used[self.rng.below(used.len())].0).filter(|r| rooms.contains(r))
                } else {
                    None
                };
                pick.unwrap_or_else(|| rooms[self.rng.below(rooms.len())])
            }
        };
        if let (4..=6, Some(c)) = (mode, cur) {
            // Same start, another room.
            let pl = Placement { room, start: c.start };
            return pre.time_ok(p, m, room, c.start).then_some(pl);
        }
        let sr = &ranges[self.rng.below(ranges.len())];
        let (lo, hi) = pre.range_in_room(p, m, room, sr)?;
        let g = p.granularity.max(1);
        let n = ((hi - lo) / g + 1) as usize;
        let start = lo + g * self.rng.below(n) as i32;
        Some(Placement { room, start })
    }

    /// Restores the previous staff of `m`'s tasks where still feasible, then fills the rest.
    fn restaff(&mut self, m: MeetingId, old: &[(TaskId, Vec<StaffId>)]) {
        for (t, v) in old {
            for &s in v {
                if self.st.staff_free(*t, s) {
                    self.st.add_staff(*t, s);
                }
            }
        }
        let p = self.st.p;
        for &t in &p.meeting(m).tasks {
            if self.st.missing(t) > 0 {
                let n = self.st.pre.qualified[t.index()].len();
                let off = self.rng.below(n.max(1));
                fill_task_from(&mut self.st, t, 2, off, RESTAFF_CHECKS);
                // Still short: an ejection chain may free someone (else the move loses staff).
                while self.chain_depth > 0 && self.st.missing(t) > 0 {
                    let mut budget = CHAIN_BUDGET;
                    let mut used = Vec::new();
                    if !staff_chain(
                        &mut self.st,
                        t,
                        self.chain_depth,
                        &mut budget,
                        off,
                        &mut used,
                        Minute::MIN,
                    ) {
                        break;
                    }
                }
            }
        }
    }

    fn take_staff(&self, m: MeetingId) -> Vec<(TaskId, Vec<StaffId>)> {
        self.st
            .p
            .meeting(m)
            .tasks
            .iter()
            .filter(|t| !self.st.staffing[t.index()].is_empty())
            .map(|&t| (t, self.st.staffing[t.index()].clone()))
            .collect()
    }

    fn try_move(&mut self) -> Option<Drawn> {
        let m = self.random_placed()?;
        let cur = self.st.place[m.index()]?;
        let pl = self.random_placement(m, Some(cur))?;
        self.move_to(m, pl)
    }

    /// Moves a meeting of a compact person next to another of that person's meetings
    /// (starting when it ends, or ending when it starts), in its room or the other's.
    fn try_compact(&mut self) -> Option<Drawn> {
        let m = self.random_placed()?;
        let p = self.st.p;
        let people = &p.meeting(m).people;
        let q = *people.get(self.rng.below(people.len()))?;
        if !p.people[q.index()].compact {
            return None;
        }
        let list = &self.st.person_m[q.index()];
        let x = *list.get(self.rng.below(list.len()))?;
        if x == m {
            return None;
        }
        let xp = self.st.place[x.index()]?;
        let cur = self.st.place[m.index()]?;
        let start = if self.rng.below(2) == 0 {
            xp.start + p.meeting(x).duration
        } else {
            xp.start - p.meeting(m).duration
        };
        let room = if self.rng.below(2) == 0 { cur.room } else { xp.room };
        self.move_to(m, Placement { room, start })
    }

    /// Moves a meeting of a series that misses days from a day holding two or more of the
    /// series to a day the series does not use.
    fn try_spread(&mut self) -> Option<Drawn> {
        let m = self.random_placed()?;
        let p = self.st.p;
        let sr = p.meeting(m).series?;
        let cur = self.st.place[m.index()]?;
        let members = self.st.pre.series_members.get(sr.index())?;
        let day = crate::model::time::day_of(cur.start);
        let mut days: Vec<i32> = members
            .iter()
            .filter_map(|&y| self.st.place[y.index()].map(|pl| crate::model::time::day_of(pl.start)))
            .collect();
        if days.iter().filter(|&&d| d == day).count() < 2 {
            return None;
        }
        days.sort_unstable();
        days.dedup();
        if days.len() as i64 >= p.series[sr.index()].min_days {
            return None;
        }
        let ranges: Vec<super::pre::StartRange> = self.st.pre.starts[m.index()]
            .iter()
            .filter(|r| !days.contains(&r.day))
            .copied()
            .collect();
        let sr0 = *ranges.get(self.rng.below(ranges.len()))?;
        let room = if self.rng.below(2) == 0 {
            cur.room
        } else {
            let rooms = &self.st.pre.rooms[m.index()];
            *rooms.get(self.rng.below(rooms.len()))?
        };
        let (lo, hi) = self.st.pre.range_in_room(p, m, room, &sr0)?;
        let g = p.granularity.max(1);
        let start = lo + g * self.rng.below(((hi - lo) / g + 1) as usize) as i32;
        self.move_to(m, Placement { room, start })
    }

    /// Moves `m` to `pl` when every hard rule allows it; staff follow where they can and the
    /// tasks that then miss people are refilled. Evaluated without applying it
    /// ([`State::relocation`]) unless ejection chains are on, in which case it is applied and
    /// recorded.
    fn move_to(&mut self, m: MeetingId, pl: Placement) -> Option<Drawn> {
        let cur = self.st.place[m.index()]?;
        if pl == cur {
            return None;
        }
        // Checked before anything is unplaced: most draws fail here, and undoing an unplaced
        // meeting's staff would cost more than the check.
        if self.st.place_blocker(m, pl).is_some() {
            return None;
        }
        if self.chain_depth == 0 {
            let rng = &mut self.rng;
            if let Some(d) = self
                .st
                .relocation(m, pl, RESTAFF_CHECKS, &mut |n| rng.below(n), &mut self.reloc)
            {
                #[cfg(debug_assertions)]
                self.check_evaluated("relocation", d, |w| {
                    let r = std::mem::take(&mut w.reloc);
                    w.st.relocate(&r);
                    w.reloc = r;
                });
                return Some(Drawn::Relocation(d));
            }
        }
        let old = self.take_staff(m);
        let mark = self.st.begin();
        self.st.unplace(m);
        debug_assert!(self.st.place_blocker(m, pl).is_none());
        self.st.place(m, pl);
        self.restaff(m, &old);
        Some(Drawn::Applied(mark))
    }

    /// Debug builds: an evaluated move's delta `d` equals the change `apply` makes (then
    /// rolled back).
    #[cfg(debug_assertions)]
    fn check_evaluated(&mut self, what: &str, d: Score, apply: impl FnOnce(&mut Self)) {
        let before = self.st.score();
        let mark = self.st.begin();
        apply(self);
        assert_eq!(self.st.score() - before, d, "{what} delta is not exact");
        self.st.rollback(mark);
        self.st.commit();
        assert_eq!(self.st.score(), before);
    }

    fn try_swap(&mut self) -> Option<usize> {
        let a = self.random_placed()?;
        let b = self.random_placed()?;
        if a == b {
            return None;
        }
        let pa = self.st.place[a.index()]?;
        let pb = self.st.place[b.index()]?;
        // Time-only swaps likewise (civic meetings rarely share a duration).
        if (self.tasks.is_empty() || self.st.p.staff.is_empty()) && self.rng.below(2) == 0 {
            return self.swap_times(a, pa, b, pb);
        }
        let p = self.st.p;
        let pre = self.st.pre;
        if !pre.time_ok(p, a, pb.room, pb.start)
            || !pre.time_ok(p, b, pa.room, pa.start)
            || !pre.room_fits(p, a, pb.room)
            || !pre.room_fits(p, b, pa.room)
        {
            return None;
        }
        // Each meeting's check with both taken out is necessary (and cheap): most draws fail it.
        if self.st.clash_blocker_ignoring(a, pb, &[b]).is_some()
            || self.st.clash_blocker_ignoring(b, pa, &[a]).is_some()
        {
            return None;
        }
        let old_a = self.take_staff(a);
        let old_b = self.take_staff(b);
        let mark = self.st.begin();
        self.st.unplace(a);
        self.st.unplace(b);
        // `a`'s check above already saw both out; `b`'s must now see `a` at `pb`.
        debug_assert!(self.st.clash_blocker(a, pb).is_none());
        self.st.place(a, pb);
        if self.st.clash_blocker(b, pa).is_some() {
            self.st.rollback(mark);
            self.st.commit();
            return None;
        }
        self.st.place(b, pa);
        self.restaff(a, &old_a);
        self.restaff(b, &old_b);
        Some(mark)
    }

    /// Exchanges the starts of two meetings, each keeping its room (the room is re-picked
    /// when it is not free at the new start).
    fn swap_times(&mut self, a: MeetingId, pa: Placement, b: MeetingId, pb: Placement) -> Option<usize> {
        if pa.start == pb.start {
            return None;
        }
        let old_a = self.take_staff(a);
        let old_b = self.take_staff(b);
        let mark = self.st.begin();
        self.st.unplace(a);
        self.st.unplace(b);
        let ok = self.place_near(a, pa.room, pb.start) && self.place_near(b, pb.room, pa.start);
        if !ok {
            self.st.rollback(mark);
            self.st.commit();
            return None;
        }
        self.restaff(a, &old_a);
        self.restaff(b, &old_b);
        Some(mark)
    }

    /// Places `m` (unplaced) at `start` in `room` when free, else in the first free room of
    /// its list scanned from a random offset; `false` when none is free.
    fn place_near(&mut self, m: MeetingId, room: RoomId, start: crate::model::time::Minute) -> bool {
        let pl = Placement { room, start };
        if self.st.place_blocker(m, pl).is_none() {
            self.st.place(m, pl);
            return true;
        }
        let rooms = &self.st.pre.rooms[m.index()];
        if rooms.is_empty() {
            return false;
        }
        let off = self.rng.below(rooms.len());
        for i in 0..rooms.len() {
            let r = rooms[(off + i) % rooms.len()];
            let pl = Placement { room: r, start };
            if r != room && self.st.place_blocker(m, pl).is_none() {
                self.st.place(m, pl);
                return true;
            }
        }
        false
    }

    /// A Kempe-chain move: meeting `a` shifts by `d` minutes; the meetings sharing a person
    /// that would clash with it shift by `−d`, those clashing with them by `d`, and so on
    /// (at most 10 meetings). Rooms are kept where free, else re-picked.
    fn try_kempe(&mut self) -> Option<usize> {
        let a = self.random_placed()?;
        let pa = self.st.place[a.index()]?;
        let p = self.st.p;
        let target = self.random_placement(a, None)?.start;
        let d = target - pa.start;
        if d == 0 {
            return None;
        }
        // (meeting, shift), discovered breadth-first.
        let mut chain: Vec<(MeetingId, i32)> = vec![(a, d)];
        let mut i = 0;
        while let Some(&(x, dx)) = chain.get(i) {
            i += 1;
            let xp = self.st.place[x.index()]?;
            let iv = self.st.pre.meeting_interval(x, xp.start + dx);
            let b = p.room(xp.room).building;
            for &q in &p.meeting(x).people {
                for &y in &self.st.person_m[q.index()] {
                    if y == x || chain.iter().any(|c| c.0 == y) {
                        continue;
                    }
                    let yp = self.st.place[y.index()]?;
                    if self.st.persons_clash(
                        iv,
                        b,
                        self.st.pre.meeting_interval(y, yp.start),
                        p.room(yp.room).building,
                    ) {
                        if p.meeting(y).pinned.is_some() || chain.len() >= 10 {
                            return None;
                        }
                        chain.push((y, -dx));
                    }
                }
            }
        }
        if chain.len() < 2 {
            return None;
        }
        let olds: Vec<_> = chain.iter().map(|&(x, _)| self.take_staff(x)).collect();
        let mark = self.st.begin();
        let mut from = Vec::with_capacity(chain.len());
        for &(x, _) in &chain {
            from.push(self.st.place[x.index()]);
            self.st.unplace(x);
        }
        for (&(x, dx), f) in chain.iter().zip(&from) {
            let Some(f) = f else { continue };
            if !self.place_near(x, f.room, f.start + dx) {
                self.st.rollback(mark);
                self.st.commit();
                return None;
            }
        }
        for (&(x, _), old) in chain.iter().zip(&olds) {
            self.restaff(x, old);
        }
        Some(mark)
    }

    /// Inserts an unassigned meeting, evicting the movable meetings whose room
    /// occupancy is in its way and re-placing them elsewhere when possible (an ejection chain).
    fn try_insert(&mut self) -> Option<usize> {
        let m = self.random_unplaced()?;
        let pl = self.random_placement(m, None)?;
        let p = self.st.p;
        let mark = self.st.begin();
        match self.st.place_blocker(m, pl) {
            None => {
                self.st.place(m, pl);
                self.restaff(m, &[]);
                return Some(mark);
            }
            Some(super::state::Blocker::Room(_) | super::state::Blocker::Person(..)) => {
                // Evict everything in the way, in the room and along the people's clashes.
                let evict = self.conflicts(m, pl);
                // Any movable meeting may be evicted, however important: one that finds no new
                // place costs its priority, which the lexicographic acceptance then refuses.
                let ok = !evict.is_empty()
                    && evict.len() <= 3
                    && evict.iter().all(|&x| p.meeting(x).pinned.is_none());
                if ok {
                    for &x in &evict {
                        self.st.unplace(x);
                    }
                    if self.st.place_blocker(m, pl).is_none() {
                        self.st.place(m, pl);
                        self.restaff(m, &[]);
                        for &x in &evict {
                            if let Some(xp) = best_placement(&mut self.st, x, 3, 600) {
                                self.st.place(x, xp);
                                self.restaff(x, &[]);
                            }
                        }
                        return Some(mark);
                    }
                }
            }
            Some(_) => {}
        }
        self.st.rollback(mark);
        self.st.commit();
        None
    }

    /// The placed meetings that keep `m` (unplaced) from `pl`: room blockers and meetings
    /// sharing a person that clash with it (sorted, no repeats).
    fn conflicts(&self, m: MeetingId, pl: Placement) -> Vec<MeetingId> {
        let p = self.st.p;
        let mut out = self.room_conflicts(m, pl);
        let iv = self.st.pre.meeting_interval(m, pl.start);
        let b = p.room(pl.room).building;
        for &q in &p.meeting(m).people {
            for &x in &self.st.person_m[q.index()] {
                if x == m {
                    continue;
                }
                if let Some(xp) = self.st.place[x.index()]
                    && self.st.persons_clash(
                        iv,
                        b,
                        self.st.pre.meeting_interval(x, xp.start),
                        p.room(xp.room).building,
                    )
                {
                    out.push(x);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The meetings in `pl.room` whose occupancy overlaps `m`'s there (or misses the layout
    /// change time).
    fn room_conflicts(&self, m: MeetingId, pl: Placement) -> Vec<MeetingId> {
        let p = self.st.p;
        let occ = self.st.pre.occupancy(m, pl.start);
        let change = p.room(pl.room).layout_change_minutes;
        let lay = self.st.pre.layout(m);
        self.st.room_tl[pl.room.index()]
            .iter()
            .filter(|o| {
                let gap = if o.iv.end <= occ.start {
                    occ.start - o.iv.end
                } else {
                    o.iv.start - occ.end
                };
                o.iv.overlaps(&occ) || (o.layout != lay && gap < change)
            })
            .map(|o| o.m)
            .collect()
    }

    /// Nobody free for task `t`, which misses people: a qualified person drawn at random
    /// leaves the one task that keeps them from `t` (a clash, or the minutes of their day) and
    /// takes `t`. As many people are missing after as before, but which task misses them
    /// changes: the way to free a meeting's staff for another meeting, or to give the longer
    /// task the person, which no single addition, replacement or relocation reaches without
    /// first losing a person. Evaluated without applying it ([`State::transfer_delta`]).
    fn try_transfer(&mut self, t: TaskId) -> Option<Drawn> {
        let quals = &self.st.pre.qualified[t.index()];
        for _ in 0..TRANSFER_TRIES {
            let s = quals[self.rng.below(quals.len())];
            let Some(c) = self.st.freeing_task(t, s) else {
                continue;
            };
            let delta = self.st.transfer_delta(c, t, s);
            #[cfg(debug_assertions)]
            self.check_evaluated("transfer", delta, |w| {
                w.st.remove_staff(c, s);
                assert!(w.st.staff_free(t, s), "freeing_task frees the person");
                w.st.add_staff(t, s);
            });
            return Some(Drawn::Transfer { from: c, t, s, delta });
        }
        None
    }

    /// Adds a person to a task that misses some, or replaces one person on a task: the first
    /// free qualified person from a random offset (at most 24 checked), evaluated only.
    fn try_staff(&mut self) -> Option<Drawn> {
        let t = *self.tasks.get(self.rng.below(self.tasks.len()))?;
        let p = self.st.p;
        let pl = self.st.place[self.st.pre.task_meeting(t).index()]?;
        let quals = &self.st.pre.qualified[t.index()];
        if quals.is_empty() {
            return None;
        }
        // The task's time and building, once for all the people checked.
        let (iv, b) = (self.st.pre.task_iv(t, pl.start), p.room(pl.room).building);
        let mask = self.st.busy_mask_into(iv, &mut self.mask).then_some(&self.mask);
        let cur = &self.st.staffing[t.index()];
        if cur.is_empty() || (self.st.missing(t) > 0 && self.rng.below(2) == 0) {
            let off = self.rng.below(quals.len());
            if cur.len() >= self.st.pre.task_need(t) {
                return None;
            }
            // Up to 24 of the list from `off` around; the mask skips the busy a word at a time.
            let (mut order, mut budget) = (Candidates::all(self.st.pre, t, off), 24);
            while let Some(s) = order.next_checked(mask, &mut budget) {
                if !cur.contains(&s) && self.st.staff_free_at(s, iv, b) {
                    let delta = self.st.add_staff_delta_at(t, s, iv, b);
                    return Some(Drawn::Staff {
                        t,
                        out: None,
                        inn: s,
                        delta,
                    });
                }
            }
            return self.try_transfer(t);
        }
        let out = cur[self.rng.below(cur.len())];
        let off = self.rng.below(quals.len());
        let (mut order, mut budget) = (Candidates::all(self.st.pre, t, off), 24);
        while let Some(s) = order.next_checked(mask, &mut budget) {
            if s != out && !cur.contains(&s) && self.st.staff_free_at(s, iv, b) {
                let delta = self.st.remove_staff_delta(t, out) + self.st.add_staff_delta_at(t, s, iv, b);
                return Some(Drawn::Staff {
                    t,
                    out: Some(out),
                    inn: s,
                    delta,
                });
            }
        }
        None
    }
}
