#!/usr/bin/env python3
"""Scaling benchmark: what the second core (and more threads) buys, with the release CLI.

Four measurements, each printed as a Markdown table with its command:

1. Moves evaluated with `--threads 2` against `--threads 1` in the same wall time, on the
   generated weeks M, L and XL (`huiwu generate --seed SEED`) and on ITC-2007 comp07
   (`benches/data/itc2007`), with the cores the process used ((user + sys) / wall).
2. Quality on M: 2 threads for 10 s against 1 thread for 20 s, solver seeds 1..N, compared
   medium first, then soft.
3. More threads than cores: M at 10 s with `--threads 1, 2, 4, 8` (the worker count stays the
   machine's default), moves evaluated and cores used.
4. Reproducibility: M with `--max-iterations` and `--workers 4` at 1, 2 and 4 threads; the
   plans' SHA-256 must be equal.

Usage (from the repository root):
    cargo build --release
    python3 benches/scaling.py [--seed 1] [--quality-seeds 5] [--xl-limit 60] [--write BENCHMARKS.md]

With --write, the tables replace the block between `<!-- scaling:begin -->` and
`<!-- scaling:end -->` in that file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "huiwu"


def solve(problem: Path, out: Path, limit: float, threads: int, seed: int, extra: list[str] | None = None) -> dict:
    """One solve; returns its stats, the plan's check, wall time and cores used."""
    stats = out.with_suffix(".stats.json")
    cmd = [str(BIN), "solve", str(problem), "-o", str(out), "--time-limit", str(limit), "--threads",
           str(threads), "--seed", str(seed), "--quiet", "--stats", str(stats), *(extra or [])]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"solve failed ({status}): {' '.join(cmd)}\n{proc.stderr.read() if proc.stderr else ''}")
    check = json.loads(subprocess.run([str(BIN), "check", str(problem), str(out), "--json"],
                                      capture_output=True, text=True, check=True).stdout)
    if not check["valid"]:
        raise SystemExit(f"invalid plan: {' '.join(cmd)}")
    return {
        "stats": json.loads(stats.read_text()),
        "medium": check["medium"],
        "soft": check["soft"],
        "wall": wall,
        "cores": (ru.ru_utime + ru.ru_stime) / wall,
        "sha": hashlib.sha256(out.read_bytes()).hexdigest(),
    }


def instances(tmp: Path, seed: int) -> dict[str, Path]:
    out = {}
    for scale in ("M", "L", "XL"):
        path = tmp / f"{scale}.json"
        subprocess.run([str(BIN), "generate", "--scale", scale, "--seed", str(seed), "-o", str(path)], check=True)
        out[scale] = path
    comp07 = tmp / "comp07.json"
    subprocess.run([str(BIN), "import", "itc2007", str(ROOT / "benches/data/itc2007/comp07.ctt"), "-o", str(comp07)],
                   check=True)
    out["comp07"] = comp07
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1, help="generator seed of M, L and XL")
    ap.add_argument("--quality-seeds", type=int, default=5)
    ap.add_argument("--xl-limit", type=float, default=60.0)
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    if not BIN.exists():
        print(f"{BIN} not found: run `cargo build --release` first", file=sys.stderr)
        return 2
    lines: list[str] = []
    say = lines.append
    with tempfile.TemporaryDirectory(prefix="huiwu-scaling-") as tmp_name:
        tmp = Path(tmp_name)
        probs = instances(tmp, args.seed)

        say("### Moves evaluated: 2 threads against 1, same wall time")
        say("")
        say(f"Each instance solved with `huiwu solve P --time-limit T --seed 1 --threads 1|2 --stats S` "
            f"(M, L, XL: `huiwu generate --scale X --seed {args.seed}`; comp07: `huiwu import itc2007`).")
        say("")
        say("| instance | engine | limit | workers | moves, 1 thread | moves, 2 threads | ratio | cores used, 1 / 2 | exact steps, s, 1 / 2 | target |")
        say("|---|---|---|---|---|---|---|---|---|---|")
        for name in ("M", "L", "XL", "comp07"):
            limit = args.xl_limit if name == "XL" else 10.0
            one = solve(probs[name], tmp / f"{name}.1.json", limit, 1, 1)
            two = solve(probs[name], tmp / f"{name}.2.json", limit, 2, 1)
            m1, m2 = one["stats"]["moves_evaluated"], two["stats"]["moves_evaluated"]
            ratio = m2 / max(m1, 1)
            say(f"| {name} | {two['stats']['engine']} | {limit:.0f} s | {two['stats']['workers']} | {m1:,} | {m2:,} | "
                f"{ratio:.2f}× | {one['cores']:.2f} / {two['cores']:.2f} | "
                f"{one['stats']['exact_seconds']:.1f} / {two['stats']['exact_seconds']:.1f} | {'≥ 1.8×: holds' if ratio >= 1.8 else '≥ 1.8×: **missed**'} |")
            print(lines[-1], file=sys.stderr)
        say("")

        say("### Quality on M: 2 threads for 10 s against 1 thread for 20 s")
        say("")
        say("`huiwu solve M --seed K --threads 2 --time-limit 10` against `--threads 1 --time-limit 20`, "
            f"solver seeds 1–{args.quality_seeds}; scores checked by `huiwu check`.")
        say("")
        say("| seed | 2 threads, 10 s: medium / soft | 1 thread, 20 s: medium / soft |")
        say("|---|---|---|")
        a, b = [], []
        for k in range(1, args.quality_seeds + 1):
            r2 = solve(probs["M"], tmp / f"q2.{k}.json", 10.0, 2, k)
            r1 = solve(probs["M"], tmp / f"q1.{k}.json", 20.0, 1, k)
            a.append((r2["medium"], r2["soft"]))
            b.append((r1["medium"], r1["soft"]))
            say(f"| {k} | {r2['medium']} / {r2['soft']} | {r1['medium']} / {r1['soft']} |")
            print(lines[-1], file=sys.stderr)
        n = len(a)
        ma = (sum(x[0] for x in a) / n, sum(x[1] for x in a) / n)
        mb = (sum(x[0] for x in b) / n, sum(x[1] for x in b) / n)
        holds = ma < mb or ma == mb
        say(f"| **mean** | **{ma[0]:.0f} / {ma[1]:.0f}** | **{mb[0]:.0f} / {mb[1]:.0f}** |")
        say("")
        say(f"Target (2 threads for 10 s at least as good, medium then soft): {'holds' if holds else '**missed**'}.")
        say("")

        say("### More threads than cores")
        say("")
        say(f"`huiwu solve M --time-limit 10 --seed 1 --threads N` on this {os.cpu_count()}-core machine; the "
            "worker count stays the default, so every row searches the same way.")
        say("")
        say("| threads | moves evaluated | against 2 threads | cores used | medium / soft |")
        say("|---|---|---|---|---|")
        rows = {}
        for th in (1, 2, 4, 8):
            rows[th] = solve(probs["M"], tmp / f"o.{th}.json", 10.0, th, 1)
        for th, r in rows.items():
            rel = r["stats"]["moves_evaluated"] / max(rows[2]["stats"]["moves_evaluated"], 1)
            say(f"| {th} | {r['stats']['moves_evaluated']:,} | {rel:.2f}× | {r['cores']:.2f} | {r['medium']} / {r['soft']} |")
        say("")

        say("### Reproducibility")
        say("")
        say("`huiwu solve M --seed 5 --workers 4 --max-iterations 100000 --threads N`:")
        say("")
        say("| threads | wall | plan SHA-256 (first 16) | medium / soft |")
        say("|---|---|---|---|")
        shas = set()
        for th in (1, 2, 4):
            r = solve(probs["M"], tmp / f"d.{th}.json", 600.0, th, 5,
                      ["--workers", "4", "--max-iterations", "100000"])
            shas.add(r["sha"])
            say(f"| {th} | {r['wall']:.2f} s | `{r['sha'][:16]}` | {r['medium']} / {r['soft']} |")
        say("")
        say("The three plans are byte-identical." if len(shas) == 1 else "**The plans differ.**")
    text = "\n".join(lines)
    print(text)
    if args.write:
        doc = args.write.read_text()
        begin, end = "<!-- scaling:begin -->", "<!-- scaling:end -->"
        i, j = doc.index(begin) + len(begin), doc.index(end)
        cmd = f"Command: `python3 benches/scaling.py --seed {args.seed} --quality-seeds {args.quality_seeds} --xl-limit {args.xl_limit:g}`"
        args.write.write_text(doc[:i] + "\n" + cmd + "\n\n" + text + "\n" + doc[j:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
