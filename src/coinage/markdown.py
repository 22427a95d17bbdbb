"""The one writer of Markdown tables: the comparison's, the sweep's summary and the cost-of-control table."""

from __future__ import annotations

from collections.abc import Sequence


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Sequence[bool]) -> str:
    """A Markdown table, one line per row and a final newline; `numeric[i]` right-aligns column i.

    Every cell is escaped: a `|` in a name or a verdict would otherwise end its cell early.
    """
    if len(numeric) != len(header) or any(len(row) != len(header) for row in rows):
        raise ValueError(f"every row and the alignment need {len(header)} cells, one per column")
    lines = [_row(header), "|" + "|".join("---:" if right else "---" for right in numeric) + "|"]
    lines += [_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


__all__ = ["markdown_table"]
