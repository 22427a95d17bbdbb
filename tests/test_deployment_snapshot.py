"""`Deployment.snapshot()` undoes everything inside it: the chain and every Python-side record of it."""

from __future__ import annotations

import pytest

from coinage import Deployment, Refusal, Transaction, coins, deploy_coin
from coinage.errors import AccountFrozen


def _everything(d: Deployment) -> tuple[object, ...]:
    """Every part of a deployment a snapshot restores, as one comparable value."""
    return (
        d.chain.block_number,
        d.chain.now,
        list(d.timeline.entries),
        list(d.coin.listeners),
        list(d.bank.entries),
        list(d.bank.pending),
        d.bank.balance,
        dict(d.cast.names),
    )


def test_snapshot_restores_chain_timeline_listeners_bank_and_labels() -> None:
    """Minting through the bank, a freeze, a refusal, a new listener and a new label are all undone on exit."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    coin, cast, bank = d.coin, d.cast, d.bank
    bank.receive(cast.alice, coins(10))
    before = _everything(d)
    heard: list[Transaction | Refusal] = []
    stranger = "0x" + "12" * 20
    with d.snapshot() as inside:
        assert inside is d
        coin.subscribe(heard.append)
        cast.label(stranger, "exchange")
        bank.attest(by=cast.attestor, report="AUDIT-1")
        coin.set_minter_allowance(coins(10), by=cast.regulator)
        assert bank.issue() == coins(10)
        bank.receive(cast.bob, coins(5))
        coin.freeze(cast.alice, case="C-1", by=cast.regulator)
        with pytest.raises(AccountFrozen):
            coin.transfer(cast.bob, coins(1), by=cast.alice)
        assert len(heard) == 5 and cast.name_of(stranger) == "exchange"
    assert _everything(d) == before
    assert coin.balance_of(cast.alice) == 0 and not coin.is_frozen(cast.alice)
    assert cast.name_of(stranger) == stranger
    # The restored records are the live ones: the timeline records what comes next, the removed listener does not.
    coin.attest(coins(1), report="AUDIT-2", by=cast.attestor)
    assert d.timeline.entries[-1].action == "attest" and len(heard) == 5


def test_snapshot_restores_after_an_exception() -> None:
    """An exception inside the block propagates, and the deployment is restored all the same."""
    d = deploy_coin("issuer-controlled", holders=["alice"])
    entries = len(d.timeline.entries)
    with pytest.raises(RuntimeError), d.snapshot():
        d.coin.attest(coins(1), report="AUDIT-1", by=d.cast.attestor)
        raise RuntimeError("stop")
    assert len(d.timeline.entries) == entries
    assert d.coin.attestation() == (0, 0, "")
