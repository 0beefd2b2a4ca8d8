"""The example notebook runs headless from top to bottom (nbclient), and its script twin too."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples"
WEEK = EXAMPLES / "week.json"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    if not WEEK.exists():
        pytest.fail("examples/week.json is missing (written by the generator: huiwu generate)")
    shutil.copy(WEEK, tmp_path / "week.json")
    return tmp_path


def test_notebook_runs(workdir: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(EXAMPLES / "weekly_planning.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    # The explanation cell printed a paragraph about a meeting.
    assert " is held in room " in texts or " is not placed: " in texts
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the Gantt chart and the staff load
    htmls = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("huiwu.Problem" in o["data"]["text/html"] for o in htmls)
    assert any("huiwu.Plan" in o["data"]["text/html"] for o in htmls)
    assert (workdir / "weekly_rooms.png").stat().st_size > 0


def test_notebook_and_script_have_the_same_code() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(EXAMPLES / "weekly_planning.ipynb", as_version=4)
    script = (EXAMPLES / "weekly_planning.py").read_text(encoding="utf-8")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.source in script


def test_script_runs(workdir: Path) -> None:
    shutil.copy(EXAMPLES / "weekly_planning.py", workdir / "weekly_planning.py")
    done = subprocess.run(
        [sys.executable, "weekly_planning.py"], cwd=workdir, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^\d+hard/\d+medium/\d+soft (optimal|feasible)$", done.stdout, re.M), done.stdout
    assert (workdir / "weekly_staff_load.png").stat().st_size > 0
