"""The comparison of every scenario under every regime, and the report built from it.

    from pathlib import Path
    from coinage.report import compare, write_report
    comparison = compare(seed=0)
    print(comparison.to_markdown())
    write_report(comparison, Path("out"))   # report.md, outcomes.json, charts
"""

from .comparison import (
    REGIME_HEADER,
    TABLE_METRICS,
    Comparison,
    Progress,
    ScenarioTable,
    SeededComparison,
    column_definitions,
    compare,
    compare_seeds,
)
from .writer import check_out_dir, render_markdown, write_report

__all__ = [
    "REGIME_HEADER",
    "TABLE_METRICS",
    "Comparison",
    "Progress",
    "ScenarioTable",
    "SeededComparison",
    "check_out_dir",
    "column_definitions",
    "compare",
    "compare_seeds",
    "render_markdown",
    "write_report",
]
