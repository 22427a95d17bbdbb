"""A pip-installed copy runs with no compiler: the compiled artifacts ship inside the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_package_runs_the_tour_without_node_or_solc(tmp_path: Path) -> None:
    """`pip install .` (without the source tree, Node or solc on PATH) still deploys and runs the tour."""
    target = tmp_path / "site"
    # Built from a copy: setuptools reuses an in-tree build/ directory, which would ship stale files.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv*", "node_modules", "build", "*.egg-info", ".*cache*")
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert sorted(p.name for p in (target / "coinage" / "artifacts").glob("*.json")) == sorted(
        p.name for p in (ROOT / "src" / "coinage" / "artifacts").glob("*.json")
    )
    # The classroom's page ships too: nothing is fetched when a browser opens it.
    shipped = ROOT / "src" / "coinage" / "web" / "static"
    assert sorted(p.name for p in (target / "coinage" / "web" / "static").iterdir()) == sorted(p.name for p in shipped.iterdir())
    # Only the interpreter's own directory on PATH: no node, no solc, no npm.
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(target), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import coinage.cli, sys; sys.exit(coinage.cli.main(['demo', '--plain']))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "AccountFrozen(account=mallory, until=until lifted)" in result.stdout
    assert str(target) in subprocess.run(
        [sys.executable, "-c", "import coinage; print(coinage.__file__)"], env=env, cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert "node" not in os.listdir(Path(sys.executable).parent)
