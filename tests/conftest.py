"""Shared fixtures and helpers for the Coinage contract tests.

Deploying a coin is cheap but not free, and funding it takes several transactions, so each test
process deploys and funds one coin per regime, lazily, the first time a test asks for it. Every
test then runs inside ``Deployment.snapshot()``, which undoes everything the test did on exit, so tests
see the same funded coin whatever order they run in (and under ``pytest -n``).

The funded state every test starts from:

* reserves of ``RESERVES`` attested under report ``AUDIT-1`` by the attestor;
* a minter allowance of ``MINTER_ALLOWANCE`` set by whoever holds ``Power.CONFIGURE_MINTER``;
* ``FUNDING`` minted by the issuer (the central bank in the sovereign regime): alice, bob and carol
  hold coins, dave holds none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from coinage import (
    Actor,
    ContractRevert,
    Deployment,
    Power,
    Regime,
    Transaction,
    coins,
    deploy_coin,
    parse_regime,
)
from coinage.chain import Chain

ZERO_ADDRESS = "0x" + "00" * 20
MAX_UINT256 = 2**256 - 1

HOLDERS = ("alice", "bob", "carol", "dave")
FUNDING = {"alice": coins(1_000), "bob": coins(500), "carol": coins(250)}
FUNDED_SUPPLY = sum(FUNDING.values())
RESERVES = coins(1_000_000)
MINTER_ALLOWANCE = coins(100_000)
REPORT = "AUDIT-1"

ALL_REGIMES = tuple(Regime)
CONTROLLED_REGIMES = tuple(r for r in Regime if r is not Regime.PERMISSIONLESS)
"""Regimes in which somebody holds the control powers (freeze, seize, pause)."""


def build_funded(regime: Regime, chain: Chain | None = None) -> Deployment:
    """Deploy a coin under `regime` (on `chain`, else a new embedded one) and fund it as the module docstring describes."""
    d = deploy_coin(regime, holders=HOLDERS, chain=chain)
    coin, cast = d.coin, d.cast
    coin.attest(RESERVES, report=REPORT, by=cast.attestor)
    coin.set_minter_allowance(MINTER_ALLOWANCE, by=authority(d, Power.CONFIGURE_MINTER))
    for name, amount in FUNDING.items():
        coin.mint(cast[name], amount, by=cast.issuer)
    assert coin.total_supply() == FUNDED_SUPPLY
    assert coin.minter_allowance() == MINTER_ALLOWANCE - FUNDED_SUPPLY
    return d


@pytest.fixture(scope="session")
def funded_coins() -> dict[Regime, Deployment]:
    """One funded deployment per regime, built on first use and shared by every test of the process."""
    return {}


@pytest.fixture
def deployment(funded_coins: dict[Regime, Deployment]) -> Iterator[Callable[..., Deployment]]:
    """Factory: ``deployment(Regime.X)`` returns the funded coin for X, restored when this test ends."""
    with ExitStack() as stack:
        entered: dict[Regime, Deployment] = {}

        def get(regime: Regime | str = Regime.REGULATOR_CONTROLLED) -> Deployment:
            regime = parse_regime(regime)
            if regime not in entered:
                if regime not in funded_coins:
                    funded_coins[regime] = build_funded(regime)
                entered[regime] = stack.enter_context(funded_coins[regime].snapshot())
            return entered[regime]

        yield get


# --- helpers -----------------------------------------------------------------------------------


def authority(d: Deployment, power: Power) -> Actor:
    """The actor holding `power` in this deployment (fails if nobody does)."""
    address = d.coin.authority_for(power)
    assert address != ZERO_ADDRESS, f"nobody holds {power.name} under {d.regime.name}"
    return d.cast.resolve(address)


def everyone(d: Deployment) -> list[Actor]:
    """Every distinct actor of the cast (the sovereign issuer is the central bank, listed once)."""
    return list(d.cast)


def case_bytes(case: str) -> bytes:
    return case.encode().ljust(32, b"\0")


def send_raw(d: Deployment, function: str, args: tuple[Any, ...], *, by: Any) -> Transaction:
    """Send a call with raw ABI arguments (addresses the cast cannot name: zero, the coin itself)."""
    return d.coin._send(function, args, by, function)


def balances(d: Deployment) -> dict[str, int]:
    """Every actor's balance by name, plus the escrow (the coin's own balance) and the supply."""
    coin = d.coin
    state = {actor.name: coin.balance_of(actor) for actor in everyone(d)}
    state["<escrow>"] = coin.total_escrow()
    state["<supply>"] = coin.total_supply()
    return state


def ledger_state(d: Deployment) -> dict[str, Any]:
    """Everything a refused transaction must leave untouched, in one comparable value."""
    coin, cast = d.coin, d.cast
    holders = [cast[name] for name in HOLDERS]
    state: dict[str, Any] = dict(balances(d))
    for owner in holders:
        for spender in holders:
            if spender != owner:
                state[f"allowance {owner.name}->{spender.name}"] = coin.allowance(owner, spender)
        state[f"frozen_until {owner.name}"] = coin.frozen_until(owner)
        state[f"nonce {owner.name}"] = coin.nonces(owner)
    state["paused"] = coin.paused()
    state["licensed"] = coin.licensed()
    state["minter_allowance"] = coin.minter_allowance()
    state["attestation"] = coin.attestation()
    state["redemptions"] = coin.redemption_count()
    state["outstanding"] = coin.outstanding_redemptions()
    return state


def assert_conserved(d: Deployment) -> None:
    """Sum of every balance plus the escrow equals the total supply."""
    state = balances(d)
    supply = state.pop("<supply>")
    assert sum(state.values()) == supply


def refused(
    d: Deployment,
    error: type[ContractRevert],
    action: Callable[..., Any],
    *args: Any,
    state: Callable[[Deployment], Any] = ledger_state,
    **kwargs: Any,
) -> ContractRevert:
    """Run `action`, require it to be refused with exactly `error`, changing nothing, and logged as such."""
    before = state(d)
    with pytest.raises(ContractRevert) as info:
        action(*args, **kwargs)
    raised = info.value
    assert type(raised) is error, f"expected {error.__name__}, got {raised!r}"
    assert state(d) == before, f"{raised!r} left the ledger changed"
    assert d.timeline.entries[-1].outcome == error.__name__
    return raised


def events(tx: Transaction) -> list[tuple[str, dict[str, Any]]]:
    """The transaction's events as (name, args) pairs, in order."""
    return [(e.name, dict(e.args)) for e in tx.events]


def only_event(tx: Transaction, name: str) -> dict[str, Any]:
    """The args of the transaction's only event, which must be called `name`."""
    assert [e.name for e in tx.events] == [name], events(tx)
    return dict(tx.events[0].args)


def transfer_event(source: str, to: str, value: int) -> tuple[str, dict[str, Any]]:
    return ("Transfer", {"from": source, "to": to, "value": value})

