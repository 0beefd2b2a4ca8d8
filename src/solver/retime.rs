//! The re-timing neighbourhood: a few meetings of one building-day get a new room and start
//! while every task of that building-day is re-staffed, in one exact MIP.
//!
//! Missing staff is often a matter of *when*: a teardown that ends after every qualified
//! shift, a setup that overlaps the one free person's other task. Moving the meeting alone
//! does not help when its room is taken by a chain of other meetings, and re-staffing alone
//! cannot change the times. This step frees both at once for a small set of meetings around
//! the trouble (the meeting, the other meetings of its room that day, those sharing one of
//! its people) and solves placements and staff together, time-indexed:
//!
//! - `z[m, o]` places meeting `m` at option `o` = (room, start) of the building-day that
//!   clashes with nothing fixed (rooms, people, equipment against the fixed meetings);
//!   `Σ_o z[m, o] ≤ 1`;
//! - options of two freed meetings that clash (same room and overlapping or missing the layout
//!   change time; a shared person) exclude each other: `z[a] + Σ z[conflicting of m'] ≤ 1`;
//! - borrowed items: at every instant where a freed meeting's occupancy starts (and where a
//!   fixed borrowing starts), `Σ borrowed · z ≤ pool − fixed load`;
//! - staff: `x[t, s]` for the fixed meetings' tasks, `x[t, s, o]` for the freed ones
//!   (`Σ_s x[t, s, o] ≤ need · z[o]`), each only where the person is free given their tasks
//!   outside the building-day; packing rows per person and instant; daily and total caps.
//!
//! The objective is the medium score (unassigned priority and missing staff) with the
//! meetings' own soft terms (seat waste, room preference, time preference, moves from the
//! reference) scaled so that all of them together weigh less than one unit of medium: the
//! MIP optimises lexicographically as the scorer does. The proposal is applied through the
//! exact state and kept only when the score improves.

use good_lp::{Expression, Variable};

use super::construct::fill_task;
use super::mip::{
    Limit, Model, Solved, StepResult, building_day_tasks, equipment_kinds, keep_if_better, packing_rows,
    solve_below,
};
use super::pre::gcd;
use super::rng::Rng;
use super::state::State;
use crate::model::time::day_of;
use crate::model::{BuildingId, Interval, MeetingId, Minute, StaffId, TaskId};
use crate::model::{Rule, TermVec};
use crate::plan::Placement;

/// Most (room, start) options of the freed meetings together: beyond it the model gets too
/// slow for a step between epochs.
const MAX_OPTIONS: usize = 900;

/// The movable placed meetings whose tasks miss people, with their building and day.
pub(crate) fn trouble(st: &State<'_>) -> Vec<(BuildingId, i32, MeetingId)> {
    let p = st.p;
    let mut out = Vec::new();
    for m in p.meeting_ids() {
        if p.meeting(m).pinned.is_some() {
            continue;
        }
        if let Some(pl) = st.place[m.index()]
            && p.meeting(m).tasks.iter().any(|&t| st.missing(t) > 0)
        {
            out.push((p.room(pl.room).building, day_of(pl.start), m));
        }
    }
    out
}

/// A neighbourhood around `m0` on `(b, day)`: `m0`, the movable meetings of its room that day
/// nearest in time, then those sharing one of its people that day, then random movable
/// meetings of the building-day; at most `cap`.
pub(crate) fn neighbourhood(
    st: &State<'_>,
    b: BuildingId,
    day: i32,
    m0: MeetingId,
    cap: usize,
    rng: &mut Rng,
) -> Vec<MeetingId> {
    let p = st.p;
    let movable_here = |m: MeetingId| {
        p.meeting(m).pinned.is_none()
            && st.place[m.index()].is_some_and(|pl| p.room(pl.room).building == b && day_of(pl.start) == day)
    };
    let mut out = vec![m0];
    let push = |out: &mut Vec<MeetingId>, m: MeetingId| {
        if out.len() < cap && !out.contains(&m) {
            out.push(m);
        }
    };
    let at = st.place[m0.index()]
        .map(|pl| pl.start)
        .unwrap_or(day * crate::model::DAY);
    // The room's other meetings, nearest first.
    if let Some(pl) = st.place[m0.index()] {
        let mut same: Vec<(Minute, MeetingId)> = st.room_tl[pl.room.index()]
            .iter()
            .filter(|o| o.m != m0 && movable_here(o.m))
            .map(|o| ((o.iv.start - at).abs(), o.m))
            .collect();
        same.sort_unstable();
        for (_, m) in same {
            push(&mut out, m);
        }
    }
    for &q in &p.meeting(m0).people {
        for &x in &st.person_m[q.index()] {
            if movable_here(x) {
                push(&mut out, x);
            }
        }
    }
    let rest: Vec<MeetingId> = p.meeting_ids().filter(|&m| movable_here(m)).collect();
    for _ in 0..rest.len() {
        if out.len() >= cap {
            break;
        }
        push(&mut out, rest[rng.below(rest.len())]);
    }
    out
}

/// One freed meeting's option and its variable.
struct Opt {
    m: usize,
    pl: Placement,
    z: Variable,
    /// Index of `z` among the model's variables.
    zi: usize,
}

/// Re-places the meetings `ms` (movable, placed on `(b, day)` or unassigned) on `(b, day)` and
/// re-staffs every task of that building-day, exactly (see the module docs). Kept only when
/// the exact score improves.
pub(crate) fn retime(
    st: &mut State<'_>,
    b: BuildingId,
    day: i32,
    ms: &[MeetingId],
    limit: Limit,
) -> StepResult {
    let p = st.p;
    let w = &p.weights;
    if ms.is_empty() || ms.iter().any(|&m| p.meeting(m).pinned.is_some()) {
        return StepResult::default();
    }
    let before = st.score();
    // The medium part of the model's objective for the plan as it is: the freed meetings that
    // are placed, the building-day's missing people. A neighbour is improving when its
    // medium is lower by at least `unit` (every medium coefficient is a multiple of it).
    let placed_out: i64 = ms
        .iter()
        .filter(|m| st.place[m.index()].is_some())
        .map(|&m| w[Rule::Unassigned] * p.meeting(m).priority)
        .sum();
    let day_tasks = building_day_tasks(st, b, day);
    let missing_now: i64 = day_tasks.iter().map(|&t| st.missing(t) as i64).sum();
    let cur_medium = (w[Rule::MissingStaff] * missing_now - placed_out) as f64;
    let unit = ms
        .iter()
        .fold(w[Rule::MissingStaff], |g, &m| {
            gcd(g, w[Rule::Unassigned] * p.meeting(m).priority)
        })
        .max(1) as f64;
    let mark = st.begin();
    for &m in ms {
        st.unplace(m);
    }
    let fixed_tasks: Vec<TaskId> = day_tasks
        .into_iter()
        .filter(|&t| !ms.contains(&p.task(t).meeting))
        .collect();
    for &t in &fixed_tasks {
        while let Some(&s) = st.staffing[t.index()].last() {
            st.remove_staff(t, s);
        }
    }
    let mut model = Model::new();
    let Some(opts) = options(st, b, day, ms, &mut model) else {
        st.rollback(mark);
        st.commit();
        return StepResult::default();
    };
    let mut obj = Expression::from(0.0);
    // Soft terms of the freed meetings, scaled below one unit of medium.
    let soft: Vec<i64> = opts.iter().map(|o| meeting_soft(st, ms[o.m], o.pl)).collect();
    let soft_total: i64 = soft.iter().map(|&c| c.max(0)).sum::<i64>() + 1;
    let eps = 0.5 * unit / soft_total as f64;
    for (i, &m) in ms.iter().enumerate() {
        let zs: Vec<Variable> = opts.iter().filter(|o| o.m == i).map(|o| o.z).collect();
        let sum: Expression = zs.iter().copied().sum();
        model.constraints.push(sum.clone().leq(1.0));
        obj -= (w[Rule::Unassigned] * p.meeting(m).priority) as f64 * sum;
    }
    for (o, &c) in opts.iter().zip(&soft) {
        obj += eps * c as f64 * o.z;
    }
    conflicts(st, ms, &opts, &mut model);
    equipment(st, b, ms, &opts, &mut model);
    let staff = staffing(st, b, day, ms, &opts, &fixed_tasks, &mut model, &mut obj);
    model.objective = obj;
    // The model leaves out the constant `missing_staff × need` of the fixed tasks.
    let fixed_need: i64 = fixed_tasks.iter().map(|&t| p.task(t).need as i64).sum();
    let cutoff = cur_medium - (w[Rule::MissingStaff] * fixed_need) as f64 - 0.25 * unit;
    let res = solve_below(model, limit, Some(cutoff));
    let Some(Solved { values, .. }) = res else {
        st.rollback(mark);
        st.commit();
        return StepResult::default();
    };
    // Variables index `values` in creation order.
    let on = |i: usize| values.get(i).is_some_and(|&x| x > 0.5);
    let mut ok = true;
    for o in &opts {
        if on(o.zi) {
            let m = ms[o.m];
            if st.place[m.index()].is_some() || st.place_blocker(m, o.pl).is_some() {
                ok = false;
                break;
            }
            st.place(m, o.pl);
        }
    }
    if ok {
        for &(t, s, i) in &staff {
            if on(i) && st.place[p.task(t).meeting.index()].is_some() && st.staff_ok(t, s) {
                st.add_staff(t, s);
            }
        }
        for &t in &fixed_tasks {
            if st.missing(t) > 0 {
                fill_task(st, t, 4);
            }
        }
        for &m in ms {
            for &t in &p.meeting(m).tasks {
                if st.place[m.index()].is_some() && st.missing(t) > 0 {
                    fill_task(st, t, 4);
                }
            }
        }
    }
    keep_if_better(st, mark, before, ok)
}

/// The weighted soft terms that depend on one meeting's placement alone.
fn meeting_soft(st: &State<'_>, m: MeetingId, pl: Placement) -> i64 {
    let mut terms = TermVec::default();
    super::state::room_terms(st.p, st.pre, m, pl.room, 1, &mut terms);
    super::state::time_terms(st.p, st.pre, m, pl.start, 1, &mut terms);
    terms.0.iter().sum()
}

/// The options of every freed meeting on `(b, day)` that clash with nothing fixed and whose
/// tasks all start on `day`. `None` when there are none or too many.
fn options(st: &State<'_>, b: BuildingId, day: i32, ms: &[MeetingId], model: &mut Model) -> Option<Vec<Opt>> {
    let p = st.p;
    let mut out: Vec<(usize, Placement)> = Vec::new();
    for (i, &m) in ms.iter().enumerate() {
        for &r in &st.pre.rooms[m.index()] {
            if p.room(r).building != b {
                continue;
            }
            for s0 in st.pre.grid_starts(p, m, r, Some(day)) {
                let pl = Placement { room: r, start: s0 };
                let tasks_today = p
                    .meeting(m)
                    .tasks
                    .iter()
                    .all(|&t| day_of(p.task_interval(t, s0).start) == day);
                if tasks_today && st.place_blocker(m, pl).is_none() {
                    out.push((i, pl));
                    if out.len() > MAX_OPTIONS {
                        return None;
                    }
                }
            }
        }
    }
    if out.is_empty() {
        return None;
    }
    Some(
        out.into_iter()
            .map(|(m, pl)| {
                let zi = model.handles.len();
                Opt {
                    m,
                    pl,
                    z: model.unit(false),
                    zi,
                }
            })
            .collect(),
    )
}

/// Options of two freed meetings that cannot both be chosen: one row per option and later
/// meeting, `z[a] + Σ z[options of m' clashing with a] ≤ 1`.
fn conflicts(st: &State<'_>, ms: &[MeetingId], opts: &[Opt], model: &mut Model) {
    let p = st.p;
    for a in opts {
        let ma = ms[a.m];
        let occ_a = p.occupancy(ma, a.pl.start);
        let iv_a = p.meeting_interval(ma, a.pl.start);
        let room_a = p.room(a.pl.room);
        for (j, &mb) in ms.iter().enumerate().skip(a.m + 1) {
            let shares = p
                .meeting(ma)
                .people
                .iter()
                .any(|q| p.meeting(mb).people.contains(q));
            let mut row = Expression::from(0.0);
            let mut any = false;
            for o in opts.iter().filter(|o| o.m == j) {
                let clash_room = o.pl.room == a.pl.room && {
                    let occ_b = p.occupancy(mb, o.pl.start);
                    let gap = if occ_a.end <= occ_b.start {
                        occ_b.start - occ_a.end
                    } else {
                        occ_a.start - occ_b.end
                    };
                    occ_a.overlaps(&occ_b)
                        || (st.pre.layout(ma) != st.pre.layout(mb) && gap < room_a.layout_change_minutes)
                };
                let clash_person = shares
                    && st.persons_clash(
                        iv_a,
                        room_a.building,
                        p.meeting_interval(mb, o.pl.start),
                        p.room(o.pl.room).building,
                    );
                if clash_room || clash_person {
                    row += o.z;
                    any = true;
                }
            }
            if any {
                model.constraints.push((row + a.z).leq(1.0));
            }
        }
    }
}

/// Pool rows: at every instant where a freed option's occupancy or a fixed borrowing starts,
/// the freed options covering it borrow no more than the pool leaves.
fn equipment(st: &State<'_>, b: BuildingId, ms: &[MeetingId], opts: &[Opt], model: &mut Model) {
    let p = st.p;
    for k in equipment_kinds(p, ms) {
        let pool = p.pool(b, k);
        let users: Vec<(Interval, i32, Variable)> = opts
            .iter()
            .filter_map(|o| {
                let n = p.borrowed(ms[o.m], o.pl.room, k);
                (n > 0).then(|| (p.occupancy(ms[o.m], o.pl.start), n, o.z))
            })
            .collect();
        if users.len() < 2 {
            continue;
        }
        let mut instants: Vec<Minute> = users.iter().map(|u| u.0.start).collect();
        instants.extend(st.borrowings(b, k).iter().map(|e| e.0.start));
        instants.sort_unstable();
        instants.dedup();
        for t in instants {
            let here: Vec<&(Interval, i32, Variable)> =
                users.iter().filter(|u| u.0.start <= t && t < u.0.end).collect();
            if here.len() < 2 {
                continue;
            }
            let load: Expression = here.iter().map(|u| u.1 as f64 * u.2).sum();
            model
                .constraints
                .push(load.leq((pool - st.max_load_at(b, k, t)) as f64));
        }
    }
}

/// Staffing variables and rows; adds the missing staff to `obj`. Returns `(task, person,
/// variable index)` of every staffing variable.
#[allow(clippy::too_many_arguments)]
fn staffing(
    st: &State<'_>,
    b: BuildingId,
    day: i32,
    ms: &[MeetingId],
    opts: &[Opt],
    fixed_tasks: &[TaskId],
    model: &mut Model,
    obj: &mut Expression,
) -> Vec<(TaskId, StaffId, usize)> {
    let p = st.p;
    let w = &p.weights;
    let wm = w[Rule::MissingStaff] as f64;
    let mut pairs: Vec<(TaskId, StaffId, usize)> = Vec::new();
    let mut by_staff: Vec<Vec<(Variable, Interval)>> = vec![Vec::new(); p.staff.len()];
    // One variable per person free for task `t` at `iv`; their sum.
    let mut people = |t: TaskId, iv: Interval, model: &mut Model| {
        let mut sum = Expression::from(0.0);
        for &s in &st.pre.qualified[t.index()] {
            if st.staff_free_at(s, iv, b) {
                pairs.push((t, s, model.handles.len()));
                let x = model.unit(false);
                by_staff[s.index()].push((x, iv));
                sum += x;
            }
        }
        sum
    };
    for &t in fixed_tasks {
        let Some(pl) = st.place[p.task(t).meeting.index()] else {
            continue;
        };
        let sum = people(t, p.task_interval(t, pl.start), model);
        model.constraints.push(sum.clone().leq(p.task(t).need as f64));
        *obj -= wm * sum;
    }
    for o in opts {
        let m = ms[o.m];
        for &t in &p.meeting(m).tasks {
            let need = p.task(t).need as f64;
            let sum = people(t, p.task_interval(t, o.pl.start), model);
            model.constraints.push((sum.clone() - need * o.z).leq(0.0));
            // Placed, the task misses `need − Σx` people.
            *obj += wm * (need * o.z - sum);
        }
    }
    for (s, list) in by_staff.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        packing_rows(model, list);
        let person = &p.staff[s];
        let sid = StaffId::new(s);
        let minutes: Expression = list.iter().map(|&(x, iv)| iv.len() as f64 * x).sum();
        model.constraints.push(
            minutes
                .clone()
                .leq((person.max_minutes_per_day - st.staff_minutes(sid, day)) as f64),
        );
        if let Some(total) = person.max_minutes_total {
            let held: i64 = st.staff_tl[s].iter().map(|h| h.iv.len() as i64).sum();
            model.constraints.push(minutes.leq((total - held) as f64));
        }
    }
    pairs
}

/// [`shift_repair`] on every task of `st` that misses people, until one improves the score.
pub(crate) fn shift_repair_any(st: &mut State<'_>, limit: Limit) -> StepResult {
    let started = std::time::Instant::now();
    let p = st.p;
    let tasks: Vec<TaskId> = p
        .task_ids()
        .filter(|&t| st.place[p.task(t).meeting.index()].is_some() && st.missing(t) > 0)
        .collect();
    let mut out = StepResult::default();
    for t in tasks {
        let left = limit.secs - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            break;
        }
        let r = shift_repair(st, t, 8, limit.with_secs(left));
        out.solved |= r.solved;
        if r.improved {
            out.improved = true;
            break;
        }
    }
    out
}

/// A [`retime`] MIP around one of the meetings whose tasks miss people (rotating with
/// `round`, as does the neighbourhood's size, 3 to 5 meetings).
pub(crate) fn retime_around(st: &mut State<'_>, round: usize, limit: Limit, seed: u64) -> StepResult {
    let spots = trouble(st);
    if spots.is_empty() {
        return StepResult::default();
    }
    let (b, d, m0) = spots[round % spots.len()];
    let mut rng = Rng::new(seed, 0x5EED_0000 + round as u64);
    let cap = 3 + round / spots.len() % 3;
    let ms = neighbourhood(st, b, d, m0, cap, &mut rng);
    retime(st, b, d, &ms, limit)
}

/// Shifts the meeting of task `t0` (which misses people) to other starts on its day in its
/// room, nearest first and only where a qualified person's availability covers the task,
/// pushing the movable meetings of the room that stand in the way by the same amount (a chain
/// of at most four), and re-staffs the building-day exactly after each shift. Kept at the
/// first shift that improves the exact score.
pub(crate) fn shift_repair(st: &mut State<'_>, t0: TaskId, tries: usize, limit: Limit) -> StepResult {
    let started = std::time::Instant::now();
    let p = st.p;
    let m0 = p.task(t0).meeting;
    let Some(pl0) = st.place[m0.index()] else {
        return StepResult::default();
    };
    if p.meeting(m0).pinned.is_some() {
        return StepResult::default();
    }
    let b = p.room(pl0.room).building;
    let day = day_of(pl0.start);
    let mut cands: Vec<Minute> = st
        .pre
        .grid_starts(p, m0, pl0.room, Some(day))
        .filter(|&s0| {
            let iv = p.task_interval(t0, s0);
            s0 != pl0.start
                && st.pre.qualified[t0.index()]
                    .iter()
                    .any(|&s| p.staff[s.index()].is_available(iv))
        })
        .collect();
    cands.sort_by_key(|&s0| ((s0 - pl0.start).abs(), s0));
    let before = st.score();
    let mut solved = false;
    for &s0 in cands.iter().take(tries) {
        let left = limit.secs - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            break;
        }
        let mark = st.begin();
        if shift_chain(st, m0, pl0.room, s0 - pl0.start) {
            let r = super::mip::restaff_building_day(st, b, day, limit.with_secs(left), Some(before.medium));
            solved |= r.solved;
            if st.score() < before {
                st.commit();
                return StepResult {
                    solved: true,
                    improved: true,
                };
            }
        }
        st.rollback(mark);
        st.commit();
    }
    StepResult {
        solved,
        improved: false,
    }
}

/// Moves `m0` by `d` minutes in `room`, and every movable meeting of the room in its way by
/// `d` too (at most four in all; shifted together they keep their gaps). False when a person,
/// the equipment, the opening hours or a pinned meeting is in the way (the caller rolls back).
fn shift_chain(st: &mut State<'_>, m0: MeetingId, room: crate::model::RoomId, d: Minute) -> bool {
    let p = st.p;
    let Some(cur0) = st.place[m0.index()] else {
        return false;
    };
    let mut chain: Vec<(MeetingId, Placement)> = vec![(m0, cur0)];
    st.unplace(m0);
    let target = |pl: Placement| Placement {
        room,
        start: pl.start + d,
    };
    let mut i = 0;
    while let Some(&(m, cur)) = chain.get(i) {
        i += 1;
        loop {
            match st.place_blocker(m, target(cur)) {
                None => break,
                Some(super::state::Blocker::Room(x)) if chain.len() < 4 && p.meeting(x).pinned.is_none() => {
                    let Some(xp) = st.place[x.index()] else {
                        return false;
                    };
                    st.unplace(x);
                    chain.push((x, xp));
                }
                Some(_) => return false,
            }
        }
    }
    for &(m, cur) in &chain {
        if st.place_blocker(m, target(cur)).is_some() {
            return false;
        }
        st.place(m, target(cur));
    }
    true
}
