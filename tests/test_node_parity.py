"""The scenario suite and the cost of control on a JSON-RPC node give what the embedded chain gives.

One Anvil process (from npm, on loopback) serves the module. Each case runs inside a snapshot taken
at the node's genesis, so every scenario starts from a fresh chain, as `run_scenario` does on a new
embedded chain. Outcomes must be equal field for field; so must the decoded timelines (block,
timestamp, actor, action, details, outcome, gas).

`TIMING_DEPENDENT` lists the `Outcome.to_dict()` fields left out of the comparison. It is empty:
an outcome holds no wall-clock figure, and block numbers, block times and gas match because the
node starts at the embedded genesis time on the same hardfork, `RpcChain` keeps 12-second blocks,
and `batch()` mines one block as the embedded chain does.

What differs is the chain id (Anvil's 31337), and with it transaction hashes and permit signatures.
A permit's calldata carries its signature, and calldata costs 4 gas per zero byte and 16 per other
byte, so the gas of a `permit` transaction differs by a multiple of 12 (at most 64 bytes of r and
s). No outcome field holds it (`control_gas` counts control actions only), so only the timelines'
permit entries and the cost table's permit row are compared with that allowance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from coinage import Deployment, Regime, coins, deploy_coin
from coinage.chain import Account
from coinage.chain.node import AnvilNotInstalled, start_anvil
from coinage.chain.rpc import RpcChain
from coinage.contracts import deploy_artifact
from coinage.costs import OPERATIONS, REFERENCE_TOKENS, _by, measure_reference, measure_regime
from coinage.enums import Power, Role
from coinage.scenarios import SCENARIOS, play_scenario

TIMING_DEPENDENT: frozenset[str] = frozenset()
"""Outcome fields that may differ between the embedded chain and a node: none (see the module docstring)."""

CASES = [(scenario.name, regime) for scenario in SCENARIOS.values() for regime in scenario.regimes]


@pytest.fixture(scope="module")
def chain() -> Iterator[RpcChain]:
    """One Anvil node for the whole module, at its genesis; a missing binary fails with the `npm ci` hint."""
    try:
        with start_anvil() as url:
            node = RpcChain(url)
            assert node.block_number == 1, "the module's node must start at genesis"
            yield node
    except AnvilNotInstalled as missing:
        pytest.fail(str(missing), pytrace=False)


def comparable(outcome: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in outcome.items() if key not in TIMING_DEPENDENT}


SIGNATURE_GAS = 64 * 12
"""The most the gas of a permit can differ by between two chain ids: r and s, all zero bytes or none."""


def same_permit_gas(node: int | None, embedded: int | None) -> bool:
    """Equal, but for the calldata gas of a signature made for another chain id."""
    if node is None or embedded is None:
        return node == embedded
    return abs(node - embedded) <= SIGNATURE_GAS and (node - embedded) % 12 == 0


def timeline(d: Deployment) -> list[tuple[object, ...]]:
    """The decoded timeline, with the gas of permits (which depends on the chain id) set apart."""
    return [dataclasses.astuple(dataclasses.replace(e, gas=-1) if e.action == "permit" else e)
            for e in d.timeline.entries]


def permit_gas(d: Deployment) -> list[int]:
    return [e.gas for e in d.timeline.entries if e.action == "permit"]


def test_every_scenario_is_covered() -> None:
    """The parity cases are every scenario under every regime it applies to."""
    assert len(CASES) == sum(len(s.regimes) for s in SCENARIOS.values()) and len(CASES) >= len(SCENARIOS)


@pytest.mark.parametrize(("scenario", "regime"), CASES, ids=[f"{s}-{r.slug}" for s, r in CASES])
def test_scenario_outcome_on_anvil_equals_the_embedded_one(chain: RpcChain, scenario: str, regime: Regime) -> None:
    """The scenario gives the same Outcome and the same timeline on Anvil as on the embedded chain."""
    embedded, embedded_run = play_scenario(scenario, regime, seed=3)
    with chain.snapshot():  # back to genesis afterwards: a fresh chain per scenario
        on_node, node_run = play_scenario(scenario, regime, seed=3, chain=chain)
    assert comparable(on_node.to_dict()) == comparable(embedded.to_dict())
    assert timeline(node_run) == timeline(embedded_run)
    assert len(permit_gas(node_run)) == len(permit_gas(embedded_run))
    assert all(map(same_permit_gas, permit_gas(node_run), permit_gas(embedded_run)))


def funded_on(chain: RpcChain, regime: Regime) -> Deployment:
    """`coinage.costs.funded`, on the given chain."""
    d = deploy_coin(regime, holders=("alice", "bob", "carol", "dave"), chain=chain)
    d.coin.attest(coins(1_000_000), report="R-1", by="attestor")
    d.coin.set_minter_allowance(coins(1_000_000), by=_by(d, Power.CONFIGURE_MINTER))
    for holder in ("alice", "bob", "carol"):
        d.coin.mint(holder, coins(1_000), by=_by(d, Power.MINT))
    return d


@pytest.mark.parametrize("regime", list(Regime), ids=[r.slug for r in Regime])
def test_every_operation_costs_the_same_gas_on_anvil(chain: RpcChain, regime: Regime) -> None:
    """Every operation of the cost-of-control table uses the same gas on Anvil as on the embedded chain."""
    with chain.snapshot():
        d = funded_on(chain, regime)
        costs: dict[str, int | None] = {}
        for name, (power, prepare, operation) in OPERATIONS.items():
            if power is not None and d.coin.role_for(power) is Role.NOBODY:
                costs[name] = None
                continue
            with chain.snapshot():
                if prepare is not None:
                    prepare(d)
                operation(d)
                costs[name] = d.timeline.entries[-1].gas
    expected = measure_regime(regime)
    assert same_permit_gas(costs.pop("permit"), expected.pop("permit"))
    assert costs == expected


@pytest.mark.parametrize("token", REFERENCE_TOKENS)
def test_reference_tokens_cost_the_same_gas_on_anvil(chain: RpcChain, token: str) -> None:
    """The plain and blocklist ERC-20s deploy through RpcChain and transfer for the embedded gas."""
    alice, bob, carol, dave = (chain.account(n) for n in ("alice", "bob", "carol", "dave"))
    holders = [alice.address, bob.address, carol.address]
    with chain.snapshot():
        deployed = deploy_artifact(chain, token, (holders, coins(1_000)), sender=alice)

        def gas(sender: Account, to: str) -> int:
            call = deployed.interface.encode_call("transfer", (to, coins(1)))
            receipt = chain.transact(sender, deployed.address, call)
            assert receipt.succeeded
            return receipt.gas_used

        with chain.snapshot():
            transfer = gas(alice, bob.address)
        with chain.snapshot():
            to_new_holder = gas(alice, dave.address)
    expected = measure_reference(token)
    assert (transfer, to_new_holder) == (expected["transfer"], expected["transfer to a new holder"])
