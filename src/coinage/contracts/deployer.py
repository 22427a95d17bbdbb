"""Deploy any shipped artifact: the Coinage coin, or the reference tokens it is measured against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..chain import Account, Chain, Receipt
from ..compiler import load_artifact
from .abi import ContractInterface


@dataclass(frozen=True)
class Deployed:
    address: str
    interface: ContractInterface
    receipt: Receipt


def deploy_artifact(
    chain: Chain, name: str, args: tuple[Any, ...], *, sender: Account, names: dict[str, str] | None = None
) -> Deployed:
    """Deploy the shipped artifact `name` with constructor `args`; a refused deployment raises its rule."""
    artifact = load_artifact(name)
    interface = ContractInterface(artifact.abi)
    receipt = chain.transact(sender, None, interface.encode_constructor(artifact.bytecode, args))
    if not receipt.succeeded or receipt.contract_address is None:
        raise interface.decode_revert(receipt.revert_data or b"", names)
    return Deployed(receipt.contract_address, interface, receipt)
