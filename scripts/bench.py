"""Benchmark Coinage's embedded chain against web3.py + EthereumTesterProvider, measured in the same run.

    python scripts/bench.py [--quick] [--full] [--json FILE] [--no-compile]

Figures, on both engines (py-evm and revm): cold and cached compile; deploy; ERC-20 transfers/s
among N holders (N = 100, 1,000, 10,000); calls/s; per-transaction cost at 1k and 10k transactions
into the chain (py-evm) and at 1k and 100k (revm); peak memory; wall time of `coinage compare` and
the share of it spent in the chain; the same transfers as bare pyrevm message calls (the limit: no
journal finalized, so not exact gas); the gas table. The baseline is
web3.py with EthereumTesterProvider used as documented: the shipped PlainERC20 deployed with
`w3.eth.contract(...).constructor(...).transact(...)`, transfers sent with
`contract.functions.transfer(...).transact({'from': ...})` (automatic gas estimation) followed by
`w3.eth.wait_for_transaction_receipt`, reads with `.call()`. Every figure is given with its ratio
to the baseline, as "times better" (rate ratio, or baseline time / our time): above 1 means faster.

Each measurement runs in its own Python process, so peak memory (max RSS) is per measurement and
the baseline runs with eth-hash's default backend (ETH_HASH_BACKEND=pycryptodome, what web3 picks
here) while Coinage uses its own choice. Transfers: 10 funded senders, each transfer from a random
sender to a random one of the N holders (all holding coins already); the same requests on both
sides. Building the N holders is set-up and is not timed. The baseline at 10,000 holders needs
about 10,000 set-up transactions through eth-tester (several minutes); it runs with --full only,
and otherwise the 10,000-holder rows are compared with the baseline at 1,000 holders (marked "*").
--quick runs 100 and 1,000 holders, fewer transactions and skips the compile and the gas table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("py-evm", "revm")
REVM_SCALE = 20
"""The revm parts send this many times the transfers and calls, so that each timing lasts long enough."""
SENDERS = 10
SUPPLY_EACH = 10**15


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _requests(n: int, count: int, seed: int) -> list[tuple[int, int, int]]:
    """(sender index < SENDERS, recipient index < n, amount) for `count` transfers."""
    rng = random.Random(seed)
    return [(rng.randrange(SENDERS), rng.randrange(n), rng.randint(1, 1000)) for _ in range(count)]


# --- the parts, each run in a child process --------------------------------------------------------


def _funded_coin(names: list[str], engine: str) -> Any:
    """A regulator-controlled Coinage coin on `engine` whose holders `names` each hold SUPPLY_EACH, minted in batches."""
    from coinage import deploy_coin

    d = deploy_coin("regulator-controlled", holders=names, engine=engine)
    coin, cast = d.coin, d.cast
    coin.attest(10**30, report="R", by=cast.attestor)
    coin.set_minter_allowance(10**30, by=cast.regulator)
    for start_index in range(0, len(names), 200):
        with d.chain.batch():
            for name in names[start_index : start_index + 200]:
                coin.mint(cast[name], SUPPLY_EACH, by=cast.issuer)
    return d


def part_baseline(n: int, transfers: int, calls: int) -> dict[str, Any]:
    """web3.py + EthereumTesterProvider, as documented."""
    from web3 import EthereumTesterProvider, Web3

    from coinage.compiler import load_artifact

    artifact = load_artifact("PlainERC20")
    start = time.perf_counter()
    w3 = Web3(EthereumTesterProvider())
    senders = w3.eth.accounts[:SENDERS]
    factory = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    receipt = w3.eth.wait_for_transaction_receipt(
        factory.constructor(senders, SUPPLY_EACH).transact({"from": senders[0]})
    )
    token = w3.eth.contract(address=receipt.contractAddress, abi=artifact.abi)
    deploy = time.perf_counter() - start

    holders = list(senders) + [
        Web3.to_checksum_address(Web3.keccak(text=f"bench/holder/{i}")[12:]) for i in range(n - SENDERS)
    ]
    setup_start = time.perf_counter()
    for i, holder in enumerate(holders[SENDERS:]):  # set-up, not timed: explicit gas to go faster
        token.functions.transfer(holder, 1).transact({"from": senders[i % SENDERS], "gas": 100_000})
    setup = time.perf_counter() - setup_start

    plan = _requests(n, transfers, seed=n)
    start = time.perf_counter()
    gas = 0
    for sender, recipient, amount in plan:
        tx_hash = token.functions.transfer(holders[recipient], amount).transact({"from": senders[sender]})
        gas = w3.eth.wait_for_transaction_receipt(tx_hash).gasUsed
    elapsed = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(calls):
        token.functions.balanceOf(holders[i % n]).call()
    call_elapsed = time.perf_counter() - start
    return {
        "deploy_s": deploy,
        "setup_tx_per_s": (n - SENDERS) / setup if n > SENDERS else None,
        "transfers_per_s": transfers / elapsed,
        "ms_per_tx_at_chain_length": {str(n + 1): 1000 * elapsed / transfers},
        "calls_per_s": calls / call_elapsed,
        "transfer_gas": gas,
        "peak_mb": _peak_mb(),
    }


def part_ours(n: int, transfers: int, calls: int, windows: bool, engine: str, common: int) -> dict[str, Any]:
    """Coinage's embedded chain: PlainERC20 through chain.transact, and the Coinage coin through its facade."""
    from coinage import deploy_coin
    from coinage.chain import make_chain
    from coinage.chain.embedded import KECCAK_BACKEND
    from coinage.contracts import deploy_artifact

    start = time.perf_counter()
    chain = make_chain(engine)
    senders = [chain.account(f"sender{i}") for i in range(SENDERS)]
    token = deploy_artifact(chain, "PlainERC20", ([s.address for s in senders], SUPPLY_EACH), sender=senders[0])
    deploy = time.perf_counter() - start
    start = time.perf_counter()
    deploy_coin("regulator-controlled", engine=engine)
    deploy_coin_s = time.perf_counter() - start

    holders = [s.address for s in senders] + [chain.account(f"holder{i}").address for i in range(n - SENDERS)]
    encode = token.interface.encode_call

    def send(sender: int, recipient: str, amount: int) -> int:
        receipt = chain.transact(senders[sender], token.address, encode("transfer", (recipient, amount)))
        if not receipt.succeeded:
            raise RuntimeError("a benchmark transfer was refused")
        return receipt.gas_used

    # Set-up: fund the holders. With --windows, one block per transaction, timing windows of 500
    # transactions so that the cost at 1k and at 10k transactions into the chain can be compared.
    per_window: dict[str, float] = {}
    setup_start = time.perf_counter()
    window_start, window_len = time.perf_counter(), 500
    for i, holder in enumerate(holders[SENDERS:]):
        if windows:
            send(i % SENDERS, holder, 1)
            done = i + 1
            if done % window_len == 0:
                now = time.perf_counter()
                per_window[str(done + 2)] = 1000 * (now - window_start) / window_len  # +2: the deployments
                window_start = now
        else:
            if i % 200 == 0:
                batch = chain.batch()
                batch.__enter__()
            send(i % SENDERS, holder, 1)
            if i % 200 == 199 or i == n - SENDERS - 1:
                batch.__exit__(None, None, None)
    setup = time.perf_counter() - setup_start

    plan = _requests(n, transfers, seed=n)
    start = time.perf_counter()
    gases = [send(sender, holders[recipient], amount) for sender, recipient, amount in plan]
    per_block = transfers / (time.perf_counter() - start)
    length_after = chain.block_number
    start = time.perf_counter()
    with chain.batch():
        for sender, recipient, amount in plan:
            send(sender, holders[recipient], amount)
    batched = transfers / (time.perf_counter() - start)

    start = time.perf_counter()
    for i in range(calls):
        chain.call(token.address, encode("balanceOf", (holders[i % n],)))
    raw_calls = calls / (time.perf_counter() - start)

    # The Coinage coin through its facade (what scenarios use): n holders, minted in batches.
    names = [f"h{i}" for i in range(n)]
    d = _funded_coin(names, engine)
    coin, cast = d.coin, d.cast
    start = time.perf_counter()
    for sender, recipient, amount in plan:
        coin.transfer(cast[names[recipient]], amount, by=cast[names[sender]])
    coin_per_block = transfers / (time.perf_counter() - start)
    start = time.perf_counter()
    with d.chain.batch():
        for sender, recipient, amount in plan:
            coin.transfer(cast[names[recipient]], amount, by=cast[names[sender]])
    coin_batched = transfers / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(calls):
        coin.balance_of(cast[names[i % n]])
    coin_calls = calls / (time.perf_counter() - start)
    return {
        "engine": chain.describe(),
        "keccak": KECCAK_BACKEND,
        "deploy_s": deploy,
        "deploy_coin_s": deploy_coin_s,
        "setup_tx_per_s": (n - SENDERS) / setup if n > SENDERS else None,
        "transfers_per_s": per_block,
        "transfers_per_s_batched": batched,
        "coin_transfers_per_s": coin_per_block,
        "coin_transfers_per_s_batched": coin_batched,
        "ms_per_tx_at_chain_length": per_window,
        "chain_length_after": length_after,
        "calls_per_s": raw_calls,
        "coin_calls_per_s": coin_calls,
        # The plan's first `common` requests are the same on every engine (one seed): compare their gas.
        "transfer_gas": gases[common - 1],
        "peak_mb": _peak_mb(),
    }


def part_length(transactions: int, window: int) -> dict[str, Any]:
    """ms per PlainERC20 transfer (revm, one block per transaction) in windows, up to `transactions` into the chain."""
    from coinage.chain import make_chain
    from coinage.contracts import deploy_artifact

    chain = make_chain("revm")
    senders = [chain.account(f"sender{i}") for i in range(SENDERS)]
    token = deploy_artifact(chain, "PlainERC20", ([s.address for s in senders], SUPPLY_EACH), sender=senders[0])
    encode = token.interface.encode_call
    holders = [chain.account(f"holder{i}").address for i in range(1_000)]
    per_window: dict[str, float] = {}
    window_start = time.perf_counter()
    for i in range(transactions):
        receipt = chain.transact(senders[i % SENDERS], token.address, encode("transfer", (holders[i % 1_000], 1)))
        if not receipt.succeeded:
            raise RuntimeError("a benchmark transfer was refused")
        if (i + 1) % window == 0:
            now = time.perf_counter()
            per_window[str(i + 2)] = 1000 * (now - window_start) / window  # +1: the deployment
            window_start = now
    return {"ms_per_tx_at_chain_length": per_window, "peak_mb": _peak_mb()}


def part_bare(n: int, transfers: int) -> dict[str, Any]:
    """The limit: the same PlainERC20 transfers as bare pyrevm message calls (one open journal: gas not exact)."""
    from pyrevm import EVM

    from coinage.chain import make_chain
    from coinage.compiler import load_artifact
    from coinage.contracts import ContractInterface

    chain = make_chain("revm")
    senders = [chain.account(f"sender{i}").address.lower() for i in range(SENDERS)]
    holders = senders + [chain.account(f"holder{i}").address.lower() for i in range(n - SENDERS)]
    artifact = load_artifact("PlainERC20")
    interface = ContractInterface(artifact.abi)
    evm = EVM(spec_id="CANCUN")
    token = evm.deploy(senders[0], interface.encode_constructor(artifact.bytecode, (senders, SUPPLY_EACH)), gas=10_000_000)
    plan = [(senders[s], interface.encode_call("transfer", (holders[r], a))) for s, r, a in _requests(n, transfers, seed=n)]
    start = time.perf_counter()
    for sender, data in plan:
        evm.message_call(sender, token, data, gas=10_000_000)
    plain = transfers / (time.perf_counter() - start)

    # The Coinage coin's own transfers, bare: the facade's coin, set up as in part_ours, then called
    # through the revm chain's EVM directly (its private `_evm`: the journal left open, as above).
    names = [f"h{i}" for i in range(n)]
    d = _funded_coin(names, "revm")
    coin, cast = d.coin, d.cast
    addresses = [cast[name].address.lower() for name in names]
    evm, target = d.chain._evm, coin.address.lower()  # type: ignore[attr-defined]
    calls = [(addresses[s], coin.interface.encode_call("transfer", (addresses[r], a))) for s, r, a in _requests(n, transfers, seed=n)]
    start = time.perf_counter()
    for sender, data in calls:
        evm.message_call(sender, target, data, gas=10_000_000)
    return {"transfers_per_s": plain, "coin_transfers_per_s": transfers / (time.perf_counter() - start)}


def part_compare(engine: str) -> dict[str, Any]:
    """`coinage compare` (every scenario under every regime), with the time spent in the chain."""
    from coinage.chain import _revm, embedded
    from coinage.scenarios import compare

    spent = {"transact": 0.0, "call": 0.0}
    counts = {"transact": 0, "call": 0}

    def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - begin
                counts[name] += 1

        return wrapper

    cls = _revm.RevmChain if engine == "revm" else embedded.EmbeddedChain
    cls.transact = timed("transact", cls.transact)  # type: ignore[method-assign]
    cls.call = timed("call", cls.call)  # type: ignore[method-assign]
    start = time.perf_counter()
    rows = len(compare(engine=engine).rows)
    wall = time.perf_counter() - start
    return {
        "wall_s": wall,
        "rows": rows,
        "transactions": counts["transact"],
        "calls": counts["call"],
        "chain_s": spent["transact"] + spent["call"],
        "chain_share": (spent["transact"] + spent["call"]) / wall,
        "peak_mb": _peak_mb(),
    }


def part_compile() -> dict[str, Any]:
    from bench_toolchain import time_compile  # scripts/ is on sys.path when a script runs

    cold, cached = time_compile()
    return {"cold_s": cold, "cached_s": cached}


def part_gas() -> dict[str, Any]:
    from coinage.costs import cost_table, to_markdown

    operations, columns = cost_table()
    return {"operations": operations, "columns": columns, "markdown": to_markdown(operations, columns)}


def part_abi(repeats: int = 50_000) -> dict[str, Any]:
    """Encodes and decodes per second through contracts/abi.py's fast paths and through eth-abi alone,
    for a Coin transfer's calldata and its Transfer log (tests/test_abi_fast_path.py: same output)."""
    from eth_abi import encode

    from coinage.compiler import load_artifact
    from coinage.contracts.abi import ContractInterface
    from coinage.units import coins

    abi = load_artifact("Coinage").abi
    interface, slow = ContractInterface(abi), ContractInterface(abi)
    holder, amount = "0x" + "ab" * 20, coins(12)
    topic = next(t for t, item in slow._events.items() if item["name"] == "Transfer")
    slow._layouts[topic] = None  # eth-abi's path alone, as without the fast path
    log = (topic, bytes(12) + bytes.fromhex("cd" * 20), bytes(12) + bytes.fromhex("ab" * 20))
    data = amount.to_bytes(32, "big")
    selector = interface.encode_call("transfer", (holder, amount))[:4]

    def rate(work: Callable[[], Any]) -> float:
        started = time.perf_counter()
        for _ in range(repeats):
            work()
        return repeats / (time.perf_counter() - started)

    return {
        "encode_per_s": rate(lambda: interface.encode_call("transfer", (holder, amount))),
        "encode_eth_abi_per_s": rate(lambda: selector + encode(["address", "uint256"], [holder, amount])),
        "decode_per_s": rate(lambda: interface.decode_event(log, data)),
        "decode_eth_abi_per_s": rate(lambda: slow.decode_event(log, data)),
    }


PARTS: dict[str, Callable[..., dict[str, Any]]] = {
    "baseline": part_baseline,
    "ours": part_ours,
    "compare": part_compare,
    "length": part_length,
    "bare": part_bare,
    "compile": part_compile,
    "gas": part_gas,
    "abi": part_abi,
}


def _run_part(name: str, *args: Any, baseline: bool = False) -> dict[str, Any]:
    env = dict(os.environ)
    if baseline:
        env["ETH_HASH_BACKEND"] = "pycryptodome"  # eth-hash's own pick here, as web3 users get it
    command = [sys.executable, __file__, "--part", name, *map(str, args)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"part {name} {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {name} {' '.join(map(str, args))}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return result


# --- the report ------------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("tx/s", "calls/s", "MB"):
        return f"{value:,.0f} {unit}"
    if unit == "ms":
        return f"{value:.2f} ms"
    return f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 holders, fewer transactions, no compile")
    parser.add_argument("--full", action="store_true", help="also run the baseline at 10,000 holders (minutes)")
    parser.add_argument("--no-compile", action="store_true", help="skip the compile timings (they need Node)")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        values = [int(a) if a.lstrip("-").isdigit() else a == "True" if a in ("True", "False") else a for a in args.args]
        print(json.dumps(PARTS[args.part](*values)))
        return

    sizes = (100, 1_000) if args.quick else (100, 1_000, 10_000)
    transfers, calls = (100, 200) if args.quick else (200, 500)
    length = 20_000 if args.quick else 100_000
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    print("running (each part in its own process):", file=sys.stderr)
    base: dict[int, dict[str, Any]] = {}
    ours: dict[str, dict[int, dict[str, Any]]] = {engine: {} for engine in ENGINES}
    for n in sizes:
        if n <= 1_000 or args.full:
            base[n] = _run_part("baseline", n, transfers, calls, baseline=True)
        for engine in ENGINES:
            scale = REVM_SCALE if engine == "revm" else 1
            ours[engine][n] = _run_part("ours", n, transfers * scale, calls * scale, n == max(sizes), engine, transfers)
    comparison = {engine: _run_part("compare", engine) for engine in ENGINES}
    growth = _run_part("length", length, 1_000)
    bare = _run_part("bare", 1_000, transfers * REVM_SCALE)
    compiled = None if (args.quick or args.no_compile) else _run_part("compile")
    gas = None if args.quick else _run_part("gas")
    abi = _run_part("abi")

    rows: list[tuple[str, float | None, str, float | None, bool, bool]] = []
    # (figure, value, unit, baseline value, higher is better, baseline stands in from 1,000 holders)

    def add(label: str, value: float | None, unit: str, baseline: float | None, higher: bool, proxy: bool = False) -> None:
        rows.append((label, value, unit, baseline, higher, proxy))

    if compiled:
        add("compile, cold", compiled["cold_s"], "s", None, False)
        add("compile, cached", compiled["cached_s"], "s", None, False)
    for engine in ENGINES:
        first = ours[engine][sizes[0]]
        add(f"deploy PlainERC20 (new chain + deploy), {engine}", first["deploy_s"], "s", base[sizes[0]]["deploy_s"], False)
        add(f"deploy_coin (new chain + Coinage coin), {engine}", first["deploy_coin_s"], "s", base[sizes[0]]["deploy_s"], False)
    for n in sizes:
        b = base.get(n) or base[1_000]
        proxy = n not in base
        add(f"transfers/s, {n:,} holders, web3 baseline", b["transfers_per_s"], "tx/s", b["transfers_per_s"], True, proxy)
        for engine in ENGINES:
            o = ours[engine][n]
            add(f"transfers/s, {n:,} holders, PlainERC20, block per tx, {engine}", o["transfers_per_s"], "tx/s", b["transfers_per_s"], True, proxy)
            add(f"transfers/s, {n:,} holders, PlainERC20, batched, {engine}", o["transfers_per_s_batched"], "tx/s", b["transfers_per_s"], True, proxy)
            add(f"transfers/s, {n:,} holders, Coin facade, block per tx, {engine}", o["coin_transfers_per_s"], "tx/s", b["transfers_per_s"], True, proxy)
            add(f"transfers/s, {n:,} holders, Coin facade, batched, {engine}", o["coin_transfers_per_s_batched"], "tx/s", b["transfers_per_s"], True, proxy)
    add("transfers/s, 1,000 holders, bare pyrevm message_call (gas not exact)", bare["transfers_per_s"], "tx/s", base[1_000]["transfers_per_s"], True)
    add("transfers/s, 1,000 holders, Coinage coin, bare pyrevm message_call", bare["coin_transfers_per_s"], "tx/s", base[1_000]["transfers_per_s"], True)
    n_calls = 1_000 if 1_000 in sizes else sizes[-1]
    for engine in ENGINES:
        add(f"calls/s (balanceOf), {n_calls:,} holders, chain.call, {engine}", ours[engine][n_calls]["calls_per_s"], "calls/s", base[n_calls]["calls_per_s"], True)
        add(f"calls/s (balance_of), {n_calls:,} holders, Coin facade, {engine}", ours[engine][n_calls]["coin_calls_per_s"], "calls/s", base[n_calls]["calls_per_s"], True)

    base_1k = base[1_000]["ms_per_tx_at_chain_length"] if 1_000 in base else {}
    base_10k = base[10_000]["ms_per_tx_at_chain_length"] if 10_000 in base else {}
    b1k = next(iter(base_1k.values()), None)
    b10k = next(iter(base_10k.values()), None)
    growth_ratio: dict[str, float | None] = {}
    ends: dict[str, int] = {}
    for engine, windows in (("py-evm", ours["py-evm"][sizes[-1]]["ms_per_tx_at_chain_length"]), ("revm", growth["ms_per_tx_at_chain_length"])):
        keys = sorted(windows, key=int)
        at_1k = next((windows[k] for k in keys if int(k) >= 1_000), None)
        at_end = windows[keys[-1]] if keys else None
        ends[engine] = int(keys[-1]) if keys else 0
        growth_ratio[engine] = (at_end / at_1k) if (at_1k and at_end) else None
        add(f"ms per tx at ~1k txs into the chain (block per tx), {engine}", at_1k, "ms", b1k, False)
        if keys:
            add(f"ms per tx at {ends[engine]:,} txs into the chain (block per tx), {engine}", at_end, "ms", b10k or b1k, False, b10k is None)
    for engine in ENGINES:
        add(f"peak memory, {sizes[1]:,} holders (max RSS), {engine}", ours[engine][sizes[1]]["peak_mb"], "MB", base[sizes[1]]["peak_mb"], False)
        add(f"peak memory, {sizes[-1]:,} holders (max RSS), {engine}", ours[engine][sizes[-1]]["peak_mb"], "MB", (base.get(sizes[-1]) or base[1_000])["peak_mb"], False, sizes[-1] not in base)
    for engine in ENGINES:
        c = comparison[engine]
        est = c["transactions"] / base[1_000]["transfers_per_s"] + c["calls"] / base[1_000]["calls_per_s"]
        add(f"coinage compare ({c['rows']} runs, {c['transactions']} tx, {c['calls']} calls), {engine}", c["wall_s"], "s", est, False)

    add("abi fast path: transfer calldata (baseline: eth-abi encode)", abi["encode_per_s"], "calls/s", abi["encode_eth_abi_per_s"], True)
    add("abi fast path: Transfer log (baseline: eth-abi decode)", abi["decode_per_s"], "calls/s", abi["decode_eth_abi_per_s"], True)

    width = max(len(r[0]) for r in rows)
    lines = [f"| {'figure'.ljust(width)} | {'value':>14} | {'web3 baseline':>14} | {'vs baseline':>11} |",
             f"|{'-' * (width + 2)}|{'-' * 15}:|{'-' * 15}:|{'-' * 12}:|"]
    for label, value, unit, baseline, higher, proxy in rows:
        ratio = None
        if value and baseline:
            ratio = value / baseline if higher else baseline / value
        mark = "*" if proxy else ""
        ratio_text = "n/a" if ratio is None else f"{ratio:,.1f}x{mark}"
        lines.append(f"| {label.ljust(width)} | {_fmt(value, unit):>14} | {_fmt(baseline, unit) + mark:>14} | {ratio_text:>11} |")
    table = "\n".join(lines)
    raw_1k = ours["revm"][1_000]["transfers_per_s"]
    facade_1k = ours["revm"][1_000]["coin_transfers_per_s"]
    raw_1k_batched = ours["revm"][1_000]["transfers_per_s_batched"]
    facade_1k_batched = ours["revm"][1_000]["coin_transfers_per_s_batched"]
    notes = [
        "Ratios are 'times better than the baseline' (rate / baseline rate, or baseline time / our time).",
        "* compared with the baseline at 1,000 holders (run with --full to measure it at 10,000).",
        "coinage compare: baseline column is an estimate, its transactions and calls at the baseline's measured "
        "rates; web3.py has no `compare`.",
        "compile: no baseline (web3.py does not compile).",
        "abi fast path: its baseline column is eth-abi alone (what web3.py encodes and decodes with), not web3.",
    ]
    for engine in ENGINES:
        ratio = growth_ratio[engine]
        notes.append(f"per-tx cost at {ends[engine]:,} vs ~1k transactions into the chain, {engine}: "
                     + ("—" if ratio is None else f"{ratio:.2f}x (target at most 1.2x)"))
    for engine in ENGINES:
        share = comparison[engine]["chain_share"]
        notes.append(f"coinage compare on {engine} spends {share:.0%} of its time in the chain (transact + call), "
                     f"{1 - share:.0%} in the library.")
    notes += [
        f"distance from a bare pyrevm message call (1,000 holders, revm, block per tx): chain.transact takes "
        f"{bare['transfers_per_s'] / raw_1k:.1f}x the time of the same PlainERC20 transfer as a bare call (target 1.5x), "
        f"{bare['transfers_per_s'] / raw_1k_batched:.1f}x batched; the Coin facade {bare['coin_transfers_per_s'] / facade_1k:.1f}x "
        f"that of the same Coinage transfer as a bare call (target 2.5x), {bare['coin_transfers_per_s'] / facade_1k_batched:.1f}x "
        f"batched, and {bare['transfers_per_s'] / facade_1k:.1f}x that of the bare PlainERC20 call.",
        f"gas of transfer {transfers} of the plan: web3 baseline {base[sizes[0]]['transfer_gas']:,}, embedded PlainERC20 "
        + ", ".join(f"{ours[e][sizes[0]]['transfer_gas']:,} ({e})" for e in ENGINES) + ".",
        f"keccak backend: Coinage {ours['py-evm'][sizes[0]]['keccak']}, baseline pycryptodome.",
        f"engines: {', '.join(ours[e][sizes[0]]['engine'] for e in ENGINES)}; revm parts send {REVM_SCALE}x the transfers and calls.",
        f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; {os.cpu_count()} cores.",
    ]
    print(table)
    print()
    print("\n".join(notes))
    if gas:
        print()
        print("Gas per operation (cost of control):")
        print(gas["markdown"])
    total = time.perf_counter() - started
    print(f"\nbenchmark wall time {total:.0f} s", file=sys.stderr)
    if args.json:
        document = {
            "table": table,
            "notes": notes,
            "rows": [
                {"figure": r[0], "value": r[1], "unit": r[2], "baseline": r[3], "higher_is_better": r[4],
                 "baseline_from_1000_holders": r[5],
                 "ratio": (r[1] / r[3] if r[4] else r[3] / r[1]) if (r[1] and r[3]) else None}
                for r in rows
            ],
            "per_tx_cost_growth_1k_to_end": growth_ratio,
            "compare_chain_share": {engine: comparison[engine]["chain_share"] for engine in ENGINES},
            "raw": {"baseline": base, "ours": ours, "compare": comparison, "length": growth, "bare": bare, "compile": compiled,
                    "gas": None if gas is None else {"operations": gas["operations"], "columns": gas["columns"]}},
            "quick": args.quick,
            "full": args.full,
            "wall_s": total,
        }
        args.json.write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
