"""Terminal output for the CLI: tables laid out for the terminal's width, a progress bar, plain text elsewhere.

Plain text is what pipes, files and `--plain` get: Markdown tables in full, no colour, no control codes.
On a terminal every table is fitted to its width without ever cutting a value: headers wrap between
words, a table too wide for the screen is split into several that repeat the row's name, and when even
that would not fit, each row is printed as a short list. `--wide` prints every table whole instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # types only: importing the chain takes most of a second, and a bad option should not wait
    from .ledger import Timeline
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
        """A paragraph; on a terminal an indented one wraps under its own indent."""
        if self.rich:
            indent = len(text) - len(text.lstrip(" "))
            if indent and text.strip():
                self.out.print(Padding(Text(text.lstrip(" ")), (0, 0, 0, indent), expand=False))
            else:
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
            self.table(table.headers, table.rows, table.numeric, title=f"{table.name}: {table.title}")
            if table.could_act_alone_note:
                self.out.print(Text(table.could_act_alone_note, style="dim"))
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
        self.out.print(Text("  ".join(TIMELINE_HEADERS[:-1]), style="dim"))
        self.out.print(Padding(Text(TIMELINE_HEADERS[-1], style="dim"), (0, 0, 0, 5)))
        for (block, when, actor, action, outcome, details), bad in zip(rows, refused):
            self.out.print(Text(f"{block:>3}  {when}  {actor}  {action}  {outcome}", style="red" if bad else "bold"))
            self.out.print(Padding(Text(details), (0, 0, 0, 5)))

    def note(self, text: str) -> None:
        """A side remark (a word explained): dim on a terminal, indented plain text elsewhere."""
        if self.rich:
            self.out.print(Padding(Text(text, style="dim"), (0, 0, 0, 4), expand=False))
        else:
            self.say(f"    {text}")

    def can_pause(self) -> bool:
        """Whether a reader is there to press a key: output and input both on a terminal, and not --plain."""
        return self.rich and sys.stdin.isatty()

    def wait_for_key(self, prompt: str) -> bool:
        """Show `prompt`, wait for one key (Ctrl-C still interrupts), erase the prompt; False if the terminal went away."""
        import termios
        import tty

        fd = sys.stdin.fileno()
        try:
            saved = termios.tcgetattr(fd)
            try:
                # One key, unechoed; signals (Ctrl-C) still work. TCSANOW, and before the prompt shows: a key
                # pressed as soon as the prompt appears must not be flushed away with a pending line.
                tty.setcbreak(fd, termios.TCSANOW)
                self.out.print(Text(prompt, style="reverse"), end="")
                self.out.file.flush()
                key = os.read(fd, 32)
            finally:
                termios.tcsetattr(fd, termios.TCSANOW, saved)
        except (termios.error, OSError):
            key = b""
        self.out.file.write("\r\x1b[2K")
        self.out.file.flush()
        return bool(key)  # end of input: nobody to wait for

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

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        numeric: Sequence[bool],
        *,
        keys: int = 1,
        title: str | None = None,
        markdown: str | None = None,
    ) -> None:
        """Any table, single-seed, multi-seed or sweep alike: whole if it fits, else split, else a list per row.

        The first `keys` columns name the row (regime; scenario, regime and runs) and are repeated in every
        part of a split table. Off a terminal (or with --plain) the table is written as Markdown (`markdown`,
        when the caller has its own, else a plain one).
        """
        grid = _Grid(tuple(headers), [tuple(row) for row in rows], tuple(numeric), keys)
        if not self.rich:
            if title:
                self.say(f"{title}\n")
            self.say(markdown if markdown is not None else grid.to_markdown())
            return
        if title:
            self.out.print(Text(title, style="bold"))
        columns = list(range(keys, len(headers)))
        whole = grid.table(columns, self._limit())
        if whole is not None:
            self._print(whole)
            return
        split = self._split(grid, columns)
        if split is None:
            self.out.print(grid.records())
            return
        for table in split:
            self._print(table)

    def _split(self, grid: _Grid, columns: list[int]) -> list[Table] | None:
        """At most MAX_SPLITS tables that each fit the width, each repeating the key columns; else None."""
        groups: list[list[int]] = []
        for column in columns:
            if groups and grid.table([*groups[-1], column], self._limit()) is not None:
                groups[-1].append(column)
            else:
                groups.append([column])
        if len(groups) > MAX_SPLITS:
            return None
        tables = [grid.table(group, self._limit()) for group in groups]
        fitting = [table for table in tables if table is not None]
        return fitting if len(fitting) == len(tables) else None  # else one column alone is too wide


@dataclass(frozen=True)
class _Grid:
    """A table as text: headers, rows of cells, which columns hold numbers, how many name the row."""

    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: tuple[bool, ...]
    keys: int

    def table(self, columns: Sequence[int], width: int | None) -> Table | None:
        """The key columns and `columns`, within `width`; None if they cannot fit."""
        keep = [*range(self.keys), *columns]
        headers = [self.headers[i] for i in keep]
        rows = [tuple(row[i] for i in keep) for row in self.rows]
        return _table(headers, rows, numeric=tuple(self.numeric[i] for i in keep), width=width)

    def records(self) -> RenderableType:
        """Each row as a list: its key cells as a title, then `header  value` per column, aligned across rows."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column()
        grid.add_column(justify="right", no_wrap=True)
        for row in self.rows:
            grid.add_row(Text(", ".join(row[: self.keys]), style="bold"), "")
            for header, value in zip(self.headers[self.keys :], row[self.keys :]):
                grid.add_row(f"  {header}", value)
        return grid

    def to_markdown(self) -> str:
        """The table in Markdown: key columns left-aligned, numbers right-aligned."""
        lines = ["| " + " | ".join(self.headers) + " |", "|" + "|".join("---:" if n else "---" for n in self.numeric) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


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


class TerminalGuide:
    """The guided tour on the terminal: acts paced by a key, each glossary word explained once, tables fitted."""

    PROMPT = " press a key for the next act (Ctrl-C stops) "

    def __init__(self, term: Terminal, *, pause: bool) -> None:
        self.term = term
        self.pause = pause and term.can_pause()
        self.explained: set[str] = set()
        self._acts = 0

    def act(self, title: str) -> None:
        if self._acts:
            if self.pause:
                self.pause = self.term.wait_for_key(self.PROMPT)
            self.term.say("")
        self._acts += 1
        self.term.heading(title)

    def say(self, text: str) -> None:
        self.term.say(text)

    def explain(self, *terms: str) -> None:
        from .glossary import explain

        for term in terms:
            if term not in self.explained:
                self.explained.add(term)
                self.term.note(f"{term}: {explain(term)}")

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> None:
        self.term.table(headers, rows, numeric, title=title)

    def timeline(self, timeline: Timeline) -> None:
        self.term.timeline(timeline)
