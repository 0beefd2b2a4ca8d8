"""huiwu.Planner: recommend, accept and apply on a warm plan, through pandas."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

import huiwu

from conftest import tiny_dict


def _planner() -> huiwu.Planner:
    problem = huiwu.Problem.from_json(tiny_dict(n_meetings=8, seed=3))
    plan = huiwu.solve(problem, time_limit=5, seed=1, threads=1, max_iterations=2000, progress=False)
    return huiwu.Planner(problem, plan)


REQUEST = {"id": "NEW-1", "class": "std", "attendees": 10, "duration": 60}


def test_recommend_returns_ranked_options_and_rejected_rooms() -> None:
    planner = _planner()
    df = planner.recommend(REQUEST, top=3)
    assert list(df.columns) == ["rank", "room", "start", "medium", "soft", "moves", "staff", "terms"]
    assert 1 <= len(df) <= 3
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    assert pd.api.types.is_datetime64_any_dtype(df["start"])
    keys = list(zip(df["medium"], df["moves"] != "", df["soft"]))
    assert keys == sorted(keys)
    assert df.attrs["meeting"] == "NEW-1"
    rejected = df.attrs["rejected"]
    assert list(rejected.columns) == ["room", "reason"]
    # One option per room and day.
    assert not df.assign(day=df["start"].dt.date).duplicated(["room", "day"]).any()
    # Every task of the request is listed with its people.
    assert all("NEW-1/setup" in staff for staff in df["staff"])


def test_accept_books_the_option_priced() -> None:
    planner = _planner()
    before = planner.plan.score
    df = planner.recommend(REQUEST, top=1)
    plan, diff = planner.accept(REQUEST, option=0)
    assert plan.valid
    assert plan.score.medium - before.medium == df["medium"].iloc[0]
    assert plan.score.soft - before.soft == df["soft"].iloc[0]
    assert list(diff.placed["meeting"]) == ["NEW-1"]
    assert "NEW-1" in planner.problem.meeting_ids
    with pytest.raises(huiwu.ValidationError):
        planner.recommend(REQUEST)  # its id is taken now


def test_apply_moves_the_planner_on() -> None:
    planner = _planner()
    victim = planner.plan.meetings_df()["id"].iloc[0]
    step = planner.apply({"version": 1, "changes": [{"op": "cancel", "meeting": victim}]})
    assert step.diff.removed == [victim]
    assert step.diff.moved.empty
    assert victim not in planner.problem.meeting_ids
    assert step.plan.valid
    with pytest.raises(huiwu.ValidationError) as info:
        planner.apply({"version": 1, "changes": [{"op": "cancel", "meeting": victim}]})
    assert [e["path"] for e in info.value.errors] == ["$.changes[0].meeting"]
    with pytest.raises(ValueError):
        planner.apply({"version": 1, "changes": []}, mode="reckless")


def test_bad_requests_name_their_path() -> None:
    planner = _planner()
    with pytest.raises(huiwu.ValidationError) as info:
        planner.recommend({"id": "X", "class": "std", "attendees": 0, "duration": 60})
    assert [e["path"] for e in info.value.errors] == ["$.attendees"]


def test_now_keeps_options_out_of_the_past() -> None:
    planner = _planner()
    planner.set_now("2026-03-03T10:00")
    df = planner.recommend(REQUEST, top=10)
    assert (df["start"] >= pd.Timestamp("2026-03-03T10:00")).all()
    with pytest.raises(huiwu.ValidationError):
        planner.set_now("tomorrow")


def test_questions_from_threads_are_serialized() -> None:
    planner = _planner()
    answers: list[pd.DataFrame] = []
    threads = [threading.Thread(target=lambda: answers.append(planner.recommend(REQUEST, top=2))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 4
    assert all(a.equals(answers[0]) for a in answers)
