"""The comparison over several seeds: each scenario under each regime, run as one sweep (`coinage.report` formats it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..enums import Regime
from ..designs import COINAGE
from ..scenarios import Progress, plan_comparison
from ..scenarios.comparison import Run, plan_designs
from .grid import Sweep, plan_sweep
from .runner import run_specs
from .store import Row, make_row
from .summary import Cell, summarise


@dataclass(frozen=True)
class SeededComparison:
    """Each scenario under each regime over several seeds: every figure as a mean and its 95% interval."""

    cells: list[tuple[str, Cell]]
    """(scenario, cell) in scenario order, then Coinage's regimes, then the real coins."""
    seeds: tuple[int, ...]
    scenarios: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seeds": {"first": self.seeds[0], "count": len(self.seeds)},
            "cells": [{"scenario": name, **cell.to_dict()} for name, cell in self.cells],
        }


def compare_seeds(
    scenarios: str | Iterable[str] | None = None,
    regimes: Regime | str | Iterable[Regime | str] | None = None,
    *,
    seeds: int,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
    coins: str | Iterable[str] | None = None,
) -> SeededComparison:
    """`compare` over seeds `seed` to `seed + seeds - 1`, run as one sweep on `workers` processes (default: every core).

    Without `coins`, Coinage's regimes; with `coins`, those designs (`coinage.designs`), where each story applies.
    """
    if coins is None:
        names, pairs = plan_comparison(scenarios, regimes)
        runs: list[Run] = [(name, regime, COINAGE.slug) for name, regime in pairs]
    else:
        names, runs = plan_designs(scenarios, regimes, coins)
    plans: dict[tuple[str, str], Sweep] = {}
    for name, _, coin in runs:
        if (name, coin) not in plans:
            applicable = [r.slug for n, r, c in runs if n == name and c == coin and r is not None]
            plans[name, coin] = plan_sweep(name, regimes=applicable or None, seeds=seeds, seed=seed, coin=coin)
    specs = [spec for plan in plans.values() for spec in plan.specs()]
    rows: dict[tuple[str, str], list[Row]] = {key: [] for key in plans}
    for done, (spec, values) in enumerate(run_specs(specs, workers=workers), start=1):
        rows[spec.experiment, spec.coin].append(make_row(spec, values))
        if progress is not None:
            progress(done, len(specs))
    cells = [(name, cell) for (name, coin), plan in plans.items() for cell in summarise(plan, rows[name, coin]).cells]
    return SeededComparison(cells, tuple(range(seed, seed + seeds)), tuple(names))


__all__ = ["SeededComparison", "compare_seeds"]
