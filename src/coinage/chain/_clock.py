"""The pending block of an in-process chain: the time it carries, moved only forward, and batching.

Both embedded engines (py-evm through eth-tester, and revm) keep their own pending block; this class
holds the rules they share, and leaves each engine to say how its pending block is told the new time,
how many transactions it holds and how it is mined.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager


class BlockClock(ABC):
    """`now`, `advance_time` and `batch` for an engine that builds its pending block itself."""

    _time: int
    _batching: bool

    @property
    def now(self) -> int:
        """The timestamp the next transaction will see."""
        return self._time

    def advance_time(self, seconds: int) -> None:
        """Move the clock forward; the next block carries the new time."""
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TypeError(f"time moves by whole seconds (an int), not {seconds!r}")
        if seconds < 0:
            raise ValueError(f"time only moves forward, not by {seconds} s")
        if self._batching and self._pending_transactions():
            raise RuntimeError("cannot move time inside a batch that already holds transactions")
        self._time += seconds
        self._clock_moved()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Put every transaction sent inside into one block (more if it is long), mined on exit."""
        if self._batching:
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            if self._pending_transactions():
                self._mine()

    @abstractmethod
    def _pending_transactions(self) -> int:
        """How many transactions the pending block already holds (a batch's block is one unit)."""

    @abstractmethod
    def _clock_moved(self) -> None:
        """Give the pending block the clock's new time."""

    @abstractmethod
    def _mine(self) -> None:
        """Seal the pending block and open the next, one block time later."""
