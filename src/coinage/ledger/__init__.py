"""What happened, in names: the decoded timeline of the chain, the issuer's fiat bank, and who was hurt."""

from .bank import BankEntry, FiatBank, Reconciliation
from .harm import CONTROL_ACTIONS, HarmLedger, control_gas
from .timeline import Entry, Timeline

__all__ = ["CONTROL_ACTIONS", "BankEntry", "Entry", "FiatBank", "HarmLedger", "Reconciliation", "Timeline", "control_gas"]
