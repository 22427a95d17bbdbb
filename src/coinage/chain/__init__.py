"""Chains Coinage runs on: an embedded py-evm chain, or any JSON-RPC node."""

from ._protocol import Chain
from ._types import Account, CallReverted, Log, Receipt
from ._constants import BLOCK_TIME
from .embedded import GENESIS_TIME, EmbeddedChain
from .rpc import RpcChain

__all__ = ["Account", "BLOCK_TIME", "CallReverted", "Chain", "EmbeddedChain", "GENESIS_TIME", "Log", "Receipt", "RpcChain"]
