"""Load on the classroom: N simulated participants act for S seconds against one `coinage classroom`.

Each participant is an HTTP client with its own session (as a browser would be); they join, then act
in a closed loop, each waiting a random think time (0 to twice --think) between clicks. A separate
client follows the live board as the projector does. Reported: accepted actions per second, the
95th-percentile latency from a click to the first board that shows its step, and whether the ledger
reconciles (every accepted action in the history with its transactions on chain, every transaction
mined accounted for, balances plus escrow summing to the supply).

    .venv/bin/python scripts/bench_classroom.py --participants 60 --seconds 60

Needs the test tools (`make test` installs httpx2). Prints a Markdown table, or JSON with --json.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from classroom_server import Served, classroom_server  # noqa: E402  (the same launcher the browser test uses)


class Board:
    """The boards as the projector received them: (arrival time, seq), in order, and the latest one."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.seqs: list[int] = []
        self.latest: dict[str, Any] = {}

    async def follow(self, client: httpx.AsyncClient, stop: asyncio.Event) -> None:
        async with client.stream("GET", "/api/events", timeout=None) as response:
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    board = json.loads(line[5:])
                    self.times.append(time.perf_counter())
                    self.seqs.append(board["seq"])
                    self.latest = board
                if stop.is_set():
                    return

    def shown_at(self, seq: int) -> float | None:
        """When the first board showing step `seq` arrived (seqs only grow), or None if none did."""
        index = bisect.bisect_left(self.seqs, seq)
        return self.times[index] if index < len(self.times) else None


def choose(rng: random.Random, me: dict[str, Any], names: list[str]) -> dict[str, Any] | None:
    """A plausible click for this participant's role: small payments mostly, an authority's freeze now and then."""
    others = [n for n in names if n != me["name"]]
    role = me["role"]
    if role in ("holder", "merchant"):
        kind = rng.random()
        if kind < 0.85:
            return {"action": "pay", "args": {"to": rng.choice(others), "amount": f"{rng.randint(1, 500) / 100:.2f}"}}
        if kind < 0.95:
            return {"action": "approve", "args": {"spender": rng.choice(others), "amount": "10"}}
        return {"action": "redeem", "args": {"amount": "1"}}
    if role == "fraudster":
        if rng.random() < 0.05:
            return {"action": "phish", "args": {"victim": rng.choice(others)}}
        return {"action": "pay", "args": {"to": rng.choice(others), "amount": "1.00"}}
    if role == "regulator":
        target = rng.choice(others)
        if rng.random() < 0.5:
            return {"action": "freeze", "args": {"account": target, "case": "BENCH-1", "hours": "1"}}
        return {"action": "unfreeze", "args": {"account": target, "case": "BENCH-1"}}
    if role == "issuer":
        return {"action": "pay_redemptions", "args": {}}
    if role == "attestor":
        return {"action": "attest", "args": {"report": "BENCH"}}
    return {"action": "freeze", "args": {"account": rng.choice(others), "case": "BENCH-2"}}  # refused: not theirs


async def participant(served: Served, index: int, seconds: float, think: float, names: list[str], ready: asyncio.Barrier,
                      results: list[tuple[int, float, bool]], errors: list[str]) -> None:
    rng = random.Random(f"bench:{index}")
    async with httpx.AsyncClient(base_url=served.base, timeout=120) as client:
        joined = await client.post("/api/join", json={"name": f"P{index:02d}", "code": served.code})
        joined.raise_for_status()
        me = (await client.get("/api/me")).json()
        await ready.wait()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            await asyncio.sleep(rng.uniform(0, 2 * think))
            click = choose(rng, me, names)
            if click is None:
                continue
            started = time.perf_counter()
            response = await client.post("/api/act", json={**click, "role": me["role"]})
            body = response.json()
            if "seq" in body:
                results.append((int(body["seq"]), started, bool(body["ok"])))
            elif response.status_code != 400:  # bad input (a victim with nothing left) is the page's business
                errors.append(f"{response.status_code}: {body.get('error')}")


async def run(served: Served, count: int, seconds: float, think: float) -> dict[str, Any]:
    board = Board()
    stop = asyncio.Event()
    names = [f"P{i:02d}" for i in range(count)]
    results: list[tuple[int, float, bool]] = []
    errors: list[str] = []
    ready = asyncio.Barrier(count + 1)
    async with httpx.AsyncClient(base_url=served.base, timeout=None) as viewer:
        follower = asyncio.create_task(board.follow(viewer, stop))
        clients = [asyncio.create_task(participant(served, i, seconds, think, names, ready, results, errors)) for i in range(count)]
        await ready.wait()
        began = time.perf_counter()
        await asyncio.gather(*clients)
        elapsed = time.perf_counter() - began
        last = max(seq for seq, _, _ in results)
        while board.seqs[-1] < last:  # the board catches up with the last click
            await asyncio.sleep(0.05)
        stop.set()
        follower.cancel()
    async with httpx.AsyncClient(base_url=served.base, timeout=120, headers={"x-teacher-key": served.teacher_key}) as teacher:
        history = (await teacher.get("/api/teacher/history.json")).json()["steps"]
        final = (await teacher.get("/api/board")).json()
    latencies = sorted(shown - started for seq, started, _ in results if (shown := board.shown_at(seq)) is not None)
    steps = {step["seq"]: step for step in history}
    accepted = [seq for seq, _, ok in results if ok]
    # Paying redemptions when none are queued is accepted and sends nothing; every other accepted action sends.
    on_chain = all(
        steps[seq]["outcome"] == "ok" and (steps[seq]["chain"] or steps[seq]["action"] == "pay_redemptions") for seq in accepted
    )
    mined = sum(len(step["chain"]) for step in history)  # one block per transaction on the embedded chain
    balances = sum(p["base"] for p in final["participants"]) + final["coin"]["escrow_base"]
    return {
        "participants": count,
        "seconds": round(elapsed, 1),
        "think_seconds": think,
        "actions": len(results),
        "accepted": len(accepted),
        "refused_by_rules": len(results) - len(accepted),
        "actions_per_second": round(len(results) / elapsed, 1),
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1),
        "latency_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "boards_received": len(board.seqs),
        "every_accepted_action_on_chain": on_chain,
        "every_mined_transaction_recorded": mined == final["coin"]["next_block"] - final["coin"]["deploy_block"] - 1,
        "balances_sum_to_supply": balances == final["coin"]["supply_base"],
        "unexpected_errors": errors[:5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between one participant's clicks (default: 0, as fast as the server answers)")
    parser.add_argument("--regime", default="regulator-controlled")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with classroom_server("--regime", args.regime) as served:
        report = asyncio.run(run(served, args.participants, args.seconds, args.think))
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print("| measure | value |\n|---|---|")
        for key, value in report.items():
            print(f"| {key.replace('_', ' ')} | {value} |")
    reconciled = report["every_accepted_action_on_chain"] and report["every_mined_transaction_recorded"] and report["balances_sum_to_supply"]
    return 0 if reconciled and not report["unexpected_errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
