"""ERC-20 (EIP-20) behaviour of the coin, with ERC-6093 errors, under every regime."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coinage import (
    FOREVER,
    AccountFrozen,
    ERC20InsufficientAllowance,
    ERC20InsufficientBalance,
    ERC20InvalidApprover,
    ERC20InvalidReceiver,
    ERC20InvalidSpender,
    InvalidAmount,
    Regime,
    coins,
)

from conftest import (
    ALL_REGIMES,
    FUNDED_SUPPLY,
    FUNDING,
    MAX_UINT256,
    ZERO_ADDRESS,
    assert_conserved,
    events,
    ledger_state,
    refused,
    send_raw,
    transfer_event,
)


# --- metadata and starting state -----------------------------------------------------------------


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_metadata(deployment, regime):
    """The coin reports its name, symbol and 6 decimals under every regime."""
    d = deployment(regime)
    expected = ("Digital Hong Kong Dollar", "e-HKD") if regime is Regime.SOVEREIGN else ("Coinage Hong Kong Dollar", "cHKD")
    assert (d.coin.name(), d.coin.symbol()) == expected
    assert d.coin.decimals() == 6
    assert coins(1) == 10**6


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_funded_balances(deployment, regime):
    """The funded coin holds exactly the minted balances and its supply is their sum."""
    d = deployment(regime)
    for name, amount in FUNDING.items():
        assert d.coin.balance_of(d.cast[name]) == amount
    assert d.coin.balance_of(d.cast.dave) == 0
    assert d.coin.total_supply() == FUNDED_SUPPLY
    assert d.coin.total_escrow() == 0
    assert_conserved(d)


def test_isolation_undoes_chain_state_time_and_timeline(deployment):
    """The per-test isolation undoes balances, the clock and the timeline entries made inside it."""
    d = deployment()
    before, now, entries = ledger_state(d), d.chain.now, list(d.timeline.entries)
    with d.snapshot():
        d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
        d.chain.advance_time(3600)
        assert d.coin.balance_of(d.cast.bob) == FUNDING["bob"] + coins(1)
    assert ledger_state(d) == before
    assert d.chain.now == now
    assert d.timeline.entries == entries


# --- transfer ------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_transfer_moves_exact_amount_and_emits_transfer(deployment, regime):
    """A transfer debits the sender and credits the recipient by exactly the amount, leaving the supply, and emits one Transfer."""
    d = deployment(regime)
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    tx = coin.transfer(bob, coins("123.456789"), by=alice)
    assert events(tx) == [transfer_event(alice.address, bob.address, coins("123.456789"))]
    assert coin.balance_of(alice) == FUNDING["alice"] - coins("123.456789")
    assert coin.balance_of(bob) == FUNDING["bob"] + coins("123.456789")
    assert coin.total_supply() == FUNDED_SUPPLY
    assert d.timeline.entries[-1].outcome == "ok"


def test_transfer_of_whole_balance_leaves_zero(deployment):
    """A holder can send its entire balance, after which it holds exactly zero."""
    d = deployment()
    coin, alice, dave = d.coin, d.cast.alice, d.cast.dave
    coin.transfer(dave, FUNDING["alice"], by=alice)
    assert coin.balance_of(alice) == 0
    assert coin.balance_of(dave) == FUNDING["alice"]


def test_transfer_above_balance_refused(deployment):
    """Sending one base unit more than the balance is refused with ERC20InsufficientBalance and moves nothing."""
    d = deployment()
    err = refused(d, ERC20InsufficientBalance, d.coin.transfer, d.cast.bob, FUNDING["alice"] + 1, by=d.cast.alice)
    assert err.values == {"sender": d.cast.alice.address, "balance": FUNDING["alice"], "needed": FUNDING["alice"] + 1}


def test_transfer_from_empty_account_refused(deployment):
    """An account holding nothing cannot send even one base unit."""
    d = deployment()
    err = refused(d, ERC20InsufficientBalance, d.coin.transfer, d.cast.alice, 1, by=d.cast.dave)
    assert err.values == {"sender": d.cast.dave.address, "balance": 0, "needed": 1}


def test_transfer_of_max_uint256_refused_as_insufficient_balance(deployment):
    """A transfer of 2**256-1 (beyond any balance) is refused by the contract with ERC20InsufficientBalance."""
    d = deployment()
    err = refused(d, ERC20InsufficientBalance, send_raw, d, "transfer", (d.cast.bob.address, MAX_UINT256), by=d.cast.alice)
    assert err.values == {"sender": d.cast.alice.address, "balance": FUNDING["alice"], "needed": MAX_UINT256}


def test_facade_refuses_amount_above_128_bits_before_sending(deployment):
    """The facade refuses an amount no balance can hold without sending a transaction."""
    d = deployment()
    before, entries = ledger_state(d), len(d.timeline.entries)
    with pytest.raises(InvalidAmount):
        d.coin.transfer(d.cast.bob, 2**128, by=d.cast.alice)
    assert len(d.timeline.entries) == entries
    assert ledger_state(d) == before


def test_zero_amount_transfer_allowed(deployment):
    """A zero-amount transfer succeeds, emits Transfer with value 0 and changes no balance."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    before = ledger_state(d)
    tx = coin.transfer(bob, 0, by=alice)
    assert events(tx) == [transfer_event(alice.address, bob.address, 0)]
    assert ledger_state(d) == before


def test_zero_amount_transfer_from_empty_account_allowed(deployment):
    """An account with no coins may still send zero."""
    d = deployment()
    tx = d.coin.transfer(d.cast.alice, 0, by=d.cast.dave)
    assert events(tx) == [transfer_event(d.cast.dave.address, d.cast.alice.address, 0)]


def test_self_transfer_keeps_balance(deployment):
    """A transfer to oneself leaves the balance and supply unchanged and emits Transfer(self, self)."""
    d = deployment()
    coin, alice = d.coin, d.cast.alice
    before = ledger_state(d)
    tx = coin.transfer(alice, coins(400), by=alice)
    assert events(tx) == [transfer_event(alice.address, alice.address, coins(400))]
    assert ledger_state(d) == before


def test_self_transfer_above_balance_refused(deployment):
    """A self-transfer is still bounded by the balance."""
    d = deployment()
    err = refused(d, ERC20InsufficientBalance, d.coin.transfer, d.cast.alice, FUNDING["alice"] + 1, by=d.cast.alice)
    assert err.needed == FUNDING["alice"] + 1


def test_transfer_to_zero_address_refused(deployment):
    """Sending to the zero address is refused with ERC20InvalidReceiver(0x0): burning goes through redeem."""
    d = deployment()
    err = refused(d, ERC20InvalidReceiver, send_raw, d, "transfer", (ZERO_ADDRESS, coins(1)), by=d.cast.alice)
    assert err.values == {"receiver": ZERO_ADDRESS}


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_transfer_to_coin_address_refused(deployment, regime):
    """Sending to the coin's own address (the seizure escrow, frozen from birth) is refused with AccountFrozen."""
    d = deployment(regime)
    err = refused(d, AccountFrozen, send_raw, d, "transfer", (d.coin.address, coins(1)), by=d.cast.alice)
    assert err.values == {"account": d.coin.address, "until": FOREVER}
    assert d.coin.total_escrow() == 0


# --- approve -------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_approve_sets_allowance_and_emits_approval(deployment, regime):
    """approve sets the allowance to exactly the value and emits one Approval(owner, spender, value)."""
    d = deployment(regime)
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    tx = coin.approve(bob, coins(300), by=alice)
    assert events(tx) == [("Approval", {"owner": alice.address, "spender": bob.address, "value": coins(300)})]
    assert coin.allowance(alice, bob) == coins(300)
    assert coin.allowance(bob, alice) == 0


def test_approve_overwrites_rather_than_adds(deployment):
    """A second approve replaces the allowance (it is not added), and approve 0 clears it."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, coins(300), by=alice)
    coin.approve(bob, coins(5), by=alice)
    assert coin.allowance(alice, bob) == coins(5)
    tx = coin.approve(bob, 0, by=alice)
    assert events(tx) == [("Approval", {"owner": alice.address, "spender": bob.address, "value": 0})]
    assert coin.allowance(alice, bob) == 0


def test_approve_above_balance_allowed(deployment):
    """An allowance may exceed the owner's balance; it is a ceiling, not a reservation."""
    d = deployment()
    d.coin.approve(d.cast.bob, FUNDING["alice"] * 10, by=d.cast.alice)
    assert d.coin.allowance(d.cast.alice, d.cast.bob) == FUNDING["alice"] * 10
    assert d.coin.balance_of(d.cast.alice) == FUNDING["alice"]


def test_approve_zero_spender_refused(deployment):
    """Approving the zero address is refused with ERC20InvalidSpender(0x0)."""
    d = deployment()
    err = refused(d, ERC20InvalidSpender, send_raw, d, "approve", (ZERO_ADDRESS, coins(1)), by=d.cast.alice)
    assert err.values == {"spender": ZERO_ADDRESS}


def test_approve_max_uint256(deployment):
    """The maximum allowance 2**256-1 can be set and reads back exactly."""
    d = deployment()
    tx = d.coin.approve(d.cast.bob, MAX_UINT256, by=d.cast.alice)
    assert events(tx)[0][1]["value"] == MAX_UINT256
    assert d.coin.allowance(d.cast.alice, d.cast.bob) == MAX_UINT256


# --- transferFrom --------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_transfer_from_spends_allowance(deployment, regime):
    """transferFrom moves the amount from owner to recipient, lowers the allowance by exactly that, and emits only Transfer."""
    d = deployment(regime)
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    coin.approve(bob, coins(300), by=alice)
    tx = coin.transfer_from(alice, carol, coins(120), by=bob)
    assert events(tx) == [transfer_event(alice.address, carol.address, coins(120))]
    assert coin.allowance(alice, bob) == coins(180)
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(120)
    assert coin.balance_of(carol) == FUNDING["carol"] + coins(120)
    assert coin.balance_of(bob) == FUNDING["bob"]
    assert coin.total_supply() == FUNDED_SUPPLY


def test_transfer_from_exact_allowance_leaves_zero(deployment):
    """Spending the whole allowance leaves it at exactly zero, and one more unit is then refused."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, coins(10), by=alice)
    coin.transfer_from(alice, bob, coins(10), by=bob)
    assert coin.allowance(alice, bob) == 0
    err = refused(d, ERC20InsufficientAllowance, coin.transfer_from, alice, bob, 1, by=bob)
    assert err.values == {"spender": bob.address, "allowance": 0, "needed": 1}


def test_transfer_from_above_allowance_refused(deployment):
    """Spending more than the allowance is refused with ERC20InsufficientAllowance and moves nothing."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, coins(10), by=alice)
    err = refused(d, ERC20InsufficientAllowance, coin.transfer_from, alice, bob, coins(10) + 1, by=bob)
    assert err.values == {"spender": bob.address, "allowance": coins(10), "needed": coins(10) + 1}


def test_transfer_from_without_allowance_refused(deployment):
    """A spender with no allowance cannot move anybody's coins."""
    d = deployment()
    err = refused(d, ERC20InsufficientAllowance, d.coin.transfer_from, d.cast.alice, d.cast.carol, 1, by=d.cast.carol)
    assert err.values == {"spender": d.cast.carol.address, "allowance": 0, "needed": 1}


def test_transfer_from_above_owner_balance_refused_and_allowance_kept(deployment):
    """Within the allowance but above the owner's balance is refused with ERC20InsufficientBalance, and the allowance is not consumed."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, MAX_UINT256 - 1, by=alice)
    err = refused(d, ERC20InsufficientBalance, coin.transfer_from, alice, bob, FUNDING["alice"] + 1, by=bob)
    assert err.values == {"sender": alice.address, "balance": FUNDING["alice"], "needed": FUNDING["alice"] + 1}
    assert coin.allowance(alice, bob) == MAX_UINT256 - 1


def test_infinite_allowance_not_decremented(deployment):
    """An allowance of 2**256-1 is never decremented by transferFrom, and no Approval is emitted."""
    d = deployment()
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    coin.approve(bob, MAX_UINT256, by=alice)
    tx = coin.transfer_from(alice, carol, coins(7), by=bob)
    assert events(tx) == [transfer_event(alice.address, carol.address, coins(7))]
    coin.transfer_from(alice, carol, coins(3), by=bob)
    assert coin.allowance(alice, bob) == MAX_UINT256
    assert coin.balance_of(carol) == FUNDING["carol"] + coins(10)


def test_large_finite_allowance_is_decremented(deployment):
    """An allowance of 2**256-2 is finite and decreases like any other."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, MAX_UINT256 - 1, by=alice)
    coin.transfer_from(alice, bob, 5, by=bob)
    assert coin.allowance(alice, bob) == MAX_UINT256 - 6


def test_transfer_from_to_zero_address_refused(deployment):
    """transferFrom to the zero address is refused with ERC20InvalidReceiver and the allowance is untouched."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, coins(10), by=alice)
    err = refused(d, ERC20InvalidReceiver, send_raw, d, "transferFrom", (alice.address, ZERO_ADDRESS, coins(1)), by=bob)
    assert err.values == {"receiver": ZERO_ADDRESS}
    assert coin.allowance(alice, bob) == coins(10)


def test_transfer_from_to_coin_address_refused(deployment):
    """transferFrom into the coin's escrow address is refused with AccountFrozen: the escrow is frozen from birth."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    coin.approve(bob, coins(10), by=alice)
    err = refused(d, AccountFrozen, send_raw, d, "transferFrom", (alice.address, coin.address, coins(1)), by=bob)
    assert err.values == {"account": coin.address, "until": FOREVER}


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_transfer_from_zero_address_refused_as_openzeppelin_does(deployment, regime):
    """transferFrom(address(0), recipient, 0) is refused with ERC20InvalidApprover(0x0), the error OpenZeppelin 5.x gives."""
    d = deployment(regime)
    err = refused(d, ERC20InvalidApprover, send_raw, d, "transferFrom", (ZERO_ADDRESS, d.cast.bob.address, 0), by=d.cast.bob)
    assert err.values == {"approver": ZERO_ADDRESS}


def test_transfer_from_zero_address_with_value_needs_allowance(deployment):
    """Nobody holds an allowance from the zero address, so a non-zero transferFrom from it is refused."""
    d = deployment()
    err = refused(
        d, ERC20InsufficientAllowance, send_raw, d, "transferFrom", (ZERO_ADDRESS, d.cast.bob.address, 1), by=d.cast.bob
    )
    assert err.values == {"spender": d.cast.bob.address, "allowance": 0, "needed": 1}


def test_owner_may_not_transfer_from_self_without_allowance(deployment):
    """transferFrom needs an allowance even when the caller is the owner."""
    d = deployment()
    err = refused(d, ERC20InsufficientAllowance, d.coin.transfer_from, d.cast.alice, d.cast.bob, 1, by=d.cast.alice)
    assert err.values == {"spender": d.cast.alice.address, "allowance": 0, "needed": 1}


# --- conservation (property) ---------------------------------------------------------------------

NAMES = ("alice", "bob", "carol", "dave")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES), st.integers(min_value=0, max_value=coins(1_200))),
        min_size=1,
        max_size=8,
    )
)
def test_random_transfers_match_model_and_conserve_supply(deployment, moves):
    """Any sequence of transfers matches a simple balance model, refuses exactly the overdrafts, and conserves the supply."""
    d = deployment(Regime.REGULATOR_CONTROLLED)
    with d.snapshot():
        model = {name: FUNDING.get(name, 0) for name in NAMES}
        for sender, recipient, amount in moves:
            if amount > model[sender]:
                err = refused(
                    d, ERC20InsufficientBalance, d.coin.transfer, d.cast[recipient], amount, by=d.cast[sender],
                    state=lambda d: {n: d.coin.balance_of(d.cast[n]) for n in NAMES},
                )
                assert err.values == {"sender": d.cast[sender].address, "balance": model[sender], "needed": amount}
            else:
                d.coin.transfer(d.cast[recipient], amount, by=d.cast[sender])
                model[sender] -= amount
                model[recipient] += amount
        assert {name: d.coin.balance_of(d.cast[name]) for name in NAMES} == model
        assert d.coin.total_supply() == FUNDED_SUPPLY
        assert_conserved(d)
