"""A sweep's files: runs.csv, summary.json, report.md and the PNG charts, written all at once.

Everything is rendered in memory, written to temporary names inside the directory, then renamed into
place, so a reader never finds half a report (the same discipline as `coinage compare --out`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..designs import COINAGE, DESIGNS
from ..files import write_all
from ..markdown import markdown_table
from ..metrics import METRICS, definitions
from .charts import metric_chart, trade_off_axes, trade_off_chart
from .grid import Sweep
from .store import TABLE_NAME, Row, render_table
from .summary import BOOTSTRAP_RESAMPLES, CONFIDENCE, INTERVAL_METHOD, MIN_RUNS, Cell, Summary, format_estimate


def summary_columns(summary: Summary) -> list[str]:
    """The summary table's header: the cell, then each metric's header."""
    first = "regime" if summary.cells and summary.cells[0].regime is not None or not summary.cells else "coin"
    return [first, "parameters", "runs", *(METRICS[key].header for key in summary.experiment.metrics)]


def cell_values(cell: Cell, keys: Sequence[str]) -> list[str]:
    """One cell's figures as text: numbers as ``mean [low, high]`` with the 95% interval, names as seen."""
    return [format_estimate(key, cell.estimates.get(key)) if METRICS[key].numeric else cell.actors.get(key, "-") for key in keys]


def summary_cells(summary: Summary) -> list[list[str]]:
    """The summary table as text, one row per cell."""
    return [[cell.setting, cell.label(), str(cell.runs), *cell_values(cell, summary.experiment.metrics)] for cell in summary.cells]


def summary_markdown(summary: Summary) -> str:
    """The summary table in Markdown (the regime and the parameters are names, the rest figures)."""
    columns = summary_columns(summary)
    return markdown_table(columns, summary_cells(summary), numeric=[i >= 2 for i in range(len(columns))])


def chart_files(summary: Summary) -> dict[str, bytes]:
    """Every chart by file name: one per numeric metric that applied somewhere, and the trade-off."""
    files = {
        f"metric-{key}.png": metric_chart(summary, key)
        for key in summary.numeric_metrics
        if any(cell.estimates.get(key) is not None for cell in summary.cells)
    }
    # Recovery against harm across a swept parameter; with none swept the per-metric charts show what varied (the regime).
    if trade_off_axes(summary) is not None and swept(summary):
        files["trade-off.png"] = trade_off_chart(summary)
    return files


def swept(summary: Summary) -> list[str]:
    """The parameters the sweep gave more than one value."""
    return [name for name, values in summary.grid if len(values) > 1]


def interval_note(runs: int) -> str:
    """What the intervals are, and a warning when `runs` (the fewest in any cell) makes them rough."""
    note = (
        f"Each figure is the mean over the cell's runs and, in brackets, its {CONFIDENCE:.0%} interval "
        f"({INTERVAL_METHOD}, {BOOTSTRAP_RESAMPLES:,} resamples from a fixed seed): how well the runs pin down "
        "the mean, not the spread of single runs; it never leaves the metric's domain."
    )
    if runs < MIN_RUNS:
        note += f" Warning: {runs} run{'s' if runs != 1 else ''} per cell; below {MIN_RUNS} the intervals mean little (more --seeds)."
    return note


def render_markdown(plan: Sweep, summary: Summary, charts: Sequence[str]) -> str:
    """report.md: what ran, the summary table, the charts, every metric's and parameter's definition."""
    experiment = plan.experiment
    grid = "; ".join(f"{name} = {', '.join(map(str, values))}" for name, values in plan.grid) or "none (every parameter at its default)"
    parts = [
        f"# Sweep: {experiment.title}",
        "",
        f"Experiment `{experiment.name}`, {plan.size:,} runs: {_played_on(plan)}; "
        f"seeds {plan.seeds[0]} to {plan.seeds[-1]} ({len(plan.seeds)} per cell, the same in every cell); "
        f"parameters swept: {grid}. The runs table is {TABLE_NAME}, one row per run.",
        "",
        interval_note(min((cell.runs for cell in summary.cells), default=0)) + " Amounts in cHKD, shares in percent.",
        "",
        summary_markdown(summary),
    ]
    parts += [f"![{name}]({name})\n" for name in charts]
    parts += ["## Metrics", ""] + [f"- {line}" for line in definitions(experiment.metrics)] + [""]
    if experiment.parameters:
        parts += ["## Parameters", ""] + [f"- {p.describe()}" for p in experiment.parameters] + [""]
    return "\n".join(parts)


def _played_on(plan: Sweep) -> str:
    """What the runs played on: Coinage's regimes, or one real coin's own contract."""
    if plan.coin != COINAGE.slug:
        return f"on {DESIGNS[plan.coin].label}'s own contract (the regime axis is Coinage's)"
    return f"regimes {', '.join(r.slug for r in plan.regimes if r is not None)}"


def write_outputs(plan: Sweep, summary: Summary, rows: Sequence[Row], out_dir: Path) -> list[Path]:
    """Write runs.csv, summary.json, report.md and the charts into `out_dir`; return the paths written."""
    charts = chart_files(summary)
    files = {
        TABLE_NAME: render_table(plan.experiment, rows, plan.coin),
        "summary.json": (json.dumps(summary.to_dict(), indent=1) + "\n").encode(),
        "report.md": render_markdown(plan, summary, list(charts)).encode(),
        **charts,
    }
    return write_all(out_dir, files, what="the sweep's report")


__all__ = [
    "cell_values",
    "interval_note",
    "swept",
    "chart_files",
    "markdown_table",
    "render_markdown",
    "summary_cells", "summary_columns", "summary_markdown", "write_outputs"]
