"""Time the population economy: runs/s, transactions/s, and the time per transaction from 100 to 10,000 holders.

    python scripts/bench_population.py [--sizes 100,1000,10000] [--days 1] [--regime due-process] [--json FILE]

Each size is one run of the `economy` experiment with its default parameters (seed 0) on a fresh
embedded chain; the time includes deploying the coin and minting every opening balance.
"""

from __future__ import annotations

import argparse
import json
import time

from coinage.experiments import get_experiment, simulate


def measure(holders: int, days: int, regime: str) -> dict[str, float]:
    spec = get_experiment("economy").spec(regime, seed=0, holders=holders, days=days)
    start = time.perf_counter()
    run = simulate(spec)
    seconds = time.perf_counter() - start
    return {
        "holders": holders,
        "days": days,
        "seconds": round(seconds, 2),
        "transactions": run.transactions,
        "transactions_per_s": round(run.transactions / seconds, 1),
        "ms_per_transaction": round(1000 * seconds / run.transactions, 3),
        "runs_per_s": round(1 / seconds, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="population sizes, comma-separated")
    parser.add_argument("--days", type=int, default=1, help="simulated days per run")
    parser.add_argument("--regime", default="due-process")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args()
    rows = [measure(int(size), args.days, args.regime) for size in args.sizes.split(",")]
    print("| holders | days | seconds | transactions | tx/s | ms/tx | runs/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['holders']:,} | {row['days']} | {row['seconds']} | {row['transactions']:,} | "
            f"{row['transactions_per_s']} | {row['ms_per_transaction']} | {row['runs_per_s']} |"
        )
    growth = rows[-1]["ms_per_transaction"] / rows[0]["ms_per_transaction"]
    print(f"\ntime per transaction, {rows[-1]['holders']:,} vs {rows[0]['holders']:,} holders: {growth:.2f}x")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"runs": rows, "growth": round(growth, 3)}, out, indent=1)


if __name__ == "__main__":
    main()
