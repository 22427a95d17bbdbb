"""Who lives in the economy: consumers, merchants and a few fraudsters, their opening balances and who
pays whom. Pure Python from one seeded `random.Random`; the chain is not touched here.

Consumers pay merchants (each consumer favours a few, and a few merchants are far more popular than
the rest, as in any high street); merchants pay wages and suppliers back to consumers. Payment
sizes are Pareto-distributed (a heavy tail of large payments) and opening balances log-normal.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate

from ..units import UNIT
from .parameters import ParameterValue

FAVOURITES = 3
"""Merchants a consumer buys from."""

CENT = UNIT // 100
"""Base units of one cent of a 6-decimal coin: payments are whole cents."""

COIN = UNIT


@dataclass(frozen=True)
class Population:
    """The holders by kind (names are `c00001`, `m00001`, `x00001`), balances and the payment graph."""

    consumers: tuple[str, ...]
    merchants: tuple[str, ...]
    fraudsters: tuple[str, ...]
    opening: Mapping[str, int]
    """Opening balance of each honest holder, in base units."""
    favourites: Mapping[str, tuple[str, ...]]
    """The merchants each consumer buys from."""
    verified: frozenset[str]
    """Holders with identity-verified wallets (merchants, and a share of consumers)."""

    @property
    def honest(self) -> tuple[str, ...]:
        return self.consumers + self.merchants

    @property
    def names(self) -> tuple[str, ...]:
        return self.consumers + self.merchants + self.fraudsters


def draw_population(holders: int, params: Mapping[str, ParameterValue], rng: random.Random) -> Population:
    """A population of `holders`, at least one merchant, one fraudster and one consumer."""
    merchants_n = max(1, round(holders * float(params["merchant_share"])))
    fraudsters_n = max(1, round(holders * float(params["bad_actor_share"])))
    consumers_n = max(1, holders - merchants_n - fraudsters_n)
    consumers = tuple(f"c{i:05d}" for i in range(consumers_n))
    merchants = tuple(f"m{i:05d}" for i in range(merchants_n))
    fraudsters = tuple(f"x{i:05d}" for i in range(fraudsters_n))
    # Zipf popularity: the k-th merchant is chosen 1/k as often as the first.
    popularity = list(accumulate(1 / (rank + 1) for rank in range(merchants_n)))
    favourites = {
        consumer: tuple(dict.fromkeys(rng.choices(merchants, cum_weights=popularity, k=FAVOURITES)))
        for consumer in consumers
    }
    mean = float(params["mean_balance"])
    sigma = 1.0
    mu = math.log(mean) - sigma * sigma / 2  # so that the log-normal's mean is `mean`
    opening = {name: max(1, round(rng.lognormvariate(mu, sigma) * 100)) * CENT for name in consumers + merchants}
    share = float(params["verified_share"])
    verified = frozenset(merchants) | frozenset(c for c in consumers if rng.random() < share)
    return Population(consumers, merchants, fraudsters, opening, favourites, verified)


def payment_size(params: Mapping[str, ParameterValue], rng: random.Random) -> int:
    """One consumer payment in base units: Pareto with the given median and tail index."""
    alpha = float(params["payment_tail"])
    scale = float(params["payment_median"]) / 2 ** (1 / alpha)  # a Pareto's median is scale * 2^(1/alpha)
    return max(1, round(rng.paretovariate(alpha) * scale * 100)) * CENT


__all__ = ["CENT", "COIN", "Population", "draw_population", "payment_size"]
