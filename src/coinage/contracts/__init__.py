"""Typed facades over deployed contracts, and the ABI codec beneath them."""

from .abi import ContractInterface, Event
from .coin import FOREVER, AddressBook, Coin, Refusal, Transaction, case_ref
from .deployer import Deployed, deploy_artifact

__all__ = ["FOREVER", "AddressBook", "Coin", "ContractInterface", "Event", "Refusal", "Transaction", "case_ref", "Deployed", "deploy_artifact"]
