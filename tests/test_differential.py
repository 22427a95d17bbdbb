"""The revm engine keeps the same ledger as py-evm, the reference: scenario by scenario, receipt by receipt.

`LockstepChain` drives both engines with every transaction, call, batch, snapshot and clock move,
and fails at the first receipt (gas, status, logs, return or revert data, hash, block, time, new
contract) or call result that differs. Above it the library runs unchanged.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
from eth_abi import encode
from eth_utils import function_abi_to_4byte_selector

from coinage import Regime
from coinage.chain import Account, CallReverted, EmbeddedChain, Receipt
from coinage.chain._revm import RevmChain
from coinage.compiler import load_artifact
from coinage.contracts import deploy_artifact
from coinage.deploy import deploy_coin
from coinage.errors import TransactionRefused
from coinage.scenarios import SCENARIOS
from coinage.scenarios.registry import play_scenario


def fields(receipt: Receipt) -> tuple[Any, ...]:
    """Every field of a receipt (the revm engine's receipts are a subclass, so compare by value)."""
    return tuple(getattr(receipt, f.name) for f in dataclasses.fields(Receipt))


class LockstepChain:
    """The revm chain, checked against the py-evm chain at every step. Implements `Chain`."""

    def __init__(self) -> None:
        self.fast, self.reference = RevmChain(), EmbeddedChain()
        self.chain_id = self.fast.chain_id
        assert self.chain_id == self.reference.chain_id
        self.receipts = 0
        self.calls = 0
        self.refused = 0
        self.kinds: Counter[str] = Counter()  # ok, reverted (with data), halted (no data: out of gas, say)

    @property
    def now(self) -> int:
        assert self.fast.now == self.reference.now
        return self.fast.now

    @property
    def block_number(self) -> int:
        assert self.fast.block_number == self.reference.block_number
        return self.fast.block_number

    def account(self, name: str) -> Account:
        return self.fast.account(name)

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = 10_000_000, value: int = 0) -> Receipt:
        outcomes: list[Receipt | None] = []
        for chain in (self.fast, self.reference):
            try:
                outcomes.append(chain.transact(sender, to, data, gas=gas, value=value))
            except TransactionRefused:
                outcomes.append(None)
        fast, reference = outcomes
        if fast is None or reference is None:
            assert fast is reference, f"one engine refused the transaction: revm {fast}, py-evm {reference}"
            self.refused += 1
            raise TransactionRefused("both engines refused the transaction")
        assert fields(fast) == fields(reference), f"receipts differ:\n  revm   {fast}\n  py-evm {reference}"
        self.receipts += 1
        self.kinds[("reverted" if fast.revert_data else "halted") if not fast.succeeded else "ok"] += 1
        return fast

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        results = []
        for chain in (self.fast, self.reference):
            try:
                results.append(("ok", chain.call(to, data, sender=sender, value=value)))
            except CallReverted as reverted:
                results.append(("reverted", reverted.data))
        assert results[0] == results[1], f"call results differ: revm {results[0]}, py-evm {results[1]}"
        self.calls += 1
        if results[0][0] == "reverted":
            raise CallReverted(results[0][1])
        return results[0][1]

    def advance_time(self, seconds: int) -> None:
        self.fast.advance_time(seconds)
        self.reference.advance_time(seconds)

    @contextmanager
    def _both(self, name: str) -> Iterator[None]:
        with ExitStack() as stack:
            stack.enter_context(getattr(self.fast, name)())
            stack.enter_context(getattr(self.reference, name)())
            yield

    def snapshot(self) -> Any:
        return self._both("snapshot")

    def batch(self) -> Any:
        return self._both("batch")

    def code_at(self, address: str) -> bytes:
        code = self.fast.code_at(address)
        assert code == self.reference.code_at(address)
        return code

    def balance_of(self, address: str) -> int:
        balance = self.fast.balance_of(address)
        assert balance == self.reference.balance_of(address), f"balances of {address} differ"
        return balance

    def set_balance(self, address: str, wei: int) -> None:
        self.fast.set_balance(address, wei)
        self.reference.set_balance(address, wei)

    def mine(self) -> None:
        self.fast.mine()
        self.reference.mine()

    def describe(self) -> str:
        return "revm checked against py-evm"


PLAN = [(name, regime) for name, scenario in SCENARIOS.items() for regime in scenario.regimes]


@pytest.mark.parametrize(("name", "regime"), PLAN, ids=[f"{n}-{r.slug}" for n, r in PLAN])
def test_every_scenario_gives_the_same_outcome_and_timeline_on_both_engines(name: str, regime: Regime) -> None:
    """Each scenario under each regime: every receipt and call agrees, and so do the outcome and the timeline."""
    chain = LockstepChain()
    outcome, deployment = play_scenario(name, regime, seed=7, chain=chain)
    reference, reference_deployment = play_scenario(name, regime, seed=7, engine="py-evm")
    assert outcome == reference
    assert deployment.timeline.entries == reference_deployment.timeline.entries
    assert chain.receipts > 0 and chain.calls > 0


# --- randomized transactions, compared receipt by receipt ---------------------------------------------


def _argument(rng: random.Random, kind: str, addresses: list[str]) -> Any:
    if kind == "address":
        return rng.choice(addresses)
    if kind.startswith("uint"):
        bits = int(kind[4:] or 256)
        return rng.choice([0, 1, rng.randrange(10**6), rng.randrange(10**12), 2**bits - 1, rng.randrange(2**bits)]) % 2**bits
    if kind.startswith("int"):
        return rng.choice([0, -1, 1, rng.randrange(-100, 100)])
    if kind == "bool":
        return rng.random() < 0.5
    if kind.startswith("bytes") and kind != "bytes":
        return rng.randbytes(int(kind[5:])) if rng.random() < 0.7 else bytes(int(kind[5:]))
    if kind == "bytes":
        return rng.randbytes(rng.randrange(80))
    if kind == "string":
        return rng.choice(["", "CASE-1", "x" * rng.randrange(70)])
    if kind.endswith("[]"):
        return [_argument(rng, kind[:-2], addresses) for _ in range(rng.randrange(3))]
    raise LookupError(kind)


def _encodable(entry: dict[str, Any]) -> bool:
    return all("tuple" not in item["type"] for item in entry["inputs"])


@pytest.mark.parametrize("regime", [Regime.DUE_PROCESS, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_random_transactions_give_identical_receipts(regime: Regime) -> None:
    """Random calls of every function by every actor (mostly refused), with batches, snapshots and time moves."""
    chain = LockstepChain()
    d = deploy_coin(regime, holders=["alice", "bob"], chain=chain)
    plain = deploy_artifact(chain, "PlainERC20", ([d.cast.alice.address], 10**24), sender=d.cast.issuer.account)
    actors = list(d.cast)
    addresses = [a.address for a in actors] + [d.coin.address, plain.address, "0x" + "00" * 20]
    rng = random.Random(20250801 + int(regime))
    targets = []
    for contract, address in (("SovereignCoinage" if regime is Regime.SOVEREIGN else "Coinage", d.coin.address), ("PlainERC20", plain.address)):
        for entry in load_artifact(contract).abi:
            if entry["type"] == "function" and _encodable(entry):
                targets.append((address, entry))
    # Funds and powers first, so that some random calls succeed.
    d.coin.attest(10**24, report="FUZZ", by=d.cast.attestor)
    for actor in actors:
        try:
            d.coin.set_minter_allowance(10**24, by=actor)
        except Exception:
            pass
    d.coin.mint(d.cast.alice, 5 * 10**9, by=d.cast.issuer)  # under the anonymous tier's cap

    def send(count: int) -> None:
        for _ in range(count):
            address, entry = rng.choice(targets)
            types = [item["type"] for item in entry["inputs"]]
            data = function_abi_to_4byte_selector(entry) + encode(types, [_argument(rng, t, addresses) for t in types])
            sender = rng.choice(actors).account
            if entry["stateMutability"] == "view" and rng.random() < 0.7:
                try:
                    chain.call(address, data, sender=sender.address)
                except CallReverted:
                    pass
            else:
                chain.transact(sender, address, data, gas=rng.choice([10_000_000, 60_000, 30_000]))

    send(300)
    with chain.batch():
        send(100)
    with chain.snapshot():
        send(60)
        with chain.snapshot():
            send(30)
        chain.advance_time(8 * 24 * 3600)
        send(60)
    chain.advance_time(rng.randrange(1, 4 * 24 * 3600))
    send(200)
    assert chain.receipts > 400
    assert chain.kinds["ok"] > 40 and chain.kinds["reverted"] > 100 and chain.kinds["halted"] > 10, chain.kinds
