"""The centrepiece: every scenario under every regime it applies to, one table of outcomes per scenario."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..chain import Chain
from ..deploy import parse_regime
from ..enums import Regime
from ..errors import InvalidInput
from ..experiments import outcome_metrics
from ..experiments.registry import SCRIPTED_METRICS
from ..metrics import METRICS, Metric, definitions
from ..scenarios import SCENARIOS, Outcome, get_scenario, run_scenario
from ..sweep import Cell, Sweep, cell_values, markdown_table, plan_sweep, run_specs, summarise
from ..sweep.store import make_row
from ..units import DECIMALS

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each run, so a caller can show a progress bar."""

TABLE_METRICS: tuple[str, ...] = (
    "recovered",
    "lost",
    "frozen_peak",
    "innocent_hit",
    "innocent_frozen_days",
    "hours_to_act",
    "blocks_to_act",
    "hours_to_recover",
    "could_act_alone",
    "control_gas",
)
"""The comparison's columns after the regime, as keys of `coinage.metrics`: the one place they are chosen.

Headers, units and definitions come from the metric, so a renamed or redefined metric changes every table.
"""

assert all(key in METRICS for key in TABLE_METRICS)

REGIME_HEADER = "regime"


def column_definitions() -> list[str]:
    """One line per column, `header: what it measures`, as report.md, `compare --help` and the docs print them."""
    return [f"{REGIME_HEADER}: the control regime of the run, one row each", *definitions(TABLE_METRICS)]


def _cell(text: str) -> str:
    # A pipe would end the Markdown cell early.
    return text.replace("|", "\\|")


@dataclass(frozen=True)
class ScenarioTable:
    """One scenario's part of the comparison as text: a row per regime, a cell per metric, and the verdicts."""

    name: str
    title: str
    metrics: tuple[Metric, ...]
    rows: list[tuple[str, ...]]
    """Each row: the regime's name, then one formatted value per metric."""
    verdicts: list[tuple[str, str]]
    """(regime, the story in one line), in row order."""
    decisive_action: str = ""
    """What "could act alone" means in this story: who holds every power needed to do this."""

    @property
    def could_act_alone_note(self) -> str:
        """One line saying which action "could act alone" is about here, so a name means the same in every table."""
        if not self.decisive_action:
            return ""
        return f"could act alone: who, by the coin's rule table, holds every power needed to {self.decisive_action}."

    @property
    def headers(self) -> tuple[str, ...]:
        return (REGIME_HEADER, *(m.header for m in self.metrics))

    @property
    def numeric(self) -> tuple[bool, ...]:
        """Per column, whether it holds numbers (right-aligned)."""
        return (False, *(m.numeric for m in self.metrics))

    def to_markdown(self) -> str:
        """A heading, a Markdown table and the verdicts as a list."""
        lines = [
            f"### {self.name}: {self.title}",
            "",
            "| " + " | ".join(self.headers) + " |",
            "|" + "|".join("---:" if numeric else "---" for numeric in self.numeric) + "|",
        ]
        lines += ["| " + " | ".join(_cell(c) for c in cells) + " |" for cells in self.rows]
        lines.append("")
        if self.could_act_alone_note:
            lines += [self.could_act_alone_note.capitalize(), ""]
        lines += [f"- **{regime}**: {verdict}" for regime, verdict in self.verdicts]
        return "\n".join(lines) + "\n"


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
        """JSON-ready: amounts in base units, `decimals` of them to a coin."""
        return {"seed": self.seed, "decimals": DECIMALS, "outcomes": [row.to_dict() for row in self.rows]}

    def tables(self) -> list[ScenarioTable]:
        """One `ScenarioTable` per scenario that has rows, in scenario order."""
        metrics = tuple(METRICS[key] for key in TABLE_METRICS)
        tables = []
        for name in self.scenarios:
            outcomes = self.for_scenario(name)
            if not outcomes:
                continue
            rows = []
            for outcome in outcomes:
                values = outcome_metrics(outcome)
                rows.append((outcome.regime.slug, *(m.format(values.get(m.key)) for m in metrics)))
            verdicts = [(outcome.regime.slug, outcome.story_verdict) for outcome in outcomes]
            tables.append(ScenarioTable(name, SCENARIOS[name].title, metrics, rows, verdicts, SCENARIOS[name].decisive_action))
        return tables

    def to_markdown(self) -> str:
        """Each scenario's table and verdicts, in Markdown."""
        return "\n".join(table.to_markdown() for table in self.tables())


def _plan(
    scenarios: str | Iterable[str] | None, regimes: Regime | str | Iterable[Regime | str] | None
) -> tuple[list[str], list[tuple[str, Regime]]]:
    """The scenarios asked for (each once) and every (scenario, regime) pair where the scenario applies."""
    if isinstance(scenarios, str):
        scenarios = [scenarios]  # one name, not its letters
    if isinstance(regimes, (str, Regime)):
        regimes = [regimes]
    names = list(dict.fromkeys(get_scenario(n).name for n in scenarios)) if scenarios is not None else list(SCENARIOS)
    wanted = [parse_regime(r) for r in regimes] if regimes is not None else list(Regime)
    plan = [(name, regime) for name in names for regime in SCENARIOS[name].regimes if regime in wanted]
    if not plan:
        applies = "; ".join(f"{n} applies to {', '.join(r.slug for r in SCENARIOS[n].regimes)}" for n in names)
        raise InvalidInput(f"nothing to compare: no scenario asked for applies under {', '.join(r.slug for r in wanted)} ({applies})")
    return names, plan


def compare(
    scenarios: str | Iterable[str] | None = None,
    regimes: Regime | str | Iterable[Regime | str] | None = None,
    *,
    seed: int = 0,
    progress: Progress | None = None,
    chain: Chain | None = None,
    engine: str | None = None,
) -> Comparison:
    """Run each scenario (default: all) under each regime (default: all) it applies to, with one seed.

    Pairs where a scenario does not apply are skipped rather than refused, so asking for "every
    scenario under sovereign" gives the scenarios that mean something there; a name given twice
    counts once. If no pair applies at all, `InvalidInput` says so before anything runs. With
    `chain` (a JSON-RPC node, say) every run happens there, each inside a snapshot; otherwise each
    run gets a new embedded chain on `engine` (`coinage.chain.ENGINES`).
    """
    names, plan = _plan(scenarios, regimes)
    rows: list[Outcome] = []
    for done, (name, regime) in enumerate(plan, start=1):
        if chain is None:
            rows.append(run_scenario(name, regime, seed=seed, engine=engine))
        else:
            # One node for every run: each starts from the same state and is undone afterwards.
            with chain.snapshot():
                rows.append(run_scenario(name, regime, seed=seed, chain=chain))
        if progress is not None:
            progress(done, len(plan))
    return Comparison(rows, seed, tuple(names))


@dataclass(frozen=True)
class SeededComparison:
    """Each scenario under each regime over several seeds: every figure as a mean and its 95% interval (`coinage.sweep.summary`)."""

    cells: list[tuple[str, Cell]]
    """(scenario, cell) in scenario order then regime order."""
    seeds: tuple[int, ...]
    scenarios: tuple[str, ...]

    @staticmethod
    def columns() -> tuple[str, ...]:
        return ("scenario", "regime", "runs", *(METRICS[key].header for key in SCRIPTED_METRICS))

    def rows(self) -> list[list[str]]:
        """The table as text: numbers as ``mean [low, high]``, who could act alone as the names seen."""
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
    names, pairs = _plan(scenarios, regimes)
    plans: dict[str, Sweep] = {}
    for name in dict.fromkeys(name for name, _ in pairs):
        applicable = [regime.slug for n, regime in pairs if n == name]
        plans[name] = plan_sweep(name, regimes=applicable, seeds=seeds, seed=seed)
    specs = [spec for plan in plans.values() for spec in plan.specs()]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in plans}
    for done, (spec, values) in enumerate(run_specs(specs, workers=workers), start=1):
        rows[spec.experiment].append(make_row(spec, values))
        if progress is not None:
            progress(done, len(specs))
    cells = [(name, cell) for name, plan in plans.items() for cell in summarise(plan, rows[name]).cells]
    return SeededComparison(cells, tuple(range(seed, seed + seeds)), tuple(names))
