"""Scenario 6: the sovereign coin. One issuer, tiered wallets, every payment on the record.

Modelled on the e-CNY's wallet classes: an anonymous wallet (a phone number, no identity check) may
hold 10,000, send 2,000 in one payment and 5,000 in a day; a verified wallet 500,000 / 50,000 /
100,000. The story shows what those limits cost in speed and what lifting them costs in privacy.
It runs beside a regulator-controlled coin, where the same payments meet no caps.
"""

from __future__ import annotations

import random

from ..deploy import DAY, Deployment
from ..enums import Power, Regime, WalletTier
from ..errors import (
    PowerNotInRegime,
    TierBalanceCapExceeded,
    TierDailyCapExceeded,
    TierPaymentCapExceeded,
)
from ..units import coins
from ._stage import SOURCES, Stage
from .narration import Narrator
from .outcome import Outcome

HOLDERS = ("alice", "landlord", "employer")
REGIMES = (Regime.SOVEREIGN, Regime.REGULATOR_CONTROLLED)
"""The sovereign coin, and for contrast a licensed private coin without wallet tiers."""


def _verify(stage: Stage, name: str) -> bool:
    """The wallet's owner proves their identity; the central bank moves the wallet to the verified tier."""
    try:
        stage.d.coin.set_tier(stage.d.cast[name], WalletTier.VERIFIED, case=f"KYC-{name}", by=stage.d.cast.central_bank)
    except PowerNotInRegime:
        return False
    return True


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Pay rent from an anonymous wallet, receive a salary above its cap, then verify and compare."""
    stage = Stage("sovereign", deployment, narrator)
    coin, cast, bank, chain = deployment.coin, deployment.cast, deployment.bank, deployment.chain
    # Wallet tiers exist where somebody holds the power to set them: the sovereign coin's design.
    tier_setter = stage.holder_of(Power.SET_TIER)
    sovereign = tier_setter is not None
    issuer = "the central bank" if stage.holder_of(Power.MINT) is cast.central_bank else "the licensed issuer"

    stage.step("Setting")
    stage.say(stage.setting())
    if sovereign:
        stage.say(
            "This is the design Beijing prefers: the People's Bank of China's own digital currency, the e-CNY, "
            f"rather than private stablecoins competing with it ({SOURCES['crackdown']})."
        )
        stage.say("alice opens an anonymous wallet with a phone number; the landlord's wallet is verified.")
    else:
        stage.say("For contrast: a licensed private coin, where wallets have no tiers and no caps.")
    landlord_verified = _verify(stage, "landlord")
    if not landlord_verified:
        try:
            coin.set_tier(cast.landlord, WalletTier.VERIFIED, case="KYC-landlord", by=cast.regulator)
        except PowerNotInRegime as refused:
            stage.say(f"Wallet tiers do not exist on this coin ({refused.rule}).")
    savings = coins(rng.randint(80, 95) * 100)
    stage.fund({"alice": savings})
    stage.say(f"{issuer.capitalize()} issues alice {stage.money(savings)} against her deposit.")

    stage.step("Paying the rent")
    rent = coins(rng.randint(60, 75) * 100)
    payments = refused_payments = 0
    first_day = chain.now // DAY
    try:
        coin.transfer(cast.landlord, rent, by=cast.alice)
        payments = 1
        stage.say(f"alice pays her {stage.money(rent)} rent in one payment.")
    except TierPaymentCapExceeded as refused:
        refused_payments += 1
        stage.mark_harm(chain.block_number - 1)
        cap = refused.cap
        stage.say(
            f"alice tries to pay her {stage.money(rent)} rent and is refused ({refused.rule}): an anonymous wallet may send "
            f"at most {stage.money(cap)} at a time. She pays in instalments."
        )
        paid = 0
        while paid < rent:
            amount = min(cap, rent - paid)
            try:
                coin.transfer(cast.landlord, amount, by=cast.alice)
            except TierDailyCapExceeded as capped:
                refused_payments += 1
                stage.say(f"After {stage.money(paid)} she hits the daily cap ({capped.rule}) and has to wait for tomorrow.")
                chain.advance_time(DAY)
                continue
            paid += amount
            payments += 1
    days = chain.now // DAY - first_day + 1
    stage.say(f"The rent took {payments} payment(s) over {days} day(s).")

    stage.step("The salary")
    salary = coins(rng.randint(15, 25) * 1_000)
    bank.receive(cast.alice, salary, reference="SALARY")
    bank.attest(by=cast.attestor, report="AUDIT-0002")
    configurer = stage.holder_of(Power.CONFIGURE_MINTER)
    assert configurer is not None
    coin.set_minter_allowance(coin.minter_allowance() + salary, by=configurer)
    verified_alice = False
    try:
        bank.issue()
        stage.say(f"alice's employer pays her {stage.money(salary)} salary in; it arrives at once.")
    except TierBalanceCapExceeded as refused:
        refused_payments += 1
        stage.say(
            f"Her {stage.money(salary)} salary cannot be credited ({refused.rule}): an anonymous wallet may hold at most "
            f"{stage.money(refused.cap)}. To be paid, alice must show her identity."
        )
        verified_alice = _verify(stage, "alice")
        stage.say("She registers her identity card; the central bank moves her wallet to the verified tier (case KYC-alice).")
        bank.issue()
        stage.say("The salary arrives. Her caps are now 500,000 held, 50,000 a payment, 100,000 a day.")
        coin.transfer(cast.landlord, rent, by=cast.alice)
        payments += 1
        stage.say(f"Next month's {stage.money(rent)} rent goes in one payment, in the same block as any other.")

    stage.step("Who can see what")
    name = "alice"
    seen = [e for e in deployment.timeline.entries if e.actor == name or f"={name} " in e.details + " "]
    stage.say(
        f"{len(seen)} entries on the public timeline involve alice's wallet: every payment, refusal and credit, with "
        "amounts and times. That is true of any coin on a public chain."
    )
    if sovereign:
        stage.say(
            "The difference: the central bank also knows whose wallet it is, since she verified, and it holds every "
            "power over it. Anonymity lasted exactly as long as she stayed small."
        )
    else:
        stage.say("The regulator does not hold her identity on chain; the issuer knows her as a depositor, off chain.")

    acted_alone = stage.name_of_holder(Power.SET_TIER)
    if sovereign:
        verdict = (
            f"Caps turned one rent payment into {payments - 1 if verified_alice else payments} over {days} days and "
            "refused a salary until alice gave up her anonymity."
        )
    else:
        verdict = "No caps: rent and salary move in one payment each; no identity is asked on chain."
    stage.say(verdict)
    return stage.outcome(
        could_act_alone=acted_alone,
        verdict=verdict,
        extra={
            "rent": rent,
            "salary": salary,
            "payments": payments,
            "refused_payments": refused_payments,
            "days_to_pay_rent": days,
            "identity_checks": int(landlord_verified) + int(verified_alice),
            "visible_entries": len(seen),
        },
    )
