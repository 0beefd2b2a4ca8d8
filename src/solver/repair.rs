//! The minimal re-plan (SPEC §7.2, mode `minimal`): the current plan kept wherever the changed
//! problem still allows it, then only what lowers `medium` — the touched and unassigned
//! meetings placed again, short tasks given people, and then, while that lowers `medium`, a
//! meeting still out placed by moving one other meeting out of its way (and that one, if it
//! has no free place, moving one more), and a short task given a person freed by a chain of
//! moves between tasks. Each step lowers `medium`; nothing else changes an untouched meeting or
//! task, so the plan changes only where that lowers `medium`.

use std::time::{Duration, Instant};

use super::construct::{
    best_placement_from, explain, fill_task, obstacle, scan_placements, shortages, staff_chain,
};
use super::pre::Pre;
use super::recommend::{movable, place_moving};
use super::state::{Blocker, State};
use crate::model::time::day_of;
use crate::model::{MeetingId, Minute, Problem};
use crate::plan::{Assignment, Placement, Reason, Shortage};
use crate::score::Score;

/// What [`minimal`] returns.
pub(crate) struct Repaired {
    /// The re-plan, with a reason for every meeting left out.
    pub assignment: Assignment,
    /// The score of the trivial repair: the current plan less what the change made impossible
    /// and less the touched meetings.
    pub trivial: Score,
    /// Tasks still short of people, and why.
    pub unstaffed: Vec<Shortage>,
    /// Meetings the change set did not name whose place in the current plan it made
    /// impossible (touched too, SPEC §7.2).
    pub displaced: Vec<MeetingId>,
    /// Meetings moved out of the way of one still out, each move lowering `medium`.
    pub eased: Vec<MeetingId>,
}

/// Feasibility checks the re-insertion may spend on one meeting.
const SCAN_BUDGET: usize = 200_000;
/// Places (room, day, meeting in the way) an easing step tries for one meeting, at most.
const EASE_TRIES: usize = 48;
/// People a staff chain may check for one missing person.
const CHAIN_BUDGET: u32 = 2000;

/// Re-plans `current` (resolved against `p`, the changed problem) with the meetings the change
/// set named (`touched`) left out first; `now` freezes what starts before it.
pub(crate) fn minimal(
    p: &Problem,
    current: &Assignment,
    touched: &[bool],
    now: Option<Minute>,
    limit: Duration,
) -> Repaired {
    let deadline = Instant::now() + limit;
    let pre = Pre::new(p);
    let mut st = State::new(p, &pre);
    let earliest = now.unwrap_or(Minute::MIN);
    let mut reasons: Vec<Option<Reason>> = vec![None; p.meetings.len()];
    let mut displaced = Vec::new();
    let at = |m: MeetingId| current.placements.get(m.index()).copied().flatten();

    // The trivial repair: every meeting where the current plan has it, if the change left that
    // possible; a touched one only when it is frozen (it started before `now`).
    for m in p.meeting_ids() {
        let Some(pl) = at(m) else { continue };
        let frozen = pl.start < earliest;
        if touched[m.index()] && !frozen {
            continue;
        }
        match st.place_blocker(m, pl) {
            None => st.place(m, pl),
            Some(b) => {
                if !touched[m.index()] {
                    displaced.push(m);
                }
                if frozen {
                    reasons[m.index()] = Some(Reason::FrozenNoLongerFits {
                        obstacle: obstacle(&st, b),
                    });
                }
            }
        }
    }
    // The people of the current plan who may still hold their tasks.
    st.keep_staff(current);
    let trivial = st.score();

    // The repair: place what is out (pins at their pin), each only when medium falls.
    let frozen_out = |m: MeetingId, reasons: &[Option<Reason>]| reasons[m.index()].is_some();
    for m in p.meeting_ids() {
        if st.place[m.index()].is_some() || frozen_out(m, &reasons) {
            continue;
        }
        let target = match p.meeting(m).pinned {
            Some(pin) if pin.start < earliest => {
                reasons[m.index()] = Some(Reason::PinBeforeNow {
                    room: pin.room,
                    start: pin.start,
                });
                None
            }
            Some(pin) => {
                let pl = Placement {
                    room: pin.room,
                    start: pin.start,
                };
                match st.place_blocker(m, pl) {
                    None => Some(pl),
                    Some(b) => {
                        reasons[m.index()] = Some(Reason::PinNotKept {
                            room: pl.room,
                            start: pl.start,
                            obstacle: obstacle(&st, b),
                        });
                        None
                    }
                }
            }
            None => best_placement_from(&mut st, m, 4, SCAN_BUDGET, earliest),
        };
        let Some(pl) = target else { continue };
        let before = st.score();
        let mark = st.begin();
        st.place(m, pl);
        for &t in &p.meeting(m).tasks {
            if p.task_interval(t, pl.start).start >= earliest {
                fill_task(&mut st, t, 4);
            }
        }
        if st.score().medium < before.medium || p.meeting(m).pinned.is_some() {
            st.commit();
        } else {
            st.rollback(mark);
            st.commit();
        }
    }
    // Short tasks that have not started get people (medium falls with each).
    for t in p.task_ids() {
        let task = p.task(t);
        let Some(pl) = st.place[task.meeting.index()] else {
            continue;
        };
        if st.missing(t) > 0 && p.task_interval(t, pl.start).start >= earliest {
            fill_task(&mut st, t, 4);
        }
    }

    // Easing: a meeting still out placed by moving one other out of its way, while medium
    // falls and time remains.
    let mut eased = Vec::new();
    let mut improved = true;
    while improved && Instant::now() < deadline {
        improved = false;
        for m in p.meeting_ids() {
            if Instant::now() >= deadline {
                break;
            }
            if st.place[m.index()].is_none()
                && !frozen_out(m, &reasons)
                && p.meeting(m).pinned.is_none()
                && let Some(moved) = ease(&mut st, m, earliest)
            {
                eased.extend(moved);
                improved = true;
            }
        }
    }

    // Short tasks: a person freed by a chain of moves between tasks (none that has started).
    for t in p.task_ids() {
        let Some(pl) = st.place[p.task(t).meeting.index()] else {
            continue;
        };
        while st.missing(t) > 0 && p.task_interval(t, pl.start).start >= earliest && Instant::now() < deadline
        {
            let mut budget = CHAIN_BUDGET;
            if !staff_chain(&mut st, t, 2, &mut budget, t.index(), &mut Vec::new(), earliest) {
                break;
            }
        }
    }

    for m in p.meeting_ids() {
        if st.place[m.index()].is_none() && reasons[m.index()].is_none() {
            reasons[m.index()] = Some(explain(&st, m, SCAN_BUDGET));
        }
    }
    let unstaffed = shortages(&st);
    let mut assignment = st.assignment();
    assignment.reasons = reasons;
    Repaired {
        assignment,
        trivial,
        unstaffed,
        displaced,
        eased,
    }
}

/// Places `m` (out) where one other meeting, unpinned and not started before `earliest`,
/// stands in its way, that meeting moved to its best other place: the best such step, kept
/// when it lowers `medium`. Returns the meetings moved (or left out).
fn ease(st: &mut State<'_>, m: MeetingId, earliest: Minute) -> Option<Vec<MeetingId>> {
    let mut tries: Vec<(Placement, MeetingId)> = Vec::new();
    scan_placements(st, m, SCAN_BUDGET, |pl, b| {
        if let Some(Blocker::Room(x)) = b
            && pl.start >= earliest
            && movable(st, x, earliest)
            && !tries
                .iter()
                .any(|&(q, y)| y == x && q.room == pl.room && day_of(q.start) == day_of(pl.start))
        {
            tries.push((pl, x));
        }
        tries.len() < EASE_TRIES
    });
    let before = st.score();
    let mut best: Option<(crate::score::Score, Vec<super::state::Op>, Vec<MeetingId>)> = None;
    for (pl, x) in tries {
        let mark = st.begin();
        if let Some(moves) = place_moving(st, m, pl, &[x], earliest, 1, true) {
            let sc = st.score();
            if sc.medium < before.medium && best.as_ref().is_none_or(|b| sc < b.0) {
                best = Some((
                    sc,
                    st.ops_since(mark),
                    moves.into_iter().map(|(y, _)| y).collect(),
                ));
            }
        }
        st.rollback(mark);
        st.commit();
    }
    let (_, ops, moved) = best?;
    st.replay(&ops);
    Some(moved)
}

/// The tasks of `a`'s placed meetings still short of people, and why (for a plan the repair
/// did not make itself).
pub(crate) fn shortages_of(p: &Problem, a: &Assignment) -> Vec<Shortage> {
    let pre = Pre::new(p);
    shortages(&State::with_plan(p, &pre, a))
}
