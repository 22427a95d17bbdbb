"""Time the toolchain: a cold compile, a cached compile, and nothing-to-deployed-coin.

    python scripts/bench_toolchain.py [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from coinage.compiler import compile_project
from coinage.deploy import deploy_coin

ROOT = Path(__file__).resolve().parent.parent


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def time_compile() -> tuple[float, float]:
    """Seconds for a cold compile and for a cached one, on a copy of the project with no cache."""
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        ignore = shutil.ignore_patterns(".venv*", "node_modules", ".coinage-cache", ".git", "__pycache__")
        shutil.copytree(ROOT, project, ignore=ignore)
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        cold = _timed(lambda: compile_project(project))
        cached = _timed(lambda: compile_project(project))
    return cold, cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    cold, cached = time_compile()
    deploy = _timed(lambda: deploy_coin("regulator-controlled"))

    figures = {"cold compile (s)": cold, "cached compile (s)": cached, "nothing to deployed coin (s)": deploy}
    width = max(len(k) for k in figures)
    for name, seconds in figures.items():
        print(f"{name.ljust(width)}  {seconds:8.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
