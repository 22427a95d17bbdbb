"""Attaching to a deployed coin, and the timeline read from the chain's logs, on every engine."""

from __future__ import annotations

import pytest

from coinage.attach import attach_coin
from coinage.chain import ENGINES, make_chain
from coinage.contracts import deploy_artifact
from coinage.deploy import DAY, Deployment, deploy_coin
from coinage.enums import Regime
from coinage.errors import InvalidInput
from coinage.units import coins

from conftest import MINTER_ALLOWANCE, REPORT, RESERVES


def _funded(engine: str, regime: Regime = Regime.REGULATOR_CONTROLLED) -> Deployment:
    d = deploy_coin(regime, engine=engine)
    d.coin.attest(RESERVES, report=REPORT, by=d.cast.attestor)
    d.coin.set_minter_allowance(MINTER_ALLOWANCE, by=d.cast.regulator if regime is not Regime.SOVEREIGN else d.cast.central_bank)
    d.coin.mint(d.cast.alice, coins(100), by=d.cast.issuer)
    return d


@pytest.mark.parametrize("engine", ENGINES)
def test_sync_adds_what_web3_sent_and_nothing_twice(engine: str) -> None:
    """After sync, a transfer sent through web3 is in the timeline under its sender's name, once; facade entries are not repeated."""
    d = _funded(engine)
    token = d.w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    token.functions.transfer(d.cast.bob.address, coins(7)).transact({"from": d.cast.alice.address})
    before = len(d.timeline.entries)
    (added,) = d.sync()
    assert (added.actor, added.action, added.outcome) == ("alice", "transfer", "ok")
    assert "to=bob" in added.details and "value=7" in added.details
    assert len(d.timeline.entries) == before + 1
    assert d.timeline.entries[-1] == added
    assert d.sync() == []
    assert d.coin.balance_of(d.cast.bob) == coins(7)


@pytest.mark.parametrize("engine", ENGINES)
def test_attach_reads_regime_roles_and_history(engine: str) -> None:
    """A coin attached by address has the deployer's regime, the cast's names and, after sync, its history."""
    d = _funded(engine, Regime.DUE_PROCESS)
    d.coin.transfer(d.cast.bob, coins(3), by=d.cast.alice)
    attached = attach_coin(d.chain, d.coin.address)
    assert attached.regime is Regime.DUE_PROCESS
    assert attached.coin.balance_of(attached.cast.bob) == coins(3)
    history = attached.sync()
    assert [e.action for e in history] == ["attest", "set_minter_allowance", "mint", "transfer"]
    assert [e.actor for e in history] == ["attestor", "regulator", "issuer", "alice"]
    attached.coin.transfer(attached.cast.carol, coins(1), by=attached.cast.bob)  # the attached facade acts too
    assert d.coin.balance_of(d.cast.carol) == coins(1)


def test_attach_shows_unknown_role_holders_as_short_addresses() -> None:
    """A role held by an account outside the cast shows as 0x1234…abcd in the attached cast."""
    chain = make_chain()
    stranger = chain.account("stranger")
    named = [chain.account(n).address for n in ("central_bank", "regulator", "court", "issuer", "attestor")]
    named[1] = stranger.address
    config = ("Coin", "C", int(Regime.REGULATOR_CONTROLLED), *named, 3 * DAY, 7 * DAY)
    deployed = deploy_artifact(chain, "Coinage", (config,), sender=chain.account("issuer"))
    attached = attach_coin(chain, deployed.address)
    short = f"{stranger.address[:6]}…{stranger.address[-4:]}"
    assert attached.cast.name_of(stranger.address) == short
    assert attached.cast.name_of(named[0]) == "central_bank"


def test_attach_to_something_that_is_no_coin_says_so() -> None:
    """Attaching to an address without a coin raises InvalidInput naming the address."""
    chain = make_chain()
    nobody = chain.account("nobody").address
    with pytest.raises(InvalidInput, match=f"no Coinage coin at {nobody}"):
        attach_coin(chain, nobody)
