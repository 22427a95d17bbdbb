"""Scenario 2: fraud. A victim is phished; can the money be frozen, seized and given back?

This is the case for control powers, in the words of the former PBoC governor Zhou Xiaochuan, who
warned that stablecoins misdirected into speculation "could trigger fraud" (The Crypto Times,
19 October 2025). The story measures what each regime can do about it, and how fast.
"""

from __future__ import annotations

import random

from ..actors import Actor
from ..deploy import DAY, Deployment
from ..designs import PowerLacking
from ..enums import Power
from ..errors import AccountFrozen, PowerNotInRegime, TierDailyCapExceeded, TierPaymentCapExceeded, Unauthorized
from ..units import coins
from ._stage import SOURCES, Stage
from .narration import Narrator
from .outcome import Outcome

HOLDERS = ("alice", "bob", "carol", "fraudster", "mule")
CASE = "HKPF-FRAUD-0427"


def _drain(stage: Stage, wanted: int) -> int:
    """The fraudster pulls alice's coins with the phished permit: in one go, or in chunks if capped."""
    coin, cast = stage.d.coin, stage.d.cast
    try:
        coin.transfer_from(cast.alice, cast.fraudster, wanted, by=cast.fraudster)
        granted = "signature" if coin.supports_permit else "approval"
        stage.say(f"The fraudster uses the {granted} at once and pulls {stage.money(wanted)} out of alice's wallet.")
        return wanted
    except TierPaymentCapExceeded as refused:
        chunk = refused.cap
        stage.say(
            f"One pull of {stage.money(wanted)} is refused ({refused.rule}): alice's anonymous wallet cannot "
            f"send more than {stage.money(chunk)} in one payment. The fraudster tries again in chunks."
        )
    taken = 0
    while taken < wanted:
        amount = min(chunk, wanted - taken)
        try:
            coin.transfer_from(cast.alice, cast.fraudster, amount, by=cast.fraudster)
        except TierDailyCapExceeded as capped:
            room = int(capped.values['cap']) - (int(capped.values['spent_after']) - amount)
            if room > 0:
                coin.transfer_from(cast.alice, cast.fraudster, room, by=cast.fraudster)
                taken += room
            stage.say(
                f"After {stage.money(taken)} the daily cap stops the drain ({capped.rule}, {stage.money(int(capped.values['cap']))} a day). "
                "The tier limits of the sovereign coin cap what one theft can take in a day."
            )
            break
        taken += amount
    return taken


def _seize_and_return(stage: Stage, freezer: Actor, confirmer: Actor | None, seizer: Actor, pursued: tuple[str, ...],
                      rng: random.Random) -> int:
    """Seize the frozen coins into escrow (once a court confirms, where one must) and release them to alice."""
    coin, cast, chain = stage.d.coin, stage.d.cast, stage.d.chain
    escrowed = 0
    if confirmer is not None:
        try:
            coin.seize(cast.fraudster, coins(1), case=CASE, by=freezer)
        except Unauthorized as refused:
            stage.say(
                f"The regulator tries to seize the coins itself and is refused ({refused.rule}): under due "
                "process only a court may take money. Its freeze is provisional and lapses in three days "
                "unless the court confirms it."
            )
        chain.advance_time(DAY)
        stage.background(3, "bob", "carol", coins(rng.randint(1, 20)))
        stage.step("The court hears the case")
        with chain.batch():
            for name in pursued:
                coin.confirm_freeze(cast[name], case=CASE, by=confirmer)
        stage.say("A day later the court hears the evidence and confirms both freezes.")

    stage.step("Seizure and restitution")
    for name in pursued:
        balance = coin.balance_of(cast[name])
        if balance:
            coin.seize(cast[name], balance, case=CASE, by=seizer)
            escrowed += balance
    stage.say(f"The {seizer.name.replace('_', ' ')} seizes {stage.money(escrowed)} {coin.seizure_words} {stage.under_case(CASE)}.")
    coin.release(cast.alice, escrowed, case=CASE, by=seizer)
    stage.say(f"It releases {stage.money(escrowed)} {coin.release_words} back to alice.")
    return escrowed


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Phish, drain, move to a mule, report; then each regime's authority tries to freeze and return."""
    stage = Stage("fraud", deployment, narrator, guilty=frozenset({"fraudster", "mule"}))
    coin, cast, bank, chain = deployment.coin, deployment.cast, deployment.bank, deployment.chain

    stage.step("Setting")
    stage.say(stage.setting())
    savings = coins(rng.randint(60, 95) * 100)
    stage.fund({"alice": savings, "bob": coins(1_000), "carol": coins(1_000)})
    stage.say(f"alice holds {stage.money(savings)} of savings; bob and carol hold {stage.money(coins(1_000))} each.")
    stage.say(
        "Zhou Xiaochuan, a former governor of the People's Bank of China, warned in July 2025 that "
        f"stablecoins could be misdirected into fraud ({SOURCES['ft']}). This is that fraud."
    )

    stage.step("The phish")
    if coin.supports_permit:
        deadline = chain.now + DAY
        signature = coin.sign_permit(cast.alice, cast.fraudster, savings, deadline=deadline)
        stage.say(
            "alice is sent a fake 'wallet upgrade' page and signs what she thinks is a login; it is a permit "
            f"letting the fraudster spend {stage.money(savings)} of her coins."
        )
        coin.permit(cast.alice, cast.fraudster, savings, deadline=deadline, signature=signature, by=cast.fraudster)
    else:
        coin.approve(cast.fraudster, savings, by=cast.alice)
        stage.say(
            "alice is sent a fake 'wallet upgrade' page and confirms what she thinks is a login; it is an approval "
            f"letting the fraudster spend {stage.money(savings)} of her coins (this coin has no signed permits)."
        )
    stolen = _drain(stage, savings)
    stage.mark_harm(chain.block_number - 1)  # the block in which the theft was complete
    # At most one anonymous-wallet payment, so the same move works on the sovereign coin.
    to_mule = min(stolen * rng.randint(30, 60) // 100, coins(2_000))
    coin.transfer(cast.mule, to_mule, by=cast.fraudster)
    stage.say(f"The fraudster passes {stage.money(to_mule)} to a money mule, to muddy the trail.")

    stage.step("Alice notices")
    delay = rng.randint(2, 5)
    stage.background(delay, "bob", "carol", coins(rng.randint(1, 20)))
    stage.say(f"{delay} blocks later alice notices the empty wallet and reports it (case {CASE}).")

    pursued = ("fraudster", "mule")
    freezer = stage.holder_of(Power.FREEZE)
    # Where a second role must confirm a freeze, the first one's freeze is provisional.
    confirmer = stage.holder_of(Power.CONFIRM_FREEZE)
    if freezer is not cast.issuer:
        try:
            coin.freeze(cast.fraudster, case=CASE, by=cast.issuer)
        except PowerNotInRegime as refused:
            stage.say(f"She asks the issuer to freeze the fraudster: no such power exists here ({refused.rule}).")
        except Unauthorized as refused:
            stage.say(
                f"She asks the issuer to freeze the fraudster; the issuer cannot ({refused.rule}): "
                f"only the {refused.role.name.lower()} holds that power."
            )
    if freezer is None:
        stage.step("Nobody can act")
        try:
            coin.freeze(cast.fraudster, case=CASE, by=cast.regulator)
        except PowerNotInRegime as refused:
            stage.say(f"The regulator tries too, and is refused ({refused.rule}): on this coin nobody can freeze.")
        for name in pursued:
            balance = coin.balance_of(cast[name])
            if balance:
                coin.redeem(balance, by=cast[name])
        bank.pay_redemptions()
        stage.say(
            "The fraudster and the mule redeem everything for fiat and the issuer pays them out: the coins are "
            "burned and the money is gone. 'Code is law' cuts both ways."
        )
        recovered = 0
    else:
        stage.step(f"The {freezer.name.replace('_', ' ')} freezes")
        with chain.batch():
            for name in pursued:
                coin.freeze(cast[name], case=CASE, by=freezer)
        frozen_now = stage.note_frozen(pursued)
        stage.say(f"The {freezer.name.replace('_', ' ')} freezes the fraudster and the mule in one block, "
                  f"holding {stage.money(frozen_now)} in place.")
        try:
            coin.transfer(cast.bob, coins(1), by=cast.fraudster)
        except AccountFrozen as refused:
            stage.say(f"The fraudster tries to move the coins on and is refused ({refused.rule}).")
        else:  # pragma: no cover - a freeze that does not hold is a bug in the coin
            raise AssertionError("a frozen account could still send")

        seizer = stage.holder_of(Power.SEIZE)
        if seizer is None:
            stage.step("Frozen, but not returned")
            try:
                coin.seize(cast.fraudster, coin.balance_of(cast.fraudster), case=CASE, by=freezer)
            except PowerLacking as lacking:
                stage.say(f"alice asks for her coins back. The {freezer.name.replace('_', ' ')} cannot take them: {lacking}.")
            stage.say(
                f"{stage.money(frozen_now)} sit frozen in the fraudster's and the mule's wallets, out of everyone's "
                "reach, for as long as the freeze lasts. No case number was recorded with it."
            )
            recovered = 0
        else:
            recovered = _seize_and_return(stage, freezer, confirmer, seizer, pursued, rng)

    lost = stolen - recovered
    stage.lose("alice", lost)
    release_block = next(
        (e.block for e in deployment.timeline.entries if e.action == "release" and e.outcome == "ok"), None
    )
    harm = stage.harm_block if stage.harm_block is not None else 0
    # Freezing, seizing and returning all in one hand: that actor could recover the funds alone.
    acted_alone = stage.sole_holder(Power.FREEZE, Power.SEIZE, Power.RELEASE)

    stage.step("Outcome")
    if recovered == stolen:
        verdict = f"All {stage.money(stolen)} stolen was frozen, seized and returned to the victim."
    elif recovered == 0 and freezer is not None:
        verdict = (f"The {stage.money(stolen)} stolen stays frozen with the thieves: nobody "
                   "could take it back, so the victim recovers nothing.")
    elif recovered == 0:
        verdict = f"The {stage.money(stolen)} stolen is gone: nobody on chain could stop it."
    else:
        verdict = f"{stage.money(recovered)} of {stage.money(stolen)} was returned."
    if freezer is not None and confirmer is not None:
        verdict += f" It took a {freezer.name.replace('_', ' ')} and a {confirmer.name.replace('_', ' ')}."
    if stolen < savings:
        verdict += f" The wallet caps kept {stage.money(savings - stolen)} out of the thief's reach."
    stage.say(verdict)
    return stage.outcome(
        lost=lost,
        recovered=recovered,
        stolen=stolen,
        could_act_alone=acted_alone,
        verdict=verdict,
        extra={
            "stolen": stolen,
            "savings": savings,
            "victim_balance_after": coin.balance_of(cast.alice),
            "blocks_until_recovered": release_block - harm if release_block is not None else "never",
        },
    )
