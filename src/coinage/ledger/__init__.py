"""What happened, in names: the decoded timeline of the chain, the issuer's fiat bank, and who was hurt."""

from .bank import BankEntry, FiatBank, Reconciliation
from .chain_log import LoggedTransaction, logged_transactions
from .harm import CONTROL_ACTIONS, HarmLedger, control_gas
from .timeline import Entry, Timeline, short_address

__all__ = [
    "CONTROL_ACTIONS",
    "BankEntry",
    "Entry",
    "FiatBank",
    "HarmLedger",
    "LoggedTransaction",
    "Reconciliation",
    "Timeline",
    "control_gas",
    "logged_transactions",
    "short_address",
]
