#!/usr/bin/env python3
"""Civic-center benchmark: the solver targets of issue 3, measured with the release CLI.

For each scale (S, M, L, XL) it generates a problem with `huiwu generate`, solves it with the
time limit and threads of the target, checks the plan with `huiwu check --json` (the independent
scorer), and records wall time, peak memory (max RSS of the solve process), score, unassigned
meetings, time to the first valid plan, moves per second and the bound/gap. On M it also runs
the plain first-fit greedy baseline (`--strategy first-fit`) and reports the reductions.

Usage (from the repository root):
    cargo build --release
    python3 benches/civic_bench.py [--scales S,M,L,XL] [--seed 1] [--threads 2] [--s-seeds 40] [--write BENCHMARKS.md]
        [--bin target/pgo/release/huiwu]

`--bin` measures another build of the CLI, e.g. the profile-guided one of `scripts/pgo.sh`.

`--s-seeds N` also solves S (the instance of `--seed`) with solver seeds 1..N at its limit and
counts the runs that end at the bound (gap 0): the S target is about every run, not one.

With --write, the table replaces the block between the markers
`<!-- civic-bench:begin -->` and `<!-- civic-bench:end -->` in that file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "huiwu"  # `--bin` replaces it

# scale -> (time limit in seconds, target sentence)
TARGETS = {
    "S": (1.0, "optimal or gap 0 within 1 s"),
    "M": (10.0, "medium ≥ 50 % and soft ≥ 30 % below first-fit; first valid < 1 s"),
    "L": (10.0, "valid within 10 s, peak memory ≤ 1 GiB"),
    "XL": (60.0, "valid within 60 s"),
}


def solve(problem: Path, plan: Path, stats: Path, limit: float, threads: int, seed: int,
          extra: list[str]) -> dict:
    cmd = [str(BIN), "solve", str(problem), "-o", str(plan), "--time-limit", str(limit),
           "--threads", str(threads), "--seed", str(seed), "--quiet", "--stats", str(stats), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, _, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read() if proc.stderr else ""
    if not plan.exists():
        raise SystemExit(f"solve failed: {' '.join(cmd)}\n{err}")
    check = subprocess.run([str(BIN), "check", str(problem), str(plan), "--json"],
                           capture_output=True, text=True)
    report = json.loads(check.stdout)
    st = json.loads(stats.read_text())
    return {
        "wall": wall,
        "rss_mib": rusage.ru_maxrss / 1024.0,
        "valid": report["valid"],
        "hard": report["hard"],
        "medium": report["medium"],
        "soft": report["soft"],
        "unassigned": report["terms"].get("unassigned", 0),
        "missing_staff": report["terms"].get("missing_staff", 0),
        "stats": st,
        "plan": json.loads(plan.read_text()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="S,M,L,XL")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--s-seeds", type=int, default=0)
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--bin", type=Path, default=None, help="the huiwu CLI to measure (default: target/release/huiwu)")
    args = ap.parse_args()
    global BIN
    if args.bin is not None:
        BIN = args.bin.resolve()
    if not BIN.exists():
        print(f"{BIN} not found: run `cargo build --release` first", file=sys.stderr)
        return 2

    rows = []
    notes = []
    with tempfile.TemporaryDirectory(prefix="huiwu-bench-") as tmp:
        tmp = Path(tmp)
        for scale in args.scales.split(","):
            limit, target = TARGETS[scale]
            problem = tmp / f"{scale}.json"
            t0 = time.perf_counter()
            subprocess.run([str(BIN), "generate", "--scale", scale, "--seed", str(args.seed), "-o", str(problem)],
                           check=True)
            gen = time.perf_counter() - t0
            p = json.loads(problem.read_text())
            size = f"{len(p['meetings'])} meetings, {len(p['rooms'])} rooms, {len(p.get('staff', []))} staff"
            r = solve(problem, tmp / f"{scale}.plan.json", tmp / f"{scale}.stats.json", limit, args.threads,
                      args.seed, [])
            st = r["stats"]
            gap = st.get("gap")
            rows.append(
                f"| {scale} | {size} | {limit:.0f} s | {'yes' if r['valid'] else '**NO**'} | "
                f"{r['hard']}/{r['medium']}/{r['soft']} | {len(r['plan']['unassigned'])} | "
                f"{st.get('time_to_first_valid', 0):.3f} s | {st.get('time_to_best', 0):.2f} s | "
                f"{r['wall']:.2f} s | {r['rss_mib']:.0f} MiB | {st.get('moves_per_second', 0):,.0f} | "
                f"{'' if gap is None else f'{gap * 100:.1f} %'} | {target} |"
            )
            if scale == "M":
                b = solve(problem, tmp / "M.ff.json", tmp / "M.ff.stats.json", limit, args.threads, args.seed,
                          ["--strategy", "first-fit"])
                dm = 100.0 * (b["medium"] - r["medium"]) / max(b["medium"], 1)
                ds = 100.0 * (b["soft"] - r["soft"]) / max(b["soft"], 1)
                notes.append(
                    f"M vs plain first-fit greedy (same problem): first-fit {b['hard']}/{b['medium']}/{b['soft']} "
                    f"({len(b['plan']['unassigned'])} unassigned) → huiwu {r['hard']}/{r['medium']}/{r['soft']} "
                    f"({len(r['plan']['unassigned'])} unassigned): medium −{dm:.1f} %, soft −{ds:.1f} %."
                )
            if scale == "S" and args.s_seeds > 0:
                at_bound, media, walls = 0, [], []
                for k in range(1, args.s_seeds + 1):
                    rk = solve(problem, tmp / f"S.{k}.json", tmp / f"S.{k}.stats.json", limit, args.threads, k, [])
                    if not rk["valid"]:
                        raise SystemExit(f"S with solver seed {k}: the plan is not valid")
                    at_bound += rk["stats"].get("gap") == 0
                    media.append(rk["medium"])
                    walls.append(rk["wall"])
                counts = ", ".join(f"{m}: {media.count(m)}" for m in sorted(set(media)))
                notes.append(
                    f"S over solver seeds 1–{args.s_seeds} at {limit:.0f} s: gap 0 in {at_bound} of {args.s_seeds} "
                    f"runs (medium {counts}; wall {min(walls):.2f}–{max(walls):.2f} s)."
                )
            notes.append(f"{scale}: generated in {gen:.2f} s ({size}).")

    header = (
        "| scale | size | limit | valid | hard/medium/soft | unassigned | first valid | time to best | wall | "
        "peak RSS | moves/s | gap | target |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    cmd = f"python3 benches/civic_bench.py --scales {args.scales} --seed {args.seed} --threads {args.threads}"
    if args.s_seeds:
        cmd += f" --s-seeds {args.s_seeds}"
    build = "release build"
    if args.bin is not None:
        cmd += f" --bin {args.bin}"
        build = f"the build at {args.bin}"
    block = "\n".join([f"Command: `{cmd}` ({build}, {os.cpu_count()} cores).", "", header, *rows, "",
                       *[f"- {n}" for n in notes]])
    print(block)
    if args.write:
        text = args.write.read_text() if args.write.exists() else ""
        begin, end = "<!-- civic-bench:begin -->", "<!-- civic-bench:end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            text = f"{head}{begin}\n{block}\n{end}{tail}"
        else:
            text += f"\n{begin}\n{block}\n{end}\n"
        args.write.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
