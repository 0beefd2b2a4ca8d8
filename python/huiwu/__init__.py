"""huiwu — a planning engine for government meeting services (机关会务).

Rooms, times, service staff and equipment for a week of meetings, planned with
an exact integer score (hard / medium / soft) and explained.

>>> import huiwu
>>> problem = huiwu.Problem.from_json("examples/week.json")  # doctest: +SKIP
>>> plan = huiwu.solve(problem, time_limit=10, seed=0)  # doctest: +SKIP
>>> plan.meetings_df()  # doctest: +SKIP
>>> plan.explain("M-0042")  # doctest: +SKIP

`solve_many` (Dask) lives in `huiwu.batch`; plots need the ``plot`` extra.
"""

import importlib
from types import ModuleType

from huiwu._native import SolveError, ValidationError
from huiwu._native import __version__ as __version__
from huiwu._plan import Kpis, Plan, PlanDiff, Report, Score, Violation
from huiwu._planner import Planner, Step
from huiwu._problem import Problem
from huiwu._solve import check, solve

__all__ = [
    "Kpis",
    "Plan",
    "PlanDiff",
    "Planner",
    "Problem",
    "Report",
    "Score",
    "Step",
    "SolveError",
    "ValidationError",
    "Violation",
    "check",
    "solve",
]

# Submodules with optional dependencies load on first use (PEP 562): `huiwu.batch` needs Dask.
_LAZY_SUBMODULES = ("batch",)


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f"huiwu.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'huiwu' has no attribute {name!r}")
