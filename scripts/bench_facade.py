"""How far the Coin facade and chain.transact are from a bare pyrevm message call, measured in one process.

    python scripts/bench_facade.py [--holders 1000] [--transfers 2000] [--rounds 7] [--json FILE]

On revm, with `--holders` holders: the same random transfers (seed 0) from one of ten funded holders
to any holder, sent

- through the `Coin` facade (the Coinage coin, regulator-controlled; one block per transaction, and batched),
- through `chain.transact` with a PlainERC20 token's transfer calldata (one block per transaction, and batched),
- as bare `EVM.message_call`s of the same PlainERC20 transfer, and of the same Coinage transfer, on
  pyrevm's journal left open (what `scripts/bench.py` calls the limit: no journal finalized, so gas is
  not a chain's; the engine's whole job is to make it so).

The modes take turns, `--transfers` each per round, for `--rounds` rounds; each figure is the fastest
round's, the one least disturbed by other work on a shared machine, and the ratios compare figures
measured minutes apart at most. The load average is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Callable
from typing import Any

SUPPLY = 10**15
SENDERS = 10
"""Transfers come from the first ten holders (the PlainERC20 token funds them in its constructor), as in bench.py."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=1_000)
    parser.add_argument("--transfers", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]

    from pyrevm import EVM

    from coinage import deploy_coin
    from coinage.compiler import load_artifact
    from coinage.contracts import ContractInterface, deploy_artifact

    n = args.holders
    names = [f"h{i}" for i in range(n)]

    def funded_coin() -> Any:
        d = deploy_coin("regulator-controlled", holders=names, engine="revm")
        d.coin.attest(10**30, report="R", by=d.cast.attestor)
        d.coin.set_minter_allowance(10**30, by=d.cast.regulator)
        for first in range(0, n, 200):
            with d.chain.batch():
                for name in names[first : first + 200]:
                    d.coin.mint(d.cast[name], SUPPLY, by=d.cast.issuer)
        return d

    d = funded_coin()
    coin, cast, chain = d.coin, d.cast, d.chain
    actors = [cast[name] for name in names]
    signers = [cast.signer(actor) for actor in actors]
    addresses = [actor.address for actor in actors]
    token = deploy_artifact(chain, "PlainERC20", (addresses[:SENDERS], SUPPLY), sender=signers[0])
    plain = token.interface
    rng = random.Random(0)
    plan = [(rng.randrange(SENDERS), rng.randrange(n), rng.randint(1, 1000)) for _ in range(args.transfers)]

    # The bare calls: a PlainERC20 on its own EVM, and the Coinage coin on a second deployment's EVM
    # (its private `_evm`), so that the journals they leave open touch no chain measured here.
    artifact = load_artifact("PlainERC20")
    bare_evm = EVM(spec_id="CANCUN")
    lower = [a.lower() for a in addresses]
    bare_token = bare_evm.deploy(lower[0], ContractInterface(artifact.abi).encode_constructor(artifact.bytecode, (lower[:SENDERS], SUPPLY)), gas=10_000_000)
    second = funded_coin()
    coin_evm, coin_target = second.chain._evm, second.coin.address.lower()
    plain_calls = [(lower[s], plain.encode_call("transfer", (lower[r], a))) for s, r, a in plan]
    coin_calls = [(lower[s], coin.interface.encode_call("transfer", (lower[r], a))) for s, r, a in plan]

    def facade() -> None:
        for s, r, a in plan:
            coin.transfer(actors[r], a, by=actors[s])

    def facade_batched() -> None:
        with chain.batch():
            facade()

    def transact() -> None:
        for (s, _, _), (_, data) in zip(plan, plain_calls):
            chain.transact(signers[s], token.address, data)

    def transact_batched() -> None:
        with chain.batch():
            transact()

    def bare_plain() -> None:
        for sender, data in plain_calls:
            bare_evm.message_call(sender, bare_token, data, gas=10_000_000)

    def bare_coin() -> None:
        for sender, data in coin_calls:
            coin_evm.message_call(sender, coin_target, data, gas=10_000_000)

    modes: dict[str, Callable[[], None]] = {
        "Coin facade, block per tx": facade,
        "Coin facade, batched": facade_batched,
        "chain.transact PlainERC20, block per tx": transact,
        "chain.transact PlainERC20, batched": transact_batched,
        "bare message_call, PlainERC20": bare_plain,
        "bare message_call, Coinage coin": bare_coin,
    }
    best = dict.fromkeys(modes, float("inf"))
    for _ in range(args.rounds):
        for label, run in modes.items():
            start = time.perf_counter()
            run()
            best[label] = min(best[label], (time.perf_counter() - start) / len(plan))
    us = {label: round(seconds * 1e6, 2) for label, seconds in best.items()}
    ratios = {
        "chain.transact / bare PlainERC20 (block per tx)": us["chain.transact PlainERC20, block per tx"] / us["bare message_call, PlainERC20"],
        "chain.transact / bare PlainERC20 (batched)": us["chain.transact PlainERC20, batched"] / us["bare message_call, PlainERC20"],
        "Coin facade / bare Coinage coin (block per tx)": us["Coin facade, block per tx"] / us["bare message_call, Coinage coin"],
        "Coin facade / bare Coinage coin (batched)": us["Coin facade, batched"] / us["bare message_call, Coinage coin"],
        "Coin facade / bare PlainERC20 (block per tx)": us["Coin facade, block per tx"] / us["bare message_call, PlainERC20"],
    }
    load_after = os.getloadavg()[0]
    print(f"| mode ({n:,} holders, revm) | us per transfer | transfers/s |")
    print("|---|---:|---:|")
    for label, value in us.items():
        print(f"| {label} | {value:.1f} | {1e6 / value:,.0f} |")
    print()
    for label, ratio in ratios.items():
        print(f"{label}: {ratio:.2f}x")
    print(f"\nfastest of {args.rounds} rounds of {len(plan):,} transfers per mode; load average (1 min) "
          f"{load_before:.2f} before, {load_after:.2f} after; {os.cpu_count()} cores")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"us_per_transfer": us, "ratios": ratios, "load_before": load_before, "load_after": load_after}, out, indent=1)


if __name__ == "__main__":
    main()
