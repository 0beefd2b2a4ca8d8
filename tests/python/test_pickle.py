"""Problem and Plan pickle (as JSON) and survive the trip unchanged."""

from __future__ import annotations

import pickle
from pathlib import Path

import huiwu


def test_problem_pickles(spec_problem: huiwu.Problem) -> None:
    again = pickle.loads(pickle.dumps(spec_problem))
    assert isinstance(again, huiwu.Problem)
    assert again == spec_problem
    assert again.summary == spec_problem.summary


def test_checked_plan_pickles(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    plan = huiwu.Plan.from_json(spec_plan_path, spec_problem)
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan
    assert again.score == plan.score and again.score.terms == plan.score.terms
    assert again.status is None and again.stats is None
    assert again.problem == spec_problem


def test_solved_plan_pickles(tiny: huiwu.Problem) -> None:
    plan = huiwu.solve(tiny, time_limit=1, seed=0, progress=False, max_iterations=500)
    again = pickle.loads(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.to_dict() == plan.to_dict()
    assert again.status == plan.status
    assert again.stats == plan.stats
    assert again.meetings_df().equals(plan.meetings_df())
