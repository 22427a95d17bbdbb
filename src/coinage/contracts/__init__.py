"""Typed facades over deployed contracts, and the ABI codec beneath them."""

from .abi import ContractInterface, Event
from ..enums import FOREVER
from .coin import AddressBook, Coin, Participant, RedemptionRequest, Refusal, Transaction, Who, case_ref
from .deployer import Deployed, deploy_artifact

__all__ = ["FOREVER", "AddressBook", "Coin", "ContractInterface", "Event", "Participant", "RedemptionRequest", "Refusal", "Transaction", "Who", "case_ref", "Deployed", "deploy_artifact"]
