"""Narrators: where a scenario's plain-words explanation goes.

The library never prints (a rule of the project): a scenario tells its story to a narrator, and the
caller decides whether that story is thrown away (`SilentNarrator`, for comparisons), kept as a
transcript (`RecordingNarrator`, for tests and reports) or written to a terminal (`StreamNarrator`).
"""

from __future__ import annotations

import textwrap
from typing import Protocol, TextIO, runtime_checkable


@runtime_checkable
class Narrator(Protocol):
    """Receives a scenario's story: `step` opens a stage of it, `say` explains what happens."""

    def say(self, text: str) -> None: ...

    def step(self, title: str) -> None: ...


class SilentNarrator:
    """Discards the story; used when only the numbers matter (the comparison table)."""

    def say(self, text: str) -> None:
        """Ignore `text`."""

    def step(self, title: str) -> None:
        """Ignore `title`."""


class RecordingNarrator:
    """Keeps every line, so a run can be compared with another run or written into a report.

    Steps are recorded as ``"## <title>"`` so that a transcript reads as Markdown.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)

    def step(self, title: str) -> None:
        self.lines.append(f"## {title}")

    @property
    def transcript(self) -> str:
        """The whole story as one string, one recorded line per line."""
        return "\n".join(self.lines)


class StreamNarrator:
    """Writes the story to a text stream (a terminal), wrapped to `width` columns.

    It writes to a stream rather than printing so that the library stays free of ``print()``.
    """

    def __init__(self, stream: TextIO, *, width: int = 100) -> None:
        self.stream = stream
        self.width = width
        self._steps = 0

    def say(self, text: str) -> None:
        wrapped = textwrap.fill(text, self.width, subsequent_indent="  ", break_on_hyphens=False)
        self.stream.write(wrapped + "\n")

    def step(self, title: str) -> None:
        self._steps += 1
        self.stream.write(f"\n{self._steps}. {title}\n")


__all__ = ["Narrator", "RecordingNarrator", "SilentNarrator", "StreamNarrator"]
