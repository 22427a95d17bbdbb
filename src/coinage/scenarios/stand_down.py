"""Scenario 3: a stand-down order. The authority tells the issuer to stop; what happens to holders?

In October 2025 Ant Group and JD.com halted their Hong Kong stablecoin plans after the People's Bank
of China and the Cyberspace Administration of China told them to stand down (The Crypto Times,
19 October 2025, reporting the Financial Times). That order worked through the companies. This
scenario asks what the same order does on chain: a revoked licence stops minting but lets holders
redeem (an orderly wind-down); a pause freezes everyone in place (a hard stop).
"""

from __future__ import annotations

import random

from ..deploy import Deployment
from ..designs import PowerLacking
from ..enums import Power, Regime
from ..errors import (
    EnforcedPause,
    IssuerNotLicensed,
    MissingCaseReference,
    PowerNotInRegime,
    Unauthorized,
)
from ..units import coins
from ._stage import SOURCES, Stage
from .narration import Narrator
from .outcome import Outcome

HOLDERS = ("alice", "bob", "carol", "dave", "erin", "frank", "newcomer")
REGIMES = (Regime.PERMISSIONLESS, Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.DUE_PROCESS)
"""Not the sovereign coin: there the central bank is the issuer, and nobody is above it to order a stop."""
CASE = "HKMA-LIC-2025-017"


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Order a stop; revoke the licence if anyone can; let half the holders redeem; then try a hard pause."""
    stage = Stage("stand-down", deployment, narrator)
    coin, cast, bank, chain = deployment.coin, deployment.cast, deployment.bank, deployment.chain
    regime = deployment.regime
    holders = [h for h in HOLDERS if h != "newcomer"]

    stage.step("Setting")
    stage.say(stage.setting())
    stage.fund({name: coins(rng.randint(5, 30) * 100) for name in holders})
    stage.say(f"Six holders hold {stage.money(coin.total_supply())} of the issuer's coins, fully backed.")

    stage.step("The order")
    stage.say(
        "The regulator orders the issuer to stand down, as the PBoC and the CAC told Ant Group and JD.com to "
        f"in 2025 ({SOURCES['ft']}). On chain, the order means revoking the issuer's licence."
    )
    stage.mark_harm(chain.block_number)
    licence_holder = stage.holder_of(Power.LICENCE)
    revoked = False
    if stage.requires_case(Power.LICENCE):
        try:
            coin.revoke_licence(case="", by=cast.regulator)
        except MissingCaseReference as refused:
            stage.say(f"Without a case reference the revocation is refused ({refused.rule}): due process wants it on the record.")
    try:
        coin.revoke_licence(case=CASE, by=cast.regulator)
        revoked = True
        stage.say(f"The regulator revokes the licence under case {CASE}.")
    except PowerNotInRegime as refused:
        stage.say(
            f"The regulator's revocation is refused ({refused.rule}): this coin has no licence for anyone to revoke. "
            "The order can only reach the company off chain, which is how it reached Ant Group and JD.com."
        )
    except PowerLacking as lacking:
        stage.say(
            f"The regulator has nothing to revoke on chain: {lacking}. The order can only reach the company off "
            "chain, which is how it reached Ant Group and JD.com."
        )
    except Unauthorized as refused:  # pragma: no cover - the regulator holds LICENCE wherever it exists here
        stage.say(f"The regulator is refused ({refused.rule}).")

    stage.step("Can the issuer still mint?")
    late = coins(rng.randint(2, 9) * 100)
    bank.receive(cast.newcomer, late)
    bank.attest(by=cast.attestor, report="AUDIT-0002")
    configurer = stage.holder_of(Power.CONFIGURE_MINTER)
    if configurer is not None:  # a coin whose minters have no allowance (T-REX's agents) skips this
        coin.set_minter_allowance(late, by=configurer)
    try:
        bank.issue()
        minting_stopped = False
        stage.say(f"A newcomer deposits {stage.fiat(late)} and the issuer mints it as if nothing happened.")
    except IssuerNotLicensed as refused:
        minting_stopped = True
        stage.say(
            f"A newcomer deposits {stage.fiat(late)}; the mint is refused ({refused.rule}). The deposit waits in the "
            "reserve account to be handed back."
        )

    stage.step("Orderly wind-down: holders redeem")
    queue = holders[:]
    rng.shuffle(queue)
    early, late_ones = queue[: len(queue) // 2], queue[len(queue) // 2 :]
    redeemed = 0
    for name in early:
        amount = coin.balance_of(cast[name])
        coin.redeem(amount, by=cast[name])
        redeemed += amount
    bank.pay_redemptions()
    stage.say(
        f"{', '.join(early)} redeem {stage.money(redeemed)} and are paid at par from the reserve account: "
        + ("a revoked licence stops new coins, not the way out." if revoked else "nothing has changed for them.")
    )

    stage.step("A hard stop: pause")
    pauser = stage.holder_of(Power.PAUSE)
    paused = False
    try:
        coin.pause(case=CASE, by=cast.regulator)
        paused = True
        stage.say("The regulator goes further and pauses the coin: every transfer and redemption stops.")
    except PowerNotInRegime as refused:
        stage.say(f"The regulator tries to pause the coin and cannot ({refused.rule}): nobody can.")
    except Unauthorized as refused:
        stage.say(
            f"The regulator tries to pause the coin and cannot ({refused.rule}): only the {pauser.name if pauser else 'nobody'} "
            "can, and it is the party being told to stop."
        )
    trapped: list[str] = []
    trapped_value = stage.note_frozen(late_ones) if paused else 0
    for name in late_ones:
        amount = coin.balance_of(cast[name])
        try:
            coin.redeem(amount, by=cast[name])
            redeemed += amount
        except EnforcedPause:
            trapped.append(name)
    bank.pay_redemptions()
    if trapped:
        stage.say(
            f"{', '.join(trapped)} try to redeem and are refused (EnforcedPause): {stage.money(trapped_value)} is stuck "
            "until the regulator lifts the pause. A pause protects nobody who is already in line."
        )
    else:
        stage.say(f"{', '.join(late_ones)} redeem too and are paid; the coin winds down on the holders' terms.")

    acted_alone = stage.sole_holder(Power.PAUSE)
    if not revoked:
        verdict = "The order has no effect on chain: minting goes on; only the issuer itself could stop."
    elif trapped:
        verdict = (
            f"Licence revoked, minting stopped; {len(early)} holders redeemed at par, then a pause trapped "
            f"{len(trapped)} holders' {stage.money(trapped_value)}."
        )
    else:  # pragma: no cover - every regime that can revoke can also pause
        verdict = "Licence revoked, minting stopped, every holder redeemed at par."
    stage.say(verdict)
    return stage.outcome(
        could_act_alone=acted_alone,
        verdict=verdict,
        extra={
            "licence": "revoked" if revoked else "no licence on chain",
            "minting_stopped": "yes" if minting_stopped else "no",
            "licence_holder": licence_holder.name if licence_holder else "nobody",
            "redeemed_at_par": redeemed,
            "trapped_holders": len(trapped),
            "frozen_at_end": stage.frozen_value(late_ones),
        },
    )
