"""Scenario 4: overreach. A political mass freeze of everyone who paid a protest organiser.

The case against control powers: the power that freezes a fraudster also freezes a protester, and
anyone who once paid one. The story counts the innocent holders hit, and checks whether the
due-process safeguard (freezes lapse unless a court confirms) bounds the damage.
"""

from __future__ import annotations

import random

from ..actors import Actor
from ..deploy import DAY, Deployment
from ..enums import Power
from ..errors import FreezeCoolingOff, MissingCaseReference, PowerNotInRegime
from ..units import coins
from ._stage import Stage
from .narration import Narrator
from .outcome import Outcome

CROWD = (
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
    "ken", "laura", "mike", "nina", "oscar", "peggy", "quinn", "rita", "sam", "tina",
)
HOLDERS = ("organiser", *CROWD)
CASE = "ORDER-2025-PUBLIC-ORDER"
CASE_AGAIN = "ORDER-2025-PUBLIC-ORDER-2"
"""The new case under which the authority tries to freeze the organiser again once the first freeze lapses."""
DAYS_WATCHED = 5


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Donations and purchases to an organiser; a freeze of all who paid; then five days of watching."""
    stage = Stage("overreach", deployment, narrator)
    coin, cast, chain = deployment.coin, deployment.cast, deployment.chain
    regime = deployment.regime

    stage.step("Setting")
    stage.say(stage.setting())
    stage.fund({name: coins(rng.randint(2, 20) * 100) for name in HOLDERS})
    stage.say(f"Twenty people and an organiser of a lawful protest hold {stage.money(coin.total_supply())} between them.")

    stage.step("Who paid the organiser")
    protesters = sorted(rng.sample(CROWD, 6))
    others = [name for name in CROWD if name not in protesters]
    customers = sorted(rng.sample(others, 3))
    payers = sorted(protesters + customers)
    for name in payers:
        coin.transfer(cast.organiser, coins(rng.randint(1, 10) * 10), by=cast[name])
    stage.mark_harm(chain.block_number - 1)
    stage.say(f"{', '.join(protesters)} donate to the organiser's protest fund.")
    stage.say(f"{', '.join(customers)} buy T-shirts from the organiser's shop; they have nothing to do with the protest.")

    stage.step("The order: freeze everyone who paid the organiser")
    targets = ["organiser", *payers]
    freezer = stage.holder_of(Power.FREEZE)
    # Where a second role must confirm a freeze, the first one's freeze is provisional and lapses.
    confirmer = stage.holder_of(Power.CONFIRM_FREEZE)
    if freezer is None:
        try:
            coin.freeze(cast.organiser, case=CASE, by=cast.regulator)
        except PowerNotInRegime as refused:
            stage.say(f"The authority orders the freezes; the coin refuses ({refused.rule}). Nobody can freeze anyone.")
    else:
        if stage.requires_case(Power.FREEZE):
            try:
                coin.freeze(cast.organiser, case="", by=freezer)
            except MissingCaseReference as refused:
                stage.say(f"A freeze with no case reference is refused ({refused.rule}); the regulator must put its order on the record.")
        with chain.batch():
            for name in targets:
                coin.freeze(cast[name], case=CASE, by=freezer)
        stage.say(
            f"The {freezer.name.replace('_', ' ')} freezes the organiser and all {len(payers)} people who paid them, "
            f"in one block, {stage.under_case(CASE)}."
        )
    frozen_now = stage.note_frozen(HOLDERS)
    hit = [name for name in HOLDERS if coin.is_frozen(cast[name])]
    stage.say(f"Frozen: {len(hit)} holders, {stage.money(frozen_now)} of {stage.money(coin.total_supply())}.")
    stage.record(day=0, frozen=frozen_now, holders_frozen=len(hit))

    stage.step("The following days")
    if confirmer is not None:
        stage.say(
            "The regulator asks the court to confirm the freezes. The court finds no offence in donating to a lawful "
            "protest, or in buying a T-shirt, and declines. It does not need to act: the freezes are provisional."
        )
    elif freezer is not None:
        stage.say(f"Nobody has to confirm the {freezer.name.replace('_', ' ')}'s freezes, and nobody can lift them but it.")
    # Only a coin where a second party confirms freezes has provisional ones, with a period to lapse after.
    provisional = coin.periods()[0] if confirmer is not None else 0
    tried_again = False
    for day in range(1, DAYS_WATCHED + 1):
        chain.advance_time(DAY)
        frozen = stage.frozen_value(HOLDERS)
        count = sum(coin.is_frozen(cast[name]) for name in HOLDERS)
        stage.record(day=day, frozen=frozen, holders_frozen=count)
        if confirmer is not None and freezer is not None and not tried_again and not coin.is_frozen(cast.organiser):
            tried_again = True
            _freeze_again(stage, freezer, day, provisional)
    frozen_end = stage.series["frozen"][-1]
    end_count = stage.series["holders_frozen"][-1]
    if confirmer is not None:
        stage.say(
            f"After {provisional // DAY} days the provisional freezes lapse on their own: frozen value falls from "
            f"{stage.money(frozen_now)} to {stage.money(frozen_end)}, without anybody having to unfreeze anyone."
        )
    elif frozen_now:
        stage.say(f"After {DAYS_WATCHED} days {end_count} holders are still frozen, with {stage.money(frozen_end)}.")

    innocent = len(hit)
    supply = coin.total_supply()
    share_peak = frozen_now * 1000 // supply
    share_end = frozen_end * 1000 // supply
    if not hit:
        verdict = "Nobody could freeze anybody: no innocent holder was hit (and no guilty one could be)."
    elif confirmer is not None:
        verdict = (
            f"{innocent} innocent holders frozen for {provisional // DAY} days; without a court's confirmation "
            "every freeze lapsed."
        )
    else:
        verdict = (
            f"{innocent} innocent holders ({len(customers)} of them mere customers) frozen indefinitely "
            f"on one actor's word."
        )
    stage.say(verdict)
    return stage.outcome(
        could_act_alone=freezer.name if freezer is not None else "nobody",
        verdict=verdict,
        extra={
            "protesters": len(protesters),
            "bystanders_hit": sum(1 for name in customers if name in hit),
            "frozen_at_end": frozen_end,
            "holders_frozen_at_end": end_count,
            "frozen_share_peak_permille": share_peak,
            "frozen_share_end_permille": share_end,
            "supply": supply,
        },
    )


def _freeze_again(stage: Stage, freezer: Actor, day: int, provisional: int) -> None:
    """The moment the provisional freezes lapse, the authority orders the organiser frozen again, under a new case."""
    coin, cast = stage.d.coin, stage.d.cast
    who = freezer.name.replace("_", " ")
    try:
        coin.freeze(cast.organiser, case=CASE_AGAIN, by=freezer)
    except FreezeCoolingOff as refused:
        stage.say(
            f"On day {day}, as soon as the organiser can move again, the {who} orders them frozen again under a new "
            f"case, {CASE_AGAIN}. The coin refuses ({refused.rule}): after a freeze ends, no new one for {provisional // DAY} days, "
            "so chaining provisional freezes cannot keep anyone frozen; only the court could."
        )
    else:
        stage.say(
            f"On day {day}, as soon as the organiser can move again, the {who} freezes them again under a new case, "
            f"{CASE_AGAIN}, with no court involved."
        )
