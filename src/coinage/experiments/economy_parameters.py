"""The knobs of the population economy: behaviour rates, and the policies each regime runs under.

Durations are in hours or days (whichever a reader thinks in), rates per day. Every value is checked
against its domain before a run starts, so a bad grid fails in one line rather than halfway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from ..deploy import TierCaps
from ..units import UNIT
from ..world.calendar import BankingCalendar
from ..world.freeze_gap import FreezeLatency
from ..world.sources import ILLUSTRATIVE
from .parameters import Parameter, ParameterValue

I = ILLUSTRATIVE

FREEZE_GAP_PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "freeze_signers", int, 3, "signatures", "confirmations an issuer's multisig needs before a freeze takes effect", 1, 20,
        source="blocksec-gap",
        figure="USDT freezes on Ethereum need 3 multisig confirmations (2 on Tron)",
        derived="taken as reported for Ethereum",
    ),
    Parameter(
        "signer_delay_hours", float, 1.9, "h", "mean hours each of the issuer's signers takes to confirm a freeze (exponential)", 0.0, 720.0,
        source="blocksec-gap",
        figure="8,293 executed USDT freeze proposals: median over 5 h with 3 confirmations (Ethereum), about 2.6 h with 2 (Tron)",
        derived="the median of a sum of 3 exponential delays is 2.67 times their mean: 5 / 2.67 = 1.9 h (Tron: 2.6 / 1.68 = 1.5 h)",
    ),
    Parameter("authority_delay_hours", float, 2.0, "h", "hours from a regulator's or central bank's freeze order to its effect (one signature after review)", 0.0, 720.0, source=I),
    Parameter(
        "court_order_first", bool, False, "", "whether whoever holds the freeze power waits for a court order before signing (as Circle does)",
        source="amlbot-freezes",
        figure="Circle froze 372 addresses in 2023-2025, only on court or regulator orders",
        derived="a switch: off by default, on for a court-order-only issuer",
    ),
    Parameter(
        "court_order_days", float, 2.0, "days", "days a court order takes, where freezes wait for one", 0.0, 365.0,
        source="slow-freezes",
        figure="a court-order-only issuer: $420 m+ across 15 slow freezes since 2022; $3 m left unfrozen for 8+ h; 232 m USDC moved over about 6 h",
        derived="the reports give hours as lower bounds; 2 days is a judgement within them, not a measured figure",
    ),
    Parameter(
        "watchful_share", float, 0.02, "", "share of thieves who watch the chain and move the loot out as soon as a freeze is proposed", 0.0, 1.0,
        source="amlbot-gap",
        figure="at least $78 m escaped during freeze delays since 2017, against $3.29 bn frozen by Tether in 2023-2025 alone",
        derived="a watching thief moves everything, so the escaped share of value is the watching share: 78 / (3,290 + 78) = 2.3 %, an upper bound",
    ),
)
"""When a freeze takes effect after its order, and who moves funds in between (see `coinage.world.freeze_gap`)."""


CALENDAR_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("bank_open_hour", float, 9.0, "h", "hour of the day the banks open: deposits, mints and redemption payouts start", 0.0, 12.0, source=I),
    Parameter("bank_close_hour", float, 17.0, "h", "hour of the day the banks close: no fiat moves until the next working day's opening", 12.0, 24.0, source=I),
    Parameter(
        "working_days", int, 5, "days a week", "weekdays, Monday first, on which banks move fiat (5: Monday to Friday)", 1, 7,
        source="fed-feds-2025",
        figure="USDC, March 2023: the primary market shut for the weekend (banks closed, conversions paused) and reopened on Monday",
        derived="Saturday and Sunday are closed",
    ),
    Parameter("start_weekday", int, 0, "", "weekday of the first simulated day (0 Monday, 4 Friday, 6 Sunday)", 0, 6, source=I),
    Parameter(
        "redemption_deadline_days", int, 1, "working days", "working days within which a redemption request must be paid", 0, 30,
        source="hk-redemption",
        figure="Hong Kong: redemption at par, without unreasonable fee, within one working day",
        derived="taken as reported",
    ),
)
"""When fiat can move (see `coinage.world.calendar`)."""


def banking_calendar(params: Mapping[str, ParameterValue]) -> BankingCalendar:
    """The banking calendar the parameters describe."""
    return BankingCalendar(float(params["bank_open_hour"]), float(params["bank_close_hour"]), int(params["working_days"]), int(params["start_weekday"]))


def freeze_latency(params: Mapping[str, ParameterValue]) -> FreezeLatency:
    """The freeze latency the parameters describe."""
    return FreezeLatency(
        int(params["freeze_signers"]),
        float(params["signer_delay_hours"]),
        float(params["authority_delay_hours"]),
        float(params["court_order_days"]),
        bool(params["court_order_first"]),
    )


ECONOMY_PARAMETERS: tuple[Parameter, ...] = (
    # --- the economy ------------------------------------------------------------------------------
    Parameter("merchant_share", float, 0.1, "", "share of holders who are merchants (the rest are consumers and a few bad actors)", 0.01, 0.5, source=I),
    Parameter("bad_actor_share", float, 0.01, "", "share of holders who are fraudsters (at least one)", 0.0, 0.2, source=I),
    Parameter("mean_balance", int, 1_000, "coins", "mean opening balance of an honest holder (log-normal, so a few hold much more)", 1, 1_000_000, source=I),
    Parameter("payments_per_day", float, 1.0, "per holder", "payments an honest holder makes in a day, on average (a Poisson process)", 0.0, 50.0, source=I),
    Parameter("payment_median", int, 20, "coins", "median payment from a consumer to a merchant", 1, 100_000, source=I),
    Parameter("payment_tail", float, 1.5, "", "Pareto index of payment sizes: lower means heavier tails (more very large payments)", 1.05, 10.0, source=I),
    Parameter("verified_share", float, 0.3, "", "share of consumers with identity-verified wallets, where the coin has wallet tiers", 0.0, 1.0, source=I),
    # --- incidents --------------------------------------------------------------------------------
    Parameter(
        "fraud_rate", float, 0.1, "per 1,000 holders per day", "phishing incidents: a victim is tricked into paying a fraudster", 0.0, 1_000.0,
        source="chainalysis-2026",
        figure="scams of at least $14 bn in 2025; stablecoins carry 84 % of illicit volume; stablecoin market about $310 bn (DefiLlama)",
        derived="14 x 0.84 / 310 = 3.8 % of supply a year taken by scams; a theft here takes the victim's whole balance, so 0.038 / 365 x 1,000 = 0.10 incidents per 1,000 holders a day",
    ),
    Parameter("report_hours", float, 2.0, "h", "hours from a theft until the victim reports it", 0.0, 720.0, source=I),
    Parameter("cashout_hours", float, 12.0, "h", "hours after a theft before the fraudster tries to redeem the loot (again daily if refused)", 0.0, 720.0, source=I),
    Parameter("reserve_loss_rate", float, 0.0, "per day", "chance each day that the issuer loses part of its reserves off chain", 0.0, 1.0, source=I),
    Parameter(
        "reserve_loss_share", float, 0.08, "", "share of the reserves lost in one such loss", 0.0, 1.0,
        source="svb-usdc",
        figure="$3.3 bn of USDC's about $40 bn reserves stuck at Silicon Valley Bank, March 2023",
        derived="3.3 / 40 = 8 %",
    ),
    Parameter(
        "run_sensitivity", float, 1.25, "", "how strongly a revealed hole makes holders run: a hole of x of the supply sends holders whose seeded threshold is below x times this", 0.0, 100.0,
        source="svb-usdc",
        figure="after the 8 % hole, net redemptions of over $4.5 bn, about 10 % of supply, 10-15 March 2023",
        derived="thresholds are uniform on 0 to 1, so a hole of x sends a share x times this: 10 % / 8 % = 1.25",
    ),
    # --- authorities and policies -----------------------------------------------------------------
    Parameter("reaction_hours", float, 1.0, "h", "hours from a report until the authority holding the freeze power gives the order", 0.0, 720.0, source=I),
    Parameter("authority_error_rate", float, 0.05, "", "share of freeze orders that hit an innocent holder instead of the fraudster", 0.0, 1.0, source=I),
    Parameter("error_found_days", float, 7.0, "days", "days until a mistaken freeze is found and lifted by whoever holds the unfreeze power", 0.0, 365.0, source=I),
    Parameter("court_delay_days", float, 1.0, "days", "days until a court rules on a freeze, where the regime table gives confirmation to a second party", 0.0, 365.0, source=I),
    Parameter("provisional_freeze_days", float, 3.0, "days", "how long a provisional freeze lasts unless a court confirms it (the contract's setting)", 0.01, 365.0, source=I),
    Parameter("max_attestation_days", float, 7.0, "days", "oldest attestation of reserves that still allows minting (the contract's setting)", 0.01, 365.0, source=I),
    Parameter("attestation_interval_days", int, 1, "days", "days between attestations of the reserves", 1, 365, source=I),
    Parameter("topup_rate", float, 0.02, "per holder per day", "chance each day that an honest holder pays fiat in for new coins", 0.0, 1.0, source=I),
    *FREEZE_GAP_PARAMETERS,
    *CALENDAR_PARAMETERS,
    *(
        Parameter(
            f"{tier}_{limit}_cap", int, value, "coins", f"most {article} {tier} wallet may {meaning}, where the coin has wallet tiers", 1, 100_000_000,
            source=src, figure=figure, derived="taken as reported, one coin to the yuan",
        )
        for tier, article, src, figure, values in (
            ("anonymous", "an", "caixin-wallet", "phone-number-only e-CNY wallet: balance 10,000, payment 2,000, daily 5,000 yuan", (10_000, 2_000, 5_000)),
            ("verified", "a", "ccb-wallets", "class 1 wallet: balance 500,000, payment 50,000, daily 100,000 yuan", (500_000, 50_000, 100_000)),
        )
        for (limit, meaning), value in zip(
            (("balance", "hold"), ("payment", "send in one payment (at most its daily cap)"), ("daily", "send in one day")), values, strict=True
        )
    ),
    Parameter("pause_in_shortfall", bool, False, "", "whether the holder of the pause power pauses the coin when an attestation reveals a hole", source=I),
    Parameter(
        "revoke_in_shortfall", bool, True, "", "whether the holder of the licence power revokes the issuer's licence when an attestation reveals a hole",
        source="hk-ordinance",
        figure="the HKMA may suspend or revoke a licence, or appoint a statutory manager",
        derived="the licensing authority uses that power when the reserves fall short",
    ),
)
"""Every parameter of the economy experiment, in the order `coinage params` lists them."""

TIER_CAP_PARAMETERS: tuple[str, ...] = tuple(f"{field.name}_cap" for field in fields(TierCaps))
"""The parameters that set the sovereign coin's wallet-tier caps, one per field of `TierCaps`."""


def tier_caps(params: Mapping[str, ParameterValue]) -> TierCaps:
    """The wallet-tier caps the `*_cap` parameters (in whole coins) give, in base units."""
    return TierCaps(**{field.name: int(params[f"{field.name}_cap"]) * UNIT for field in fields(TierCaps)})


__all__ = ["CALENDAR_PARAMETERS", "ECONOMY_PARAMETERS", "banking_calendar", "FREEZE_GAP_PARAMETERS", "TIER_CAP_PARAMETERS", "freeze_latency", "tier_caps"]
