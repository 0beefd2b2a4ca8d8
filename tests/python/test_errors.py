"""Every exception path of the Python API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import huiwu

from conftest import ROOT


def test_exception_classes() -> None:
    assert issubclass(huiwu.ValidationError, ValueError)
    assert issubclass(huiwu.SolveError, RuntimeError)
    assert not issubclass(huiwu.ValidationError, huiwu.SolveError)
    assert huiwu.ValidationError.__module__ == "huiwu"
    assert huiwu.SolveError.__module__ == "huiwu"


def test_unknown_field_has_path_and_code(spec_dict: dict[str, Any]) -> None:
    spec_dict["rooms"][0]["colour"] = "red"
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.Problem.from_json(spec_dict)
    errors = info.value.errors
    assert errors == [
        {"path": "$.rooms[0].colour", "code": "unknown_field", "message": errors[0]["message"]}
    ]
    assert errors[0]["message"]
    assert "$.rooms[0].colour" in str(info.value)


def test_every_error_is_collected(spec_dict: dict[str, Any]) -> None:
    spec_dict["meetings"][0]["duration"] = 90.0
    spec_dict["meetings"][1]["class"] = "no-such-class"
    del spec_dict["days"]
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.Problem.from_json(spec_dict)
    got = sorted((e["path"], e["code"]) for e in info.value.errors)
    assert got == [
        ("$", "missing_field"),
        ("$.meetings[0].duration", "not_integer"),
        ("$.meetings[1].class", "unknown_reference"),
    ] or got == [
        ("$.days", "missing_field"),
        ("$.meetings[0].duration", "not_integer"),
        ("$.meetings[1].class", "unknown_reference"),
    ]


def test_not_json_is_a_validation_error() -> None:
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.Problem.from_json("{not json")
    assert [e["code"] for e in info.value.errors] == ["syntax"]


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        huiwu.Problem.from_json(tmp_path / "absent.json")


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError):
        huiwu.Problem.from_json(42)  # type: ignore[arg-type]


def test_bad_plan_text(spec_problem: huiwu.Problem) -> None:
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.check(spec_problem, "{nope")
    assert info.value.errors[0]["code"] == "syntax"
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.check(spec_problem, {"meetings": []})
    assert ("$.version", "missing_field") in {(e["path"], e["code"]) for e in info.value.errors} or (
        "$",
        "missing_field",
    ) in {(e["path"], e["code"]) for e in info.value.errors}
    with pytest.raises(huiwu.ValidationError):
        huiwu.Plan.from_json({"version": 1, "meetings": "x"}, spec_problem)


def test_bad_reference_plan(tiny: huiwu.Problem) -> None:
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.solve(tiny, time_limit=1, progress=False, reference="{broken")
    assert info.value.errors[0]["path"].startswith("$.reference_plan")
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.solve(tiny, time_limit=1, progress=False, reference={"version": 1, "meetings": 3})
    assert all(e["path"].startswith("$.reference_plan") for e in info.value.errors)


def test_bad_solve_arguments(tiny: huiwu.Problem) -> None:
    with pytest.raises(TypeError):
        huiwu.solve(tiny.to_dict(), progress=False)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        huiwu.solve(tiny, threads=0, progress=False)
    with pytest.raises(ValueError):
        huiwu.solve(tiny, seed=-1, progress=False)
    with pytest.raises(ValueError):
        huiwu.solve(tiny, time_limit=float("nan"), progress=False)
    with pytest.raises(ValueError):
        huiwu.solve(tiny, time_limit=-1, progress=False)
    with pytest.raises(TypeError):
        huiwu.solve(tiny, progress="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        huiwu.check(json.dumps(tiny.to_dict()), {"version": 1})  # type: ignore[arg-type]


def test_progress_callback_error_propagates() -> None:
    week = huiwu.Problem.from_json(ROOT / "examples" / "week.json")

    class Boom(Exception):
        pass

    def cb(p: dict[str, Any]) -> None:
        raise Boom("from the callback")

    with pytest.raises(Boom):
        huiwu.solve(week, time_limit=5, progress=cb)
