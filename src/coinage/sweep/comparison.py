"""The comparison over several seeds: each scenario under each regime, run as one sweep (`coinage.report` formats it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..enums import Regime
from ..scenarios import Progress, plan_comparison
from .grid import Sweep, plan_sweep
from .runner import run_specs
from .store import Row, make_row
from .summary import Cell, summarise


@dataclass(frozen=True)
class SeededComparison:
    """Each scenario under each regime over several seeds: every figure as a mean and its 95% interval."""

    cells: list[tuple[str, Cell]]
    """(scenario, cell) in scenario order then regime order."""
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
) -> SeededComparison:
    """`compare` over seeds `seed` to `seed + seeds - 1`, run as one sweep on `workers` processes (default: every core)."""
    names, pairs = plan_comparison(scenarios, regimes)
    plans: dict[str, Sweep] = {}
    for name in dict.fromkeys(name for name, _ in pairs):
        applicable = [regime.slug for n, regime in pairs if n == name]
        plans[name] = plan_sweep(name, regimes=applicable, seeds=seeds, seed=seed)
    specs = [spec for plan in plans.values() for spec in plan.specs()]
    rows: dict[str, list[Row]] = {name: [] for name in plans}
    for done, (spec, values) in enumerate(run_specs(specs, workers=workers), start=1):
        rows[spec.experiment].append(make_row(spec, values))
        if progress is not None:
            progress(done, len(specs))
    cells = [(name, cell) for name, plan in plans.items() for cell in summarise(plan, rows[name]).cells]
    return SeededComparison(cells, tuple(range(seed, seed + seeds)), tuple(names))


__all__ = ["SeededComparison", "compare_seeds"]
