"""The node's clock and blocks as `RpcChain` sees them: the pending block, and moving time on a dev node.

Time comes from the node on every use: `now` and `block_number` are the pending block's. The node's
timestamp settings are left alone: on a development node `advance_time` sets only the next block's
timestamp (`evm_setNextBlockTimestamp`); other nodes cannot move time.
"""

from __future__ import annotations

from collections.abc import Callable

import time

from ..errors import ChainError
from ._rpc_transport import FAILED, Transport


class NodeClock:
    """The pending block of the node behind `transport`; `dev` is whether it is Anvil or Hardhat."""

    def __init__(self, transport: Transport, *, dev: bool, describe: Callable[[], str]) -> None:
        self._node = transport
        self.dev = dev
        self._describe = describe

    def pending_block(self) -> tuple[int, int]:
        """(number, timestamp) of the block the next transaction goes into."""
        if self.dev:
            block = self._node.block("pending")
            assert block is not None
            return block[0], block[1]
        latest = self._node.block("latest")
        assert latest is not None
        return latest[0] + 1, max(latest[1] + 1, int(time.time()))

    def block_time(self, receipt: dict[str, object]) -> int:
        """The timestamp of the block a receipt is in (from the receipt where the node gives it)."""
        stamp = receipt.get("blockTimestamp")
        if stamp:
            return stamp if isinstance(stamp, int) else int(str(stamp), 16)
        block = self._node.block(int(str(receipt["blockNumber"])))
        assert block is not None
        return block[1]

    @staticmethod
    def check_seconds(seconds: object) -> int:
        """`seconds` if it is a whole, non-negative number of seconds to move time by."""
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TypeError(f"advance_time takes whole seconds (an int), not {type(seconds).__name__}")
        if seconds < 0:
            raise ValueError(f"time only moves forward, not by {seconds} s")
        return seconds

    def advance(self, now: Callable[[], int], seconds: int) -> None:
        """Move the clock forward by `seconds` from `now()`; the next block carries the new time."""
        if not self.dev:
            raise ChainError(f"{self._describe()} cannot move time; advance_time needs a development node")
        if seconds:
            self.set_next_timestamp(now() + seconds)

    def set_next_timestamp(self, timestamp: int) -> None:
        if self._node.attempt("evm_setNextBlockTimestamp", [timestamp]) is FAILED:
            raise ChainError(f"{self._describe()} refused evm_setNextBlockTimestamp({timestamp})")

    def mine(self) -> None:
        # evm_mine without parameters: web3's Testing.mine sends a block count, which Anvil reads
        # as the new block's timestamp.
        self._node.request("evm_mine")
