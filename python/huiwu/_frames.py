"""Turning pandas DataFrames (and plain Python values) into SPEC problem JSON.

The rules are few and documented in `Problem.from_frames`: a missing value (None,
NaN, NaT) means "field absent"; whole floats become ints (pandas turns integer
columns with gaps into floats); times may be Timestamps, datetimes or strings.
Anything else passes through unchanged, so the Rust loader reports it with its
JSON path (an unknown column is an unknown field, never silently ignored).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

_MISSING = object()


def _is_missing(v: object) -> bool:
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    if isinstance(v, np.datetime64):
        return bool(np.isnat(v))
    return False


def _datetime_str(v: object) -> object:
    """A SPEC date-time (``YYYY-MM-DDTHH:MM``) from a Timestamp/datetime; else unchanged."""
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.strftime("%Y-%m-%dT%H:%M")
    return v


def _date_str(v: object) -> object:
    if isinstance(v, (pd.Timestamp, dt.datetime, dt.date)):
        return v.strftime("%Y-%m-%d")
    return v


def _day(v: object) -> object:
    if isinstance(v, np.datetime64):
        v = pd.Timestamp(v)
    if isinstance(v, (pd.Timestamp, dt.datetime, dt.date)):
        return _date_str(v)
    return clean(v)


def _clock_str(v: object) -> object:
    if isinstance(v, (dt.time, pd.Timestamp, dt.datetime)):
        return v.strftime("%H:%M")
    return v


def clean(v: Any) -> Any:
    """A JSON-ready value: numpy scalars to Python, whole floats to int, times to strings.

    Missing values inside lists and dicts are dropped; at the top of a field the
    caller drops the field (returns `_MISSING` there).
    """
    if _is_missing(v):
        return _MISSING
    if isinstance(v, np.datetime64):
        v = pd.Timestamp(v)
    elif isinstance(v, np.generic):
        v = v.item()  # numpy scalar to Python
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return _datetime_str(v)
    if isinstance(v, dt.date):
        return _date_str(v)
    if isinstance(v, dt.time):
        return _clock_str(v)
    if isinstance(v, Mapping):
        out = {}
        for k, x in v.items():
            c = clean(x)
            if c is not _MISSING:
                out[str(k)] = c
        return out
    if isinstance(v, (list, tuple, np.ndarray, pd.Series, set, frozenset)):
        items = sorted(v) if isinstance(v, (set, frozenset)) else list(v)
        return [c for c in (clean(x) for x in items) if c is not _MISSING]
    return v


def interval(v: Any, start_key: str = "start", end_key: str = "end") -> Any:
    """An interval from a ``(start, end)`` pair, a `pd.Interval` or a dict (kept as given)."""
    if isinstance(v, pd.Interval):
        return {start_key: _datetime_str(v.left), end_key: _datetime_str(v.right)}
    if isinstance(v, (tuple, list)) and len(v) == 2:
        return {start_key: clean(v[0]), end_key: clean(v[1])}
    return clean(v)


def intervals(v: Any, start_key: str = "start", end_key: str = "end") -> Any:
    """A list of intervals (each as accepted by `interval`)."""
    if _is_missing(v):
        return _MISSING
    if isinstance(v, (str, Mapping)):
        return clean(v)
    return [interval(x, start_key, end_key) for x in list(v)]


def opening(v: Any) -> Any:
    """Opening hours from a ``(start, end)`` pair, a ``"HH:MM-HH:MM"`` string or a dict."""
    if _is_missing(v):
        return _MISSING
    if isinstance(v, str) and "-" in v and len(v) == 11:
        a, b = v.split("-")
        return {"start": a, "end": b}
    if isinstance(v, (tuple, list)) and len(v) == 2:
        return {"start": _clock_str(clean(v[0])), "end": _clock_str(clean(v[1]))}
    return clean(v)


def records(frame: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Rows of a DataFrame (or dicts) as dicts, values cleaned, missing fields dropped."""
    if frame is None:
        return []
    rows: Iterable[Mapping[Any, Any]]
    if isinstance(frame, pd.DataFrame):
        rows = frame.to_dict(orient="records")
    else:
        rows = frame
    out = []
    for row in rows:
        rec: dict[str, Any] = {}
        for k, v in row.items():
            c = clean(v)
            if c is not _MISSING:
                rec[str(k)] = c
        out.append(rec)
    return out


def _raw_records(frame: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Rows as dicts with values untouched (interval columns are converted field by field)."""
    if frame is None:
        return []
    if isinstance(frame, pd.DataFrame):
        return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]
    return [dict(r) for r in frame]


_INTERVAL_FIELDS = {"unavailable", "available"}


def _row(raw: Mapping[str, Any]) -> dict[str, Any]:
    rec: dict[str, Any] = {}
    for k, v in raw.items():
        if k in _INTERVAL_FIELDS:
            c = intervals(v)
        elif k == "windows":
            c = intervals(v, "earliest_start", "latest_end")
        elif k == "opening":
            c = opening(v)
        else:
            c = clean(v)
        if c is not _MISSING:
            rec[k] = c
    return rec


def _fold(rec: dict[str, Any], a: str, b: str, into: str, ka: str, kb: str, as_list: bool) -> None:
    """Folds two flat columns (``pinned_room``/``pinned_start``…) into one nested field."""
    if a not in rec and b not in rec:
        return
    value = {ka: rec.pop(a, None), kb: rec.pop(b, None)}
    value = {k: x for k, x in value.items() if x is not None}
    rec[into] = [value] if as_list else value


def problem_dict(
    *,
    rooms: Any,
    meetings: Any,
    staff: Any = None,
    service_classes: Any = None,
    buildings: Any = None,
    travel: Any = None,
    **options: Any,
) -> dict[str, Any]:
    """The SPEC problem dict for `Problem.from_frames` (see there for the columns)."""
    room_rows = [_row(r) for r in _raw_records(rooms)]
    meeting_rows = [_row(r) for r in _raw_records(meetings)]
    for m in meeting_rows:
        _fold(m, "pinned_room", "pinned_start", "pinned", "room", "start", as_list=False)
        _fold(m, "earliest_start", "latest_end", "windows", "earliest_start", "latest_end", as_list=True)
    staff_rows = [_row(r) for r in _raw_records(staff)]

    if buildings is None:
        # One building per distinct `building` named by rooms and staff, in first-seen order.
        seen: dict[str, None] = {}
        for r in room_rows + staff_rows:
            b = r.get("building")
            if isinstance(b, str):
                seen.setdefault(b, None)
        building_rows: list[dict[str, Any]] = [{"id": b} for b in seen]
    else:
        building_rows = [_row(r) for r in _raw_records(buildings)]
    for b in building_rows:
        _fold(b, "opening_start", "opening_end", "opening", "start", "end", as_list=False)

    if service_classes is None:
        # One class without tasks per class named by meetings.
        names: dict[str, None] = {}
        for m in meeting_rows:
            c = m.get("class")
            if isinstance(c, str):
                names.setdefault(c, None)
        class_rows: list[dict[str, Any]] = [{"id": c} for c in names]
    else:
        class_rows = records(service_classes)

    problem: dict[str, Any] = {"version": 1}
    for key in ("name", "timezone", "granularity_minutes"):
        if key in options:
            problem[key] = clean(options.pop(key))
    if "days" in options:
        days = options.pop("days")
        problem["days"] = [_day(d) for d in list(days)]
    if "opening" in options:
        problem["opening"] = opening(options.pop("opening"))
    problem["buildings"] = building_rows
    if travel is not None:
        problem["travel"] = records(travel)
    problem["rooms"] = room_rows
    for key in ("equipment_pools", "people", "series"):
        if key in options:
            problem[key] = records(options.pop(key))
    if staff is not None:
        problem["staff"] = staff_rows
    problem["service_classes"] = class_rows
    problem["meetings"] = meeting_rows
    if "weights" in options:
        problem["weights"] = clean(options.pop("weights"))
    if "reference_plan" in options:
        ref = options.pop("reference_plan")
        to_dict = getattr(ref, "to_dict", None)
        problem["reference_plan"] = to_dict() if callable(to_dict) else clean(ref)
    # Anything left is passed on: the loader reports an unknown top-level field by its path.
    for key, value in options.items():
        problem[key] = clean(value)
    return problem
