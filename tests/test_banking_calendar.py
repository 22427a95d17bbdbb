"""The banking calendar: fiat moves on working days in banking hours, and redemptions have a deadline."""

from __future__ import annotations

from coinage.experiments import get_experiment, run_experiment, simulate
from coinage.units import DAY, HOUR
from coinage.world.calendar import BankingCalendar

ECONOMY = get_experiment("economy")
FRIDAY = BankingCalendar(start_weekday=4)
"""A calendar whose day 0 is a Friday: day 1 and day 2 are the weekend, day 3 is Monday."""


def test_the_banks_are_open_on_working_days_in_banking_hours_only() -> None:
    """Friday 10:00 is open, Friday 18:00 and all of Saturday are closed; the next opening is Monday 09:00."""
    assert FRIDAY.is_open(10 * HOUR) and not FRIDAY.is_open(18 * HOUR)
    assert not any(FRIDAY.is_open(DAY + h * HOUR) for h in range(24))
    assert FRIDAY.next_open(18 * HOUR) == 3 * DAY + 9 * HOUR
    assert FRIDAY.next_open(10 * HOUR) == 10 * HOUR


def test_a_request_made_on_a_friday_night_is_due_at_tuesdays_close_under_one_working_day() -> None:
    """Received when the banks next open (Monday), due by the close of the next working day (Tuesday 17:00)."""
    assert FRIDAY.deadline(22 * HOUR, 1) == 4 * DAY + 17 * HOUR
    assert FRIDAY.deadline(10 * HOUR, 1) == 3 * DAY + 17 * HOUR  # Friday morning: due Monday's close
    assert FRIDAY.deadline(10 * HOUR, 0) == 17 * HOUR


def test_a_run_begun_on_a_friday_waits_for_monday_to_be_paid() -> None:
    """A hole on Friday's morning starts a run; no request is paid before Monday 09:00, so the mean wait is long."""
    params = {"payments_per_day": 0.2, "topup_rate": 0.0, "fraud_rate": 0.0, "reserve_loss_rate": 1.0, "run_sensitivity": 5.0}
    friday = simulate(ECONOMY.spec("issuer-controlled", seed=1, holders=30, days=5, params=params | {"start_weekday": 4}))
    monday = run_experiment(ECONOMY.spec("issuer-controlled", seed=1, holders=30, days=5, params=params | {"start_weekday": 0}))
    start, _ = friday.window
    payouts = [e.time - start for e in friday.deployment.timeline.entries if e.action == "mark_redemption_paid" and e.outcome == "ok"]
    assert payouts and min(payouts) >= 3 * DAY + 9 * HOUR
    assert friday.values["redemption_wait_hours"] > monday["redemption_wait_hours"] + 24


def test_a_shorter_deadline_makes_more_of_the_same_payouts_late() -> None:
    """The same run (same payouts) counts more requests late against a same-day deadline than against one working day."""
    params = {"payments_per_day": 0.2, "topup_rate": 0.0, "fraud_rate": 0.0, "reserve_loss_rate": 1.0, "run_sensitivity": 5.0, "start_weekday": 4}
    one_day = run_experiment(ECONOMY.spec("issuer-controlled", seed=1, holders=30, days=5, params=params))
    same_day = run_experiment(ECONOMY.spec("issuer-controlled", seed=1, holders=30, days=5, params=params | {"redemption_deadline_days": 0}))
    assert one_day["redemption_wait_hours"] == same_day["redemption_wait_hours"]
    assert same_day["redemptions_late"] > one_day["redemptions_late"]
