"""Constants every chain shares, so that the embedded chain and a JSON-RPC node behave alike."""

from __future__ import annotations

BLOCK_TIME = 12
"""Seconds between blocks unless time is advanced (as on Ethereum since the Merge)."""

DEFAULT_TX_GAS = 10_000_000
"""Gas limit of every transaction and call unless given."""

__all__ = ["BLOCK_TIME", "DEFAULT_TX_GAS"]
