"""Wallet tiers of the sovereign coin: balance, per-payment and daily caps, and who may set a tier."""

from __future__ import annotations

import pytest

from coinage import (
    DAY,
    EmbeddedChain,
    InvalidInput,
    Power,
    PowerNotInRegime,
    Regime,
    Role,
    TierBalanceCapExceeded,
    TierCapOutOfRange,
    TierDailyCapExceeded,
    TierPaymentCapAboveDailyCap,
    TierPaymentCapExceeded,
    Unauthorized,
    WalletTier,
    coins,
    deploy_coin,
    format_coins,
)
from coinage.deploy import TierCaps

from conftest import FUNDING, case_bytes, events, refused

MAX = 2**256 - 1
ANONYMOUS = (coins(10_000), coins(2_000), coins(5_000))
VERIFIED = (coins(500_000), coins(50_000), coins(100_000))


@pytest.fixture
def sov(deployment):
    """The funded sovereign coin, with a minter allowance large enough for any test here."""
    d = deployment(Regime.SOVEREIGN)
    d.coin.set_minter_allowance(coins(1_000_000), by=d.cast.central_bank)
    return d


def top_up(d, who, target: int) -> None:
    """Mint to `who` until it holds exactly `target`."""
    missing = target - d.coin.balance_of(d.cast[who])
    if missing:
        d.coin.mint(d.cast[who], missing, by=d.cast.central_bank)
    assert d.coin.balance_of(d.cast[who]) == target


def wallet_state(d):
    """Balances and today's spending of every holder: what a refused payment must not change."""
    return {
        name: (d.coin.balance_of(d.cast[name]), d.coin.wallet_of(d.cast[name]))
        for name in ("alice", "bob", "carol", "dave", "central_bank")
    } | {"supply": d.coin.total_supply()}


def seconds_to_midnight(d) -> int:
    return DAY - d.chain.now % DAY


# --- the tiers -----------------------------------------------------------------------------------


def test_tier_limits(sov):
    """The tiers' (balance, payment, daily) caps are 10,000/2,000/5,000 coins, 500,000/50,000/100,000 coins, and unlimited."""
    assert sov.coin.tier_limits(WalletTier.ANONYMOUS) == ANONYMOUS
    assert sov.coin.tier_limits(WalletTier.VERIFIED) == VERIFIED
    assert sov.coin.tier_limits(WalletTier.UNLIMITED) == (MAX, MAX, MAX)


def test_default_tiers(sov):
    """Every holder starts Anonymous with nothing sent today, and the central bank's wallet is Unlimited."""
    for name in ("alice", "bob", "carol", "dave"):
        assert sov.coin.wallet_of(sov.cast[name]) == (WalletTier.ANONYMOUS, 0)
    assert sov.coin.wallet_of(sov.cast.central_bank) == (WalletTier.UNLIMITED, 0)
    assert sov.cast.issuer.address == sov.cast.central_bank.address


# --- anonymous wallets ---------------------------------------------------------------------------


def test_anonymous_balance_cap_on_mint(sov):
    """Minting may fill an Anonymous wallet to exactly 10,000 coins; one base unit more is refused with TierBalanceCapExceeded."""
    top_up(sov, "alice", coins(10_000))
    err = refused(sov, TierBalanceCapExceeded, sov.coin.mint, sov.cast.alice, 1, by=sov.cast.central_bank, state=wallet_state)
    assert err.values == {"account": sov.cast.alice.address, "cap": coins(10_000), "balance_after": coins(10_000) + 1}


def test_anonymous_balance_cap_on_receiving(sov):
    """A transfer that would lift an Anonymous recipient above 10,000 coins is refused, naming the recipient."""
    top_up(sov, "bob", coins(9_999))
    sov.coin.transfer(sov.cast.bob, coins(1), by=sov.cast.alice)
    assert sov.coin.balance_of(sov.cast.bob) == coins(10_000)
    err = refused(sov, TierBalanceCapExceeded, sov.coin.transfer, sov.cast.bob, 1, by=sov.cast.alice, state=wallet_state)
    assert err.values == {"account": sov.cast.bob.address, "cap": coins(10_000), "balance_after": coins(10_000) + 1}


def test_anonymous_payment_cap(sov):
    """An Anonymous wallet may send 2,000 coins in one payment but not one base unit more."""
    top_up(sov, "alice", coins(5_000))
    sov.coin.transfer(sov.cast.dave, coins(2_000), by=sov.cast.alice)
    assert sov.coin.wallet_of(sov.cast.alice) == (WalletTier.ANONYMOUS, coins(2_000))
    err = refused(sov, TierPaymentCapExceeded, sov.coin.transfer, sov.cast.dave, coins(2_000) + 1, by=sov.cast.alice, state=wallet_state)
    assert err.values == {"account": sov.cast.alice.address, "cap": coins(2_000), "amount": coins(2_000) + 1}


def test_anonymous_daily_cap(sov):
    """An Anonymous wallet may send 5,000 coins in a day in several payments; one base unit more is refused and not counted."""
    alice, dave = sov.cast.alice, sov.cast.dave
    sov.chain.advance_time(seconds_to_midnight(sov) + 3600)  # 01:00 UTC: the whole test fits in one day
    top_up(sov, "alice", coins(6_000))
    for amount in (coins(2_000), coins(2_000), coins(1_000)):
        sov.coin.transfer(dave, amount, by=alice)
    assert sov.coin.wallet_of(alice) == (WalletTier.ANONYMOUS, coins(5_000))
    err = refused(sov, TierDailyCapExceeded, sov.coin.transfer, dave, 1, by=alice, state=wallet_state)
    assert err.values == {"account": alice.address, "cap": coins(5_000), "spent_after": coins(5_000) + 1}
    assert sov.coin.wallet_of(alice) == (WalletTier.ANONYMOUS, coins(5_000))
    assert sov.coin.balance_of(alice) == coins(1_000)


def test_daily_cap_resets_at_next_utc_day(sov):
    """The daily total resets at 00:00 UTC, not 24 hours after the first payment."""
    alice, dave = sov.cast.alice, sov.cast.dave
    top_up(sov, "alice", coins(10_000))
    sov.chain.advance_time(seconds_to_midnight(sov) - 120)  # 23:58 UTC
    for amount in (coins(2_000), coins(2_000), coins(1_000)):
        sov.coin.transfer(dave, amount, by=alice)
    assert sov.chain.now % DAY > DAY - 120  # still the same day
    refused(sov, TierDailyCapExceeded, sov.coin.transfer, dave, coins(1), by=alice, state=wallet_state)
    sov.chain.advance_time(seconds_to_midnight(sov))  # 00:00 UTC, two minutes after the first payment
    assert sov.coin.wallet_of(alice) == (WalletTier.ANONYMOUS, 0)
    sov.coin.transfer(sov.cast.carol, coins(2_000), by=alice)
    assert sov.coin.wallet_of(alice) == (WalletTier.ANONYMOUS, coins(2_000))
    assert sov.coin.balance_of(alice) == coins(3_000)


def test_spending_through_allowance_counts_for_owner(sov):
    """A transferFrom counts against the owner's (sender's) limits, not the spender's."""
    alice, bob = sov.cast.alice, sov.cast.bob
    sov.coin.approve(bob, coins(1_000), by=alice)
    sov.coin.transfer_from(alice, sov.cast.dave, coins(600), by=bob)
    assert sov.coin.wallet_of(alice) == (WalletTier.ANONYMOUS, coins(600))
    assert sov.coin.wallet_of(bob) == (WalletTier.ANONYMOUS, 0)


def test_payment_cap_applies_through_allowance(sov):
    """A spender cannot exceed the owner's payment cap through an allowance."""
    alice, bob = sov.cast.alice, sov.cast.bob
    top_up(sov, "alice", coins(5_000))
    sov.coin.approve(bob, coins(5_000), by=alice)
    err = refused(sov, TierPaymentCapExceeded, sov.coin.transfer_from, alice, sov.cast.dave, coins(3_000), by=bob, state=wallet_state)
    assert err.values == {"account": alice.address, "cap": coins(2_000), "amount": coins(3_000)}
    assert sov.coin.allowance(alice, bob) == coins(5_000)


# --- verified and unlimited ----------------------------------------------------------------------


def test_set_tier_by_central_bank(sov):
    """The central bank sets a wallet's tier, emitting one TierSet with the case reference and itself as authority."""
    bank = sov.cast.central_bank
    tx = sov.coin.set_tier(sov.cast.alice, WalletTier.VERIFIED, case="KYC-1", by=bank)
    assert events(tx) == [
        ("TierSet", {"account": sov.cast.alice.address, "tier": WalletTier.VERIFIED, "caseRef": case_bytes("KYC-1"), "authority": bank.address})
    ]
    assert sov.coin.wallet_of(sov.cast.alice) == (WalletTier.VERIFIED, 0)
    assert sov.coin.balance_of(sov.cast.alice) == FUNDING["alice"]


def test_set_tier_only_by_central_bank(sov):
    """Every actor but the central bank is refused set_tier with Unauthorized naming the CentralBank role."""
    for actor in sov.cast:
        if actor.address == sov.cast.central_bank.address:
            continue
        err = refused(sov, Unauthorized, sov.coin.set_tier, sov.cast.alice, WalletTier.UNLIMITED, case="KYC-1", by=actor, state=wallet_state)
        assert err.values == {"caller": actor.address, "power": Power.SET_TIER, "role": Role.CENTRAL_BANK}
    assert sov.coin.wallet_of(sov.cast.alice) == (WalletTier.ANONYMOUS, 0)


@pytest.mark.parametrize("regime", [r for r in Regime if r is not Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_set_tier_absent_outside_sovereign(deployment, regime):
    """Outside the sovereign regime wallet tiers do not exist: set_tier raises PowerNotInRegime."""
    d = deployment(regime)
    bank = d.cast.central_bank
    err = refused(d, PowerNotInRegime, d.coin.set_tier, d.cast.alice, WalletTier.VERIFIED, case="KYC-1", by=bank)
    assert err.values == {"power": Power.SET_TIER, "regime": regime}


def test_verified_caps(sov):
    """A Verified wallet holds up to 500,000 coins, pays up to 50,000 at once and 100,000 a day, each exactly."""
    bank, alice = sov.cast.central_bank, sov.cast.alice
    sov.chain.advance_time(seconds_to_midnight(sov) + 3600)
    sov.coin.set_tier(alice, WalletTier.VERIFIED, case="KYC-1", by=bank)
    top_up(sov, "alice", coins(500_000))
    err = refused(sov, TierBalanceCapExceeded, sov.coin.mint, alice, 1, by=bank, state=wallet_state)
    assert err.values == {"account": alice.address, "cap": coins(500_000), "balance_after": coins(500_000) + 1}
    err = refused(sov, TierPaymentCapExceeded, sov.coin.transfer, bank, coins(50_000) + 1, by=alice, state=wallet_state)
    assert err.values == {"account": alice.address, "cap": coins(50_000), "amount": coins(50_000) + 1}
    sov.coin.transfer(bank, coins(50_000), by=alice)
    sov.coin.transfer(bank, coins(50_000), by=alice)
    assert sov.coin.wallet_of(alice) == (WalletTier.VERIFIED, coins(100_000))
    err = refused(sov, TierDailyCapExceeded, sov.coin.transfer, bank, 1, by=alice, state=wallet_state)
    assert err.values == {"account": alice.address, "cap": coins(100_000), "spent_after": coins(100_000) + 1}


def test_anonymous_cannot_receive_what_verified_may_send(sov):
    """A Verified sender's large payment still stops at an Anonymous recipient's balance cap."""
    bank, alice = sov.cast.central_bank, sov.cast.alice
    sov.coin.set_tier(alice, WalletTier.VERIFIED, case="KYC-1", by=bank)
    top_up(sov, "alice", coins(30_000))
    err = refused(sov, TierBalanceCapExceeded, sov.coin.transfer, sov.cast.dave, coins(10_001), by=alice, state=wallet_state)
    assert err.values == {"account": sov.cast.dave.address, "cap": coins(10_000), "balance_after": coins(10_001)}


def test_unlimited_wallet_has_no_caps(sov):
    """An Unlimited wallet holds and sends beyond every Verified cap, and its spending is not counted."""
    bank, alice = sov.cast.central_bank, sov.cast.alice
    sov.coin.set_tier(alice, WalletTier.UNLIMITED, case="INST-1", by=bank)
    top_up(sov, "alice", coins(600_000))
    sov.coin.transfer(bank, coins(150_000), by=alice)
    sov.coin.transfer(bank, coins(150_000), by=alice)
    assert sov.coin.balance_of(alice) == coins(300_000)
    assert sov.coin.wallet_of(alice) == (WalletTier.UNLIMITED, 0)


def test_central_bank_wallet_is_unlimited(sov):
    """The central bank's wallet receives and sends beyond every cap."""
    bank = sov.cast.central_bank
    sov.coin.mint(bank, coins(600_000), by=bank)
    sov.coin.transfer(sov.cast.alice, coins(2_000), by=bank)
    sov.coin.set_tier(sov.cast.bob, WalletTier.UNLIMITED, case="INST-1", by=bank)
    sov.coin.transfer(sov.cast.bob, coins(500_000), by=bank)
    assert sov.coin.balance_of(bank) == coins(98_000)
    assert sov.coin.balance_of(sov.cast.bob) == FUNDING["bob"] + coins(500_000)
    assert sov.coin.wallet_of(bank) == (WalletTier.UNLIMITED, 0)


def test_downgraded_wallet_keeps_balance_but_cannot_receive(sov):
    """A wallet moved to a lower tier keeps a balance above the new cap, may still pay out, but cannot receive."""
    bank, alice = sov.cast.central_bank, sov.cast.alice
    sov.coin.set_tier(alice, WalletTier.VERIFIED, case="KYC-1", by=bank)
    top_up(sov, "alice", coins(20_000))
    sov.coin.set_tier(alice, WalletTier.ANONYMOUS, case="KYC-2", by=bank)
    assert sov.coin.balance_of(alice) == coins(20_000)
    err = refused(sov, TierBalanceCapExceeded, sov.coin.transfer, alice, 1, by=sov.cast.bob, state=wallet_state)
    assert err.values == {"account": alice.address, "cap": coins(10_000), "balance_after": coins(20_000) + 1}
    refused(sov, TierPaymentCapExceeded, sov.coin.transfer, bank, coins(2_001), by=alice, state=wallet_state)
    sov.coin.transfer(bank, coins(2_000), by=alice)
    assert sov.coin.balance_of(alice) == coins(18_000)


@pytest.mark.parametrize("regime", [r for r in Regime if r is not Regime.SOVEREIGN], ids=lambda r: r.slug)
def test_no_caps_outside_sovereign(deployment, regime):
    """Outside the sovereign regime no wallet cap applies: a holder receives 20,000 and sends 15,000 in one payment."""
    d = deployment(regime)
    d.coin.mint(d.cast.alice, coins(20_000), by=d.cast.issuer)
    d.coin.transfer(d.cast.bob, coins(15_000), by=d.cast.alice)
    assert d.coin.balance_of(d.cast.bob) == FUNDING["bob"] + coins(15_000)
    assert d.coin.wallet_of(d.cast.alice) == (WalletTier.ANONYMOUS, 0)


# --- the caps the coin is deployed with -----------------------------------------------------------

SPENDING_MAX = 2**48 - 1
BALANCE_MAX = 2**128 - 1


@pytest.fixture(scope="module")
def chain():
    """One embedded chain for the deployments below, each of which is refused or stands alone."""
    return EmbeddedChain()


def deploy_with(chain, **caps: int):
    return deploy_coin(Regime.SOVEREIGN, holders=(), chain=chain, tier_caps=TierCaps(**caps))


@pytest.mark.parametrize("tier", ["anonymous", "verified"])
def test_payment_cap_above_daily_cap_refused_at_deployment(chain, tier):
    """The sovereign coin refuses to deploy with a payment cap above the daily cap (TierPaymentCapAboveDailyCap),
    and the refusal reads as one line naming the rule, the tier and both caps."""
    daily = getattr(TierCaps(), f"{tier}_daily")
    with pytest.raises(TierPaymentCapAboveDailyCap) as info:
        deploy_with(chain, **{f"{tier}_payment": daily + 1})
    assert info.value.values == {"tier": WalletTier[tier.upper()], "payment_cap": daily + 1, "daily_cap": daily}
    assert str(info.value) == (
        f"TierPaymentCapAboveDailyCap(tier={tier.upper()}, payment_cap={format_coins(daily + 1)} ({daily + 1} base units), "
        f"daily_cap={format_coins(daily)} ({daily} base units))"
    )
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "field,value,bound",
    [
        ("anonymous_balance", 0, BALANCE_MAX),
        ("anonymous_payment", 0, SPENDING_MAX),
        ("verified_daily", 0, SPENDING_MAX),
        ("verified_balance", BALANCE_MAX + 1, BALANCE_MAX),
        ("anonymous_daily", SPENDING_MAX + 1, SPENDING_MAX),
    ],
    ids=["zero-balance", "zero-payment", "zero-daily", "balance-beyond-128-bits", "daily-beyond-48-bits"],
)
def test_cap_outside_its_field_refused_at_deployment(chain, field, value, bound):
    """A cap of zero, or wider than the holder-record field that counts against it, is refused with TierCapOutOfRange."""
    with pytest.raises(TierCapOutOfRange) as info:
        deploy_with(chain, **{field: value})
    tier = WalletTier[field.split("_")[0].upper()]
    assert info.value.values == {"tier": tier, "cap": value, "max": bound}


def test_payment_and_daily_caps_beyond_48_bits_refused_as_out_of_range(chain):
    """A payment cap too wide for the 48-bit spending field is refused for its width, even beside an equally wide daily cap."""
    with pytest.raises(TierCapOutOfRange) as info:
        deploy_with(chain, verified_payment=SPENDING_MAX + 1, verified_daily=SPENDING_MAX + 1)
    assert info.value.values == {"tier": WalletTier.VERIFIED, "cap": SPENDING_MAX + 1, "max": SPENDING_MAX}


def test_widest_consistent_caps_are_accepted(chain):
    """Caps at the edge of their fields, a daily cap above the balance cap, and a payment cap equal to the daily cap deploy."""
    caps = {"anonymous_balance": 1, "anonymous_payment": SPENDING_MAX, "anonymous_daily": SPENDING_MAX,
            "verified_balance": BALANCE_MAX, "verified_payment": 1, "verified_daily": 1}
    d = deploy_with(chain, **caps)
    assert d.coin.tier_limits(WalletTier.ANONYMOUS) == (1, SPENDING_MAX, SPENDING_MAX)
    assert d.coin.tier_limits(WalletTier.VERIFIED) == (BALANCE_MAX, 1, 1)


@pytest.mark.parametrize("value", [-1, 2**256, 1.5, True, "100"], ids=["negative", "beyond-uint256", "fraction", "bool", "text"])
def test_cap_the_abi_cannot_carry_refused_before_sending(chain, value):
    """A cap that is not a whole number of base units fitting a uint256 is refused in one line before anything is sent."""
    block = chain.block_number
    with pytest.raises(InvalidInput, match=r"^the anonymous daily cap is a whole number of base units, not "):
        deploy_with(chain, anonymous_daily=value)
    assert chain.block_number == block
