"""The `competition` experiment: a population choosing among the private coin (under the regime of the
run), the central bank's coin and a dollar coin, with the articles' events on one day.

It asks the question the sweep answers across seeds and policies: does a stand-down order raise the
central bank's share of money, or push holders to the dollar coin? The population (consumers,
merchants, opening balances, who buys from whom) is the economy experiment's; the market is
`coinage.market`, every transaction through the real contracts.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..market import EVENTS, Behaviour, Events, Market, MarketRun, Town
from ..metrics import Value
from ..monetary_system import deploy_system
from ..seeds import stream
from ..world.sources import ILLUSTRATIVE
from .economy_parameters import ECONOMY_PARAMETERS, TIER_CAP_PARAMETERS, tier_caps
from .parameters import Parameter, ParameterValue
from .population import draw_population, payment_size
from .spec import RunSpec

_SHARED = {p.name: p for p in ECONOMY_PARAMETERS}

COMPETITION_PARAMETERS: tuple[Parameter, ...] = (
    # --- the population, as in the economy experiment ----------------------------------------------
    *(_SHARED[name] for name in ("merchant_share", "mean_balance", "payments_per_day", "payment_median", "payment_tail", "verified_share")),
    # --- the central bank's wallet tiers, as in the economy experiment -----------------------------
    *(_SHARED[name] for name in TIER_CAP_PARAMETERS),
    # --- the coins and how people choose ----------------------------------------------------------
    Parameter(
        "foreign_coin", bool, True, "",
        "whether a dollar stablecoin, issuer-controlled and issued abroad, circulates beside the other two",
        source="defillama-market",
        figure="about 99 % of stablecoins are dollar coins; about $308-315 bn in early 2026",
        derived="a switch: a dollar coin circulates by default",
    ),
    Parameter("foreign_acceptance", float, 0.3, "", "share of merchants who take the dollar coin from the start (all take the other two)", 0.0, 1.0, source=ILLUSTRATIVE),
    Parameter("merchant_reaction", float, 0.5, "per day", "chance each day that a merchant drops a coin nobody can get any more (or takes it back once it can be had)", 0.0, 1.0, source=ILLUSTRATIVE),
    Parameter("taste_weight", float, 0.6, "", "spread of holders' seeded taste for each coin, beside privacy, safety, acceptance and redemption (each scored 0 to 1)", 0.0, 2.0, source=ILLUSTRATIVE),
    Parameter(
        "deposit_interest", float, 0.0, "", "what interest on the central bank's coin, as bank deposit money, adds to a holder's score for it (0: none)", 0.0, 1.0,
        source=ILLUSTRATIVE,
    ),
    Parameter("inertia_max", float, 0.2, "", "largest seeded inertia: how much better another coin must score before a holder pays to switch", 0.0, 2.0, source=ILLUSTRATIVE),
    # --- the events -------------------------------------------------------------------------------
    Parameter("event_day", int, 3, "day", "the day every event below happens (after that day's payouts and mints)", 1, 365, source=ILLUSTRATIVE),
    Parameter(
        "stand_down", bool, True, "",
        "a stand-down order: whoever holds the licence power over the private coin revokes its issuer's licence",
        source="ft-stand-down",
        figure="the PBoC and the CAC told Ant Group and JD.com to pause their Hong Kong stablecoin plans",
        derived="a switch: on by default, the event the experiment asks about",
    ),
    Parameter("pause", bool, False, "", "whoever holds the pause power over the private coin pauses it", source=ILLUSTRATIVE),
    Parameter("overreach_freezes", int, 0, "holders", "innocent holders of the central bank's coin that it freezes in a wave of overreach", 0, 100_000, source=ILLUSTRATIVE),
    Parameter("shortfall_share", float, 0.0, "", "share of the private issuer's reserves lost off chain, shown by the next attestation", 0.0, 1.0, source=ILLUSTRATIVE),
    Parameter("tier_change", bool, False, "", "the central bank ties the wallets of its coin's holders who show an identity to that identity (verified tier)", source=ILLUSTRATIVE),
    Parameter("foreign_freeze", bool, False, "", "the dollar coin's issuer, on its own government's order, freezes the largest local holder; local authorities try to undo it", source=ILLUSTRATIVE),
)
"""Every parameter of the competition experiment, in the order `coinage params` lists them."""

COMPETITION_METRICS = (
    "sovereign_share_start",
    "sovereign_share_held",
    "sovereign_share_paid",
    "private_share_held",
    "foreign_share_held",
    "switched",
    "trapped",
    "switch_stuck",
    "switch_delay_hours",
    "payments_refused_caps",
    "payments_unaccepted",
    "gas_per_payment",
    "innocent_hit",
    "innocent_frozen",
    "innocent_frozen_days",
    "foreign_unfreeze_by",
)

_EVENT_SWITCHES = {"stand_down": "stand_down", "pause": "pause", "tier_change": "tier_change", "foreign_freeze": "foreign_freeze"}


def events_of(params: Mapping[str, ParameterValue]) -> Events:
    """The events a parameter set asks for, all on `event_day`, in the order of `coinage.market.EVENTS`."""
    wanted = {name for name, switch in _EVENT_SWITCHES.items() if params[switch]}
    if int(params["overreach_freezes"]):
        wanted.add("overreach")
    if float(params["shortfall_share"]):
        wanted.add("shortfall")
    return Events(
        {int(params["event_day"]): tuple(e for e in EVENTS if e in wanted)},
        overreach_freezes=int(params["overreach_freezes"]),
        shortfall_share=float(params["shortfall_share"]),
    )


def simulate_market(spec: RunSpec) -> MarketRun:
    """One run of the competition experiment on a fresh embedded chain."""
    p = spec.params
    people = draw_population(spec.holders, {**p, "bad_actor_share": 0.0}, stream(spec.seed, "population"))
    town = Town(people.consumers, people.merchants, people.opening, people.favourites, people.verified)
    system = deploy_system(spec.coinage_regime, holders=town.names, foreign=bool(p["foreign_coin"]), tier_caps=tier_caps(p), engine=spec.engine)
    behaviour = Behaviour(
        payments_per_day=float(p["payments_per_day"]),
        foreign_acceptance=float(p["foreign_acceptance"]),
        merchant_reaction=float(p["merchant_reaction"]),
        taste_weight=float(p["taste_weight"]),
        inertia_max=float(p["inertia_max"]),
        deposit_interest=float(p["deposit_interest"]),
    )
    market = Market(system, town, spec.seed, days=spec.days, behaviour=behaviour, events=events_of(p), payment_size=lambda r: payment_size(p, r))
    return market.run()


def run_competition(spec: RunSpec) -> dict[str, Value]:
    """The `competition` experiment: one run's metric values."""
    return simulate_market(spec).values


__all__ = ["COMPETITION_METRICS", "COMPETITION_PARAMETERS", "events_of", "run_competition", "simulate_market"]
