"""Measure sweeps: runs/s with 1 and 2 worker processes, and the wall time of a population sweep.

    python scripts/bench_sweep.py [--seeds N] [--population-seeds K] [--json FILE]

1. The fraud story under all five regimes for N seeds (default 200: 1,000 runs), with --workers 1 and 2.
   Wall time from the call to the last row, so process start-up is included.
2. If the `economy` experiment is registered: 5 regimes x K seeds (default 1) x 1,000 holders x 30 days
   on 2 workers, and that time scaled to 100 seeds (5 x 100 = 500 runs, that is 250 rounds of two
   parallel runs against the ceil(5K / 2) rounds measured: runs are independent and the pool stays
   busy). The extrapolation is printed as such.
The load average is printed with the figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path
from typing import Any

from coinage.experiments import EXPERIMENTS
from coinage.sweep import plan_sweep, run_sweep

TARGET_SEEDS = 100


def timed(experiment: str, workers: int, **plan: Any) -> tuple[int, float]:
    """(runs, wall seconds) of one sweep, in memory."""
    sweep = plan_sweep(experiment, **plan)
    start = time.perf_counter()
    run_sweep(sweep, workers=workers)
    return sweep.size, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--population-seeds", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict[str, Any] = {"load_average_before": os.getloadavg()[0]}
    lines = ["| sweep | workers | runs | wall (s) | runs/s |", "|---|---:|---:|---:|---:|"]
    for workers in (1, 2):
        runs, wall = timed("fraud", workers, seeds=args.seeds)
        figures[f"fraud_workers_{workers}"] = {"runs": runs, "wall_s": wall, "runs_per_s": runs / wall}
        lines.append(f"| fraud, 5 regimes x {args.seeds} seeds | {workers} | {runs} | {wall:.1f} | {runs / wall:.1f} |")
    if "economy" in EXPERIMENTS:
        k = args.population_seeds
        runs, wall = timed("economy", 2, seeds=k, holders=1_000, days=30)
        # Two workers run the runs in rounds of two; the last round of an odd count leaves one idle.
        full = wall / math.ceil(runs / 2) * math.ceil(5 * TARGET_SEEDS / 2)
        figures["economy_1000_holders_30_days"] = {"runs": runs, "wall_s": wall, "extrapolated_500_runs_s": full}
        lines.append(f"| economy, 5 regimes x {k} seeds x 1,000 holders x 30 days | 2 | {runs} | {wall:.1f} | {runs / wall:.3f} |")
        lines.append(
            f"| economy, 5 regimes x {TARGET_SEEDS} seeds x 1,000 holders x 30 days (extrapolated from the row above) | 2 | "
            f"{5 * TARGET_SEEDS} | {full:,.0f} ({full / 3600:.1f} h) | {runs / wall:.3f} |"
        )
    figures["load_average_after"] = os.getloadavg()[0]
    print("\n".join(lines))
    print(f"\nload average (1 min) before {figures['load_average_before']:.2f}, after {figures['load_average_after']:.2f}; "
          f"{os.cpu_count()} cores")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
