"""Figures of a plan (matplotlib, optional extra ``plot``).

Figures are built with `matplotlib.figure.Figure`, not `pyplot`: no global state,
safe under the Agg backend, in threads and on Dask workers. Jupyter displays a
returned Figure; elsewhere call ``fig.savefig(...)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pandas as pd

from huiwu import _native

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from huiwu._plan import Plan


def _figure_class() -> type[Figure]:
    try:
        from matplotlib.figure import Figure
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("plots need matplotlib: pip install 'huiwu[plot]'") from e
    return Figure


# Fonts that draw Chinese titles, in order of preference; matplotlib's default (DejaVu Sans)
# draws them as empty boxes.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Source Han Sans SC",
)


# File name parts of those fonts, to find them when matplotlib's font cache predates them.
_CJK_FILES = ("notosanscjk", "notosanssc", "wqy", "simhei", "msyh", "pingfang", "sourcehansans")


_found: list[str | None] = []


def cjk_font() -> str | None:
    """The first installed font of `CJK_FONTS`, or None when the machine has none."""
    if not _found:
        _found.append(_find_cjk_font())
    return _found[0]


def _find_cjk_font() -> str | None:
    from matplotlib import font_manager

    def first() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    found = first()
    if found is None:
        # matplotlib lists the fonts it saw when it built its cache; one installed since is
        # registered here.
        for path in font_manager.findSystemFonts():
            if any(part in path.lower().replace("-", "").replace("_", "") for part in _CJK_FILES):
                font_manager.fontManager.addfont(path)
        found = first()
    return found


@contextlib.contextmanager
def _fonts() -> Iterator[None]:
    """Draws text with a CJK-capable font where one is installed (falls back per glyph)."""
    import matplotlib

    font = cjk_font()
    if font is None:
        yield
        return
    # The family is stored by name in each text made here and resolved when drawn: name the
    # font itself (the generic "sans-serif" would resolve by the defaults at drawing time).
    with matplotlib.rc_context({"font.family": [font, "sans-serif"]}):
        yield


def _hours(ts: pd.Timestamp) -> float:
    return ts.hour + ts.minute / 60


def plot_rooms(plan: Plan, day: str | None = None) -> Figure:
    """Gantt chart: one row per room, one panel per day; meetings as bars labelled with their id."""
    with _fonts():
        return _plot_rooms(plan, day)


def _plot_rooms(plan: Plan, day: str | None) -> Figure:
    figure_class = _figure_class()
    meetings = plan.meetings_df()
    days = [day] if day is not None else plan.problem.days
    if day is not None and day not in plan.problem.days:
        raise ValueError(f"{day} is not a planning day; the days are {', '.join(plan.problem.days)}")
    rooms = sorted(set(meetings["room"].dropna())) if len(meetings) else []
    height = max(2.5, 0.35 * max(len(rooms), 1) + 1.2)
    fig = figure_class(figsize=(max(6.0, 3.2 * len(days)), height), layout="constrained")
    axes = fig.subplots(1, len(days), sharey=True, squeeze=False)[0]
    index = {r: i for i, r in enumerate(rooms)}
    classes = sorted(set(meetings["class"].dropna())) if len(meetings) else []
    # The printed plan's colours: each class by its place in the problem's list.
    palette = _native.CLASS_COLOURS
    order = [c["id"] for c in plan.problem.to_dict()["service_classes"]]
    colours = {c: palette[order.index(c) % len(palette)] if c in order else palette[-1] for c in classes}
    for ax, d in zip(axes, days):
        sub = meetings[meetings["day"] == d]
        lo, hi = 24.0, 0.0
        for row in sub.to_dict(orient="records"):
            if pd.isna(row["start"]) or pd.isna(row["end"]) or row["room"] not in index:
                continue
            s = _hours(row["start"])
            # A meeting ending at midnight ends at hour 24 of its day.
            e = _hours(row["end"]) if row["end"].normalize() == row["start"].normalize() else 24.0
            lo, hi = min(lo, s), max(hi, e)
            y = index[row["room"]]
            ax.barh(y, e - s, left=s, height=0.7, color=colours.get(row["class"], "tab:blue"),
                    edgecolor="black", lw=0.4)
            ax.text(s + 0.05, y, str(row["id"]), va="center", ha="left", fontsize=6, clip_on=True)
        if lo >= hi:
            lo, hi = 8.0, 18.0
        ax.set_xlim(max(0.0, lo - 0.5), min(24.0, hi + 0.5))
        ax.set_title(d, fontsize=9)
        ax.set_xlabel("hour")
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(rooms)), rooms, fontsize=7)
    axes[0].set_ylim(-0.6, max(len(rooms), 1) - 0.4)
    axes[0].invert_yaxis()
    if classes:
        from matplotlib.patches import Patch

        fig.legend(
            handles=[Patch(color=colours[c], label=c) for c in classes],
            loc="outside lower center",
            ncols=min(len(classes), 6),
            fontsize=7,
        )
    fig.suptitle(f"Rooms — {plan.problem.name or 'plan'}", fontsize=10)
    return fig


def plot_staff_load(plan: Plan) -> Figure:
    """Heat map of task hours per staff member (rows) and day (columns); cells above the
    preferred daily minutes are outlined in red and labelled."""
    with _fonts():
        return _plot_staff_load(plan)


def _plot_staff_load(plan: Plan) -> Figure:
    figure_class = _figure_class()
    load = plan.staff_load_df()
    days = plan.problem.days
    staff = list(dict.fromkeys(load["staff"])) if len(load) else []
    hours = load.pivot_table(index="staff", columns="day", values="hours", aggfunc="sum", fill_value=0.0)
    hours = hours.reindex(index=staff, columns=days, fill_value=0.0)
    over = load.pivot_table(index="staff", columns="day", values="overtime_minutes", aggfunc="sum", fill_value=0)
    over = over.reindex(index=staff, columns=days, fill_value=0)
    fig = figure_class(
        figsize=(max(5.0, 1.0 * len(days) + 2.5), max(2.5, 0.25 * max(len(staff), 1) + 1.5)),
        layout="constrained",
    )
    ax = fig.subplots()
    data = hours.to_numpy(dtype=float) if len(staff) else [[0.0] * max(len(days), 1)]
    im = ax.imshow(data, aspect="auto", cmap="YlOrRd", vmin=0.0)
    fig.colorbar(im, ax=ax, label="task hours")
    ax.set_xticks(range(len(days)), days, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(staff)), staff, fontsize=6)
    if len(staff) <= 60:
        for i, s in enumerate(staff):
            for j, d in enumerate(days):
                h = float(hours.loc[s, d])
                if h > 0:
                    ax.text(j, i, f"{h:.1f}", ha="center", va="center", fontsize=5)
                if over.loc[s, d] > 0:
                    from matplotlib.patches import Rectangle

                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="red", lw=1.2))
    ax.set_title(f"Staff load — {plan.problem.name or 'plan'} (red: overtime)", fontsize=10)
    return fig
