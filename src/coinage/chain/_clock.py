"""The clock of an in-process chain: the time the pending block carries, moved only forward.

Both embedded engines (py-evm through eth-tester, and revm) keep their own pending block; this class
holds what they share, the clock's rules, and leaves each engine to say how its pending block is
told the new time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class BlockClock(ABC):
    """`now` and `advance_time` for an engine that sets its pending block's timestamp itself."""

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

    @abstractmethod
    def _pending_transactions(self) -> int:
        """How many transactions the pending block already holds (a batch's block is one unit)."""

    @abstractmethod
    def _clock_moved(self) -> None:
        """Give the pending block the clock's new time."""
