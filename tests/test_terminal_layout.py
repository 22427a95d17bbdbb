"""The CLI on a real terminal: driven through a pseudo-terminal at 80 and 40 columns, and with --wide.

Every value of the comparison must appear whole (never cut inside a number or a name), no line may be
wider than the terminal, and the timeline keeps every detail, wrapped rather than dropped.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Sequence
from pathlib import Path

import pytest

from coinage.ledger import Timeline
from coinage.report import scenario_tables
from coinage.scenarios import Comparison, compare
from coinage.tour import run_tour

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def on_terminal(*args: str, columns: int) -> tuple[str, int]:
    """Run `coinage ARGS` with stdout and stderr on a pseudo-terminal of `columns` columns; its text without colour codes."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "coinage.cli", *args], cwd=ROOT, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    status = process.wait(timeout=120)
    return ANSI.sub("", b"".join(chunks).decode()).replace("\r\n", "\n"), status


class SilentGuide:
    """A tour guide that shows nothing: for the tour's results alone."""

    def act(self, title: str) -> None: ...
    def say(self, text: str) -> None: ...
    def explain(self, *terms: str) -> None: ...
    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> None: ...
    def timeline(self, timeline: Timeline) -> None: ...


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare(["fraud", "overreach"])


def words(text: str) -> set[str]:
    return set(re.split(r"[\s│┃]+", text))


@pytest.mark.parametrize("columns", [80, 40])
def test_comparison_fits_the_terminal_and_cuts_no_value(comparison: Comparison, columns: int) -> None:
    """At 80 and 40 columns: no line overflows, nothing is elided, every value and header word is whole."""
    text, status = on_terminal("compare", "--scenario", "fraud", "--scenario", "overreach", columns=columns)
    assert status == 0, text
    body = text
    assert "…" not in body
    lines = [line for line in body.splitlines() if "comparing" not in line]
    assert max(len(line) for line in lines) <= columns, "\n".join(line for line in lines if len(line) > columns)
    seen = words(body)
    for table in scenario_tables(comparison):
        for row in table.rows:
            for value in row:  # a real coin's name has several words; each may wrap, none may be cut
                assert set(value.split()) <= seen, f"{value!r} is cut or missing at {columns} columns"
        for header in table.headers[1:]:  # the regime's own header is left out when rows become lists
            assert set(header.split()) <= seen, header
        flat = " ".join(body.split())
        for regime, verdict in table.verdicts:
            assert f"{regime}: {verdict}" in flat


def test_comparison_at_80_columns_is_a_table_per_scenario_with_the_regime_as_row() -> None:
    """At 80 columns each scenario is a real table (split in three at most), regimes as rows."""
    text, status = on_terminal("compare", "--scenario", "fraud", columns=80)
    assert status == 0, text
    assert 2 <= text.count("┏") <= 3, text
    assert re.search(r"│ regulator-controlled +│ +8,400\.00 │", text), text


def test_wide_prints_each_table_whole_and_plain_draws_no_bar() -> None:
    """--wide gives one table per scenario whatever the width; --plain gives Markdown and no progress bar."""
    text, status = on_terminal("compare", "--scenario", "fraud", "--wide", columns=40)
    assert status == 0
    assert text.count("┏") == 1
    assert any(re.search(r"│ regulator-controlled +│.*│ +220,253 │", line) for line in text.splitlines()), text
    plain, status = on_terminal("--plain", "compare", "--scenario", "fraud", "--regime", "sovereign", columns=80)
    assert status == 0
    assert "comparing" not in plain and "━" not in plain
    assert "| sovereign | 5,000.00 |" in plain


@pytest.mark.parametrize("columns", [80, 40])
def test_timeline_wraps_its_details_rather_than_dropping_them(columns: int) -> None:
    """The tour's timeline keeps every entry's details at 80 and 40 columns."""
    text, status = on_terminal("demo", "--no-pause", columns=columns)
    assert status == 0, text
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= columns
    flat = " ".join(text.split())
    timeline = run_tour(SilentGuide()).deployment.timeline
    for entry in timeline.entries:
        assert " ".join(entry.details.split()) in flat, entry.details


@pytest.mark.parametrize("columns", [80, 40])
@pytest.mark.parametrize(
    "command",
    [
        ("compare", "--seeds", "2", "--scenario", "fraud", "--regime", "issuer-controlled", "--regime", "due-process"),
        ("sweep", "fraud", "--seeds", "2", "--regime", "issuer-controlled", "--regime", "due-process", "--workers", "1"),
    ],
    ids=["compare --seeds", "sweep summary"],
)
def test_multi_seed_tables_fit_like_single_seed_ones(command: tuple[str, ...], columns: int) -> None:
    """compare --seeds and the sweep summary fit 80 and 40 columns, every figure and interval whole, with the method named."""
    from coinage.sweep import plan_sweep, run_sweep, summary_cells

    text, status = on_terminal(*command, columns=columns)
    assert status == 0, text
    lines = [line for line in text.splitlines() if "comparing" not in line and "sweeping" not in line]
    assert max(len(line) for line in lines) <= columns, "\n".join(line for line in lines if len(line) > columns)
    assert "|---" not in text, "Markdown is for pipes and --plain"
    flat = " ".join(text.split())
    for row in summary_cells(run_sweep(plan_sweep("fraud", seeds=2, regimes=["issuer-controlled", "due-process"]), workers=1).summary):
        for value in row[2:]:
            assert value in flat, f"{value!r} is cut or missing at {columns} columns"
    assert "percentile bootstrap over runs" in flat and "Warning: 2 runs per cell" in flat
