"""How a holder chooses a coin: seeded preferences over what anybody can observe of each coin.

A holder scores each coin on four things, each from 0 (worst) to 1, and weighs them by seeded
preferences that sum to one; a seeded taste per coin (familiarity, habit) spreads holders out at the
start. A holder switches only when another coin beats theirs by more than their own inertia, since a
switch costs a redemption, a wait for the fiat, and a mint.

- privacy: 1 for a coin that asks for no identity on chain; in a coin with wallet tiers, 0.6 for an
  anonymous wallet that can hold the holder's money, 0.2 for a wallet tied to an identity. A holder
  who will not show an identity cannot hold more than the anonymous cap there at all.
- safety: 0 while the coin is paused; otherwise one minus four times the share of its holders seen frozen.
- acceptance: the share of merchants who take the coin.
- redemption: 0 while redemptions wait unpaid or the coin is paused; 0.5 while attested reserves
  fall short of supply; 1 otherwise.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SCORES = ("privacy", "safety", "acceptance", "redemption")

PRIVACY_OPEN, PRIVACY_ANONYMOUS, PRIVACY_IDENTIFIED = 1.0, 0.6, 0.2
FREEZE_FEAR = 4.0
"""A coin whose holders are a quarter frozen is, to an onlooker, as unsafe as a paused one."""


@dataclass(frozen=True)
class Preferences:
    """One holder's seeded weights (summing to one), taste per coin, and inertia."""

    weights: Mapping[str, float]
    taste: Mapping[str, float]
    inertia: float
    shows_identity: bool
    """Whether they will verify their identity to lift a wallet tier's caps."""


def draw_preferences(
    coins: Iterable[str], rng: random.Random, *, taste_weight: float, inertia_max: float, shows_identity: bool
) -> Preferences:
    """Preferences drawn from `rng`: weights uniform then normalised, taste uniform in [0, taste_weight]."""
    raw = [rng.random() + 1e-9 for _ in SCORES]
    total = sum(raw)
    weights = {score: value / total for score, value in zip(SCORES, raw)}
    taste = {coin: rng.random() * taste_weight for coin in coins}
    return Preferences(weights, taste, rng.random() * inertia_max, shows_identity)


@dataclass(frozen=True)
class Signals:
    """What anybody can see of one coin on a given day (read from the chain by the market)."""

    paused: bool
    mintable: bool
    """Whether new coins can be had: licensed and not paused."""
    frozen_share: float
    """Share of the coin's holders seen frozen so far."""
    acceptance: float
    unpaid: bool
    """Redemption requests waiting unpaid after the day's payout run."""
    hole: bool
    """Attested reserves below supply."""
    anonymous_cap: int | None
    """The anonymous wallet's balance cap, where the coin has wallet tiers."""


def scores(signals: Signals, *, identified: bool) -> dict[str, float]:
    """The four scores of a coin for a holder whose wallet there is `identified` (tied to an identity) or not."""
    if signals.anonymous_cap is None:
        privacy = PRIVACY_OPEN
    elif identified:
        privacy = PRIVACY_IDENTIFIED
    else:
        privacy = PRIVACY_ANONYMOUS
    safety = 0.0 if signals.paused else max(0.0, 1.0 - FREEZE_FEAR * signals.frozen_share)
    if signals.paused or signals.unpaid:
        redemption = 0.0
    else:
        redemption = 0.5 if signals.hole else 1.0
    return {"privacy": privacy, "safety": safety, "acceptance": signals.acceptance, "redemption": redemption}


def utility(preferences: Preferences, coin: str, coin_scores: Mapping[str, float]) -> float:
    """The holder's weighted score of a coin, plus their taste for it."""
    return sum(preferences.weights[s] * coin_scores[s] for s in SCORES) + preferences.taste[coin]


def needs_identity(signals: Signals, amount: int) -> bool:
    """Whether holding `amount` in the coin needs a verified wallet."""
    return signals.anonymous_cap is not None and amount > signals.anonymous_cap


__all__ = ["SCORES", "Preferences", "Signals", "draw_preferences", "needs_identity", "scores", "utility"]
