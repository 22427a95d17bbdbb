"""Choosing the engine of the embedded chain: revm (fast, the default) or py-evm (the reference).

    from coinage.chain import ENGINES, make_chain
    chain = make_chain("revm")      # or "py-evm"; None gives DEFAULT_ENGINE

Both give the same ledger: the same gas, status, logs, return and revert data, transaction hashes,
contract addresses, block numbers and timestamps, transaction by transaction
(tests/test_differential*.py). Where pyrevm's wheel cannot be installed or imported, "revm"
falls back to py-evm with a one-line notice on the `coinage` logger.
"""

from __future__ import annotations

import logging
from typing import Final

from ..errors import UnknownName
from ._protocol import Chain
from ._rules import GENESIS_TIME

ENGINES: Final = ("revm", "py-evm")
DEFAULT_ENGINE: Final = "revm"

_logger = logging.getLogger("coinage")
_fallback_noticed = False


def check_engine(engine: str | None) -> str | None:
    """`engine` if it is one of `ENGINES` (or None, the default); otherwise `UnknownName` listing them."""
    if engine is not None and engine not in ENGINES:
        raise UnknownName.among("engine", engine, ENGINES)
    return engine


def make_chain(engine: str | None = None, *, genesis_time: int = GENESIS_TIME) -> Chain:
    """A new embedded chain on `engine` (one of `ENGINES`; None means `DEFAULT_ENGINE`)."""
    engine = check_engine(engine) or DEFAULT_ENGINE
    # Each engine is imported when first chosen: loading py-evm, revm and web3 takes most of a second.
    if engine == "revm":
        from ._revm import RevmChain

        try:
            return RevmChain(genesis_time=genesis_time)
        except ImportError as missing:
            _notice_fallback(missing)
    from .embedded import EmbeddedChain

    return EmbeddedChain(genesis_time=genesis_time)


def _notice_fallback(missing: ImportError) -> None:
    global _fallback_noticed  # once per process: a sweep builds thousands of chains
    if not _fallback_noticed:
        _fallback_noticed = True
        _logger.warning("coinage: the revm engine is unavailable (%s); running on py-evm", missing)
