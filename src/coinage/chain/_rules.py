"""What every embedded engine shares: the fork, the genesis, and how blocks are cut.

Both engines (py-evm and revm) run Cancun, the newest fork both implement: pyrevm 0.3.7 (revm
8.0.0) accepts "PRAGUE" but executes it as Cancun (no EIP-7623 calldata floor, no BLS
precompiles), so the contracts are compiled for Cancun too (`coinage.compiler.settings`).

Nothing here imports an engine: py-evm's VM for the fork is `_fork`, loaded by the engines.
"""

from __future__ import annotations

from typing import Final

from ._constants import BLOCK_TIME as BLOCK_TIME, DEFAULT_TX_GAS as DEFAULT_TX_GAS  # re-exported

FORK: Final = "cancun"

CHAIN_ID: Final = 131_277_322_940_537
"""eth-tester's chain id; the embedded py-evm chain keeps it, and the revm chain copies it."""

GENESIS_TIME: Final = 1_754_006_400
"""2025-08-01 00:00 UTC, the day Hong Kong's Stablecoins Ordinance took effect."""

GAS_LIMIT: Final = 1_000_000_000
"""Generous so that a batch never fills half a block, which would lift the base fee above zero."""

MAX_BLOCK_TRANSACTIONS: Final = 200
"""A batch longer than this continues in a new block (sealing is O(n) in the block's transactions)."""

