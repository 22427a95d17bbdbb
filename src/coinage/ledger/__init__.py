"""What happened, in names: the decoded timeline of the chain, and the issuer's fiat bank."""

from .bank import BankEntry, FiatBank, Reconciliation
from .timeline import Entry, Timeline

__all__ = ["BankEntry", "Entry", "FiatBank", "Reconciliation", "Timeline"]
