"""The events of the articles, each carried out on the market's coins by whoever the coin's regime
table names for the power (`EventContext.control`), or refused by the contract and noted:

- `stand_down`: the holder of the licence power over the private coin revokes its issuer's licence;
- `pause`: the holder of the pause power over the private coin pauses it;
- `overreach`: the central bank freezes innocent holders of its own coin;
- `shortfall`: the private issuer loses part of its reserves off chain, and the attestor shows it;
- `tier_change`: the central bank ties its coin's wallets to the identities their owners have shown;
- `foreign_freeze`: the dollar coin's issuer freezes the largest local holder on its own government's
  order; the local regulator and central bank try to lift it.

An event sees the market only through the `EventContext` the market hands it: the coins, who holds
each power, the consumers' balances, the event settings and the market's own stream of random draws.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from ..actors import Actor
from ..deploy import Deployment
from ..enums import Power
from ..errors import ContractRevert
from ..monetary_system import FOREIGN, PRIVATE, SOVEREIGN, MonetarySystem


@dataclass(frozen=True)
class Events:
    """What happens on which day (day -> event names of `EVENTS`), and how hard."""

    schedule: Mapping[int, Sequence[str]] = field(default_factory=dict)
    overreach_freezes: int = 5
    """Innocent holders of the sovereign coin its central bank freezes in an overreach wave."""
    shortfall_share: float = 0.3
    """Share of the private issuer's reserves lost in a shortfall."""


@dataclass(frozen=True)
class EventContext:
    """Everything an event may read or do, handed over by the market (`Market.event`)."""

    system: MonetarySystem
    holders: Mapping[str, Mapping[Power, Actor | None]]
    """Coin -> power -> who holds it there (None: nobody)."""
    balances: Mapping[str, Mapping[str, int]]
    """Coin -> consumer -> balance, in the consumers' order (merchants left out)."""
    shows_identity: frozenset[str]
    settings: Events
    rng: random.Random
    say: Callable[[str], None]
    control: Callable[[str, Power, Callable[[Actor], object], str], bool]
    """`control(coin, power, act, what)`: `act` by the power's holder; False (and noted) if refused."""
    verify: Callable[[str], None]
    """Tie a consumer's sovereign wallet to their identity (verified tier)."""

    def symbol(self, key: str) -> str:
        return self.system.symbol(key)

    def holding(self, key: str) -> list[str]:
        """The consumers who hold some of coin `key`, in the consumers' order."""
        return [name for name, balance in self.balances[key].items() if balance]


LOCAL_AUTHORITIES = ("regulator", "central_bank")
"""The local authorities, who try to lift a freeze the foreign coin's issuer imposed."""


def stand_down(market: EventContext) -> None:
    coin = market.system.private.coin
    if market.control(PRIVATE, Power.LICENCE, lambda by: coin.revoke_licence(case="STAND-DOWN", by=by), "stand-down order"):
        market.say(f"{market.holders[PRIVATE][Power.LICENCE]} revokes the issuer's licence: no new {market.symbol(PRIVATE)}")


def pause(market: EventContext) -> None:
    coin = market.system.private.coin
    if market.control(PRIVATE, Power.PAUSE, lambda by: coin.pause(case="STAND-DOWN", by=by), "pause"):
        market.say(f"{market.holders[PRIVATE][Power.PAUSE]} pauses {market.symbol(PRIVATE)}: nothing moves, nobody redeems")


def _freeze(d: Deployment, account: Actor, case: str, by: Actor) -> object:
    return d.coin.freeze(account, case=case, by=by)


def overreach(market: EventContext) -> None:
    d = market.system.sovereign
    held = market.holding(SOVEREIGN)
    targets = sorted(market.rng.sample(held, min(len(held), market.settings.overreach_freezes)))
    for target in targets:
        market.control(SOVEREIGN, Power.FREEZE, partial(_freeze, d, d.cast[target], "WAVE"), "freeze")
    if targets:
        market.say(f"{market.holders[SOVEREIGN][Power.FREEZE]} freezes {len(targets)} innocent {market.symbol(SOVEREIGN)} holders")


def shortfall(market: EventContext) -> None:
    bank = market.system.private.bank
    lost = int(bank.balance * market.settings.shortfall_share)
    if lost:
        bank.record_loss(lost, reason="SHORTFALL")
        bank.attest(by=market.system.private.cast.attestor, report="SHORTFALL")
        market.say(f"the {market.symbol(PRIVATE)} issuer loses {market.settings.shortfall_share:.0%} of its reserves; the attestation shows it")


def tier_change(market: EventContext) -> None:
    tiers = market.holders[SOVEREIGN][Power.SET_TIER]
    if tiers is None:
        return
    moved = [c for c in market.holding(SOVEREIGN) if c in market.shows_identity]
    for name in moved:
        market.verify(name)
    market.say(f"{tiers} ties {len(moved)} {market.symbol(SOVEREIGN)} wallets to their owners' identities (verified tier)")


def foreign_freeze(market: EventContext) -> None:
    d = market.system.foreign
    if d is None:
        return
    balance = market.balances[FOREIGN]
    held = sorted(market.holding(FOREIGN), key=lambda c: (-balance[c], c))
    if not held:
        return
    target = held[0]
    if not market.control(FOREIGN, Power.FREEZE, partial(_freeze, d, d.cast[target], "FOREIGN-SANCTIONS"), "freeze"):
        return
    market.say(f"{market.holders[FOREIGN][Power.FREEZE]}, on its own government's order, freezes {target}, a local holder")
    for local in LOCAL_AUTHORITIES:
        try:
            d.coin.unfreeze(d.cast[target], case="LOCAL-APPEAL", by=d.cast[local])
        except ContractRevert as refused:
            market.say(f"{local} tries to lift it and is refused ({refused.rule}): it holds no power on {market.symbol(FOREIGN)}")


ACTIONS: dict[str, Callable[[EventContext], None]] = {
    "stand_down": stand_down,
    "pause": pause,
    "overreach": overreach,
    "shortfall": shortfall,
    "tier_change": tier_change,
    "foreign_freeze": foreign_freeze,
}
"""Every event by name, in the order events of one day happen."""

EVENTS = tuple(ACTIONS)
"""What can happen on a day, after the articles."""

__all__ = ["ACTIONS", "EVENTS", "LOCAL_AUTHORITIES", "EventContext", "Events"]
