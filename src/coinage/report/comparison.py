"""The comparison as text: the columns, one table per scenario with its verdicts, and the table over seeds.

`coinage.scenarios.compare` and `coinage.sweep.compare_seeds` run the comparison; this module only formats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..designs import COINAGE, DESIGNS
from ..experiments import outcome_metrics
from ..experiments.registry import SCRIPTED_METRICS
from ..markdown import markdown_table
from ..metrics import METRICS, Metric, definitions
from ..scenarios import SCENARIOS, Comparison, Outcome
from ..sweep import SeededComparison, cell_values

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
        lines = [f"### {self.name}: {self.title}", "", markdown_table(self.headers, self.rows, numeric=self.numeric)]
        if self.could_act_alone_note:
            lines += [self.could_act_alone_note.capitalize(), ""]
        lines += [f"- **{regime}**: {verdict}" for regime, verdict in self.verdicts]
        return "\n".join(lines) + "\n"


def row_label(outcome: Outcome) -> str:
    """A comparison row's name: the regime of a Coinage coin, or the real coin's design."""
    return outcome.regime.slug if outcome.coin == COINAGE.slug else DESIGNS[outcome.coin].label


def scenario_tables(comparison: Comparison) -> list[ScenarioTable]:
    """One `ScenarioTable` per scenario of `comparison` that has rows, in scenario order."""
    metrics = tuple(METRICS[key] for key in TABLE_METRICS)
    tables = []
    for name in comparison.scenarios:
        outcomes = comparison.for_scenario(name)
        if not outcomes:
            continue
        rows = []
        for outcome in outcomes:
            values = outcome_metrics(outcome)
            rows.append((row_label(outcome), *(m.format(values.get(m.key)) for m in metrics)))
        verdicts = [(row_label(outcome), outcome.story_verdict) for outcome in outcomes]
        tables.append(ScenarioTable(name, SCENARIOS[name].title, metrics, rows, verdicts, SCENARIOS[name].decisive_action))
    return tables


def comparison_markdown(comparison: Comparison) -> str:
    """Each scenario's table and verdicts, in Markdown."""
    return "\n".join(table.to_markdown() for table in scenario_tables(comparison))


SEEDED_COLUMNS: tuple[str, ...] = ("scenario", "regime", "runs", *(METRICS[key].header for key in SCRIPTED_METRICS))
"""The header of the comparison over seeds."""


def seeded_rows(comparison: SeededComparison) -> list[list[str]]:
    """The comparison over seeds as text: numbers as ``mean ± half-width``, who could act alone as the names seen."""
    return [[name, cell.setting, str(cell.runs), *cell_values(cell, SCRIPTED_METRICS)] for name, cell in comparison.cells]


def seeded_markdown(comparison: SeededComparison) -> str:
    """The comparison over seeds as one Markdown table (the first two columns are names)."""
    return markdown_table(SEEDED_COLUMNS, seeded_rows(comparison), numeric=[i >= 2 for i in range(len(SEEDED_COLUMNS))])


__all__ = [
    "REGIME_HEADER",
    "SEEDED_COLUMNS",
    "TABLE_METRICS",
    "ScenarioTable",
    "column_definitions",
    "comparison_markdown",
    "scenario_tables",
    "seeded_markdown",
    "seeded_rows",
]
