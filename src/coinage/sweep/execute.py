"""Run a planned sweep end to end: skip what is already finished, log each run as it ends, sum up, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..scenarios import Progress
from .grid import Sweep
from .runner import run_specs
from .store import Row, RunLog, make_row
from .summary import Summary, summarise

@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: its rows in canonical order, their summary, and the files written (if any)."""

    plan: Sweep
    rows: list[Row]
    summary: Summary
    skipped: int = 0
    """Runs found finished in the log of an earlier, interrupted sweep, and not run again."""
    written: list[Path] = field(default_factory=list)


def run_sweep(
    plan: Sweep,
    *,
    out: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Run every run of `plan` not already finished in `out`, then write `out`'s files (when given).

    With `out`, the directory is created and checked writable before the first run, and each finished
    run is logged there at once, so an interruption (Ctrl-C raises KeyboardInterrupt out of here) keeps
    every finished run and the same call later runs only the rest. `progress` is called once before
    the first run (counting the runs skipped) and after each.
    """
    from .report import write_outputs

    specs = list(plan.specs())
    log = RunLog(out) if out is not None else None
    try:
        finished: dict[str, Row] = {} if log is None else dict(log.finished)
        todo = [spec for spec in specs if spec.key not in finished]
        skipped = len(specs) - len(todo)
        if progress is not None:
            progress(skipped, len(specs))
        for done, (spec, values) in enumerate(run_specs(todo, workers=workers, scheduler=scheduler), start=skipped + 1):
            finished[spec.key] = make_row(spec, values) if log is None else log.append(spec, values)
            if progress is not None:
                progress(done, len(specs))
    finally:
        if log is not None:
            log.close()
    rows = [finished[spec.key] for spec in specs]
    summary = summarise(plan, rows)
    written = write_outputs(plan, summary, rows, out) if out is not None else []
    return SweepResult(plan, rows, summary, skipped, written)


__all__ = ["Progress", "SweepResult", "run_sweep"]
