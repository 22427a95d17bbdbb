"""Terminal output for the CLI: rich tables and a progress bar on a terminal, plain text elsewhere.

Plain text is what pipes, files and `--plain` get: Markdown tables, no colour, no control codes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .report import COLUMNS, NUMERIC_COLUMNS, Comparison, Progress as ProgressCallback
from .ledger import Timeline


class Terminal:
    """Where the CLI writes. `rich` is True on a terminal unless `--plain` was given."""

    def __init__(self, *, plain: bool = False) -> None:
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False)
        self.rich = not plain and self.out.is_terminal

    def say(self, text: str) -> None:
        if self.rich:
            self.out.print(text)
        else:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def comparison(self, comparison: Comparison) -> None:
        if not self.rich:
            self.say(comparison.to_markdown())
            return
        self.out.print(_table(COLUMNS, comparison.cells(), numeric=NUMERIC_COLUMNS, title="Every scenario, every regime"))

    def timeline(self, timeline: Timeline) -> None:
        if not self.rich:
            self.say(timeline.table())
            return
        columns = ("block", "time (UTC)", "actor", "action", "outcome", "details")
        rows = [(str(e.block), e.when, e.actor, e.action, e.outcome, e.details) for e in timeline.entries]
        table = _table(columns, rows, numeric=frozenset({"block"}), title="Timeline")
        for row, entry in zip(table.rows, timeline.entries):
            row.style = None if entry.outcome == "ok" else "red"
        self.out.print(table)

    @contextmanager
    def progress(self, label: str) -> Iterator[ProgressCallback]:
        """A progress callback `(done, total)`: a bar on a terminal, nothing otherwise."""
        if not self.err.is_terminal:
            yield lambda done, total: None
            return
        columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=self.err, transient=True) as bar:
            task = bar.add_task(label, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: frozenset[str], title: str) -> Table:
    table = Table(title=title, header_style="bold", show_lines=False)
    for index, column in enumerate(columns):
        # Figures and names never wrap; the last column (a sentence) takes what width is left.
        last = index == len(columns) - 1
        table.add_column(column, justify="right" if column in numeric else "left", no_wrap=not last, ratio=1 if last else None)
    for row in rows:
        table.add_row(*row)
    return table
