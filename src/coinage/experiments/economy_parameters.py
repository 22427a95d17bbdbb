"""The knobs of the population economy: behaviour rates, and the policies each regime runs under.

Durations are in hours or days (whichever a reader thinks in), rates per day. Every value is checked
against its domain before a run starts, so a bad grid fails in one line rather than halfway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from ..deploy import TierCaps
from ..units import UNIT
from .parameters import Parameter, ParameterValue

ECONOMY_PARAMETERS: tuple[Parameter, ...] = (
    # --- the economy ------------------------------------------------------------------------------
    Parameter("merchant_share", float, 0.1, "", "share of holders who are merchants (the rest are consumers and a few bad actors)", 0.01, 0.5),
    Parameter("bad_actor_share", float, 0.01, "", "share of holders who are fraudsters (at least one)", 0.0, 0.2),
    Parameter("mean_balance", int, 1_000, "coins", "mean opening balance of an honest holder (log-normal, so a few hold much more)", 1, 1_000_000),
    Parameter("payments_per_day", float, 1.0, "per holder", "payments an honest holder makes in a day, on average (a Poisson process)", 0.0, 50.0),
    Parameter("payment_median", int, 20, "coins", "median payment from a consumer to a merchant", 1, 100_000),
    Parameter("payment_tail", float, 1.5, "", "Pareto index of payment sizes: lower means heavier tails (more very large payments)", 1.05, 10.0),
    Parameter("verified_share", float, 0.3, "", "share of consumers with identity-verified wallets, where the coin has wallet tiers", 0.0, 1.0),
    # --- incidents --------------------------------------------------------------------------------
    Parameter("fraud_rate", float, 1.0, "per 1,000 holders per day", "phishing incidents: a victim is tricked into paying a fraudster", 0.0, 1_000.0),
    Parameter("report_hours", float, 2.0, "h", "hours from a theft until the victim reports it", 0.0, 720.0),
    Parameter("cashout_hours", float, 12.0, "h", "hours after a theft before the fraudster tries to redeem the loot (again daily if refused)", 0.0, 720.0),
    Parameter("reserve_loss_rate", float, 0.0, "per day", "chance each day that the issuer loses part of its reserves off chain", 0.0, 1.0),
    Parameter("reserve_loss_share", float, 0.3, "", "share of the reserves lost in one such loss", 0.0, 1.0),
    Parameter("run_sensitivity", float, 3.0, "", "how strongly a revealed hole makes holders run: a hole of x of the supply sends holders whose seeded threshold is below x times this", 0.0, 100.0),
    # --- authorities and policies -----------------------------------------------------------------
    Parameter("reaction_hours", float, 1.0, "h", "hours from a report until the authority holding the freeze power acts", 0.0, 720.0),
    Parameter("authority_error_rate", float, 0.05, "", "share of freeze orders that hit an innocent holder instead of the fraudster", 0.0, 1.0),
    Parameter("error_found_days", float, 7.0, "days", "days until a mistaken freeze is found and lifted by whoever holds the unfreeze power", 0.0, 365.0),
    Parameter("court_delay_days", float, 1.0, "days", "days until a court rules on a freeze, where the regime table gives confirmation to a second party", 0.0, 365.0),
    Parameter("provisional_freeze_days", float, 3.0, "days", "how long a provisional freeze lasts unless a court confirms it (the contract's setting)", 0.01, 365.0),
    Parameter("max_attestation_days", float, 7.0, "days", "oldest attestation of reserves that still allows minting (the contract's setting)", 0.01, 365.0),
    Parameter("attestation_interval_days", int, 1, "days", "days between attestations of the reserves", 1, 365),
    Parameter("topup_rate", float, 0.02, "per holder per day", "chance each day that an honest holder pays fiat in for new coins", 0.0, 1.0),
    Parameter("anonymous_balance_cap", int, 10_000, "coins", "most an anonymous wallet may hold, where the coin has wallet tiers", 1, 100_000_000),
    Parameter("anonymous_payment_cap", int, 2_000, "coins", "most an anonymous wallet may send in one payment (at most its daily cap)", 1, 100_000_000),
    Parameter("anonymous_daily_cap", int, 5_000, "coins", "most an anonymous wallet may send in one day", 1, 100_000_000),
    Parameter("verified_balance_cap", int, 500_000, "coins", "most a verified wallet may hold", 1, 100_000_000),
    Parameter("verified_payment_cap", int, 50_000, "coins", "most a verified wallet may send in one payment (at most its daily cap)", 1, 100_000_000),
    Parameter("verified_daily_cap", int, 100_000, "coins", "most a verified wallet may send in one day", 1, 100_000_000),
    Parameter("pause_in_shortfall", bool, False, "", "whether the holder of the pause power pauses the coin when an attestation reveals a hole"),
    Parameter("revoke_in_shortfall", bool, True, "", "whether the holder of the licence power revokes the issuer's licence when an attestation reveals a hole"),
)
"""Every parameter of the economy experiment, in the order `coinage params` lists them."""

TIER_CAP_PARAMETERS: tuple[str, ...] = tuple(f"{field.name}_cap" for field in fields(TierCaps))
"""The parameters that set the sovereign coin's wallet-tier caps, one per field of `TierCaps`."""


def tier_caps(params: Mapping[str, ParameterValue]) -> TierCaps:
    """The wallet-tier caps the `*_cap` parameters (in whole coins) give, in base units."""
    return TierCaps(**{field.name: int(params[f"{field.name}_cap"]) * UNIT for field in fields(TierCaps)})


__all__ = ["ECONOMY_PARAMETERS", "TIER_CAP_PARAMETERS", "tier_caps"]
