"""The population economy: the fraud story's figures, hand-checked harm, runs, caps, determinism, bad input."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from coinage import Regime, WalletTier, coins
from coinage.deploy import DAY
from coinage.errors import InvalidInput, TierPaymentCapAboveDailyCap
from coinage.experiments import get_experiment, run_experiment, simulate
from coinage.scenarios import run_scenario

ECONOMY = get_experiment("economy")
QUIET = {"payments_per_day": 0.5, "topup_rate": 0.0}
INSTANT_FREEZE = {"signer_delay_hours": 0.0, "authority_delay_hours": 0.0, "watchful_share": 0.0}
"""A freeze takes effect the moment it is ordered, and no thief watches for orders."""
FRAUD_STORY = QUIET | INSTANT_FREEZE | {"fraud_rate": 50.0, "authority_error_rate": 0.0, "report_hours": 0.0, "reaction_hours": 0.0, "cashout_hours": 48.0}
"""The fraud story's conditions: the victim reports at once, the authority never errs and its freeze takes
effect at once, the thief is slow to cash out."""


@pytest.mark.parametrize("regime", list(Regime))
def test_the_fraud_story_parameters_reproduce_its_key_figures(regime: Regime) -> None:
    values = run_experiment(ECONOMY.spec(regime, seed=2, holders=20, days=2, params=FRAUD_STORY))
    story = run_scenario("fraud", regime)
    assert values["stolen"]
    assert values["recovered_share"] == story.funds_recovered / story.funds_stolen  # 0 without a freeze power, else 1
    assert (values["lost"] == 0) == (story.funds_lost == 0)
    assert values["could_act_alone"] == story.could_act_alone
    assert (values["hours_to_recover"] is None) == (story.hours_until_recovered is None)
    if regime is Regime.DUE_PROCESS:
        assert values["hours_to_recover"] >= 24  # the court sits a day later, as in the story


def test_mistaken_freezes_last_until_the_error_is_found_or_the_court_lifts_them() -> None:
    """Every order hits an innocent holder, who stays frozen error_found_days (2), or court_delay_days (1)
    under due process, cut short by the end of the horizon: summed by hand from the freezes' times."""
    params = FRAUD_STORY | {"authority_error_rate": 1.0, "error_found_days": 2.0, "court_delay_days": 1.0}
    for regime, delay in (("regulator-controlled", 2 * DAY), ("due-process", DAY)):
        run = simulate(ECONOMY.spec(regime, seed=2, holders=20, days=4, params=params))
        _, end = run.window
        freezes = [e.time for e in run.deployment.timeline.entries if e.action == "freeze" and e.outcome == "ok"]
        assert freezes and run.values["recovered"] == 0
        by_hand = sum(min(at + delay, end) - at for at in freezes) / DAY
        assert run.values["innocent_frozen_days"] == pytest.approx(by_hand, abs=0.01)
        assert 1 <= run.values["innocent_frozen"] <= len(freezes)


def test_a_court_slower_than_the_provisional_freeze_lets_thieves_go() -> None:
    """Freezes lapse after a day; a court sitting after half a day recovers everything, one sitting after two does not."""
    params = FRAUD_STORY | {"provisional_freeze_days": 1.0, "cashout_hours": 1.0}
    fast = run_experiment(ECONOMY.spec("due-process", seed=2, holders=20, days=4, params=params | {"court_delay_days": 0.5}))
    slow = run_experiment(ECONOMY.spec("due-process", seed=2, holders=20, days=4, params=params | {"court_delay_days": 2.0}))
    assert fast["recovered_share"] == 1.0
    assert slow["stolen"] and slow["recovered_share"] < 0.5 and slow["hours_to_act"] is not None


def test_a_reserve_loss_starts_a_run_whose_losses_fall_on_the_late() -> None:
    params = QUIET | {"fraud_rate": 0.0, "reserve_loss_rate": 1.0, "reserve_loss_share": 0.3, "run_sensitivity": 2.0}
    run = run_experiment(ECONOMY.spec("regulator-controlled", seed=1, holders=30, days=2, params=params))
    paused = run_experiment(ECONOMY.spec("regulator-controlled", seed=1, holders=30, days=2, params=params | {"pause_in_shortfall": True}))
    assert run["redemption_loss"] > 0 and run["redemption_loss_last"] > 0.9  # first come, first served
    assert paused["redemption_loss_last"] < run["redemption_loss_last"]  # a pause shares the loss
    assert paused["innocent_hit"] > run["innocent_hit"]  # but holds everybody in place


def test_wallet_caps_refuse_large_payments_only_on_the_coin_that_has_them() -> None:
    params = QUIET | {"fraud_rate": 0.0, "payment_median": 3_000, "mean_balance": 5_000}
    capped = run_experiment(ECONOMY.spec("sovereign", seed=1, holders=20, days=1, params=params))
    free = run_experiment(ECONOMY.spec("permissionless", seed=1, holders=20, days=1, params=params))
    assert capped["payments_refused_caps"] > 0 and free["payments_refused_caps"] == 0


def test_the_same_spec_gives_the_same_values_and_the_same_ledger() -> None:
    spec = ECONOMY.spec("due-process", seed=7, holders=25, days=2)
    first, second = simulate(spec), simulate(spec)
    assert first.values == second.values
    assert first.deployment.timeline.entries == second.deployment.timeline.entries
    assert first.deployment.bank.entries == second.deployment.bank.entries
    other = simulate(ECONOMY.spec("due-process", seed=8, holders=25, days=2))
    assert other.deployment.timeline.entries != first.deployment.timeline.entries


def test_every_regime_meets_the_same_thefts_payments_deposits_and_losses_for_one_seed() -> None:
    """For one seed, every regime sees the same thefts at the same times, the same payment attempts, top-ups
    and reserve losses (common random numbers); only what the rules make of them differs."""
    params = {"fraud_rate": 40.0, "authority_error_rate": 0.5, "reserve_loss_rate": 0.5, "topup_rate": 0.1, "cashout_hours": 1.0}
    runs = {regime: simulate(ECONOMY.spec(regime, seed=5, holders=30, days=3, params=params)) for regime in Regime}
    first = runs[Regime.PERMISSIONLESS].attempts
    kinds = {attempt.kind for attempt in first}
    assert kinds == {"payment", "theft", "deposit", "reserve loss"}
    for regime, run in runs.items():
        assert run.attempts == first, regime
    assert len({tuple(sorted(run.values.items(), key=str)) for run in runs.values()}) > 1  # the rules still matter


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"params": {"fraud_rate": -1}}, "fraud_rate lies in 0 to 1,000"),
        ({"params": {"authority_error_rate": 1.5}}, "authority_error_rate lies in 0 to 1"),
        ({"params": {"pause_in_shortfall": "maybe"}}, "pause_in_shortfall is true or false"),
        ({"params": {"court_dealy_days": 1}}, "unknown parameter 'court_dealy_days'"),
        ({"holders": 5}, "holders is between 10 and 20,000"),
        ({"days": 0}, "days is between 1 and 365"),
    ],
)
def test_bad_parameters_are_refused_in_one_line(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        ECONOMY.spec("due-process", **kwargs)  # type: ignore[arg-type]
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_every_parameter_parses_its_default_from_text() -> None:
    for parameter in ECONOMY.parameters:
        assert parameter.parse(str(parameter.default).lower()) == parameter.default


def test_tier_caps_are_parameters_of_the_sovereign_coin() -> None:
    """A lower anonymous payment cap refuses more payments; the contract reports the caps it was given."""
    params = QUIET | {"fraud_rate": 0.0, "payment_median": 300, "verified_share": 0.0}
    low = simulate(ECONOMY.spec("sovereign", seed=1, holders=20, days=1, params=params | {"anonymous_payment_cap": 100}))
    default = simulate(ECONOMY.spec("sovereign", seed=1, holders=20, days=1, params=params))
    assert low.values["payments_refused_caps"] > default.values["payments_refused_caps"]
    assert low.deployment.coin.tier_limits(WalletTier.ANONYMOUS) == (coins(10_000), coins(100), coins(5_000))


def test_a_payment_cap_above_the_daily_cap_is_refused_in_one_line() -> None:
    """The sovereign coin refuses to deploy with a payment cap above its daily cap, naming the rule and both caps in one line."""
    spec = ECONOMY.spec("sovereign", holders=10, days=1, params={"anonymous_payment_cap": 6_000})
    with pytest.raises(
        TierPaymentCapAboveDailyCap,
        match=r"^TierPaymentCapAboveDailyCap\(tier=ANONYMOUS, payment_cap=6,000.00 \(6000000000 base units\), "
        r"daily_cap=5,000.00 \(5000000000 base units\)\)$",
    ):
        simulate(spec)


def test_the_method_page_describes_every_parameter_and_metric_as_the_code_does() -> None:
    """docs/method.md's economy section is what scripts/make_method_doc.py writes from the code today."""
    root = Path(__file__).resolve().parent.parent
    script = runpy.run_path(str(root / "scripts" / "make_method_doc.py"))
    text = (root / "docs" / "method.md").read_text(encoding="utf-8")
    section = text.split(script["START"], 1)[1].split(script["END"], 1)[0]
    assert script["START"] + section + script["END"] == script["render"](), "run python scripts/make_method_doc.py"
    assert all(f"`{parameter.name}`" in section for parameter in ECONOMY.parameters)
