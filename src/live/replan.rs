//! The re-plan (SPEC §7.2): a change set applied to a problem P and its current plan C gives
//! P′ and a plan C′ of P′ scored with C as its reference, and the diff from C to C′. Mode
//! `minimal`: C is kept wherever P′ allows it and changes only where that lowers `medium`
//! (`solver::minimal_repair`).

use serde_json::Value;

use crate::error::InputErrors;
use crate::model::Problem;
use crate::model::time::parse_datetime;
use crate::plan::{Assignment, Plan, Shortage, resolve};
use crate::score::{Report, Score, evaluate};

use super::changes::{Change, ChangeSet};
use super::diff::PlanDiff;

/// A re-plan and what it is measured against.
#[derive(Clone, Debug)]
pub struct Replan {
    /// P′ as JSON (what to store as the new problem).
    pub problem_json: Value,
    /// P′ with the current plan C as its reference plan.
    pub problem: Problem,
    /// C′, with its score.
    pub plan: Plan,
    /// C′ in dense form.
    pub assignment: Assignment,
    /// The scorer's report on C′ (against P′ with reference C).
    pub report: Report,
    /// From C to C′.
    pub diff: PlanDiff,
    /// The score of the trivial repair (C less what the changes made impossible and less the
    /// meetings they name), which C′ never exceeds in `medium` when the changes pin nothing.
    pub trivial: Score,
    /// Tasks of C′ still short of people, and why.
    pub unstaffed: Vec<Shortage>,
    /// The meetings of P′ the changes touched: named by a change, or placed in C where P′ no
    /// longer allows them. Only these may move; the others keep their place.
    pub touched: Vec<String>,
}

impl ChangeSet {
    /// Re-plans `current` (a plan of `p`, loaded from `json`) for these changes in mode
    /// `minimal`. Errors: the change set's (at their paths in it), and a current plan whose
    /// start lies too far from the planning days.
    pub fn replan(&self, json: &Value, p: &Problem, current: &Plan) -> Result<Replan, InputErrors> {
        Ok(self.replan_keeping(json, p, current)?.0)
    }

    /// [`ChangeSet::replan`], and P′ without the reference (what a planner moves on to).
    pub(crate) fn replan_keeping(
        &self,
        json: &Value,
        p: &Problem,
        current: &Plan,
    ) -> Result<(Replan, Problem), InputErrors> {
        let (problem_json, changed) = self.apply(json, p)?;
        let problem = changed.with_reference(current)?;
        let (c, _) = resolve(&problem, current);
        let mut touched = vec![false; problem.meetings.len()];
        for change in &self.changes {
            let id = match change {
                Change::Add { meeting } => meeting.get("id").and_then(Value::as_str).unwrap_or_default(),
                Change::Update { meeting, .. } | Change::Pin { meeting, .. } | Change::Unpin { meeting } => {
                    meeting
                }
                Change::Cancel { .. } | Change::RoomOut { .. } | Change::StaffOut { .. } => continue,
            };
            if let Some(m) = problem.meeting_id(id) {
                touched[m.index()] = true;
            }
        }
        let now = self
            .now
            .as_deref()
            .and_then(parse_datetime)
            .and_then(|t| problem.calendar.minutes(t));
        let repaired = crate::solver::minimal_repair(&problem, &c, &touched, now);
        let report = evaluate(&problem, &repaired.assignment);
        debug_assert!(
            report.score.hard == report.term(crate::model::Rule::Pinned),
            "a re-plan broke a hard rule: {:?}",
            report.violations.first()
        );
        let mut plan = repaired.assignment.to_plan(&problem);
        plan.score = Some(report.plan_score());
        for &m in &repaired.displaced {
            touched[m.index()] = true;
        }
        let touched_ids = problem
            .meeting_ids()
            .filter(|m| touched[m.index()])
            .map(|m| problem.meeting(m).id.clone())
            .collect();
        let (before, _) = resolve(p, current);
        let diff = PlanDiff::between(p, &before, &problem, &repaired.assignment);
        let replan = Replan {
            problem_json,
            problem,
            plan,
            assignment: repaired.assignment,
            report,
            diff,
            trivial: repaired.trivial,
            unstaffed: repaired.unstaffed,
            touched: touched_ids,
        };
        Ok((replan, changed))
    }
}
