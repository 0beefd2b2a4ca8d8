//! Construction that never breaks a hard rule, the first-fit baseline, staff greedy, and why a
//! meeting could not be placed or a task staffed (as data: [`Reason`], [`Shortage`]).

use super::pre::Pre;
use super::state::{Blocker, BusyMask, State};
use crate::model::{MeetingId, Minute, Problem, StaffId, TaskId};
use crate::plan::reason::{Obstacle, Reason, Shortage, ShortageCause};
use crate::plan::{Assignment, Placement};

/// Feasibility checks a construction step may spend on one meeting before giving up on it
/// (the search and the final explanation scan further).
const SCAN_BUDGET: usize = 4000;

/// Number of start options of `m` over all suitable rooms (opening hours applied): the
/// construction places the most constrained meetings first.
pub(crate) fn option_count(p: &Problem, pre: &Pre, m: MeetingId) -> u64 {
    let g = p.granularity.max(1);
    let mut n = 0u64;
    for &r in &pre.rooms[m.index()] {
        for sr in &pre.starts[m.index()] {
            if let Some((lo, hi)) = pre.range_in_room(p, m, r, sr) {
                n += ((hi - lo) / g + 1) as u64;
            }
        }
    }
    n
}

/// Visits the feasible placements of `m` (unplaced) room by room, in the rooms' cost order,
/// chronologically inside a room, jumping over occupied stretches. `visit` returns false to
/// stop; at most `budget` checks are made. Returns the number of checks made.
pub(crate) fn scan_placements(
    st: &State<'_>,
    m: MeetingId,
    budget: usize,
    mut visit: impl FnMut(Placement, Option<Blocker>) -> bool,
) -> usize {
    let p = st.p;
    let pre = st.pre;
    let g = p.granularity.max(1);
    let c = p.class_of(m);
    let mut checks = 0;
    for &r in &pre.rooms[m.index()] {
        for sr in &pre.starts[m.index()] {
            let Some((lo, hi)) = pre.range_in_room(p, m, r, sr) else {
                continue;
            };
            let mut s = lo;
            while s <= hi {
                if checks >= budget {
                    return checks;
                }
                checks += 1;
                let pl = Placement { room: r, start: s };
                let b = st.clash_blocker(m, pl);
                if !visit(pl, b) {
                    return checks;
                }
                // Jump past the occupancy that blocks the room; else step one grid unit.
                let next = match b {
                    Some(Blocker::Room(x)) => match st.place[x.index()] {
                        Some(xp) => {
                            let end = p.occupancy(x, xp.start).end;
                            super::pre::round_up(end + c.setup_minutes, g).max(s + g)
                        }
                        None => s + g,
                    },
                    Some(Blocker::Unavailable(u)) => {
                        super::pre::round_up(u.end + c.setup_minutes, g).max(s + g)
                    }
                    _ => s + g,
                };
                s = next;
            }
        }
    }
    checks
}

/// The best of the first few feasible placements of `m` by exact score (without staff).
pub(crate) fn best_placement(
    st: &mut State<'_>,
    m: MeetingId,
    want: usize,
    budget: usize,
) -> Option<Placement> {
    best_placement_from(st, m, want, budget, Minute::MIN)
}

/// [`best_placement`] among the starts at or after `earliest` (a re-plan's `now`).
pub(crate) fn best_placement_from(
    st: &mut State<'_>,
    m: MeetingId,
    want: usize,
    budget: usize,
    earliest: Minute,
) -> Option<Placement> {
    let mut cands: Vec<Placement> = Vec::new();
    let p = st.p;
    // The preferred start in each suitable room first: it is usually the cheapest.
    if let Some(ps) = p.meeting(m).preferred_start {
        for &r in &st.pre.rooms[m.index()] {
            let pl = Placement { room: r, start: ps };
            if ps >= earliest && st.place_blocker(m, pl).is_none() {
                cands.push(pl);
                if cands.len() >= want / 2 {
                    break;
                }
            }
        }
    }
    let mut last_room = None;
    scan_placements(st, m, budget, |pl, b| {
        // One candidate per room keeps the choice broad.
        if b.is_none() && pl.start >= earliest && last_room != Some(pl.room) {
            last_room = Some(pl.room);
            if !cands.contains(&pl) {
                cands.push(pl);
            }
        }
        cands.len() < want
    });
    let mut best: Option<(crate::score::Score, Placement)> = None;
    for pl in cands {
        let mark = st.begin();
        st.place(m, pl);
        let sc = st.score();
        st.rollback(mark);
        st.commit();
        if best.is_none_or(|(b, _)| sc < b) {
            best = Some((sc, pl));
        }
    }
    best.map(|(_, pl)| pl)
}

/// Places pinned meetings (or records why not) and then every other meeting by difficulty.
/// Returns the reasons of pinned meetings that could not be kept.
pub(crate) fn construct(st: &mut State<'_>, cancelled: &dyn Fn() -> bool) -> Vec<(MeetingId, Reason)> {
    let p = st.p;
    let mut pin_reasons = Vec::new();
    for m in p.meeting_ids() {
        if let Some(pin) = p.meeting(m).pinned {
            let pl = Placement {
                room: pin.room,
                start: pin.start,
            };
            match st.place_blocker(m, pl) {
                None => st.place(m, pl),
                Some(b) => pin_reasons.push((m, pin_reason(st, pl, b))),
            }
        }
    }
    let mut order: Vec<(u64, i32, i64, MeetingId)> = p
        .meeting_ids()
        .filter(|&m| p.meeting(m).pinned.is_none())
        .map(|m| {
            (
                option_count(p, st.pre, m),
                -p.meeting(m).attendees,
                -p.meeting(m).priority,
                m,
            )
        })
        .collect();
    order.sort_unstable();
    for (_, _, _, m) in order {
        if cancelled() {
            break;
        }
        if let Some(pl) = best_placement(st, m, 6, SCAN_BUDGET) {
            st.place(m, pl);
        }
    }
    staff_greedy(st, cancelled);
    pin_reasons
}

/// Fills the tasks of placed meetings, scarcest first, with the cheapest feasible person
/// among the first few feasible ones.
pub(crate) fn staff_greedy(st: &mut State<'_>, cancelled: &dyn Fn() -> bool) {
    let p = st.p;
    let mut tasks: Vec<(usize, TaskId)> = p
        .task_ids()
        .filter(|&t| st.place[p.task(t).meeting.index()].is_some() && st.missing(t) > 0)
        .map(|t| (st.pre.qualified[t.index()].len(), t))
        .collect();
    tasks.sort_unstable();
    for (_, t) in tasks {
        if cancelled() {
            break;
        }
        fill_task(st, t, 8);
    }
}

/// Adds people to `t` while it misses some, each time the cheapest of the first `want`
/// feasible candidates. Returns the number added.
pub(crate) fn fill_task(st: &mut State<'_>, t: TaskId, want: usize) -> usize {
    // Start at a task-dependent offset so that load spreads over equally qualified people.
    let n = st.pre.qualified[t.index()].len();
    fill_task_from(st, t, want, t.index() % n.max(1), usize::MAX)
}

/// [`fill_task`] scanning the qualified people from `offset`, checking at most `max_checks`
/// of them per missing person (the search's bounded re-staffing; [`fill_task`] checks all).
pub(crate) fn fill_task_from(
    st: &mut State<'_>,
    t: TaskId,
    want: usize,
    offset: usize,
    max_checks: usize,
) -> usize {
    let mut added = 0;
    let p = st.p;
    let pre = st.pre;
    let Some(pl) = st.place[pre.task_meeting(t).index()] else {
        return 0;
    };
    // The task's time and building, once for all the people checked.
    let (iv, b) = (st.pre.task_iv(t, pl.start), p.room(pl.room).building);
    // Adding a person to `t` changes only that person's bits, and they are on `t`: one mask
    // serves every round.
    let mask = st.busy_mask(iv);
    while st.missing(t) > 0 {
        // `cheapest_candidate` passes over the people the mask marks busy.
        let pick = cheapest_candidate(pre, t, offset, b, max_checks, want, mask.as_ref(), |s| {
            debug_assert!(!st.masked(mask.as_ref(), s, iv, b));
            (!st.staffing[t.index()].contains(&s) && st.staff_free_at(s, iv, b))
                .then(|| st.add_staff_delta_at(t, s, iv, b))
        });
        let Some((_, s)) = pick else { break };
        st.add_staff(t, s);
        added += 1;
    }
    added
}

/// The cheapest (by score change) of the first `want` people `price` accepts, among at most
/// `max_checks` of task `t`'s qualified people scanned from position `offset` — people based
/// in building `b` first (no travel, and usually free), then the others, each group in the
/// list's order from `offset` around. `price` gives the change of taking a person, `None` when
/// they cannot be taken (a check all the same). The people `mask` (of the task's time) marks
/// busy cannot be taken: they count as checks without `price` being asked, a word of them at
/// a time. Ties go to the first.
#[allow(clippy::too_many_arguments)]
pub(crate) fn cheapest_candidate(
    pre: &Pre,
    t: TaskId,
    offset: usize,
    b: crate::model::BuildingId,
    max_checks: usize,
    want: usize,
    mask: Option<&BusyMask>,
    mut price: impl FnMut(StaffId) -> Option<crate::score::Score>,
) -> Option<(crate::score::Score, StaffId)> {
    let q = &pre.qualified[t.index()];
    let n = q.len();
    if n == 0 {
        return None;
    }
    let mut order = Candidates::new(pre, t, offset % n, b);
    let mut best: Option<(crate::score::Score, StaffId)> = None;
    let mut seen = 0;
    let mut budget = max_checks;
    while let Some(s) = order.next_checked(mask, &mut budget) {
        let Some(d) = price(s) else { continue };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, s));
        }
        seen += 1;
        if seen >= want {
            break;
        }
    }
    best
}

/// The order [`cheapest_candidate`] checks task `t`'s qualified people `q` in: those based in
/// building `b`, then the others, each group from position `offset` of `q` around. `q` is by
/// id, so both groups are read off bit sets (the task's qualified people, the building's
/// staff, and its complement for the others) from the id at `offset` around.
pub(crate) struct Candidates<'a> {
    qual: &'a [u64],
    home: &'a [u64],
    /// 0: the people based in the building; 1: the others; 2: done.
    pass: u8,
    /// The word of the bit at `offset`, and the bits below it in that word. Each pass reads
    /// `qual.len() + 1` words: the first one twice, its bits from `offset`'s on, then those
    /// below.
    first: usize,
    below: u64,
    /// Words read in this pass, and the word being read with the bits still to visit.
    k: usize,
    wi: usize,
    word: u64,
}

impl<'a> Candidates<'a> {
    pub(crate) fn new(pre: &'a Pre, t: TaskId, offset: usize, b: crate::model::BuildingId) -> Self {
        let (qual, home) = pre.qualified_and_home(t, b);
        Self::from_offset(pre, t, offset, qual, home, 0)
    }

    /// All of task `t`'s qualified people in one group, from position `offset` of the list
    /// around (the list's own order): the second pass alone, with no one based in the building.
    pub(crate) fn all(pre: &'a Pre, t: TaskId, offset: usize) -> Self {
        Self::from_offset(pre, t, offset, pre.qualified_bits(t), &[], 1)
    }

    fn from_offset(pre: &Pre, t: TaskId, offset: usize, qual: &'a [u64], home: &'a [u64], pass: u8) -> Self {
        let from = pre.qualified[t.index()][offset].index();
        Candidates {
            qual,
            home,
            pass,
            first: from / 64,
            below: (1u64 << (from % 64)) - 1,
            k: 0,
            wi: 0,
            word: 0,
        }
    }

    /// Loads the next word of the order; false when both passes are done.
    #[inline(always)]
    fn load(&mut self) -> bool {
        let nw = self.qual.len();
        while self.pass < 2 && nw > 0 {
            if self.k > nw {
                self.pass += 1;
                self.k = 0;
                continue;
            }
            // `first < nw` and `k <= nw`: one subtraction instead of a division (a `div` is
            // 10–40 cycles, and this runs for every word of every candidate walk).
            let i = self.first + self.k;
            let i = if i >= nw { i - nw } else { i };
            let h = self.home.get(i).copied().unwrap_or(0);
            let mut w = self.qual[i] & if self.pass == 0 { h } else { !h };
            if self.k == 0 {
                w &= !self.below;
            } else if self.k == nw {
                w &= self.below;
            }
            (self.wi, self.word) = (i, w);
            self.k += 1;
            return true;
        }
        false
    }

    /// The next person of the order that `mask` does not mark busy, when it lies within the
    /// next `budget` people of the order; `budget` is reduced by the people passed (the busy
    /// ones and the one returned).
    #[inline(always)]
    pub(crate) fn next_checked(&mut self, mask: Option<&BusyMask>, budget: &mut usize) -> Option<StaffId> {
        loop {
            if self.word != 0 {
                let free = match mask {
                    Some(m) => self.word & !m.word(self.wi),
                    None => self.word,
                };
                if free == 0 {
                    let c = self.word.count_ones() as usize;
                    if c >= *budget {
                        *budget = 0;
                        return None;
                    }
                    *budget -= c;
                    self.word = 0;
                    continue;
                }
                let bit = free.trailing_zeros();
                let upto = if bit == 63 { !0 } else { (1u64 << (bit + 1)) - 1 };
                let c = (self.word & upto).count_ones() as usize;
                if c > *budget {
                    *budget = 0;
                    return None;
                }
                *budget -= c;
                self.word &= !upto;
                return Some(StaffId::new(self.wi * 64 + bit as usize));
            }
            if !self.load() {
                return None;
            }
        }
    }
}

impl Iterator for Candidates<'_> {
    type Item = StaffId;

    fn next(&mut self) -> Option<StaffId> {
        let mut budget = usize::MAX;
        self.next_checked(None, &mut budget)
    }
}

/// Staffs one more person on `t` by an ejection chain: a free qualified person if there is
/// one; else a person whose one conflicting task `c` keeps them from `t` moves to `t`, and `c`
/// is staffed the same way, at most `depth` hops deep. Each person checked costs one unit of
/// `budget`; `used` holds the people already moved by the chain (none moves twice). True when
/// the chain ends with a free person, i.e. the plan misses one person fewer (it is applied);
/// else nothing changes. No person leaves a task that starts before `earliest` (a re-plan's
/// `now`).
pub(crate) fn staff_chain(
    st: &mut State<'_>,
    t: TaskId,
    depth: u32,
    budget: &mut u32,
    offset: usize,
    used: &mut Vec<StaffId>,
    earliest: Minute,
) -> bool {
    let q = &st.pre.qualified[t.index()];
    let order: Vec<StaffId> = (0..q.len())
        .map(|i| q[(offset + i) % q.len()])
        .filter(|s| !used.contains(s))
        .collect();
    for &s in &order {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if st.staff_free(t, s) {
            st.add_staff(t, s);
            return true;
        }
    }
    if depth == 0 {
        return false;
    }
    for &s in &order {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let Some(c) = st.sole_conflict(t, s) else {
            continue;
        };
        let started = st.place[st.pre.task_meeting(c).index()]
            .is_some_and(|pl| st.pre.task_iv(c, pl.start).start < earliest);
        if started {
            continue;
        }
        let mark = st.begin();
        st.remove_staff(c, s);
        debug_assert!(st.staff_free(t, s));
        st.add_staff(t, s);
        used.push(s);
        if staff_chain(st, c, depth - 1, budget, offset, used, earliest) {
            st.commit();
            return true;
        }
        used.pop();
        st.rollback(mark);
        st.commit();
    }
    false
}

/// The plain first-fit baseline: meetings in input order (pins kept where possible), rooms
/// in input order, the earliest feasible start; then staff in input order, first feasible.
/// It never breaks a hard rule; it is the yardstick the solver's targets are measured against.
pub fn first_fit(problem: &Problem) -> Assignment {
    let pre = Pre::new(problem);
    let mut st = State::new(problem, &pre);
    let mut reasons: Vec<Option<Reason>> = vec![None; problem.meetings.len()];
    for m in problem.meeting_ids() {
        if let Some(pin) = problem.meeting(m).pinned {
            let pl = Placement {
                room: pin.room,
                start: pin.start,
            };
            match st.place_blocker(m, pl) {
                None => st.place(m, pl),
                Some(b) => reasons[m.index()] = Some(pin_reason(&st, pl, b)),
            }
        }
    }
    for m in problem.meeting_ids() {
        if problem.meeting(m).pinned.is_some() {
            continue;
        }
        let mut rooms = pre.rooms[m.index()].clone();
        rooms.sort_unstable();
        let mut found = None;
        'rooms: for r in rooms {
            for sr in &pre.starts[m.index()] {
                let Some((lo, hi)) = pre.range_in_room(problem, m, r, sr) else {
                    continue;
                };
                let mut s = lo;
                while s <= hi {
                    let pl = Placement { room: r, start: s };
                    if st.clash_blocker(m, pl).is_none() {
                        found = Some(pl);
                        break 'rooms;
                    }
                    s += problem.granularity.max(1);
                }
            }
        }
        match found {
            Some(pl) => st.place(m, pl),
            None => reasons[m.index()] = Some(explain(&st, m, 20_000)),
        }
    }
    for t in problem.task_ids() {
        if st.place[problem.task(t).meeting.index()].is_none() {
            continue;
        }
        for s in problem.staff_ids() {
            if st.missing(t) == 0 {
                break;
            }
            if st.staff_ok(t, s) {
                st.add_staff(t, s);
            }
        }
    }
    let mut a = st.assignment();
    a.reasons = reasons;
    a
}

/// Why a pin cannot be kept.
pub(crate) fn pin_reason(st: &State<'_>, pl: Placement, b: Blocker) -> Reason {
    Reason::PinNotKept {
        room: pl.room,
        start: pl.start,
        obstacle: obstacle(st, b),
    }
}

/// A blocker of the search as an obstacle a person reads: the blocking meeting's place and
/// time as they are now.
pub(crate) fn obstacle(st: &State<'_>, b: Blocker) -> Obstacle {
    let p = st.p;
    match b {
        Blocker::Fit => Obstacle::DoesNotFit,
        Blocker::Room(x) => match st.place[x.index()] {
            Some(xp) => Obstacle::RoomTaken {
                room: xp.room,
                by: x,
                during: p.occupancy(x, xp.start),
            },
            None => Obstacle::InTheWay { by: x },
        },
        Blocker::Unavailable(u) => Obstacle::RoomUnavailable { during: u },
        Blocker::Person(q, x) => match st.place[x.index()] {
            Some(xp) => Obstacle::PersonBusy {
                person: q,
                meeting: x,
                during: p.meeting_interval(x, xp.start),
            },
            None => Obstacle::PersonHeld { person: q },
        },
        Blocker::Equipment(building, kind) => Obstacle::EquipmentShort {
            building,
            kind,
            pool: p.pool(building, kind),
        },
    }
}

/// Explains why `m` (unplaced) has no feasible placement in the current state. When a scan
/// finds that it does have one, the reason says so (the caller then places it).
pub(crate) fn explain(st: &State<'_>, m: MeetingId, budget: usize) -> Reason {
    let p = st.p;
    let pre = st.pre;
    if pre.rooms[m.index()].is_empty() {
        return Reason::NoRoomFits;
    }
    if pre.starts[m.index()].is_empty() {
        return Reason::NoStartOnPlanningDay;
    }
    if option_count(p, pre, m) == 0 {
        return Reason::NoStartInOpeningHours;
    }
    // Tally the blockers over every option; name the most frequent.
    let mut tally: Vec<(Blocker, usize)> = Vec::new();
    let mut free = None;
    scan_placements(st, m, budget, |pl, b| match b {
        None => {
            free = Some(pl);
            false
        }
        Some(b) => {
            match tally.iter_mut().find(|e| e.0 == b) {
                Some(e) => e.1 += 1,
                None => tally.push((b, 1)),
            }
            true
        }
    });
    if let Some(pl) = free {
        return Reason::FreeButNotPlaced {
            room: pl.room,
            start: pl.start,
        };
    }
    tally.sort_by_key(|e| std::cmp::Reverse(e.1));
    Reason::Blocked {
        rooms: pre.rooms[m.index()].len(),
        obstacles: tally.iter().take(3).map(|(b, _)| obstacle(st, *b)).collect(),
    }
}

/// Every task of a placed meeting that still misses people, with why.
pub(crate) fn shortages(st: &State<'_>) -> Vec<Shortage> {
    let p = st.p;
    p.task_ids()
        .filter(|&t| st.place[p.task(t).meeting.index()].is_some() && st.missing(t) > 0)
        .map(|t| explain_task(st, t))
        .collect()
}

/// Why a task of a placed meeting still misses people, naming the blocking requirement.
pub(crate) fn explain_task(st: &State<'_>, t: TaskId) -> Shortage {
    let p = st.p;
    let task = p.task(t);
    let missing = st.missing(t);
    let cause = if !p
        .staff_ids()
        .any(|s| p.staff[s.index()].level(task.skill) >= task.level)
    {
        ShortageCause::NoSkill
    } else if st.pre.qualified[t.index()].is_empty() {
        ShortageCause::NoClearance
    } else if let Some(pl) = st.place[task.meeting.index()] {
        let during = p.task_interval(t, pl.start);
        let quals = &st.pre.qualified[t.index()];
        let available = quals
            .iter()
            .filter(|&&s| p.staff[s.index()].is_available(during))
            .count();
        if available == 0 {
            ShortageCause::NoneAvailable {
                qualified: quals.len(),
                during,
            }
        } else {
            ShortageCause::AllBusy {
                available,
                serving: quals
                    .iter()
                    .filter(|&&s| st.staffing[t.index()].contains(&s))
                    .count(),
                during,
            }
        }
    } else {
        ShortageCause::NotPlaced
    };
    Shortage {
        task: t,
        missing: missing as i64,
        cause,
    }
}
