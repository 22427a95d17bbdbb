"""Scenario 8: money that competes. A private coin, the central bank's coin and a dollar coin on one chain.

The People's Bank of China feared that private stablecoins would compete with its e-CNY and asked
who holds "the ultimate right of coinage"; a former vice-minister of finance saw dollar stablecoins
as a tool of dollar supremacy; the European Central Bank warned that dollar-backed stablecoins could
limit its monetary policy (The Crypto Times, 19 October 2025, reporting the Financial Times). Here
fifteen people choose among three coins for eight days, through the real contracts: the private
coin is stood down, the dollar coin's issuer freezes a local holder on its own government's order,
and the central bank freezes some of its own coin's holders. The shares of money held in each coin
are the right of coinage as a number.
"""

from __future__ import annotations

import random

from ..deploy import Deployment
from ..enums import Power, Regime, WalletTier
from ..ledger import control_gas
from ..market import Behaviour, Events, Market, MarketRun, Town
from ..market.engine import Move
from ..metrics import METRICS
from ..monetary_system import FOREIGN, PRIVATE, SOVEREIGN, MonetarySystem, deploy_system
from ..units import coins, format_coins
from ._stage import REGIME_WORDS, SOURCES, Stage
from .narration import Narrator
from .outcome import Outcome

CONSUMERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "lee")
MERCHANTS = ("bakery", "grocer", "tea_house")
HOLDERS = CONSUMERS + MERCHANTS
WEALTHY = ("ken", "lee")
"""Holders with more than an anonymous wallet of the central bank's coin may hold."""
SHOWS_IDENTITY = frozenset({"alice", "dave", "grace", "judy"}) | frozenset(MERCHANTS)
REGIMES = (Regime.PERMISSIONLESS, Regime.ISSUER_CONTROLLED, Regime.REGULATOR_CONTROLLED, Regime.DUE_PROCESS)
"""The private coin's regime; the central bank's coin is always sovereign, the dollar coin issuer-controlled."""
DAYS = 8
SCHEDULE = {2: ("stand_down",), 4: ("foreign_freeze",), 6: ("overreach",)}


def _town(rng: random.Random) -> Town:
    opening = {name: coins(rng.randint(5, 60) * 100) for name in CONSUMERS + MERCHANTS}
    opening |= {name: coins(rng.randint(20, 60) * 1_000) for name in WEALTHY}
    favourites = {name: tuple(sorted(rng.sample(MERCHANTS, 2))) for name in CONSUMERS}
    return Town(CONSUMERS, MERCHANTS, opening, favourites, SHOWS_IDENTITY)


def _shares_line(system: MonetarySystem, shares: dict[str, float]) -> str:
    return ", ".join(f"{system.symbol(key)} {shares[key]:.0%}" for key in system)


def run(deployment: Deployment, narrator: Narrator, rng: random.Random) -> Outcome:
    """Three coins, fifteen holders, eight days: a stand-down, a foreign freeze, a wave of freezes."""
    stage = Stage("competition", deployment, narrator)
    system = deploy_system(private=deployment, holders=HOLDERS)
    regime = deployment.regime

    stage.step("Three coins on one chain")
    stage.say(
        f"{system.symbol(PRIVATE)}, a licensed Hong Kong stablecoin, runs under the {REGIME_WORDS[regime]} regime; "
        f"{system.symbol(SOVEREIGN)} is the central bank's own coin ({REGIME_WORDS[Regime.SOVEREIGN]}); "
        f"{system.symbol(FOREIGN)} is a dollar stablecoin issued abroad ({REGIME_WORDS[Regime.ISSUER_CONTROLLED]})."
    )
    licensor = stage.name_of_holder(Power.LICENCE)
    stage.say(
        f"Asked who holds the licence power over {system.symbol(PRIVATE)}, its contract answers: {licensor}. "
        f"Over {system.symbol(FOREIGN)}, the freeze power belongs to "
        f"{_holder(system, FOREIGN, Power.FREEZE)}, and nobody local."
    )
    stage.say(
        "Twelve people and three shops each weigh privacy, the freezes they have seen, which shops take a coin, and "
        "whether redemptions are paid; every switch is a redemption, a payout and a mint."
    )
    market = Market(
        system,
        _town(rng),
        rng.getrandbits(64),  # the market's own streams, seeded from the story's
        days=DAYS,
        behaviour=Behaviour(foreign_acceptance=0.34, merchant_reaction=0.7, taste_weight=0.6),
        events=Events(SCHEDULE, overreach_freezes=2),
        payment_size=lambda r: coins(r.randint(2, 40) * 10),
    )
    result = market.run()
    stage.say(f"After the opening deposits: {_shares_line(system, result.shares[0])}.")

    stage.step("Eight days")
    stage.say(
        f"The orders, as the articles describe them ({SOURCES['ft']}): a stand-down of the private issuer on day 2, "
        "a freeze by the dollar coin's issuer on day 4, a wave of freezes by the central bank on day 6."
    )
    for note in result.notes:
        stage.say(note + ".")
    previous = 0
    for day in (2, 4, 6, DAYS):
        stage.say(f"End of day {day}: {_shares_line(system, result.shares[day])}.")
        why = _why_shares_moved(system, result, previous, day)
        if why:
            stage.say(why)
        previous = day
    return _outcome(stage, system, result)


JUMP = 0.10
"""A share that moves this much (ten points) or more between two reported days is explained."""


def _why_shares_moved(system: MonetarySystem, result: MarketRun, after: int, through: int) -> str:
    """Which switches, landing after day `after` through day `through`, moved a share by JUMP or more, and why."""
    before, now = result.shares[after], result.shares[through]
    if not any(abs(now[key] - before[key]) >= JUMP for key in system):
        return ""
    moves = [m for m in result.moves if after < m.landed <= through]
    if not moves:
        return "No holder switched: the shares moved with payments and redemptions."
    groups: dict[tuple[str, str, str], list[Move]] = {}
    for move in moves:
        groups.setdefault((move.source, move.target, move.reason), []).append(move)
    parts = []
    for (source, target, reason), group in groups.items():
        days = sorted({m.decided for m in group})
        decided = f"day {days[0]}" if len(days) == 1 else f"days {days[0]} to {days[-1]}"
        parts.append(
            f"{len(group)} holder{'s' if len(group) > 1 else ''} ({', '.join(m.name for m in group)}) left "
            f"{system.symbol(source)} for {system.symbol(target)}, decided on {decided}, because {reason}"
        )
    return "Why: " + "; ".join(parts) + ". A switch takes a redemption, a payout and a mint, so it lands a day or two later."


def _holder(system: MonetarySystem, key: str, power: Power) -> str:
    d = system[key]
    return d.cast.name_of(d.coin.authority_for(power))


def _kept_out(system: MonetarySystem) -> list[str]:
    """The wealthy holders with no more in an anonymous sovereign wallet than its cap allows (read from the chain)."""
    coin, cast = system.sovereign.coin, system.sovereign.cast
    cap = coin.tier_limits(WalletTier.ANONYMOUS)[0]
    return [
        name
        for name in WEALTHY
        if name not in SHOWS_IDENTITY and coin.wallet_of(cast[name])[0] is WalletTier.ANONYMOUS and coin.balance_of(cast[name]) <= cap
    ]


def _abroad(system: MonetarySystem) -> list[str]:
    """The wealthy holders with money in the dollar coin at the end (read from the chain)."""
    foreign = system.foreign
    if foreign is None:
        return []
    return [name for name in WEALTHY if foreign.coin.balance_of(foreign.cast[name])]


def _outcome(stage: Stage, system: MonetarySystem, result: MarketRun) -> Outcome:
    values = result.values
    start, end = result.shares[0], result.shares[-1]
    stage.step("The right of coinage, as a number")
    share = METRICS["sovereign_share_held"]
    stage.say(
        f"The central bank's coin held {start[SOVEREIGN]:.0%} of all money at the start and {end[SOVEREIGN]:.0%} at the end; "
        f"the dollar coin {start[FOREIGN]:.0%} and {end[FOREIGN]:.0%}. {values['switched']} holders switched coin "
        f"({share.header}: {share.format(values['sovereign_share_held'])})."
    )
    kept_out = _kept_out(system)
    stage.say(
        f"{', '.join(kept_out) or 'Nobody'} hold more than an anonymous wallet of {system.symbol(SOVEREIGN)} may, and will "
        "not show an identity: the tier caps keep them out of the central bank's coin whatever happens to the others."
    )
    stage.say(
        f"A payment cost {values['gas_per_payment']:,} gas on average: computation on the chain, not a fee in money. "
        "It says nothing of what a bank or a card network charges a shop, which is where Zhou Xiaochuan doubted "
        "there was much room to cut retail payment costs."
    )
    verdict = (
        f"Central bank's share {start[SOVEREIGN]:.0%} -> {end[SOVEREIGN]:.0%}, dollar coin {start[FOREIGN]:.0%} -> "
        f"{end[FOREIGN]:.0%}; {values['switched']} switched, {values['trapped']} trapped."
    )
    stage.say(verdict)
    frozen = sum(
        d.coin.balance_of(d.cast[name]) for d in system.coins.values() for name in HOLDERS if d.coin.is_frozen(d.cast[name])
    )
    revoked = not system.private.coin.licensed()
    return Outcome(
        scenario="competition",
        regime=stage.regime,
        seed=0,
        funds_lost=int(values["switch_stuck"] or 0),
        funds_recovered=0,
        funds_frozen=frozen,
        innocent_holders_affected=int(values["innocent_hit"] or 0),
        blocks_until_action=0 if revoked else None,
        could_act_alone=stage.sole_holder(Power.LICENCE),
        control_gas=sum(control_gas(d.timeline) for d in system.coins.values()),
        story_verdict=verdict,
        innocent_frozen=int(values["innocent_frozen"] or 0),
        innocent_frozen_days=float(values["innocent_frozen_days"] or 0.0),
        hours_until_action=0.0 if revoked else None,
        extra={
            "licence": "revoked" if revoked else "no licence power on chain",
            "sovereign_share_start_permille": round(start[SOVEREIGN] * 1000),
            "sovereign_share_end_permille": round(end[SOVEREIGN] * 1000),
            "foreign_share_end_permille": round(end[FOREIGN] * 1000),
            "switched": int(values["switched"] or 0),
            "trapped": int(values["trapped"] or 0),
            "kept_out_of_anonymous_tier": ", ".join(kept_out),
            "largest_holders_abroad": ", ".join(_abroad(system)),
            "gas_per_payment": int(values["gas_per_payment"] or 0),
            "foreign_unfreeze_by": str(values["foreign_unfreeze_by"]),
            "frozen_value": format_coins(frozen),
        },
        series=result.series,
    )
