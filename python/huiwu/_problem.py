"""`huiwu.Problem`: a validated, immutable problem (SPEC section 2)."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from huiwu import _native
from huiwu._frames import problem_dict

JsonSource = str | bytes | os.PathLike[str] | Mapping[str, Any]


def read_json_source(source: JsonSource) -> str:
    """JSON text from a path, JSON text, bytes or a dict.

    A string is JSON text when it starts with ``{`` (after blanks), else a path.
    """
    if isinstance(source, Mapping):
        return json.dumps(source, ensure_ascii=False)
    if isinstance(source, bytes):
        return source.decode("utf-8")
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return source
    if isinstance(source, (str, os.PathLike)):
        return Path(source).read_text(encoding="utf-8")
    raise TypeError(f"expected a path, JSON text or a dict, not {type(source).__name__}")


class Problem:
    """A validated problem: rooms, staff, meetings, service classes (SPEC section 2).

    Build one with `Problem.from_json` or `Problem.from_frames`; invalid input
    raises `huiwu.ValidationError` listing every error with its JSON path.
    Problems are immutable, compare equal when their JSON is equal, and pickle
    (as JSON).
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Problem) -> None:
        """Wraps a native problem; use `from_json` or `from_frames` instead."""
        if not isinstance(native, _native.Problem):
            raise TypeError("use Problem.from_json or Problem.from_frames to build a Problem")
        self._native = native

    @classmethod
    def from_json(cls, source: JsonSource) -> Problem:
        """Loads a problem from a file path, JSON text, bytes or a dict."""
        return cls(_native.load_problem(read_json_source(source)))

    @classmethod
    def from_frames(
        cls,
        *,
        rooms: pd.DataFrame,
        meetings: pd.DataFrame,
        staff: pd.DataFrame | None = None,
        service_classes: pd.DataFrame | None = None,
        buildings: pd.DataFrame | None = None,
        travel: pd.DataFrame | None = None,
        **options: Any,
    ) -> Problem:
        """Builds a problem from pandas DataFrames, one row per item.

        Columns are the SPEC field names (``docs/python.md`` lists them), with
        these conveniences:

        - a missing value (None, NaN, NaT) means the field is absent (its default);
        - whole floats become integers (pandas stores int columns with gaps as float);
        - times may be `pd.Timestamp`/`datetime` or ``"YYYY-MM-DDTHH:MM"`` strings,
          clock times `datetime.time` or ``"HH:MM"``, days dates or strings;
        - lists (features, people, …) are Python lists, maps (skills, layouts,
          equipment) dicts; intervals (``available``, ``unavailable``,
          ``windows``) lists of ``(start, end)`` pairs or dicts;
        - meetings: ``pinned_room`` + ``pinned_start`` make ``pinned``;
          ``earliest_start`` + ``latest_end`` make a single window;
          buildings: ``opening_start`` + ``opening_end`` make ``opening``;
        - `buildings` defaults to one per building named by rooms and staff;
          `service_classes` to one class without tasks per class named by meetings.

        `options` are the other top-level fields: ``days`` (required), ``opening``
        (required; ``("08:00", "18:00")``), ``granularity_minutes``, ``name``,
        ``timezone``, ``weights`` (dict), ``people``, ``series``,
        ``equipment_pools`` (DataFrames or lists of dicts), ``reference_plan``.
        An unknown column or option is an error, reported with its path.
        """
        data = problem_dict(
            rooms=rooms,
            meetings=meetings,
            staff=staff,
            service_classes=service_classes,
            buildings=buildings,
            travel=travel,
            **options,
        )
        return cls.from_json(data)

    def apply(self, changes: JsonSource) -> Problem:
        """The problem after a change set (a path, JSON text, bytes or dict): meetings cancelled,
        added or updated, rooms out, staff away, pins set or lifted, in order. Raises
        `ValidationError` with each error's path in the change set (``$.changes[2].set.attendes``).
        """
        return Problem(self._native.apply_changes(read_json_source(changes)))

    def to_json(self, indent: int | None = None) -> str:
        """The problem as JSON text (as loaded; keys sorted)."""
        text = self._native.to_json()
        if indent is None:
            return text
        return json.dumps(json.loads(text), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        """The problem as a dict."""
        data: dict[str, Any] = json.loads(self._native.to_json())
        return data

    @property
    def name(self) -> str:
        """The problem's name (may be empty)."""
        return self._native.name

    @property
    def summary(self) -> dict[str, Any]:
        """Sizes, days, buildings, the weights of the medium and soft terms (defaults applied) and
        loader warnings as a dict."""
        return self._native.summary()

    @property
    def days(self) -> list[str]:
        """The planning days, ``YYYY-MM-DD``."""
        days: list[str] = self.summary["days"]
        return days

    @property
    def warnings(self) -> list[dict[str, str]]:
        """Accepted but suspicious input (``windows: []``…), each with `path` and `message`."""
        warnings: list[dict[str, str]] = self.summary["warnings"]
        return warnings

    @property
    def meeting_ids(self) -> list[str]:
        """Meeting ids in input order."""
        return self._native.meeting_ids()

    def meeting(self, meeting_id: str) -> dict[str, Any]:
        """Everything known about a meeting request (defaults applied), with the rooms that fit it.

        Raises `KeyError` for an unknown id.
        """
        info = self._native.meeting_info(meeting_id)
        if info is None:
            raise KeyError(meeting_id)
        return info

    def room(self, room_id: str) -> dict[str, Any]:
        """A room's facts (building, seats, layouts, features, open cost). `KeyError` if unknown."""
        info = self._native.room_info(room_id)
        if info is None:
            raise KeyError(room_id)
        return info

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self._native.to_json())

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Problem.from_json, (self._native.to_json(),))

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<huiwu.Problem {s['name']!r}: {s['meetings']} meetings, {s['rooms']} rooms, "
            f"{s['staff']} staff, {len(s['days'])} days>"
        )

    def _repr_html_(self) -> str:
        s = self.summary
        e = html.escape
        days = s["days"]
        span = f"{days[0]} – {days[-1]}" if days else "—"
        rows = [
            ("Name", e(s["name"]) or "—"),
            ("Days", f"{len(days)} ({e(span)})"),
            ("Opening", e(s["opening"])),
            ("Granularity", f"{s['granularity_minutes']} min"),
            ("Meetings", f"{s['meetings']} ({s['attendees']} attendees, {s['pinned']} pinned)"),
            ("Tasks", str(s["tasks"])),
            ("Rooms", f"{s['rooms']} ({s['seats']} seats)"),
            ("Staff", str(s["staff"])),
            ("Service classes", str(s["service_classes"])),
            ("Series / people", f"{s['series']} / {s['people']}"),
            ("Re-planning", "yes (reference plan)" if s["has_reference"] else "no"),
        ]
        head = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
        brows = "".join(
            f"<tr><td>{e(b['id'])}</td><td>{e(b['name'])}</td><td>{e(b['opening'])}</td>"
            f"<td>{b['rooms']}</td><td>{b['staff']}</td></tr>"
            for b in s["buildings"]
        )
        warn = ""
        if s["warnings"]:
            items = "".join(f"<li><code>{e(w['path'])}</code>: {e(w['message'])}</li>" for w in s["warnings"])
            warn = f"<p><b>Warnings</b></p><ul>{items}</ul>"
        return (
            "<div><b>huiwu.Problem</b>"
            f"<table>{head}</table>"
            "<table><tr><th>building</th><th>name</th><th>opening</th><th>rooms</th><th>staff</th></tr>"
            f"{brows}</table>{warn}</div>"
        )
