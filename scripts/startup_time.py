"""How long the command line takes to answer `--help` and `list`, and whether it loads an engine.

    .venv/bin/python scripts/startup_time.py [--runs 7]

Each command runs `--runs` times in a fresh interpreter; the median wall time is printed with the
fastest and slowest, the median CPU time (user + system, steadier than wall time on a shared
machine), and the engine packages (py-evm, revm, web3) the command imported, if any.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

COMMANDS = (["--help"], ["list"])
ENGINES = ("eth", "pyrevm", "web3", "eth_tester")
PROBE = (
    "import contextlib, io, sys\n"
    "from coinage.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    try:\n"
    "        main(sys.argv[1:])\n"
    "    except SystemExit:\n"
    "        pass\n"
    "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
)


def timings(argv: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run of `coinage ARGV`."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coinage.cli", *argv], capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def engines_loaded(argv: list[str]) -> list[str]:
    loaded = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True)
    return [name for name in ENGINES if name in loaded.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"{'command':<16} {'median s':>9} {'min s':>7} {'max s':>7} {'cpu s':>7}  engines loaded")
    for argv in COMMANDS:
        walls, cpus = timings(argv, runs)
        engines = ", ".join(engines_loaded(argv)) or "none"
        print(f"coinage {' '.join(argv):<8} {statistics.median(walls):>9.3f} {min(walls):>7.3f} {max(walls):>7.3f} "
              f"{statistics.median(cpus):>7.3f}  {engines}")


if __name__ == "__main__":
    main()
