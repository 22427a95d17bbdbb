"""What happened, in names: the decoded timeline of the chain, the issuer's fiat bank, and who was hurt."""

from .bank import BankEntry, FiatBank, Reconciliation
from .harm import HarmLedger
from .timeline import Entry, Timeline

__all__ = ["BankEntry", "Entry", "FiatBank", "HarmLedger", "Reconciliation", "Timeline"]
