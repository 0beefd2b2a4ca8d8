"""Python overhead against the CLI on one problem (default: the M week, examples/week.json).

    python tests/python/bench_overhead.py [PROBLEM] [--max-iterations K] [--repeat N]

Times (best of N): the CLI `huiwu solve` as a subprocess; in Python `from_frames`
(DataFrames built beforehand from the JSON lists), `solve` with the same seed and
iteration cap, and the four frames out. Both use one thread and the same build.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

import huiwu

ROOT = Path(__file__).resolve().parents[2]


def frames_of(d: dict[str, object]) -> dict[str, object]:
    kw: dict[str, object] = {}
    for key in ("rooms", "meetings", "staff", "service_classes", "buildings", "travel"):
        if key in d:
            kw[key] = pd.DataFrame(d[key])
    for key, value in d.items():
        if key not in kw and key != "version":
            kw[key] = pd.DataFrame(value) if key in ("people", "series", "equipment_pools") else value
    return kw


def best(f, n: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("problem", nargs="?", default=str(ROOT / "examples" / "week.json"))
    ap.add_argument("--max-iterations", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    # The wheel is a release build; compare it with the release CLI.
    ap.add_argument("--cli", default=str(ROOT / "target" / "release" / "huiwu"))
    a = ap.parse_args()
    data = json.loads(Path(a.problem).read_text(encoding="utf-8"))
    kw = frames_of(data)
    opts = dict(time_limit=600, seed=0, threads=1, max_iterations=a.max_iterations)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.json"
        cmd = [a.cli, "solve", a.problem, "-o", str(out), "--time-limit", "600", "--threads", "1",
               "--seed", "0", "--max-iterations", str(a.max_iterations), "--quiet"]  # fmt: skip
        t_cli, _ = best(lambda: subprocess.run(cmd, check=True), a.repeat)
        cli_plan = json.loads(out.read_text(encoding="utf-8"))

    t_frames, problem = best(lambda: huiwu.Problem.from_frames(**kw), a.repeat)
    assert isinstance(problem, huiwu.Problem)
    assert problem == huiwu.Problem.from_json(data)
    t_json, _ = best(lambda: huiwu.Problem.from_json(a.problem), a.repeat)
    t_solve, plan = best(lambda: huiwu.solve(problem, progress=False, **opts), a.repeat)  # type: ignore[arg-type]
    assert isinstance(plan, huiwu.Plan)

    def frames_out() -> None:
        plan.meetings_df(), plan.tasks_df(), plan.unassigned_df(), plan.staff_load_df()

    t_out, _ = best(frames_out, a.repeat)
    same = plan.to_dict() == cli_plan
    total = t_frames + t_solve + t_out
    print(f"problem: {a.problem} ({len(data['meetings'])} meetings), max_iterations {a.max_iterations}, best of {a.repeat}")
    print(f"CLI huiwu solve (process, load, solve, write): {t_cli:8.3f} s")
    print(f"Python from_json (path):                       {t_json:8.3f} s")
    print(f"Python from_frames:                            {t_frames:8.3f} s")
    print(f"Python solve:                                  {t_solve:8.3f} s")
    print(f"Python frames out (4 DataFrames):              {t_out:8.3f} s")
    print(f"Python total (from_frames + solve + frames):   {total:8.3f} s  ({total - t_cli:+.3f} s vs CLI)")
    print(f"same plan as the CLI: {same}")


if __name__ == "__main__":
    main()
