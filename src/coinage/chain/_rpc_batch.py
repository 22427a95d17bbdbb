"""A batch on a JSON-RPC node: one block for several transactions, their receipts predicted by simulation.

On Anvil, automine is switched off inside `batch()` and each transaction's receipt is predicted with
`eth_simulateV1` over the batch so far (the same EVM, on the same state); the mined receipts are
checked against the predictions on exit. Contract creations, which that method cannot simulate, and
nodes without it (or without `evm_setAutomine`) fall back to one block per transaction, as outside a
batch. Each simulation replays the batch so far, so a batch is meant for a few transactions (a joint
freeze), not for bulk loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import ChainError
from ._rpc_clock import NodeClock
from ._rpc_transport import FAILED, RpcError, Transport, to_bytes
from ._types import Log, Receipt, checksum


@dataclass
class Pending:
    """A transaction sent inside `batch()`, with the receipt its simulation predicted."""

    tx_hash: bytes
    call: dict[str, str]
    receipt: Receipt


class BatchSimulation:
    """The open batch (if any) of one `RpcChain`: its block, its transactions and their predictions.

    `reached(receipt)` is told of every mined receipt checked on exit.
    """

    def __init__(self, transport: Transport, clock: NodeClock, *, reached: Callable[[Any], None]) -> None:
        self._node = transport
        self._clock = clock
        self._reached = reached
        self.pending: list[Pending] | None = None
        self.block = (0, 0)
        """(number, timestamp) of the batch's block."""
        self.can_simulate = True

    @property
    def holds_transactions(self) -> bool:
        return bool(self.pending)

    @contextmanager
    def opened(self) -> Iterator[None]:
        """Put every transaction sent inside into one block, mined on exit (see the module)."""
        if self.pending is not None or not self._clock.dev or not self.can_simulate:
            yield
            return
        if self._node.attempt("evm_setAutomine", [False]) is FAILED:
            self.can_simulate = False
            yield
            return
        self.block = self._clock.pending_block()
        self.pending = []
        try:
            yield
        finally:
            pending, self.pending = self.pending, None
            try:
                if pending:
                    self._clock.mine()
            finally:
                self._node.request("evm_setAutomine", [True])
            if pending:
                self._check(pending)

    def predict(self, call: dict[str, str]) -> tuple[Any, ...] | None:
        """(gas used, succeeded, logs, contract address, revert data) of `call` sent as the batch's
        next transaction, from `eth_simulateV1` over the batch so far; None if the node cannot, after
        which the batch goes on one block per transaction."""
        assert self.pending is not None
        result = self.simulate([p.call for p in self.pending] + [call])
        if result is None:
            self.can_simulate = False
            self.flush()
            return None
        last = result[-1]
        succeeded = last.get("status") == "0x1"
        return (
            int(last["gasUsed"], 16),
            succeeded,
            tuple(log_of(entry) for entry in last.get("logs") or ()),
            None,
            None if succeeded else to_bytes(last.get("returnData")),
        )

    def add(self, tx_hash: bytes, call: dict[str, str], receipt: Receipt) -> None:
        assert self.pending is not None
        self.pending.append(Pending(tx_hash, call, receipt))

    def simulate(self, calls: list[dict[str, str]]) -> list[dict[str, Any]] | None:
        """Each call's result, run in order in the batch's block; None if the node cannot simulate."""
        number, timestamp = self.block
        overrides = {"number": hex(number), "time": hex(timestamp)}
        request = {"blockStateCalls": [{"blockOverrides": overrides, "calls": calls}]}
        try:
            blocks = self._node.request("eth_simulateV1", [request, "latest"])
        except RpcError:
            return None
        return list(blocks[0]["calls"])

    def flush(self) -> None:
        """Mine what the open batch holds so far; later transactions go on in automine-off mode."""
        assert self.pending is not None
        pending, self.pending[:] = list(self.pending), []
        if pending:
            self._clock.mine()
            self._check(pending)
        self.block = self._clock.pending_block()

    def _check(self, pending: list[Pending]) -> None:
        for sent in pending:
            mined = self._node.receipt_within(sent.tx_hash, self._node.timeout)
            predicted = sent.receipt
            if (
                mined is None
                or mined["blockNumber"] != predicted.block_number
                or (mined["status"] == 1) != predicted.succeeded
                or mined["gasUsed"] != predicted.gas_used
            ):
                raise ChainError(
                    f"transaction 0x{sent.tx_hash.hex()} was mined differently from its simulation "
                    "(another sender on the node?)"
                )
            self._reached(mined)


def log_of(entry: dict[str, Any]) -> Log:
    """A log from a node's JSON (or web3.py's receipt)."""
    return Log(
        address=checksum(entry["address"]),
        topics=tuple(to_bytes(topic) for topic in entry["topics"]),
        data=to_bytes(entry["data"]),
    )


def call_object(sender: str, to: str | None, data: bytes, gas: int, value: int = 0) -> dict[str, str]:
    """A transaction or call as JSON-RPC takes it."""
    call = {"from": checksum(sender), "data": "0x" + data.hex(), "gas": hex(gas)}
    if to is not None:
        call["to"] = checksum(to)
    if value:
        call["value"] = hex(value)
    return call
