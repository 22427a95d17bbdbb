"""The access matrix: every privileged function x every actor x every regime, generated from the ABI.

The list of privileged functions is the contract's ABI (every state-changing function) minus the
functions any holder may call. A new privileged function therefore appears here as a test case the
moment it is compiled, and fails until `PRIVILEGED` says which power guards it and how to call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from coinage import (
    Actor,
    Deployment,
    Power,
    PowerNotInRegime,
    Regime,
    Role,
    Unauthorized,
    WalletTier,
    coins,
)
from coinage.actors import ROLE_ACTORS
from coinage.compiler import load_artifact
from coinage.contracts import ContractInterface

from conftest import HOLDERS, case_bytes, events, refused

USER_FUNCTIONS = frozenset({"transfer", "transferFrom", "approve", "permit", "redeem"})
"""State-changing functions any holder may call; everything else in the ABI is privileged."""

ARTIFACTS = {regime: ("SovereignCoinage" if regime is Regime.SOVEREIGN else "Coinage") for regime in Regime}


def privileged_functions(contract: str) -> list[str]:
    return sorted(set(ContractInterface(load_artifact(contract).abi).mutating_functions) - USER_FUNCTIONS)


ABI_PRIVILEGED = sorted(set().union(*(privileged_functions(name) for name in set(ARTIFACTS.values()))))


# --- how to call each privileged function --------------------------------------------------------


@dataclass(frozen=True)
class Privileged:
    """A privileged function: the power guarding it, what must hold first, and a valid call."""

    power: Power
    event: str
    call: Callable[[Deployment, Actor], Any]
    setup: tuple[tuple[Power, Callable[[Deployment, Actor], Any]], ...] = ()


def _freeze_carol(d: Deployment, by: Actor) -> Any:
    return d.coin.freeze(d.cast.carol, case="M-0", by=by)


def _seize_from_carol(d: Deployment, by: Actor) -> Any:
    return d.coin.seize(d.cast.carol, coins(10), case="M-0", by=by)


PRIVILEGED: dict[str, Privileged] = {
    "attest": Privileged(Power.ATTEST, "ReservesAttested", lambda d, by: d.coin.attest(coins(2_000_000), report="M-1", by=by)),
    "setMinterAllowance": Privileged(
        Power.CONFIGURE_MINTER, "MinterAllowanceSet", lambda d, by: d.coin.set_minter_allowance(coins(9), by=by)
    ),
    "mint": Privileged(Power.MINT, "Transfer", lambda d, by: d.coin.mint(d.cast.dave, coins(1), by=by)),
    "markRedemptionPaid": Privileged(
        Power.PAY_REDEMPTION,
        "RedemptionPaid",
        lambda d, by: d.coin.mark_redemption_paid(0, fiat_ref="M-1", by=by),
        setup=((Power.MINT, lambda d, _: d.coin.redeem(coins(1), by=d.cast.alice)),),
    ),
    "revokeLicence": Privileged(Power.LICENCE, "LicenceRevoked", lambda d, by: d.coin.revoke_licence(case="M-1", by=by)),
    "reinstateLicence": Privileged(
        Power.LICENCE,
        "LicenceReinstated",
        lambda d, by: d.coin.reinstate_licence(case="M-1", by=by),
        setup=((Power.LICENCE, lambda d, by: d.coin.revoke_licence(case="M-0", by=by)),),
    ),
    "freeze": Privileged(Power.FREEZE, "Frozen", lambda d, by: d.coin.freeze(d.cast.carol, case="M-1", by=by)),
    "confirmFreeze": Privileged(
        Power.CONFIRM_FREEZE,
        "FreezeConfirmed",
        lambda d, by: d.coin.confirm_freeze(d.cast.carol, case="M-1", by=by),
        setup=((Power.FREEZE, _freeze_carol),),
    ),
    "unfreeze": Privileged(
        Power.UNFREEZE, "Unfrozen", lambda d, by: d.coin.unfreeze(d.cast.carol, case="M-1", by=by), setup=((Power.FREEZE, _freeze_carol),)
    ),
    "seize": Privileged(
        Power.SEIZE, "Seized", lambda d, by: d.coin.seize(d.cast.carol, coins(1), case="M-1", by=by), setup=((Power.FREEZE, _freeze_carol),)
    ),
    "release": Privileged(
        Power.RELEASE,
        "Released",
        lambda d, by: d.coin.release(d.cast.bob, coins(1), case="M-0", by=by),
        setup=((Power.FREEZE, _freeze_carol), (Power.SEIZE, _seize_from_carol)),
    ),
    "pause": Privileged(Power.PAUSE, "Paused", lambda d, by: d.coin.pause(case="M-1", by=by)),
    "unpause": Privileged(
        Power.PAUSE,
        "Unpaused",
        lambda d, by: d.coin.unpause(case="M-1", by=by),
        setup=((Power.PAUSE, lambda d, by: d.coin.pause(case="M-0", by=by)),),
    ),
    "setTier": Privileged(
        Power.SET_TIER, "TierSet", lambda d, by: d.coin.set_tier(d.cast.alice, WalletTier.VERIFIED, case="M-1", by=by)
    ),
}


def actor_names(regime: Regime) -> list[str]:
    """Every distinct actor of a cast: the sovereign coin has no separate issuer (the central bank issues)."""
    roles = [name for name in ROLE_ACTORS if not (regime is Regime.SOVEREIGN and name == "issuer")]
    return roles + list(HOLDERS)


MATRIX = [
    (function, regime, actor)
    for function in ABI_PRIVILEGED
    for regime in Regime
    for actor in actor_names(regime)
]


def _light_state(d: Deployment) -> tuple[Any, ...]:
    """The state a refused privileged call could plausibly touch, read cheaply."""
    coin, cast = d.coin, d.cast
    return (
        tuple(coin.balance_of(cast[name]) for name in ("alice", "bob", "carol", "dave")),
        coin.total_supply(),
        coin.total_escrow(),
        coin.frozen_until(cast.carol),
        coin.paused(),
        coin.licensed(),
        coin.minter_allowance(),
        coin.attestation(),
        coin.outstanding_redemptions(),
    )


# --- tests ---------------------------------------------------------------------------------------


def test_mapping_covers_exactly_the_abi_privileged_functions():
    """The matrix's function table names exactly the privileged functions of the ABI, no more and no fewer."""
    assert sorted(PRIVILEGED) == ABI_PRIVILEGED


def test_every_power_is_exercised_by_some_function():
    """Every Power of the contract guards at least one function in the matrix."""
    assert {entry.power for entry in PRIVILEGED.values()} == set(Power)


def test_both_coin_contracts_expose_the_same_privileged_functions():
    """Coinage and SovereignCoinage expose the same privileged functions, so one matrix covers both."""
    assert privileged_functions("Coinage") == privileged_functions("SovereignCoinage")


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_deployed_interface_matches_matrix(deployment, regime):
    """The deployed coin's own interface has exactly the matrix's privileged functions."""
    d = deployment(regime)
    assert sorted(set(d.coin.interface.mutating_functions) - USER_FUNCTIONS) == ABI_PRIVILEGED
    assert d.coin.regime() is regime


@pytest.mark.parametrize(
    "function,regime,actor", MATRIX, ids=[f"{f}-{r.slug}-{a}" for f, r, a in MATRIX]
)
def test_access(deployment, function, regime, actor):
    """Only the actor holding the function's power may call it; every other actor gets Unauthorized, or PowerNotInRegime where nobody holds it."""
    assert function in PRIVILEGED, f"new privileged function {function!r}: add it to PRIVILEGED"
    entry = PRIVILEGED[function]
    d = deployment(regime)
    coin, caller = d.coin, d.cast[actor]
    for power, step in entry.setup:
        if coin.role_for(power) is not Role.NOBODY:
            step(d, d.cast.resolve(coin.authority_for(power)))
    role = coin.role_for(entry.power)
    if role is Role.NOBODY:
        err = refused(d, PowerNotInRegime, entry.call, d, caller, state=_light_state)
        assert err.values == {"power": entry.power, "regime": regime}
    elif coin.authority_for(entry.power) != caller.address:
        err = refused(d, Unauthorized, entry.call, d, caller, state=_light_state)
        assert err.values == {"caller": caller.address, "power": entry.power, "role": role}
    else:
        tx = entry.call(d, caller)
        names = [name for name, _ in events(tx)]
        assert entry.event in names, names
        args = dict(events(tx))[entry.event]
        if "authority" in args:
            assert args["authority"] == caller.address
        if "caseRef" in args:
            assert args["caseRef"] == case_bytes("M-0" if function == "release" else "M-1")
        assert d.timeline.entries[-1].outcome == "ok"
