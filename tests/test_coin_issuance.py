"""Issuance against attested reserves, redemption at par, and the issuer's licence."""

from __future__ import annotations

import pytest

from coinage import (
    DAY,
    AttestationStale,
    ERC20InsufficientBalance,
    ERC20InvalidReceiver,
    IssuerNotLicensed,
    LicenceUnchanged,
    MinterAllowanceExceeded,
    NoAttestation,
    Power,
    PowerNotInRegime,
    RedemptionAlreadyPaid,
    Regime,
    ReservesExceeded,
    Role,
    SupplyOverflow,
    Unauthorized,
    UnknownRedemption,
    ZeroAmount,
    coins,
    deploy_coin,
)

from conftest import (
    ALL_REGIMES,
    FUNDED_SUPPLY,
    FUNDING,
    HOLDERS,
    MAX_UINT256,
    MINTER_ALLOWANCE,
    REPORT,
    RESERVES,
    ZERO_ADDRESS,
    authority,
    case_bytes,
    events,
    ledger_state,
    refused,
    send_raw,
    transfer_event,
)

REMAINING_ALLOWANCE = MINTER_ALLOWANCE - FUNDED_SUPPLY
LICENSING_REGIMES = (Regime.REGULATOR_CONTROLLED, Regime.DUE_PROCESS, Regime.SOVEREIGN)
regimes = pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)


# --- attestation and minter allowance ------------------------------------------------------------


@regimes
def test_attest_records_reserves_time_and_report(deployment, regime):
    """The attestor's attestation is stored with its time and report reference and emits ReservesAttested naming the attestor."""
    d = deployment(regime)
    reserves, attested_at, report = d.coin.attestation()
    assert (reserves, report) == (RESERVES, REPORT)
    when = d.chain.now
    tx = d.coin.attest(coins(2_000_000), report="AUDIT-2", by=d.cast.attestor)
    assert events(tx) == [
        ("ReservesAttested", {"reserves": coins(2_000_000), "reportRef": case_bytes("AUDIT-2"), "attestor": d.cast.attestor.address})
    ]
    assert d.coin.attestation() == (coins(2_000_000), when, "AUDIT-2")
    assert attested_at < when


@regimes
def test_set_minter_allowance_by_configurer(deployment, regime):
    """The holder of ConfigureMinter sets the allowance to exactly the value and the event names issuer and authority."""
    d = deployment(regime)
    configurer = authority(d, Power.CONFIGURE_MINTER)
    tx = d.coin.set_minter_allowance(coins(42), by=configurer)
    assert events(tx) == [
        ("MinterAllowanceSet", {"issuer": d.cast.issuer.address, "allowance": coins(42), "authority": configurer.address})
    ]
    assert d.coin.minter_allowance() == coins(42)


# --- mint ----------------------------------------------------------------------------------------


@regimes
def test_issuer_mints_within_allowance(deployment, regime):
    """A mint by the issuer credits the recipient, raises the supply and lowers the minter allowance by exactly the amount."""
    d = deployment(regime)
    coin, dave = d.coin, d.cast.dave
    tx = coin.mint(dave, coins(250), by=d.cast.issuer)
    assert events(tx) == [transfer_event(ZERO_ADDRESS, dave.address, coins(250))]
    assert coin.balance_of(dave) == coins(250)
    assert coin.total_supply() == FUNDED_SUPPLY + coins(250)
    assert coin.minter_allowance() == REMAINING_ALLOWANCE - coins(250)


@regimes
def test_only_issuer_mints(deployment, regime):
    """Every actor other than the licensed issuer is refused minting with Unauthorized naming the issuer's role."""
    d = deployment(regime)
    role = Role.CENTRAL_BANK if regime is Regime.SOVEREIGN else Role.ISSUER
    for actor in d.cast:
        if actor.address == d.cast.issuer.address:
            continue
        err = refused(d, Unauthorized, d.coin.mint, d.cast.alice, coins(1), by=actor)
        assert err.values == {"caller": actor.address, "power": Power.MINT, "role": role}


@regimes
def test_mint_up_to_exact_allowance(deployment, regime):
    """Minting exactly the remaining allowance succeeds and leaves it at zero; one more unit is refused."""
    d = deployment(regime)
    coin, bank = d.coin, d.cast.central_bank  # the central bank's wallet is unlimited in the sovereign coin
    coin.mint(bank, REMAINING_ALLOWANCE, by=d.cast.issuer)
    assert coin.minter_allowance() == 0
    assert coin.balance_of(bank) == REMAINING_ALLOWANCE
    err = refused(d, MinterAllowanceExceeded, coin.mint, bank, 1, by=d.cast.issuer)
    assert err.values == {"allowance": 0, "needed": 1}


def test_mint_above_allowance_refused(deployment):
    """A mint larger than the remaining allowance is refused with MinterAllowanceExceeded and changes nothing."""
    d = deployment()
    err = refused(d, MinterAllowanceExceeded, d.coin.mint, d.cast.dave, REMAINING_ALLOWANCE + 1, by=d.cast.issuer)
    assert err.values == {"allowance": REMAINING_ALLOWANCE, "needed": REMAINING_ALLOWANCE + 1}


@regimes
def test_mint_beyond_reserves_refused(deployment, regime):
    """Supply plus the amount may reach the attested reserves but not exceed them (ReservesExceeded)."""
    d = deployment(regime)
    coin, issuer, bank = d.coin, d.cast.issuer, d.cast.central_bank
    coin.attest(FUNDED_SUPPLY + coins(10), report="AUDIT-2", by=d.cast.attestor)
    err = refused(d, ReservesExceeded, coin.mint, bank, coins(10) + 1, by=issuer)
    assert err.values == {"reserves": FUNDED_SUPPLY + coins(10), "supply_after": FUNDED_SUPPLY + coins(10) + 1}
    coin.mint(bank, coins(10), by=issuer)
    assert coin.total_supply() == FUNDED_SUPPLY + coins(10)


def test_reserves_attested_below_supply_stop_minting(deployment):
    """An attestation below the supply is accepted (a shortfall is reported) and every mint is then refused."""
    d = deployment()
    d.coin.attest(coins(100), report="SHORTFALL", by=d.cast.attestor)
    assert d.coin.attestation()[0] == coins(100)
    err = refused(d, ReservesExceeded, d.coin.mint, d.cast.dave, 1, by=d.cast.issuer)
    assert err.values == {"reserves": coins(100), "supply_after": FUNDED_SUPPLY + 1}


def test_no_attestation_refused():
    """Before any attestation the issuer cannot mint (NoAttestation), whatever its allowance."""
    d = deploy_coin(Regime.REGULATOR_CONTROLLED, holders=HOLDERS)
    d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
    assert d.coin.attestation() == (0, 0, "")
    refused(d, NoAttestation, d.coin.mint, d.cast.alice, coins(1), by=d.cast.issuer)
    assert d.coin.total_supply() == 0


@regimes
def test_attestation_goes_stale_after_max_age(deployment, regime):
    """A mint exactly max-age after the attestation succeeds, one later is refused with AttestationStale, and a fresh attestation restores minting."""
    d = deployment(regime)
    coin, chain, issuer, bank = d.coin, d.chain, d.cast.issuer, d.cast.central_bank
    _, max_age = coin.periods()
    assert max_age == 7 * DAY
    _, attested_at, _ = coin.attestation()
    chain.advance_time(attested_at + max_age - chain.now)
    coin.mint(bank, coins(1), by=issuer)  # block time == attested_at + max_age: still fresh
    now = chain.now
    assert now > attested_at + max_age
    err = refused(d, AttestationStale, coin.mint, bank, coins(1), by=issuer)
    assert err.values == {"attested_at": attested_at, "max_age": max_age, "now": now}
    coin.attest(RESERVES, report="AUDIT-2", by=d.cast.attestor)
    coin.mint(bank, coins(1), by=issuer)
    assert coin.balance_of(bank) == coins(2)


def test_mint_zero_refused(deployment):
    """Minting zero is refused with ZeroAmount."""
    d = deployment()
    refused(d, ZeroAmount, d.coin.mint, d.cast.alice, 0, by=d.cast.issuer)


@pytest.mark.parametrize("target", ["zero", "coin"])
def test_mint_to_invalid_receiver_refused(deployment, target):
    """Minting to the zero address or into the coin's escrow address is refused with ERC20InvalidReceiver."""
    d = deployment()
    receiver = ZERO_ADDRESS if target == "zero" else d.coin.address
    err = refused(d, ERC20InvalidReceiver, send_raw, d, "mint", (receiver, coins(1)), by=d.cast.issuer)
    assert err.values == {"receiver": receiver}


def test_supply_capped_at_128_bits(deployment):
    """The supply may reach 2**128-1 base units but a mint past it is refused with SupplyOverflow."""
    d = deployment()
    coin, issuer, bank = d.coin, d.cast.issuer, d.cast.central_bank
    coin.attest(MAX_UINT256, report="INFINITE", by=d.cast.attestor)
    coin.set_minter_allowance(MAX_UINT256, by=d.cast.regulator)
    err = refused(d, SupplyOverflow, coin.mint, bank, 2**128 - 1, by=issuer)
    assert err.values == {"supply_after": 2**128 - 1 + FUNDED_SUPPLY}
    coin.mint(bank, 2**128 - 1 - FUNDED_SUPPLY, by=issuer)
    assert coin.total_supply() == 2**128 - 1
    coin.transfer(d.cast.alice, 2**127, by=bank)
    assert coin.balance_of(d.cast.alice) == 2**127 + FUNDING["alice"]


# --- redemption ----------------------------------------------------------------------------------


@regimes
def test_redeem_burns_and_records_request(deployment, regime):
    """Redeeming burns the coins, records (holder, amount, unpaid) under the next id, raises outstanding and emits Transfer to 0x0 then RedemptionRequested."""
    d = deployment(regime)
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    assert coin.redemption_count() == 0
    first = coin.redeem(coins(100), by=alice)
    assert first.request_id == 0 and first.action == "redeem" and first.gas_used > 0
    assert [e.name for e in first.events] == ["Transfer", "RedemptionRequested"]
    tx_events = events(send_raw(d, "redeem", (coins(50),), by=bob))
    assert tx_events == [
        transfer_event(bob.address, ZERO_ADDRESS, coins(50)),
        ("RedemptionRequested", {"id": 1, "holder": bob.address, "amount": coins(50)}),
    ]
    assert coin.redemption_count() == 2
    assert coin.redemption(0) == (alice.address, coins(100), False)
    assert coin.redemption(1) == (bob.address, coins(50), False)
    assert coin.outstanding_redemptions() == coins(150)
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(100)
    assert coin.balance_of(bob) == FUNDING["bob"] - coins(50)
    assert coin.total_supply() == FUNDED_SUPPLY - coins(150)
    assert coin.minter_allowance() == REMAINING_ALLOWANCE


def test_redeem_zero_refused(deployment):
    """Redeeming zero is refused with ZeroAmount and records nothing."""
    d = deployment()
    refused(d, ZeroAmount, d.coin.redeem, 0, by=d.cast.alice)


def test_redeem_above_balance_refused(deployment):
    """Redeeming more than one holds is refused with ERC20InsufficientBalance and records nothing."""
    d = deployment()
    err = refused(d, ERC20InsufficientBalance, d.coin.redeem, FUNDING["carol"] + 1, by=d.cast.carol)
    assert err.values == {"sender": d.cast.carol.address, "balance": FUNDING["carol"], "needed": FUNDING["carol"] + 1}


@regimes
def test_issuer_marks_redemption_paid(deployment, regime):
    """Marking a redemption paid flags it, removes exactly its amount from outstanding, and emits RedemptionPaid with the fiat reference."""
    d = deployment(regime)
    coin, issuer, alice, bob = d.coin, d.cast.issuer, d.cast.alice, d.cast.bob
    coin.redeem(coins(100), by=alice)
    coin.redeem(coins(40), by=bob)
    tx = coin.mark_redemption_paid(1, fiat_ref="FPS-0001", by=issuer)
    assert events(tx) == [
        ("RedemptionPaid", {"id": 1, "holder": bob.address, "amount": coins(40), "fiatRef": case_bytes("FPS-0001")})
    ]
    assert coin.redemption(1) == (bob.address, coins(40), True)
    assert coin.redemption(0) == (alice.address, coins(100), False)
    assert coin.outstanding_redemptions() == coins(100)


def test_redemption_paid_twice_refused(deployment):
    """A redemption can be marked paid once; a second time is refused with RedemptionAlreadyPaid."""
    d = deployment()
    coin, issuer = d.coin, d.cast.issuer
    rid = coin.redeem(coins(10), by=d.cast.alice).request_id
    coin.mark_redemption_paid(rid, fiat_ref="FPS-1", by=issuer)
    err = refused(d, RedemptionAlreadyPaid, coin.mark_redemption_paid, rid, fiat_ref="FPS-2", by=issuer)
    assert err.values == {"id": rid}
    assert coin.outstanding_redemptions() == 0


def test_unknown_redemption_refused(deployment):
    """Marking or reading a redemption id that was never issued is refused with UnknownRedemption."""
    d = deployment()
    coin = d.coin
    coin.redeem(coins(10), by=d.cast.alice)
    err = refused(d, UnknownRedemption, coin.mark_redemption_paid, 1, fiat_ref="FPS-1", by=d.cast.issuer)
    assert err.values == {"id": 1}
    with pytest.raises(UnknownRedemption) as info:
        coin.redemption(1)
    assert info.value.values == {"id": 1}


def test_only_issuer_marks_paid(deployment):
    """Nobody but the issuer can mark a redemption paid (Unauthorized)."""
    d = deployment()
    rid = d.coin.redeem(coins(10), by=d.cast.alice).request_id
    for actor in (d.cast.alice, d.cast.regulator, d.cast.attestor):
        err = refused(d, Unauthorized, d.coin.mark_redemption_paid, rid, fiat_ref="FPS-1", by=actor)
        assert err.values == {"caller": actor.address, "power": Power.PAY_REDEMPTION, "role": Role.ISSUER}
    assert d.coin.redemption(rid)[2] is False


def test_due_process_issuance_needs_no_case_reference(deployment):
    """Under due process, minting, configuring the minter and paying redemptions need no case reference."""
    d = deployment(Regime.DUE_PROCESS)
    coin = d.coin
    coin.set_minter_allowance(coins(5), by=d.cast.regulator)
    coin.mint(d.cast.dave, coins(5), by=d.cast.issuer)
    rid = coin.redeem(coins(5), by=d.cast.dave).request_id
    tx = coin.mark_redemption_paid(rid, fiat_ref="", by=d.cast.issuer)
    assert events(tx)[0][1]["fiatRef"] == b"\0" * 32
    assert coin.outstanding_redemptions() == 0


# --- licence -------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", LICENSING_REGIMES, ids=lambda r: r.slug)
def test_revoked_licence_stops_minting_not_redemption(deployment, regime):
    """With the licence revoked the issuer cannot mint (IssuerNotLicensed), but holders still redeem, transfer, and get paid."""
    d = deployment(regime)
    coin, issuer, alice = d.coin, d.cast.issuer, d.cast.alice
    licensor = authority(d, Power.LICENCE)
    tx = coin.revoke_licence(case="LIC-1", by=licensor)
    assert events(tx) == [
        ("LicenceRevoked", {"issuer": issuer.address, "caseRef": case_bytes("LIC-1"), "authority": licensor.address})
    ]
    assert coin.licensed() is False
    err = refused(d, IssuerNotLicensed, coin.mint, alice, coins(1), by=issuer)
    assert err.values == {"issuer": issuer.address}
    rid = coin.redeem(coins(100), by=alice).request_id
    coin.mark_redemption_paid(rid, fiat_ref="FPS-9", by=issuer)
    coin.transfer(d.cast.bob, coins(1), by=alice)
    assert coin.balance_of(alice) == FUNDING["alice"] - coins(101)
    assert coin.total_supply() == FUNDED_SUPPLY - coins(100)
    assert coin.redemption(rid) == (alice.address, coins(100), True)


@pytest.mark.parametrize("regime", LICENSING_REGIMES, ids=lambda r: r.slug)
def test_reinstated_licence_restores_minting(deployment, regime):
    """Reinstating the licence emits LicenceReinstated and lets the issuer mint again."""
    d = deployment(regime)
    coin, issuer = d.coin, d.cast.issuer
    licensor = authority(d, Power.LICENCE)
    coin.revoke_licence(case="LIC-1", by=licensor)
    tx = coin.reinstate_licence(case="LIC-2", by=licensor)
    assert events(tx) == [
        ("LicenceReinstated", {"issuer": issuer.address, "caseRef": case_bytes("LIC-2"), "authority": licensor.address})
    ]
    assert coin.licensed() is True
    coin.mint(d.cast.dave, coins(3), by=issuer)
    assert coin.balance_of(d.cast.dave) == coins(3)


@pytest.mark.parametrize("regime", LICENSING_REGIMES, ids=lambda r: r.slug)
def test_licence_unchanged_refused(deployment, regime):
    """Reinstating a valid licence or revoking a revoked one is refused with LicenceUnchanged(current state)."""
    d = deployment(regime)
    coin = d.coin
    licensor = authority(d, Power.LICENCE)
    err = refused(d, LicenceUnchanged, coin.reinstate_licence, case="LIC-0", by=licensor)
    assert err.values == {"licensed": True}
    coin.revoke_licence(case="LIC-1", by=licensor)
    err = refused(d, LicenceUnchanged, coin.revoke_licence, case="LIC-2", by=licensor)
    assert err.values == {"licensed": False}


@pytest.mark.parametrize("regime", [Regime.PERMISSIONLESS, Regime.ISSUER_CONTROLLED], ids=lambda r: r.slug)
def test_licence_power_absent(deployment, regime):
    """Where no licensing authority exists, revoking the licence raises PowerNotInRegime for every actor."""
    d = deployment(regime)
    for actor in d.cast:
        err = refused(d, PowerNotInRegime, d.coin.revoke_licence, case="LIC-1", by=actor)
        assert err.values == {"power": Power.LICENCE, "regime": regime}
    assert d.coin.licensed() is True


def test_redeem_does_not_restore_minter_allowance(deployment):
    """Burning coins by redemption frees reserve headroom but does not give back minter allowance."""
    d = deployment()
    d.coin.redeem(coins(500), by=d.cast.alice)
    assert d.coin.minter_allowance() == REMAINING_ALLOWANCE
    state = ledger_state(d)
    assert state["<supply>"] == FUNDED_SUPPLY - coins(500)
