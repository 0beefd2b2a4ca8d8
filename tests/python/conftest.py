"""Shared fixtures: the SPEC example problem and plan, and a tiny solvable problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import huiwu

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spec_path() -> Path:
    return DATA / "spec.json"


@pytest.fixture
def spec_dict(spec_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(spec_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def spec_problem(spec_path: Path) -> huiwu.Problem:
    return huiwu.Problem.from_json(spec_path)


@pytest.fixture
def spec_plan_path() -> Path:
    return DATA / "spec_plan.json"


def tiny_dict(n_meetings: int = 6, seed: int = 0) -> dict[str, Any]:
    """Two rooms, two staff, `n_meetings` meetings on two days; everything fits."""
    meetings = []
    for i in range(n_meetings):
        meetings.append(
            {
                "id": f"T-{seed}-{i}",
                "title": f"Meeting {i}",
                "class": "std",
                "attendees": 8 + (i * 7 + seed) % 20,
                "duration": 60 + 30 * (i % 3),
                "priority": 1 + i % 3,
            }
        )
    return {
        "version": 1,
        "name": f"tiny {seed}",
        "days": ["2026-03-02", "2026-03-03"],
        "opening": {"start": "08:00", "end": "18:00"},
        "buildings": [{"id": "A"}],
        "rooms": [
            {"id": "R1", "building": "A", "capacity": 30},
            {"id": "R2", "building": "A", "capacity": 12, "open_cost": 20},
        ],
        "staff": [
            {"id": "S1", "building": "A", "skills": {"setup": 2}},
            {"id": "S2", "building": "A", "skills": {"setup": 1}},
        ],
        "service_classes": [
            {
                "id": "std",
                "setup_minutes": 15,
                "tasks": [
                    {"name": "setup", "skill": "setup", "from": {"anchor": "start", "offset": -15},
                     "to": {"anchor": "start", "offset": 0}, "staff": 1}
                ],
            }
        ],
        "meetings": meetings,
    }


@pytest.fixture
def tiny() -> huiwu.Problem:
    return huiwu.Problem.from_json(tiny_dict())
