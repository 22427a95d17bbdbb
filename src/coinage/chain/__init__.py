"""Chains Coinage runs on: an embedded chain (revm or py-evm engine), or any JSON-RPC node.

`make_chain(engine)` builds an embedded chain on one of `ENGINES` ("revm", the default, or
"py-evm", the reference); `RevmChain` and `EmbeddedChain` are those chains. See `coinage.chain.engines`.

The engines and web3.py are loaded on first use (PEP 562): `import coinage.chain` loads neither
py-evm nor revm nor web3, so that the command line starts at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._constants import BLOCK_TIME
from ._history import ChainHistory, HistoryNotKept
from ._protocol import Chain
from ._rules import FORK, GENESIS_TIME
from ._types import Account, CallReverted, Deferred, Log, Receipt
from .engines import DEFAULT_ENGINE, ENGINES, check_engine, make_chain

if TYPE_CHECKING:
    from ._revm import RevmChain
    from ._web3 import EmbeddedProvider, web3_for
    from .embedded import EmbeddedChain
    from .rpc import RpcChain

_LAZY = {
    "RevmChain": "._revm",
    "EmbeddedChain": ".embedded",
    "EmbeddedProvider": "._web3",
    "web3_for": "._web3",
    "RpcChain": ".rpc",
}


def __getattr__(name: str) -> object:
    """Import an engine-backed name from its module the first time it is asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Account", "BLOCK_TIME", "CallReverted", "Chain", "ChainHistory", "Deferred", "DEFAULT_ENGINE", "ENGINES", "EmbeddedChain",
    "EmbeddedProvider", "FORK", "GENESIS_TIME", "HistoryNotKept", "Log", "Receipt", "RevmChain", "RpcChain", "check_engine", "make_chain", "web3_for",
]
