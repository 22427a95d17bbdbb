"""Where a sweep keeps its runs: an append-only log of finished rows, and the runs table.

Each finished run is appended to ``finished-runs.jsonl`` as one complete JSON line (written with a single
``write`` on an ``O_APPEND`` descriptor and flushed to disk), so an interrupted sweep loses only the runs
that were still going, and a rerun with the same arguments skips every run found there. A line cut short
by a crash is dropped when the log is opened again, never half-read.

The runs table (``runs.csv``) is written from the log at the end, in the plan's canonical order, with
every value in one fixed text form, so the same arguments give the same bytes whichever worker, process
or cluster finished which run first. The stdlib `csv` writer is enough here: rows are flat and small.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..designs import COINAGE
from ..errors import InvalidInput
from ..experiments import Experiment, RunSpec
from ..metrics import Value

LOG_NAME = "finished-runs.jsonl"
TABLE_NAME = "runs.csv"

Row = dict[str, Value]
"""One run as the runs table holds it: its spec's fields, its parameter values, its metric values."""


def columns(experiment: Experiment, coin: str = COINAGE.slug) -> list[str]:
    """The runs table's header: the spec, every parameter of the experiment, then its metrics.

    A real coin's table names the coin in a column after the experiment (its regime cells are empty);
    Coinage's table has no such column, so it reads as it did before real coins could be swept."""
    spec = ["experiment", "regime"] if coin == COINAGE.slug else ["experiment", "coin", "regime"]
    return [*spec, "seed", "holders", "days", *(p.name for p in experiment.parameters), *experiment.metrics]


def make_row(spec: RunSpec, values: Mapping[str, Value]) -> Row:
    """The table row of one finished run (with its coin when that is a real coin's)."""
    regime = None if spec.regime is None else spec.regime.slug
    row: Row = {"experiment": spec.experiment, "regime": regime, "seed": spec.seed, "holders": spec.holders, "days": spec.days}
    if spec.coin != COINAGE.slug:
        row["coin"] = spec.coin
    for name, value in spec.params.items():
        row[name] = value
    row.update(values)
    return row


class RunLog:
    """The append-only log of finished runs in `directory`, created (and checked writable) on opening."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / LOG_NAME
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.finished = self._read()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as error:
            raise type(error)(error.errno, f"cannot write the sweep into {self.directory}: {error.strerror}") from error

    def _read(self) -> dict[str, Row]:
        """Every complete line already in the log; a torn last line is cut off so appends start clean."""
        if not self.path.exists():
            return {}
        data = self.path.read_bytes()
        complete = data[: data.rfind(b"\n") + 1]
        if len(complete) != len(data):
            with open(self.path, "r+b") as stream:
                stream.truncate(len(complete))
        finished: dict[str, Row] = {}
        for number, line in enumerate(complete.decode(errors="replace").splitlines(), start=1):
            try:
                entry = json.loads(line)
                finished[entry["key"]] = entry["row"]
            except (ValueError, KeyError, TypeError):
                raise InvalidInput(f"{self.path}:{number} is not a finished run; move the file away to start afresh") from None
        return finished

    def append(self, spec: RunSpec, values: Mapping[str, Value]) -> Row:
        """Record one finished run durably; return its row."""
        row = make_row(spec, values)
        key = spec.key
        line = (json.dumps({"key": key, "row": row}, separators=(",", ":")) + "\n").encode()
        os.write(self._fd, line)
        os.fsync(self._fd)
        self.finished[key] = row
        return row

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def cell(value: Value) -> str:
    """One value's text in the table: integers as digits, floats in their shortest exact form, '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_table(experiment: Experiment, rows: Sequence[Row], coin: str = COINAGE.slug) -> bytes:
    """The runs table as CSV bytes, rows in the order given (the plan's canonical order)."""
    header = columns(experiment, coin)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in header])
    return buffer.getvalue().encode()


__all__ = ["LOG_NAME", "TABLE_NAME", "Row", "RunLog", "cell", "columns", "make_row", "render_table"]
