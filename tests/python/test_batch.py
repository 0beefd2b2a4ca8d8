"""solve_many on a Dask LocalCluster: plans in input order, equal to solving one by one."""

from __future__ import annotations

import pytest

import huiwu
from huiwu.batch import solve_many

from conftest import tiny_dict

distributed = pytest.importorskip("distributed")


def test_solve_many_on_local_cluster() -> None:
    problems = [huiwu.Problem.from_json(tiny_dict(n_meetings=3 + i, seed=i)) for i in range(3)]
    options = dict(time_limit=5, seed=2, threads=1, max_iterations=1000)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        plans = solve_many(problems, client=client, **options)
    assert [p.problem for p in plans] == problems
    for problem, plan in zip(problems, plans):
        assert plan.valid
        local = huiwu.solve(problem, progress=False, **options)  # type: ignore[arg-type]
        assert plan.to_dict() == local.to_dict()
        assert plan.status == local.status


def test_solve_many_own_cluster_and_empty() -> None:
    assert solve_many([]) == []
    problems = [huiwu.Problem.from_json(tiny_dict(n_meetings=2, seed=9))]
    plans = solve_many(problems, n_workers=1, time_limit=2, seed=0, max_iterations=300)
    assert len(plans) == 1 and plans[0].valid


def test_solve_many_rejects_non_problems() -> None:
    with pytest.raises(TypeError):
        solve_many([tiny_dict()])  # type: ignore[list-item]


def test_batch_loads_on_first_attribute_access() -> None:
    # `import huiwu; huiwu.batch.solve_many(...)` works without importing the submodule first.
    import subprocess
    import sys

    code = "import huiwu, sys; assert 'huiwu.batch' not in sys.modules; print(huiwu.batch.solve_many.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "solve_many"
    with pytest.raises(AttributeError):
        huiwu.no_such_module  # type: ignore[attr-defined]  # noqa: B018
