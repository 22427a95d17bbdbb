"""Write a comparison to disk: report.md, outcomes.json and the charts, all or nothing.

Everything is rendered in memory first; then each file goes to a temporary name inside the target
directory and all are renamed into place at the end. An unwritable directory therefore fails on
the first temporary file, before any report file exists, and a reader never sees half a report.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..scenarios import SCENARIOS
from .charts import competition_chart, fraud_chart, overreach_chart, shortfall_chart
from .comparison import Comparison

CHARTS = {
    "shortfall": ("shortfall_supply_reserves.png", shortfall_chart, "Supply against reserves during the run"),
    "overreach": ("overreach_frozen_share.png", overreach_chart, "Share of coins frozen, and five days later"),
    "fraud": ("fraud_recovered.png", fraud_chart, "Stolen funds recovered, per regime"),
    "competition": ("competition_shares.png", competition_chart, "Share of coins held in each coin, day by day"),
}


def render_markdown(comparison: Comparison, charts: dict[str, str]) -> str:
    """The report text: the table, then each scenario's verdicts and chart."""
    parts = [
        "# Coinage: who controls digital money?",
        "",
        f"Every scenario under every regime it applies to, seed {comparison.seed}. Amounts in cHKD; "
        "'frozen (peak)' is the most held in place at once; 'blocks to act' counts blocks from the harm to "
        "the first control action that took effect ('-': nobody could act, or nobody needed to).",
        "",
        comparison.to_markdown(),
    ]
    for name in comparison.scenarios:
        rows = comparison.for_scenario(name)
        if not rows:
            continue
        scenario = SCENARIOS[name]
        parts += [f"## {scenario.title}", "", scenario.summary, ""]
        parts += [f"- **{row.regime.slug}**: {row.story_verdict}" for row in rows]
        parts.append("")
        if name in charts:
            parts += [f"![{CHARTS[name][2]}]({charts[name]})", ""]
    return "\n".join(parts)


def write_report(comparison: Comparison, out_dir: Path) -> list[Path]:
    """Write report.md, outcomes.json and PNG charts into `out_dir`; return the paths written.

    Raises OSError (naming the directory) if `out_dir` cannot be created or written; in that case
    no report file is left behind.
    """
    out_dir = Path(out_dir)
    files: dict[str, bytes] = {}
    chart_files: dict[str, str] = {}
    for name, (filename, draw, _) in CHARTS.items():
        rows = comparison.for_scenario(name)
        if rows:
            files[filename] = draw(rows)
            chart_files[name] = filename
    files["outcomes.json"] = (json.dumps(comparison.to_dict(), indent=1) + "\n").encode()
    files["report.md"] = render_markdown(comparison, chart_files).encode()

    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for filename, data in files.items():
            handle, temporary_name = tempfile.mkstemp(dir=out_dir, prefix=f".{filename}.", suffix=".tmp")
            staged.append((Path(temporary_name), out_dir / filename))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise type(error)(error.errno, f"cannot write the report into {out_dir}: {error.strerror}") from error
    for temporary, final in staged:
        os.replace(temporary, final)
    return [final for _, final in staged]


__all__ = ["CHARTS", "render_markdown", "write_report"]
