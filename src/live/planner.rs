//! The long-lived planner a booking service keeps in memory: a problem, its current plan and
//! the solver's incremental state of that plan, warm between questions. "Where can this
//! meeting go?" ([`Planner::recommend`]) appends the request to the problem and the state,
//! prices every place exactly, and takes the request back out — no reload, no rebuild. A
//! booking ([`Planner::accept`]) or a change set ([`Planner::apply`]) moves the planner on to
//! the new problem and plan.

use serde_json::Value;

use crate::error::{ErrorCode, InputErrors};
use crate::io::load_problem_str;
use crate::model::time::parse_datetime;
use crate::model::{Minute, Problem, Request, Rule};
use crate::plan::{Assignment, Placement, Plan, resolve};
use crate::score::{Report, evaluate};
use crate::solver::{Parts, Pre, State, recommend};

use super::changes::{Change, ChangeSet};
use super::diff::PlanDiff;
use super::recommend::{DenseOption, Recommendation};
use super::replan::{Replan, ReplanOptions};

/// A problem, its current plan and the warm incremental state of that plan.
///
/// `Send + Sync`: a service shares one behind a `Mutex` (questions take `&mut self` because
/// they lend the request to the warm state and take it back).
#[derive(Debug)]
pub struct Planner {
    json: Value,
    /// P as loaded.
    problem: Problem,
    /// P with the current plan as its reference: the state's problem (a request is appended
    /// while it is priced).
    work: Problem,
    pre: Pre,
    /// The warm state of the current plan on `work`; `None` only while lent out.
    parts: Option<Parts>,
    plan: Plan,
    assignment: Assignment,
    /// The current plan scored on P.
    report: Report,
    now: Option<Minute>,
}

impl Planner {
    /// A planner for the problem `problem_json` (SPEC §2) and its current plan, which must be
    /// valid for it (no hard rule broken but unkept pins).
    pub fn new(problem_json: &str, plan: &Plan) -> Result<Self, InputErrors> {
        let problem = load_problem_str(problem_json)?;
        let json: Value = serde_json::from_str(problem_json)
            .map_err(|e| InputErrors::one("$", ErrorCode::Syntax, format!("the problem is not JSON: {e}")))?;
        Self::from_loaded(json, problem, plan)
    }

    /// [`Planner::new`] for a problem already loaded from `json`.
    pub fn from_loaded(json: Value, problem: Problem, plan: &Plan) -> Result<Self, InputErrors> {
        let (assignment, form) = resolve(&problem, plan);
        if let Some(f) = form.first() {
            return Err(InputErrors::one(
                f.path.clone(),
                ErrorCode::InvalidValue,
                f.message.clone(),
            ));
        }
        let report = evaluate(&problem, &assignment);
        if let Some(v) = report
            .violations
            .iter()
            .find(|v| v.level == crate::model::Level::Hard && v.rule != Rule::Pinned)
        {
            return Err(InputErrors::one(
                "$",
                ErrorCode::InvalidValue,
                format!("the plan breaks a hard rule ({}): {}", v.rule.name(), v.message),
            ));
        }
        let work = problem.with_reference(plan)?;
        let pre = Pre::new(&work);
        let parts = warm(&work, &pre, &assignment);
        let mut plan = plan.clone();
        plan.score = Some(report.plan_score());
        Ok(Planner {
            json,
            problem,
            work,
            pre,
            parts: Some(parts),
            plan,
            assignment,
            report,
            now: None,
        })
    }

    /// The problem.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
    /// The problem as JSON (what to store).
    pub fn problem_json(&self) -> &Value {
        &self.json
    }
    /// The current plan, with its score.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    /// The current plan in dense form.
    pub fn assignment(&self) -> &Assignment {
        &self.assignment
    }
    /// The scorer's report on the current plan.
    pub fn report(&self) -> &Report {
        &self.report
    }
    /// The time before which nothing is placed, moved or re-staffed (`None`: the whole week
    /// is open).
    pub fn now(&self) -> Option<Minute> {
        self.now
    }

    /// Sets "now" (`YYYY-MM-DDTHH:MM`): options start at or after it, and a change set without
    /// its own `now` freezes what starts before it. `None` opens the whole week again.
    pub fn set_now(&mut self, now: Option<&str>) -> Result<(), InputErrors> {
        self.now = match now {
            None => None,
            Some(text) => Some(
                parse_datetime(text)
                    .and_then(|t| self.problem.calendar.minutes(t))
                    .ok_or_else(|| {
                        InputErrors::one(
                            "$",
                            ErrorCode::BadTime,
                            format!("\"{text}\" is not a time YYYY-MM-DDTHH:MM near the planning days"),
                        )
                    })?,
            ),
        };
        Ok(())
    }

    /// Reads a request (a meeting object whose id is new) against the planner's problem.
    pub fn request(&self, text: &str) -> Result<Request, InputErrors> {
        Request::from_json_str(&self.problem, text)
    }

    /// Where the request can go (SPEC §8): at most `top` options and every room that cannot
    /// take it. Errors only when the request was read against another problem.
    pub fn recommend(&mut self, request: &Request, top: usize) -> Result<Recommendation, InputErrors> {
        Ok(self.recommend_dense(request, top)?.0)
    }

    /// [`Planner::recommend`] with each option in dense form too (what [`Planner::accept`]
    /// applies).
    pub fn recommend_dense(
        &mut self,
        request: &Request,
        top: usize,
    ) -> Result<(Recommendation, Vec<DenseOption>), InputErrors> {
        if request.against != self.work.sizes() || self.problem.meeting_id(request.id()).is_some() {
            return Err(InputErrors::one(
                "$",
                ErrorCode::InvalidValue,
                format!(
                    "the request \"{}\" was read against another problem; read it again with Planner::request",
                    request.id()
                ),
            ));
        }
        let earliest = self.now.unwrap_or(Minute::MIN);
        if request.names_new_kind() {
            // No pool holds the kind: the warm state's pool table has no column for it.
            return Ok(self.recommend_cold(request, top, earliest));
        }
        let sizes = self.work.sizes();
        let r = self.work.push_request(request);
        let Some(mark) = self.pre.push_meetings(&self.work) else {
            self.work.truncate(sizes);
            return Ok(self.recommend_cold(request, top, earliest));
        };
        let parts = self
            .parts
            .take()
            .unwrap_or_else(|| warm(&self.work, &self.pre, &self.assignment));
        let mut st = State::from_parts(&self.work, &self.pre, parts);
        let found = recommend(&mut st, r, top, earliest);
        let answer = Recommendation::from_found(&self.work, r, &found, &self.report);
        st.shrink(sizes);
        self.parts = Some(st.into_parts());
        self.pre.truncate(mark);
        self.work.truncate(sizes);
        Ok(answer)
    }

    /// The answer from a state built anew for the problem with the request: for the rare
    /// request the warm state cannot take in (a new equipment kind; a task id that sorts where
    /// the ranks have no room).
    fn recommend_cold(
        &self,
        request: &Request,
        top: usize,
        earliest: Minute,
    ) -> (Recommendation, Vec<DenseOption>) {
        let mut work = self.work.clone();
        let r = work.push_request(request);
        let pre = Pre::new(&work);
        let mut st = State::from_parts(&work, &pre, warm(&work, &pre, &self.assignment));
        let found = recommend(&mut st, r, top, earliest);
        Recommendation::from_found(&work, r, &found, &self.report)
    }

    /// Books the request at an option (from [`Planner::recommend_dense`] on the current plan):
    /// the problem gains the meeting, the plan the option. Returned as a re-plan (with the diff
    /// from the plan before); the planner moves on to the new problem and plan.
    pub fn accept(&mut self, request: &Request, option: &DenseOption) -> Result<Replan, InputErrors> {
        let changes = ChangeSet {
            now: None,
            changes: vec![Change::Add {
                meeting: request.source.clone(),
            }],
        };
        let (problem_json, changed) = changes.apply(&self.json, &self.problem)?;
        let problem = changed.with_reference(&self.plan)?;
        let (mut next, _) = resolve(&problem, &self.plan);
        // The trivial repair of a booking: the current plan, the new meeting out.
        let trivial = evaluate(&problem, &next).score;
        let unknown = |what: &str, id: &str| {
            InputErrors::one(
                "$",
                ErrorCode::InvalidValue,
                format!("the option names an unknown {what} \"{id}\""),
            )
        };
        let mut set = |id: &str, pl: Placement| -> Result<(), InputErrors> {
            let m = problem.meeting_id(id).ok_or_else(|| unknown("meeting", id))?;
            next.placements[m.index()] = Some(pl);
            next.reasons[m.index()] = None;
            Ok(())
        };
        set(request.id(), option.placement)?;
        for (x, pl) in &option.moves {
            set(x, *pl)?;
        }
        for (t, staff) in &option.tasks {
            let nt = problem.task_id(t).ok_or_else(|| unknown("task", t))?;
            next.staffing[nt.index()] = staff.clone();
        }
        let report = evaluate(&problem, &next);
        if report.score.hard > report.term(Rule::Pinned) {
            return Err(InputErrors::one(
                "$",
                ErrorCode::InvalidValue,
                format!(
                    "the option no longer fits the current plan: {}",
                    report.violations.first().map_or("", |v| v.message.as_str())
                ),
            ));
        }
        let diff = PlanDiff::between(&self.problem, &self.assignment, &problem, &next);
        let mut plan = next.to_plan(&problem);
        plan.score = Some(report.plan_score());
        let unstaffed = crate::solver::shortages_of(&problem, &next);
        let replan = Replan {
            problem_json: problem_json.clone(),
            problem,
            plan: plan.clone(),
            assignment: next,
            trivial,
            unstaffed,
            touched: vec![request.id().to_string()],
            eased: Vec::new(),
            mode: super::replan::Mode::Minimal,
            report,
            diff,
        };
        *self = Self::moved_on(problem_json, changed, &plan, self.now)?;
        Ok(replan)
    }

    /// Applies a change set (SPEC §7) with the minimal re-plan; the planner moves on to the
    /// new problem and plan. A change set without `now` uses the planner's.
    pub fn apply(&mut self, changes: &ChangeSet) -> Result<Replan, InputErrors> {
        self.apply_with(changes, &ReplanOptions::default())
    }

    /// [`Planner::apply`] with options (mode, time limit, seed, threads).
    pub fn apply_with(
        &mut self,
        changes: &ChangeSet,
        options: &ReplanOptions,
    ) -> Result<Replan, InputErrors> {
        let mut changes = changes.clone();
        if changes.now.is_none() {
            changes.now = self.now.map(|t| self.problem.calendar.format(t));
        }
        let (replan, changed) = changes.replan_keeping(&self.json, &self.problem, &self.plan, options)?;
        *self = Self::moved_on(replan.problem_json.clone(), changed, &replan.plan, self.now)?;
        Ok(replan)
    }

    fn moved_on(
        json: Value,
        problem: Problem,
        plan: &Plan,
        now: Option<Minute>,
    ) -> Result<Self, InputErrors> {
        let mut next = Self::from_loaded(json, problem, plan)?;
        next.now = now;
        Ok(next)
    }
}

/// The state of plan `a` on `p` (valid for it: every placement and person is kept).
fn warm(p: &Problem, pre: &Pre, a: &Assignment) -> Parts {
    State::with_plan(p, pre, a).into_parts()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Scale, generate};

    /// The warm state, lent a request and given back, answers as a state built afresh for the
    /// problem with the request does.
    #[test]
    fn warm_answers_equal_cold_answers() {
        let mut options = 0;
        for seed in 0..3 {
            let v = generate(Scale::S, seed);
            let p = load_problem_str(&v.to_string()).expect("loads");
            let a = crate::solver::first_fit(&p);
            let plan = a.to_plan(&p);
            let mut planner = Planner::new(&v.to_string(), &plan).expect("planner");
            for (k, m) in v["meetings"]
                .as_array()
                .expect("meetings")
                .iter()
                .enumerate()
                .take(12)
            {
                let mut m = m.clone();
                m["id"] = serde_json::json!(format!("R-{k}"));
                if let Some(o) = m.as_object_mut() {
                    o.remove("pinned");
                }
                let r = planner.request(&m.to_string()).expect("request");
                let warm = planner.recommend_dense(&r, 6).expect("warm");
                let cold = planner.recommend_cold(&r, 6, Minute::MIN);
                assert_eq!(warm, cold, "seed {seed}, request {k}");
                options += warm.0.options.len();
            }
        }
        assert!(options > 36, "too few options to compare: {options}");
    }

    #[test]
    fn planners_can_be_shared() {
        fn shared<T: Send + Sync>() {}
        shared::<Planner>();
    }
}
