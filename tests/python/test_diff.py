"""Plan.diff: the difference of two plans equals what a comparison of their tables finds."""

from __future__ import annotations

import huiwu

from conftest import tiny_dict


def test_diff_of_two_solves_matches_their_tables() -> None:
    problem = huiwu.Problem.from_json(tiny_dict(n_meetings=8, seed=3))
    a = huiwu.solve(problem, time_limit=5, seed=1, threads=1, max_iterations=200, progress=False)
    b = huiwu.solve(problem, time_limit=5, seed=9, threads=1, max_iterations=5000, progress=False)
    assert a.diff(a).empty
    d = a.diff(b)
    where_a = {r.id: (r.room, r.start) for r in a.meetings_df().itertuples()}
    where_b = {r.id: (r.room, r.start) for r in b.meetings_df().itertuples()}
    moved = {m for m in where_a.keys() & where_b.keys() if where_a[m] != where_b[m]}
    assert set(d.moved["meeting"]) == moved
    assert set(d.placed["meeting"]) == where_b.keys() - where_a.keys()
    assert set(d.unplaced["meeting"]) == where_a.keys() - where_b.keys()
    assert d.removed == []
    staff_a = {r.id: set(r.staff) for r in a.tasks_df().itertuples()}
    staff_b = {r.id: set(r.staff) for r in b.tasks_df().itertuples()}
    changed = {t for t in staff_a.keys() & staff_b.keys() if staff_a[t] != staff_b[t]}
    assert set(d.staff["task"]) == changed
    for r in d.staff.itertuples():
        assert set(r.added) == staff_b[r.task] - staff_a[r.task]
        assert set(r.removed) == staff_a[r.task] - staff_b[r.task]
    assert (d.before, d.after) == (a.score, b.score)
    assert "moved" in repr(d)
