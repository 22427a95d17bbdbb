"""The one writer to the chain: every step and every read of the class runs on a single thread, in order.

The chain and the coin's Python-side records (timeline, harm ledger, fiat bank) are not safe to use
from two threads at once. Handlers `await writer.run(...)`; a single-worker executor takes the jobs
first in, first out, so two people acting at once are queued in the order they arrived and the event
loop stays free for the live board meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


class Writer:
    """A queue of jobs run one at a time on one thread."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coinage-chain")

    async def run(self, job: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `job(*args, **kwargs)` on the writer thread after every job queued before it."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, partial(job, *args, **kwargs))

    def close(self) -> None:
        """Finish the queued jobs and stop the thread."""
        self._pool.shutdown(wait=True)


__all__ = ["Writer"]
