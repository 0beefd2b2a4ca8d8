"""Checks and measures the reports of one plan (BENCHMARKS.md, "Reports").

    pip install . icalendar && python3 benches/reports_check.py PROBLEM.json PLAN.json [--chromium chromium]

Prints: the KPI cross-checks with the score (SPEC 9.1), whether every iCalendar feed parses
with the `icalendar` package (and how many events), the report's size, how long huiwu takes to
build it and headless Chromium to render it to a PNG, and whether every meeting id is in the
rendered page.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import icalendar

import huiwu

def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("problem")
    ap.add_argument("plan")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()
    problem = huiwu.Problem.from_json(args.problem)
    plan = huiwu.Plan.from_json(args.plan, problem)
    weights = problem.summary["weights"]
    terms = plan.score.terms
    t = time.perf_counter()
    k = plan.kpis()
    kpi_s = time.perf_counter() - t
    checks = {
        "seat_waste": int(k.rooms["seat_waste"].sum()) * weights["seat_waste"] == terms["seat_waste"],
        "missing_staff": k["people_missing"] * weights["missing_staff"] == terms["missing_staff"],
        "staff_travel": int(k.staff["travel_minutes"].sum()) * weights["staff_travel"] == terms["staff_travel"],
        "overtime": int(k.staff["overtime_minutes"].sum()) * weights["overtime"] == terms["overtime"],
    }
    print(f"meetings {len(problem.meeting_ids)}; KPIs in {kpi_s:.2f} s; cross-checks: "
          + ", ".join(f"{name} {'holds' if ok else 'FAILS'}" for name, ok in checks.items()))
    tmp = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    written = plan.to_ical(tmp / "ical")
    ical_s = time.perf_counter() - t
    events = 0
    for rel in written:
        cal = icalendar.Calendar.from_ical((tmp / "ical" / rel).read_bytes())
        events += len(list(cal.walk("VEVENT")))
    print(f"iCalendar: {len(written)} feeds written in {ical_s:.2f} s, all parse ({events} events)")
    t = time.perf_counter()
    page = tmp / "report.html"
    html = plan.to_html(page)
    html_s = time.perf_counter() - t
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    t = time.perf_counter()
    shot = subprocess.run([args.chromium, *flags, "--window-size=1400,1800", f"--screenshot={tmp / 'report.png'}",
                           page.as_uri()], capture_output=True, text=True, timeout=1800)
    render_s = time.perf_counter() - t
    t = time.perf_counter()
    dom = subprocess.run([args.chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=1800)
    dom_s = time.perf_counter() - t
    ids = list(plan.meetings_df()["id"]) + list(plan.unassigned_df()["id"])
    missing = [i for i in ids if i not in dom.stdout]
    print(f"report: {len(html.encode()) / 1e6:.2f} MB, built in {html_s:.2f} s; Chromium: screenshot "
          f"{'ok' if shot.returncode == 0 else 'FAILED'} in {render_s:.1f} s, DOM in {dom_s:.1f} s, "
          f"{len(ids) - len(missing)} of {len(ids)} meeting ids on the page")


if __name__ == "__main__":
    main()
