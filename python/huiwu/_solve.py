"""`huiwu.solve` and `huiwu.check`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from huiwu import _native
from huiwu._plan import Plan, Report
from huiwu._problem import JsonSource, Problem, read_json_source

ProgressCallback = Callable[[dict[str, Any]], object]


def _plan_text(plan: Plan | JsonSource) -> str:
    if isinstance(plan, Plan):
        return plan.to_json()
    return read_json_source(plan)


class _Bar:
    """A tqdm.auto bar over the fraction of the time limit, with the best score as postfix."""

    def __init__(self, time_limit: float) -> None:
        from tqdm.auto import tqdm

        self._bar = tqdm(total=100, desc="huiwu", unit="%", bar_format="{l_bar}{bar}| {elapsed}{postfix}")
        self._n = 0
        self._time_limit = time_limit

    def __call__(self, p: dict[str, Any]) -> None:
        n = min(100, int(p["fraction"] * 100))
        if n > self._n:
            self._bar.update(n - self._n)
            self._n = n
        self._bar.set_postfix_str(
            f"{p['hard']}/{p['medium']}/{p['soft']}, {p['unassigned']} unassigned", refresh=False
        )

    def close(self, plan: Plan | None) -> None:
        if plan is not None:
            s = plan.score
            self._bar.set_postfix_str(f"{s.hard}/{s.medium}/{s.soft} ({plan.status})", refresh=False)
            if self._n < 100 and plan.status != "cancelled":
                self._bar.update(100 - self._n)
        self._bar.close()


def solve(
    problem: Problem,
    time_limit: float = 10,
    seed: int = 0,
    threads: int | None = None,
    progress: bool | ProgressCallback = True,
    reference: Plan | JsonSource | None = None,
    max_iterations: int | None = None,
    use_mip: bool = True,
    workers: int | None = None,
) -> Plan:
    """Plans `problem`: rooms and starts for meetings, staff for tasks.

    - `time_limit`: seconds (the solver stops earlier when it proves optimality);
    - `seed`: every random choice comes from it; same seed, `workers` and
      `max_iterations`, same plan, whatever `threads` and the machine;
    - `threads`: threads, None for all cores (the plan does not depend on it);
    - `workers`: annealing workers of the search, None to choose from the
      machine's threads (at least 4); the plan depends on it;
    - `progress`: True for a tqdm progress bar, False for none, or a callable
      receiving dicts with ``elapsed``, ``fraction``, ``hard``, ``medium``,
      ``soft``, ``unassigned``, ``gap`` at most every 100 ms;
    - `reference`: a plan to stay close to (re-planning; costs ``moved_room``,
      ``moved_time``, ``staff_changed``); a Plan, dict, JSON text or path;
    - `max_iterations`: cap on local-search iterations per worker, for runs that
      do not depend on the clock;
    - `use_mip`: use the exact MIP neighbourhoods.

    The GIL is released while solving. Ctrl-C stops the search and returns the
    best plan so far (status ``cancelled``) with a `UserWarning`. Meetings that
    cannot be placed are unassigned with a reason; the plan is never invalid.
    Raises `ValidationError` for a bad `reference`, `SolveError` if the solver fails.
    """
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a huiwu.Problem, not {type(problem).__name__}")
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1 (or None for all cores), not {threads}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1 (or None to choose from the machine), not {workers}")
    if max_iterations is not None and max_iterations < 0:
        raise ValueError(f"max_iterations must be ≥ 0, not {max_iterations}")
    if seed < 0:
        raise ValueError(f"seed must be ≥ 0, not {seed}")
    ref_text = None if reference is None else _plan_text(reference)
    bar: _Bar | None = None
    callback: ProgressCallback | None
    if progress is True:
        bar = _Bar(float(time_limit))
        callback = bar
    elif progress is False or progress is None:
        callback = None
    elif callable(progress):
        callback = progress
    else:
        raise TypeError("progress must be True, False or a callable")
    plan: Plan | None = None
    try:
        native = _native.solve(
            problem._native,
            time_limit=float(time_limit),
            seed=seed,
            threads=threads or 0,
            workers=workers or 0,
            max_iterations=max_iterations,
            use_mip=use_mip,
            reference=ref_text,
            progress=callback,
        )
        # With a reference the solved problem is the problem plus its reference plan.
        plan = Plan(native, problem if ref_text is None else None)
    finally:
        if bar is not None:
            bar.close(plan)
    return plan


def check(problem: Problem, plan: Plan | JsonSource) -> Report:
    """Scores a plan against a problem with the independent checker.

    `plan` is a Plan, a dict, JSON text or a path. A plan that breaks rules is
    scored (see `Report.valid`, `Report.violations`); text that is not a plan
    raises `ValidationError`.
    """
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a huiwu.Problem, not {type(problem).__name__}")
    native = _native.check(problem._native, _plan_text(plan))
    return Plan(native, problem).report()


__all__ = ["check", "solve"]

