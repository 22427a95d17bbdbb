"""Scenario 5: a reserve shortfall and a run. Who loses when the money behind the coin is not there?

Control powers cannot conjure missing reserves. What they change is who bears the loss: with no one
able to stop the run, the bank pays first come, first served until it is empty, and the last in line
lose; a regulator able to pause turns the run into a shared haircut, but only from the moment it acts.
"""

from __future__ import annotations

import random

from ..deploy import Deployment
from ..enums import Power, Regime
from ..errors import EnforcedPause, PowerNotInRegime, ReservesExceeded, Unauthorized
from ..units import coins
from ._stage import Stage
from .narration import Narrator
from .outcome import Outcome

HOLDERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")
REGIMES = (Regime.PERMISSIONLESS, Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.DUE_PROCESS)
"""Not the sovereign coin: a central bank issuing its own money cannot run out of it."""
CASE = "HKMA-RES-2025-031"
REGULATOR_REACTION = 3
"""Redemptions that go through before a regulator can act: the regulator reads the same attestation
the market does, and needs a few blocks to decide."""


def _snapshot(stage: Stage) -> None:
    coin, bank = stage.d.coin, stage.d.bank
    reserves, _, _ = coin.attestation()
    stage.record(
        block=stage.d.chain.block_number,
        supply=coin.total_supply(),
        attested=reserves,
        bank=bank.balance,
        unpaid=coin.outstanding_redemptions(),
    )


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Fund, lose reserves off chain, attest the gap, refuse a mint, then run the redemption queue."""
    stage = Stage("shortfall", deployment, narrator)
    coin, cast, bank = deployment.coin, deployment.cast, deployment.bank

    stage.step("Setting")
    stage.say(stage.setting())
    stage.fund({name: coins(rng.randint(5, 15) * 100) for name in HOLDERS}, headroom=coins(10_000))
    supply = coin.total_supply()
    stage.say(f"Eight holders hold {stage.money(supply)}, backed one for one by the reserve account.")
    _snapshot(stage)

    stage.step("The hole")
    loss = supply * rng.randint(25, 40) // 100
    bank.record_loss(loss, reason="failed money-market fund")
    bank.attest(by=cast.attestor, report="AUDIT-0002")
    stage.say(
        f"The issuer had put {stage.money(loss)} of the reserves in a fund that fails. The next attestation shows "
        f"{stage.fiat(bank.balance)} against {stage.money(supply)} of coins."
    )
    _snapshot(stage)
    if stage.holder_of(Power.ATTEST) is None:
        # Nothing on chain knows the reserves: show that the mint goes through, then undo it, so the
        # run's numbers stay those of the hole alone.
        with deployment.snapshot():
            minted = coin.mint(cast.issuer, coins(1_000), by=cast.issuer)
        stage.say(
            f"The issuer tries to mint {stage.money(coins(1_000))} for its own needs, and the contract accepts it "
            f"(block {minted.receipt.block_number}, undone here): no reserve figure exists on chain, so "
            + ("only the minter allowance the issuer set for itself limits new coins."
               if stage.holder_of(Power.CONFIGURE_MINTER) is not None
               else "and with no minter allowance either, an agent mints as much as it likes.")
        )
    else:
        try:
            coin.mint(cast.issuer, coins(1_000), by=cast.issuer)
        except ReservesExceeded as refused:
            stage.say(
                f"The issuer tries to mint coins to cover its own needs and is refused ({refused.rule}): the chain "
                "will not let the supply outgrow the attested reserves. Minting has halted by itself."
            )

    stage.step("The run")
    queue = list(HOLDERS)
    rng.shuffle(queue)
    stage.mark_harm(deployment.chain.block_number)
    stage.say(f"Everyone reads the attestation. They line up to redeem in this order: {', '.join(queue)}.")
    # The regulator is the party with a reason to stop a run; an issuer that could pause (issuer-controlled)
    # has no reason to freeze its own redemptions, so the story has only the regulator try.
    regulator_can_pause = stage.holder_of(Power.PAUSE) is cast.regulator
    paused = False
    got_out: list[str] = []
    stuck: list[str] = []
    for position, name in enumerate(queue):
        if position == REGULATOR_REACTION and regulator_can_pause:
            coin.pause(case=CASE, by=cast.regulator)
            paused = True
            stage.say(
                f"After {position} redemptions the regulator pauses the coin under case {CASE}, to stop a first-come, "
                "first-served run and share the loss in an orderly resolution."
            )
            stage.note_frozen(queue)
        elif position == REGULATOR_REACTION:
            try:
                coin.pause(case=CASE, by=cast.regulator)
            except PowerNotInRegime as refused:
                stage.say(f"The regulator would stop the run; it cannot ({refused.rule}).")
            except Unauthorized as refused:
                stage.say(
                    f"The regulator would stop the run; it cannot ({refused.rule}). The issuer could pause, but a "
                    "pause would not refill its reserves, and it does not."
                )
        amount = coin.balance_of(cast[name])
        try:
            coin.redeem(amount, by=cast[name])
        except EnforcedPause:
            stuck.append(name)
            continue
        paid = bank.pay_redemptions()
        got_out.append(name)
        _snapshot(stage)
        if not paid:
            stage.say(f"{name} redeems {stage.money(amount)}; the bank cannot pay it (it holds {stage.fiat(bank.balance)}).")

    stage.step("Who loses")
    unpaid_ids = []
    for request_id in range(coin.redemption_count()):
        holder, amount, done = coin.redemption(request_id)
        if not done:
            unpaid_ids.append(request_id)
    unpaid_names = [cast.name_of(coin.redemption(i)[0]) for i in unpaid_ids]
    claims_left = coin.outstanding_redemptions() + coin.total_supply()
    cash_left = bank.balance
    lost = claims_left - cash_left
    losers = unpaid_names + stuck
    claims = {name: coin.balance_of(cast[name]) for name in stuck}
    for request_id in unpaid_ids:
        holder, amount, _ = coin.redemption(request_id)
        claims[cast.name_of(holder)] = claims.get(cast.name_of(holder), 0) + amount
    for name, claim in claims.items():  # what is left is shared in proportion to the claims
        stage.lose(name, claim * lost // claims_left)
    # To one decimal, not floored: 57.9% is not 57%.
    haircut = f"{round(lost * 100 / claims_left, 1):g}" if claims_left else "0"
    paid_count = len(got_out) - len(unpaid_names)
    if stuck:
        stage.say(
            f"{paid_count} holders got out at par before the pause. {len(stuck)} holders' coins are held by the pause; "
            f"the {stage.fiat(cash_left)} left is shared among their {stage.money(claims_left)} of claims: each loses {haircut}%."
        )
    else:
        stage.say(
            f"The bank paid {paid_count} redemptions in full, then ran dry. {', '.join(unpaid_names)} came last and "
            f"are unpaid: {stage.money(claims_left)} of claims against {stage.fiat(cash_left)} left, a {haircut}% loss for them."
        )
    verdict = (
        f"A {stage.money(lost)} hole: first {paid_count} redeemers paid in full; "
        + (f"the pause spread the loss over {len(losers)} holders ({haircut}% each)." if stuck
           else f"the last {len(losers)} in the queue bear all of it ({haircut}% of their claims).")
    )
    stage.say(verdict)
    return stage.outcome(
        lost=lost,
        # Whoever holds the pause could have stopped the run alone, whether or not it did.
        could_act_alone=stage.name_of_holder(Power.PAUSE),
        verdict=verdict,
        extra={
            "reserve_loss": loss,
            "paid_in_full": paid_count,
            "unpaid_redeemers": len(unpaid_names),
            "paused_holders": len(stuck),
            "loss_per_loser_pct": haircut,
            "cash_left": cash_left,
        },
    )
