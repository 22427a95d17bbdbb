"""Execute the notebooks in notebooks/ on a fresh kernel and save each in place with its outputs.

    python scripts/run_notebooks.py [NOTEBOOK ...]    (default: every notebooks/*.ipynb)

Needs the test extra (`make test`, or `pip install -e '.[test]'`): nbclient, nbformat and ipykernel.
The kernel is this interpreter, described by a kernel spec in a temporary directory, so no
`jupyter kernelspec install` is needed and no other Python's `python3` kernel is picked up.

The saved file is deterministic: execution counts run 1, 2, 3...; the run's timestamps are dropped from
each cell's metadata; the notebook's own metadata (kernel spec, language) is kept as committed rather
than replaced by this machine's Python version. tests/test_notebook.py runs the notebooks again and checks
the committed outputs equal a fresh run's, so a stale notebook fails the suite.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import ipykernel  # noqa: F401 - the kernel the notebooks run in; fail here, not at kernel start, if missing
import nbclient
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL = "coinage-python"
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
"""Images are compared by presence and type: their bytes depend on the machine's font rendering."""


def execute(notebook: Path) -> Any:
    """The notebook at `notebook`, executed top to bottom from a clean kernel running this interpreter."""
    with tempfile.TemporaryDirectory() as kernels:
        spec_dir = Path(kernels) / KERNEL
        spec_dir.mkdir()
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Coinage",
            "language": "python",
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec))
        manager = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]))
        nb = nbformat.read(notebook, as_version=4)
        committed_metadata = copy.deepcopy(nb.metadata)
        client = nbclient.NotebookClient(
            nb, km=manager, timeout=600, allow_errors=False, resources={"metadata": {"path": str(notebook.parent)}}
        )
        client.execute()
    return normalised(nb, committed_metadata)


def normalised(nb: Any, metadata: Any) -> Any:
    """`nb` without what changes from run to run: cell execution timestamps; its notebook metadata set to `metadata`."""
    nb.metadata = metadata
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def outputs(nb: Any) -> list[list[dict[str, Any]]]:
    """Each code cell's outputs in a form two runs can be compared by: images reduced to their type."""
    shown = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell_outputs = []
        for output in cell.outputs:
            plain = json.loads(json.dumps(output))
            plain.pop("metadata", None)
            for mime in IMAGE_TYPES:
                if mime in plain.get("data", {}):
                    plain["data"][mime] = "<image>"
            cell_outputs.append(plain)
        shown.append(cell_outputs)
    return shown


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        nbformat.write(execute(path), path)
        print(f"{path.name}: executed and saved with its outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
