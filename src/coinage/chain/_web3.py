"""web3.py over an embedded chain: a provider answering the JSON-RPC methods web3.py calls.

    from coinage.chain import web3_for
    w3 = web3_for(chain, accounts=[chain.account("alice")])
    token = w3.eth.contract(address, abi=abi)
    token.functions.transfer(bob, 10).transact({"from": alice})

The provider works on the chain object itself, never on a copy: a transaction sent through web3
is applied by the same engine the facade uses, and the facade's transactions are in web3's
blocks, receipts and logs (read from the chain's `ChainHistory`). It answers what a node such as
Anvil answers, in the same shapes: hex quantities, a revert as error code 3 with its data (web3
raises `ContractCustomError`), `evm_snapshot`/`evm_revert`/`evm_mine` for `w3.testing`.

The embedded chain signs for the accounts it is given (they hold their keys), as a development
node signs for its unlocked accounts; it runs no other transaction (`eth_sendRawTransaction` is
refused: the chain signs its own). Gas is free (base fee and gas price 0); accounts hold the ether
`anvil_setBalance` (or the chain's `set_balance`) gave them and transactions moved, and a transaction
or call may carry value. Historical state is not kept: calls and reads run against the latest block.

Hand-written rather than eth-tester's provider: eth-tester keeps its own block builder, which
lost transactions sent beside ours, and it scans the whole chain for every `eth_getLogs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from eth_utils import to_bytes, to_checksum_address
from web3 import Web3
from web3.providers.base import BaseProvider
from web3.types import RPCEndpoint, RPCResponse

from ..errors import ChainError, TransactionRefused
from ._history import ChainHistory, LogEntry, SealedBlock, SentTransaction
from ._protocol import Chain
from ._constants import DEFAULT_TX_GAS
from ._rules import GAS_LIMIT
from ._types import Account, CallReverted

_EMPTY_BLOOM = "0x" + "00" * 256
_ZERO_HASH = "0x" + "00" * 32


class EmbeddedEngine(Chain, Protocol):
    """What the provider needs beyond `Chain`: the sealed history, code, ether, and mining on demand."""

    history: ChainHistory

    def code_at(self, address: str) -> bytes: ...

    def balance_of(self, address: str) -> int: ...

    def set_balance(self, address: str, wei: int) -> None: ...

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes: ...

    def mine(self) -> None: ...


class _RpcError(Exception):
    def __init__(self, code: int, message: str, data: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


def _hex(value: int) -> str:
    return hex(value)


def _data(raw: bytes) -> str:
    return "0x" + bytes(raw).hex()


def _quantity(value: Any, label: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.startswith("0x"):
        return int(value, 16)
    raise _RpcError(-32602, f"{label} must be a hex quantity, not {value!r}")


class EmbeddedProvider(BaseProvider):
    """A web3.py provider over an embedded chain (`EmbeddedChain` or the revm chain)."""

    def __init__(self, chain: EmbeddedEngine, accounts: Iterable[Account] = ()) -> None:
        super().__init__()
        self.chain = chain
        self._accounts: dict[str, Account] = {}
        self._snapshots: list[tuple[int, AbstractContextManager[None]]] = []
        self._next_snapshot = 1
        for account in accounts:
            self.add_account(account)
        self._methods: dict[str, Callable[..., Any]] = {
            "web3_clientVersion": lambda: f"coinage/{chain.describe()}",
            "net_version": lambda: str(chain.chain_id),
            "eth_chainId": lambda: _hex(chain.chain_id),
            "eth_blockNumber": lambda: _hex(chain.history.latest),
            "eth_accounts": lambda: [account.address for account in self._accounts.values()],
            "eth_gasPrice": lambda: "0x0",
            "eth_maxPriorityFeePerGas": lambda: "0x0",
            "eth_getBalance": lambda address, block="latest": _hex(chain.balance_of(to_checksum_address(address))),
            "anvil_setBalance": self._set_balance,
            "hardhat_setBalance": self._set_balance,
            "eth_getCode": lambda address, block="latest": _data(chain.code_at(to_checksum_address(address))),
            "eth_getTransactionCount": lambda address, block="latest": _hex(chain.history.sent_by(address)),
            "eth_call": self._call,
            "eth_estimateGas": self._estimate_gas,
            "eth_sendTransaction": self._send,
            "eth_sendRawTransaction": self._refuse_raw,
            "eth_getTransactionReceipt": self._receipt,
            "eth_getTransactionByHash": self._transaction_by_hash,
            "eth_getBlockByNumber": lambda block, full=False: self._block_json(self._block_at(block), full),
            "eth_getBlockByHash": lambda h, full=False: self._block_json(chain.history.block_by_hash(to_bytes(hexstr=h)), full),
            "eth_getLogs": self._logs,
            "evm_snapshot": self._snapshot,
            "evm_revert": self._revert,
            "evm_mine": self._mine,
            "evm_increaseTime": lambda seconds: _hex(self._advance(_quantity(seconds, "seconds"))),
            "testing_timeTravel": lambda timestamp: self._advance(_quantity(timestamp, "timestamp") - chain.now),
        }

    def add_account(self, account: Account) -> None:
        """Let `account` send transactions through web3 (the chain signs with its key)."""
        self._accounts[account.address.lower()] = account

    # --- the provider interface ------------------------------------------------------------------

    def make_request(self, method: RPCEndpoint, params: Any) -> RPCResponse:
        handler = self._methods.get(method)
        if handler is None:
            return self._error(_RpcError(-32601, f"the embedded chain does not answer {method}"))
        try:
            result = handler(*(params or []))
        except _RpcError as error:
            return self._error(error)
        except (ChainError, RuntimeError, ValueError, TypeError) as error:  # the chain refused: say so in one line
            return self._error(_RpcError(-32000, str(error)))
        return {"jsonrpc": "2.0", "id": 0, "result": result}

    def is_connected(self, show_traceback: bool = False) -> bool:
        return True

    @staticmethod
    def _error(error: _RpcError) -> RPCResponse:
        body: dict[str, Any] = {"code": error.code, "message": error.message}
        if error.data is not None:
            body["data"] = error.data
        return {"jsonrpc": "2.0", "id": 0, "error": body}  # type: ignore[typeddict-item]

    # --- calls and transactions ------------------------------------------------------------------

    @staticmethod
    def _fields(tx: dict[str, Any]) -> tuple[str | None, bytes, str | None, int]:
        """(to, data, from, value) of a transaction or call object."""
        data = tx.get("data", tx.get("input", "0x")) or "0x"
        to = tx.get("to")
        value = _quantity(tx.get("value", 0), "value")
        return (to_checksum_address(to) if to else None), to_bytes(hexstr=data), tx.get("from"), value

    def _set_balance(self, address: str, wei: Any) -> None:
        self.chain.set_balance(to_checksum_address(address), _quantity(wei, "balance"))

    def _call(self, tx: dict[str, Any], block: Any = "latest") -> str:
        to, data, sender, value = self._fields(tx)
        if to is None:
            raise _RpcError(-32602, "eth_call needs a `to` address")
        self._latest_only(block)
        try:
            return _data(self.chain.call(to, data, sender=sender, value=value))
        except CallReverted as reverted:
            raise _RpcError(3, "execution reverted", _data(reverted.data)) from None

    def _signer(self, sender: str | None) -> Account:
        if not sender:
            raise _RpcError(-32602, "a transaction needs a `from` address")
        account = self._accounts.get(sender.lower())
        if account is None:
            raise _RpcError(-32000, f"{sender} is not an account of this chain; eth_accounts lists those it signs for")
        return account

    def _estimate_gas(self, tx: dict[str, Any], block: Any = "latest") -> str:
        """The least gas the transaction succeeds with, found by running it in a snapshot, as Anvil does.

        A receipt's gas is net of refunds, and a call forwards only 63/64 of what is left, so a
        transaction may need more than it uses: the search runs between the two.
        """
        to, data, sender, value = self._fields(tx)
        signer = self._signer(sender)
        cap = _quantity(tx["gas"], "gas") if tx.get("gas") else DEFAULT_TX_GAS
        with self.chain.snapshot():
            receipt = self.chain.transact(signer, to, data, gas=cap, value=value)
        if not receipt.succeeded:
            raise _RpcError(3, "execution reverted", _data(receipt.revert_data or b""))
        low, high = receipt.gas_used - 1, receipt.gas_used  # low fails (or is below use), high is tried next
        while not self._succeeds(signer, to, data, high, value):
            low, high = high, min(cap, high * 2)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if self._succeeds(signer, to, data, middle, value) else (middle, high)
        return _hex(high)

    def _succeeds(self, signer: Account, to: str | None, data: bytes, gas: int, value: int) -> bool:
        with self.chain.snapshot():
            try:
                return self.chain.transact(signer, to, data, gas=gas, value=value).succeeded
            except TransactionRefused:  # below the intrinsic gas: not enough, as a failure is
                return False

    def _send(self, tx: dict[str, Any]) -> str:
        to, data, sender, value = self._fields(tx)
        signer = self._signer(sender)
        if "nonce" in tx and _quantity(tx["nonce"], "nonce") != self.chain.history.sent_by(signer.address):
            raise _RpcError(-32000, f"nonce {tx['nonce']} is not {signer.address}'s next nonce")
        gas = _quantity(tx["gas"], "gas") if tx.get("gas") else DEFAULT_TX_GAS
        receipt = self.chain.transact(signer, to, data, gas=gas, value=value)
        return _data(receipt.tx_hash)

    @staticmethod
    def _refuse_raw(raw: str) -> str:
        raise _RpcError(-32000, "the embedded chain signs its own transactions: use eth_sendTransaction from one of eth_accounts")

    def _latest_only(self, block: Any) -> None:
        if block in ("latest", "pending", "safe", "finalized", None):
            return
        if isinstance(block, dict) or _quantity(block, "block") != self.chain.history.latest:
            raise _RpcError(-32000, "the embedded chain keeps no historical state: read at the latest block")

    # --- blocks, receipts and logs ---------------------------------------------------------------

    def _block_at(self, block: Any) -> SealedBlock | None:
        history = self.chain.history
        if block in ("latest", "safe", "finalized", "pending"):
            return history.block(history.latest)
        if block == "earliest":
            return history.block(0)
        return history.block(_quantity(block, "block number"))

    def _block_json(self, block: SealedBlock | None, full: bool) -> dict[str, Any] | None:
        if block is None:
            return None
        parent = self.chain.history.block(block.number - 1)
        return {
            "number": _hex(block.number),
            "hash": _data(block.hash),
            "parentHash": _data(parent.hash) if parent else _ZERO_HASH,
            "timestamp": _hex(block.timestamp),
            "gasLimit": _hex(GAS_LIMIT),
            "gasUsed": _hex(block.gas_used),
            "baseFeePerGas": "0x0",
            "miner": "0x" + "00" * 20,
            "difficulty": "0x0",
            "nonce": "0x0000000000000000",
            "extraData": "0x",
            "logsBloom": _EMPTY_BLOOM,
            "mixHash": _ZERO_HASH,
            "sha3Uncles": _ZERO_HASH,
            "stateRoot": _ZERO_HASH,
            "transactionsRoot": _ZERO_HASH,
            "receiptsRoot": _ZERO_HASH,
            "size": "0x0",
            "uncles": [],
            "transactions": [
                self._transaction_json(block, index, sent) if full else _data(sent.receipt.tx_hash)
                for index, sent in enumerate(block.transactions)
            ],
        }

    def _transaction_json(self, block: SealedBlock, index: int, sent: SentTransaction) -> dict[str, Any]:
        return {
            "hash": _data(sent.receipt.tx_hash),
            "blockHash": _data(block.hash),
            "blockNumber": _hex(block.number),
            "transactionIndex": _hex(index),
            "from": to_checksum_address(sent.receipt.sender),
            "to": to_checksum_address(sent.to) if sent.to else None,
            "input": _data(sent.data),
            "nonce": _hex(sent.nonce),
            "gas": _hex(sent.gas),
            "gasPrice": "0x0",
            "value": _hex(sent.value),
            "type": "0x0",
            "chainId": _hex(self.chain.chain_id),
        }

    def _transaction_by_hash(self, tx_hash: str) -> dict[str, Any] | None:
        found = self.chain.history.transaction(to_bytes(hexstr=tx_hash))
        return None if found is None else self._transaction_json(found[0], found[1], found[0].transactions[found[1]])

    def _receipt(self, tx_hash: str) -> dict[str, Any] | None:
        found = self.chain.history.transaction(to_bytes(hexstr=tx_hash))
        if found is None:
            return None
        block, index = found
        sent = block.transactions[index]
        first_log = sum(len(t.receipt.logs) for t in block.transactions[:index])
        receipt = sent.receipt
        return {
            "transactionHash": _data(receipt.tx_hash),
            "transactionIndex": _hex(index),
            "blockHash": _data(block.hash),
            "blockNumber": _hex(block.number),
            "from": to_checksum_address(receipt.sender),
            "to": to_checksum_address(sent.to) if sent.to else None,
            "gasUsed": _hex(receipt.gas_used),
            "cumulativeGasUsed": _hex(sum(t.receipt.gas_used for t in block.transactions[: index + 1])),
            "effectiveGasPrice": "0x0",
            "contractAddress": receipt.contract_address,
            "status": "0x1" if receipt.succeeded else "0x0",
            "type": "0x0",
            "logsBloom": _EMPTY_BLOOM,
            "logs": [
                self._log_json(LogEntry(log, block.number, index, first_log + n), block)
                for n, log in enumerate(receipt.logs)
            ],
        }

    def _log_json(self, entry: LogEntry, block: SealedBlock) -> dict[str, Any]:
        return {
            "address": entry.log.address,
            "topics": [_data(t) for t in entry.log.topics],
            "data": _data(entry.log.data),
            "blockNumber": _hex(entry.block_number),
            "blockHash": _data(block.hash),
            "transactionHash": _data(block.transactions[entry.transaction_index].receipt.tx_hash),
            "transactionIndex": _hex(entry.transaction_index),
            "logIndex": _hex(entry.log_index),
            "removed": False,
        }

    def _logs(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        history = self.chain.history
        if query.get("blockHash"):
            block = history.block_by_hash(to_bytes(hexstr=query["blockHash"]))
            if block is None:
                raise _RpcError(-32000, f"no block {query['blockHash']}")
            first = last = block.number
        else:
            first = self._block_number(query.get("fromBlock", "latest"))
            last = self._block_number(query.get("toBlock", "latest"))
        address = query.get("address")
        addresses = [address] if isinstance(address, str) else list(address) if address else None
        topics: list[list[bytes] | None] = []
        for topic in query.get("topics") or []:
            if topic is None:
                topics.append(None)
            else:
                wanted = [topic] if isinstance(topic, str) else topic
                topics.append([to_bytes(hexstr=t) for t in wanted])
        result = []
        for entry in history.logs(first, last, addresses, topics):
            block = history.block(entry.block_number)
            assert block is not None
            result.append(self._log_json(entry, block))
        return result

    def _block_number(self, block: Any) -> int:
        found = self._block_at(block)
        return found.number if found else _quantity(block, "block number")

    # --- w3.testing ------------------------------------------------------------------------------

    def _snapshot(self) -> str:
        """Open a chain snapshot and name it; `evm_revert` to it undoes everything done since."""
        context = self.chain.snapshot()
        context.__enter__()
        number = self._next_snapshot
        self._next_snapshot += 1
        self._snapshots.append((number, context))
        return _hex(number)

    def _revert(self, snapshot: Any) -> bool:
        """Undo everything since `snapshot`; it and the snapshots taken after it are used up, as on Anvil."""
        number = _quantity(snapshot, "snapshot id")
        if number not in {n for n, _ in self._snapshots}:
            raise _RpcError(-32000, f"no open snapshot {number}: each can be reverted to once; take a new one")
        while self._snapshots:
            taken, context = self._snapshots.pop()
            context.__exit__(None, None, None)
            if taken == number:
                break
        return True

    def _mine(self, blocks: Any = 1) -> str:
        for _ in range(_quantity(blocks, "block count")):
            self.chain.mine()
        return "0x0"

    def _advance(self, seconds: int) -> int:
        self.chain.advance_time(seconds)
        return seconds


def web3_for(chain: Chain, accounts: Iterable[Account] = ()) -> Web3:
    """A `Web3` over `chain` itself: the embedded chain, signing for `accounts`, or the node an `RpcChain` uses."""
    if isinstance(getattr(chain, "history", None), ChainHistory):
        return Web3(EmbeddedProvider(chain, accounts))  # type: ignore[arg-type]
    own = getattr(chain, "w3", None)
    if isinstance(own, Web3):
        return own  # an RpcChain's: the node signs for its own accounts; the cast's keys stay with the caller
    raise TypeError(f"no web3.py provider for {chain.describe()}")
