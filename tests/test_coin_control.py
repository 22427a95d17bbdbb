"""Control powers: freeze (with expiry and due process), seizure into escrow, release, and pause."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coinage import (
    DAY,
    FOREVER,
    AccountFrozen,
    AccountNotFrozen,
    AlreadyFrozen,
    Deployment,
    EnforcedPause,
    ERC20InsufficientBalance,
    ERC20InvalidReceiver,
    EscrowAccount,
    ExpectedPause,
    FreezeCoolingOff,
    InsufficientEscrow,
    InvalidFreezeExpiry,
    MissingCaseReference,
    Power,
    PowerNotInRegime,
    Regime,
    Role,
    Unauthorized,
    WalletTier,
    ZeroAmount,
    coins,
)

from conftest import (
    ALL_REGIMES,
    CONTROLLED_REGIMES,
    FUNDED_SUPPLY,
    FUNDING,
    ZERO_ADDRESS,
    assert_conserved,
    authority,
    balances,
    case_bytes,
    events,
    ledger_state,
    refused,
    send_raw,
    transfer_event,
)

controlled = pytest.mark.parametrize("regime", CONTROLLED_REGIMES, ids=lambda r: r.slug)
PROVISIONAL = 3 * DAY


def expected_until(d: Deployment, until: int | None = None) -> int:
    """The expiry a freeze sent now gets: `until` (or forever), cut to the provisional period under due process."""
    effective = FOREVER if until is None else until
    if d.regime is Regime.DUE_PROCESS:
        effective = min(effective, d.chain.now + PROVISIONAL)
    return effective


def freeze(d: Deployment, who: str, case: str = "CASE-1", until: int | None = None) -> int:
    """Freeze `who` by the freeze authority; return the expiry the contract recorded."""
    expected = expected_until(d, until)
    d.coin.freeze(d.cast[who], case=case, until=until, by=authority(d, Power.FREEZE))
    assert d.coin.frozen_until(d.cast[who]) == expected
    return expected


# --- freeze --------------------------------------------------------------------------------------


@controlled
def test_freeze_emits_one_event_with_case_and_authority(deployment, regime):
    """A freeze emits exactly one Frozen(account, until, caseRef, authority) and marks the account frozen."""
    d = deployment(regime)
    freezer, alice = authority(d, Power.FREEZE), d.cast.alice
    until = expected_until(d)
    tx = d.coin.freeze(alice, case="HK-1", by=freezer)
    assert events(tx) == [
        ("Frozen", {"account": alice.address, "until": until, "caseRef": case_bytes("HK-1"), "authority": freezer.address})
    ]
    assert d.coin.is_frozen(alice) is True
    assert d.coin.frozen_until(alice) == until
    assert d.coin.is_frozen(d.cast.bob) is False
    assert d.coin.frozen_until(d.cast.bob) == 0


@controlled
def test_frozen_account_cannot_send(deployment, regime):
    """A frozen account's transfer is refused with AccountFrozen(account, until) and moves nothing."""
    d = deployment(regime)
    until = freeze(d, "alice")
    err = refused(d, AccountFrozen, d.coin.transfer, d.cast.bob, coins(1), by=d.cast.alice)
    assert err.values == {"account": d.cast.alice.address, "until": until}


@controlled
def test_frozen_account_cannot_receive(deployment, regime):
    """A transfer to a frozen account is refused with AccountFrozen naming the recipient."""
    d = deployment(regime)
    until = freeze(d, "alice")
    err = refused(d, AccountFrozen, d.coin.transfer, d.cast.alice, coins(1), by=d.cast.bob)
    assert err.values == {"account": d.cast.alice.address, "until": until}


@controlled
def test_frozen_account_cannot_send_zero(deployment, regime):
    """Even a zero-amount transfer from or to a frozen account is refused."""
    d = deployment(regime)
    freeze(d, "alice")
    refused(d, AccountFrozen, d.coin.transfer, d.cast.bob, 0, by=d.cast.alice)
    refused(d, AccountFrozen, d.coin.transfer, d.cast.alice, 0, by=d.cast.bob)


@controlled
def test_frozen_account_cannot_approve(deployment, regime):
    """A frozen owner cannot approve a spender (AccountFrozen on the owner)."""
    d = deployment(regime)
    until = freeze(d, "alice")
    err = refused(d, AccountFrozen, d.coin.approve, d.cast.bob, coins(1), by=d.cast.alice)
    assert err.values == {"account": d.cast.alice.address, "until": until}


@controlled
def test_frozen_account_cannot_be_approved(deployment, regime):
    """Nobody can approve a frozen account as spender (AccountFrozen on the spender)."""
    d = deployment(regime)
    until = freeze(d, "carol")
    err = refused(d, AccountFrozen, d.coin.approve, d.cast.carol, coins(1), by=d.cast.alice)
    assert err.values == {"account": d.cast.carol.address, "until": until}


@controlled
def test_frozen_spender_cannot_spend_earlier_allowance(deployment, regime):
    """A spender frozen after being approved cannot spend the allowance, which stays intact."""
    d = deployment(regime)
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    coin.approve(carol, coins(50), by=alice)
    until = freeze(d, "carol")
    err = refused(d, AccountFrozen, coin.transfer_from, alice, bob, coins(10), by=carol)
    assert err.values == {"account": carol.address, "until": until}
    assert coin.allowance(alice, carol) == coins(50)


@controlled
def test_allowance_of_frozen_owner_cannot_be_spent(deployment, regime):
    """An unfrozen spender cannot move a frozen owner's coins through an allowance granted before the freeze."""
    d = deployment(regime)
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    coin.approve(bob, coins(50), by=alice)
    until = freeze(d, "alice")
    err = refused(d, AccountFrozen, coin.transfer_from, alice, carol, coins(10), by=bob)
    assert err.values == {"account": alice.address, "until": until}


@controlled
def test_transfer_from_to_frozen_recipient_refused(deployment, regime):
    """transferFrom into a frozen account is refused with AccountFrozen naming the recipient."""
    d = deployment(regime)
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, coins(50), by=alice)
    until = freeze(d, "carol")
    err = refused(d, AccountFrozen, coin.transfer_from, alice, d.cast.carol, coins(10), by=bob)
    assert err.values == {"account": d.cast.carol.address, "until": until}


@controlled
def test_frozen_account_cannot_redeem(deployment, regime):
    """A frozen account cannot redeem: nothing is burned and no request is recorded."""
    d = deployment(regime)
    until = freeze(d, "alice")
    err = refused(d, AccountFrozen, d.coin.redeem, coins(10), by=d.cast.alice)
    assert err.values == {"account": d.cast.alice.address, "until": until}


@controlled
def test_frozen_account_cannot_be_minted_to(deployment, regime):
    """Minting to a frozen account is refused and consumes no minter allowance."""
    d = deployment(regime)
    until = freeze(d, "alice")
    err = refused(d, AccountFrozen, d.coin.mint, d.cast.alice, coins(10), by=d.cast.issuer)
    assert err.values == {"account": d.cast.alice.address, "until": until}


@pytest.mark.parametrize("regime", [Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_freeze_expires_without_transaction(deployment, regime):
    """A freeze with an expiry holds until one second before it and lapses at it, with no transaction in between."""
    d = deployment(regime)
    coin, chain, alice, bob = d.coin, d.chain, d.cast.alice, d.cast.bob
    until = freeze(d, "alice", until=chain.now + 10 * DAY)
    chain.advance_time(until - 1 - chain.now)
    assert coin.is_frozen(alice) is True
    with chain.snapshot():  # the refused transaction's block would move the clock past `until`
        refused(d, AccountFrozen, coin.transfer, bob, coins(1), by=alice)
    chain.advance_time(1)
    assert chain.now == until
    assert coin.is_frozen(alice) is False
    assert coin.frozen_until(alice) == until
    coin.transfer(bob, coins(1), by=alice)
    coin.transfer(alice, coins(2), by=bob)
    assert coin.balance_of(alice) == FUNDING["alice"] + coins(1)


@controlled
def test_unfreeze_by_authority(deployment, regime):
    """Unfreezing emits one Unfrozen(account, caseRef, authority), ends the freeze at the lift's time, and restores transfers."""
    d = deployment(regime)
    coin, alice = d.coin, d.cast.alice
    freeze(d, "alice")
    lifter = authority(d, Power.UNFREEZE)
    lifted_at = d.chain.now
    tx = coin.unfreeze(alice, case="HK-2", by=lifter)
    assert events(tx) == [("Unfrozen", {"account": alice.address, "caseRef": case_bytes("HK-2"), "authority": lifter.address})]
    assert coin.is_frozen(alice) is False
    assert coin.frozen_until(alice) == lifted_at
    coin.transfer(d.cast.bob, coins(1), by=alice)
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(1)


@controlled
def test_unfreeze_unfrozen_account_refused(deployment, regime):
    """Unfreezing an account that is not frozen is refused with AccountNotFrozen."""
    d = deployment(regime)
    err = refused(d, AccountNotFrozen, d.coin.unfreeze, d.cast.alice, case="HK-2", by=authority(d, Power.UNFREEZE))
    assert err.values == {"account": d.cast.alice.address}


@controlled
def test_unfreeze_lapsed_freeze_refused(deployment, regime):
    """Once a freeze has lapsed the account is not frozen, so unfreezing it is refused with AccountNotFrozen."""
    d = deployment(regime)
    until = freeze(d, "alice", until=d.chain.now + DAY)
    d.chain.advance_time(until - d.chain.now)
    refused(d, AccountNotFrozen, d.coin.unfreeze, d.cast.alice, case="HK-2", by=authority(d, Power.UNFREEZE))


@pytest.mark.parametrize("regime", [Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_freeze_never_shortens_one_in_force(deployment, regime):
    """A freeze that would end no later than the one in force is refused with AlreadyFrozen; a later one extends it."""
    d = deployment(regime)
    coin, chain, alice = d.coin, d.chain, d.cast.alice
    freezer = authority(d, Power.FREEZE)
    first = freeze(d, "alice", until=chain.now + 5 * DAY)
    for shorter in (first - 1, first):
        err = refused(d, AlreadyFrozen, coin.freeze, alice, case="HK-2", until=shorter, by=freezer)
        assert err.values == {"account": alice.address, "until": first}
    freeze(d, "alice", case="HK-3", until=first + DAY)
    freeze(d, "alice", case="HK-4")
    assert coin.frozen_until(alice) == FOREVER
    err = refused(d, AlreadyFrozen, coin.freeze, alice, case="HK-5", by=freezer)
    assert err.values == {"account": alice.address, "until": FOREVER}
    err = refused(d, AlreadyFrozen, coin.freeze, alice, case="HK-5", until=chain.now + 100 * DAY, by=freezer)
    assert err.values == {"account": alice.address, "until": FOREVER}


@controlled
def test_lapsed_freeze_can_be_imposed_again(deployment, regime):
    """A provisional period after a freeze lapsed, a new freeze is accepted, whatever its expiry."""
    d = deployment(regime)
    until = freeze(d, "alice", until=d.chain.now + DAY)
    d.chain.advance_time(until + PROVISIONAL - d.chain.now)
    second = freeze(d, "alice", case="HK-2", until=d.chain.now + 60)
    assert second == d.coin.frozen_until(d.cast.alice)
    assert d.coin.is_frozen(d.cast.alice) is True


@controlled
def test_freeze_expiry_in_past_refused(deployment, regime):
    """A freeze whose expiry is not in the future is refused with InvalidFreezeExpiry(until, now)."""
    d = deployment(regime)
    now = d.chain.now
    err = refused(d, InvalidFreezeExpiry, d.coin.freeze, d.cast.alice, case="HK-1", until=now, by=authority(d, Power.FREEZE))
    assert err.values == {"until": now, "now": now}
    assert d.coin.is_frozen(d.cast.alice) is False


@pytest.mark.parametrize("regime", [Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_freeze_expiry_beyond_40_bits_refused(deployment, regime):
    """A freeze expiry past 2**40-1 is refused with InvalidFreezeExpiry rather than truncated."""
    d = deployment(regime)
    now = d.chain.now
    err = refused(
        d, InvalidFreezeExpiry, d.coin.freeze, d.cast.alice, case="HK-1", until=FOREVER + 1, by=authority(d, Power.FREEZE)
    )
    assert err.values == {"until": FOREVER + 1, "now": now}


# --- due process ---------------------------------------------------------------------------------


def test_due_process_freeze_is_provisional_and_lapses(deployment):
    """Under due process a regulator's freeze lasts exactly the provisional period (3 days) and then lapses by itself."""
    d = deployment(Regime.DUE_PROCESS)
    coin, chain, alice = d.coin, d.chain, d.cast.alice
    assert coin.periods()[0] == PROVISIONAL
    start = chain.now
    coin.freeze(alice, case="DP-1", by=d.cast.regulator)
    assert coin.frozen_until(alice) == start + PROVISIONAL
    chain.advance_time(start + PROVISIONAL - 1 - chain.now)
    assert coin.is_frozen(alice) is True
    chain.advance_time(1)
    assert coin.is_frozen(alice) is False
    coin.transfer(d.cast.bob, coins(1), by=alice)
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(1)


def test_due_process_regulator_cannot_prolong_provisional_freeze(deployment):
    """Under due process a regulator cannot keep an account frozen past the provisional period: a renewal is
    refused with AlreadyFrozen, and a new freeze under a new case at the very second the first one lapses with
    FreezeCoolingOff, until a provisional period has passed since the lapse."""
    d = deployment(Regime.DUE_PROCESS)
    coin, chain, alice, regulator = d.coin, d.chain, d.cast.alice, d.cast.regulator
    until = chain.now + PROVISIONAL
    coin.freeze(alice, case="DP-1", by=regulator)
    chain.advance_time(2 * DAY)
    err = refused(d, AlreadyFrozen, coin.freeze, alice, case="DP-2", by=regulator)
    assert err.values == {"account": alice.address, "until": until}
    chain.advance_time(until - chain.now)
    assert coin.is_frozen(alice) is False
    with chain.snapshot():  # the refused transaction's block would move the clock past `until`
        err = refused(d, FreezeCoolingOff, coin.freeze, alice, case="DP-3", by=regulator)
    assert err.values == {"account": alice.address, "until": until + PROVISIONAL}
    chain.advance_time(PROVISIONAL - 1)
    with chain.snapshot():
        refused(d, FreezeCoolingOff, coin.freeze, alice, case="DP-4", by=regulator)
    chain.advance_time(1)
    assert chain.now == until + PROVISIONAL
    coin.freeze(alice, case="DP-5", by=regulator)
    assert coin.frozen_until(alice) == until + 2 * PROVISIONAL


def test_due_process_cooling_off_runs_from_a_lift(deployment):
    """Under due process a freeze the court lifts cannot be replaced at once by a new provisional one
    (FreezeCoolingOff), so lifting never hands the regulator a fresh provisional period."""
    d = deployment(Regime.DUE_PROCESS)
    coin, chain, alice, regulator = d.coin, d.chain, d.cast.alice, d.cast.regulator
    coin.freeze(alice, case="DP-1", by=regulator)
    chain.advance_time(DAY)
    lifted_at = chain.now
    coin.unfreeze(alice, case="COURT-1", by=d.cast.court)
    err = refused(d, FreezeCoolingOff, coin.freeze, alice, case="DP-2", by=regulator)
    assert err.values == {"account": alice.address, "until": lifted_at + PROVISIONAL}
    coin.transfer(d.cast.bob, coins(1), by=alice)


def test_due_process_cooling_off_follows_a_confirmed_freeze(deployment):
    """Once a court-confirmed freeze runs out, the regulator waits a provisional period before freezing again."""
    d = deployment(Regime.DUE_PROCESS)
    coin, chain, alice, regulator = d.coin, d.chain, d.cast.alice, d.cast.regulator
    coin.freeze(alice, case="DP-1", by=regulator)
    confirmed_until = chain.now + 10 * DAY
    coin.confirm_freeze(alice, case="COURT-1", until=confirmed_until, by=d.cast.court)
    chain.advance_time(confirmed_until - chain.now)
    err = refused(d, FreezeCoolingOff, coin.freeze, alice, case="DP-2", by=regulator)
    assert err.values == {"account": alice.address, "until": confirmed_until + PROVISIONAL}


@pytest.mark.parametrize("regime", [Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_no_cooling_off_outside_due_process(deployment, regime):
    """Outside due process there is no provisional period: a lapsed or lifted freeze may be imposed again at once."""
    d = deployment(regime)
    coin, chain, alice = d.coin, d.chain, d.cast.alice
    until = freeze(d, "alice", until=chain.now + DAY)
    chain.advance_time(until - chain.now)
    freeze(d, "alice", case="HK-2")
    coin.unfreeze(alice, case="HK-3", by=authority(d, Power.UNFREEZE))
    freeze(d, "alice", case="HK-4")


def test_due_process_requested_expiry_capped_at_provisional_period(deployment):
    """Under due process a regulator asking for a longer freeze gets at most the provisional period; a shorter one is kept."""
    d = deployment(Regime.DUE_PROCESS)
    coin, chain = d.coin, d.chain
    start = chain.now
    tx = coin.freeze(d.cast.alice, case="DP-1", until=start + 30 * DAY, by=d.cast.regulator)
    assert events(tx)[0][1]["until"] == start + PROVISIONAL
    short = chain.now + DAY
    coin.freeze(d.cast.bob, case="DP-2", until=short, by=d.cast.regulator)
    assert coin.frozen_until(d.cast.bob) == short


@pytest.mark.parametrize("until_days", [None, 30], ids=["until-lifted", "30-days"])
def test_court_confirms_freeze(deployment, until_days):
    """A court's confirmation emits FreezeConfirmed with case and court, and keeps the account frozen past the provisional period."""
    d = deployment(Regime.DUE_PROCESS)
    coin, chain, alice, court = d.coin, d.chain, d.cast.alice, d.cast.court
    coin.freeze(alice, case="DP-1", by=d.cast.regulator)
    until = None if until_days is None else chain.now + until_days * DAY
    tx = coin.confirm_freeze(alice, case="COURT-7", until=until, by=court)
    effective = FOREVER if until is None else until
    assert events(tx) == [
        ("FreezeConfirmed", {"account": alice.address, "until": effective, "caseRef": case_bytes("COURT-7"), "authority": court.address})
    ]
    chain.advance_time(PROVISIONAL + DAY)
    assert coin.is_frozen(alice) is True
    assert coin.frozen_until(alice) == effective
    refused(d, AccountFrozen, coin.transfer, d.cast.bob, coins(1), by=alice)


def test_court_cannot_confirm_lapsed_freeze(deployment):
    """Once a provisional freeze has lapsed there is nothing to confirm (AccountNotFrozen)."""
    d = deployment(Regime.DUE_PROCESS)
    d.coin.freeze(d.cast.alice, case="DP-1", by=d.cast.regulator)
    d.chain.advance_time(PROVISIONAL)
    err = refused(d, AccountNotFrozen, d.coin.confirm_freeze, d.cast.alice, case="COURT-7", by=d.cast.court)
    assert err.values == {"account": d.cast.alice.address}


def test_court_cannot_confirm_unfrozen_account(deployment):
    """A court cannot freeze directly by 'confirming' an account nobody froze."""
    d = deployment(Regime.DUE_PROCESS)
    refused(d, AccountNotFrozen, d.coin.confirm_freeze, d.cast.alice, case="COURT-7", by=d.cast.court)


def test_confirmed_freeze_cannot_be_shortened_by_regulator(deployment):
    """After a court's indefinite confirmation a regulator's new freeze is refused with AlreadyFrozen."""
    d = deployment(Regime.DUE_PROCESS)
    d.coin.freeze(d.cast.alice, case="DP-1", by=d.cast.regulator)
    d.coin.confirm_freeze(d.cast.alice, case="COURT-7", by=d.cast.court)
    err = refused(d, AlreadyFrozen, d.coin.freeze, d.cast.alice, case="DP-2", by=d.cast.regulator)
    assert err.values == {"account": d.cast.alice.address, "until": FOREVER}


@pytest.mark.parametrize(
    "power,action",
    [
        (Power.CONFIRM_FREEZE, lambda d, by: d.coin.confirm_freeze(d.cast.alice, case="DP-9", by=by)),
        (Power.UNFREEZE, lambda d, by: d.coin.unfreeze(d.cast.alice, case="DP-9", by=by)),
        (Power.SEIZE, lambda d, by: d.coin.seize(d.cast.alice, coins(1), case="DP-9", by=by)),
    ],
    ids=["confirm", "unfreeze", "seize"],
)
def test_due_process_court_powers_refused_to_regulator(deployment, power, action):
    """Under due process the regulator cannot confirm, lift or seize under a freeze; only the court can (Unauthorized, role Court)."""
    d = deployment(Regime.DUE_PROCESS)
    d.coin.freeze(d.cast.alice, case="DP-1", by=d.cast.regulator)
    err = refused(d, Unauthorized, action, d, d.cast.regulator)
    assert err.values == {"caller": d.cast.regulator.address, "power": power, "role": Role.COURT}


def test_due_process_release_refused_to_regulator(deployment):
    """Under due process only the court releases escrowed funds."""
    d = deployment(Regime.DUE_PROCESS)
    d.coin.freeze(d.cast.alice, case="DP-1", by=d.cast.regulator)
    d.coin.seize(d.cast.alice, coins(10), case="DP-1", by=d.cast.court)
    err = refused(d, Unauthorized, d.coin.release, d.cast.bob, coins(10), case="DP-1", by=d.cast.regulator)
    assert err.values == {"caller": d.cast.regulator.address, "power": Power.RELEASE, "role": Role.COURT}


def test_due_process_court_cannot_freeze(deployment):
    """Under due process the court does not propose freezes; the regulator does."""
    d = deployment(Regime.DUE_PROCESS)
    err = refused(d, Unauthorized, d.coin.freeze, d.cast.alice, case="DP-1", by=d.cast.court)
    assert err.values == {"caller": d.cast.court.address, "power": Power.FREEZE, "role": Role.REGULATOR}


def _prepare_and_act_without_case(d: Deployment, power: Power) -> Callable[[], Any]:
    """Set up so that only the missing case reference stops `power`; return the case-less action."""
    coin, cast = d.coin, d.cast
    by = authority(d, power)
    if power in (Power.CONFIRM_FREEZE, Power.UNFREEZE, Power.SEIZE, Power.RELEASE):
        coin.freeze(cast.alice, case="DP-1", by=cast.regulator)
    if power is Power.RELEASE:
        coin.seize(cast.alice, coins(1), case="DP-1", by=cast.court)
    actions: dict[Power, Callable[[], Any]] = {
        Power.ATTEST: lambda: coin.attest(coins(1), report="", by=by),
        Power.LICENCE: lambda: coin.revoke_licence(case="", by=by),
        Power.FREEZE: lambda: coin.freeze(cast.bob, case="", by=by),
        Power.CONFIRM_FREEZE: lambda: coin.confirm_freeze(cast.alice, case="", by=by),
        Power.UNFREEZE: lambda: coin.unfreeze(cast.alice, case="", by=by),
        Power.SEIZE: lambda: coin.seize(cast.alice, coins(1), case="", by=by),
        Power.RELEASE: lambda: send_raw(d, "release", (b"\0" * 32, cast.bob.address, coins(1)), by=by),
        Power.PAUSE: lambda: coin.pause(case="", by=by),
    }
    return actions[power]


@pytest.mark.parametrize(
    "power",
    [Power.ATTEST, Power.LICENCE, Power.FREEZE, Power.CONFIRM_FREEZE, Power.UNFREEZE, Power.SEIZE, Power.RELEASE, Power.PAUSE],
    ids=lambda p: p.name.lower(),
)
def test_due_process_requires_case_reference(deployment, power):
    """Under due process every control action with an empty case reference is refused with MissingCaseReference(power)."""
    d = deployment(Regime.DUE_PROCESS)
    action = _prepare_and_act_without_case(d, power)
    err = refused(d, MissingCaseReference, action)
    assert err.values == {"power": power}


def test_due_process_unpause_requires_case_reference(deployment):
    """Under due process lifting a pause also needs a case reference."""
    d = deployment(Regime.DUE_PROCESS)
    d.coin.pause(case="DP-P", by=d.cast.regulator)
    err = refused(d, MissingCaseReference, d.coin.unpause, case="", by=d.cast.regulator)
    assert err.values == {"power": Power.PAUSE}


@pytest.mark.parametrize("regime", [Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_case_reference_optional_outside_due_process(deployment, regime):
    """Outside due process a control action with an empty case reference is accepted and records a zero case."""
    d = deployment(regime)
    freezer = authority(d, Power.FREEZE)
    tx = d.coin.freeze(d.cast.alice, case="", by=freezer)
    assert events(tx)[0][1]["caseRef"] == b"\0" * 32


# --- seizure and release -------------------------------------------------------------------------


@controlled
def test_seize_moves_funds_into_escrow(deployment, regime):
    """Seizure moves exactly the amount from the frozen account into the case's escrow; the supply is conserved."""
    d = deployment(regime)
    coin, alice = d.coin, d.cast.alice
    freeze(d, "alice")
    seizer = authority(d, Power.SEIZE)
    tx = coin.seize(alice, coins(300), case="CASE-1", by=seizer)
    assert events(tx) == [
        transfer_event(alice.address, coin.address, coins(300)),
        ("Seized", {"account": alice.address, "amount": coins(300), "caseRef": case_bytes("CASE-1"), "authority": seizer.address}),
    ]
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(300)
    assert coin.escrow_of("CASE-1") == coins(300)
    assert coin.total_escrow() == coins(300)
    assert coin.total_supply() == FUNDED_SUPPLY
    assert_conserved(d)


@controlled
def test_seize_whole_balance(deployment, regime):
    """A seizure may take the whole balance of the frozen account, leaving exactly zero."""
    d = deployment(regime)
    freeze(d, "alice")
    d.coin.seize(d.cast.alice, FUNDING["alice"], case="CASE-1", by=authority(d, Power.SEIZE))
    assert d.coin.balance_of(d.cast.alice) == 0
    assert d.coin.escrow_of("CASE-1") == FUNDING["alice"]
    assert_conserved(d)


@controlled
def test_seize_requires_frozen_account(deployment, regime):
    """Seizing from an account that is not frozen is refused with AccountNotFrozen."""
    d = deployment(regime)
    err = refused(d, AccountNotFrozen, d.coin.seize, d.cast.alice, coins(1), case="CASE-1", by=authority(d, Power.SEIZE))
    assert err.values == {"account": d.cast.alice.address}


@controlled
def test_seize_above_balance_refused(deployment, regime):
    """Seizing more than the frozen account holds is refused with ERC20InsufficientBalance."""
    d = deployment(regime)
    freeze(d, "carol")
    err = refused(
        d, ERC20InsufficientBalance, d.coin.seize, d.cast.carol, FUNDING["carol"] + 1, case="CASE-1", by=authority(d, Power.SEIZE)
    )
    assert err.values == {"sender": d.cast.carol.address, "balance": FUNDING["carol"], "needed": FUNDING["carol"] + 1}


@controlled
def test_seize_zero_refused(deployment, regime):
    """Seizing zero is refused with ZeroAmount."""
    d = deployment(regime)
    freeze(d, "alice")
    refused(d, ZeroAmount, d.coin.seize, d.cast.alice, 0, case="CASE-1", by=authority(d, Power.SEIZE))


@controlled
def test_escrow_is_kept_per_case(deployment, regime):
    """Seizures under different cases are escrowed separately and sum to the total escrow."""
    d = deployment(regime)
    coin = d.coin
    seizer = authority(d, Power.SEIZE)
    freeze(d, "alice")
    freeze(d, "bob")
    coin.seize(d.cast.alice, coins(100), case="CASE-A", by=seizer)
    coin.seize(d.cast.bob, coins(40), case="CASE-B", by=seizer)
    coin.seize(d.cast.alice, coins(5), case="CASE-B", by=seizer)
    assert coin.escrow_of("CASE-A") == coins(100)
    assert coin.escrow_of("CASE-B") == coins(45)
    assert coin.escrow_of("CASE-C") == 0
    assert coin.total_escrow() == coins(145)
    assert_conserved(d)


@controlled
def test_release_pays_restitution(deployment, regime):
    """Release pays the amount from the case's escrow to the recipient, emitting Transfer and Released with case and authority."""
    d = deployment(regime)
    coin, alice, dave = d.coin, d.cast.alice, d.cast.dave
    freeze(d, "alice")
    coin.seize(alice, coins(300), case="CASE-1", by=authority(d, Power.SEIZE))
    releaser = authority(d, Power.RELEASE)
    tx = coin.release(dave, coins(120), case="CASE-1", by=releaser)
    assert events(tx) == [
        transfer_event(coin.address, dave.address, coins(120)),
        ("Released", {"recipient": dave.address, "amount": coins(120), "caseRef": case_bytes("CASE-1"), "authority": releaser.address}),
    ]
    assert coin.balance_of(dave) == coins(120)
    assert coin.escrow_of("CASE-1") == coins(180)
    assert coin.total_escrow() == coins(180)
    assert coin.total_supply() == FUNDED_SUPPLY
    assert_conserved(d)


@controlled
def test_release_more_than_case_escrow_refused(deployment, regime):
    """A release larger than its case's escrow is refused with InsufficientEscrow even when other cases hold enough."""
    d = deployment(regime)
    coin = d.coin
    seizer, releaser = authority(d, Power.SEIZE), authority(d, Power.RELEASE)
    freeze(d, "alice")
    coin.seize(d.cast.alice, coins(100), case="CASE-A", by=seizer)
    coin.seize(d.cast.alice, coins(10), case="CASE-B", by=seizer)
    err = refused(d, InsufficientEscrow, coin.release, d.cast.bob, coins(10) + 1, case="CASE-B", by=releaser)
    assert err.values == {"case_ref": case_bytes("CASE-B"), "escrowed": coins(10), "needed": coins(10) + 1}
    err = refused(d, InsufficientEscrow, coin.release, d.cast.bob, 1, case="CASE-NONE", by=releaser)
    assert err.values == {"case_ref": case_bytes("CASE-NONE"), "escrowed": 0, "needed": 1}


@controlled
def test_release_whole_case_escrow(deployment, regime):
    """The whole of a case's escrow can be released, in parts, after which it is empty."""
    d = deployment(regime)
    coin = d.coin
    releaser = authority(d, Power.RELEASE)
    freeze(d, "alice")
    coin.seize(d.cast.alice, coins(100), case="CASE-A", by=authority(d, Power.SEIZE))
    coin.release(d.cast.bob, coins(60), case="CASE-A", by=releaser)
    coin.release(d.cast.carol, coins(40), case="CASE-A", by=releaser)
    assert coin.escrow_of("CASE-A") == 0
    assert coin.total_escrow() == 0
    assert coin.balance_of(d.cast.bob) == FUNDING["bob"] + coins(60)
    assert coin.balance_of(d.cast.carol) == FUNDING["carol"] + coins(40)
    assert_conserved(d)


@controlled
def test_release_to_frozen_recipient_refused(deployment, regime):
    """Escrow cannot be released to a frozen account (AccountFrozen), so seized funds cannot return to a frozen holder."""
    d = deployment(regime)
    coin = d.coin
    until = freeze(d, "alice")
    coin.seize(d.cast.alice, coins(100), case="CASE-1", by=authority(d, Power.SEIZE))
    err = refused(d, AccountFrozen, coin.release, d.cast.alice, coins(100), case="CASE-1", by=authority(d, Power.RELEASE))
    assert err.values == {"account": d.cast.alice.address, "until": until}


@controlled
def test_release_back_to_owner_after_unfreeze(deployment, regime):
    """After the freeze is lifted, escrow can be released back to the account it was seized from."""
    d = deployment(regime)
    coin, alice = d.coin, d.cast.alice
    freeze(d, "alice")
    coin.seize(alice, coins(100), case="CASE-1", by=authority(d, Power.SEIZE))
    coin.unfreeze(alice, case="CASE-1", by=authority(d, Power.UNFREEZE))
    coin.release(alice, coins(100), case="CASE-1", by=authority(d, Power.RELEASE))
    assert coin.balance_of(alice) == FUNDING["alice"]
    assert coin.total_escrow() == 0


@controlled
@pytest.mark.parametrize("target", ["zero", "coin"])
def test_release_to_invalid_receiver_refused(deployment, regime, target):
    """Escrow cannot be released to the zero address or back into the escrow itself."""
    d = deployment(regime)
    coin = d.coin
    freeze(d, "alice")
    coin.seize(d.cast.alice, coins(100), case="CASE-1", by=authority(d, Power.SEIZE))
    receiver = ZERO_ADDRESS if target == "zero" else coin.address
    err = refused(
        d, ERC20InvalidReceiver, send_raw, d, "release", (case_bytes("CASE-1"), receiver, coins(1)), by=authority(d, Power.RELEASE)
    )
    assert err.values == {"receiver": receiver}


@controlled
def test_release_zero_refused(deployment, regime):
    """Releasing zero is refused with ZeroAmount."""
    d = deployment(regime)
    freeze(d, "alice")
    d.coin.seize(d.cast.alice, coins(100), case="CASE-1", by=authority(d, Power.SEIZE))
    refused(d, ZeroAmount, d.coin.release, d.cast.bob, 0, case="CASE-1", by=authority(d, Power.RELEASE))


@controlled
def test_escrow_account_cannot_be_seized_into_another_case(deployment, regime):
    """Per-case escrow always sums to the total escrow: freezing and seizing the escrow account itself cannot re-label escrowed coins."""
    d = deployment(regime)
    coin = d.coin
    freeze(d, "alice")
    coin.seize(d.cast.alice, coins(100), case="CASE-A", by=authority(d, Power.SEIZE))
    for function, args, power, error in (
        ("freeze", (coin.address, 0, case_bytes("CASE-B")), Power.FREEZE, AlreadyFrozen),
        ("seize", (coin.address, coins(100), case_bytes("CASE-B")), Power.SEIZE, EscrowAccount),
    ):
        with pytest.raises(error):
            send_raw(d, function, args, by=authority(d, power))
    assert coin.escrow_of("CASE-A") + coin.escrow_of("CASE-B") == coin.total_escrow() == coins(100)
    coin.release(d.cast.bob, coins(100), case="CASE-A", by=authority(d, Power.RELEASE))
    assert coin.total_escrow() == 0
    assert coin.escrow_of("CASE-B") == 0


# --- pause ---------------------------------------------------------------------------------------


@controlled
def test_pause_and_unpause_emit_case_and_authority(deployment, regime):
    """Pause and unpause each emit exactly one event with the case reference and the authority, and flip paused()."""
    d = deployment(regime)
    coin = d.coin
    pauser = authority(d, Power.PAUSE)
    tx = coin.pause(case="P-1", by=pauser)
    assert events(tx) == [("Paused", {"caseRef": case_bytes("P-1"), "authority": pauser.address})]
    assert coin.paused() is True
    tx = coin.unpause(case="P-2", by=pauser)
    assert events(tx) == [("Unpaused", {"caseRef": case_bytes("P-2"), "authority": pauser.address})]
    assert coin.paused() is False
    coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
    assert coin.balance_of(d.cast.bob) == FUNDING["bob"] + coins(1)


@controlled
@pytest.mark.parametrize(
    "action",
    ["transfer", "transfer_zero", "approve", "transfer_from", "mint", "redeem"],
)
def test_pause_stops_holder_actions(deployment, regime, action):
    """While paused, transfers (even of zero), approvals, transferFrom, minting and redemption are refused with EnforcedPause."""
    d = deployment(regime)
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    coin.approve(bob, coins(50), by=alice)
    coin.pause(case="P-1", by=authority(d, Power.PAUSE))
    calls = {
        "transfer": lambda: coin.transfer(bob, coins(1), by=alice),
        "transfer_zero": lambda: coin.transfer(bob, 0, by=alice),
        "approve": lambda: coin.approve(carol, coins(1), by=alice),
        "transfer_from": lambda: coin.transfer_from(alice, carol, coins(1), by=bob),
        "mint": lambda: coin.mint(d.cast.dave, coins(1), by=d.cast.issuer),
        "redeem": lambda: coin.redeem(coins(1), by=alice),
    }
    refused(d, EnforcedPause, calls[action])


@controlled
def test_control_actions_work_while_paused(deployment, regime):
    """While paused, freeze, seize, release, unfreeze, attestation, minter configuration and redemption payment still work."""
    d = deployment(regime)
    coin, alice, dave = d.coin, d.cast.alice, d.cast.dave
    rid = coin.redeem(coins(10), by=alice).request_id
    coin.pause(case="P-1", by=authority(d, Power.PAUSE))
    freeze(d, "alice")
    coin.seize(alice, coins(100), case="CASE-1", by=authority(d, Power.SEIZE))
    coin.release(dave, coins(60), case="CASE-1", by=authority(d, Power.RELEASE))
    coin.unfreeze(alice, case="CASE-1", by=authority(d, Power.UNFREEZE))
    coin.attest(coins(2_000_000), report="AUDIT-P", by=d.cast.attestor)
    coin.set_minter_allowance(coins(7), by=authority(d, Power.CONFIGURE_MINTER))
    coin.mark_redemption_paid(rid, fiat_ref="FPS-P", by=d.cast.issuer)
    assert coin.paused() is True
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(110)
    assert coin.balance_of(dave) == coins(60)
    assert coin.escrow_of("CASE-1") == coins(40)
    assert coin.minter_allowance() == coins(7)
    assert coin.outstanding_redemptions() == 0
    assert_conserved(d)


@pytest.mark.parametrize("regime", [Regime.REGULATOR_CONTROLLED, Regime.DUE_PROCESS, Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_licence_actions_work_while_paused(deployment, regime):
    """While paused, the licensing authority can still revoke and reinstate the issuer's licence."""
    d = deployment(regime)
    licensor = authority(d, Power.LICENCE)
    d.coin.pause(case="P-1", by=authority(d, Power.PAUSE))
    d.coin.revoke_licence(case="LIC-1", by=licensor)
    assert d.coin.licensed() is False
    d.coin.reinstate_licence(case="LIC-2", by=licensor)
    assert d.coin.licensed() is True


@controlled
def test_pause_twice_and_unpause_unpaused_refused(deployment, regime):
    """Pausing a paused coin is refused with EnforcedPause and unpausing a running one with ExpectedPause."""
    d = deployment(regime)
    pauser = authority(d, Power.PAUSE)
    refused(d, ExpectedPause, d.coin.unpause, case="P-0", by=pauser)
    d.coin.pause(case="P-1", by=pauser)
    refused(d, EnforcedPause, d.coin.pause, case="P-2", by=pauser)


# --- every control action: one event, case reference, authority ----------------------------------


def _control_actions(d: Deployment) -> dict[str, tuple[Power, str, Callable[[Any], Any]]]:
    """name -> (power, event name, action(by)) for each control action, with its preconditions set up lazily."""
    coin, cast = d.coin, d.cast
    return {
        "freeze": (Power.FREEZE, "Frozen", lambda by: coin.freeze(cast.carol, case="EV-1", by=by)),
        "confirm_freeze": (Power.CONFIRM_FREEZE, "FreezeConfirmed", lambda by: coin.confirm_freeze(cast.alice, case="EV-1", by=by)),
        "unfreeze": (Power.UNFREEZE, "Unfrozen", lambda by: coin.unfreeze(cast.alice, case="EV-1", by=by)),
        "seize": (Power.SEIZE, "Seized", lambda by: coin.seize(cast.alice, coins(5), case="EV-1", by=by)),
        "release": (Power.RELEASE, "Released", lambda by: coin.release(cast.bob, coins(5), case="EV-0", by=by)),
        "pause": (Power.PAUSE, "Paused", lambda by: coin.pause(case="EV-1", by=by)),
        "unpause": (Power.PAUSE, "Unpaused", lambda by: coin.unpause(case="EV-1", by=by)),
        "revoke_licence": (Power.LICENCE, "LicenceRevoked", lambda by: coin.revoke_licence(case="EV-1", by=by)),
        "reinstate_licence": (Power.LICENCE, "LicenceReinstated", lambda by: coin.reinstate_licence(case="EV-1", by=by)),
        "set_tier": (Power.SET_TIER, "TierSet", lambda by: coin.set_tier(cast.alice, WalletTier.VERIFIED, case="EV-1", by=by)),
    }


CONTROL_ACTIONS = ("freeze", "confirm_freeze", "unfreeze", "seize", "release", "pause", "unpause", "revoke_licence", "reinstate_licence", "set_tier")
CONTROL_CASES = [
    (regime, action)
    for regime in CONTROLLED_REGIMES
    for action in CONTROL_ACTIONS
    if not (action == "confirm_freeze" and regime is not Regime.DUE_PROCESS)
    and not (action in ("revoke_licence", "reinstate_licence") and regime is Regime.ISSUER_CONTROLLED)
    and not (action == "set_tier" and regime is not Regime.SOVEREIGN)
]


@pytest.mark.parametrize("regime,action", CONTROL_CASES, ids=[f"{r.slug}-{a}" for r, a in CONTROL_CASES])
def test_control_action_emits_one_event_with_case_and_authority(deployment, regime, action):
    """Each control action emits exactly one control event (beside any ERC-20 Transfer) carrying its case reference and the acting authority."""
    d = deployment(regime)
    coin, cast = d.coin, d.cast
    # Preconditions, so that the action under test is valid.
    if action in ("confirm_freeze", "unfreeze", "seize", "release"):
        coin.freeze(cast.alice, case="EV-0", by=authority(d, Power.FREEZE))
    if action == "release":
        coin.seize(cast.alice, coins(5), case="EV-0", by=authority(d, Power.SEIZE))
    if action == "unpause":
        coin.pause(case="EV-0", by=authority(d, Power.PAUSE))
    if action == "reinstate_licence":
        coin.revoke_licence(case="EV-0", by=authority(d, Power.LICENCE))
    power, event_name, act = _control_actions(d)[action]
    actor = authority(d, power)
    tx = act(actor)
    control = [(name, args) for name, args in events(tx) if name != "Transfer"]
    assert [name for name, _ in control] == [event_name]
    args = control[0][1]
    expected_case = "EV-0" if action == "release" else "EV-1"
    assert args["caseRef"] == case_bytes(expected_case)
    assert args["authority"] == actor.address
    assert d.timeline.entries[-1].outcome == "ok"
    assert d.timeline.entries[-1].actor == actor.name


# --- permissionless ------------------------------------------------------------------------------


PERMISSIONLESS_CONTROLS: list[tuple[str, Power, Callable[[Deployment, Any], Any]]] = [
    ("freeze", Power.FREEZE, lambda d, by: d.coin.freeze(d.cast.alice, case="X", by=by)),
    ("confirm_freeze", Power.CONFIRM_FREEZE, lambda d, by: d.coin.confirm_freeze(d.cast.alice, case="X", by=by)),
    ("unfreeze", Power.UNFREEZE, lambda d, by: d.coin.unfreeze(d.cast.alice, case="X", by=by)),
    ("seize", Power.SEIZE, lambda d, by: d.coin.seize(d.cast.alice, coins(1), case="X", by=by)),
    ("release", Power.RELEASE, lambda d, by: d.coin.release(d.cast.bob, coins(1), case="X", by=by)),
    ("pause", Power.PAUSE, lambda d, by: d.coin.pause(case="X", by=by)),
    ("unpause", Power.PAUSE, lambda d, by: d.coin.unpause(case="X", by=by)),
    ("revoke_licence", Power.LICENCE, lambda d, by: d.coin.revoke_licence(case="X", by=by)),
    ("reinstate_licence", Power.LICENCE, lambda d, by: d.coin.reinstate_licence(case="X", by=by)),
    ("set_tier", Power.SET_TIER, lambda d, by: d.coin.set_tier(d.cast.alice, WalletTier.VERIFIED, case="X", by=by)),
]


@pytest.mark.parametrize("name,power,action", PERMISSIONLESS_CONTROLS, ids=[c[0] for c in PERMISSIONLESS_CONTROLS])
def test_permissionless_has_no_control_powers(deployment, name, power, action):
    """In the permissionless coin every control action raises PowerNotInRegime for every actor and changes nothing."""
    d = deployment(Regime.PERMISSIONLESS)
    before = ledger_state(d)
    for actor in d.cast:
        err = refused(d, PowerNotInRegime, action, d, actor, state=balances)
        assert err.values == {"power": power, "regime": Regime.PERMISSIONLESS}
    assert ledger_state(d) == before


def test_permissionless_holders_move_freely(deployment):
    """In the permissionless coin holders transfer, approve and redeem with no authority able to intervene."""
    d = deployment(Regime.PERMISSIONLESS)
    coin = d.coin
    coin.transfer(d.cast.dave, coins(10), by=d.cast.alice)
    coin.approve(d.cast.carol, coins(5), by=d.cast.dave)
    coin.transfer_from(d.cast.dave, d.cast.bob, coins(5), by=d.cast.carol)
    coin.redeem(coins(5), by=d.cast.dave)
    assert coin.balance_of(d.cast.dave) == 0
    assert coin.total_supply() == FUNDED_SUPPLY - coins(5)
    assert coin.authority_for(Power.FREEZE) == ZERO_ADDRESS
    assert coin.role_for(Power.FREEZE) is Role.NOBODY


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_holders_cannot_exercise_control(deployment, regime):
    """No plain holder can freeze another: they get Unauthorized where the power exists and PowerNotInRegime where it does not."""
    d = deployment(regime)
    role = d.coin.role_for(Power.FREEZE)
    for holder in d.cast.holders:
        expected = PowerNotInRegime if role is Role.NOBODY else Unauthorized
        refused(d, expected, d.coin.freeze, d.cast.bob, case="X", by=holder, state=balances)
    assert d.coin.is_frozen(d.cast.bob) is False
