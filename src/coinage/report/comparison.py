"""The centrepiece: every scenario under every regime it applies to, as one table of outcomes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..chain import Chain
from ..deploy import parse_regime
from ..enums import Regime
from ..experiments.registry import SCRIPTED_METRICS
from ..metrics import METRICS
from ..scenarios import SCENARIOS, Outcome, get_scenario, run_scenario
from ..sweep import Cell, Sweep, cell_values, markdown_table, plan_sweep, run_specs, summarise
from ..sweep.store import make_row
from ..units import format_coins

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each run, so a caller can show a progress bar."""

COLUMNS = (
    "scenario",
    "regime",
    "recovered",
    "lost",
    "frozen (peak)",
    "innocent hit",
    "blocks to act",
    "acted alone",
    "control gas",
    "verdict",
)

NUMERIC_COLUMNS = frozenset({"recovered", "lost", "frozen (peak)", "innocent hit", "blocks to act", "control gas"})


def _cell(text: str) -> str:
    # A pipe would end the Markdown cell early.
    return text.replace("|", "\\|")


@dataclass(frozen=True)
class Comparison:
    """Outcomes of a set of runs, in scenario order then regime order, all with one seed."""

    rows: list[Outcome]
    seed: int = 0
    scenarios: tuple[str, ...] = field(default_factory=tuple)

    def for_scenario(self, name: str) -> list[Outcome]:
        """The rows of one scenario, in regime order."""
        return [row for row in self.rows if row.scenario == name]

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "outcomes": [row.to_dict() for row in self.rows]}

    def cells(self) -> list[tuple[str, ...]]:
        """The table's rows as text, one cell per column of `COLUMNS`: whole coins, '-' where nobody could act."""
        return [
            (
                row.scenario,
                row.regime.slug,
                format_coins(row.funds_recovered),
                format_coins(row.funds_lost),
                format_coins(row.funds_frozen),
                str(row.innocent_holders_affected),
                "-" if row.blocks_until_action is None else str(row.blocks_until_action),
                row.acted_alone,
                f"{row.control_gas:,}",
                row.story_verdict,
            )
            for row in self.rows
        ]

    def to_markdown(self) -> str:
        """One Markdown table of `cells()`."""
        lines = [
            "| " + " | ".join(COLUMNS) + " |",
            "|" + "|".join("---:" if c in NUMERIC_COLUMNS else "---" for c in COLUMNS) + "|",
        ]
        lines += ["| " + " | ".join(_cell(c) for c in cells) + " |" for cells in self.cells()]
        return "\n".join(lines) + "\n"


def compare(
    scenarios: str | Iterable[str] | None = None,
    regimes: Regime | str | Iterable[Regime | str] | None = None,
    *,
    seed: int = 0,
    progress: Progress | None = None,
    chain: Chain | None = None,
) -> Comparison:
    """Run each scenario (default: all) under each regime (default: all) it applies to, with one seed.

    Pairs where a scenario does not apply are skipped rather than refused, so asking for "every
    scenario under sovereign" gives the scenarios that mean something there. With `chain` (a JSON-RPC
    node, say) every run happens there, each inside a snapshot.
    """
    if isinstance(scenarios, str):
        scenarios = [scenarios]  # one name, not its letters
    if isinstance(regimes, (str, Regime)):
        regimes = [regimes]
    names: Sequence[str] = [get_scenario(n).name for n in scenarios] if scenarios is not None else list(SCENARIOS)
    wanted = [parse_regime(r) for r in regimes] if regimes is not None else list(Regime)
    plan = [(name, regime) for name in names for regime in SCENARIOS[name].regimes if regime in wanted]
    rows: list[Outcome] = []
    for done, (name, regime) in enumerate(plan, start=1):
        if chain is None:
            rows.append(run_scenario(name, regime, seed=seed))
        else:
            # One node for every run: each starts from the same state and is undone afterwards.
            with chain.snapshot():
                rows.append(run_scenario(name, regime, seed=seed, chain=chain))
        if progress is not None:
            progress(done, len(plan))
    return Comparison(rows, seed, tuple(names))


@dataclass(frozen=True)
class SeededComparison:
    """Each scenario under each regime over several seeds: every figure as a mean and its 95% interval."""

    cells: list[tuple[str, Cell]]
    """(scenario, cell) in scenario order then regime order."""
    seeds: tuple[int, ...]
    scenarios: tuple[str, ...]

    @staticmethod
    def columns() -> tuple[str, ...]:
        return ("scenario", "regime", "runs", *(METRICS[key].header for key in SCRIPTED_METRICS))

    def rows(self) -> list[list[str]]:
        """The table as text: numbers as ``mean ± half-width``, who could act alone as the names seen."""
        return [[name, cell.regime.slug, str(cell.runs), *cell_values(cell, SCRIPTED_METRICS)] for name, cell in self.cells]

    def to_markdown(self) -> str:
        return markdown_table(self.columns(), self.rows())

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
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    if isinstance(regimes, (str, Regime)):
        regimes = [regimes]
    names = [get_scenario(n).name for n in scenarios] if scenarios is not None else list(SCENARIOS)
    wanted = [parse_regime(r) for r in regimes] if regimes is not None else list(Regime)
    plans: dict[str, Sweep] = {}
    for name in names:
        applicable = [r.slug for r in SCENARIOS[name].regimes if r in wanted]
        if applicable:
            plans[name] = plan_sweep(name, regimes=applicable, seeds=seeds, seed=seed)
    specs = [spec for plan in plans.values() for spec in plan.specs()]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in plans}
    for done, (spec, values) in enumerate(run_specs(specs, workers=workers), start=1):
        rows[spec.experiment].append(make_row(spec, values))
        if progress is not None:
            progress(done, len(specs))
    cells = [(name, cell) for name, plan in plans.items() for cell in summarise(plan, rows[name]).cells]
    return SeededComparison(cells, tuple(range(seed, seed + seeds)), tuple(names))


__all__ = ["COLUMNS", "NUMERIC_COLUMNS", "Comparison", "Progress", "SeededComparison", "compare", "compare_seeds"]
