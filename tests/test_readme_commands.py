"""The README's first steps, followed literally in a new shell, as a newcomer would after `make demo`.

`make demo` itself is not rerun: the README says it creates `.venv`, which the test suite already runs
in, so the commands after it are run in a fresh login-free shell against that `.venv`, from a directory
laid out like the clone (its `.venv` and `scripts/`), with a PATH that does not hold `.venv/bin`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_steps() -> list[str]:
    """The commands of the README's "First steps" shell block, one per line."""
    section = (ROOT / "README.md").read_text().split("## First steps", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "README's First steps has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_first_steps_work_in_a_new_shell(tmp_path: Path) -> None:
    """Each command of the README's first steps succeeds in a new shell, in order, and does what the README says."""
    commands = first_steps()
    assert commands[0] == ". .venv/bin/activate"
    venv = Path(sys.prefix)
    assert (venv / "bin" / "activate").exists(), "the tests run inside the .venv that `make demo` builds"
    (tmp_path / ".venv").symlink_to(venv)
    (tmp_path / "scripts").symlink_to(ROOT / "scripts")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    script = "set -e\n" + "\n".join(f"echo '$ {c}'\n{c}" for c in commands) + "\n"
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "Traceback" not in result.stderr
    assert "  fraud " in result.stdout  # coinage list
    assert "regime: due-process" in result.stdout  # coinage demo fraud --regime due-process
    # The script wraps to the terminal (80 columns on a pipe) between words.
    assert "=== Fraud: can phished funds be frozen and returned? | permissionless | seed 3 ===" in " ".join(result.stdout.split())
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["fraud_recovered.png", "outcomes.json", "report.md"]


def test_make_demo_installs_only_what_coinage_needs_and_says_so() -> None:
    """`make demo` (dry run, every step) announces itself and installs no test tools; `make test` and `make notebook` add theirs."""
    def steps(target: str) -> str:
        return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True).stdout

    demo = steps("demo")
    assert "echo \"== Creating .venv" in demo and "pip install" in demo
    assert "[test]" not in demo and "[notebook]" not in demo
    assert "'.[test]'" in steps("test")
    notebook = steps("notebook")
    assert "'.[notebook]'" in notebook and re.search(r"jupyter lab (--allow-root )?notebooks/walkthrough\.ipynb", notebook)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'notebook = \[\s*"jupyterlab==[\d.]+",', pyproject)
