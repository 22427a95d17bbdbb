"""The comparison as text and files: tables, the Markdown report, charts (running it is `coinage.scenarios.compare`).

    from pathlib import Path
    from coinage.scenarios import compare
    from coinage.report import comparison_markdown, write_report
    comparison = compare(seed=0)
    print(comparison_markdown(comparison))
    write_report(comparison, Path("out"))   # report.md, outcomes.json, charts
"""

from .comparison import (
    REGIME_HEADER,
    SEEDED_COLUMNS,
    TABLE_METRICS,
    ScenarioTable,
    column_definitions,
    comparison_markdown,
    scenario_tables,
    seeded_markdown,
    seeded_rows,
)
from .writer import check_out_dir, render_markdown, write_report

__all__ = [
    "REGIME_HEADER",
    "SEEDED_COLUMNS",
    "TABLE_METRICS",
    "ScenarioTable",
    "check_out_dir",
    "column_definitions",
    "comparison_markdown",
    "render_markdown",
    "scenario_tables",
    "seeded_markdown",
    "seeded_rows",
    "write_report",
]
