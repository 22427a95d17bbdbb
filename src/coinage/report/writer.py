"""Write a comparison to disk: report.md, outcomes.json and the charts, all or nothing (`coinage.files`)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from ..files import create_temporary, write_all
from ..ledger.harm import HIT_CAUSES
from ..scenarios import SCENARIOS, Comparison
from .charts import competition_chart, fraud_chart, overreach_chart, shortfall_chart
from .comparison import column_definitions, scenario_tables

CHARTS = {
    "shortfall": ("shortfall_supply_reserves.png", shortfall_chart, "Supply against reserves during the run"),
    "overreach": ("overreach_frozen_share.png", overreach_chart, "Share of coins frozen, and five days later"),
    "fraud": ("fraud_recovered.png", fraud_chart, "Stolen funds recovered, per regime"),
    "competition": ("competition_shares.png", competition_chart, "Share of coins held in each coin, day by day"),
}


def render_markdown(comparison: Comparison, charts: dict[str, str]) -> str:
    """The report text: what each column measures, then each scenario's table, verdicts and chart."""
    parts = [
        "# Coinage: who controls digital money?",
        "",
        f"Every scenario under every regime it applies to, seed {comparison.seed}. What each column measures:",
        "",
        *(f"- {line}" for line in column_definitions()),
        "",
    ]
    for table in scenario_tables(comparison):
        scenario = SCENARIOS[table.name]
        parts += [table.to_markdown().rstrip("\n"), "", scenario.summary, ""]
        parts += _innocent_hit_itemised(comparison, table.name)
        if table.name in charts:
            parts += [f"![{CHARTS[table.name][2]}]({charts[table.name]})", ""]
    return "\n".join(parts)


def _innocent_hit_itemised(comparison: Comparison, scenario: str) -> list[str]:
    """The innocent hit column by cause, as a small table ('-' where a story does not break it down); nothing when nobody innocent was hit."""
    outcomes = comparison.for_scenario(scenario)
    if not any(o.innocent_holders_affected for o in outcomes):
        return []
    causes = HIT_CAUSES
    lines = [
        "Innocent hit, by cause (holders; one holder hit two ways counts under both):",
        "",
        "| regime | innocent hit | " + " | ".join(causes) + " |",
        "|---|" + "---:|" * (len(causes) + 1),
    ]
    for o in outcomes:
        counts = [str(o.innocent_hit_by[cause]) if cause in o.innocent_hit_by else "-" for cause in causes]
        lines.append(f"| {o.regime.slug} | {o.innocent_holders_affected} | " + " | ".join(counts) + " |")
    return [*lines, ""]


def check_out_dir(out_dir: Path | str) -> Path:
    """Make sure a report can be written into `out_dir` (creating it), before any work is done.

    Raises OSError with one line naming the problem: an empty name, a path that is a file or a
    device, or a directory that cannot be created or written.
    """
    if str(out_dir).strip() == "":
        raise OSError(errno.EINVAL, "the report directory needs a name (--out DIR)")
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"cannot write the report into {path}: it is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = create_temporary(path, ".write-check")
        os.close(probe[0])
        probe[1].unlink()
    except OSError as error:
        raise type(error)(error.errno, f"cannot write the report into {path}: {error.strerror}") from error
    return path


def write_report(comparison: Comparison, out_dir: Path) -> list[Path]:
    """Write report.md, outcomes.json and PNG charts into `out_dir`; return the paths written.

    Charts of scenarios this comparison does not hold are removed, so an older, wider report in the
    same directory leaves nothing stale behind. Raises OSError (naming the directory) if `out_dir`
    cannot be created or written; in that case no report file is left behind.
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

    written = write_all(out_dir, files, what="the report")
    for filename, _, _ in CHARTS.values():
        if filename not in files:
            (out_dir / filename).unlink(missing_ok=True)
    return written


__all__ = ["CHARTS", "check_out_dir", "render_markdown", "write_report"]
