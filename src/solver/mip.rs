//! Large neighbourhoods solved exactly as MIPs through good_lp (HiGHS when the `highs`
//! feature is on, else microlp), and the LP relaxation used for bounds.
//!
//! A MIP proposes; the exact incremental state disposes: the proposal is applied through the
//! journaled operations and kept only when the lexicographic score does not get worse.

use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, variable};

use super::construct::fill_task;
use super::state::State;
use crate::model::Rule;
use crate::model::time::day_of;
use crate::model::{BuildingId, MeetingId, Problem, StaffId, TaskId};
use crate::plan::Placement;
use crate::score::Score;

/// A linear model: variables, objective (minimised), constraints.
pub(crate) struct Model {
    pub vars: ProblemVariables,
    pub handles: Vec<Variable>,
    pub objective: Expression,
    pub constraints: Vec<good_lp::Constraint>,
}

/// A solution of a [`Model`].
pub(crate) struct Solved {
    /// Values of the variables, in creation order.
    pub values: Vec<f64>,
    /// Objective value.
    pub objective: f64,
    /// The solver finished (optimal within its gap), rather than stopping at the time limit.
    pub proven: bool,
}

impl Model {
    pub fn new() -> Self {
        Model {
            vars: ProblemVariables::new(),
            handles: Vec::new(),
            objective: Expression::from(0.0),
            constraints: Vec::new(),
        }
    }

    /// A variable in `[0, 1]`, binary unless `relax`.
    pub fn unit(&mut self, relax: bool) -> Variable {
        let def = if relax {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        };
        let v = self.vars.add(def);
        self.handles.push(v);
        v
    }

    /// A continuous variable `≥ 0`.
    pub fn nonneg(&mut self) -> Variable {
        let v = self.vars.add(variable().min(0.0));
        self.handles.push(v);
        v
    }
}

/// What an exact step may spend: seconds of wall clock and, when the search runs a fixed
/// number of iterations, a number of branch-and-bound nodes. A MIP cut short by the clock
/// answers according to the machine's load; one cut short by nodes answers the same
/// everywhere, so under `--max-iterations` the steps get a node limit and the search's own
/// time as their clock limit (a guard that normally never bites).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit {
    pub secs: f64,
    pub nodes: Option<u32>,
}

/// Nodes an exact step may explore under a fixed iteration count.
pub(crate) const FIXED_RUN_NODES: u32 = 200;

impl Limit {
    /// A wall-clock limit alone.
    pub fn secs(secs: f64) -> Self {
        Limit { secs, nodes: None }
    }

    /// The same node limit with `secs` seconds.
    pub fn with_secs(self, secs: f64) -> Self {
        Limit { secs, ..self }
    }
}

/// The one place that picks the backend: HiGHS (single-threaded, deterministic, limited by
/// `limit`) when compiled in, else the pure-Rust microlp. `None` when no solution was found.
pub(crate) fn solve(model: Model, limit: Limit) -> Option<Solved> {
    solve_below(model, limit, None)
}

/// [`solve`] for the first solution whose objective is below `cutoff` (HiGHS prunes every node
/// whose bound reaches it and stops at the first improving solution): the search of an
/// improving neighbour, not of the neighbourhood's optimum. `None` when there is none (or
/// none was found within the limit). microlp ignores the cutoff and the limit and solves to
/// optimality.
pub(crate) fn solve_below(model: Model, limit: Limit, cutoff: Option<f64>) -> Option<Solved> {
    let Model {
        vars,
        handles,
        objective,
        constraints,
    } = model;
    let obj = objective.clone();
    #[cfg(feature = "highs")]
    let sol = {
        let mut m = vars
            .minimise(objective)
            .using(good_lp::highs)
            .set_threads(1)
            .set_time_limit(limit.secs.max(0.01));
        if let Some(c) = cutoff {
            // On the small re-timing models presolve's probing took most of the time (0.57 s
            // of 0.61 s on S) for nothing the search needs.
            m = m
                .set_option("presolve", "off")
                .set_option("objective_bound", c)
                .set_option("mip_max_improving_sols", 1);
        }
        if let Some(n) = limit.nodes {
            m = m.set_option("mip_max_nodes", n.min(i32::MAX as u32) as i32);
        }
        m.set_verbose(false);
        for c in constraints {
            m = m.with(c);
        }
        m.solve().ok()?
    };
    #[cfg(not(feature = "highs"))]
    let sol = {
        let _ = (limit.secs, limit.nodes, cutoff);
        let mut m = vars.minimise(objective).using(good_lp::microlp);
        for c in constraints {
            m = m.with(c);
        }
        m.solve().ok()?
    };
    let proven = !matches!(sol.status(), good_lp::solvers::SolutionStatus::TimeLimit);
    let values: Vec<f64> = handles.iter().map(|&v| sol.value(v)).collect();
    let objective = sol.eval(&obj);
    Some(Solved {
        values,
        objective,
        proven,
    })
}

/// The building-days that hold tasks of meetings placed by `place`, in a fixed order.
pub(crate) fn task_building_days(p: &Problem, place: &[Option<Placement>]) -> Vec<(BuildingId, i32)> {
    let mut v: Vec<(BuildingId, i32)> = p
        .task_ids()
        .filter_map(|t| {
            let pl = place[p.task(t).meeting.index()]?;
            Some((
                p.room(pl.room).building,
                day_of(p.task_interval(t, pl.start).start),
            ))
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The tasks of placed meetings held in building `b` starting on `day`, in id order.
pub(crate) fn building_day_tasks(st: &State<'_>, b: BuildingId, day: i32) -> Vec<TaskId> {
    let p = st.p;
    p.task_ids()
        .filter(|&t| {
            st.place[p.task(t).meeting.index()].is_some_and(|pl| {
                p.room(pl.room).building == b && day_of(p.task_interval(t, pl.start).start) == day
            })
        })
        .collect()
}

/// Result of one staff MIP step.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct StepResult {
    /// A MIP was solved.
    pub solved: bool,
    /// The proposal was kept (the score got strictly better).
    pub improved: bool,
}

/// Ends a solved MIP step: keeps the changes made since `mark` when they are complete (`ok`)
/// and the exact score got strictly better than `before`, else undoes them.
pub(crate) fn keep_if_better(st: &mut State<'_>, mark: usize, before: Score, ok: bool) -> StepResult {
    let improved = ok && st.score() < before;
    if !improved {
        st.rollback(mark);
    }
    st.commit();
    StepResult {
        solved: true,
        improved,
    }
}

/// Re-staffs every task of one building-day exactly: assignment variables for eligible
/// (task, person) pairs, clique constraints for overlapping tasks per person, daily and total
/// caps given the person's other tasks. Two objectives in turn: the missing staff alone (a
/// few times faster to solve, measured 18 ms against 160 ms on S), kept when it staffs more
/// people than the plan does; else missing staff, overtime, travel from home and preferred
/// staff, kept only when the exact score improves.
///
/// With `target`, only a staffing whose medium score is below `target` is of use (the caller
/// changed placements and asks whether they can be staffed better than before): the
/// medium-only model is solved for the first such staffing, HiGHS pruning every node whose
/// bound cannot reach it (most such calls end at the root), and it is kept when found.
pub(crate) fn restaff_building_day(
    st: &mut State<'_>,
    b: BuildingId,
    day: i32,
    limit: Limit,
    target: Option<i64>,
) -> StepResult {
    let p = st.p;
    let tasks = building_day_tasks(st, b, day);
    if tasks.is_empty() {
        return StepResult::default();
    }
    let before = st.score();
    let mark = st.begin();
    for &t in &tasks {
        while let Some(&s) = st.staffing[t.index()].last() {
            st.remove_staff(t, s);
        }
    }
    // First the staffing with the fewest missing people alone (fast: the soft terms make
    // HiGHS prove much more); kept when it staffs more than now. Else the full objective.
    // Both phases share `time_limit`.
    let started = std::time::Instant::now();
    let mut solved = false;
    let phases: &[bool] = if target.is_some() { &[true] } else { &[true, false] };
    // The model leaves out the constant `missing_staff × need` of the tasks: with every task
    // empty the medium is `medium_empty`, and the model's objective is what staffing removes.
    let medium_empty = st.score().medium;
    let wm = p.weights[Rule::MissingStaff] as f64;
    for &medium_only in phases {
        let left = limit.secs - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            break;
        }
        let inner = st.begin();
        let Some((model, pairs)) = restaff_model(st, &tasks, b, day, medium_only) else {
            st.rollback(inner);
            st.commit();
            break;
        };
        let res = match target {
            Some(tg) => solve_below(
                model,
                limit.with_secs(left),
                Some((tg - medium_empty) as f64 - 0.5 * wm),
            ),
            None => solve(model, limit.with_secs(left)),
        };
        let Some(Solved { values, .. }) = res else {
            st.rollback(inner);
            st.commit();
            continue;
        };
        solved = true;
        let chosen: Vec<(TaskId, StaffId)> = pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| values.get(*i).is_some_and(|&v| v > 0.5))
            .map(|(_, e)| (e.0, e.1))
            .collect();
        for (t, s) in chosen {
            if st.staff_ok(t, s) {
                st.add_staff(t, s);
            }
        }
        for &t in &tasks {
            if st.missing(t) > 0 {
                fill_task(st, t, 4);
            }
        }
        let better = if let Some(tg) = target {
            st.score().medium < tg
        } else if medium_only {
            st.score().medium < before.medium
        } else {
            st.score() < before
        };
        if better {
            st.commit();
            return keep_if_better(st, mark, before, true);
        }
        st.rollback(inner);
        st.commit();
    }
    st.rollback(mark);
    st.commit();
    StepResult {
        solved,
        improved: false,
    }
}

/// An eligible (task, person) pair and its assignment variable.
type Pair = (TaskId, StaffId, Variable);

/// The re-staffing model of [`restaff_building_day`] over `tasks` (whose staff were taken
/// off): assignment variables for eligible (task, person) pairs, in creation order. With
/// `medium_only` the objective is the missing staff alone.
fn restaff_model(
    st: &State<'_>,
    tasks: &[TaskId],
    b: BuildingId,
    day: i32,
    medium_only: bool,
) -> Option<(Model, Vec<Pair>)> {
    let p = st.p;
    let w = &p.weights;
    // Eligible pairs given everybody's other tasks.
    let mut model = Model::new();
    let mut pairs: Vec<Pair> = Vec::new();
    for &t in tasks {
        for &s in &st.pre.qualified[t.index()] {
            if st.staff_ok(t, s) {
                let x = model.unit(false);
                pairs.push((t, s, x));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let mut obj = Expression::from(0.0);
    // Need per task.
    for &t in tasks {
        let sum: Expression = pairs.iter().filter(|e| e.0 == t).map(|e| e.2).sum();
        model.constraints.push(sum.clone().leq(p.task(t).need as f64));
        obj -= (w[Rule::MissingStaff] as f64) * sum;
    }
    let mut staff: Vec<StaffId> = pairs.iter().map(|e| e.1).collect();
    staff.sort_unstable();
    staff.dedup();
    for &s in &staff {
        let mine: Vec<(TaskId, Variable, crate::model::Interval)> = pairs
            .iter()
            .filter(|e| e.1 == s)
            .filter_map(|e| {
                let pl = st.place[p.task(e.0).meeting.index()]?;
                Some((e.0, e.2, p.task_interval(e.0, pl.start)))
            })
            .collect();
        // Clique constraints: the tasks covering each task's start overlap pairwise.
        let mut cliques: Vec<Vec<usize>> = Vec::new();
        for (i, a) in mine.iter().enumerate() {
            let c: Vec<usize> = mine
                .iter()
                .enumerate()
                .filter(|(_, o)| o.2.start <= a.2.start && a.2.start < o.2.end)
                .map(|(j, _)| j)
                .collect();
            let _ = i;
            if c.len() > 1 && !cliques.contains(&c) {
                cliques.push(c);
            }
        }
        for c in cliques {
            let sum: Expression = c.iter().map(|&j| mine[j].1).sum();
            model.constraints.push(sum.leq(1.0));
        }
        let person = &p.staff[s.index()];
        let fixed_day = st.staff_minutes(s, day);
        let minutes: Expression = mine.iter().map(|e| (e.2.len() as f64) * e.1).sum();
        model.constraints.push(
            minutes
                .clone()
                .leq((person.max_minutes_per_day - fixed_day) as f64),
        );
        if let Some(total) = person.max_minutes_total {
            let fixed_total: i64 = st.staff_tl[s.index()].iter().map(|h| h.iv.len() as i64).sum();
            model
                .constraints
                .push(minutes.clone().leq((total - fixed_total) as f64));
        }
        // The soft terms' variables and constraints only when they are in the objective.
        if medium_only {
            continue;
        }
        if w[Rule::Overtime] > 0 {
            let o = model.nonneg();
            model.constraints.push(
                (minutes.clone() - o).leq((person.preferred_minutes_per_day - fixed_day).max(0) as f64),
            );
            obj += (w[Rule::Overtime] as f64) * o;
        }
        // Travel from home when this is the person's only building that day.
        let tl = &st.staff_tl[s.index()];
        let busy_today = tl.iter().any(|h| day_of(h.iv.start) == day);
        let trip = p.travel(person.building, b).unwrap_or(0) as i64 * 2 * w[Rule::StaffTravel];
        if !busy_today && trip > 0 {
            let y = model.unit(false);
            for e in &mine {
                model.constraints.push((e.1 - y).leq(0.0));
            }
            obj += (trip as f64) * y;
        }
        for e in &mine {
            if st.pre.ref_staff[e.0.index()].contains(&s) {
                obj -= (w[Rule::StaffChanged] as f64) * e.1;
            }
        }
    }
    // Preferred staff (soft): reward the first task of the meeting a preferred person holds.
    let mut meetings: Vec<MeetingId> = if medium_only {
        Vec::new()
    } else {
        tasks.iter().map(|&t| p.task(t).meeting).collect()
    };
    meetings.dedup();
    for m in meetings {
        for &s in &p.meeting(m).preferred_staff {
            let xs: Vec<Variable> = pairs
                .iter()
                .filter(|e| e.1 == s && p.task(e.0).meeting == m)
                .map(|e| e.2)
                .collect();
            if xs.is_empty()
                || st
                    .p
                    .meeting(m)
                    .tasks
                    .iter()
                    .any(|t| st.staffing[t.index()].contains(&s))
            {
                continue;
            }
            let z = model.unit(true);
            let sum: Expression = xs.into_iter().sum();
            model.constraints.push((z - sum).leq(0.0));
            obj -= (w[Rule::PreferredStaff] as f64) * z;
        }
    }
    model.objective = obj;
    Some((model, pairs))
}

/// The medium lower bound the search knows: combinatorial at first, the LP's once it is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bound {
    pub medium: i64,
    /// An LP proved it.
    pub lp: bool,
}

/// The search chases the last units of medium when a finished LP proves a bound within this
/// share of the best plan's medium (S: bound 19 000, plans at 19 100).
pub(crate) const CHASE_GAP: f64 = 0.05;

impl Bound {
    /// The best plan is within `CHASE_GAP` of a bound an LP proved.
    pub fn chasing(self, s: Score) -> bool {
        self.lp && s.medium > self.medium && (s.medium - self.medium) as f64 <= CHASE_GAP * s.medium as f64
    }

    /// The plan is at the bound with no soft cost: nothing left to find.
    pub fn proven(self, s: Score) -> bool {
        s.medium <= self.medium && s.soft == 0
    }

    /// Takes the LP's answer `(bound, proved)`: it replaces the combinatorial bound only when
    /// the LP finished ([`lp_bound`] never returns less than the combinatorial bound).
    pub fn learn(&mut self, (medium, lp): (i64, bool)) {
        if lp {
            *self = Bound { medium, lp };
        }
    }
}

/// The combinatorial lower bound on `medium` and what the LP bound ([`lp_bound`]) needs from
/// it: a meeting with no feasible room and start (or an unkeepable pin) is unassigned in every
/// plan; any other meeting costs at least the cheaper of leaving it out and the staff nobody
/// qualified can provide.
pub(crate) struct Combinatorial {
    pub medium: i64,
    /// Meetings with a feasible room and start.
    can_place: Vec<bool>,
    /// Qualified (task, person) pairs of those meetings: the LP's size.
    pairs: usize,
}

/// The combinatorial medium bound (cheap: one option count per meeting).
pub(crate) fn combinatorial_bound(st: &State<'_>) -> Combinatorial {
    let p = st.p;
    let w = &p.weights;
    let mut combinatorial = 0i64;
    let mut can_place = vec![false; p.meetings.len()];
    let mut pairs = 0usize;
    for m in p.meeting_ids() {
        let meeting = p.meeting(m);
        let out = w[Rule::Unassigned] * meeting.priority;
        let ok = placeable(st, m);
        can_place[m.index()] = ok;
        if !ok {
            combinatorial += out;
            continue;
        }
        let forced: i64 = meeting
            .tasks
            .iter()
            .map(|&t| {
                (p.task(t).need as i64 - st.pre.qualified[t.index()].len() as i64).max(0)
                    * w[Rule::MissingStaff]
            })
            .sum();
        combinatorial += out.min(forced);
        pairs += meeting
            .tasks
            .iter()
            .map(|&t| st.pre.qualified[t.index()].len())
            .sum::<usize>();
    }
    Combinatorial {
        medium: combinatorial,
        can_place,
        pairs,
    }
}

/// The LP bound over `comb`: the LP relaxation of "place meeting m (y) and put qualified people
/// on its tasks (x ≤ y, Σx ≤ need·y)" under each person's total-minutes cap (their total cap,
/// and their daily cap times the days tasks can fall on). Every real plan satisfies these
/// constraints, so the LP optimum is a bound. `(bound, proved by the LP)`; the combinatorial
/// bound when the LP is too large (over 60 000 pairs) or does not finish in `time_limit`.
pub(crate) fn lp_bound(st: &State<'_>, comb: &Combinatorial, time_limit: f64) -> (i64, bool) {
    let p = st.p;
    let w = &p.weights;
    let (combinatorial, can_place) = (comb.medium, &comb.can_place);
    if comb.pairs > 60_000 || time_limit <= 0.0 {
        return (combinatorial, false);
    }
    // Days on which tasks can start, for the daily caps.
    let mut task_days: Vec<i32> = Vec::new();
    for t in p.task_ids() {
        let m = p.task(t).meeting;
        for sr in &st.pre.starts[m.index()] {
            let a = day_of(p.task_interval(t, sr.lo).start);
            let z = day_of(p.task_interval(t, sr.hi).start);
            for d in a..=z {
                if !task_days.contains(&d) {
                    task_days.push(d);
                }
            }
        }
    }
    // The (room, start) options of every placeable meeting, when there are few enough for a
    // time-indexed relaxation (one variable per option, one packing row per room and instant,
    // one per person and instant).
    let timed = placement_options(st, can_place, 40_000);
    let mut by_room: Vec<Vec<(Variable, crate::model::Interval)>> = vec![Vec::new(); p.rooms.len()];
    let mut by_person: Vec<Vec<(Variable, crate::model::Interval)>> = vec![Vec::new(); p.people.len()];
    let mut model = Model::new();
    let mut obj = Expression::from(0.0);
    let mut constant = 0.0f64;
    let mut by_staff: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); p.staff.len()];
    for m in p.meeting_ids() {
        let meeting = p.meeting(m);
        let out = (w[Rule::Unassigned] * meeting.priority) as f64;
        if !can_place[m.index()] {
            constant += out;
            continue;
        }
        let y = model.unit(true);
        obj += out - out * y;
        if let Some(cands) = timed.as_ref().map(|c| &c[m.index()]) {
            // Time-indexed relaxation: y is the sum of the meeting's (room, start) variables.
            let mut sum = Expression::from(0.0);
            for &(r, s0) in cands {
                let z = model.unit(true);
                sum += z;
                by_room[r.index()].push((z, p.occupancy(m, s0)));
                for &q in &meeting.people {
                    by_person[q.index()].push((z, p.meeting_interval(m, s0)));
                }
            }
            model.constraints.push((sum - y).eq(0.0));
        }
        for &t in &meeting.tasks {
            let task = p.task(t);
            let need = task.need as f64;
            let len = (task.to.at(0, meeting.duration) - task.from.at(0, meeting.duration)).max(0) as f64;
            let mut sum = Expression::from(0.0);
            for &s in &st.pre.qualified[t.index()] {
                let x = model.unit(true);
                model.constraints.push((x - y).leq(0.0));
                sum += x;
                by_staff[s.index()].push((x, len));
            }
            model.constraints.push((sum.clone() - need * y).leq(0.0));
            obj += (w[Rule::MissingStaff] as f64) * (need * y - sum);
        }
    }
    for list in by_room.iter().chain(by_person.iter()) {
        packing_rows(&mut model, list);
    }
    for (s, xs) in by_staff.iter().enumerate() {
        if xs.is_empty() {
            continue;
        }
        let person = &p.staff[s];
        let daily = person.max_minutes_per_day.saturating_mul(task_days.len() as i64);
        let cap = person.max_minutes_total.map_or(daily, |t| t.min(daily));
        let minutes: Expression = xs.iter().map(|&(x, len)| len * x).sum();
        model.constraints.push(minutes.leq(cap as f64));
    }
    model.objective = obj;
    match solve(model, Limit::secs(time_limit)) {
        // The LP optimum bounds every integral plan; integer costs allow rounding up. A
        // solution cut short by the time limit is only primal: it bounds nothing.
        Some(sol) if sol.proven => {
            let lp = ((constant + sol.objective) - 1e-6).ceil().max(0.0) as i64;
            (lp.max(combinatorial), true)
        }
        _ => (combinatorial, false),
    }
}

/// False when `m` has no feasible room and start (or its pin does not fit): it is unassigned
/// in every plan.
pub(crate) fn placeable(st: &State<'_>, m: MeetingId) -> bool {
    let p = st.p;
    match p.meeting(m).pinned {
        Some(pin) => st.pre.time_ok(p, m, pin.room, pin.start) && p.room_fits(m, pin.room),
        None => super::construct::option_count(p, st.pre, m) > 0,
    }
}

/// The (room, start) options of every meeting marked `placeable` (its pin for a pinned
/// one): grid starts of `pre.starts` inside the room's opening hours, not overlapping the
/// room's unavailability. `None` when there are more than `cap` in all.
pub(crate) fn placement_options(
    st: &State<'_>,
    placeable: &[bool],
    cap: usize,
) -> Option<Vec<Vec<(crate::model::RoomId, crate::model::Minute)>>> {
    let p = st.p;
    let mut all = Vec::with_capacity(p.meetings.len());
    let mut total = 0usize;
    for m in p.meeting_ids() {
        let mut v = Vec::new();
        if placeable[m.index()] {
            match p.meeting(m).pinned {
                Some(pin) => v.push((pin.room, pin.start)),
                None => {
                    for &r in &st.pre.rooms[m.index()] {
                        for s0 in st.pre.grid_starts(p, m, r, None) {
                            if total + v.len() > cap {
                                break;
                            }
                            let occ = p.occupancy(m, s0);
                            if !p.room(r).unavailable.iter().any(|u| u.overlaps(&occ)) {
                                v.push((r, s0));
                            }
                        }
                    }
                }
            }
        }
        total += v.len();
        if total > cap {
            return None;
        }
        all.push(v);
    }
    Some(all)
}

/// Adds `Σ vars ≤ 1` for every instant at which two or more of the intervals overlap (one
/// row per distinct set, at the intervals' starts): the packing rows of a time-indexed model.
pub(crate) fn packing_rows(model: &mut Model, list: &[(Variable, crate::model::Interval)]) {
    let mut points: Vec<crate::model::Minute> = list.iter().map(|e| e.1.start).collect();
    points.sort_unstable();
    points.dedup();
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for t in points {
        let row: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, e)| e.1.start <= t && t < e.1.end)
            .map(|(i, _)| i)
            .collect();
        if row.len() > 1 && !rows.contains(&row) {
            rows.push(row);
        }
    }
    for row in rows {
        let sum: Expression = row.iter().map(|&i| list[i].0).sum();
        model.constraints.push(sum.leq(1.0));
    }
}

/// The kinds of equipment the meetings `ms` ask for, sorted, without repeats.
pub(crate) fn equipment_kinds(p: &crate::model::Problem, ms: &[MeetingId]) -> Vec<crate::model::KindId> {
    let mut v: Vec<_> = ms
        .iter()
        .flat_map(|&m| p.meeting(m).equipment.iter().map(|e| e.0))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The (building, day) pairs holding movable placed meetings of the placements `place`, in a
/// fixed order.
pub(crate) fn meeting_building_days(p: &Problem, place: &[Option<Placement>]) -> Vec<(BuildingId, i32)> {
    let mut v: Vec<(BuildingId, i32)> = p
        .meeting_ids()
        .filter(|&m| p.meeting(m).pinned.is_none())
        .filter_map(|m| place[m.index()].map(|pl| (p.room(pl.room).building, day_of(pl.start))))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Re-rooms every movable meeting of one building-day exactly, starts fixed: a bipartite
/// assignment with time-conflict constraints (overlapping occupancies and layout-change gaps
/// per room, borrowed equipment per pool), minimising seat waste, capacity overflow, room
/// opening, room preferences and moves from the reference. Rooms stay in the building, so
/// people's travel is unchanged. Kept only when the exact score improves.
pub(crate) fn reroom_building_day(st: &mut State<'_>, b: BuildingId, day: i32, limit: Limit) -> StepResult {
    let p = st.p;
    let w = &p.weights;
    let ms: Vec<MeetingId> = p
        .meeting_ids()
        .filter(|&m| p.meeting(m).pinned.is_none())
        .filter(|&m| {
            st.place[m.index()].is_some_and(|pl| p.room(pl.room).building == b && day_of(pl.start) == day)
        })
        .collect();
    if ms.len() < 2 {
        return StepResult::default();
    }
    let starts: Vec<crate::model::Minute> = ms
        .iter()
        .filter_map(|&m| st.place[m.index()].map(|pl| pl.start))
        .collect();
    if starts.len() != ms.len() {
        return StepResult::default();
    }
    let before = st.score();
    let mark = st.begin();
    let old_staff: Vec<Vec<(TaskId, Vec<StaffId>)>> = ms
        .iter()
        .map(|&m| {
            p.meeting(m)
                .tasks
                .iter()
                .map(|&t| (t, st.staffing[t.index()].clone()))
                .collect()
        })
        .collect();
    for &m in &ms {
        st.unplace(m);
    }
    // Candidate (meeting, room) pairs that clash with nothing fixed.
    let mut model = Model::new();
    let mut pairs: Vec<(usize, crate::model::RoomId, Variable)> = Vec::new();
    for (i, &m) in ms.iter().enumerate() {
        for &r in &st.pre.rooms[m.index()] {
            if p.room(r).building != b {
                continue;
            }
            let pl = crate::plan::Placement {
                room: r,
                start: starts[i],
            };
            if st.place_blocker(m, pl).is_none() {
                let x = model.unit(false);
                pairs.push((i, r, x));
            }
        }
    }
    let mut obj = Expression::from(0.0);
    for i in 0..ms.len() {
        let sum: Expression = pairs.iter().filter(|e| e.0 == i).map(|e| e.2).sum();
        model.constraints.push(sum.eq(1.0));
    }
    let mut rooms: Vec<crate::model::RoomId> = pairs.iter().map(|e| e.1).collect();
    rooms.sort_unstable();
    rooms.dedup();
    for &r in &rooms {
        let here: Vec<&(usize, crate::model::RoomId, Variable)> = pairs.iter().filter(|e| e.1 == r).collect();
        let change = p.room(r).layout_change_minutes;
        for (a, ea) in here.iter().enumerate() {
            for eb in here.iter().skip(a + 1) {
                let (ma, mb) = (ms[ea.0], ms[eb.0]);
                let oa = p.occupancy(ma, starts[ea.0]);
                let ob = p.occupancy(mb, starts[eb.0]);
                let gap = if oa.end <= ob.start {
                    ob.start - oa.end
                } else {
                    oa.start - ob.end
                };
                let differ = st.pre.layout(ma) != st.pre.layout(mb);
                if oa.overlaps(&ob) || (differ && gap < change) {
                    model.constraints.push((ea.2 + eb.2).leq(1.0));
                }
            }
        }
        // Opening the room costs once per day unless a fixed meeting already opened it.
        let open = p.room_open_cost(r);
        if open > 0 && st.room_day_count(r, day) == 0 {
            let y = model.unit(true);
            for e in &here {
                model.constraints.push((e.2 - y).leq(0.0));
            }
            obj += (open as f64) * y;
        }
    }
    // Borrowed items per pool: at every occupancy start, the meetings covering it.
    for k in equipment_kinds(p, &ms) {
        let pool = p.pool(b, k);
        for (i, &m) in ms.iter().enumerate() {
            let t = p.occupancy(m, starts[i]).start;
            let mut load = Expression::from(0.0);
            let mut any = false;
            for e in &pairs {
                let mj = ms[e.0];
                let occ = p.occupancy(mj, starts[e.0]);
                let n = p.borrowed(mj, e.1, k);
                if n > 0 && occ.start <= t && t < occ.end {
                    load += (n as f64) * e.2;
                    any = true;
                }
            }
            if any {
                // Items borrowed by meetings outside this step at that instant are fixed.
                let fixed = st.max_load_at(b, k, t);
                model.constraints.push(load.leq((pool - fixed) as f64));
            }
        }
    }
    for e in &pairs {
        let m = ms[e.0];
        let meeting = p.meeting(m);
        let seats = p.seats(e.1, m).unwrap_or(0) as i64;
        let att = meeting.attendees as i64;
        let mut c = if seats >= att {
            (seats - att) * w[Rule::SeatWaste]
        } else {
            (att - seats) * w.capacity_overflow().unwrap_or(0)
        };
        if !meeting.preferred_rooms.is_empty() && meeting.preferred_rooms.binary_search(&e.1).is_err() {
            c += w[Rule::RoomPreference];
        }
        if let Some((rr, _)) = st.pre.reference[m.index()]
            && rr != Some(e.1)
        {
            c += w[Rule::MovedRoom];
        }
        obj += (c as f64) * e.2;
    }
    model.objective = obj;
    let Some(Solved { values, .. }) = solve(model, limit) else {
        st.rollback(mark);
        st.commit();
        return StepResult::default();
    };
    let mut ok = true;
    for (i, &m) in ms.iter().enumerate() {
        let room = pairs
            .iter()
            .zip(values.iter())
            .find(|(e, v)| e.0 == i && **v > 0.5)
            .map(|(e, _)| e.1);
        let Some(r) = room else {
            ok = false;
            break;
        };
        let pl = crate::plan::Placement {
            room: r,
            start: starts[i],
        };
        if st.place_blocker(m, pl).is_some() {
            ok = false;
            break;
        }
        st.place(m, pl);
    }
    if ok {
        for (i, &m) in ms.iter().enumerate() {
            for (t, v) in &old_staff[i] {
                for &s in v {
                    if st.staff_ok(*t, s) {
                        st.add_staff(*t, s);
                    }
                }
            }
            for &t in &p.meeting(m).tasks {
                if st.missing(t) > 0 {
                    fill_task(st, t, 4);
                }
            }
        }
    }
    keep_if_better(st, mark, before, ok)
}
