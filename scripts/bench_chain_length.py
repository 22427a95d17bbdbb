"""Time a transaction at 1,000 and at N transactions into one chain: does its cost grow with the chain?

    python scripts/bench_chain_length.py [--transactions 1000000] [--window 1000] [--via facade|transact]
                                         [--no-record] [--engine revm] [--json FILE]

One chain, one Coinage coin (regulator-controlled) with 1,000 holders minted at the start; then
`--transactions` transfers from a random holder to a random holder (seed 0), one block per
transaction, timed in windows of `--window`. `--via facade` sends them through `Coin.transfer` (what
scenarios and models use: encoding, receipt, timeline entry), `--via transact` as raw `chain.transact`
calls with the same calldata. Everything the chain and the deployment keep is kept (history,
timeline, bank), as in an interactive session; `--no-record` calls `Deployment.stop_recording()`
first, as a sweep's run does.

Printed, in wall-clock time and in this process's CPU time (which other work on a shared machine
disturbs less): the cost of the first window that ends at or after 1,000 transactions, the mean of
the last ten windows, the slowest window (a full collection of the cycle collector lands in one),
the ratio last-ten / first; peak memory, and the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from typing import Any

HOLDERS = 1_000


def measure(transactions: int, window: int, via: str, record: bool, engine: str | None) -> dict[str, Any]:
    from coinage import deploy_coin

    names = [f"h{i}" for i in range(HOLDERS)]
    d = deploy_coin("regulator-controlled", holders=names, engine=engine)
    if not record:
        d.stop_recording()
    coin, cast, chain = d.coin, d.cast, d.chain
    coin.attest(10**30, report="R", by=cast.attestor)
    coin.set_minter_allowance(10**30, by=cast.regulator)
    with chain.batch():
        for name in names:
            coin.mint(cast[name], 10**15, by=cast.issuer)
    actors = [cast[name] for name in names]
    signers = [cast.signer(actor) for actor in actors]
    encode = coin.interface.encode_call
    rng = random.Random(0)
    sent = chain.block_number  # transactions so far: every one of them had a block of its own or shared a batch
    windows: list[tuple[int, float, float]] = []  # (transactions so far, wall us/tx, CPU us/tx) per window
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(1, transactions + 1):
        payer, payee = rng.randrange(HOLDERS), rng.randrange(HOLDERS)
        if via == "facade":
            coin.transfer(actors[payee], 1, by=actors[payer])
        else:
            receipt = chain.transact(signers[payer], coin.address, encode("transfer", (actors[payee].address, 1)))
            if not receipt.succeeded:
                raise RuntimeError("a benchmark transfer was refused")
        if i % window == 0:
            now, cpu_now = time.perf_counter(), time.process_time()
            windows.append((i, 1e6 * (now - start) / window, 1e6 * (cpu_now - cpu) / window))
            start, cpu = now, cpu_now
            if i % (window * 100) == 0:
                print(f"  {i:,} transactions: {windows[-1][1]:.1f} us/tx wall, {windows[-1][2]:.1f} CPU",
                      file=sys.stderr, flush=True)
    return _summary(windows, "wall") | {f"cpu_{k}": v for k, v in _summary(windows, "cpu").items()} | {
        "engine": chain.describe(),
        "via": via,
        "record": record,
        "transactions": transactions,
        "setup_transactions": sent,
        "window": window,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "windows": windows,
    }


def _summary(windows: list[tuple[int, float, float]], clock: str) -> dict[str, float]:
    costs = [(done, wall if clock == "wall" else cpu) for done, wall, cpu in windows]
    first = next((cost for done, cost in costs if done >= 1_000), costs[0][1])
    last_ten = [cost for _, cost in costs[-10:]]
    return {
        "us_per_tx_at_1000": round(first, 2),
        "us_per_tx_last_window": round(costs[-1][1], 2),
        "us_per_tx_last_ten_windows": round(sum(last_ten) / len(last_ten), 2),
        "us_per_tx_slowest_window": round(max(cost for _, cost in costs), 2),
        "us_per_tx_mean": round(sum(cost for _, cost in costs) / len(costs), 2),
        "ratio_last_ten_to_1000": round(sum(last_ten) / len(last_ten) / first, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--window", type=int, default=1_000)
    parser.add_argument("--via", choices=("facade", "transact"), default="facade")
    parser.add_argument("--no-record", action="store_true", help="stop recording the timeline and history first")
    parser.add_argument("--engine", help="the embedded chain's engine (default: revm)")
    parser.add_argument("--json", help="also write the figures (and every window) to this file")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    wall = time.perf_counter()
    result = measure(args.transactions, args.window, args.via, not args.no_record, args.engine)
    result |= {"wall_s": round(time.perf_counter() - wall, 1), "load_before": round(load_before, 2),
               "load_after": round(os.getloadavg()[0], 2)}
    print(f"{result['engine']}, {args.via}, {'recording' if result['record'] else 'not recording'}, "
          f"{args.transactions:,} transfers in windows of {args.window:,} (wall {result['wall_s']} s):")
    for clock, prefix in (("wall clock", ""), ("CPU time of this process (less disturbed by other work)", "cpu_")):
        print(f"  {clock}:")
        print(f"    us per transaction at 1,000 into the chain: {result[prefix + 'us_per_tx_at_1000']}")
        print(f"    us per transaction, last ten windows (to {args.transactions:,}): {result[prefix + 'us_per_tx_last_ten_windows']}")
        print(f"    ratio: {result[prefix + 'ratio_last_ten_to_1000']}x (target at most 1.2x)")
        print(f"    slowest window {result[prefix + 'us_per_tx_slowest_window']} us/tx; "
              f"mean of all windows {result[prefix + 'us_per_tx_mean']} us/tx")
    print(f"  peak memory {result['peak_mb']:,} MB; load average (1 min) {result['load_before']} before, {result['load_after']} after; "
          f"{os.cpu_count()} cores")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
