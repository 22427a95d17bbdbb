"""Is this still the node we have been talking to? Its identity, and the head our transactions reached.

Before each send `RpcChain` asks `NodeWatch.check()` whether the last block its own transactions
reached is still the node's. If not, `NodeReverted` (an earlier snapshot was restored) or
`NodeRestarted` (chain id, genesis or the node's instance id changed) is raised, once: the watch
then takes the node as it is, so that the next send goes ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ChainError, NodeReverted, NodeRestarted
from ._rpc_transport import Transport, to_int

_METADATA = {"anvil": "anvil_metadata", "hardhat": "hardhat_metadata"}


class NodeWatch:
    """The node's identity (chain id, genesis hash, instance id) and the head this program's
    transactions reached. `on_lost` runs when the node is found changed, before the error is raised."""

    def __init__(
        self, transport: Transport, client_kind: str, *, chain_id: int, on_lost: Callable[[type[ChainError]], None]
    ) -> None:
        self._node = transport
        self._metadata_method = _METADATA.get(client_kind)
        self._on_lost = on_lost
        self.chain_id = chain_id
        self._genesis = self._block_hash(0)
        self._instance = self._state()[0]
        self.head = self._latest()

    def _block_hash(self, number: int) -> str | None:
        block = self._node.block(number)
        return block[2] if block else None

    def _latest(self) -> tuple[int, str]:
        block = self._node.block("latest")
        assert block is not None  # every node has a latest block
        return block[0], block[2]

    def _state(self) -> tuple[str | None, tuple[int, str]]:
        """The node's instance id (Anvil's and Hardhat's random id, new on every start; None on
        other nodes) and its latest block, in one request where the node has a metadata method."""
        metadata = self._node.attempt(self._metadata_method) if self._metadata_method else None
        if isinstance(metadata, dict) and "instanceId" in metadata:
            head = (to_int(metadata["latestBlockNumber"]), str(metadata["latestBlockHash"]))
            return str(metadata["instanceId"]), head
        return None, self._latest()

    def latest_number(self) -> int:
        return self._latest()[0]

    def reached(self, receipt: Any) -> None:
        """Our transaction was mined in the receipt's block: that block is the head to keep."""
        self.head = (receipt["blockNumber"], "0x" + bytes(receipt["blockHash"]).hex())

    def reached_at_least(self, receipt: Any) -> None:
        """As `reached`, unless the head is later already (a send settled after newer ones)."""
        self.head = max(self.head, (receipt["blockNumber"], "0x" + bytes(receipt["blockHash"]).hex()))

    def check(self) -> None:
        """Raise `NodeRestarted` or `NodeReverted` (once) if the block our last transaction reached is gone."""
        instance, (latest, latest_hash) = self._state()
        if instance != self._instance:
            self.lost(NodeRestarted, "the node restarted (its instance id changed)")
        number, block_hash = self.head
        if (latest, latest_hash) == self.head or (latest > number and self._block_hash(number) == block_hash):
            return
        chain_id = self._node.chain_id()
        if chain_id != self.chain_id or self._block_hash(0) != self._genesis:
            self.lost(NodeRestarted, f"the node restarted (chain id {chain_id}, genesis {self._block_hash(0)})")
        self.lost(NodeReverted, f"the node reverted to an earlier snapshot: block {number} ({block_hash[:12]}...), "
                                f"which this program's last transaction reached, is gone (the node is at block {latest})")

    def lost(self, error: type[ChainError], what: str) -> None:
        """Take the node as it is now, so that the next send goes ahead, and raise `error` about it."""
        self.chain_id = self._node.chain_id()
        self._genesis, self._instance, self.head = self._block_hash(0), self._state()[0], self._latest()
        self._on_lost(error)
        raise error(f"{what}; nothing was sent, and what this program saw on {self._node.url} before may be gone")
