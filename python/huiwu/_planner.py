"""`huiwu.Planner`: a week's plan kept warm for the questions of a booking desk."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

import pandas as pd

from huiwu import _native
from huiwu._plan import Plan, PlanDiff, _frame, _times
from huiwu._problem import JsonSource, Problem, read_json_source

_OPTION_COLUMNS = ["rank", "room", "start", "medium", "soft", "moves", "staff", "terms"]


class Step(NamedTuple):
    """What `Planner.apply` or `Planner.accept` did: the new `plan` (of the planner's new
    problem, ``plan.problem``) and its `diff` from the plan before. Unpacks as
    ``plan, diff = planner.apply(...)``."""

    plan: Plan
    diff: PlanDiff


class Planner:
    """A problem, its current plan and the solver's warm state of that plan.

    >>> planner = huiwu.Planner(problem, plan)  # doctest: +SKIP
    >>> planner.recommend({"id": "M-0900", "class": "standard", "attendees": 40, "duration": 90})  # doctest: +SKIP
    >>> plan, diff = planner.apply({"version": 1, "changes": [{"op": "cancel", "meeting": "M-0042"}]})  # doctest: +SKIP

    `recommend` prices every place a new meeting can go, exactly, in milliseconds; `accept`
    books one of them; `apply` re-plans after a change set, touching as little as it can. The
    planner then holds the new problem and plan (`problem`, `plan`). Thread-safe: questions
    are serialized and run without the GIL.
    """

    __slots__ = ("_native",)

    def __init__(self, problem: Problem, plan: Plan) -> None:
        """A planner for `problem` and its current `plan`, which must be valid for it
        (`ValidationError` otherwise)."""
        if not isinstance(problem, Problem) or not isinstance(plan, Plan):
            raise TypeError("Planner needs a huiwu.Problem and a huiwu.Plan")
        self._native = _native.Planner(problem._native, plan._native)

    @property
    def plan(self) -> Plan:
        """The current plan (of `problem`)."""
        return Plan(self._native.current())

    @property
    def problem(self) -> Problem:
        """The current problem."""
        return self.plan.problem

    def set_now(self, now: str | None) -> None:
        """Nothing starts, moves or is re-staffed before `now` (``YYYY-MM-DDTHH:MM``); None
        opens the whole week again."""
        self._native.set_now(now)

    def recommend(self, meeting: JsonSource, top: int = 5) -> pd.DataFrame:
        """Where a new meeting (a meeting object whose id is new: dict, JSON text or path) can
        go, best first: one row per option with its ``room``, ``start``, the change of
        ``medium`` and ``soft`` cost, the other meeting it ``moves`` (if any), the ``staff`` of
        each task and the change of each cost ``terms``. At most one option per room and day.

        ``df.attrs["rejected"]`` is a DataFrame of every room that cannot take it without a
        move, with the ``reason``; ``df.attrs["meeting"]`` the meeting's id. A bad request
        raises `ValidationError` with each error's path (``$.attendees``).
        """
        if not isinstance(top, int) or top < 0:
            raise ValueError(f"top must be an int >= 0, not {top!r}")
        answer = self._native.recommend(read_json_source(meeting), top)
        rows = [
            {
                "rank": i + 1,
                "room": o["room"],
                "start": o["start"],
                "medium": o["score_delta"]["medium"],
                "soft": o["score_delta"]["soft"],
                "moves": "; ".join(f"{m['meeting']} → {m['room']} {m['start']}" for m in o["moves"]),
                "staff": {t["id"]: list(t["staff"]) for t in o["tasks"]},
                "terms": dict(o["score_delta"]["terms"]),
            }
            for i, o in enumerate(answer["options"])
        ]
        df = _times(_frame(rows, _OPTION_COLUMNS), ("start",))
        df.attrs["meeting"] = answer["meeting"]
        df.attrs["rejected"] = _frame(answer["rejected"], ["room", "reason"])
        return df

    def accept(self, meeting: JsonSource, option: int = 0) -> Step:
        """Books a new meeting at option `option` of `recommend` (0: the best). The planner
        moves on to the problem with the meeting and the plan with the option."""
        return self._step(self._native.accept(read_json_source(meeting), option))

    def apply(
        self,
        changes: JsonSource,
        mode: Literal["minimal", "balanced"] = "minimal",
        time_limit: float = 2.0,
        seed: int = 0,
        threads: int = 0,
    ) -> Step:
        """Re-plans after a change set (dict, JSON text or path): meetings cancelled, added or
        updated, rooms out, staff away, pins. ``minimal`` (the default) changes untouched
        meetings only where that lowers medium; ``balanced`` trades disruption against soft
        cost by the weights. The planner moves on to the new problem and plan."""
        return self._step(self._native.apply(read_json_source(changes), mode, float(time_limit), seed, threads))

    @staticmethod
    def _step(d: dict[str, Any]) -> Step:
        return Step(plan=Plan(d["plan"]), diff=PlanDiff._from_native(d["diff"]))

    def __repr__(self) -> str:
        return f"<huiwu.Planner {self.plan!r}>"
