"""What happened, in names: the decoded timeline of the chain, and the issuer's fiat bank."""

from .bank import BankEntry, FiatBank, Reconciliation
from .chain_log import LoggedTransaction, logged_transactions
from .timeline import Entry, Timeline, short_address

__all__ = [
    "BankEntry", "Entry", "FiatBank", "LoggedTransaction", "Reconciliation", "Timeline", "logged_transactions",
    "short_address",
]
