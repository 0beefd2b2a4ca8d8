# %% [markdown]
# # Weekly planning with huiwu
#
# A civic center's week: meeting requests, rooms in several buildings, service
# staff with skills. We load the week, plan it, look at the plan as tables and
# charts, and ask why a meeting was left out.
#
# This file is the script twin of `weekly_planning.ipynb` (same cells).

# %%
from pathlib import Path

import matplotlib

import huiwu

try:
    get_ipython().run_line_magic("matplotlib", "inline")  # type: ignore[name-defined]  # notebook
except NameError:
    matplotlib.use("Agg")  # script: headless, figures are saved below

HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
WEEK = HERE / "week.json" if (HERE / "week.json").exists() else HERE / "examples" / "week.json"

# %% [markdown]
# ## The problem
# `Problem.from_json` validates everything and lists every error with its JSON path.

# %%
problem = huiwu.Problem.from_json(WEEK)
problem

# %% [markdown]
# ## Solve
# The GIL is released while the solver runs; Ctrl-C (or the stop button) returns
# the best plan found so far. A fixed `seed` and `max_iterations` make the run reproducible.

# %%
plan = huiwu.solve(problem, time_limit=10, seed=0)
print(plan.score, plan.status)
plan

# %% [markdown]
# ## Tables

# %%
meetings = plan.meetings_df()
meetings.head(10)

# %%
tasks = plan.tasks_df()
tasks[tasks["missing"] > 0].head(10)

# %%
unassigned = plan.unassigned_df()
unassigned

# %%
load = plan.staff_load_df()
load.pivot_table(index="staff", columns="day", values="hours", aggfunc="sum").head(10)

# %% [markdown]
# ## Rooms over the week and staff load

# %%
fig_rooms = plan.plot_rooms()
fig_rooms.savefig("weekly_rooms.png", dpi=80)
fig_rooms

# %%
fig_load = plan.plot_staff_load()
fig_load.savefig("weekly_staff_load.png", dpi=80)
fig_load

# %% [markdown]
# ## Why?
# `explain` tells where and when a meeting is, why there, who serves it and what it
# costs, or why it could not be placed.

# %%
if len(unassigned):
    print(plan.explain(unassigned["id"].iloc[0]))
else:
    print("Every meeting is placed. For example:")
    print(plan.explain(meetings["id"].iloc[0]))

# %%
print(plan.explain(meetings["id"].iloc[0]))

# %% [markdown]
# ## Check a plan independently and keep it
# `huiwu.check` re-scores any plan (yours or the solver's) with the independent checker.

# %%
report = huiwu.check(problem, plan.to_json())
assert report.valid and report.score == plan.score
print(report.hard, report.medium, report.soft)

# %% [markdown]
# ## How the week went, and the printed plan
# The KPIs (rooms, buildings, staff, fairness, people missing by skill) come from the scorer's own
# quantities. `to_html` writes the printed plan: one self-contained page, A4 landscape on paper.

# %%
kpis = plan.kpis()
print(f"{kpis['meetings_placed']} placed, utilization {kpis['utilization']:.0%}, Gini {kpis['fairness_gini']:.2f}, "
      f"{kpis['people_missing']} of {kpis['people_needed']} people missing")
kpis.buildings

# %%
import html

page = plan.to_html("weekly_report.html")
try:
    from IPython.display import HTML

    display(HTML(f'<iframe srcdoc="{html.escape(page)}" style="width:100%;height:520px;border:1px solid #ccc"></iframe>'))  # type: ignore[name-defined]  # noqa: F821
except (ImportError, NameError):
    print(f"wrote weekly_report.html ({len(page)} characters)")

# %% [markdown]
# ## A booking desk: where can a new meeting go?
# A `Planner` keeps the week and its plan warm: `recommend` prices every place a new meeting can go
# (best first, at most one per room and day) and says why the other rooms cannot take it; `apply`
# re-plans after a change, moving nothing that does not lower the medium cost.

# %%
planner = huiwu.Planner(problem, plan)
day = problem.days[1]
options = planner.recommend(
    {"id": "NEW-1", "class": "standard", "attendees": 30, "duration": 90,
     "windows": [{"earliest_start": f"{day}T08:00", "latest_end": f"{day}T18:00"}]},
    top=3,
)
options[["rank", "room", "start", "medium", "soft", "moves"]]

# %%
first = meetings["id"].iloc[0]
new_plan, diff = planner.apply({"version": 1, "changes": [{"op": "cancel", "meeting": first}]})
print(diff)
