#!/usr/bin/env python3
"""ITC-2007 track 3 with a CP-SAT model, for comparison with huiwu's solver at the same time limit.

The model is the standard one for curriculum-based course timetabling:
  x[c, t]     course c has a lecture at period t (0 where the course is unavailable);
              Σ_t x[c, t] = lectures(c); at most one lecture per teacher and per curriculum and period
  y[c, t, r]  that lecture is in room r: Σ_r y[c, t, r] = x[c, t]; at most one lecture per room and period
  cost        RoomCapacity Σ y·max(0, students − capacity)
              + 5 · MinWorkingDays deficit (w[c, d] ≤ Σ_p x[c, d·P + p])
              + 2 · isolated lectures of each curriculum (no lecture of it in an adjacent period of the day)
              + RoomStability Σ_c (rooms used − 1)
The cost indicators are bounded from below only, so in a solution that is not proven optimal the
model's objective may exceed what the timetable really costs; the table reports both.
CP-SAT gets the same wall time and threads as huiwu (`--time-limit`, `--threads`). Its best solution is
written in the competition format and **scored by huiwu, not by the model**: `huiwu import itc2007`,
`huiwu import itc2007-solution` and `huiwu check --json` (the independent scorer), so both solvers are
measured by one checker. The huiwu column comes from a `--markdown` table of `examples/itc2007_bench.rs`
run at the same limit and threads (`--huiwu TABLE.md`).

Needs `pip install ortools` (not a dependency of huiwu) and the release CLI (`cargo build --release`).
Usage (from the repository root):
    python3 benches/itc_cpsat.py --time-limit 60 --threads 2 --seed 1 [--instances comp01,comp07] \
        [--data benches/data/itc2007] [--huiwu itc60.md] [--markdown OUT.md]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "huiwu"


@dataclass
class Ctt:
    name: str
    days: int
    periods: int
    courses: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # id, teacher, L, min days, students
    rooms: list[tuple[str, int]] = field(default_factory=list)
    curricula: list[tuple[str, list[str]]] = field(default_factory=list)
    unavailable: set[tuple[str, int]] = field(default_factory=set)  # (course, period index)


def parse_ctt(text: str) -> Ctt:
    """Reads the competition format (the same sections huiwu's parser reads)."""
    lines = [ln.strip() for ln in text.splitlines()]
    head: dict[str, str] = {}
    section = None
    ctt: Ctt | None = None
    for ln in lines:
        if not ln or ln == "END.":
            continue
        if ln in ("COURSES:", "ROOMS:", "CURRICULA:", "UNAVAILABILITY_CONSTRAINTS:"):
            section = ln[:-1]
            if ctt is None:
                ctt = Ctt(head.get("Name", "?"), int(head["Days"]), int(head["Periods_per_day"]))
            continue
        if section is None:
            key, _, value = ln.partition(":")
            head[key.strip()] = value.strip()
            continue
        assert ctt is not None
        parts = ln.split()
        if section == "COURSES":
            ctt.courses.append((parts[0], parts[1], int(parts[2]), int(parts[3]), int(parts[4])))
        elif section == "ROOMS":
            ctt.rooms.append((parts[0], int(parts[1])))
        elif section == "CURRICULA":
            ctt.curricula.append((parts[0], parts[2 : 2 + int(parts[1])]))
        elif section == "UNAVAILABILITY_CONSTRAINTS":
            ctt.unavailable.add((parts[0], int(parts[1]) * ctt.periods + int(parts[2])))
    if ctt is None:
        raise ValueError("no sections found")
    return ctt


def solve_cpsat(ctt: Ctt, time_limit: float, threads: int, seed: int) -> tuple[list[str], str, float]:
    """Builds and solves the model; returns the solution lines, the status and the model's objective."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    n_t = ctt.days * ctt.periods
    courses = ctt.courses
    x = {}
    y = {}
    for c, (cid, _t, _l, _md, _st) in enumerate(courses):
        for t in range(n_t):
            if (cid, t) in ctt.unavailable:
                continue
            x[c, t] = m.NewBoolVar("")
            for r in range(len(ctt.rooms)):
                y[c, t, r] = m.NewBoolVar("")
            m.Add(sum(y[c, t, r] for r in range(len(ctt.rooms))) == x[c, t])
    for c, (_cid, _t, lectures, _md, _st) in enumerate(courses):
        m.Add(sum(x[c, t] for t in range(n_t) if (c, t) in x) == lectures)
    index = {cid: c for c, (cid, *_rest) in enumerate(courses)}
    groups: list[list[int]] = []
    teachers: dict[str, list[int]] = {}
    for c, (_cid, teacher, *_rest) in enumerate(courses):
        teachers.setdefault(teacher, []).append(c)
    groups.extend(teachers.values())
    curricula = [[index[cid] for cid in members if cid in index] for _q, members in ctt.curricula]
    groups.extend(curricula)
    for g in groups:
        for t in range(n_t):
            lits = [x[c, t] for c in g if (c, t) in x]
            if len(lits) > 1:
                m.AddAtMostOne(lits)
    for t in range(n_t):
        for r in range(len(ctt.rooms)):
            lits = [y[c, t, r] for c in range(len(courses)) if (c, t, r) in y]
            if len(lits) > 1:
                m.AddAtMostOne(lits)
    cost = []
    # RoomCapacity.
    for (c, t, r), v in y.items():
        over = courses[c][4] - ctt.rooms[r][1]
        if over > 0:
            cost.append(over * v)
    # MinWorkingDays.
    for c, (_cid, _t, _l, min_days, _st) in enumerate(courses):
        ws = []
        for d in range(ctt.days):
            lits = [x[c, d * ctt.periods + p] for p in range(ctt.periods) if (c, d * ctt.periods + p) in x]
            w = m.NewBoolVar("")
            m.Add(w <= sum(lits)) if lits else m.Add(w == 0)
            ws.append(w)
        deficit = m.NewIntVar(0, min_days, "")
        m.Add(deficit >= min_days - sum(ws))
        cost.append(5 * deficit)
    # Compactness: a curriculum's lecture with no lecture of it in an adjacent period of the day.
    for g in curricula:
        z = {t: sum(x[c, t] for c in g if (c, t) in x) for t in range(n_t)}
        for t in range(n_t):
            if not any((c, t) in x for c in g):
                continue
            p = t % ctt.periods
            iso = m.NewBoolVar("")
            neigh = []
            if p > 0:
                neigh.append(z[t - 1])
            if p < ctt.periods - 1:
                neigh.append(z[t + 1])
            m.Add(iso >= z[t] - sum(neigh))
            cost.append(2 * iso)
    # RoomStability.
    for c in range(len(courses)):
        used = []
        for r in range(len(ctt.rooms)):
            u = m.NewBoolVar("")
            for t in range(n_t):
                if (c, t, r) in y:
                    m.AddImplication(y[c, t, r], u)
            used.append(u)
        extra = m.NewIntVar(0, len(ctt.rooms), "")
        m.Add(extra >= sum(used) - 1)
        cost.append(extra)
    m.Minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = threads
    solver.parameters.random_seed = seed
    status = solver.Solve(m)
    name = solver.StatusName(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], name, float("nan")
    lines = []
    for (c, t, r), v in y.items():
        if solver.Value(v):
            lines.append(f"{courses[c][0]} {ctt.rooms[r][0]} {t // ctt.periods} {t % ctt.periods}")
    return lines, name, solver.ObjectiveValue()


def huiwu_score(ctt_path: Path, sol_lines: list[str]) -> dict:
    """The plan's score by huiwu's own importer and independent checker."""
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        (tmpd / "s.sol").write_text("\n".join(sol_lines) + "\n")
        run = lambda *a: subprocess.run([str(BIN), *a], capture_output=True, text=True)  # noqa: E731
        r = run("import", "itc2007", str(ctt_path), "-o", str(tmpd / "p.json"))
        if r.returncode != 0:
            raise RuntimeError(r.stderr)
        r = run("import", "itc2007-solution", str(ctt_path), str(tmpd / "s.sol"), "-o", str(tmpd / "plan.json"))
        if r.returncode != 0:
            raise RuntimeError(r.stderr)
        r = run("check", str(tmpd / "p.json"), str(tmpd / "plan.json"), "--json")
        return json.loads(r.stdout)


def huiwu_table(path: Path) -> dict[str, int]:
    """ITC cost per instance from a `--markdown` table of examples/itc2007_bench.rs."""
    out = {}
    for ln in path.read_text().splitlines():
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if cells and cells[0].startswith("comp") and len(cells) > 5:
            out[cells[0]] = int(cells[5])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--instances", default="")
    ap.add_argument("--data", default=str(ROOT / "benches" / "data" / "itc2007"))
    ap.add_argument("--huiwu", default="", help="markdown table of itc2007_bench at the same limit")
    ap.add_argument("--markdown", default="")
    a = ap.parse_args()
    try:
        import ortools  # noqa: F401
    except ImportError:
        print("itc_cpsat: needs OR-Tools (pip install ortools)", file=sys.stderr)
        return 2
    if not BIN.exists():
        print(f"itc_cpsat: build the CLI first (cargo build --release): {BIN} missing", file=sys.stderr)
        return 2
    data = Path(a.data)
    best = {row["instance"]: int(row["best_known_ud2_as_of_2014"]) for row in csv.DictReader(open(data / "best_known_ud2.csv"))}
    names = [n for n in a.instances.split(",") if n] or sorted(best)
    hw = huiwu_table(Path(a.huiwu)) if a.huiwu else {}
    rows = []
    for name in names:
        path = data / f"{name}.ctt"
        ctt = parse_ctt(path.read_text())
        t0 = time.time()
        lines, status, objective = solve_cpsat(ctt, a.time_limit, a.threads, a.seed)
        elapsed = time.time() - t0
        if lines:
            rep = huiwu_score(path, lines)
            cost = rep["soft"] if rep["valid"] and rep["medium"] == 0 else None
        else:
            cost = None
        rows.append((name, status, cost, best[name], hw.get(name), elapsed, objective))
        print(f"{name}: CP-SAT {status}, cost {cost} (model {objective}), huiwu {hw.get(name)}, best {best[name]}, {elapsed:.1f} s",
              flush=True)
    out = [f"ITC-2007 track 3: CP-SAT (OR-Tools) vs huiwu, time limit {a.time_limit:g} s, threads {a.threads}, seed {a.seed}", "",
           "| instance | CP-SAT status | CP-SAT cost | CP-SAT model objective | huiwu cost | best known | CP-SAT / best | huiwu / best | CP-SAT wall (s) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for name, status, cost, b, h, el, objective in rows:
        fmt = lambda v: "—" if v is None else str(v)  # noqa: E731
        ratio = lambda v: "—" if v is None or b == 0 else f"{v / b:.2f}"  # noqa: E731
        obj = "—" if objective != objective else f"{objective:.0f}"
        out.append(f"| {name} | {status} | {fmt(cost)} | {obj} | {fmt(h)} | {b} | {ratio(cost)} | {ratio(h)} | {el:.1f} |")
    both = [(c, h, b) for _n, _s, c, b, h, _e, _a in rows if c is not None and h is not None]
    solved = sum(1 for r in rows if r[2] is not None)
    out.append("")
    out.append(f"CP-SAT found a feasible timetable on {solved} of {len(rows)} instances.")
    if both:
        sc, sh, sb = (sum(v[i] for v in both) for i in range(3))
        out.append(f"Over the {len(both)} instances both solved: Σ CP-SAT {sc} ({sc / sb:.2f} × Σ best), "
                   f"Σ huiwu {sh} ({sh / sb:.2f} × Σ best), Σ best {sb}.")
    text = "\n".join(out) + "\n"
    print(text)
    if a.markdown:
        Path(a.markdown).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
