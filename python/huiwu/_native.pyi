"""The private Rust core of huiwu (pyo3). Use the `huiwu` package instead.

Every function returns plain data (dicts, lists, str, int, float, bool, None);
the `huiwu` package turns it into DataFrames, tables and figures.
"""

from collections.abc import Callable
from typing import Any, final

__all__ = [
    "CLASS_COLOURS",
    "Problem",
    "Plan",
    "Planner",
    "load_problem",
    "check",
    "solve",
    "ValidationError",
    "SolveError",
    "__version__",
]

__version__: str
CLASS_COLOURS: list[str]
"""The colours of the service classes, in the problem's class order, in turn (the printed plan's)."""

class ValidationError(ValueError):
    """Invalid input (a problem or a plan).

    `errors` lists every problem found, each a dict with `path` (a JSON path
    such as ``$.meetings[3].duration``), `code` (a stable word such as
    ``missing_field``) and `message` (a sentence).
    """

    errors: list[dict[str, str]]

class SolveError(RuntimeError):
    """The solver or the scorer failed internally.

    An infeasible problem is not an error: meetings that cannot be placed are
    unassigned with a reason.
    """

@final
class Problem:
    """A validated problem (SPEC section 2). Immutable."""

    @property
    def name(self) -> str:
        """The problem's name."""

    def to_json(self) -> str:
        """The problem JSON as loaded, with the reference plan it was solved against."""

    def summary(self) -> dict[str, Any]:
        """Sizes, days, buildings and loader warnings."""

    def meeting_info(self, meeting_id: str) -> dict[str, Any] | None:
        """Everything known about a meeting request, or None for an unknown id."""

    def room_info(self, room_id: str) -> dict[str, Any] | None:
        """A room's facts, or None for an unknown id."""

    def meeting_ids(self) -> list[str]:
        """Meeting ids in input order."""

    def apply_changes(self, changes_json: str) -> Problem:
        """The problem after a change set; raises `ValidationError` with each error's path."""

@final
class Plan:
    """A plan with the scorer's report, and the solver's status and statistics."""

    @property
    def problem(self) -> Problem:
        """The problem the plan was made or checked for (with its reference plan, if any)."""

    @property
    def status(self) -> str | None:
        """``optimal``, ``feasible``, ``cancelled``, or None when not from `solve`."""

    def to_json(self) -> str:
        """The plan JSON (SPEC section 3) with its score."""

    def kpis(self) -> dict[str, Any]:
        """The KPI JSON as a dict."""

    def to_html(self, reference: Plan | None = None, show_confidential: bool = False) -> str:
        """The printed plan: one self-contained HTML page."""

    def write_ical(self, dir: str, reference: Plan | None = None) -> list[str]:
        """Writes the iCalendar feeds into `dir`; the paths written."""

    def work_order_rows(self, show_confidential: bool = False) -> list[dict[str, Any]]:
        """One dict per task of the work orders."""

    def stats(self) -> dict[str, Any] | None:
        """Solver statistics, or None."""

    def score(self) -> dict[str, Any]:
        """``hard``, ``medium``, ``soft``, ``terms``, ``valid``, ``well_formed``, ``form_errors``."""

    def violations(self) -> list[dict[str, Any]]:
        """Every violation and cost item, with string ids."""

    def diff(self, other: Plan) -> dict[str, Any]:
        """What changed from this plan to `other`: moved, placed, unplaced, removed, staff, score."""

    def meeting_rows(self) -> list[dict[str, Any]]:
        """One dict per placed meeting."""

    def task_rows(self) -> list[dict[str, Any]]:
        """One dict per task."""

    def unassigned_rows(self) -> list[dict[str, Any]]:
        """One dict per unassigned meeting."""

    def staff_load_rows(self) -> list[dict[str, Any]]:
        """One dict per staff member and planning day."""

def load_problem(json_text: str) -> Problem:
    """Loads and validates a problem; raises `ValidationError` with every error."""

def check(problem: Problem, plan_json: str) -> Plan:
    """Scores a plan; raises `ValidationError` when it is not shaped like a plan."""

def solve(
    problem: Problem,
    time_limit: float = 10.0,
    seed: int = 0,
    threads: int = 0,
    max_iterations: int | None = None,
    use_mip: bool = True,
    reference: str | None = None,
    progress: Callable[[dict[str, Any]], object] | None = None,
    workers: int = 0,
) -> Plan:
    """Solves with the GIL released. Ctrl-C returns the best plan so far with a warning."""

@final
class Planner:
    """A problem, its current plan and the solver's warm state of it."""

    def __new__(cls, problem: Problem, plan: Plan) -> Planner: ...
    def set_now(self, now: str | None = None) -> None:
        """Nothing starts, moves or is re-staffed before `now`."""

    def recommend(self, meeting_json: str, top: int) -> dict[str, Any]:
        """The SPEC section 8 answer: `version`, `meeting`, `options`, `rejected`."""

    def accept(self, meeting_json: str, option: int) -> dict[str, Any]:
        """Books option `option`: `{plan, diff}`."""

    def apply(
        self, changes_json: str, mode: str = "minimal", time_limit: float = 2.0, seed: int = 0, threads: int = 0
    ) -> dict[str, Any]:
        """Re-plans after a change set: `{plan, diff}`."""

    def current(self) -> Plan:
        """The current plan (of the current problem)."""
