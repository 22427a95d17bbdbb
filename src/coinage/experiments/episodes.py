"""Recorded episodes: five real events, each replayed at documented parameters (docs/episodes.md).

An episode is a pure function of a seed (and a population size) that returns one value per figure; the
figures carry what was recorded, its source, and the band the model's mean must land in. Running an
episode over seeds and comparing is `coinage.sweep.episodes`; printing it is `coinage episode`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..deploy import deploy_coin
from ..designs import COINAGE
from ..enums import Power, Regime
from ..errors import HoldingLimitExceeded, UnknownName
from ..units import UNIT
from ..world.holding_limits import holding_limit
from ..world.sources import SOURCES
from .depeg import PAR_BAND, simulate_depeg
from .registry import get_experiment, run_experiment

EpisodeValues = Mapping[str, float | None]
"""One run's value of each figure (None where it did not arise in that run)."""


@dataclass(frozen=True)
class Figure:
    """One figure of an episode: the model's `key`, what was recorded and where, and the band for the mean."""

    key: str
    label: str
    recorded: str
    """The recorded figure as reported, for people ("-" where none was recorded)."""
    recorded_range: tuple[float, float] | None
    """The recorded figure as numbers (low, high), or None where none was recorded."""
    band: tuple[float, float] | None
    """The band the model's mean must land in (inclusive), or None where the figure is the model's only."""
    source: str | None
    """Key of the source of the recorded figure (`coinage.world.sources`)."""

    @property
    def citation(self) -> str:
        return SOURCES[self.source].citation if self.source else "-"


@dataclass(frozen=True)
class Episode:
    """A recorded event, its figures, and the run that replays it for one seed."""

    name: str
    title: str
    figures: tuple[Figure, ...]
    run: Callable[[int, int, str], EpisodeValues]
    """(seed, holders, coin) -> the figures' values; the coin is one of `coins`."""
    holders: int
    """The documented population (tests use a smaller one for speed)."""
    coins: tuple[str, ...] = ("coinage",)
    """Coin designs the episode can replay with (`--coin`)."""


# --- svb-2023 and terra-2022: the depeg experiment --------------------------------------------------

TERRA = {"redeemable": False, "frightened_share": 0.09, "panic_hours": 72.0, "shock_day": 5, "shock_hour": 0.0}
"""TerraUSD: no redemption at par; 91 % did nothing; collapse over 3-4 days from a weekend (Liu, Makarov, Schoar)."""


def _svb(seed: int, holders: int, coin: str) -> EpisodeValues:
    # The issuer's coin is Coinage's under the issuer-controlled regime, or USDC's own contract (no regime).
    regime = "issuer-controlled" if coin == COINAGE.slug else None
    spec = get_experiment("depeg").spec(regime, seed=seed, holders=holders, days=10, coin=coin)
    values = simulate_depeg(spec).values
    return {key: _number(values[key]) for key in ("lowest_price", "hours_below_par", "hours_to_par", "net_redeemed_share")}


def _terra(seed: int, holders: int, coin: str) -> EpisodeValues:
    del coin  # Coinage's contract only (`Episode.coins`)
    spec = get_experiment("depeg").spec("permissionless", seed=seed, holders=holders, days=10, params=TERRA)
    run = simulate_depeg(spec)
    fell = run.values["lowest_price"] is not None and float(run.values["lowest_price"]) < PAR_BAND
    back = None if not fell else 1.0 if run.prices[-1] >= PAR_BAND else 0.0  # no depeg, nothing to come back from
    return {"back_at_par": back, "hours_below_par": _number(run.values["hours_below_par"])}


# --- usdt-freeze-gap: the economy under three freezers ---------------------------------------------

FREEZE_GAP = {"fraud_rate": 20.0, "bad_actor_share": 0.05, "payments_per_day": 0.1, "authority_error_rate": 0.0}
"""Many orders in a short run (chosen for the episode; docs/episodes.md says so)."""

_FREEZERS = (("issuer", "issuer-controlled"), ("regulator", "regulator-controlled"), ("court", "due-process"))


def _freeze_gap(seed: int, holders: int, coin: str) -> EpisodeValues:
    del coin  # Coinage's contract only (`Episode.coins`)
    economy = get_experiment("economy")
    values: dict[str, float | None] = {}
    for label, regime in _FREEZERS:
        run = run_experiment(economy.spec(regime, seed=seed, holders=holders, days=3, params=FREEZE_GAP))
        values[f"delay_{label}"] = _number(run["freeze_delay_hours"])
        values[f"escaped_{label}"] = _number(run["escaped_share"])
    return values


# --- stand-down-2025: the competition with and without the order ------------------------------------


def _stand_down(seed: int, holders: int, coin: str) -> EpisodeValues:
    del coin  # Coinage's contract only (`Episode.coins`)
    competition = get_experiment("competition")
    runs = {
        order: run_experiment(competition.spec("regulator-controlled", seed=seed, holders=holders, days=10, params={"stand_down": order}))
        for order in (True, False)
    }

    def change(key: str) -> float | None:
        after, before = _number(runs[True][key]), _number(runs[False][key])
        return None if after is None or before is None else after - before

    return {
        "private_after": _number(runs[True]["private_share_held"]),
        "private_change": change("private_share_held"),
        "sovereign_change": change("sovereign_share_held"),
        "foreign_change": change("foreign_share_held"),
    }


# --- holding-limits: a run with and without the Bank of England's limit -----------------------------

WANTED_SIGMA = 1.5
"""Spread (log-normal sigma) of what holders want to hold: chosen for the episode (docs/episodes.md)."""


def _liquidity_need(seed: int, holders: int, limit: int | None) -> int:
    """Coins redeemed when every holder runs, on a coin with `limit` (base units) or none."""
    rng = random.Random(f"{seed}:wanted-holdings")
    mean = holding_limit("boe").amount
    mu = math.log(mean) - WANTED_SIGMA**2 / 2
    names = [f"holder_{i:05d}" for i in range(holders)]
    wanted = {name: max(1, round(rng.lognormvariate(mu, WANTED_SIGMA))) * UNIT for name in names}
    d = deploy_coin("regulator-controlled", holders=names, holding_limit=limit)
    configurer = d.holder_of(Power.CONFIGURE_MINTER)
    assert configurer is not None
    d.coin.set_minter_allowance(2**128, by=configurer)
    d.bank.attest(by=d.cast.attestor, report="OPEN")
    held: dict[str, int] = {}
    for name in names:
        for amount in (wanted[name], limit):
            if amount is None:
                break
            d.bank.receive(name, amount)
            d.bank.attest(by=d.cast.attestor, report="DEPOSIT")
            try:
                d.bank.issue()
            except HoldingLimitExceeded:
                d.bank.refund_pending()  # the chain refuses more than the limit: the rest stays at the bank
                continue
            held[name] = amount
            break
    with d.chain.batch():
        for name, amount in held.items():
            d.coin.redeem(amount, by=name)
    return sum(held.values())


def _holding_limits(seed: int, holders: int, coin: str) -> EpisodeValues:
    del coin  # Coinage's contract only (`Episode.coins`)
    free = _liquidity_need(seed, holders, None)
    limited = _liquidity_need(seed, holders, holding_limit("boe").base_units)
    return {"need_ratio": free / limited if limited else None, "need_share": limited / free if free else None}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


EPISODES: dict[str, Episode] = {
    episode.name: episode
    for episode in (
        Episode(
            "svb-2023",
            "USDC and Silicon Valley Bank, March 2023: an 8 % hole on a Friday night",
            (
                Figure("lowest_price", "lowest price ($)", "0.8726 (0.87-0.88)", (0.87, 0.88), (0.80, 0.95), "svb-usdc"),
                Figure("hours_below_par", "hours below 0.99", "about 72", (66.0, 78.0), (50.0, 80.0), "svb-usdc"),
                Figure("hours_to_par", "hours to par after reopening", "0-12 (same day)", (0.0, 12.0), (0.0, 12.0), "fed-feds-2025"),
                Figure("net_redeemed_share", "net redeemed, share, 5 days", "about 0.10", (0.10, 0.12), (0.05, 0.15), "svb-usdc"),
            ),
            _svb,
            200,
            (COINAGE.slug, "usdc"),
        ),
        Episode(
            "terra-2022",
            "TerraUSD, May 2022: an unbacked coin with no redemption at par (the control)",
            (
                Figure("back_at_par", "share back at par at the end", "0 (never)", (0.0, 0.0), (0.0, 0.0), "terra-anatomy"),
                Figure("hours_below_par", "hours below 0.99", "to the end", (72.0, 240.0), (72.0, 240.0), "terra-anatomy"),
            ),
            _terra,
            200,
        ),
        Episode(
            "usdt-freeze-gap",
            "USDT's freeze gap: orders through a 3-signer multisig against watching thieves",
            (
                Figure("delay_issuer", "median delay, issuer (h)", "over 5", (5.0, 6.0), (4.0, 7.0), "blocksec-gap"),
                Figure("escaped_issuer", "escaped share, issuer", "at most 0.023", (0.0, 0.023), (0.0, 0.15), "amlbot-gap"),
                Figure("delay_regulator", "delay, regulator (h)", "-", None, None, None),
                Figure("escaped_regulator", "escaped share, regulator", "-", None, None, None),
                Figure("delay_court", "delay, due process (h)", "-", None, None, None),
                Figure("escaped_court", "escaped share, due process", "-", None, None, None),
            ),
            _freeze_gap,
            400,
        ),
        Episode(
            "stand-down-2025",
            "Beijing's stand-down order and Hong Kong's first licences, 2025-2026",
            (
                Figure("private_after", "private share, stand-down", "-", None, None, None),
                Figure("private_change", "private share, change", "-", None, (-1.0, -1e-9), None),
                Figure("sovereign_change", "central bank share, change", "-", None, None, None),
                Figure("foreign_change", "dollar coin share, change", "-", None, None, None),
            ),
            _stand_down,
            60,
        ),
        Episode(
            "holding-limits",
            "The Bank of England's GBP 20,000 limit and the liquidity a run needs",
            (
                Figure("need_ratio", "need, no limit / limit", "about 2.2 (250/112)", (2.2, 2.25), (1.8, 2.6), "boe-fsp53"),
                Figure("need_share", "need with limit, share", "about 0.45", (0.44, 0.46), (0.38, 0.55), "boe-fsp53"),
            ),
            _holding_limits,
            200,
        ),
    )
}
"""Every episode, by name, in the order `coinage episode` lists them."""


def get_episode(name: str) -> Episode:
    """The episode called `name`; an unknown name lists the choices."""
    try:
        return EPISODES[name.strip().lower()]
    except KeyError:
        raise UnknownName(f"unknown episode {name!r}; choose one of: {', '.join(EPISODES)}") from None


__all__ = ["EPISODES", "Episode", "EpisodeValues", "Figure", "get_episode"]
