"""Every Python snippet in the README runs as a newcomer would run it: saved to a file, then `python file.py`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_readme_snippet_runs_as_a_file(snippet: str, tmp_path: Path) -> None:
    """The snippet, written to a file and run in a fresh interpreter, exits 0 without a traceback."""
    script = tmp_path / "snippet.py"
    script.write_text(snippet)
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


def test_the_sweep_snippet_prints_coins_not_base_units(tmp_path: Path) -> None:
    """The sweep snippet prints amounts in coins with two decimals, never a raw base-unit mean."""
    snippet = next(s for s in SNIPPETS if "run_sweep" in s)
    assert 'if __name__ == "__main__":' in snippet, "the forkserver imports the file: the sweep needs the guard"
    script = tmp_path / "sweep_snippet.py"
    script.write_text(snippet)
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "permissionless: lost 7,300.00 coins on average over 5 runs" in result.stdout
    assert not re.search(r"\d{7,}", result.stdout), result.stdout


def test_generated_output_directories_are_ignored_by_git() -> None:
    """The README's `--out report` and `--out sweep-out` directories are in .gitignore."""
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/report/" in ignored and "/sweep-out/" in ignored


def test_make_notebook_runs_as_root() -> None:
    """`make notebook` passes --allow-root to JupyterLab when run as root, and not otherwise."""
    dry = subprocess.run(["make", "-n", "notebook"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    line = next(line for line in dry.stdout.splitlines() if "jupyter lab" in line)

    assert ("--allow-root" in line) == (os.getuid() == 0), line
