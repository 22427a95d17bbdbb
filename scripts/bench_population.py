"""Time the population economy: runs/s, transactions/s, and the time per transaction from 100 to 10,000 holders.

    python scripts/bench_population.py [--sizes 100,1000,10000] [--days 1] [--regime due-process] [--engine revm]
                                       [--no-record] [--json FILE]

Each size is one run of the `economy` experiment with its default parameters (seed 0) on a fresh
embedded chain. A run has two phases, timed apart: the opening (deploying the coin, deriving every
holder's key, minting every opening balance) and the horizon (the simulated days). The growth figure
compares the time per transaction of the horizon, where the model's own work is.

`--no-record` runs as a sweep does (`simulate(..., record=False)`: no timeline, no chain history).
Seconds are wall-clock, CPU seconds this process's own (less disturbed by other work on a shared
machine). Peak memory is the process's largest resident set so far, so with sizes in increasing order it is
each size's own; the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time

from coinage.chain import ENGINES
from coinage.experiments import get_experiment, simulate


def measure(holders: int, days: int, regime: str, engine: str | None = None, record: bool = True) -> dict[str, float]:
    spec = get_experiment("economy").spec(regime, seed=0, holders=holders, days=days, engine=engine)
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    run = simulate(spec, record=record)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    (open_s, open_tx), (horizon_s, horizon_tx) = run.phases["opening"], run.phases["horizon"]
    return {
        "holders": holders,
        "days": days,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "transactions": run.transactions,
        "transactions_per_s": round(run.transactions / seconds, 1),
        "runs_per_s": round(1 / seconds, 4),
        "opening_ms_per_transaction": round(1000 * open_s / open_tx, 3),
        "horizon_ms_per_transaction": round(1000 * horizon_s / horizon_tx, 3) if horizon_tx else 0.0,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="population sizes, comma-separated")
    parser.add_argument("--days", type=int, default=1, help="simulated days per run")
    parser.add_argument("--regime", default="due-process")
    parser.add_argument("--engine", choices=ENGINES, help="the embedded chain's EVM (default: revm)")
    parser.add_argument("--no-record", action="store_true", help="record no timeline or chain history, as a sweep's run")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args()
    rows = [measure(int(size), args.days, args.regime, args.engine, not args.no_record) for size in args.sizes.split(",")]
    print("| holders | days | seconds | CPU seconds | transactions | tx/s | runs/s | ms/tx opening | ms/tx horizon | peak MB | load before, after |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['holders']:,} | {row['days']} | {row['seconds']} | {row['cpu_seconds']} | {row['transactions']:,} | "
            f"{row['transactions_per_s']} | {row['runs_per_s']} | {row['opening_ms_per_transaction']} | "
            f"{row['horizon_ms_per_transaction']} | {row['peak_mb']:,} | {row['load_before']}, {row['load_after']} |"
        )
    first, last = rows[0], rows[-1]
    growth = last["horizon_ms_per_transaction"] / first["horizon_ms_per_transaction"]
    print(f"\ntime per transaction of the horizon, {last['holders']:,} vs {first['holders']:,} holders: {growth:.2f}x")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"runs": rows, "growth": round(growth, 3)}, out, indent=1)


if __name__ == "__main__":
    main()
