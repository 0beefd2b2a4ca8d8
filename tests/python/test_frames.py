"""from_frames builds the same problem as JSON; frames out of a plan hold exact values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import huiwu

from conftest import ROOT


def spec_frames() -> dict[str, Any]:
    rooms = pd.DataFrame(
        [
            {
                "id": "A-301", "building": "A", "floor": 3, "capacity": 60,
                "layouts": {"theatre": 60, "classroom": 36, "boardroom": 24},
                "features": ["video", "interpretation"], "confidential_level": 2,
                "equipment": {"projector": 1, "mic": 8}, "open_cost": 80, "layout_change_minutes": 20,
                "unavailable": [(pd.Timestamp("2026-03-03 08:00"), pd.Timestamp("2026-03-03 12:00"))],
            }
        ]
    )  # fmt: skip
    staff = pd.DataFrame(
        [
            {
                "id": "S-007", "name": "Wang Fang", "building": "A",
                "skills": {"setup": 1, "tea": 2, "av": 1, "first_aid": 1}, "clearance": 1,
                "external": np.bool_(False),
                "available": [("2026-03-02T07:30", "2026-03-02T17:30")],
                "max_minutes_per_day": np.int64(480), "max_minutes_total": 2400,
                "preferred_minutes_per_day": 360,
            }
        ]
    )  # fmt: skip
    # Two rows: pandas stores the gaps of M-0002 as NaN/NaT/None, which mean "absent".
    meetings = pd.DataFrame(
        [
            {
                "id": "M-0001", "title": "Weekly briefing", "class": "standard", "attendees": 30,
                "duration": 90, "earliest_start": pd.Timestamp("2026-03-02 09:00"),
                "latest_end": pd.Timestamp("2026-03-02 12:00"), "layout": "classroom",
                "features": ["video"], "equipment": {"mic": 12}, "people": ["vice-mayor-li"],
                "confidential": 1, "priority": 3, "preferred_rooms": ["A-301"],
                "preferred_start": dt.datetime(2026, 3, 2, 9, 30), "preferred_staff": ["S-007"],
                "series": "weekly-briefing", "pinned_room": "A-301",
                "pinned_start": pd.Timestamp("2026-03-02 09:30"),
            },
            {"id": "M-0002", "class": "standard", "attendees": 300, "duration": 120,
             "features": ["interpretation"]},
        ]
    )  # fmt: skip
    tasks = [
        {"name": "setup", "skill": "setup", "level": 1,
         "from": {"anchor": "start", "offset": -30}, "to": {"anchor": "start", "offset": 0},
         "staff": 1, "per_attendees": 40},
        {"name": "tea", "skill": "tea", "level": 1,
         "from": {"anchor": "start", "offset": 0}, "to": {"anchor": "end", "offset": 0},
         "staff": 0, "per_attendees": 30},
        {"name": "teardown", "skill": "setup", "level": 1,
         "from": {"anchor": "end", "offset": 0}, "to": {"anchor": "end", "offset": 15},
         "staff": 1, "per_attendees": 0},
    ]  # fmt: skip
    classes = pd.DataFrame([{"id": "standard", "setup_minutes": 30, "teardown_minutes": 15, "tasks": tasks}])
    buildings = pd.DataFrame(
        [
            {"id": "A", "name": "Block A", "opening_start": dt.time(8, 0), "opening_end": "18:00"},
            {"id": "B", "name": "Block B", "opening_start": None, "opening_end": None},
        ]
    )
    travel = pd.DataFrame([{"from": "A", "to": "B", "minutes": 10}])
    return dict(
        rooms=rooms,
        staff=staff,
        meetings=meetings,
        service_classes=classes,
        buildings=buildings,
        travel=travel,
        name="Citizen Center, week 10",
        timezone="Asia/Shanghai",
        granularity_minutes=15,
        days=pd.to_datetime(["2026-03-02", "2026-03-03"]),
        opening=("07:30", "21:00"),
        equipment_pools=pd.DataFrame([{"building": "A", "kind": "mic", "count": 30}]),
        people=[{"id": "vice-mayor-li", "compact": False}],
        series=pd.DataFrame([{"id": "weekly-briefing", "min_days": 3}]),
    )


def test_from_frames_equals_from_json(spec_problem: huiwu.Problem) -> None:
    p = huiwu.Problem.from_frames(**spec_frames())
    assert p.to_dict() == spec_problem.to_dict()
    assert p == spec_problem


def test_from_frames_defaults_buildings_and_classes() -> None:
    rooms = pd.DataFrame({"id": ["R1", "R2"], "building": ["A", "B"], "capacity": [10, 20]})
    meetings = pd.DataFrame({"id": ["M1"], "class": ["plain"], "attendees": [5], "duration": [60]})
    p = huiwu.Problem.from_frames(rooms=rooms, meetings=meetings, days=["2026-03-02"], opening=("08:00", "18:00"))
    d = p.to_dict()
    assert d["buildings"] == [{"id": "A"}, {"id": "B"}]
    assert d["service_classes"] == [{"id": "plain"}]
    assert d["days"] == ["2026-03-02"]
    assert d["opening"] == {"start": "08:00", "end": "18:00"}


def test_from_frames_unknown_column_is_reported() -> None:
    rooms = pd.DataFrame({"id": ["R1"], "building": ["A"], "capacity": [10], "colour": ["red"]})
    meetings = pd.DataFrame({"id": ["M1"], "class": ["plain"], "attendees": [5], "duration": [60]})
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.Problem.from_frames(rooms=rooms, meetings=meetings, days=["2026-03-02"], opening=("08:00", "18:00"))
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("$.rooms[0].colour", "unknown_field")]


def test_from_frames_fractional_number_is_rejected() -> None:
    rooms = pd.DataFrame({"id": ["R1"], "building": ["A"], "capacity": [10.5]})
    meetings = pd.DataFrame({"id": ["M1"], "class": ["plain"], "attendees": [5], "duration": [60]})
    with pytest.raises(huiwu.ValidationError) as info:
        huiwu.Problem.from_frames(rooms=rooms, meetings=meetings, days=["2026-03-02"], opening=("08:00", "18:00"))
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("$.rooms[0].capacity", "not_integer")]


def test_frames_out_of_the_spec_plan(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    plan = huiwu.Plan.from_json(spec_plan_path, spec_problem)
    m = plan.meetings_df()
    assert list(m["id"]) == ["M-0001"]
    row = m.iloc[0]
    assert row["room"] == "A-301" and row["building"] == "A" and row["day"] == "2026-03-02"
    assert row["start"] == pd.Timestamp("2026-03-02 09:30")
    assert row["end"] == pd.Timestamp("2026-03-02 11:00")
    assert (row["seats"], row["attendees"], row["layout"]) == (36, 30, "classroom")
    assert bool(row["pinned"]) and bool(row["preferred_room"])
    assert (row["staff_needed"], row["staff_assigned"]) == (4, 1)

    t = plan.tasks_df().set_index("id")
    assert list(t.index) == ["M-0001/setup", "M-0001/tea", "M-0001/teardown"]
    assert t.loc["M-0001/setup", "start"] == pd.Timestamp("2026-03-02 09:00")
    assert t.loc["M-0001/setup", "end"] == pd.Timestamp("2026-03-02 09:30")
    assert t.loc["M-0001/teardown", "end"] == pd.Timestamp("2026-03-02 11:15")
    assert list(t["need"]) == [2, 1, 1]
    assert list(t["missing"]) == [1, 1, 1]
    assert t.loc["M-0001/setup", "staff"] == ["S-007"]
    assert list(t["minutes"]) == [30, 90, 15]

    u = plan.unassigned_df()
    assert list(u["id"]) == ["M-0002"]
    assert u.iloc[0]["reason"] == "no room has 300 seats and interpretation"

    load = plan.staff_load_df()
    assert list(load["day"]) == ["2026-03-02", "2026-03-03"]
    assert list(load["minutes"]) == [30, 0]
    assert list(load["hours"]) == [0.5, 0.0]
    assert list(load["overtime_minutes"]) == [0, 0]

    k = plan.kpis()
    assert k["meetings_placed"] == 1 and k["meetings_unassigned"] == 1
    assert k["rooms_opened"] == 1
    assert k["seat_use"] == 30 / 36
    assert k["staff_hours"] == 0.5
    assert k["staff_coverage"] == 0.25


def test_explain(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    plan = huiwu.Plan.from_json(spec_plan_path, spec_problem)
    text = plan.explain("M-0001")
    assert "is held in room A-301 (building A, 36 seats in the classroom layout) on 2026-03-02 from 09:30 to 11:00" in text
    assert "it is pinned there" in text
    assert "6 seats stay empty" in text
    assert "setup 09:00–09:30 (setup, needs 2): S-007, 1 still missing" in text
    assert "seat_waste 6" in text
    un = plan.explain("M-0002")
    assert un.startswith("M-0002 (300 attendees, 120 min, priority 1) is not placed: no room has 300 seats")
    assert "0 of the 1 rooms seat 300" in un
    assert "unassigned 1000" in un
    with pytest.raises(KeyError):
        plan.explain("M-9999")


def test_html(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    plan = huiwu.Plan.from_json(spec_plan_path, spec_problem)
    h = plan._repr_html_()
    assert "<b>0</b> hard / <b>1300</b> medium / <b>96</b> soft" in h
    assert "<td>M-0002</td><td>no room has 300 seats and interpretation</td>" in h
    assert "<th style='text-align:left'>Seat use</th><td>83%</td>" in h
    assert "<td>seat_waste</td>" in h


def test_from_frames_round_trips_the_week() -> None:
    path = ROOT / "examples" / "week.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    frames = {k: pd.DataFrame(data[k]) for k in ("rooms", "meetings", "staff", "service_classes", "buildings", "travel")}
    options = {k: v for k, v in data.items() if k not in frames and k != "version"}
    for k in ("people", "series", "equipment_pools"):
        if k in options:
            options[k] = pd.DataFrame(options[k])
    p = huiwu.Problem.from_frames(**frames, **options)
    assert p.to_dict() == data
