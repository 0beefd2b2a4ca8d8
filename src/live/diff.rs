//! What changed between two plans of one week (SPEC §7.3), as data: the meetings moved,
//! placed, unplaced and removed, the people added to and removed from each task, and the two
//! scores. Meetings and tasks are matched by id, so the two plans may belong to two versions of
//! the problem (before and after a change).

use serde::Serialize;

use crate::model::{MeetingId, Problem, StaffId};
use crate::score::{Score, evaluate};

use crate::plan::tables::distinct;
use crate::plan::{Assignment, Placement};

/// A room and a start, as exchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Where {
    /// Room id.
    pub room: String,
    /// Start `YYYY-MM-DDTHH:MM`.
    pub start: String,
}

/// A meeting assigned in both plans, elsewhere or at another time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// Meeting id.
    pub meeting: String,
    /// Where it was.
    pub from: Where,
    /// Where it is.
    pub to: Where,
}

/// A meeting assigned in the new plan only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// Meeting id.
    pub meeting: String,
    /// Room id.
    pub room: String,
    /// Start.
    pub start: String,
}

/// A meeting assigned in the old plan and unassigned in the new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    /// Meeting id.
    pub meeting: String,
    /// Why the new plan leaves it out.
    pub reason: String,
}

/// The people added to and removed from a task present in both plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaffChange {
    /// Task id.
    pub task: String,
    /// Staff ids now on it who were not.
    pub added: Vec<String>,
    /// Staff ids no longer on it.
    pub removed: Vec<String>,
}

/// A score as the diff writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreOut {
    /// Hard violations.
    pub hard: i64,
    /// Medium cost.
    pub medium: i64,
    /// Soft cost.
    pub soft: i64,
}

impl From<Score> for ScoreOut {
    fn from(s: Score) -> Self {
        Self {
            hard: s.hard,
            medium: s.medium,
            soft: s.soft,
        }
    }
}

/// The old plan scored on the old problem, the new one on the new problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreChange {
    /// Before.
    pub before: ScoreOut,
    /// After.
    pub after: ScoreOut,
}

/// The difference between two plans (SPEC §7.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanDiff {
    /// Format version, 1.
    pub version: u32,
    /// Assigned in both, with another room or start (new problem's order).
    pub moved: Vec<Moved>,
    /// Assigned in the new plan only: new meetings, or unassigned before.
    pub placed: Vec<Placed>,
    /// Assigned before, unassigned now (old problem's order).
    pub unplaced: Vec<Unplaced>,
    /// Meetings of the old problem that the new one no longer has.
    pub removed: Vec<String>,
    /// Per task assigned in both plans whose people changed (moved meetings' tasks included).
    pub staff: Vec<StaffChange>,
    /// The two scores.
    pub score: ScoreChange,
}

impl PlanDiff {
    /// The difference from `old` (a plan of `before`) to `new` (a plan of `after`). Give `after`
    /// the old plan as its reference ([`Problem::with_reference`]) for the new score to count
    /// the disruption, as a re-plan does.
    pub fn between(before: &Problem, old: &Assignment, after: &Problem, new: &Assignment) -> PlanDiff {
        let place = |a: &Assignment, m: MeetingId| a.placements.get(m.index()).copied().flatten();
        let at = |p: &Problem, pl: Placement| Where {
            room: p.room(pl.room).id.clone(),
            start: p.calendar.format(pl.start),
        };
        let mut d = PlanDiff {
            version: 1,
            moved: Vec::new(),
            placed: Vec::new(),
            unplaced: Vec::new(),
            removed: Vec::new(),
            staff: Vec::new(),
            score: ScoreChange {
                before: evaluate(before, old).score.into(),
                after: evaluate(after, new).score.into(),
            },
        };
        for m in after.meeting_ids() {
            let meeting = after.meeting(m);
            let Some(now) = place(new, m) else { continue };
            let was = before
                .meeting_id(&meeting.id)
                .and_then(|b| place(old, b).map(|pl| (b, pl)));
            let Some((b, then)) = was else {
                let w = at(after, now);
                d.placed.push(Placed {
                    meeting: meeting.id.clone(),
                    room: w.room,
                    start: w.start,
                });
                continue;
            };
            let (from, to) = (at(before, then), at(after, now));
            if from != to {
                d.moved.push(Moved {
                    meeting: meeting.id.clone(),
                    from,
                    to,
                });
            }
            // Tasks of a meeting assigned in both plans: match by id.
            for &t in &meeting.tasks {
                let id = &after.task(t).id;
                let Some(bt) = before.task_id(id).filter(|bt| before.task(*bt).meeting == b) else {
                    continue;
                };
                let ids = |p: &Problem, staff: &[StaffId]| -> Vec<String> {
                    distinct(staff)
                        .iter()
                        .filter_map(|s| p.staff.get(s.index()).map(|x| x.id.clone()))
                        .collect()
                };
                let then_ids = ids(
                    before,
                    old.staffing.get(bt.index()).map_or(&[][..], Vec::as_slice),
                );
                let now_ids = ids(after, new.staffing.get(t.index()).map_or(&[][..], Vec::as_slice));
                let added: Vec<String> = now_ids
                    .iter()
                    .filter(|s| !then_ids.contains(s))
                    .cloned()
                    .collect();
                let removed: Vec<String> = then_ids
                    .iter()
                    .filter(|s| !now_ids.contains(s))
                    .cloned()
                    .collect();
                if !added.is_empty() || !removed.is_empty() {
                    d.staff.push(StaffChange {
                        task: id.clone(),
                        added,
                        removed,
                    });
                }
            }
        }
        for b in before.meeting_ids() {
            let id = &before.meeting(b).id;
            match after.meeting_id(id) {
                None => d.removed.push(id.clone()),
                Some(m) if place(old, b).is_some() && place(new, m).is_none() => d.unplaced.push(Unplaced {
                    meeting: id.clone(),
                    reason: new.reason(after, m),
                }),
                Some(_) => {}
            }
        }
        d
    }

    /// True when the two plans place every meeting and staff every task alike.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
            && self.placed.is_empty()
            && self.unplaced.is_empty()
            && self.removed.is_empty()
            && self.staff.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Problem {
        crate::io::load_problem_str(include_str!("../../examples/small.json")).expect("example loads")
    }

    #[test]
    fn a_plan_against_itself_is_empty_and_each_change_is_listed_once() {
        let p = small();
        let a = crate::solver::first_fit(&p);
        let same = PlanDiff::between(&p, &a, &p, &a);
        assert!(same.is_empty(), "{same:?}");
        assert_eq!(same.score.before, same.score.after);

        // Move the first placed meeting by one grid step, unplace the second, and swap the
        // people of one task of a third.
        let placed: Vec<MeetingId> = p
            .meeting_ids()
            .filter(|&m| a.placements[m.index()].is_some())
            .collect();
        assert!(placed.len() >= 3);
        let mut b = a.clone();
        let (m0, m1) = (placed[0], placed[1]);
        if let Some(pl) = b.placements[m0.index()].as_mut() {
            pl.start += p.granularity;
        }
        b.placements[m1.index()] = None;
        b.reasons[m1.index()] = Some(crate::plan::Reason::Given("cancelled by hand".to_string()));
        let task = p
            .meeting(placed[2])
            .tasks
            .iter()
            .copied()
            .find(|t| !a.staffing[t.index()].is_empty());
        let other = StaffId::new(0);
        if let Some(t) = task {
            b.staffing[t.index()] = vec![other];
        }
        let d = PlanDiff::between(&p, &a, &p, &b);
        assert_eq!(d.moved.len(), 1);
        assert_eq!(d.moved[0].meeting, p.meeting(m0).id);
        assert_ne!(d.moved[0].from.start, d.moved[0].to.start);
        assert_eq!(
            d.unplaced,
            vec![Unplaced {
                meeting: p.meeting(m1).id.clone(),
                reason: "cancelled by hand".to_string()
            }]
        );
        assert!(d.placed.is_empty() && d.removed.is_empty());
        if let Some(t) = task {
            let change = d
                .staff
                .iter()
                .find(|c| c.task == p.task(t).id)
                .expect("the task's change is listed");
            let before: Vec<String> = distinct(&a.staffing[t.index()])
                .iter()
                .map(|s| p.staff[s.index()].id.clone())
                .collect();
            assert_eq!(change.added.is_empty(), before.contains(&p.staff[0].id));
        }
        // The way back mirrors it.
        let back = PlanDiff::between(&p, &b, &p, &a);
        assert_eq!(back.placed.len(), 1);
        assert_eq!(back.moved[0].from, d.moved[0].to);
        assert_eq!(back.score.before, d.score.after);
    }
}
