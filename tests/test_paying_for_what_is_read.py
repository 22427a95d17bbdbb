"""Work deferred until read, or not done when nothing reads it, gives the same results as doing it at once."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from coinage import Deployment, coins, deploy_coin
from coinage.chain import HistoryNotKept, web3_for
from coinage.contracts import Transaction
from coinage.experiments import get_experiment, simulate
from coinage.experiments.economy import run_economy
from coinage.ledger import Entry, control_gas


@pytest.fixture
def funded() -> Deployment:
    """A regulator-controlled coin with alice holding 500 coins."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    d.coin.attest(coins(1_000_000), report="AUDIT", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(1_000_000), by=d.cast.regulator)
    d.coin.mint(d.cast.alice, coins(500), by=d.cast.issuer)
    return d


def test_deferred_events_are_the_decoded_logs(funded: Deployment) -> None:
    """A transaction's events, decoded when first read, are its receipt's logs decoded by the coin's ABI."""
    sent = funded.coin.transfer(funded.cast.bob, coins(7), by=funded.cast.alice)
    decode = funded.coin.interface.decode_event
    assert sent.events == tuple(decode(log.topics, log.data) for log in sent.receipt.logs)
    assert [(e.name, e.args["value"]) for e in sent.events] == [("Transfer", coins(7))]


def test_a_transaction_pickles_with_its_events(funded: Deployment) -> None:
    """A pickled transaction whose events were never read comes back equal, events decoded."""
    sent = funded.coin.transfer(funded.cast.bob, coins(3), by=funded.cast.alice)
    copy = pickle.loads(pickle.dumps(sent))
    assert isinstance(copy, Transaction) and copy == sent and copy.events == sent.events


def test_details_written_later_show_the_names_known_when_recorded(funded: Deployment) -> None:
    """An entry's details, first read after an address is labelled, still show the address as it was then."""
    stranger = "0x" + "33" * 20
    funded.coin.transfer(stranger, coins(1), by=funded.cast.alice)
    funded.cast.label(stranger, "exchange")
    funded.coin.transfer(stranger, coins(2), by=funded.cast.alice)
    before, after = funded.timeline.entries[-2:]
    assert before.details == f"Transfer(from=alice to={stranger} value=1.00)"
    assert after.details == "Transfer(from=alice to=exchange value=2.00)"


def test_entries_compare_pickle_and_stay_immutable(funded: Deployment) -> None:
    """An entry equals one built from its fields, pickles with its details, and refuses to be changed."""
    entry = funded.timeline.entries[-1]
    rebuilt = Entry(**dataclasses.asdict(entry))
    assert rebuilt == entry and hash(rebuilt) == hash(entry)
    assert pickle.loads(pickle.dumps(entry)) == entry
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.gas = 1  # type: ignore[misc]


def test_stop_recording_keeps_the_ledger_and_refuses_history_reads(funded: Deployment) -> None:
    """After stop_recording the coin works as before, nothing joins the timeline, and history reads raise HistoryNotKept."""
    kept = len(funded.timeline.entries)
    funded.stop_recording()
    sent = funded.coin.transfer(funded.cast.bob, coins(5), by=funded.cast.alice)
    assert sent.receipt.succeeded and funded.coin.balance_of(funded.cast.bob) == coins(5)
    assert len(funded.timeline.entries) == kept
    with pytest.raises(HistoryNotKept):
        web3_for(funded.chain).eth.get_block("latest")


@pytest.mark.parametrize("regime", ["regulator-controlled", "due-process", "sovereign"])
def test_a_sweep_run_recording_nothing_gives_the_recorded_runs_figures(regime: str) -> None:
    """The economy's figures are the same whether the run records its timeline and history or not."""
    spec = get_experiment("economy").spec(regime, seed=4, holders=200, days=12)
    recorded = simulate(spec)
    assert run_economy(spec) == recorded.values
    assert recorded.values["control_gas"] == control_gas(recorded.deployment.timeline)
    assert recorded.values["control_gas"] > 0
