"""Chains Coinage runs on: an embedded chain (revm or py-evm engine), or any JSON-RPC node.

`make_chain(engine)` builds an embedded chain on one of `ENGINES` ("revm", the default, or
"py-evm", the reference); `RevmChain` and `EmbeddedChain` are those chains. See `coinage.chain.engines`.
"""

from ._constants import BLOCK_TIME
from ._history import ChainHistory, HistoryNotKept
from ._protocol import Chain
from ._revm import RevmChain
from ._rules import FORK
from ._types import Account, CallReverted, Log, Receipt
from ._web3 import EmbeddedProvider, web3_for
from .embedded import GENESIS_TIME, EmbeddedChain
from .engines import DEFAULT_ENGINE, ENGINES, check_engine, make_chain
from .rpc import RpcChain

__all__ = [
    "Account", "BLOCK_TIME", "CallReverted", "Chain", "ChainHistory", "DEFAULT_ENGINE", "ENGINES", "EmbeddedChain",
    "EmbeddedProvider", "FORK", "GENESIS_TIME", "HistoryNotKept", "Log", "Receipt", "RevmChain", "RpcChain", "check_engine", "make_chain", "web3_for",
]
