"""Names and units a reader sees: fiat is HKD, coins are the coin's, shares are not floored."""

from __future__ import annotations

import re

from coinage import Regime, deploy_coin
from coinage.scenarios import RecordingNarrator, run_scenario


def test_fiat_at_the_bank_is_hkd_and_coins_are_chkd() -> None:
    """Deposits and the bank's balance are Hong Kong dollars; only coins on chain are cHKD."""
    narrator = RecordingNarrator()
    run_scenario("issuance", "regulator-controlled", narrator=narrator)
    text = narrator.transcript
    assert re.search(r"alice pays [\d,.]+ HKD into the issuer's reserve account", text), text
    assert re.search(r"The attestor posts the bank balance, [\d,.]+ HKD,", text)
    assert re.search(r"The issuer mints [\d,.]+ cHKD", text)


def test_the_sovereign_coin_is_named_as_central_bank_money() -> None:
    """The central bank's own coin is the digital Hong Kong dollar, not a private stablecoin's name."""
    coin = deploy_coin(Regime.SOVEREIGN).coin
    assert (coin.name(), coin.symbol()) == ("Digital Hong Kong Dollar", "e-HKD")
    assert deploy_coin(Regime.SOVEREIGN, name="Mine", symbol="MINE").coin.symbol() == "MINE"


def test_shortfall_shares_are_rounded_not_floored() -> None:
    """The paused run's loss per holder is 57.9%, not the floored 57%."""
    outcome = run_scenario("shortfall", "regulator-controlled")
    assert "(57.9% each)" in outcome.story_verdict
    assert outcome.extra["loss_per_loser_pct"] == "57.9"
