"""Parameter sweeps: an experiment under several regimes, over a grid of parameter values, for many seeds.

    from coinage.sweep import plan_sweep, run_sweep
    plan = plan_sweep("fraud", seeds=5)                       # every regime, seeds 0 to 4
    result = run_sweep(plan, out=Path("out"), workers=2)      # runs.csv, summary.json, report.md, charts
    print(result.summary.cells[0].estimates["recovered"])

`grid` plans and checks, `runner` runs specs in processes or on a Dask cluster, `store` keeps finished
runs and writes the runs table, `summary` computes means and intervals, `report` and `charts` write the
files, and `execute` ties them together. `comparison` runs the scripted scenarios' comparison over
several seeds as one sweep (`coinage.report` formats it).
"""

from .comparison import SeededComparison, compare_seeds
from .execute import Progress, SweepResult, run_sweep
from .grid import MAX_RUNS, Sweep, parse_setting, plan_sweep
from .report import cell_values, interval_note, summary_cells, summary_columns, summary_markdown
from .runner import SchedulerUnreachable, available_cores, run_specs
from .store import LOG_NAME, TABLE_NAME, RunLog, render_table
from .summary import CONFIDENCE, Cell, Estimate, Summary, estimate, format_estimate, summarise

__all__ = [
    "CONFIDENCE",
    "LOG_NAME",
    "MAX_RUNS",
    "TABLE_NAME",
    "Cell",
    "Estimate",
    "Progress",
    "RunLog",
    "SchedulerUnreachable",
    "SeededComparison",
    "Summary",
    "Sweep",
    "SweepResult",
    "available_cores",
    "cell_values",
    "compare_seeds",
    "estimate",
    "format_estimate",
    "interval_note",
    "parse_setting",
    "plan_sweep",
    "render_table",
    "run_specs",
    "run_sweep",
    "summarise",
    "summary_cells",
    "summary_columns",
    "summary_markdown",
]
