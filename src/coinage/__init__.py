"""Coinage: a fiat-backed stablecoin under five control regimes, on an embedded Ethereum chain.

    from coinage import deploy_coin, coins
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)
"""

from . import errors
from .actors import Actor, Cast
from .chain import Account, CallReverted, Chain, EmbeddedChain, Log, Receipt
from .contracts import FOREVER, Coin, Event, Refusal, Transaction
from .deploy import DAY, Deployment, deploy_coin, parse_regime
from .enums import Power, Regime, Role, WalletTier
from .errors import *  # noqa: F403 - the exception tree is part of the public API
from .ledger import BankEntry, Entry, FiatBank, Reconciliation, Timeline
from .regime_table import RegimeTable, regime_table
from .units import UNIT, coins, format_coins

__all__ = [
    "DAY",
    "FOREVER",
    "UNIT",
    "Account",
    "Actor",
    "BankEntry",
    "CallReverted",
    "Cast",
    "Chain",
    "Coin",
    "Deployment",
    "EmbeddedChain",
    "Entry",
    "Event",
    "FiatBank",
    "Log",
    "Power",
    "Receipt",
    "Reconciliation",
    "Refusal",
    "Regime",
    "RegimeTable",
    "Role",
    "Timeline",
    "Transaction",
    "WalletTier",
    "coins",
    "deploy_coin",
    "format_coins",
    "parse_regime",
    "regime_table",
    *errors.__all__,
]
