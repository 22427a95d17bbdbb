"""A sweep's runs summed up per cell (regime and grid point): the mean of each metric and its 95% interval.

The interval is Student's t interval for the mean, mean ± t(0.975, n - 1) · s / √n, with the quantile
from SciPy: with the handful of seeds a sweep often has, the normal 1.96 would claim about 40% more
precision than five runs give. It says how well the runs pin down the model's mean, not how far one
run may fall from it. A metric that does not apply in a run (None) is left out of that cell's mean, and
`n` says how many runs it is the mean of.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..designs import COINAGE
from ..enums import Regime
from ..experiments import Experiment
from ..metrics import METRICS, Unit, Value
from ..units import UNIT
from .grid import Point, Sweep
from .store import Row

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """The mean of `n` runs and its confidence interval (`low` == `high` == `mean` when every run agrees or n is 1)."""

    n: int
    mean: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def to_dict(self) -> dict[str, float | int]:
        return {"n": self.n, "mean": self.mean, "low": self.low, "high": self.high}


def estimate(values: Sequence[float]) -> Estimate | None:
    """Mean and 95% t interval of `values`; None when there are none. One value has a zero-width interval."""
    if not values:
        return None
    mean = statistics.fmean(values)
    if len(values) == 1:
        return Estimate(1, mean, mean, mean)
    from scipy.stats import t

    half = float(t.ppf(0.5 + CONFIDENCE / 2, len(values) - 1)) * statistics.stdev(values) / math.sqrt(len(values))
    return Estimate(len(values), mean, mean - half, mean + half)


@dataclass(frozen=True)
class Cell:
    """One regime (or one real coin) at one grid point, over every seed."""

    regime: Regime | None
    """Coinage's regime; None on a real coin (`coin`)."""
    point: Point
    runs: int
    estimates: dict[str, Estimate | None]
    """Each numeric metric's estimate (None where it applied in no run)."""
    actors: dict[str, str]
    """Each text metric (who could act alone) as the values seen, most frequent first."""
    coin: str = COINAGE.slug

    @property
    def setting(self) -> str:
        """What the cell's runs played on, for people: the regime's slug, or the real coin's design name."""
        return self.coin if self.regime is None else self.regime.slug

    def label(self) -> str:
        """The grid point for people: ``court_delay_days=5, freeze_accuracy=0.9`` (or ``defaults``)."""
        return ", ".join(f"{name}={_text(value)}" for name, value in self.point) or "defaults"

    def to_dict(self) -> dict[str, Any]:
        coin = {} if self.coin == COINAGE.slug else {"coin": self.coin}
        return {
            **coin,
            "regime": None if self.regime is None else self.regime.slug,
            "params": dict(self.point),
            "runs": self.runs,
            "metrics": {key: None if e is None else e.to_dict() for key, e in self.estimates.items()},
            "actors": self.actors,
        }


@dataclass(frozen=True)
class Summary:
    """Every cell of a sweep, in the plan's order (regime, then grid point)."""

    experiment: Experiment
    cells: list[Cell]
    seeds: tuple[int, ...]
    grid: tuple[tuple[str, tuple[Any, ...]], ...]

    @property
    def numeric_metrics(self) -> list[str]:
        return [key for key in self.experiment.metrics if METRICS[key].numeric]

    def to_dict(self) -> dict[str, Any]:
        return {
            "experiment": self.experiment.name,
            "seeds": {"first": self.seeds[0], "count": len(self.seeds)},
            "grid": {name: list(values) for name, values in self.grid},
            "confidence": CONFIDENCE,
            "definitions": {key: METRICS[key].describe() for key in self.experiment.metrics},
            "cells": [cell.to_dict() for cell in self.cells],
        }


def summarise(plan: Sweep, rows: Sequence[Row]) -> Summary:
    """The summary of `rows` (the runs of `plan`, in any order) cell by cell."""
    groups: dict[tuple[str | None, Point], list[Row]] = {}
    for row in rows:
        point = tuple((name, row[name]) for name, _ in plan.grid)
        regime = row["regime"]
        groups.setdefault((None if regime is None else str(regime), point), []).append(row)  # type: ignore[arg-type]
    cells = []
    for regime in plan.regimes:
        for point in plan.points():
            group = groups.get((None if regime is None else regime.slug, point), [])
            if group:
                cells.append(_cell(plan.experiment, regime, point, group, plan.coin))
    return Summary(plan.experiment, cells, plan.seeds, plan.grid)


def _cell(experiment: Experiment, regime: Regime | None, point: Point, rows: list[Row], coin: str) -> Cell:
    estimates: dict[str, Estimate | None] = {}
    actors: dict[str, str] = {}
    for key in experiment.metrics:
        values = [row.get(key) for row in rows]
        if METRICS[key].numeric:
            estimates[key] = estimate([float(v) for v in values if isinstance(v, (int, float))])
        else:
            seen = Counter(str(v) for v in values if v is not None)
            actors[key] = ", ".join(name for name, _ in sorted(seen.items(), key=lambda item: (-item[1], item[0])))
    return Cell(regime, point, len(rows), estimates, actors, coin)


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_estimate(key: str, value: Estimate | None) -> str:
    """``12.3 ± 4.5`` in the metric's own format (``-`` where it applied in no run)."""
    if value is None:
        return "-"
    shown = METRICS[key]
    cents = UNIT // 100 if shown.unit is Unit.COINS else None  # a mean of coins is shown to the cent

    def text(number: float) -> str:
        if cents is not None:
            number = round(number / cents) * cents
        return shown.format(int(number) if float(number).is_integer() else number)

    if value.n == 1 or value.half_width == 0:
        return text(value.mean)
    return f"{text(value.mean)} ± {text(value.half_width)}"


__all__ = ["CONFIDENCE", "Cell", "Estimate", "Summary", "estimate", "format_estimate", "summarise"]
