"""Start `coinage classroom` as its own process for a test or the benchmark, and read the URLs it prints."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Served:
    """A running classroom: where students join, the board, the teacher's URL and the join code."""

    base: str
    code: str
    teacher_url: str
    teacher_key: str


@contextmanager
def classroom_server(*options: str) -> Iterator[Served]:
    """`coinage classroom --port 0 OPTIONS` until the block ends; then the process is stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "coinage.cli", "--plain", "classroom", "--port", "0", *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        printed: dict[str, str] = {}
        for line in process.stdout:
            key, _, value = line.partition(":")
            printed[key.strip()] = value.strip()
            if key.strip() == "teacher":
                break
        if "teacher" not in printed:
            raise RuntimeError(f"coinage classroom did not start: {process.stderr.read() if process.stderr else ''}")
        match = re.fullmatch(r"(http://[^/]+)/teacher\?key=(.+)", printed["teacher"])
        assert match is not None, printed
        yield Served(match.group(1), printed["join code"], printed["teacher"], match.group(2))
    finally:
        process.terminate()
        process.wait(timeout=30)
