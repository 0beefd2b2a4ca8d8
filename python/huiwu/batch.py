"""Solving many problems at once on Dask distributed (optional extra ``dask``).

>>> from huiwu.batch import solve_many
>>> plans = solve_many([week1, week2, week3], time_limit=30, seed=1)  # doctest: +SKIP

Problems travel to the workers as JSON (they pickle that way) and plans come back
the same way, in input order. Without a `client` a `LocalCluster` is started for
the call and closed afterwards; any `distributed.Client` works (a cluster, a
scheduler address you connected to, …).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from huiwu._plan import Plan
from huiwu._problem import Problem
from huiwu._solve import solve

__all__ = ["solve_many"]


def _solve_one(problem: Problem, options: dict[str, Any]) -> Plan:
    # No progress bar on a worker: nobody sees it.
    return solve(problem, progress=False, **options)


def solve_many(
    problems: Iterable[Problem],
    client: Any = None,
    n_workers: int | None = None,
    **solve_options: Any,
) -> list[Plan]:
    """Solves every problem with `huiwu.solve(problem, **solve_options)` on Dask; plans in input order.

    `client` is a `distributed.Client`; None starts a `LocalCluster` with
    `n_workers` single-threaded worker processes (default: the number of
    problems, at most the number of cores) and closes it at the end. Give
    `threads` in `solve_options` to bound the solver threads per problem, and
    `workers` with it: the default worker count is the machine's thread count,
    whatever `threads` is (the plan depends on it, never on `threads`).
    An error in any solve is raised here (`ValidationError`, `SolveError`, …).
    """
    items = list(problems)
    for i, p in enumerate(items):
        if not isinstance(p, Problem):
            raise TypeError(f"problems[{i}] is a {type(p).__name__}, not a huiwu.Problem")
    if "progress" in solve_options:
        raise TypeError("solve_many shows no per-problem progress; remove `progress`")
    if not items:
        return []
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("solve_many needs Dask: pip install 'huiwu[dask]'") from e

    own = client is None
    cluster = None
    if own:
        workers = n_workers or max(1, min(len(items), os.cpu_count() or 1))
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        futures = [
            client.submit(_solve_one, p, dict(solve_options), pure=False) for p in items
        ]
        plans: list[Plan] = client.gather(futures)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
    return plans
