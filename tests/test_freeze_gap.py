"""From freeze order to effect: the delay each freezer needs, and what a watching thief moves out meanwhile."""

from __future__ import annotations

import random

import pytest

from coinage.enums import Role
from coinage.experiments import get_experiment, run_experiment
from coinage.world.freeze_gap import FreezeLatency

ECONOMY = get_experiment("economy")
GAP = {"payments_per_day": 0.2, "topup_rate": 0.0, "fraud_rate": 20.0, "authority_error_rate": 0.0, "cashout_hours": 48.0}
"""Thefts every day, no mistaken orders, and a thief who, unless he watches, waits two days to cash out."""


def test_an_issuer_multisig_waits_for_every_signer_and_an_authority_for_its_review() -> None:
    """The issuer's delay is a sum of k seeded exponential draws; an authority's is fixed; a court order adds its days."""
    latency = FreezeLatency(signers=3, signer_delay_hours=2.0, authority_delay_hours=1.5, court_order_days=2.0)
    rng, same = random.Random("t:gap"), random.Random("t:gap")
    expected = round(sum(same.expovariate(1 / 7200) for _ in range(3)))
    assert latency.delay(Role.ISSUER, rng) == expected
    assert latency.delay(Role.REGULATOR, rng) == latency.delay(Role.CENTRAL_BANK, rng) == 5400
    court_first = FreezeLatency(3, 2.0, 1.5, court_order_days=2.0, court_order_first=True)
    assert court_first.delay(Role.REGULATOR, rng) == 5400 + 2 * 86400


@pytest.mark.parametrize("regime", ["issuer-controlled", "regulator-controlled"])
def test_a_watching_thief_moves_everything_out_before_the_freeze_and_one_not_watching_does_not(regime: str) -> None:
    """With every thief watching, all loot within reach of an order escapes and nothing is recovered; with none
    watching, nothing escapes and the freeze recovers the loot."""
    watching = run_experiment(ECONOMY.spec(regime, seed=3, holders=40, days=2, params=GAP | {"watchful_share": 1.0}))
    asleep = run_experiment(ECONOMY.spec(regime, seed=3, holders=40, days=2, params=GAP | {"watchful_share": 0.0}))
    assert watching["stolen"] and watching["escaped"] > 0 and watching["escaped_share"] == 1.0
    assert watching["recovered"] < watching["stolen"]
    assert asleep["escaped"] == 0 and asleep["escaped_share"] == 0.0 and asleep["recovered_share"] == 1.0


def test_the_median_delay_is_the_authoritys_under_regulator_control_and_none_without_a_freezer() -> None:
    """A regulator's freezes take authority_delay_hours exactly; a permissionless coin has no order to delay."""
    regulator = run_experiment(ECONOMY.spec("regulator-controlled", seed=3, holders=40, days=2, params=GAP | {"authority_delay_hours": 3.0}))
    nobody = run_experiment(ECONOMY.spec("permissionless", seed=3, holders=40, days=2, params=GAP))
    assert regulator["freeze_delay_hours"] == 3.0
    assert nobody["freeze_delay_hours"] is None and nobody["escaped"] == 0 and nobody["escaped_share"] is None


def test_a_thief_who_cashes_out_in_the_gap_escapes_even_without_watching() -> None:
    """An order slower than the thief's own cash-out lets the loot go: escaped counts any move in the gap."""
    slow = GAP | {"watchful_share": 0.0, "cashout_hours": 2.0, "report_hours": 0.0, "reaction_hours": 0.0, "authority_delay_hours": 10.0}
    values = run_experiment(ECONOMY.spec("regulator-controlled", seed=3, holders=40, days=2, params=slow))
    assert values["escaped"] > 0 and values["recovered"] < values["stolen"]
