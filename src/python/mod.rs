//! Python bindings: the private `huiwu._native` module (pyo3, behind the `python` feature).
//!
//! A thin layer: wrapper classes that hold the Rust types ([`Problem`], a plan with its
//! [`Report`]), three functions (`load_problem`, `check`, `solve`) and two exception classes.
//! The ergonomics (pandas, plots, display, Dask) live in the Python package `huiwu`.
//!
//! `solve` runs the solver on a Rust thread with the GIL released; the calling thread wakes
//! every 100 ms to report progress and to look for Ctrl-C, on which it cancels the solve and
//! returns the best plan so far with a warning.

mod rows;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use pyo3::create_exception;
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

use crate::error::InputErrors;
use crate::io::{load_plan_str, load_problem_str, plan_to_json_string};
use crate::live::{ChangeSet, Mode, PlanDiff, Planner, ReplanOptions};
use crate::model::Problem;
use crate::plan::{Assignment, Plan, Tables, resolve};
use crate::report::{HtmlOptions, Kpis, html_report, work_orders, write_feeds};
use crate::score::{Report, evaluate};
use crate::solver::{CancelToken, Outcome, Progress, SolveOptions, Solver, Stats, Status};

create_exception!(
    huiwu,
    ValidationError,
    PyValueError,
    "Invalid input. `errors` lists every problem found, each a dict with `path`, `code`, `message`."
);
create_exception!(
    huiwu,
    SolveError,
    PyRuntimeError,
    "The solver failed (an internal error, not an infeasible problem: infeasible meetings are unassigned)."
);

/// How often the calling thread wakes during a solve.
const POLL: Duration = Duration::from_millis(100);

/// Converts JSON data to Python objects (dicts, lists, ints, floats, str, bool, None).
fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(o) => {
            let dict = PyDict::new(py);
            for (k, x) in o {
                dict.set_item(k, to_py(py, x)?)?;
            }
            dict.into_any()
        }
    })
}

fn rows_to_py<'py>(py: Python<'py>, rows: &[Value]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for r in rows {
        list.append(to_py(py, r)?)?;
    }
    Ok(list)
}

/// `ValidationError` carrying every input error as `{path, code, message}`.
fn validation_error(py: Python<'_>, errors: &InputErrors) -> PyErr {
    let err = ValidationError::new_err(errors.to_string());
    let list = errors.errors().iter().map(|e| {
        let d = PyDict::new(py);
        d.set_item("path", &e.path)?;
        d.set_item("code", e.code.as_str())?;
        d.set_item("message", &e.message)?;
        Ok::<_, PyErr>(d)
    });
    let attached = list
        .collect::<PyResult<Vec<_>>>()
        .and_then(|items| err.value(py).setattr("errors", items));
    match attached {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in the solver thread is caught there; a poisoned lock still holds valid data.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A validated problem (SPEC §2). Immutable.
#[pyclass(frozen, module = "huiwu._native", name = "Problem")]
pub struct PyProblem {
    inner: Arc<Problem>,
    /// The JSON it was loaded from, in canonical form (keys sorted, no spaces): `to_json`,
    /// equality, hashing and pickling use it.
    source: Arc<str>,
    /// The plan JSON set as its reference by `solve(reference=...)`, if any.
    reference: Option<Arc<str>>,
}

#[pymethods]
impl PyProblem {
    /// The problem JSON as loaded, with the reference plan it was solved against, if any.
    fn to_json(&self) -> PyResult<String> {
        let Some(reference) = &self.reference else {
            return Ok(self.source.to_string());
        };
        let parse = |text: &str| {
            serde_json::from_str::<Value>(text)
                .map_err(|e| SolveError::new_err(format!("stored JSON does not parse: {e}")))
        };
        let mut value = parse(&self.source)?;
        if let Some(o) = value.as_object_mut() {
            o.insert("reference_plan".to_string(), parse(reference)?);
        }
        Ok(value.to_string())
    }

    /// The problem's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Sizes, days, buildings and loader warnings.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &rows::summary(&self.inner))
    }

    /// Everything known about a meeting request, or None for an unknown id.
    fn meeting_info<'py>(&self, py: Python<'py>, meeting_id: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(
            py,
            &rows::meeting_info(&self.inner, meeting_id).unwrap_or(Value::Null),
        )
    }

    /// A room's facts, or None for an unknown id.
    fn room_info<'py>(&self, py: Python<'py>, room_id: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &rows::room_info(&self.inner, room_id).unwrap_or(Value::Null))
    }

    /// Meeting ids in input order.
    fn meeting_ids(&self) -> Vec<String> {
        self.inner.meetings.iter().map(|m| m.id.clone()).collect()
    }

    /// The problem after a change set (SPEC §7.1); raises `ValidationError` with every error's
    /// path in the change set.
    fn apply_changes(&self, py: Python<'_>, changes_json: &str) -> PyResult<PyProblem> {
        let applied = py.detach(|| {
            let changes = ChangeSet::from_json_str(changes_json)?;
            let json: Value = serde_json::from_str(&self.source).map_err(|e| {
                InputErrors::one(
                    "$",
                    crate::error::ErrorCode::Syntax,
                    format!("the problem's stored JSON does not parse: {e}"),
                )
            })?;
            changes.apply(&json, &self.inner)
        });
        match applied {
            Ok((json, p)) => Ok(PyProblem {
                inner: Arc::new(p),
                source: Arc::from(json.to_string()),
                reference: None,
            }),
            Err(e) => Err(validation_error(py, &e)),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<huiwu._native.Problem {:?}: {} meetings, {} rooms, {} staff, {} days>",
            self.inner.name,
            self.inner.meetings.len(),
            self.inner.rooms.len(),
            self.inner.staff.len(),
            self.inner.days.len()
        )
    }
}

/// A plan with the scorer's report on it, and the solver's status and statistics when it came
/// from `solve`.
#[pyclass(frozen, module = "huiwu._native", name = "Plan")]
pub struct PyPlan {
    problem: Py<PyProblem>,
    plan: Plan,
    /// The plan resolved against the problem (what the tables and the report are built from).
    assignment: Assignment,
    report: Report,
    tables: Tables,
    status: Option<Status>,
    stats: Option<Stats>,
}

impl PyPlan {
    fn checked(problem: Py<PyProblem>, p: &Problem, plan: Plan) -> Self {
        let (assignment, form_errors) = resolve(p, &plan);
        let mut report = evaluate(p, &assignment);
        report.form_errors = form_errors;
        Self::scored(problem, p, plan, assignment, report)
    }

    /// A plan whose dense form and report are at hand (no second evaluation).
    fn scored(
        problem: Py<PyProblem>,
        p: &Problem,
        mut plan: Plan,
        assignment: Assignment,
        report: Report,
    ) -> Self {
        plan.score = Some(report.plan_score());
        let tables = Tables::new(p, &assignment);
        Self {
            problem,
            plan,
            assignment,
            report,
            tables,
            status: None,
            stats: None,
        }
    }

    fn from_outcome(problem: Py<PyProblem>, p: &Problem, outcome: Outcome) -> Self {
        let mut plan = outcome.plan;
        // A solver plan carries its score; write the scorer's so they cannot differ.
        plan.score = Some(outcome.report.plan_score());
        let tables = Tables::new(p, &outcome.assignment);
        Self {
            problem,
            plan,
            assignment: outcome.assignment,
            report: outcome.report,
            tables,
            status: Some(outcome.status),
            stats: Some(outcome.stats),
        }
    }
}

#[pymethods]
impl PyPlan {
    /// The plan JSON (SPEC §3) with its score.
    fn to_json(&self) -> String {
        plan_to_json_string(&self.plan)
    }

    /// The problem the plan was made or checked for (with its reference plan, if any).
    #[getter]
    fn problem(&self, py: Python<'_>) -> Py<PyProblem> {
        self.problem.clone_ref(py)
    }

    /// `optimal`, `feasible`, `cancelled`, or None for a plan that did not come from `solve`.
    #[getter]
    fn status(&self) -> Option<&'static str> {
        self.status.map(rows::status)
    }

    /// Solver statistics as a dict, or None.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.stats {
            Some(s) => to_py(py, &rows::stats(s)),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// `hard`, `medium`, `soft`, `terms`, `valid`, `well_formed`, `form_errors`.
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &rows::score(&self.report))
    }

    /// Every violation and cost item: `rule`, `level`, `cost`, `meetings`, `rooms`, `staff`,
    /// `tasks`, `message`.
    fn violations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        rows_to_py(py, &rows::violations(&self.problem.get().inner, &self.report))
    }

    /// What changed from this plan to `other` (SPEC §7.3) as a dict: `moved`, `placed`,
    /// `unplaced`, `removed`, `staff`, `score`. Meetings and tasks are matched by id.
    fn diff<'py>(&self, py: Python<'py>, other: &PyPlan) -> PyResult<Bound<'py, PyAny>> {
        let d = PlanDiff::between(
            &self.problem.get().inner,
            &self.assignment,
            &other.problem.get().inner,
            &other.assignment,
        );
        to_py(py, &serde_json::to_value(&d).unwrap_or(Value::Null))
    }

    /// The KPIs (docs/format.md §9.1) as a dict.
    fn kpis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let k = py.detach(|| Kpis::of(&self.problem.get().inner, &self.assignment));
        to_py(py, &serde_json::to_value(&k).unwrap_or(Value::Null))
    }

    /// The printed plan: one self-contained HTML page.
    #[pyo3(signature = (reference=None, show_confidential=false))]
    fn to_html(&self, py: Python<'_>, reference: Option<&PyPlan>, show_confidential: bool) -> String {
        let p = &self.problem.get().inner;
        let old = reference.map(|r| (&*r.problem.get().inner, &r.assignment));
        py.detach(|| {
            html_report(
                p,
                &self.assignment,
                &HtmlOptions {
                    reference: old,
                    show_confidential,
                },
            )
        })
    }

    /// Writes the iCalendar feeds into `dir`; returns the paths written (relative to it).
    #[pyo3(signature = (dir, reference=None))]
    fn write_ical(
        &self,
        py: Python<'_>,
        dir: std::path::PathBuf,
        reference: Option<&PyPlan>,
    ) -> PyResult<Vec<String>> {
        let p = &self.problem.get().inner;
        let old = reference.map(|r| (&*r.problem.get().inner, &r.assignment));
        py.detach(|| write_feeds(&dir, p, &self.assignment, old))
            .map_err(|e| {
                pyo3::exceptions::PyOSError::new_err(format!("cannot write into {}: {e}", dir.display()))
            })
    }

    /// One dict per task of the work orders, by team, day and start.
    #[pyo3(signature = (show_confidential=false))]
    fn work_order_rows<'py>(&self, py: Python<'py>, show_confidential: bool) -> PyResult<Bound<'py, PyList>> {
        let rows = work_orders(&self.problem.get().inner, &self.assignment, show_confidential);
        rows_to_py(py, &rows::serialized(&rows))
    }

    /// One dict per placed meeting.
    fn meeting_rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        rows_to_py(py, &rows::serialized(&self.tables.meetings))
    }

    /// One dict per task.
    fn task_rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        rows_to_py(py, &rows::serialized(&self.tables.tasks))
    }

    /// One dict per unassigned meeting.
    fn unassigned_rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        rows_to_py(py, &rows::serialized(&self.tables.unassigned))
    }

    /// One dict per staff member and day.
    fn staff_load_rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        rows_to_py(py, &rows::serialized(&self.tables.staff_load))
    }

    fn __repr__(&self) -> String {
        format!(
            "<huiwu._native.Plan {}hard/{}medium/{}soft: {} placed, {} unassigned>",
            self.report.score.hard,
            self.report.score.medium,
            self.report.score.soft,
            self.tables.meetings.len(),
            self.tables.unassigned.len()
        )
    }
}

/// A long-lived planner: a problem, its current plan and the solver's warm state of it
/// (`huiwu.Planner` in Python). Questions lock it; they release the GIL while they run.
#[pyclass(frozen, module = "huiwu._native", name = "Planner")]
pub struct PyPlanner {
    inner: Mutex<Planner>,
}

impl PyPlanner {
    /// The planner's current plan (of its problem) as a Python object, with the planner's own
    /// report on it.
    fn plan_of(py: Python<'_>, planner: &Planner) -> PyResult<Py<PyPlan>> {
        let problem = Py::new(
            py,
            PyProblem {
                inner: Arc::new(planner.problem().clone()),
                source: Arc::from(planner.problem_json().to_string()),
                reference: None,
            },
        )?;
        let p = Arc::clone(&problem.get().inner);
        let plan = PyPlan::scored(
            problem,
            &p,
            planner.plan().clone(),
            planner.assignment().clone(),
            planner.report().clone(),
        );
        Py::new(py, plan)
    }

    /// The plan the planner moved on to, and the diff of the step that led there.
    fn step<'py>(py: Python<'py>, planner: &Planner, diff: &PlanDiff) -> PyResult<Bound<'py, PyAny>> {
        let out = PyDict::new(py);
        out.set_item("plan", Self::plan_of(py, planner)?)?;
        out.set_item(
            "diff",
            to_py(py, &serde_json::to_value(diff).unwrap_or(Value::Null))?,
        )?;
        Ok(out.into_any())
    }
}

#[pymethods]
impl PyPlanner {
    /// A planner for `problem` and its current `plan` (valid for it).
    #[new]
    fn new(py: Python<'_>, problem: &PyProblem, plan: &PyPlan) -> PyResult<Self> {
        let json: Value = serde_json::from_str(&problem.source)
            .map_err(|e| SolveError::new_err(format!("stored JSON does not parse: {e}")))?;
        let built = py.detach(|| Planner::from_loaded(json, (*problem.inner).clone(), &plan.plan));
        match built {
            Ok(inner) => Ok(Self {
                inner: Mutex::new(inner),
            }),
            Err(e) => Err(validation_error(py, &e)),
        }
    }

    /// Sets "now" (`YYYY-MM-DDTHH:MM`, or None): nothing starts, moves or is re-staffed before it.
    #[pyo3(signature = (now=None))]
    fn set_now(&self, py: Python<'_>, now: Option<&str>) -> PyResult<()> {
        lock(&self.inner)
            .set_now(now)
            .map_err(|e| validation_error(py, &e))
    }

    /// Where a new meeting (JSON text of a meeting object) can go: the SPEC §8 answer as a dict.
    fn recommend<'py>(&self, py: Python<'py>, meeting_json: &str, top: usize) -> PyResult<Bound<'py, PyAny>> {
        let answer = py.detach(|| {
            let mut planner = lock(&self.inner);
            let request = planner.request(meeting_json)?;
            planner.recommend(&request, top)
        });
        match answer {
            Ok(a) => to_py(py, &serde_json::to_value(&a).unwrap_or(Value::Null)),
            Err(e) => Err(validation_error(py, &e)),
        }
    }

    /// Books a new meeting at its option number `option` (0 = the best) of a `recommend` with
    /// `top = option + 1`: `{plan, diff}`; the planner moves on.
    fn accept<'py>(&self, py: Python<'py>, meeting_json: &str, option: usize) -> PyResult<Bound<'py, PyAny>> {
        let booked = py.detach(|| {
            let mut planner = lock(&self.inner);
            let request = planner.request(meeting_json)?;
            let (_, dense) = planner.recommend_dense(&request, option + 1)?;
            let Some(chosen) = dense.get(option) else {
                return Err(InputErrors::one(
                    "$",
                    crate::error::ErrorCode::InvalidValue,
                    format!("the request has {} option(s), not {}", dense.len(), option + 1),
                ));
            };
            planner.accept(&request, chosen).map(|r| r.diff)
        });
        match booked {
            Ok(diff) => Self::step(py, &lock(&self.inner), &diff),
            Err(e) => Err(validation_error(py, &e)),
        }
    }

    /// Applies a change set (JSON text): `{plan, diff, eased, mode}`; the planner moves on.
    #[pyo3(signature = (changes_json, mode="minimal", time_limit=2.0, seed=0, threads=0))]
    fn apply<'py>(
        &self,
        py: Python<'py>,
        changes_json: &str,
        mode: &str,
        time_limit: f64,
        seed: u64,
        threads: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mode: Mode = mode.parse().map_err(PyValueError::new_err)?;
        if !time_limit.is_finite() || time_limit < 0.0 {
            return Err(PyValueError::new_err(format!(
                "time_limit must be a finite number ≥ 0, not {time_limit}"
            )));
        }
        let options = ReplanOptions::default()
            .mode(mode)
            .time_limit_secs(time_limit)
            .seed(seed)
            .threads(threads);
        let applied = py.detach(|| {
            let changes = ChangeSet::from_json_str(changes_json)?;
            lock(&self.inner).apply_with(&changes, &options).map(|r| r.diff)
        });
        match applied {
            Ok(diff) => Self::step(py, &lock(&self.inner), &diff),
            Err(e) => Err(validation_error(py, &e)),
        }
    }

    /// The current plan (of the current problem).
    fn current(&self, py: Python<'_>) -> PyResult<Py<PyPlan>> {
        Self::plan_of(py, &lock(&self.inner))
    }
}

/// Loads and validates a problem from JSON text; raises `ValidationError` with every error.
#[pyfunction]
fn load_problem(py: Python<'_>, json_text: &str) -> PyResult<PyProblem> {
    let loaded = py.detach(|| {
        let p = load_problem_str(json_text)?;
        // A valid problem is JSON without duplicate keys: serde reads it the same.
        let canonical = serde_json::from_str::<Value>(json_text)
            .map(|v| v.to_string())
            .unwrap_or_default();
        Ok::<_, InputErrors>((p, canonical))
    });
    match loaded {
        Ok((p, canonical)) => Ok(PyProblem {
            inner: Arc::new(p),
            source: Arc::from(canonical),
            reference: None,
        }),
        Err(e) => Err(validation_error(py, &e)),
    }
}

/// Scores a plan (JSON text, SPEC §3) against a problem. A plan that is not JSON or not shaped
/// like a plan raises `ValidationError`; a plan that breaks rules is scored, not rejected.
#[pyfunction]
fn check(py: Python<'_>, problem: Bound<'_, PyProblem>, plan_json: &str) -> PyResult<PyPlan> {
    let plan = load_plan_str(plan_json).map_err(|e| validation_error(py, &e))?;
    let inner = Arc::clone(&problem.get().inner);
    let handle = problem.unbind();
    let checked = py.detach(|| catch_unwind(AssertUnwindSafe(|| PyPlan::checked(handle, &inner, plan))));
    checked.map_err(|p| SolveError::new_err(format!("the scorer failed: {}", panic_message(&*p))))
}

/// The problem with `reference` (a plan's JSON) as its reference plan.
fn with_reference(py: Python<'_>, problem: &PyProblem, reference: &str) -> PyResult<PyProblem> {
    let prefixed = |e: InputErrors| {
        InputErrors(
            e.0.into_iter()
                .map(|mut x| {
                    x.path = format!("$.reference_plan{}", &x.path[1..]);
                    x
                })
                .collect(),
        )
    };
    let plan = load_plan_str(reference).map_err(|e| validation_error(py, &prefixed(e)))?;
    let inner = problem
        .inner
        .with_reference(&plan)
        .map_err(|e| validation_error(py, &prefixed(e)))?;
    Ok(PyProblem {
        inner: Arc::new(inner),
        source: Arc::clone(&problem.source),
        reference: Some(Arc::from(reference)),
    })
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// What the solver thread shares with the calling thread.
#[derive(Default)]
struct Shared {
    /// The latest progress and a counter that changes with each report.
    progress: Mutex<(u64, Option<Progress>)>,
    /// The result, once the solver has returned (or panicked: the message).
    result: Mutex<Option<Result<Outcome, String>>>,
    done: Condvar,
}

fn progress_dict<'py>(py: Python<'py>, p: &Progress) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("elapsed", p.elapsed)?;
    d.set_item("fraction", p.fraction)?;
    d.set_item("hard", p.best.hard)?;
    d.set_item("medium", p.best.medium)?;
    d.set_item("soft", p.best.soft)?;
    d.set_item("unassigned", p.unassigned)?;
    d.set_item("gap", p.gap)?;
    Ok(d)
}

/// Solves a problem. Releases the GIL while the solver runs; calls `progress(dict)` at most
/// every 100 ms with `elapsed`, `fraction`, `hard`, `medium`, `soft`, `unassigned`, `gap`.
/// Ctrl-C cancels the solve and returns the best plan so far, with a `UserWarning`.
#[pyfunction]
#[pyo3(signature = (problem, time_limit=10.0, seed=0, threads=0, max_iterations=None, use_mip=true, reference=None, progress=None, workers=0))]
#[allow(clippy::too_many_arguments)]
fn solve(
    py: Python<'_>,
    problem: Bound<'_, PyProblem>,
    time_limit: f64,
    seed: u64,
    threads: usize,
    max_iterations: Option<u64>,
    use_mip: bool,
    reference: Option<&str>,
    progress: Option<Bound<'_, PyAny>>,
    workers: usize,
) -> PyResult<PyPlan> {
    if !time_limit.is_finite() || time_limit < 0.0 {
        return Err(PyValueError::new_err(format!(
            "time_limit must be a finite number ≥ 0, not {time_limit}"
        )));
    }
    let handle: Py<PyProblem> = match reference {
        Some(r) => Py::new(py, with_reference(py, problem.get(), r)?)?,
        None => problem.clone().unbind(),
    };
    let problem: Arc<Problem> = Arc::clone(&handle.get().inner);
    let mut options = SolveOptions::default()
        .time_limit_secs(time_limit)
        .seed(seed)
        .threads(threads)
        .workers(workers)
        .use_mip(use_mip);
    if let Some(n) = max_iterations {
        options = options.max_iterations(n);
    }
    let solver = Solver::new(options);
    let cancel = CancelToken::new();
    let shared = Shared::default();

    let mut signal_error: Option<PyErr> = None;
    let mut callback_error: Option<PyErr> = None;
    std::thread::scope(|scope| {
        let (problem, cancel, shared, solver) = (&*problem, &cancel, &shared, &solver);
        scope.spawn(move || {
            let report = |p: &Progress| {
                let mut g = lock(&shared.progress);
                g.0 += 1;
                g.1 = Some(p.clone());
            };
            let result = catch_unwind(AssertUnwindSafe(|| solver.solve_with(problem, cancel, &report)))
                .map_err(|p| panic_message(&*p));
            *lock(&shared.result) = Some(result);
            shared.done.notify_all();
        });
        let mut seen = 0u64;
        loop {
            let finished = py.detach(|| {
                let g = lock(&shared.result);
                let (g, _) = shared
                    .done
                    .wait_timeout_while(g, POLL, |r| r.is_none())
                    .unwrap_or_else(|e| e.into_inner());
                g.is_some()
            });
            if let (Some(cb), None) = (&progress, &callback_error) {
                let latest = {
                    let g = lock(&shared.progress);
                    (g.0 != seen).then(|| (g.0, g.1.clone()))
                };
                if let Some((n, Some(p))) = latest {
                    seen = n;
                    if let Err(e) = progress_dict(py, &p).and_then(|d| cb.call1((d,))) {
                        cancel.cancel();
                        callback_error = Some(e);
                    }
                }
            }
            if signal_error.is_none()
                && !cancel.is_cancelled()
                && let Err(e) = py.check_signals()
            {
                // Ctrl-C (or a signal handler that raised): stop the search, keep the best plan.
                cancel.cancel();
                signal_error = Some(e);
            }
            if finished {
                break;
            }
        }
    });
    if let Some(e) = callback_error {
        return Err(e);
    }
    let result = lock(&shared.result).take();
    let outcome = match result {
        Some(Ok(o)) => o,
        Some(Err(msg)) => return Err(SolveError::new_err(format!("the solver failed: {msg}"))),
        None => return Err(SolveError::new_err("the solver returned no result")),
    };
    if let Some(e) = signal_error {
        if !e.is_instance_of::<PyKeyboardInterrupt>(py) {
            // Only Ctrl-C means "stop and give me the best plan"; other handlers' errors propagate.
            return Err(e);
        }
        PyErr::warn(
            py,
            &py.get_type::<PyUserWarning>(),
            c"huiwu.solve was interrupted: returning the best plan found so far",
            1,
        )?;
    }
    Ok(PyPlan::from_outcome(handle, &problem, outcome))
}

/// The `huiwu._native` module.
#[pymodule]
#[pyo3(name = "_native")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyProblem>()?;
    m.add_class::<PyPlan>()?;
    m.add_class::<PyPlanner>()?;
    m.add_function(wrap_pyfunction!(load_problem, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(solve, m)?)?;
    m.add("ValidationError", m.py().get_type::<ValidationError>())?;
    m.add("SolveError", m.py().get_type::<SolveError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CLASS_COLOURS", crate::report::CLASS_COLOURS.to_vec())?;
    Ok(())
}
