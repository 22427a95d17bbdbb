"""A coin's transactions as the chain's logs record them, whoever sent them.

Read through web3.py (`coinage.chain.web3_for`), so one reader serves every chain: on the
embedded chain `eth_getLogs` is answered from its incrementally built log index; on a node the
blocks are asked for in ranges of `BLOCK_RANGE`, which public nodes accept. Only transactions that
emitted a log of the coin are found: a refused transaction leaves no log, so refusals by other
clients cannot be known and none is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eth_utils import function_abi_to_4byte_selector
from hexbytes import HexBytes

from ..contracts import ContractInterface, Event

if TYPE_CHECKING:
    from web3 import Web3

BLOCK_RANGE = 10_000


@dataclass(frozen=True)
class LoggedTransaction:
    """A transaction that emitted the coin's events: where, when, by whom, calling what."""

    tx_hash: bytes
    block_number: int
    timestamp: int
    sender: str
    gas_used: int
    function: str | None  # None when the input calls no function of the coin's ABI (another contract)
    events: tuple[Event, ...]


def logged_transactions(w3: Web3, address: str, interface: ContractInterface, first: int, last: int) -> list[LoggedTransaction]:
    """The transactions of blocks `first` to `last` that emitted logs of the coin at `address`, in order."""
    functions = {
        bytes(function_abi_to_4byte_selector(item)): item["name"]  # type: ignore[arg-type]
        for item in interface.abi
        if item["type"] == "function"
    }
    by_hash: dict[bytes, list[Event]] = {}
    for start in range(first, last + 1, BLOCK_RANGE):
        query = {"fromBlock": start, "toBlock": min(last, start + BLOCK_RANGE - 1), "address": address}
        for log in w3.eth.get_logs(query):  # type: ignore[arg-type]
            event = interface.decode_event(tuple(bytes(t) for t in log["topics"]), bytes(log["data"]))
            if event is not None:
                by_hash.setdefault(bytes(log["transactionHash"]), []).append(event)
    found = []
    timestamps: dict[int, int] = {}
    for tx_hash, events in by_hash.items():
        receipt = w3.eth.get_transaction_receipt(HexBytes(tx_hash))
        number = receipt["blockNumber"]
        if number not in timestamps:
            timestamps[number] = w3.eth.get_block(number)["timestamp"]
        selector = bytes(w3.eth.get_transaction(HexBytes(tx_hash))["input"])[:4]
        found.append(
            LoggedTransaction(tx_hash, number, timestamps[number], receipt["from"], receipt["gasUsed"],
                              functions.get(selector), tuple(events))
        )
    return found


@dataclass(frozen=True)
class RefusedTransaction:
    """A transaction to the coin that was mined but reverted: where, by whom, calling what, and the rule."""

    tx_hash: bytes
    block_number: int
    timestamp: int
    sender: str
    gas_used: int
    function: str | None
    revert_data: bytes


def refused_transactions(w3: Web3, address: str, interface: ContractInterface, first: int, last: int) -> list[RefusedTransaction]:
    """The mined, reverted transactions to the coin in blocks `first` to `last`, with their revert data.

    A reverted transaction emits no log, so these are found by reading the blocks; the revert data
    comes from replaying the call on the state before its block (one transaction per block on an
    automining development node, so that state is the one it met).
    """
    functions = {
        bytes(function_abi_to_4byte_selector(item)): item["name"]  # type: ignore[arg-type]
        for item in interface.abi
        if item["type"] == "function"
    }
    found = []
    for number in range(first, last + 1):
        block = w3.eth.get_block(number, full_transactions=True)
        for tx in block["transactions"]:
            if isinstance(tx, (bytes, str)) or str(tx.get("to") or "").lower() != address.lower():
                continue
            receipt = w3.eth.get_transaction_receipt(tx["hash"])
            if receipt["status"] != 0:
                continue
            call = {"from": tx["from"], "to": tx["to"], "data": HexBytes(tx["input"]).hex(), "value": hex(tx.get("value", 0))}
            if not str(call["data"]).startswith("0x"):
                call["data"] = "0x" + str(call["data"])
            reply = w3.provider.make_request("eth_call", [call, hex(number - 1)])  # type: ignore[arg-type]
            error: object = reply.get("error") or {}
            data = error.get("data") if isinstance(error, dict) else None
            if isinstance(data, dict):  # some nodes nest it
                data = data.get("data")
            revert = bytes(HexBytes(data)) if isinstance(data, str) else b""
            selector = bytes(HexBytes(tx["input"]))[:4]
            found.append(
                RefusedTransaction(bytes(tx["hash"]), number, block["timestamp"], tx["from"], receipt["gasUsed"],
                                   functions.get(selector), revert)
            )
    return found

