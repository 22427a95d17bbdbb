"""Coinage: a fiat-backed stablecoin under five control regimes, on an embedded Ethereum chain.

    from coinage import deploy_coin, coins
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)

The names that need the chain (which takes most of a second to import) are loaded on first use
(PEP 562), so that `coinage --help`, `--version` and a Ctrl-C during start-up answer at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from . import errors
from .enums import Power, Regime, Role, WalletTier
from .errors import *  # noqa: F403 - the exception tree is part of the public API
from .units import UNIT, coins, format_coins

if TYPE_CHECKING:
    from .actors import Actor, Cast
    from .chain import Account, CallReverted, Chain, EmbeddedChain, HistoryNotKept, Log, Receipt, RevmChain
    from .contracts import FOREVER, Coin, Event, Refusal, Transaction
    from .deploy import DAY, Deployment, deploy_coin, parse_regime
    from .ledger import BankEntry, Entry, FiatBank, Reconciliation, Timeline
    from ._regime_table import CaseTable, RegimeTable, case_table, regime_table
    from .monetary_system import MonetarySystem, deploy_system

_LAZY = {
    ".actors": ("Actor", "Cast"),
    ".chain": ("Account", "CallReverted", "Chain", "EmbeddedChain", "HistoryNotKept", "Log", "Receipt", "RevmChain"),
    ".contracts": ("FOREVER", "Coin", "Event", "Refusal", "Transaction"),
    ".deploy": ("DAY", "Deployment", "deploy_coin", "parse_regime"),
    ".ledger": ("BankEntry", "Entry", "FiatBank", "Reconciliation", "Timeline"),
    "._regime_table": ("CaseTable", "RegimeTable", "case_table", "regime_table"),
    ".monetary_system": ("MonetarySystem", "deploy_system"),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> object:
    """Import a chain-dependent name from its module the first time it is asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DAY",
    "FOREVER",
    "UNIT",
    "Account",
    "Actor",
    "BankEntry",
    "CallReverted",
    "CaseTable",
    "Cast",
    "Chain",
    "Coin",
    "Deployment",
    "EmbeddedChain",
    "Entry",
    "Event",
    "FiatBank",
    "HistoryNotKept",
    "Log",
    "MonetarySystem",
    "Power",
    "Receipt",
    "Reconciliation",
    "Refusal",
    "Regime",
    "RegimeTable",
    "RevmChain",
    "Role",
    "Timeline",
    "Transaction",
    "WalletTier",
    "case_table",
    "coins",
    "deploy_coin",
    "deploy_system",
    "format_coins",
    "parse_regime",
    "regime_table",
    *errors.__all__,
]
