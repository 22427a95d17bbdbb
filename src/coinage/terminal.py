"""Terminal output for the CLI: tables laid out for the terminal's width, a progress bar, plain text elsewhere.

Plain text is what pipes, files and `--plain` get: Markdown tables in full, no colour, no control codes.
On a terminal every table is fitted to its width without ever cutting a value: headers wrap between
words, a table too wide for the screen is split into several that repeat the row's name, and when even
that would not fit, each row is printed as a short list. `--wide` prints every table whole instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # types only: importing the chain takes most of a second, and a bad option should not wait
    from .ledger import Timeline
    from .report import ScenarioTable
    from .scenarios import Comparison, Progress as ProgressCallback

MAX_SPLITS = 3
"""A comparison split into more tables than this reads worse than a list per row."""

TIMELINE_HEADERS = ("block", "time (UTC)", "actor", "action", "outcome", "details")


class Terminal:
    """Where the CLI writes. `rich` is True on a terminal unless `--plain` was given."""

    def __init__(self, *, plain: bool = False, wide: bool = False) -> None:
        self.out = Console(highlight=False)
        self.err = Console(stderr=True, highlight=False)
        self.rich = not plain and self.out.is_terminal
        self.wide = wide

    @property
    def width(self) -> int:
        """Columns to wrap prose to: the terminal's, or 100 on a pipe."""
        return self.out.width if self.rich else 100

    def heading(self, text: str) -> None:
        if self.rich:
            self.out.print(Text(text, style="bold"))
        else:
            self.say(f"## {text}\n")

    def say(self, text: str) -> None:
        if self.rich:
            self.out.print(text, markup=False)
        else:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def comparison(self, comparison: Comparison) -> None:
        from .report import comparison_markdown, scenario_tables

        if not self.rich:
            self.say(comparison_markdown(comparison))
            return
        for table in scenario_tables(comparison):
            self.out.print(Text(f"{table.name}: {table.title}", style="bold"))
            self._comparison_table(table)
            for regime, verdict in table.verdicts:
                self.out.print(Text.assemble((regime, "bold"), ": ", verdict), soft_wrap=self.wide)
            self.out.print()

    def timeline(self, timeline: Timeline) -> None:
        if not self.rich:
            self.say(timeline.table())
            return
        rows = [(str(e.block), e.when, e.actor, e.action, e.outcome, e.details) for e in timeline.entries]
        refused = [entry.outcome != "ok" for entry in timeline.entries]
        table = _table(TIMELINE_HEADERS, rows, numeric=(True, *[False] * 5), width=self._limit(), title="Timeline")
        if table is not None:
            for row, bad in zip(table.rows, refused):
                row.style = "red" if bad else None
            self._print(table)
            return
        # Too narrow for a details column: each entry on one line, its details wrapped underneath.
        self.out.print(Text("Timeline", style="bold"))
        for (block, when, actor, action, outcome, details), bad in zip(rows, refused):
            self.out.print(Text(f"{block:>3}  {when}  {actor}  {action}  {outcome}", style="red" if bad else "bold"))
            self.out.print(Padding(Text(details), (0, 0, 0, 5)))

    @contextmanager
    def progress(self, label: str) -> Iterator[ProgressCallback]:
        """A progress callback `(done, total)`: a bar on a terminal, nothing with --plain or elsewhere."""
        if not (self.rich and self.err.is_terminal):
            yield lambda done, total: None
            return
        columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=self.err, transient=True) as bar:
            task = bar.add_task(label, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)

    # --- layout -------------------------------------------------------------------------------------

    def _limit(self) -> int | None:
        """The width tables must fit, or None with --wide (as wide as their content)."""
        return None if self.wide else self.out.width

    def _print(self, table: Table) -> None:
        if not self.wide:
            self.out.print(table)
            return
        # With --wide a table wider than the terminal is written whole, never squeezed or cropped.
        natural = sum(column.width or 0 for column in table.columns) + _frame(len(table.columns))
        screen = self.out.width
        self.out.width = max(natural, screen)  # print() itself caps any width at the terminal's
        try:
            self.out.print(table, crop=False)
        finally:
            self.out.width = screen

    def _comparison_table(self, scenario: ScenarioTable) -> None:
        columns = list(range(1, len(scenario.headers)))
        whole = _scenario_table(scenario, columns, self._limit())
        if whole is not None:
            self._print(whole)
            return
        split = self._split(scenario, columns)
        if split is None:
            self.out.print(_records(scenario))
            return
        for table in split:
            self._print(table)

    def _split(self, scenario: ScenarioTable, columns: list[int]) -> list[Table] | None:
        """At most MAX_SPLITS tables that each fit the width, each repeating the regime; else None."""
        groups: list[list[int]] = []
        for column in columns:
            if groups and _scenario_table(scenario, [*groups[-1], column], self._limit()) is not None:
                groups[-1].append(column)
            else:
                groups.append([column])
        if len(groups) > MAX_SPLITS:
            return None
        tables = [_scenario_table(scenario, group, self._limit()) for group in groups]
        fitting = [table for table in tables if table is not None]
        return fitting if len(fitting) == len(tables) else None  # else one column alone is too wide


def _scenario_table(scenario: ScenarioTable, columns: Sequence[int], width: int | None) -> Table | None:
    keep = [0, *columns]
    headers = [scenario.headers[i] for i in keep]
    rows = [tuple(row[i] for i in keep) for row in scenario.rows]
    return _table(headers, rows, numeric=tuple(scenario.numeric[i] for i in keep), width=width)


def _records(scenario: ScenarioTable) -> RenderableType:
    """Each row as a list: the regime, then `header  value` per metric, aligned across rows."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column(justify="right", no_wrap=True)
    for row in scenario.rows:
        grid.add_row(Text(row[0], style="bold"), "")
        for header, value in zip(scenario.headers[1:], row[1:]):
            grid.add_row(f"  {header}", value)
    return grid


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[bool],
    width: int | None,
    title: str | None = None,
) -> Table | None:
    """A table within `width` whose cells wrap between words only, so a number (one word) is never cut.

    None if it cannot fit: the columns' longest words alone are wider. With `width` None, every column
    gets its natural width.
    """
    cells = [list(headers), *(list(row) for row in rows)]
    longest_word = [max(cell_len(word) for cell in column for word in cell.split() or [""]) for column in zip(*cells)]
    longest_cell = [max(cell_len(cell) for cell in column) for column in zip(*cells)]
    if width is None:
        widths = longest_cell
    else:
        fitted = _share(longest_word, longest_cell, width - _frame(len(headers)))
        if fitted is None:
            return None
        widths = fitted
    table = Table(title=title, header_style="bold", title_justify="left")
    for header, is_number, column_width in zip(headers, numeric, widths):
        table.add_column(header, justify="right" if is_number else "left", width=column_width)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _frame(columns: int) -> int:
    """Columns of a table's borders and cell padding: a rule and a space each side of every cell."""
    return 3 * columns + 1


def _share(minimum: Sequence[int], natural: Sequence[int], available: int) -> list[int] | None:
    """Column widths within `available`: each at least `minimum`, spare space to the columns needing least.

    Hand-written: rich shrinks the widest wrappable columns first, which cuts long names and numbers
    rather than wrapping a header; here no column goes below its longest word.
    """
    if sum(minimum) > available:
        return None
    widths = list(minimum)
    spare = available - sum(widths)
    for index in sorted(range(len(widths)), key=lambda i: natural[i] - minimum[i]):
        grow = min(natural[index] - widths[index], spare)
        widths[index] += grow
        spare -= grow
    return widths
