"""Many clients paying on one shared node, then a reconciliation of what they believe against the chain.

    python scripts/load_test.py [--clients 20] [--seconds 60] [--accounts 10] [--processes]
                                [--url URL] [--seed 0] [--json FILE]

One regulator-controlled coin is deployed on a fresh Anvil (started here by `start_anvil`, or the
node at `--url`), and `--accounts` payers and as many payees are each minted 1,000,000 coins. Then
`--clients` clients (threads, or with `--processes` separate processes), each with its own
`RpcChain`, send transfers of 1 to 100 coins for `--seconds`: client i pays from payer i mod
`--accounts`, so with 20 clients and 10 payers every account is shared by two clients, which race
each other for its nonces. Each client keeps every receipt it is handed and counts its errors by
kind (a contract refusal by the rule it broke, a chain failure by its class).

At the end a plain web3.py client reconciles: every receipt a client holds is on the chain with the
same block and status; the balances the clients' successful transfers imply are the balances on
chain; the balances sum to the total supply; each payer's nonce is the number of its transfers the
clients saw mined (no send that raised took effect). The run is bounded: every client stops at its
deadline, and the script gives up `--seconds` + 60 s after the start. Exit status 1 if the
reconciliation fails.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from web3 import HTTPProvider, Web3

from coinage import ContractRevert, Regime, coins, deploy_coin
from coinage.actors import Cast
from coinage.chain.node import start_anvil
from coinage.chain.rpc import RpcChain
from coinage.contracts import Coin
from coinage.errors import ChainError, TransactionTimedOut

REGIME = Regime.REGULATOR_CONTROLLED
MINTED = coins(1_000_000)
GRACE = 60.0


def payers(count: int) -> list[str]:
    return [f"payer{i}" for i in range(count)]


def payees(count: int) -> list[str]:
    return [f"payee{i}" for i in range(count)]


@dataclass
class ClientResult:
    """What one client believes: its sends and their receipts, and its errors by kind."""

    payer: str = ""
    sends: int = 0
    mined: list[tuple[str, int, bool]] = field(default_factory=list)
    """(transaction hash, block, succeeded) of every receipt the client holds."""
    moved: list[tuple[str, str, int]] = field(default_factory=list)
    """(payer, payee, amount) of every transfer the client saw succeed."""
    pending: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Sends that raised TransactionTimedOut as pending, settled at the end: hash -> (payee, amount)."""
    errors: Counter[str] = field(default_factory=Counter)


def run_client(url: str, address: str, abi: list[dict[str, Any]], index: int, accounts: int,
               seconds: float, seed: int) -> ClientResult:
    """One client: its own RpcChain, paying from its payer account until the deadline."""
    from coinage.contracts import ContractInterface

    chain = RpcChain(url, timeout=10)
    names = payers(accounts) + payees(accounts)
    coin = Coin(chain, address, ContractInterface(abi), Cast(chain, REGIME, names))
    rng = random.Random(f"{seed}/{index}")  # every client's choices follow from (seed, client)
    payer = payers(accounts)[index % accounts]
    result = ClientResult(payer)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        payee = rng.choice(payees(accounts))
        amount = coins(rng.randint(1, 100))
        result.sends += 1
        try:
            receipt = coin.transfer(payee, amount, by=payer).receipt
        except ContractRevert as refused:
            result.errors[type(refused).__name__] += 1
            receipt = getattr(refused, "receipt", None)
            if receipt is not None:
                result.mined.append(("0x" + receipt.tx_hash.hex(), receipt.block_number, receipt.succeeded))
            continue
        except TransactionTimedOut as timed_out:
            result.errors[f"TransactionTimedOut ({timed_out.outcome})"] += 1
            if timed_out.outcome == "pending":
                result.pending["0x" + timed_out.tx_hash.hex()] = (payee, amount)
            continue
        except ChainError as failed:
            result.errors[type(failed).__name__] += 1
            continue
        result.mined.append(("0x" + receipt.tx_hash.hex(), receipt.block_number, receipt.succeeded))
        result.moved.append((payer, payee, amount))
    result.errors["nonce taken by another client, signed again (not an error)"] += chain.nonce_retries
    for raw_hash, outcome in chain.settle().items():  # what became of sends that timed out as pending
        result.errors[f"pending, then settled {outcome}"] += 1
        tx_hash = "0x" + raw_hash.hex()
        if outcome == "pending":
            continue
        payee, amount = result.pending.pop(tx_hash)
        if outcome == "mined":  # it took effect after all, and the client knows it now
            mined = chain.w3.eth.get_transaction_receipt(raw_hash)  # type: ignore[arg-type]
            result.mined.append((tx_hash, mined["blockNumber"], mined["status"] == 1))
            if mined["status"] == 1:
                result.moved.append((payer, payee, amount))
    return result


def reconcile(url: str, coin: Coin, accounts: int, results: list[ClientResult]) -> dict[str, Any]:
    """Check the clients' beliefs against the chain, read by a plain web3.py client."""
    w3 = Web3(HTTPProvider(url))

    def read(function: str, *args: Any) -> int:
        data = coin.interface.encode_call(function, args)
        return int(coin.interface.decode_result(function, w3.eth.call({"to": coin.address, "data": data}))[0])

    held = [entry for result in results for entry in result.mined]
    missing = []
    for tx_hash, block, succeeded in held:
        on_chain = w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
        if (on_chain["blockNumber"], on_chain["status"] == 1) != (block, succeeded):
            missing.append(tx_hash)
    expected = dict.fromkeys(payers(accounts) + payees(accounts), MINTED)
    for result in results:
        for payer, payee, amount in result.moved:
            expected[payer] -= amount
            expected[payee] += amount
    book = coin.book
    on_chain_balances = {name: read("balanceOf", book.address_of(name)) for name in expected}
    # A payer's nonce counts every transaction it sent that was mined: none but those the clients
    # hold receipts for (no send that raised took effect), plus the no-ops that cancelled sends.
    cancelled = Counter(r.payer for r in results for _ in range(r.errors["TransactionTimedOut (cancelled)"]))
    nonces_ok = all(
        w3.eth.get_transaction_count(book.address_of(payer))  # type: ignore[arg-type]
        == sum(len(r.mined) for r in results if r.payer == payer) + cancelled[payer]
        for payer in payers(accounts)
    )
    return {
        "receipts held": len(held),
        "receipts not on chain as held": len(missing),
        "balances as believed": on_chain_balances == expected,
        "balances sum to supply": sum(on_chain_balances.values()) == read("totalSupply"),
        "payer nonces = receipts held": nonces_ok,
        "unsettled sends": sum(len(r.pending) for r in results),
    }


@contextmanager
def node(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    with start_anvil() as started:
        yield started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--accounts", type=int, default=10, help="payer accounts, shared round-robin by the clients")
    parser.add_argument("--processes", action="store_true", help="one process per client (default: threads)")
    parser.add_argument("--url", help="an existing node (default: a fresh Anvil started here)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.accounts <= args.clients or not 0 < args.seconds <= 3600:
        parser.error("need 1 <= --accounts <= --clients <= 200 and 0 < --seconds <= 3600")
    with node(args.url) as url:
        chain = RpcChain(url)
        d = deploy_coin(REGIME, holders=payers(args.accounts) + payees(args.accounts), chain=chain)
        d.coin.attest(2 * args.accounts * MINTED, report="LOAD-1", by=d.cast.attestor)
        d.coin.set_minter_allowance(2 * args.accounts * MINTED, by=d.cast.regulator)
        for name in payers(args.accounts) + payees(args.accounts):
            d.coin.mint(d.cast[name], MINTED, by=d.cast.issuer)
        first_block = chain.block_number
        pool: Executor = (ProcessPoolExecutor if args.processes else ThreadPoolExecutor)(max_workers=args.clients)
        started = time.monotonic()
        with pool:
            futures = [pool.submit(run_client, url, d.coin.address, d.coin.interface.abi, i, args.accounts,
                                   args.seconds, args.seed) for i in range(args.clients)]
            results = [future.result(timeout=max(1.0, started + args.seconds + GRACE - time.monotonic()))
                       for future in futures]
        elapsed = time.monotonic() - started
        blocks = chain.block_number - first_block
        figures = reconcile(url, d.coin, args.accounts, results)
    errors = sum((r.errors for r in results), Counter[str]())  # Counter addition drops zero counts
    sends = sum(r.sends for r in results)
    ok = sum(len(r.moved) for r in results)
    report = {
        "clients": args.clients, "payer accounts": args.accounts, "mode": "processes" if args.processes else "threads",
        "seconds": round(elapsed, 1), "sends": sends, "transfers mined": ok,
        "transfers per second": round(ok / elapsed, 1), "blocks": blocks,
        "errors by kind": dict(sorted(errors.items())), "reconciliation": figures,
    }
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)
    passed = (figures["receipts not on chain as held"] == 0 and figures["balances as believed"]
              and figures["balances sum to supply"] and figures["payer nonces = receipts held"])
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
