"""Reports (docs/format.md section 9): KPIs as DataFrames, iCalendar feeds that `icalendar`
parses, the printed plan rendered by headless Chromium, work orders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import huiwu

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def week() -> huiwu.Plan:
    problem = huiwu.Problem.from_json(ROOT / "examples" / "week.json")
    return huiwu.Plan.from_json(ROOT / "examples" / "week.plan.json", problem)


def test_kpis_are_frames_and_totals(week: huiwu.Plan) -> None:
    k = week.kpis()
    assert list(k.rooms.columns) == ["room", "building", "days_used", "occupied_minutes", "open_minutes", "utilization", "seat_waste"]
    assert len(k.rooms) == len(week.problem.to_dict()["rooms"])
    assert k["meetings_placed"] == len(week.meetings_df())
    assert k["meetings_unassigned"] == len(week.unassigned_df())
    assert k["rooms_opened"] == int(k.buildings["rooms_opened"].sum())
    assert k["people_missing"] == int(week.tasks_df()["missing"].sum())
    assert 0.0 <= k["fairness_gini"] <= 1.0
    assert (k.rooms["occupied_minutes"] <= k.rooms["open_minutes"]).all()
    # The scorer's terms are the same quantities times their weights.
    w = week.problem.summary["weights"]
    terms = week.score.terms
    assert k["seat_waste"] * w["seat_waste"] == terms["seat_waste"]
    assert k["people_missing"] * w["missing_staff"] == terms["missing_staff"]
    assert k["travel_minutes"] * w["staff_travel"] == terms["staff_travel"]
    assert int(k.staff["overtime_minutes"].sum()) * w["overtime"] == terms["overtime"]


def test_ical_feeds_parse_and_follow_a_replan(week: huiwu.Plan, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    written = week.to_ical(tmp_path)
    assert "week.ics" in written and any(p.startswith("rooms/") for p in written)
    events = {}
    for rel in written:
        cal = icalendar.Calendar.from_ical((tmp_path / rel).read_bytes())
        for ev in cal.walk("VEVENT"):
            assert ev.get("DTSTART").dt < ev.get("DTEND").dt
            if rel == "week.ics":
                events[str(ev.get("UID"))] = ev
    assert len(events) == len(week.meetings_df())
    # A room taken out under a meeting: after the re-plan its event keeps its UID, SEQUENCE 1.
    first = week.meetings_df().iloc[0]
    day = first["start"].strftime("%Y-%m-%d")
    planner = huiwu.Planner(week.problem, week)
    step = planner.apply({"version": 1, "changes": [
        {"op": "room_out", "room": first["room"], "start": first["start"].strftime("%Y-%m-%dT%H:%M"), "end": f"{day}T23:00"}]})
    assert first["id"] in set(step.diff.moved["meeting"])
    step.plan.to_ical(tmp_path, reference=week)
    again = icalendar.Calendar.from_ical((tmp_path / "week.ics").read_bytes())
    seq = {str(ev.get("UID")).split("@")[0]: int(ev.get("SEQUENCE")) for ev in again.walk("VEVENT")}
    assert seq[first["id"]] == 1
    assert set(seq) >= {u.split("@")[0] for u in events}


def test_work_orders(week: huiwu.Plan) -> None:
    df = week.work_orders_df()
    assert len(df) == len(week.tasks_df())
    assert df["missing"].sum() == week.kpis()["people_missing"]


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI installs chromium (scripts/setup.sh) to render the report")
    return found


def test_the_report_renders_in_headless_chromium(week: huiwu.Plan, tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no chromium here")
    page = tmp_path / "report.html"
    html = week.to_html(page)
    # Nothing leaves the page: no remote address, link, script or import.
    assert not re.search(r"https?://|<link|<script|@import|url\(|src=", html)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for mid in list(week.meetings_df()["id"]) + list(week.unassigned_df()["id"]):
        assert mid in dom.stdout, f"{mid} is not on the rendered page"
    png = tmp_path / "report.png"
    shot = subprocess.run([chromium, *flags, "--window-size=1400,1800", f"--screenshot={png}", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    from PIL import Image

    pixels = Image.open(png).convert("L")
    lo, hi = pixels.getextrema()
    assert hi - lo > 100, "the page rendered blank"
    # A good part of the page is drawn (text, tables, timelines), not a few dots.
    histogram = pixels.histogram()
    assert sum(histogram[:200]) > 0.02 * sum(histogram)
