"""check(): the SPEC §3 example plan scores exactly as the SPEC says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import huiwu

SPEC_TERMS_NONZERO = {
    "unassigned": 1000,
    "missing_staff": 300,
    "seat_waste": 6,
    "room_open": 80,
    "series_spread": 10,
}


def test_spec_plan_scores_exactly(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    report = huiwu.check(spec_problem, spec_plan_path)
    assert (report.hard, report.medium, report.soft) == (0, 1300, 96)
    assert report.valid and report.well_formed
    assert {k: v for k, v in report.terms.items() if v} == SPEC_TERMS_NONZERO
    # Every rule and term is present.
    assert len(report.terms) == 9 + 2 + 14
    assert report.form_errors == []
    assert report.score == huiwu.Score(0, 1300, 96)
    assert str(report.score) == "0hard/1300medium/96soft"
    costs: dict[str, int] = {}
    for v in report.violations:
        assert v.level in ("medium", "soft")
        costs[v.rule] = costs.get(v.rule, 0) + v.cost
        assert v.message
    assert costs == SPEC_TERMS_NONZERO


def test_check_accepts_plan_dict_text(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    text = spec_plan_path.read_text(encoding="utf-8")
    a = huiwu.check(spec_problem, text)
    b = huiwu.check(spec_problem, json.loads(text))
    plan = huiwu.Plan.from_json(text, spec_problem)
    c = huiwu.check(spec_problem, plan)
    assert a == b == c
    assert plan.status is None and plan.stats is None
    assert plan.score.as_tuple() == (0, 1300, 96)
    # The plan written back carries the checker's score.
    out = plan.to_dict()
    assert out["score"]["hard"] == 0 and out["score"]["medium"] == 1300 and out["score"]["soft"] == 96


def test_broken_plan_is_scored_not_rejected(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    data: dict[str, Any] = json.loads(spec_plan_path.read_text(encoding="utf-8"))
    # Moving the pinned meeting breaks `pinned`; 09:40 is also off the 15-minute grid.
    data["meetings"][0]["start"] = "2026-03-02T09:40"
    report = huiwu.check(spec_problem, data)
    assert report.terms["pinned"] == 1
    assert report.terms["time_fit"] == 1
    assert report.hard == 2
    assert not report.valid and report.well_formed
    hard = sorted(v.rule for v in report.violations if v.level == "hard")
    assert hard == ["pinned", "time_fit"]
    for v in report.violations:
        if v.level == "hard":
            assert v.meetings == ["M-0001"]


def test_malformed_plan_lists_form_errors(spec_problem: huiwu.Problem) -> None:
    # M-0002 is missing: not well-formed (nothing may be lost).
    plan = {"version": 1, "meetings": [{"id": "M-0001", "room": "A-301", "start": "2026-03-02T09:30"}]}
    report = huiwu.check(spec_problem, plan)
    assert not report.well_formed and not report.valid
    assert len(report.form_errors) >= 1
    assert all(set(e) == {"path", "message"} for e in report.form_errors)
