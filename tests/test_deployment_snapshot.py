"""`Deployment.snapshot()` undoes everything inside it: the chain and every Python-side record of it."""

from __future__ import annotations

import pytest

from coinage import Deployment, Power, Refusal, Transaction, coins, deploy_coin
from coinage.errors import AccountFrozen
from coinage.ledger import HarmLedger


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
        d.bank.paid_through,
        dict(d.cast.names),
        d.timeline.synced_block,
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


def _funded(regime: str) -> Deployment:
    d = deploy_coin(regime, holders=["alice", "bob"])
    d.bank.receive(d.cast.alice, coins(10))
    d.bank.attest(by=d.cast.attestor, report="AUDIT-1")
    configurer = d.holder_of(Power.CONFIGURE_MINTER)
    assert configurer is not None
    d.coin.set_minter_allowance(coins(10), by=configurer)
    d.bank.issue()
    return d


def test_a_transaction_undone_by_a_snapshot_and_sent_again_by_another_client_is_synced() -> None:
    """The timeline forgets the transactions a snapshot undid: when another client sends the very same
    transaction again (same signer, nonce and data, so the same hash), `sync` records it."""
    d = _funded("regulator-controlled")
    data = d.coin.interface.encode_call("transfer", (d.cast.bob.address, coins(1)))
    with d.snapshot():
        undone = d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice).receipt
    again = d.chain.transact(d.cast.alice.account, d.coin.address, data)
    assert again.tx_hash == undone.tx_hash and again.succeeded
    added = d.sync()
    assert [(e.actor, e.action, e.block) for e in added] == [("alice", "transfer", again.block_number)]
    assert d.timeline.entries[-1] == added[0]


def test_snapshot_restores_the_state_of_what_is_passed_with_it() -> None:
    """A harm ledger passed to `snapshot` forgets the freezes and refusals made inside the block."""
    d = _funded("regulator-controlled")
    harm = HarmLedger(d.cast.names)
    d.coin.subscribe(harm.record)
    d.coin.freeze(d.cast.bob, case="C-0", by=d.cast.regulator)
    before = harm.checkpoint()
    with d.snapshot(harm):
        d.coin.freeze(d.cast.alice, case="C-1", by=d.cast.regulator)
        with pytest.raises(AccountFrozen):
            d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
        harm.lose("alice", coins(1))
        assert harm.frozen(["alice", "bob"]) == ["alice", "bob"] and harm.hit(["alice"]) == ["alice"]
    assert harm.checkpoint() == before
    assert harm.frozen(["alice", "bob"]) == ["bob"] and harm.hit(["alice"]) == []


def test_each_part_restores_itself_without_sharing_its_lists() -> None:
    """The timeline, coin, bank and cast each come back from their own checkpoint, even after the
    lists they share with others were replaced rather than changed in place."""
    d = _funded("issuer-controlled")
    parts = (d.timeline, d.coin, d.bank, d.cast)
    saved = [part.checkpoint() for part in parts]
    before = _everything(d)
    d.coin.attest(coins(3), report="AUDIT-2", by=d.cast.attestor)
    d.bank.receive(d.cast.bob, coins(3))
    d.cast.label("0x" + "34" * 20, "exchange")
    d.coin.subscribe(print)
    d.bank.entries = []  # rebound, not changed in place
    for part, state in zip(parts, saved):
        part.restore(state)
    assert _everything(d)[2:] == before[2:]
