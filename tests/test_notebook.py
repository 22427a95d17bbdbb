"""The walkthrough notebook runs top to bottom on a fresh kernel, so it cannot rot, and is committed with the outputs
that run gives (`python scripts/run_notebooks.py` regenerates them).

The kernel is this interpreter (`sys.executable`), described by a kernel spec written to a temporary
directory (scripts/run_notebooks.py), so the test needs no `jupyter kernelspec install` and cannot pick up
some other Python's `python3` kernel: on a clean machine `pip install -e .[test]` is enough.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import nbformat

from script_modules import load_script

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


RUNNER = load_script("run_notebooks")


def _outputs(nb: Any, output_type: str) -> list[Any]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == output_type]


def _execute(notebook: Path = NOTEBOOK) -> Any:
    """The notebook, executed from a clean kernel running this interpreter, and checked against its committed outputs."""
    committed = nbformat.read(notebook, as_version=4)
    nbformat.validate(committed)
    nb = RUNNER.execute(notebook)
    assert RUNNER.outputs(committed) == RUNNER.outputs(nb), (
        f"{notebook.name}'s committed outputs differ from a fresh run's: run python scripts/run_notebooks.py"
    )
    assert [c.execution_count for c in committed.cells if c.cell_type == "code"] == [
        c.execution_count for c in nb.cells if c.cell_type == "code"
    ]
    return nb


def test_notebook_runs_and_shows_what_it_promises() -> None:
    """Run top to bottom on a fresh kernel, every cell succeeds, the committed outputs equal the run's, and they include the AccountFrozen refusal, the timeline table, inline PNG charts and the fraud/overreach comparison under two regimes."""
    # One test, not several sharing a fixture: under pytest-xdist each worker would run the notebook again.
    nb = _execute()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code)
    assert _outputs(nb, "error") == []

    text = "".join(o.text for o in _outputs(nb, "stream") if o.name == "stdout")
    assert "refused: AccountFrozen(account=mallory, until=until lifted)" in text
    assert "refused: Unauthorized(caller=court, power=FREEZE, role=REGULATOR)" in text
    assert "refused: ReservesExceeded(" in text
    assert "balanced" in text

    rich = _outputs(nb, "display_data") + _outputs(nb, "execute_result")
    tables = [o for o in rich if "<table>" in o.data.get("text/html", "")]
    assert len(tables) >= 2, "expected the coin's timeline and the due-process fraud timeline"
    assert "AccountFrozen" in tables[0].data["text/html"]
    assert len([o for o in rich if "image/png" in o.data]) >= 3

    markdown = "".join(o.data.get("text/markdown", "") for o in rich)
    for scenario in ("fraud", "overreach"):
        table = markdown.split(f"### {scenario}: ", 1)[1].split("### ", 1)[0]
        for regime in ("regulator-controlled", "due-process"):
            assert f"| {regime} | " in table, (scenario, regime)
