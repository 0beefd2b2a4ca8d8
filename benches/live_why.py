"""The four everyday changes of issue "Live operations", re-planned two ways on a generated M week.

    cargo build --release && python3 benches/live_why.py [--huiwu target/release/huiwu]

The week is `huiwu generate --scale M --seed 3`, its current plan a 10 s solve (seed 1). Each
change is applied with `huiwu apply` (the minimal re-plan) and, for comparison, by re-solving
the changed problem with the current plan as reference (`huiwu solve --reference --time-limit
1`), the only way before `apply`. Printed: a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=True, capture_output=True, text=True)


def minutes(t: str) -> int:
    return int(t[11:13]) * 60 + int(t[14:16])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--huiwu", default="target/release/huiwu")
    exe = ap.parse_args().huiwu
    tmp = Path(tempfile.mkdtemp())
    problem, plan = tmp / "M.json", tmp / "M.plan.json"
    run(exe, "generate", "--scale", "M", "--seed", "3", "-o", str(problem))
    run(exe, "solve", str(problem), "--time-limit", "10", "--seed", "1", "-o", str(plan), "--quiet")
    v = json.loads(problem.read_text())
    c = json.loads(plan.read_text())
    meetings = {m["id"]: m for m in v["meetings"]}
    placed = c["meetings"]

    largest = max(placed, key=lambda m: meetings[m["id"]]["attendees"])["id"]
    # The room and afternoon with the most meetings.
    afternoons = Counter((m["room"], m["start"][:10]) for m in placed if minutes(m["start"]) >= 13 * 60)
    (room, day), hit = afternoons.most_common(1)[0]
    # The person with the most tasks on one day.
    busy = Counter((s, t["id"].split("/")[0]) for t in c["tasks"] for s in t["staff"])
    per_day = Counter()
    for (s, m), n in busy.items():
        start = next((p["start"][:10] for p in placed if p["id"] == m), None)
        if start:
            per_day[(s, start)] += n
    (sick, sick_day), _ = per_day.most_common(1)[0]
    urgent = dict(meetings[largest])
    for k in ("pinned", "series", "preferred_start", "people", "preferred_staff", "windows"):
        urgent.pop(k, None)
    urgent.update({"id": "URGENT-1", "priority": 5, "attendees": min(30, urgent["attendees"]),
                   "windows": [{"earliest_start": f"{day}T08:00", "latest_end": f"{day}T12:00"}]})
    changes = [
        ("cancel the largest meeting", [{"op": "cancel", "meeting": largest}]),
        (f"a room out for an afternoon ({hit} meetings hit)",
         [{"op": "room_out", "room": room, "start": f"{day}T13:00", "end": f"{day}T19:00"}]),
        ("a person sick for a day",
         [{"op": "staff_out", "staff": sick, "start": f"{sick_day}T00:00", "end": f"{sick_day}T23:59"}]),
        ("an urgent meeting added", [{"op": "add", "meeting": urgent}]),
    ]
    print("| change | way | wall | medium (trivial repair) | other meetings moved | staff changes |")
    print("|---|---|---|---|---|---|")
    for name, list_ in changes:
        cs = tmp / "changes.json"
        cs.write_text(json.dumps({"version": 1, "changes": list_}, ensure_ascii=False))
        out, diff, changed = tmp / "new.json", tmp / "diff.json", tmp / "changed.json"
        t = time.perf_counter()
        res = run(exe, "apply", str(problem), str(plan), str(cs), "-o", str(out), "--diff", str(diff),
                  "--problem-out", str(changed))
        wall = time.perf_counter() - t
        d = json.loads(diff.read_text())
        trivial = res.stderr.split("trivial repair ")[1].split("medium")[0].split("/")[-1]
        named = {x.get("meeting") if isinstance(x.get("meeting"), str) else x["meeting"]["id"] for x in list_ if "meeting" in x}
        others = [m for m in d["moved"] if m["meeting"] not in named]
        print(f"| {name} | `huiwu apply` | {wall:.3f} s | {d['score']['after']['medium']} ({trivial}) | {len(others)} | {len(d['staff'])} |")
        # The way before: re-solve the changed problem with the current plan as reference.
        resolved = tmp / "resolved.json"
        t = time.perf_counter()
        run(exe, "solve", str(changed), "--reference", str(plan), "--time-limit", "1", "--seed", "1",
            "-o", str(resolved), "--quiet")
        wall = time.perf_counter() - t
        old = {m["id"]: (m["room"], m["start"]) for m in placed}
        new = json.loads(resolved.read_text())
        moved = [m for m in new["meetings"] if m["id"] in old and old[m["id"]] != (m["room"], m["start"]) and m["id"] not in named]
        before_staff = {t["id"]: set(t["staff"]) for t in c["tasks"]}
        restaffed = [t for t in new["tasks"] if t["id"] in before_staff and set(t["staff"]) != before_staff[t["id"]]]
        print(f"| | `solve --reference --time-limit 1` | {wall:.3f} s | {new['score']['medium']} | {len(moved)} | {len(restaffed)} |")


if __name__ == "__main__":
    main()
