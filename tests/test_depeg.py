"""The depeg experiment: a shock when the bank is closed meets only the pool, and arbitrage restores par when it opens."""

from __future__ import annotations

from coinage.experiments import get_experiment, run_experiment
from coinage.experiments.depeg import PAR_BAND, simulate_depeg

DEPEG = get_experiment("depeg")


def test_a_friday_night_shock_holds_the_price_below_par_until_monday_and_arbitrage_restores_it() -> None:
    """Below 0.99 from the shock until the bank opens on Monday 09:00 (59 h), and back at par within the hour it opens."""
    run = simulate_depeg(DEPEG.spec("issuer-controlled", seed=1, holders=60))
    shock = 4 * 24 + 22
    assert run.reopened_hour == 7 * 24 + 9
    assert all(price < PAR_BAND for price in run.prices[shock : run.reopened_hour])
    assert run.values["hours_to_par"] == 0 and run.values["hours_below_par"] == run.reopened_hour - shock
    assert run.values["lowest_price"] < 1 - 0.08 + 1e-9  # weekend buyers hold the worst case, par less the hole, at most


def test_an_unbacked_coin_never_returns_to_par() -> None:
    """With no redemption at par nobody arbitrages: the price stays below 0.99 to the horizon."""
    values = run_experiment(DEPEG.spec("issuer-controlled", seed=1, holders=60, params={"redeemable": False}))
    assert values["hours_to_par"] is None and values["net_redeemed_share"] == 0.0 and values["lowest_price"] < 0.9


def test_without_arbitrageurs_the_reopening_does_not_restore_par() -> None:
    """Arbitrage is the mechanism: with nobody to buy below par and redeem, the bank's opening leaves the price low."""
    values = run_experiment(DEPEG.spec("issuer-controlled", seed=1, holders=60, params={"arbitrageurs": 0}))
    assert values["hours_to_par"] is None


def test_a_shock_while_the_bank_is_open_is_met_by_redemptions_and_the_price_barely_moves() -> None:
    """The same shock on a Wednesday at 09:00, all panic within banking hours: holders redeem at par, nobody sells."""
    values = run_experiment(DEPEG.spec("issuer-controlled", seed=1, holders=60, params={"shock_day": 2, "shock_hour": 9.0}))
    assert values["hours_below_par"] == 0 and values["sold_on_market"] == 0 and values["net_redeemed_share"] > 0
