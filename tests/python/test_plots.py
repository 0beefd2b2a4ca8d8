"""Figures build headless (Agg) with the expected axes."""

from __future__ import annotations

from pathlib import Path

import pytest

import huiwu

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def test_plot_rooms_and_staff_load(spec_problem: huiwu.Problem, spec_plan_path: Path, tmp_path: Path) -> None:
    plan = huiwu.Plan.from_json(spec_plan_path, spec_problem)
    fig = plan.plot_rooms()
    axes = fig.get_axes()
    assert len(axes) == 2  # one panel per day
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["A-301"]
    assert len(axes[0].patches) == 1 and len(axes[1].patches) == 0
    bar = axes[0].patches[0]
    assert (bar.get_x(), bar.get_width()) == (9.5, 1.5)
    fig.savefig(tmp_path / "rooms.png")
    one = plan.plot_rooms(day="2026-03-02")
    assert len(one.get_axes()) == 1
    with pytest.raises(ValueError):
        plan.plot_rooms(day="2027-01-01")

    fig2 = plan.plot_staff_load()
    ax = fig2.get_axes()[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["S-007"]
    data = ax.get_images()[0].get_array()
    assert data.tolist() == [[0.5, 0.0]]
    fig2.savefig(tmp_path / "load.png")
    assert (tmp_path / "rooms.png").stat().st_size > 0


def test_chinese_titles_use_a_cjk_font(spec_problem: huiwu.Problem, spec_plan_path: Path) -> None:
    from matplotlib import font_manager

    from huiwu._plot import CJK_FONTS, cjk_font

    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (scripts/setup.sh installs fonts-noto-cjk)")
    assert font in CJK_FONTS
    plan = huiwu.Plan.from_json(spec_plan_path, spec_problem)
    for fig in (plan.plot_rooms(), plan.plot_staff_load()):
        texts = [t for ax in fig.get_axes() for t in [ax.title, *ax.get_yticklabels()]]
        # findfont may return a str subclass that also carries the face index: compare paths.
        files = {str(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)) for t in texts}
        cjk_files = {f.fname for f in font_manager.fontManager.ttflist if f.name == font}
        assert files <= cjk_files, (files, font)
