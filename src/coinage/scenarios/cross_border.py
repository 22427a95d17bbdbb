"""Scenario 7: cross-border conflict. Two authorities disagree over one coin.

A Hong Kong-licensed coin; a mainland trader holds some. The mainland central bank (worried about
capital flight, as Beijing's halt of Hong Kong stablecoin projects suggests it is; see the seeds)
orders the trader's wallet frozen and issuance stopped. Hong Kong's regulator does not agree.
Who prevails depends only on who holds the keys the regime hands out: on chain, an order from
an authority with no power in the contract is just a refused transaction.
"""

from __future__ import annotations

import random

from ..deploy import DAY, Deployment
from ..enums import Power
from ..errors import AccountFrozen, PowerNotInRegime, Unauthorized
from ..units import coins
from ._stage import SOURCES, Stage
from .narration import Narrator
from .outcome import Outcome

HOLDERS = ("alice", "trader", "bob")
ORDER = "PBOC-2025-CAPITAL-07"
HK_CASE = "HKMA-MLA-2025-12"


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """The mainland orders a freeze; Hong Kong's regulator disagrees; see who the coin obeys."""
    stage = Stage("cross-border", deployment, narrator)
    coin, cast, chain = deployment.coin, deployment.cast, deployment.chain
    regime = deployment.regime
    freezer = stage.holder_of(Power.FREEZE)
    # Where a second role must confirm a freeze, the first one's freeze is provisional.
    confirmer = stage.holder_of(Power.CONFIRM_FREEZE)

    stage.step("Setting")
    stage.say(stage.setting())
    if freezer is cast.central_bank:
        stage.say("Here the coin in the trader's wallet is the central bank's own, an e-CNY-like coin.")
    else:
        stage.say("Here the coin is a Hong Kong-licensed stablecoin; the mainland central bank is not named in it as an authority.")
    holding = coins(rng.randint(40, 90) * 100)
    stage.fund({"alice": coins(2_000), "trader": holding, "bob": coins(1_000)})
    stage.say(f"A mainland trader holds {stage.money(holding)}; alice runs a Hong Kong shop.")

    stage.step("The mainland order")
    stage.say(
        "The mainland central bank orders the trader's wallet frozen and new issuance stopped. Mainland regulators "
        f"have told firms to halt Hong Kong stablecoin work before ({SOURCES['ft']}; {SOURCES['crackdown']})."
    )
    stage.mark_harm(chain.block_number)
    order_effect = "none"
    prevailed = "Hong Kong"
    try:
        coin.freeze(cast.trader, case=ORDER, by=cast.central_bank)
        order_effect = "immediate"
        prevailed = "the mainland"
        stage.say("The central bank freezes the wallet itself, at once: on its own coin it needs nobody's help.")
    except PowerNotInRegime as refused:
        stage.say(f"The central bank sends the freeze; the coin refuses ({refused.rule}): nobody can freeze on this coin.")
        prevailed = "nobody (the code)"
    except Unauthorized as refused:
        stage.say(
            f"The central bank sends the freeze; the coin refuses ({refused.rule}): only the "
            f"{refused.role.name.lower()} holds that power here. An order is not a key."
        )

    stage.step("The other authority")
    minting_stopped = False
    if freezer is None:
        stage.say(
            "Hong Kong's regulator has no more power here than the mainland's: the coin answers to nobody, so the "
            "disagreement never reaches the chain."
        )
    elif freezer is cast.central_bank:
        try:
            coin.unfreeze(cast.trader, case=HK_CASE, by=cast.regulator)
        except Unauthorized as refused:
            stage.say(
                f"Hong Kong's regulator tries to lift the freeze, for a trader it sees no case against; refused "
                f"({refused.rule}). On the sovereign coin it has no say at all."
            )
    elif freezer is cast.issuer:
        # Not in the role table: the story's issuer has a mainland parent company, so it obeys the order.
        coin.freeze(cast.trader, case=ORDER, by=cast.issuer)
        coin.set_minter_allowance(0, by=cast.issuer)
        minting_stopped = True
        order_effect = "through the issuer"
        prevailed = "the mainland, through the issuer"
        stage.say(
            "The issuer's parent company answers to mainland regulators, as Ant Group and JD.com do, so it obeys: it "
            "freezes the trader and stops its own minting. The order worked through the company, not the code."
        )
        try:
            coin.unfreeze(cast.trader, case=HK_CASE, by=cast.regulator)
        except (Unauthorized, PowerNotInRegime) as refused:
            stage.say(f"Hong Kong's regulator objects and tries to lift the freeze; refused ({refused.rule}).")
    elif confirmer is None:
        stage.say(
            "Hong Kong's regulator holds the powers and sees no Hong Kong offence; it declines. The issuer could stop "
            "minting off its own bat, but cannot freeze anyone."
        )
    else:
        coin.freeze(cast.trader, case=HK_CASE, by=freezer)
        order_effect = "provisional, then lapsed"
        stage.say(
            f"Hong Kong's regulator, on a mutual-assistance request, freezes the wallet provisionally (case {HK_CASE})."
        )
        stage.note_frozen(["trader"])
        stage.say(
            "The court is asked to confirm it. It finds no Hong Kong offence and declines; three days later the freeze "
            "lapses without anyone lifting it."
        )
        prevailed = "the court"
    stage.note_frozen(["trader"])
    # One horizon in every regime, past the due-process freeze's lapse, so that innocent holder-days compare:
    # a freeze still in force counts for the whole of it, a lapsed one only until it lapsed.
    provisional, _ = coin.periods()
    chain.advance_time(provisional + DAY)
    stage.say(f"{(provisional + DAY) // DAY} days pass.")

    stage.step("Can the trader pay?")
    payment = coins(rng.randint(5, 20) * 100)
    try:
        coin.transfer(cast.alice, payment, by=cast.trader)
        moved = True
        stage.say(f"The trader pays alice {stage.money(payment)}: the wallet works.")
    except AccountFrozen as refused:
        moved = False
        stage.say(f"The trader tries to pay alice {stage.money(payment)} and is refused ({refused.rule}).")

    frozen_end = stage.frozen_value(["trader"])
    # Whoever both freezes and lifts freezes decides alone; under due process the court must confirm.
    acted_alone = stage.sole_holder(Power.FREEZE, Power.UNFREEZE)
    verdict = {
        "none": "The mainland order had no effect on chain; the trader kept paying.",
        "immediate": "The central bank's order took effect at once, and Hong Kong could not undo it.",
        "through the issuer": "The order worked through the issuer, which obeyed its parent's regulator; Hong Kong could not undo it.",
        "provisional, then lapsed": "Hong Kong's regulator froze provisionally; the court declined and the freeze lapsed.",
    }[order_effect]
    stage.say(verdict)
    return stage.outcome(
        could_act_alone=acted_alone,
        verdict=verdict,
        extra={
            "order_effect": order_effect,
            "prevailed": prevailed,
            "trader_can_pay": "yes" if moved else "no",
            "frozen_at_end": frozen_end,
            "minting_stopped": "yes" if minting_stopped else "no",
        },
    )
