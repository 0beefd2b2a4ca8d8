"""Problem: JSON in every form, round trips, summary, display."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import huiwu


def test_from_path_str_dict_bytes_are_equal(spec_path: Path, spec_dict: dict[str, Any]) -> None:
    a = huiwu.Problem.from_json(spec_path)
    b = huiwu.Problem.from_json(str(spec_path))
    c = huiwu.Problem.from_json(spec_path.read_text(encoding="utf-8"))
    d = huiwu.Problem.from_json(spec_dict)
    e = huiwu.Problem.from_json(spec_path.read_bytes())
    assert a == b == c == d == e
    assert hash(a) == hash(d)


def test_json_round_trip(spec_problem: huiwu.Problem, spec_dict: dict[str, Any]) -> None:
    assert spec_problem.to_dict() == spec_dict
    again = huiwu.Problem.from_json(spec_problem.to_json())
    assert again == spec_problem
    assert json.loads(spec_problem.to_json(indent=2)) == spec_dict


def test_summary(spec_problem: huiwu.Problem) -> None:
    s = spec_problem.summary
    assert s["name"] == "Citizen Center, week 10"
    assert s["days"] == ["2026-03-02", "2026-03-03"]
    assert spec_problem.days == ["2026-03-02", "2026-03-03"]
    assert (s["rooms"], s["staff"], s["meetings"], s["pinned"]) == (1, 1, 2, 1)
    assert s["attendees"] == 330
    assert s["opening"] == "07:30–21:00"
    assert [b["id"] for b in s["buildings"]] == ["A", "B"]
    assert s["buildings"][0]["opening"] == "08:00–18:00"
    assert s["buildings"][1]["opening"] == "07:30–21:00"
    assert (s["buildings"][0]["rooms"], s["buildings"][0]["staff"]) == (1, 1)
    # M-0001 creates 3 tasks, M-0002 (300 attendees) also 3: setup 1+8, tea 10, teardown 1.
    assert s["tasks"] == 6
    assert spec_problem.meeting_ids == ["M-0001", "M-0002"]
    assert spec_problem.name == "Citizen Center, week 10"
    assert spec_problem.warnings == []


def test_meeting_and_room_info(spec_problem: huiwu.Problem) -> None:
    m = spec_problem.meeting("M-0001")
    assert m["layout"] == "classroom"
    assert m["fitting_rooms"] == ["A-301"]
    assert m["pinned"] == {"room": "A-301", "start": "2026-03-02T09:30"}
    assert m["tasks"] == ["M-0001/setup", "M-0001/tea", "M-0001/teardown"]
    m2 = spec_problem.meeting("M-0002")
    assert m2["fitting_rooms"] == []
    assert m2["rooms_big_enough"] == 0
    assert m2["rooms_with_features"] == 1
    assert m2["priority"] == 1
    assert m2["windows"] is None
    r = spec_problem.room("A-301")
    assert (r["building"], r["capacity"], r["open_cost"]) == ("A", 60, 80)
    assert r["layouts"] == {"boardroom": 24, "classroom": 36, "theatre": 60}
    with pytest.raises(KeyError):
        spec_problem.meeting("nope")
    with pytest.raises(KeyError):
        spec_problem.room("nope")


def test_repr_and_html(spec_problem: huiwu.Problem) -> None:
    assert repr(spec_problem) == (
        "<huiwu.Problem 'Citizen Center, week 10': 2 meetings, 1 rooms, 1 staff, 2 days>"
    )
    h = spec_problem._repr_html_()
    assert "Citizen Center, week 10" in h
    assert "2026-03-02 – 2026-03-03" in h
    assert "<td>Block A</td><td>08:00–18:00</td><td>1</td><td>1</td>" in h


def test_constructor_is_private() -> None:
    with pytest.raises(TypeError):
        huiwu.Problem("{}")  # type: ignore[arg-type]


def test_warnings_are_kept(spec_dict: dict[str, Any]) -> None:
    spec_dict["meetings"][1]["windows"] = []
    p = huiwu.Problem.from_json(spec_dict)
    assert [w["path"] for w in p.warnings] == ["$.meetings[1].windows"]


def test_apply_a_change_set(spec_problem: huiwu.Problem) -> None:
    changes = {
        "version": 1,
        "changes": [
            {"op": "cancel", "meeting": "M-0002"},
            {"op": "add", "meeting": {"id": "M-0900", "class": "standard", "attendees": 20, "duration": 60}},
            {"op": "update", "meeting": "M-0001", "set": {"attendees": 24}},
        ],
    }
    changed = spec_problem.apply(changes)
    assert changed.meeting_ids == ["M-0001", "M-0900"]
    assert changed.meeting("M-0001")["attendees"] == 24
    assert spec_problem.meeting_ids == ["M-0001", "M-0002"]  # the original is unchanged
    assert huiwu.Problem.from_json(changed.to_json()) == changed
    bad = {"version": 1, "changes": [{"op": "update", "meeting": "M-0001", "set": {"attendes": 5}}]}
    with pytest.raises(huiwu.ValidationError) as info:
        spec_problem.apply(bad)
    assert [e["path"] for e in info.value.errors] == ["$.changes[0].set.attendes"]
