"""Every figure Coinage reports, defined once: its key, its column header, its unit and what it measures.

The scripted scenarios, the population experiments, `coinage compare`, `coinage sweep`, the reports and
`--help` all read these definitions, so a metric means the same thing wherever it is shown. Values are
plain numbers: amounts in base units (see `coinage.units`), shares as fractions from 0 to 1, durations in
simulated hours or blocks, gas in gas units. `Metric.format` turns one into text for people.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .errors import UnknownName
from .units import format_coins


class Unit(Enum):
    """What a metric's number counts; the header shows the unit, so a column never needs explaining twice."""

    COINS = "coins"
    SHARE = "%"
    HOLDERS = "holders"
    HOLDER_DAYS = "holder-days"
    HOURS = "h"
    BLOCKS = "blocks"
    GAS = "gas"
    PAYMENTS = "payments"
    REQUESTS = "requests"
    PRICE = "$"
    ACTOR = ""

    @property
    def numeric(self) -> bool:
        """Whether values of this unit can be averaged (an actor's name cannot)."""
        return self is not Unit.ACTOR

    @property
    def domain(self) -> tuple[float, float]:
        """The values a figure of this unit can take: shares from 0 to 1, every count and amount from 0 up."""
        return (0.0, 1.0) if self is Unit.SHARE else (0.0, math.inf)


Value = int | float | str | None
"""A metric's value in one run: a number, an actor's name, or None where it does not apply."""


@dataclass(frozen=True)
class Metric:
    """One figure: `key` names it in tables and JSON, `label` is the short header, `definition` one line."""

    key: str
    label: str
    unit: Unit
    definition: str

    @property
    def header(self) -> str:
        """The column header, with the unit: ``recovered (coins)``."""
        return f"{self.label} ({self.unit.value})" if self.unit.value else self.label

    @property
    def numeric(self) -> bool:
        return self.unit.numeric

    @property
    def domain(self) -> tuple[float, float]:
        """Where this metric's values, and so every interval around them, must lie."""
        return self.unit.domain

    def format(self, value: Value) -> str:
        """`value` for people: coins with two decimals, shares as percent, '-' where it does not apply."""
        if value is None:
            return "-"
        if isinstance(value, str):
            return value
        if self.unit is Unit.COINS:
            return format_coins(round(value))
        if self.unit is Unit.HOURS:
            return f"{value:,.2f}"  # a block is 12 s: hundredths of an hour keep one block visible
        if self.unit is Unit.SHARE:
            return f"{value * 100:.1f}"
        if self.unit is Unit.PRICE:
            return f"{value:.4f}"
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.1f}"
        return f"{int(value):,}"

    def describe(self) -> str:
        """The one-line definition as printed under every report and in `--help`."""
        return f"{self.header}: {self.definition}"


def _metrics(*metrics: Metric) -> dict[str, Metric]:
    return {metric.key: metric for metric in metrics}


METRICS: dict[str, Metric] = _metrics(
    Metric("stolen", "stolen", Unit.COINS, "value taken from holders by fraud or phishing"),
    Metric("recovered", "recovered", Unit.COINS, "stolen value an authority took back and returned to its owner"),
    Metric("recovered_share", "recovered", Unit.SHARE, "recovered as a share of stolen; '-' when nothing was stolen"),
    Metric(
        "lost",
        "lost",
        Unit.COINS,
        "value that ended with the wrong party or nowhere: stolen and not returned, or redemption claims left unpaid",
    ),
    Metric("frozen_peak", "frozen peak", Unit.COINS, "the most value held in place by freezes or a pause at any one moment"),
    Metric(
        "innocent_hit",
        "innocent hit",
        Unit.HOLDERS,
        "holders who did nothing wrong and lost money, were frozen or held by a pause, or were refused a payment by a control rule",
    ),
    Metric("innocent_frozen", "innocent frozen", Unit.HOLDERS, "holders who did nothing wrong and were frozen at some moment"),
    Metric(
        "innocent_frozen_days",
        "innocent frozen",
        Unit.HOLDER_DAYS,
        "the days each innocent holder stayed frozen, summed over holders (a freeze still in force counts to the end)",
    ),
    Metric(
        "hours_to_act",
        "time to act",
        Unit.HOURS,
        "simulated hours from the harm to the first control action that took effect; '-' when nobody acted",
    ),
    Metric("blocks_to_act", "time to act", Unit.BLOCKS, "blocks from the harm to the first control action that took effect"),
    Metric(
        "hours_to_recover",
        "time to recover",
        Unit.HOURS,
        "simulated hours from the harm until stolen value first went back to its owner; '-' when it never did",
    ),
    Metric(
        "freeze_delay_hours",
        "freeze delay",
        Unit.HOURS,
        "median simulated hours from a freeze order (visible on chain) to its effect, over the orders that took effect",
    ),
    Metric(
        "escaped",
        "escaped",
        Unit.COINS,
        "value a fraudster moved out of reach after a freeze order against him was given and before it took effect",
    ),
    Metric(
        "escaped_share",
        "escaped",
        Unit.SHARE,
        "escaped as a share of what the fraudsters held while orders against them were pending (held at the order, plus loot received before the effect); '-' without such orders",
    ),
    Metric(
        "redemption_wait_hours",
        "redemption wait",
        Unit.HOURS,
        "mean simulated hours from a redemption request to its payout in fiat, over requests paid within the horizon (banks pay only in banking hours on working days)",
    ),
    Metric(
        "redemptions_late",
        "redemptions late",
        Unit.REQUESTS,
        "redemption requests paid after their deadline (redemption_deadline_days working days), or unpaid when it passed",
    ),
    Metric("redemption_loss", "redemption loss", Unit.COINS, "redemption claims that the reserves could not pay"),
    Metric(
        "redemption_loss_last",
        "loss borne late",
        Unit.SHARE,
        "share of the redemption loss borne by the last half of the queue (1.0: the late redeemers bear all of it)",
    ),
    Metric("payments_refused_caps", "refused by caps", Unit.PAYMENTS, "payments the wallet-tier caps refused"),
    Metric("control_gas", "control gas", Unit.GAS, "gas of the control transactions that took effect (freeze, seize, pause...)"),
    Metric(
        "lowest_price",
        "lowest price",
        Unit.PRICE,
        "the coin's lowest market price in reference dollars from the shock on, read from the pool each hour after the panic's sales and before arbitrage answers them",
    ),
    Metric(
        "hours_below_par",
        "below 0.99",
        Unit.HOURS,
        "simulated hours from the shock on during which the coin's market price stood below 0.99",
    ),
    Metric(
        "hours_to_par",
        "back to par",
        Unit.HOURS,
        "simulated hours from the first bank opening after the shock until the market price is back at 0.99 or more; '-' never",
    ),
    Metric(
        "net_redeemed_share",
        "net redeemed",
        Unit.SHARE,
        "coins redeemed at par (by holders and by arbitrageurs) as a share of the supply before the shock",
    ),
    Metric("sold_on_market", "sold on market", Unit.COINS, "coins frightened holders sold into the pool instead of redeeming"),
    Metric(
        "sovereign_share_start",
        "central bank share, start",
        Unit.SHARE,
        "share of all coins held that were the central bank's own coin after the opening mints",
    ),
    Metric(
        "sovereign_share_held",
        "central bank share",
        Unit.SHARE,
        "share of all coins held that are the central bank's own coin at the end: the right of coinage as a number",
    ),
    Metric(
        "sovereign_share_paid",
        "central bank share of payments",
        Unit.SHARE,
        "share of the value of all payments settled over the run that was settled in the central bank's coin",
    ),
    Metric("private_share_held", "private coin share", Unit.SHARE, "share of all coins held that are the licensed private coin at the end"),
    Metric(
        "foreign_share_held",
        "dollar coin share",
        Unit.SHARE,
        "share of all coins held that are the foreign dollar coin at the end: currency substitution; '-' without one",
    ),
    Metric("switched", "switched", Unit.HOLDERS, "holders who moved their money into another coin (a redemption, a payout and a mint)"),
    Metric(
        "trapped",
        "trapped",
        Unit.HOLDERS,
        "holders who chose to leave a coin and could not redeem (it was paused, or they were frozen)",
    ),
    Metric(
        "switch_stuck",
        "stuck switching",
        Unit.COINS,
        "value redeemed by switching holders and still unpaid at the end (delayed, or lost if the reserves fall short)",
    ),
    Metric(
        "switch_delay_hours",
        "switch delay",
        Unit.HOURS,
        "simulated hours from the redemption in the old coin to the mint in the new one, averaged over completed switches",
    ),
    Metric(
        "payments_unaccepted",
        "not accepted",
        Unit.PAYMENTS,
        "payments not made because the merchant does not take the payer's coin",
    ),
    Metric(
        "gas_per_payment",
        "gas per payment",
        Unit.GAS,
        "mean gas of a settled payment: computation on chain, not a fee in money, and nothing of the banks' and card networks' costs",
    ),
    Metric(
        "foreign_unfreeze_by",
        "can lift a dollar-coin freeze",
        Unit.ACTOR,
        "who, by the dollar coin's regime table, can lift a freeze on it (read from the chain); '-' without one",
    ),
    Metric(
        "could_act_alone",
        "could act alone",
        Unit.ACTOR,
        "who, by the contract's regime table, holds every power the decisive action needs, so could take it without anybody else (whether or not they did)",
    ),
)
"""Every metric, in the order reports show them."""


def metric(key: str) -> Metric:
    """The metric called `key`; unknown keys list the choices."""
    try:
        return METRICS[key]
    except KeyError:
        raise UnknownName.among("metric", key, METRICS) from None


def definitions(keys: Iterable[str] | None = None) -> list[str]:
    """One line per metric, `header: definition`, for reports and `--help`."""
    return [metric(key).describe() for key in (METRICS if keys is None else keys)]


__all__ = ["METRICS", "Metric", "Unit", "Value", "definitions", "metric"]
