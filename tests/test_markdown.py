"""The one Markdown table writer, used by the comparison, the sweep's summary and the cost-of-control table."""

from __future__ import annotations

import pytest

from coinage.costs import to_markdown
from coinage.markdown import markdown_table


def test_a_pipe_in_any_cell_is_escaped_so_the_row_keeps_its_columns() -> None:
    """A `|` in a header or a cell is written as `\\|`, so every line has exactly one cell per column."""
    text = markdown_table(["name | alias", "gas"], [["a|b", "1"], ["c", "2"]], numeric=[False, True])
    assert text == "| name \\| alias | gas |\n|---|---:|\n| a\\|b | 1 |\n| c | 2 |\n"
    assert all(line.replace("\\|", "").count("|") == 3 for line in text.splitlines())


def test_the_cost_table_is_written_by_the_same_writer_and_escapes_too() -> None:
    """The cost-of-control table right-aligns its figures and escapes a pipe in an operation's name."""
    assert to_markdown(["pause|unpause"], {"plain": {"pause|unpause": None}, "sovereign": {"pause|unpause": 30_000}}) == (
        "| operation | plain | sovereign |\n|---|---:|---:|\n| pause\\|unpause | — | 30,000 |"
    )


def test_a_row_of_the_wrong_width_is_refused() -> None:
    """A row with more or fewer cells than the header is a programming error, refused rather than written."""
    with pytest.raises(ValueError, match="2 cells"):
        markdown_table(["a", "b"], [["1"]], numeric=[False, True])
