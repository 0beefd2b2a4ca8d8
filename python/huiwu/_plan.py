"""`huiwu.Plan`, `huiwu.Report`, `huiwu.Score`, `huiwu.Violation`."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from huiwu import _native
from huiwu._problem import JsonSource, Problem, read_json_source

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Score:
    """``(hard, medium, soft)``, lower is better, compared in that order.

    `terms` holds every hard rule's violation count and every medium and soft
    term's weighted cost, by SPEC name.
    """

    hard: int
    medium: int
    soft: int
    terms: dict[str, int] = field(default_factory=dict, compare=False)

    def as_tuple(self) -> tuple[int, int, int]:
        """``(hard, medium, soft)``."""
        return (self.hard, self.medium, self.soft)

    def __str__(self) -> str:
        return f"{self.hard}hard/{self.medium}medium/{self.soft}soft"


@dataclass(frozen=True)
class Violation:
    """One hard violation or one medium/soft cost item, with its subjects and a sentence."""

    rule: str
    level: str
    cost: int
    meetings: list[str]
    rooms: list[str]
    staff: list[str]
    tasks: list[str]
    message: str


@dataclass(frozen=True)
class Report:
    """What `huiwu.check` finds: the score, every term and every violation.

    `valid` is true when the plan is well-formed (SPEC section 3) and ``hard == 0``;
    `form_errors` lists what makes it malformed (`path`, `message`).
    """

    hard: int
    medium: int
    soft: int
    terms: dict[str, int]
    valid: bool
    well_formed: bool
    violations: list[Violation]
    form_errors: list[dict[str, str]]

    @property
    def score(self) -> Score:
        """The score."""
        return Score(self.hard, self.medium, self.soft, dict(self.terms))


@dataclass(frozen=True)
class PlanDiff:
    """What changed between two plans of one week (meetings and tasks matched by id).

    `moved`: meetings placed in both, with columns ``meeting, from_room, from_start, to_room,
    to_start``; `placed`: placed only in the new plan (``meeting, room, start``); `unplaced`:
    placed before, unassigned now (``meeting, reason``); `removed`: meeting ids the new problem
    no longer has; `staff`: per task placed in both, the people ``added`` and ``removed``;
    `before` and `after`: the two scores.
    """

    moved: pd.DataFrame
    placed: pd.DataFrame
    unplaced: pd.DataFrame
    removed: list[str]
    staff: pd.DataFrame
    before: Score
    after: Score

    @classmethod
    def _from_native(cls, d: dict[str, Any]) -> PlanDiff:
        moved = [
            {
                "meeting": m["meeting"],
                "from_room": m["from"]["room"],
                "from_start": m["from"]["start"],
                "to_room": m["to"]["room"],
                "to_start": m["to"]["start"],
            }
            for m in d["moved"]
        ]
        return cls(
            moved=_times(_frame(moved, ["meeting", "from_room", "from_start", "to_room", "to_start"]), ("from_start", "to_start")),
            placed=_times(_frame(d["placed"], ["meeting", "room", "start"]), ("start",)),
            unplaced=_frame(d["unplaced"], ["meeting", "reason"]),
            removed=list(d["removed"]),
            staff=_frame(d["staff"], ["task", "added", "removed"]),
            before=_score_of(d["score"]["before"]),
            after=_score_of(d["score"]["after"]),
        )

    @property
    def empty(self) -> bool:
        """True when both plans place every meeting and staff every task alike."""
        return not (len(self.moved) or len(self.placed) or len(self.unplaced) or self.removed or len(self.staff))

    def __repr__(self) -> str:
        return (
            f"<huiwu.PlanDiff {len(self.moved)} moved, {len(self.placed)} placed, {len(self.unplaced)} unplaced, "
            f"{len(self.removed)} removed, {len(self.staff)} tasks restaffed; {self.before} -> {self.after}>"
        )


@dataclass(frozen=True)
class Kpis:
    """How the week went (`Plan.kpis`): per room (`rooms`: days used, occupied and open
    minutes, utilization, seats left empty), per building (`buildings`) and per staff member
    (`staff`: task minutes, days worked, overtime and travel minutes), and the `totals`
    (meetings placed and unassigned by class, rooms opened, utilization, fairness of the task
    minutes, people needed and missing by skill). `raw` is the KPI JSON as a dict."""

    rooms: pd.DataFrame
    buildings: pd.DataFrame
    staff: pd.DataFrame
    totals: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)

    def __getitem__(self, name: str) -> Any:
        return self.totals[name]


def _score_of(d: dict[str, Any]) -> Score:
    return Score(d["hard"], d["medium"], d["soft"])


def _violation(d: dict[str, Any]) -> Violation:
    return Violation(
        rule=d["rule"],
        level=d["level"],
        cost=d["cost"],
        meetings=list(d["meetings"]),
        rooms=list(d["rooms"]),
        staff=list(d["staff"]),
        tasks=list(d["tasks"]),
        message=d["message"],
    )


def _times(df: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for c in columns:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%dT%H:%M", errors="coerce")
    return df


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


_KPI_ROOM_COLUMNS = ["room", "building", "days_used", "occupied_minutes", "open_minutes", "utilization", "seat_waste"]
_KPI_BUILDING_COLUMNS = ["building", "rooms_opened", "occupied_minutes", "open_minutes", "utilization"]
_KPI_STAFF_COLUMNS = ["staff", "building", "task_minutes", "days_worked", "overtime_minutes", "travel_minutes"]
_WORK_ORDER_COLUMNS = [
    "skill", "day", "start", "end", "task", "meeting", "title", "building", "room", "layout", "attendees",
    "bring", "staff", "missing",
]  # fmt: skip
_MEETING_COLUMNS = [
    "id", "title", "class", "room", "building", "day", "start", "end", "duration", "attendees",
    "seats", "layout", "priority", "confidential", "series", "pinned", "preferred_room",
    "staff_needed", "staff_assigned",
]  # fmt: skip
_TASK_COLUMNS = [
    "id", "meeting", "name", "skill", "level", "building", "start", "end", "minutes", "need",
    "staff", "assigned", "missing",
]  # fmt: skip
_UNASSIGNED_COLUMNS = ["id", "title", "class", "attendees", "duration", "priority", "pinned", "reason"]
_LOAD_COLUMNS = [
    "staff", "name", "home", "external", "day", "minutes", "hours", "tasks", "buildings",
    "preferred_minutes", "max_minutes", "overtime_minutes",
]  # fmt: skip


class Plan:
    """A plan (SPEC section 3) for a problem, with its exact score.

    Returned by `huiwu.solve` (then `status` and `stats` are set) or read with
    `Plan.from_json` (scored by the independent checker). Tables come out as
    DataFrames; `explain` tells a planner why a meeting is where it is.
    """

    __slots__ = ("_native", "_problem", "_status", "_stats")

    def __init__(
        self,
        native: _native.Plan,
        problem: Problem | None = None,
        status: str | None = None,
        stats: dict[str, Any] | None = None,
    ) -> None:
        """Wraps a native plan; use `huiwu.solve` or `Plan.from_json` instead."""
        if not isinstance(native, _native.Plan):
            raise TypeError("use huiwu.solve or Plan.from_json to get a Plan")
        self._native = native
        self._problem = problem if problem is not None else Problem(native.problem)
        self._status = status if status is not None else native.status
        self._stats = stats if stats is not None else native.stats()

    @classmethod
    def from_json(cls, source: JsonSource, problem: Problem) -> Plan:
        """Reads a plan (path, JSON text, bytes or dict) for `problem` and scores it.

        Raises `ValidationError` when the text is not a plan; a plan that breaks
        rules is read and scored (see `valid` and `violations`).
        """
        return cls(_native.check(problem._native, read_json_source(source)), problem)

    # -- results ---------------------------------------------------------------------------

    @property
    def problem(self) -> Problem:
        """The problem this plan is for."""
        return self._problem

    @property
    def status(self) -> str | None:
        """``optimal``, ``feasible`` or ``cancelled`` for a solver plan; None for a plan read in."""
        return self._status

    @property
    def stats(self) -> dict[str, Any] | None:
        """Solver statistics (iterations, moves per second, times, bounds, gap), or None."""
        return None if self._stats is None else dict(self._stats)

    @property
    def score(self) -> Score:
        """The exact score with every term."""
        s = self._native.score()
        return Score(s["hard"], s["medium"], s["soft"], dict(s["terms"]))

    @property
    def valid(self) -> bool:
        """Well-formed and ``hard == 0``."""
        valid: bool = self._native.score()["valid"]
        return valid

    def report(self) -> Report:
        """The checker's full report on this plan."""
        s = self._native.score()
        return Report(
            hard=s["hard"],
            medium=s["medium"],
            soft=s["soft"],
            terms=dict(s["terms"]),
            valid=s["valid"],
            well_formed=s["well_formed"],
            violations=self.violations(),
            form_errors=list(s["form_errors"]),
        )

    def violations(self) -> list[Violation]:
        """Every hard violation and every non-zero medium/soft cost item."""
        return [_violation(v) for v in self._native.violations()]

    # -- tables ----------------------------------------------------------------------------

    def meetings_df(self) -> pd.DataFrame:
        """One row per placed meeting: room, building, day, start, end (Timestamps), seats, …"""
        df = _frame(self._native.meeting_rows(), _MEETING_COLUMNS)
        return _times(df, ("start", "end"))

    def tasks_df(self) -> pd.DataFrame:
        """One row per task: meeting, skill, building, start, end, need, staff (list), missing."""
        df = _frame(self._native.task_rows(), _TASK_COLUMNS)
        return _times(df, ("start", "end"))

    def unassigned_df(self) -> pd.DataFrame:
        """One row per unassigned meeting, with the reason."""
        return _frame(self._native.unassigned_rows(), _UNASSIGNED_COLUMNS)

    def staff_load_df(self) -> pd.DataFrame:
        """One row per staff member and planning day: task minutes and hours, tasks, overtime."""
        rows = self._native.staff_load_rows()
        for r in rows:
            r["hours"] = r["minutes"] / 60
        return _frame(rows, _LOAD_COLUMNS)

    def kpis(self) -> Kpis:
        """How the week went (the KPIs of docs/format.md section 9.1): `rooms`, `buildings`
        and `staff` DataFrames and a dict of `totals` (also readable as ``kpis["name"]``)."""
        k = self._native.kpis()
        meetings = self._native.meeting_rows()
        seats = sum(m["seats"] or 0 for m in meetings)
        attendees = sum(m["attendees"] or 0 for m in meetings)
        staff = k["staff"]
        service = k["service"]
        needed = service["people_needed"]
        rooms_opened = sum(b["rooms_opened"] for b in k["buildings"])
        occupied = sum(b["occupied_minutes"] for b in k["buildings"])
        open_minutes = sum(b["open_minutes"] for b in k["buildings"])
        totals: dict[str, Any] = {
            "meetings_total": k["meetings"]["total"],
            "meetings_placed": k["meetings"]["assigned"],
            "meetings_unassigned": k["meetings"]["unassigned"],
            "by_class": k["meetings"]["by_class"],
            "rooms_opened": rooms_opened,
            "utilization": occupied / open_minutes if open_minutes else 0.0,
            "seat_waste": sum(r["seat_waste"] for r in k["rooms"]),
            "seat_use": attendees / seats if seats else None,
            "staff_hours": sum(x["task_minutes"] for x in staff) / 60,
            "staff_busy": sum(1 for x in staff if x["task_minutes"] > 0),
            "staff_coverage": (needed - service["people_missing"]) / needed if needed else None,
            "overtime_hours": sum(x["overtime_minutes"] for x in staff) / 60,
            "travel_minutes": sum(x["travel_minutes"] for x in staff),
            "people_needed": needed,
            "people_missing": service["people_missing"],
            "by_skill": service["by_skill"],
            **{f"fairness_{name}": value for name, value in k["fairness"].items()},
        }
        return Kpis(
            rooms=_frame(k["rooms"], _KPI_ROOM_COLUMNS),
            buildings=_frame(k["buildings"], _KPI_BUILDING_COLUMNS),
            staff=_frame(staff, _KPI_STAFF_COLUMNS),
            totals=totals,
            raw=k,
        )

    # -- reports -----------------------------------------------------------------------------

    def to_html(
        self, path: str | os.PathLike[str] | None = None, reference: Plan | None = None, show_confidential: bool = False
    ) -> str:
        """The printed plan: one self-contained HTML page (KPIs, room timelines, each person's
        tasks, what is unassigned or short, and what changed against `reference`); written to
        `path` when given. Titles of confidential meetings are masked unless asked for."""
        page = self._native.to_html(None if reference is None else reference._native, show_confidential)
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    def to_ical(self, directory: str | os.PathLike[str], reference: Plan | None = None) -> list[str]:
        """Writes the iCalendar feeds (week.ics, rooms/, staff/, people/) into `directory`;
        events keep their UID across re-plans and those `reference` had elsewhere get a higher
        SEQUENCE. Returns the paths written, relative to `directory`."""
        return self._native.write_ical(os.fspath(directory), None if reference is None else reference._native)

    def work_orders_df(self, show_confidential: bool = False) -> pd.DataFrame:
        """Work orders (工作通知单): one row per task of a placed meeting, by team (skill), day
        and start, with where, layout, attendees, equipment to `bring` and the `staff`."""
        return _frame(self._native.work_order_rows(show_confidential), _WORK_ORDER_COLUMNS)

    def diff(self, other: Plan) -> PlanDiff:
        """What changed from this plan to `other`, a plan of the same week (possibly of a changed
        problem): meetings moved, placed, unplaced, removed, and people added to or removed
        from each task."""
        if not isinstance(other, Plan):
            raise TypeError(f"diff needs a huiwu.Plan, not {type(other).__name__}")
        return PlanDiff._from_native(self._native.diff(other._native))

    # -- explanation -----------------------------------------------------------------------

    def explain(self, meeting_id: str) -> str:
        """A readable paragraph: where and when, why there, the staff, the costs it causes, or
        why it is unassigned. Raises `KeyError` for an id the problem does not know."""
        info = self._problem.meeting(meeting_id)
        from huiwu._explain import explain

        return explain(self, info)

    # -- output ----------------------------------------------------------------------------

    def to_json(self, indent: int | None = None) -> str:
        """The plan JSON (SPEC section 3) with its score."""
        text = self._native.to_json()
        if indent is None:
            return text
        return json.dumps(json.loads(text), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        """The plan as a dict."""
        data: dict[str, Any] = json.loads(self._native.to_json())
        return data

    def plot_rooms(self, day: str | None = None) -> Figure:
        """Gantt chart of rooms × time, one panel per day (or only `day`, ``YYYY-MM-DD``)."""
        from huiwu._plot import plot_rooms

        return plot_rooms(self, day)

    def plot_staff_load(self) -> Figure:
        """Task hours per staff member and day (heat map; overtime cells outlined)."""
        from huiwu._plot import plot_staff_load

        return plot_staff_load(self)

    # -- protocols -------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, tuple[Problem, str, str | None, dict[str, Any] | None]]:
        return (_restore, (self._problem, self._native.to_json(), self._status, self._stats))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return self.to_dict() == other.to_dict() and self._problem == other._problem

    def __hash__(self) -> int:
        return hash(self._native.to_json())

    def __repr__(self) -> str:
        status = f" {self._status}" if self._status else ""
        return (
            f"<huiwu.Plan{status} {self.score}: {len(self._native.meeting_rows())} placed, "
            f"{len(self._native.unassigned_rows())} unassigned>"
        )

    def _repr_html_(self) -> str:
        e = html.escape
        score = self.score
        k = self.kpis().totals
        status = e(self._status) if self._status else "checked"
        terms = "".join(
            f"<tr><td>{e(name)}</td><td style='text-align:right'>{value}</td></tr>"
            for name, value in score.terms.items()
            if value
        )
        seat_use = "—" if k["seat_use"] is None else f"{k['seat_use']:.0%}"
        coverage = "—" if k["staff_coverage"] is None else f"{k['staff_coverage']:.0%}"
        kpi_rows = [
            ("Meetings placed", f"{k['meetings_placed']} of {k['meetings_placed'] + k['meetings_unassigned']}"),
            ("Rooms opened (room-days)", str(k["rooms_opened"])),
            ("Seat use", seat_use),
            ("Staff hours", f"{k['staff_hours']:.1f} ({k['staff_busy']} people)"),
            ("Staff coverage", coverage),
            ("Overtime hours", f"{k['overtime_hours']:.1f}"),
        ]
        kpis = "".join(f"<tr><th style='text-align:left'>{a}</th><td>{b}</td></tr>" for a, b in kpi_rows)
        unassigned = self._native.unassigned_rows()
        shown = unassigned[:20]
        un = "".join(f"<tr><td>{e(u['id'])}</td><td>{e(u['reason'])}</td></tr>" for u in shown)
        more = f"<p>… and {len(unassigned) - len(shown)} more</p>" if len(unassigned) > len(shown) else ""
        un_html = (
            f"<p><b>Unassigned</b></p><table><tr><th>meeting</th><th>reason</th></tr>{un}</table>{more}"
            if unassigned
            else ""
        )
        return (
            f"<div><b>huiwu.Plan</b> ({status}): <b>{score.hard}</b> hard / <b>{score.medium}</b> medium / "
            f"<b>{score.soft}</b> soft"
            f"<table><tr><th>term</th><th>cost</th></tr>{terms}</table>"
            f"<table>{kpis}</table>{un_html}</div>"
        )


def _restore(problem: Problem, plan_json: str, status: str | None, stats: dict[str, Any] | None) -> Plan:
    """Unpickles a plan: re-reads and re-scores its JSON against the problem."""
    return Plan(_native.check(problem._native, plan_json), problem, status, stats)
