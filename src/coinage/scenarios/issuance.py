"""Scenario 1: licensed issuance and redemption at par, with reserves attested and reconciled.

The baseline every other scenario departs from: before asking who may stop money, show what the
coin promises when nothing goes wrong. Coins exist only against attested fiat, and come back as
fiat at par.
"""

from __future__ import annotations

import random

from ..deploy import Deployment
from ..enums import Power
from ..errors import NoAttestation, ReservesExceeded
from ..units import coins
from ._stage import SOURCES, Stage
from .narration import Narrator
from .outcome import Outcome

HOLDERS = ("alice", "bob", "carol")


def _rehearse_mint(stage: Stage, amount: int, when: str) -> None:
    """Show that a coin with no reserves on chain lets its minter mint `when`, then undo it."""
    with stage.d.snapshot():
        if (configurer := stage.holder_of(Power.CONFIGURE_MINTER)) is not None:
            # The issuer's own controller makes room for it: nothing outside the issuer is asked.
            stage.d.coin.set_minter_allowance(stage.d.coin.minter_allowance() + amount, by=configurer)
        minter = stage.holder_of(Power.MINT)
        assert minter is not None  # a coin without reserves on chain always has somebody who mints
        minted = stage.d.coin.mint(minter, amount, by=minter)
    stage.say(
        f"The issuer mints {stage.money(amount)} for itself {when}, and the contract accepts it (block "
        f"{minted.receipt.block_number}, undone here): nothing on chain knows the reserves."
    )


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Deposit, attest, mint, pay, redeem, pay out, reconcile; show the two refusals that guard par."""
    stage = Stage("issuance", deployment, narrator)
    coin, cast, bank = deployment.coin, deployment.cast, deployment.bank
    issuer = cast.issuer
    configurer = stage.holder_of(Power.CONFIGURE_MINTER)
    attested_on_chain = stage.holder_of(Power.ATTEST) is not None

    stage.step("The licence")
    stage.say(stage.setting())
    if issuer is cast.central_bank:
        stage.say(
            "There is no private issuer: the central bank issues the coin itself, as the People's Bank of "
            "China does with the e-CNY."
        )
    else:
        stage.say(
            f"A private issuer mints coins 1:1 against {coin.fiat_name} in a segregated reserve account, "
            "the model Hong Kong opened to licence applications in August 2025 "
            f"({SOURCES['ft']})."
        )
    limit = f"Who may set the issuer's minting limit: {configurer.name}." if configurer else "Nobody sets a minting limit."
    stage.say(f"{limit} Who attests reserves: " + ("the attestor." if attested_on_chain else "an auditor, off chain."))

    stage.step("Customers pay fiat in")
    # Small enough for the sovereign coin's anonymous wallets (10,000 balance, 2,000 per payment).
    deposits = {name: coins(rng.randint(10, 45) * 100) for name in HOLDERS}
    for name, amount in deposits.items():
        bank.receive(cast[name], amount)
        stage.say(f"{name} pays {stage.fiat(amount)} into the issuer's reserve account at the bank.")
    total = sum(deposits.values())

    stage.step("No attestation, no coins")
    if attested_on_chain:
        try:
            coin.mint(cast.alice, deposits["alice"], by=issuer)
        except NoAttestation as refused:
            stage.say(
                f"The issuer tries to mint before any auditor has attested the reserves; the coin refuses "
                f"({refused.rule}). Coins cannot run ahead of the money behind them."
            )
    else:
        _rehearse_mint(stage, deposits["alice"], "before any auditor has looked at the reserves")
    bank.attest(by=cast.attestor, report="AUDIT-0001")
    if attested_on_chain:
        stage.say(f"The attestor posts the bank balance, {stage.fiat(total)}, on chain under report AUDIT-0001.")
    else:
        stage.say(f"An auditor reports the bank balance, {stage.fiat(total)}, as AUDIT-0001, off chain: the contract never sees it.")
    if configurer is not None:
        coin.set_minter_allowance(2 * total, by=configurer)
        stage.say(f"{configurer.name} sets the minting limit to {stage.money(2 * total)}: room above the reserves.")
    minted = bank.issue()
    stage.say(f"The issuer mints {stage.money(minted)}: exactly the deposits, to the depositors.")

    stage.step("Reserves, not the minting limit, are the ceiling")
    extra_mint = coins(1)
    if attested_on_chain:
        try:
            coin.mint(issuer, extra_mint, by=issuer)
        except ReservesExceeded as refused:
            stage.say(
                f"The issuer tries to mint {stage.money(extra_mint)} more for itself. Its limit would allow it, but the "
                f"attested reserves do not ({refused.rule}): the supply may never exceed the audited fiat."
            )
    else:
        _rehearse_mint(stage, extra_mint, "beyond the audited reserves")

    stage.step("Payments and redemption at par")
    payment = coins(rng.randint(1, 9) * 100)
    coin.transfer(cast.bob, payment, by=cast.alice)
    stage.say(f"alice pays bob {stage.money(payment)} on chain.")
    to_redeem = min(coin.balance_of(cast.bob), coins(2_000))
    request = coin.redeem(to_redeem, by=cast.bob).request_id
    stage.say(f"bob hands back {stage.money(to_redeem)}: the coins are burned and redemption #{request} is queued.")
    paid = bank.pay_redemptions()
    stage.say(f"The issuer wires {stage.fiat(to_redeem)} from the reserve account and marks request(s) {paid} paid.")

    stage.step("Reconciliation")
    bank.attest(by=cast.attestor, report="AUDIT-0002")
    report = bank.reconcile()
    stage.say(
        f"Bank {stage.fiat(report.bank_balance)}, attested {stage.fiat(report.attested_reserves)}, supply "
        f"{stage.money(report.supply)}, unpaid redemptions {stage.money(report.unpaid_redemptions)}."
    )
    stage.say("Everything agrees: every coin is backed and every redemption was paid at par." if report.balanced
              else "Gaps: " + "; ".join(report.gaps))

    verdict = (
        f"Issued {stage.money(minted)} against attested fiat, redeemed {stage.money(to_redeem)} at par; "
        + ("bank and chain reconcile." if report.balanced else "reconciliation shows a gap.")
    )
    return stage.outcome(
        could_act_alone=configurer.name if configurer is not None else stage.name_of_holder(Power.MINT),
        verdict=verdict,
        extra={
            "minted": minted,
            "redeemed": to_redeem,
            "supply": report.supply,
            "reserves": report.bank_balance,
            "reconciled": "yes" if report.balanced else "no",
        },
    )
