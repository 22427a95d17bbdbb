"""The walkthrough notebook runs top to bottom on a fresh kernel, so it cannot rot.

The kernel is this interpreter (`sys.executable`), described by a kernel spec written to a temporary
directory, so the test needs no `jupyter kernelspec install` and cannot pick up some other Python's
`python3` kernel: on a clean machine `pip install -e .[test]` plus nbclient, nbformat and ipykernel is
enough.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import ipykernel  # noqa: F401 - the kernel the notebook runs in; fail here, not at kernel start, if missing
import nbclient
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"
KERNEL = "coinage-test-python"


def _outputs(nb: Any, output_type: str) -> list[Any]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == output_type]


def _execute(notebook: Path = NOTEBOOK) -> Any:
    """The notebook, executed from a clean kernel running this interpreter."""
    with tempfile.TemporaryDirectory() as kernels:
        spec_dir = Path(kernels) / KERNEL
        spec_dir.mkdir()
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Coinage (test)",
            "language": "python",
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec))
        manager = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]))
        nb = nbformat.read(notebook, as_version=4)
        client = nbclient.NotebookClient(
            nb, km=manager, timeout=600, allow_errors=False, resources={"metadata": {"path": str(notebook.parent)}}
        )
        client.execute()
    return nb


def test_committed_notebook_has_no_outputs() -> None:
    """The committed notebook is stored with outputs and execution counts stripped, so diffs show only source."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cells"
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_notebook_runs_and_shows_what_it_promises() -> None:
    """Run top to bottom on a fresh kernel, every cell succeeds and the outputs include the AccountFrozen refusal, the timeline table, inline PNG charts and the fraud/overreach comparison under two regimes."""
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
