"""Tests for coinage.ledger.Timeline: the decoded, named history of a deployment."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from coinage import DAY, AccountFrozen, Deployment, Timeline, coins, deploy_coin
from coinage.chain import BLOCK_TIME, GENESIS_TIME
from coinage.errors import Unauthorized
from coinage.ledger import Entry


@pytest.fixture
def story() -> Deployment:
    """The README's story: attest, allow, mint, transfer, freeze, refused transfer, refused freeze by alice."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    coin, cast = d.coin, d.cast
    coin.attest(coins(1_000_000), report="AUDIT-2025-08", by=cast.attestor)
    coin.set_minter_allowance(coins(1_000_000), by=cast.regulator)
    coin.mint(cast.alice, coins(500), by=cast.issuer)
    coin.transfer(cast.bob, coins(100), by=cast.alice)
    coin.freeze(cast.alice, case="HK-2025-017", by=cast.regulator)
    with pytest.raises(AccountFrozen):
        coin.transfer(cast.bob, coins(10), by=cast.alice)
    with pytest.raises(Unauthorized):
        coin.freeze(cast.bob, case="X", by=cast.alice)
    return d


EXPECTED = [
    (1, "issuer", "deploy", "ok"),
    (2, "attestor", "attest", "ok"),
    (3, "regulator", "set_minter_allowance", "ok"),
    (4, "issuer", "mint", "ok"),
    (5, "alice", "transfer", "ok"),
    (6, "regulator", "freeze", "ok"),
    (7, "alice", "transfer", "AccountFrozen"),
    (8, "alice", "freeze", "Unauthorized"),
]


def test_entries_are_in_order_with_actor_action_and_outcome(story: Deployment) -> None:
    """The timeline lists every transaction in order: block, actor name, action and outcome ('ok' or the rule)."""
    assert [(e.block, e.actor, e.action, e.outcome) for e in story.timeline.entries] == EXPECTED


def test_entry_times_are_the_block_times(story: Deployment) -> None:
    """Each entry's time is its block's timestamp: genesis + 12 s per block, here 2025-08-01 00:00:12 onwards."""
    entries = story.timeline.entries
    assert [e.time for e in entries] == [GENESIS_TIME + BLOCK_TIME * e.block for e in entries]
    assert (entries[0].when, entries[-1].when) == ("2025-08-01 00:00:12", "2025-08-01 00:01:36")


def test_advanced_time_shows_in_the_next_entry(story: Deployment) -> None:
    """After advance_time(DAY) the next entry is stamped a day (plus the pending block's 12 s) later."""
    before = story.timeline.entries[-1].time
    story.chain.advance_time(DAY)
    story.coin.unfreeze(story.cast.alice, case="HK-2025-017", by=story.cast.regulator)
    assert story.timeline.entries[-1].time == before + BLOCK_TIME + DAY


def test_details_name_actors_and_format_amounts(story: Deployment) -> None:
    """Event details show actor names, coin amounts and case references instead of hex."""
    details = {e.block: e.details for e in story.timeline.entries}
    assert details[1] == "regime=regulator-controlled"
    assert details[2] == "ReservesAttested(reserves=1,000,000.00 reportRef=AUDIT-2025-08 attestor=attestor)"
    assert details[3] == "MinterAllowanceSet(issuer=issuer allowance=1,000,000.00 authority=regulator)"
    assert details[5] == "Transfer(from=alice to=bob value=100.00)"
    assert details[6] == "Frozen(account=alice until=until lifted caseRef=HK-2025-017 authority=regulator)"


def test_refused_actions_are_recorded_with_the_printed_error(story: Deployment) -> None:
    """A refused transaction is an entry whose outcome is the rule and whose details are the named error."""
    refused = [e for e in story.timeline.entries if e.outcome != "ok"]
    assert [(e.outcome, e.details) for e in refused] == [
        ("AccountFrozen", "AccountFrozen(account=alice, until=until lifted)"),
        ("Unauthorized", "Unauthorized(caller=alice, power=FREEZE, role=REGULATOR)"),
    ]
    assert all(e.gas > 21_000 for e in refused)


def test_no_address_leaks_into_details(story: Deployment) -> None:
    """No 40-hex-digit address appears in any entry's details: actors, the zero address and the escrow have names."""
    story.coin.freeze(story.cast.bob, case="HK-2", by=story.cast.regulator)
    story.coin.seize(story.cast.bob, coins(40), case="HK-2", by=story.cast.regulator)
    leaks = [(e.block, e.details) for e in story.timeline.entries if re.search(r"0x[0-9a-fA-F]{40}", e.details)]
    assert leaks == []


def test_mint_shows_the_zero_address_as_none(story: Deployment) -> None:
    """A mint's Transfer comes from the zero address, shown as 'none'."""
    assert story.timeline.entries[3].details == "Transfer(from=none to=alice value=500.00)"


def test_several_events_are_joined_in_order(story: Deployment) -> None:
    """A seizure's two events (Transfer to the escrow, then Seized) are shown in emission order, joined by '; '."""
    story.coin.freeze(story.cast.bob, case="HK-2", by=story.cast.regulator)
    story.coin.seize(story.cast.bob, coins(40), case="HK-2", by=story.cast.regulator)
    assert story.timeline.entries[-1].details == (
        "Transfer(from=bob to=escrow value=40.00); Seized(account=bob amount=40.00 caseRef=HK-2 authority=regulator)"
    )


def test_label_added_after_deployment_shows_in_the_timeline(story: Deployment) -> None:
    """An address labelled with cast.label() after deployment is shown by its label in later timeline entries."""
    exchange = "0x" + "22" * 20
    story.cast.label(exchange, "exchange")
    story.coin.mint(exchange, coins(3), by=story.cast.issuer)
    assert story.timeline.entries[-1].details == "Transfer(from=none to=exchange value=3.00)"


def test_gas_is_the_receipts_gas(story: Deployment) -> None:
    """The entry's gas is the gas its transaction used."""
    sent = story.coin.approve(story.cast.regulator, coins(5), by=story.cast.bob)
    assert story.timeline.entries[-1].gas == sent.gas_used
    assert story.timeline.entries[-1].details == "Approval(owner=bob spender=regulator value=5.00)"


# --- export --------------------------------------------------------------------------------------


def test_to_json_round_trips(story: Deployment) -> None:
    """Parsing to_json() and rebuilding Entry objects gives back exactly the timeline's entries."""
    parsed = json.loads(story.timeline.to_json())
    assert [Entry(**row) for row in parsed] == story.timeline.entries
    assert list(parsed[0]) == ["block", "time", "actor", "action", "details", "outcome", "gas"]


def test_to_csv_round_trips(story: Deployment) -> None:
    """Parsing to_csv() gives one row per entry with the entry's values, header first."""
    text = story.timeline.to_csv()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["block", "time", "actor", "action", "outcome", "gas", "details"]
    assert rows[1:] == [
        [str(e.block), e.when, e.actor, e.action, e.outcome, str(e.gas), e.details] for e in story.timeline.entries
    ]


def test_table_contains_every_entry(story: Deployment) -> None:
    """table() has a header and one line per entry, each holding the entry's block, time, actor, action, outcome and details."""
    lines = story.timeline.table().splitlines()
    entries = story.timeline.entries
    assert len(lines) == len(entries) + 1
    assert lines[0].split() == ["block", "time", "(UTC)", "actor", "action", "outcome", "details"]
    for line, e in zip(lines[1:], entries):
        assert line.split()[:6] == [str(e.block), *e.when.split(), e.actor, e.action, e.outcome]
        assert line.endswith(e.details)


def test_empty_timeline_exports() -> None:
    """A timeline with no entries exports an empty JSON list, a header-only CSV and a header-only table."""
    timeline = Timeline({})
    assert json.loads(timeline.to_json()) == []
    assert timeline.to_csv() == "block,time,actor,action,outcome,gas,details\n"
    assert timeline.table().split() == ["block", "time", "(UTC)", "actor", "action", "outcome", "details"]
