"""The events of the articles, each carried out on the market's coins by whoever the coin's regime
table names for the power (`Market.control`), or refused by the contract and noted:

- `stand_down`: the holder of the licence power over the private coin revokes its issuer's licence;
- `pause`: the holder of the pause power over the private coin pauses it;
- `overreach`: the central bank freezes innocent holders of its own coin;
- `shortfall`: the private issuer loses part of its reserves off chain, and the attestor shows it;
- `tier_change`: the central bank ties its coin's wallets to the identities their owners have shown;
- `foreign_freeze`: the dollar coin's issuer freezes the largest local holder on its own government's
  order; the local regulator and central bank try to lift it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ..actors import Actor
from ..deploy import Deployment
from ..enums import Power
from ..errors import ContractRevert
from ..monetary_system import FOREIGN, PRIVATE, SOVEREIGN

if TYPE_CHECKING:  # the market calls these; they need its type only for checking
    from .engine import Market

LOCAL_AUTHORITIES = ("regulator", "central_bank")
"""The local authorities, who try to lift a freeze the foreign coin's issuer imposed."""


def stand_down(market: Market) -> None:
    coin = market.system.private.coin
    if market.control(PRIVATE, Power.LICENCE, lambda by: coin.revoke_licence(case="STAND-DOWN", by=by), "stand-down order"):
        market.say(f"{market.holders[PRIVATE][Power.LICENCE]} revokes the issuer's licence: no new {market.symbol(PRIVATE)}")


def pause(market: Market) -> None:
    coin = market.system.private.coin
    if market.control(PRIVATE, Power.PAUSE, lambda by: coin.pause(case="STAND-DOWN", by=by), "pause"):
        market.say(f"{market.holders[PRIVATE][Power.PAUSE]} pauses {market.symbol(PRIVATE)}: nothing moves, nobody redeems")


def _freeze(d: Deployment, account: Actor, case: str, by: Actor) -> object:
    return d.coin.freeze(account, case=case, by=by)


def overreach(market: Market) -> None:
    d = market.system.sovereign
    held = [c for c in market.town.consumers if market.balance[SOVEREIGN][c]]
    targets = sorted(market.event_draws.sample(held, min(len(held), market.events.overreach_freezes)))
    for target in targets:
        market.control(SOVEREIGN, Power.FREEZE, partial(_freeze, d, d.cast[target], "WAVE"), "freeze")
    if targets:
        market.say(f"{market.holders[SOVEREIGN][Power.FREEZE]} freezes {len(targets)} innocent {market.symbol(SOVEREIGN)} holders")


def shortfall(market: Market) -> None:
    bank = market.system.private.bank
    lost = int(bank.balance * market.events.shortfall_share)
    if lost:
        bank.record_loss(lost, reason="SHORTFALL")
        bank.attest(by=market.system.private.cast.attestor, report="SHORTFALL")
        market.say(f"the {market.symbol(PRIVATE)} issuer loses {market.events.shortfall_share:.0%} of its reserves; the attestation shows it")


def tier_change(market: Market) -> None:
    tiers = market.holders[SOVEREIGN][Power.SET_TIER]
    if tiers is None:
        return
    moved = [c for c in market.town.consumers if c in market.town.shows_identity and market.balance[SOVEREIGN][c]]
    for name in moved:
        market.verify(name)
    market.say(f"{tiers} ties {len(moved)} {market.symbol(SOVEREIGN)} wallets to their owners' identities (verified tier)")


def foreign_freeze(market: Market) -> None:
    d = market.system.foreign
    if d is None:
        return
    balance = market.balance[FOREIGN]
    held = sorted((c for c in market.town.consumers if balance[c]), key=lambda c: (-balance[c], c))
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


ACTIONS: dict[str, Callable[[Market], None]] = {
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

__all__ = ["ACTIONS", "EVENTS", "LOCAL_AUTHORITIES"]
