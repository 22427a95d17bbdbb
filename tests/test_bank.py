"""Tests for coinage.ledger.FiatBank: the issuer's reserve account, reconciled against the chain."""

from __future__ import annotations

import pytest

from coinage import DAY, Deployment, FiatBank, coins, deploy_coin
from coinage.errors import AttestationStale, InvalidAmount, IssuerNotLicensed, ReservesExceeded, UnknownActor
from coinage.ledger import BankEntry


@pytest.fixture
def d() -> Deployment:
    """A regulator-controlled coin whose issuer may mint a million coins; nothing attested or deposited yet."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob", "carol"])
    d.coin.set_minter_allowance(coins(1_000_000), by=d.cast.regulator)
    return d


def _funded(d: Deployment) -> FiatBank:
    """alice deposits 200 and bob 300, attested as 500 and issued: the bank holds 500, supply 500."""
    bank = d.bank
    bank.receive(d.cast.alice, coins(200))
    bank.receive(d.cast.bob, coins(300))
    bank.attest(by=d.cast.attestor, report="AUDIT-1")
    assert bank.issue() == coins(500)
    return bank


def test_receive_attest_issue_mints_the_deposits(d: Deployment) -> None:
    """receive() books fiat and owes coins; attest() posts the balance; issue() mints what is owed, in order."""
    bank, coin, cast = d.bank, d.coin, d.cast
    bank.receive(cast.alice, coins(200), reference="WIRE-1")
    bank.receive(cast.bob, coins(300))
    assert (bank.balance, bank.pending_issuance, coin.total_supply()) == (coins(500), coins(500), 0)
    bank.attest(by=cast.attestor, report="AUDIT-1")
    assert coin.attestation()[0] == coins(500)
    assert coin.attestation()[2] == "AUDIT-1"
    assert bank.issue() == coins(500)
    assert (coin.balance_of(cast.alice), coin.balance_of(cast.bob)) == (coins(200), coins(300))
    assert (bank.pending, bank.pending_issuance) == ([], 0)
    assert bank.entries == [
        BankEntry("deposit", "alice", coins(200), "WIRE-1", coins(200)),
        BankEntry("deposit", "bob", coins(300), "DEP-0002", coins(500)),
    ]
    assert [e.action for e in d.timeline.entries[-3:]] == ["attest", "mint", "mint"]


def test_deposit_receives_and_issues_at_once(d: Deployment) -> None:
    """deposit() is receive() then issue(): with reserves already attested the coins arrive immediately."""
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)
    d.bank.deposit(d.cast.carol, coins(40), reference="DEP-X")
    assert (d.coin.balance_of(d.cast.carol), d.bank.balance, d.bank.pending) == (coins(40), coins(40), [])
    assert d.bank.entries == [BankEntry("deposit", "carol", coins(40), "DEP-X", coins(40))]


def test_refused_issue_keeps_the_deposit_pending(d: Deployment) -> None:
    """When the attestation is too low, issue() raises ReservesExceeded, mints nothing, and keeps deposit and balance."""
    bank, coin, cast = d.bank, d.coin, d.cast
    coin.attest(coins(50), report="AUDIT-LOW", by=cast.attestor)
    with pytest.raises(ReservesExceeded) as info:
        bank.deposit(cast.alice, coins(80))
    assert (info.value.reserves, info.value.supply_after) == (coins(50), coins(80))  # type: ignore[attr-defined]
    assert bank.pending == [(cast.alice, coins(80))]
    assert (bank.balance, bank.pending_issuance, coin.total_supply()) == (coins(80), coins(80), 0)
    assert len(bank.entries) == 1
    bank.attest(by=cast.attestor, report="AUDIT-2")
    assert bank.issue() == coins(80)
    assert (coin.balance_of(cast.alice), bank.pending) == (coins(80), [])


def test_refused_issue_midway_keeps_the_rest_pending(d: Deployment) -> None:
    """If the second of three mints is refused, the first stays minted and the second and third stay pending, in order."""
    bank, coin, cast = d.bank, d.coin, d.cast
    bank.receive(cast.alice, coins(10))
    bank.attest(by=cast.attestor, report="AUDIT-1")
    bank.receive(cast.bob, coins(20))
    bank.receive(cast.carol, coins(30))
    with pytest.raises(ReservesExceeded):
        bank.issue()
    assert coin.total_supply() == coins(10)
    assert bank.pending == [(cast.bob, coins(20)), (cast.carol, coins(30))]
    assert bank.balance == coins(60)


def test_stale_attestation_refuses_issue(d: Deployment) -> None:
    """A week and a day after the attestation, issue() raises AttestationStale and the deposit stays pending."""
    d.bank.receive(d.cast.alice, coins(5))
    d.bank.attest(by=d.cast.attestor, report="AUDIT-1")
    d.chain.advance_time(8 * DAY)
    with pytest.raises(AttestationStale):
        d.bank.issue()
    assert d.bank.pending_issuance == coins(5)


def test_receive_refuses_bad_input_before_booking(d: Deployment) -> None:
    """An unknown holder, a zero or negative amount raise before the bank books anything."""
    with pytest.raises(UnknownActor):
        d.bank.receive("mallory", coins(1))
    with pytest.raises(InvalidAmount):
        d.bank.receive(d.cast.alice, 0)
    with pytest.raises(InvalidAmount):
        d.bank.receive(d.cast.alice, -1)
    assert (d.bank.balance, d.bank.entries, d.bank.pending) == (0, [], [])


def test_pay_redemptions_pays_in_order_and_stops_at_the_first_unaffordable(d: Deployment) -> None:
    """pay_redemptions() pays requests in id order while the balance covers them and stops at the first it cannot pay."""
    bank, coin, cast = _funded(d), d.coin, d.cast
    bank.record_loss(coins(150), reason="bank failure")  # balance 350
    assert coin.redeem(coins(100), by=cast.alice).request_id == 0
    assert coin.redeem(coins(300), by=cast.bob).request_id == 1
    assert coin.redeem(coins(50), by=cast.alice).request_id == 2
    assert bank.pay_redemptions() == [0]
    assert bank.balance == coins(250)
    assert [coin.redemption(i)[2] for i in range(3)] == [True, False, False]
    assert coin.outstanding_redemptions() == coins(350)
    assert bank.entries[-1] == BankEntry("payout", "alice", coins(100), "PAY-0000", coins(250))
    bank.receive(cast.carol, coins(100))  # balance 350 again
    assert bank.pay_redemptions() == [1, 2]
    assert (bank.balance, coin.outstanding_redemptions()) == (0, 0)
    assert bank.pay_redemptions() == []


def test_record_loss_books_a_loss_and_refuses_more_than_the_balance(d: Deployment) -> None:
    """record_loss() lowers the balance by the loss; losing more than the account holds raises InvalidAmount."""
    bank = _funded(d)
    bank.record_loss(coins(120), reason="bad investment")
    assert bank.entries[-1] == BankEntry("loss", "-", coins(120), "bad investment", coins(380))
    with pytest.raises(InvalidAmount):
        bank.record_loss(coins(381), reason="too much")
    assert bank.balance == coins(380)


def test_reconcile_is_balanced_when_everything_agrees(d: Deployment) -> None:
    """After attested, issued deposits the bank equals reserves and supply, so reconcile() has no gaps."""
    bank = _funded(d)
    r = bank.reconcile()
    assert (r.bank_balance, r.attested_reserves, r.supply, r.escrow) == (coins(500),) * 3 + (0,)
    assert (r.unpaid_redemptions, r.pending_issuance, r.liabilities) == (0, 0, coins(500))
    assert (r.gaps, r.balanced) == ((), True)


def test_reconcile_counts_unpaid_redemptions_as_owed(d: Deployment) -> None:
    """A redemption moves coins from supply to unpaid redemptions; the books still balance until it is paid."""
    bank = _funded(d)
    d.coin.redeem(coins(100), by=d.cast.alice)
    r = bank.reconcile()
    assert (r.supply, r.unpaid_redemptions, r.liabilities, r.balanced) == (coins(400), coins(100), coins(500), True)


def test_reconcile_names_the_shortfall_and_the_stale_attestation(d: Deployment) -> None:
    """After an off-chain loss, reconcile() names a shortfall against what is owed and an out-of-date attestation."""
    bank = _funded(d)
    bank.record_loss(coins(150), reason="bank failure")
    r = bank.reconcile()
    assert r.gaps == (
        "shortfall: the bank holds 350.00 against 500.00 owed "
        "(supply 500.00 + unpaid redemptions 0.00 + deposits awaiting coins 0.00)",
        "attestation out of date: attested 500.00, bank holds 350.00",
    )
    assert r.balanced is False


def test_reconcile_names_only_the_stale_attestation_after_a_payout(d: Deployment) -> None:
    """Paying a redemption leaves the bank covering what it owes but below the attested figure: one gap."""
    bank = _funded(d)
    d.coin.redeem(coins(100), by=d.cast.alice)
    bank.pay_redemptions()
    assert bank.reconcile().gaps == ("attestation out of date: attested 500.00, bank holds 400.00",)
    bank.attest(by=d.cast.attestor, report="AUDIT-2")
    assert bank.reconcile().balanced is True


def test_reconcile_counts_deposits_awaiting_coins(d: Deployment) -> None:
    """Fiat received but not yet issued is owed as coins, and the unattested receipt is named as a stale attestation."""
    bank = _funded(d)
    bank.receive(d.cast.carol, coins(25))
    r = bank.reconcile()
    assert (r.pending_issuance, r.liabilities) == (coins(25), coins(525))
    assert r.gaps == ("attestation out of date: attested 500.00, bank holds 525.00",)


def test_refund_pending_returns_unminted_deposits(d: Deployment) -> None:
    """After a licence is revoked, refund_pending() pays back deposits awaiting coins and the bank reconciles."""
    bank, coin, cast = _funded(d), d.coin, d.cast
    bank.receive(cast.carol, coins(70))
    coin.revoke_licence(case="STAND-DOWN", by=cast.regulator)
    with pytest.raises(IssuerNotLicensed):
        bank.issue()
    assert bank.refund_pending() == coins(70)
    assert (bank.balance, bank.pending, bank.entries[-1].kind) == (coins(500), [], "refund")
    assert bank.entries[-1].counterparty == "carol"
    assert bank.reconcile().balanced
