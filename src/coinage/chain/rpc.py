"""The `Chain` interface over any JSON-RPC node: Anvil, Hardhat, or a real network's endpoint.

Transactions are signed here, with the keys `Account.from_name` derives, so a name is the same
address on every chain; the node only sees raw signed transactions. Gas limits are explicit (no
estimate), nonces come from a local cache (reset when a snapshot is reverted), and receipts are
polled every few milliseconds, because a node may answer `eth_sendRawTransaction` before it mines.

On a development node (Anvil, Hardhat) the chain behaves like the embedded one: every block is
`BLOCK_TIME` seconds after its parent unless time is advanced, `snapshot()` uses
`evm_snapshot`/`evm_revert`, `batch()` switches automine off and mines one block on exit, and
derived accounts are given ether on first use when the node charges for gas. Started by
`coinage.chain.node.start_anvil`, Anvil has the embedded chain's genesis time, hardfork and zero
base fee, so every scenario gives the embedded chain's outcome. Against a node that cannot move
time or take snapshots, those two methods raise `ChainError` instead.

An unreachable URL raises `NodeUnreachable` with a one-line message from the constructor, before
anything is sent.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from eth_account import Account as EthAccount
from web3 import HTTPProvider
from web3.types import RPCEndpoint

from ..errors import ChainError, NodeUnreachable
from ._constants import BLOCK_TIME, DEFAULT_TX_GAS
from ._types import Account, CallReverted, Log, Receipt, checksum


FUNDING = 10**24
"""Wei given to a derived account on a development node that charges for gas (one million ether)."""

POLL_INTERVAL = 0.01
"""Seconds between receipt polls once the first quick polls found nothing."""

_ZERO = "0x" + "00" * 20
_DEV_CLIENTS = ("anvil", "hardhat")


@dataclass
class _Pending:
    """A transaction sent inside `batch()`, with the receipt its simulation predicted."""

    tx_hash: bytes
    call: dict[str, str]
    receipt: Receipt


class RpcChain:
    """A chain behind a JSON-RPC URL. `RpcChain("http://127.0.0.1:8545")`.

    `timeout` bounds every request and the wait for every receipt, in seconds.
    """

    def __init__(self, url: str, *, timeout: float = 10) -> None:
        if not isinstance(url, str):
            raise TypeError(f"a node URL is a string, not {type(url).__name__}")
        if not url.startswith(("http://", "https://")):
            raise NodeUnreachable(f"not an HTTP JSON-RPC URL: {url!r} (expected http://host:port)")
        self.url = url
        self.timeout = float(timeout)
        self._provider = HTTPProvider(url, request_kwargs={"timeout": timeout}, exception_retry_configuration=None)
        self.chain_id: int = int(self._rpc("eth_chainId"), 16)  # the first request: unreachable fails here
        self.client = self._client_version()
        self._dev = self.client.split("/")[0].lower() in _DEV_CLIENTS
        self._nonces: dict[str, int] = {}
        self._funded: set[str] = set()
        self._batch: list[_Pending] | None = None
        self._can_simulate = True
        self._sync_send = True
        latest = self._rpc("eth_getBlockByNumber", ["latest", False])
        self._time = int(latest["timestamp"], 16) + BLOCK_TIME
        self._interval = False
        if self._dev:
            self._interval = self._try("anvil_setBlockTimestampInterval", [BLOCK_TIME]) is not _FAILED
            self._pin_time()
        self._gas_price = self._node_gas_price()

    # --- transport -------------------------------------------------------------------------------

    def _rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """One request; the node's error becomes `_RpcError`, a dead connection `NodeUnreachable`."""
        try:
            response: Any = self._provider.make_request(RPCEndpoint(method), params or [])
        except requests.HTTPError as http_error:
            reply = http_error.response
            status = reply.status_code if reply is not None else "an error"
            raise NodeUnreachable(f"{self.url} answered HTTP {status}, not as a JSON-RPC node") from None
        except requests.Timeout:
            raise NodeUnreachable(f"the node at {self.url} did not answer {method} within {self.timeout:g} s") from None
        except (requests.RequestException, OSError) as failure:
            raise NodeUnreachable(f"no JSON-RPC node answers at {self.url} ({_reason(failure)})") from None
        except ValueError:  # an HTTP server that does not speak JSON-RPC
            raise NodeUnreachable(f"{self.url} answered, but not as a JSON-RPC node") from None
        if "error" in response:
            error = response["error"]
            if isinstance(error, dict):
                raise _RpcError(method, int(error.get("code", 0)), str(error.get("message", "")), error.get("data"))
            raise _RpcError(method, 0, str(error), None)
        return response.get("result")

    def _try(self, method: str, params: list[Any] | None = None) -> Any:
        """`_rpc`, answering `_FAILED` when the node refuses (say, a method it does not have)."""
        try:
            return self._rpc(method, params)
        except _RpcError:
            return _FAILED

    def _client_version(self) -> str:
        version = self._try("web3_clientVersion")
        return version if isinstance(version, str) else "unknown"

    def _node_gas_price(self) -> int:
        price = self._try("eth_gasPrice")
        return int(price, 16) if isinstance(price, str) else 0

    # --- time and blocks -------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """The timestamp the next transaction will see."""
        if self._dev:
            return self._time
        latest = self._rpc("eth_getBlockByNumber", ["latest", False])
        return max(int(latest["timestamp"], 16) + 1, int(time.time()))

    @property
    def block_number(self) -> int:
        """The number of the block the next transaction goes into."""
        return int(self._rpc("eth_blockNumber"), 16) + 1

    def advance_time(self, seconds: int) -> None:
        """Move the clock forward by whole seconds; the next block carries the new time."""
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TypeError(f"advance_time takes whole seconds (an int), not {type(seconds).__name__}")
        if seconds < 0:
            raise ValueError(f"time only moves forward, not by {seconds} s")
        if self._batch:
            raise RuntimeError("cannot move time inside a batch that already holds transactions")
        if not self._dev:
            raise ChainError(f"{self.describe()} cannot move time; advance_time needs a development node")
        self._time += seconds
        self._pin_time()

    def _pin_time(self) -> None:
        """Tell the node the timestamp of its next block (ours is authoritative on a dev node)."""
        if self._dev and self._try("evm_setNextBlockTimestamp", [self._time]) is _FAILED:
            raise ChainError(f"{self.describe()} refused evm_setNextBlockTimestamp({self._time})")

    def _mined(self, timestamp: int) -> None:
        """A block with `timestamp` was mined: the next one is a block time later."""
        self._time = timestamp + BLOCK_TIME
        if not self._interval:
            self._pin_time()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Put every transaction sent inside into one block, mined on exit.

        On Anvil, automine is switched off inside and each transaction's receipt is predicted with
        `eth_simulateV1` over the batch so far (the same EVM, on the same state); the mined
        receipts are checked against the predictions on exit. Contract creations, which that
        method cannot simulate, and nodes without it (or without `evm_setAutomine`) fall back to
        one block per transaction, as outside a batch. Each simulation replays the batch so far,
        so a batch is meant for a few transactions (a joint freeze), not for bulk loads.
        """
        if self._batch is not None or not self._dev or not self._can_simulate:
            yield
            return
        if self._try("evm_setAutomine", [False]) is _FAILED:
            self._can_simulate = False
            yield
            return
        self._batch = []
        try:
            yield
        finally:
            pending, self._batch = self._batch, None
            try:
                if pending:
                    self._rpc("evm_mine")
            finally:
                self._rpc("evm_setAutomine", [True])
            if pending:
                self._check_batch(pending)

    def _check_batch(self, pending: list[_Pending]) -> None:
        for sent in pending:
            mined = self._wait_for_receipt(sent.tx_hash)
            predicted = sent.receipt
            if (
                int(mined["blockNumber"], 16) != predicted.block_number
                or (mined["status"] == "0x1") != predicted.succeeded
                or int(mined["gasUsed"], 16) != predicted.gas_used
            ):
                raise ChainError(
                    f"transaction 0x{sent.tx_hash.hex()} was mined differently from its simulation "
                    "(another sender on the node?)"
                )
        self._mined(predicted.timestamp)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Undo everything done inside the block, on exit (`evm_snapshot` / `evm_revert`)."""
        if self._batch:
            raise RuntimeError("cannot snapshot inside a batch that already holds transactions")
        snapshot_id = self._try("evm_snapshot")  # single-use on Anvil: a new one on each entry
        if snapshot_id is _FAILED:
            raise ChainError(f"{self.describe()} cannot take snapshots (no evm_snapshot)")
        saved = (self._time, dict(self._nonces), set(self._funded))
        try:
            yield
        finally:
            if self._rpc("evm_revert", [snapshot_id]) is not True:
                raise ChainError(f"{self.describe()} could not revert to snapshot {snapshot_id}")
            self._time, self._nonces, self._funded = saved
            self._pin_time()

    # --- accounts --------------------------------------------------------------------------------

    def account(self, name: str) -> Account:
        """The account whose key derives from `name`; given ether first if the node charges for gas."""
        account = Account.from_name(name)
        if self._gas_price and account.address not in self._funded:
            self._fund(account.address)
        return account

    def _fund(self, address: str) -> None:
        needed = self._gas_price * DEFAULT_TX_GAS * 100
        if int(self._rpc("eth_getBalance", [address, "latest"]), 16) < needed:
            balance = hex(max(FUNDING, needed))
            if not any(self._try(m, [address, balance]) is not _FAILED for m in ("anvil_setBalance", "hardhat_setBalance")):
                self._fund_from_node(address, needed)
        self._funded.add(address)

    def _fund_from_node(self, address: str, amount: int) -> None:
        accounts = self._try("eth_accounts")
        if not accounts or accounts is _FAILED:
            raise ChainError(
                f"account {address} needs ether to pay for gas on {self.describe()}, and the node has no "
                "unlocked account to send it; fund it, or use a node where gas is free"
            )
        request = {"from": accounts[0], "to": address, "value": hex(amount), "gas": hex(21_000),
                   "gasPrice": hex(self._gas_price)}
        try:
            tx_hash = self._rpc("eth_sendTransaction", [request])
        except _RpcError as error:
            raise ChainError(f"could not fund {address} from the node's account {accounts[0]}: {error.message}") from None
        receipt = self._wait_for_receipt(bytes.fromhex(tx_hash[2:]))
        self._mined(self._block_time(receipt))

    # --- transactions and calls ------------------------------------------------------------------

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = DEFAULT_TX_GAS) -> Receipt:
        """Sign and send one transaction; wait for its block unless inside `batch()`."""
        address = sender.address
        nonce = self._nonces.get(address)
        if nonce is None:
            nonce = int(self._rpc("eth_getTransactionCount", [address, "pending"]), 16)
        tx = {
            "nonce": nonce,
            "gasPrice": self._gas_price,
            "gas": gas,
            "to": checksum(to) if to else b"",
            "value": 0,
            "data": data,
            "chainId": self.chain_id,
        }
        batching = self._batch is not None and to is not None and self._can_simulate
        if self._batch and to is None:  # a creation cannot be simulated: mine the batch so far first
            self._flush_batch()
        predicted = self._simulate_in_batch(address, to, data, gas) if batching else None
        automined = self._batch is None
        tx_hash, raw = self._send_raw(tx, sender, address, wait=automined)
        self._nonces[address] = nonce + 1
        if predicted is not None:
            receipt = Receipt(tx_hash, address, self._pending_number(), self._time, *predicted)
            assert self._batch is not None
            self._batch.append(_Pending(tx_hash, _call_object(address, to, data, gas), receipt))
            return receipt
        if not automined:  # a creation inside a batch: automine is off, mine it alone
            self._rpc("evm_mine")
        if raw is None:
            raw = self._wait_for_receipt(tx_hash)
        timestamp = self._block_time(raw)
        self._mined(timestamp)
        succeeded = raw["status"] == "0x1"
        block_number = int(raw["blockNumber"], 16)
        return Receipt(
            tx_hash=tx_hash,
            sender=address,
            block_number=block_number,
            timestamp=timestamp,
            gas_used=int(raw["gasUsed"], 16),
            succeeded=succeeded,
            logs=tuple(_log(entry) for entry in raw.get("logs") or ()),
            contract_address=checksum(raw["contractAddress"]) if succeeded and raw.get("contractAddress") else None,
            revert_data=None if succeeded else self._replay(address, to, data, gas, block_number, timestamp),
        )

    def _send_raw(
        self, tx: dict[str, Any], sender: Account, address: str, *, wait: bool
    ) -> tuple[bytes, dict[str, Any] | None]:
        """Sign and send; with `wait`, also return the receipt when the node can send it in the same
        answer (`eth_sendRawTransactionSync`, EIP-7966), which saves polling."""
        for attempt in (1, 2):
            signed = EthAccount.sign_transaction(tx, sender.key)
            raw = "0x" + bytes(signed.raw_transaction).hex()
            try:
                if wait and self._sync_send:
                    try:
                        receipt = self._rpc("eth_sendRawTransactionSync", [raw])
                        return bytes(signed.hash), dict(receipt) if receipt else None
                    except _RpcError as error:
                        if not error.unknown_method:
                            raise
                        self._sync_send = False  # an older node: send, then poll
                self._rpc("eth_sendRawTransaction", [raw])
                return bytes(signed.hash), None
            except _RpcError as error:
                message = error.message.lower()
                if attempt == 1 and ("underpriced" in message or "fee" in message or "gas price" in message):
                    self._gas_price = max(self._node_gas_price(), self._gas_price + 1)
                    tx["gasPrice"] = self._gas_price
                    continue
                self._nonces.pop(address, None)  # whatever went wrong, ask the node next time
                raise ChainError(f"{self.describe()} refused a transaction from {address}: {error.message}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_for_receipt(self, tx_hash: bytes) -> dict[str, Any]:
        """Poll for the receipt: at once, after a few quick polls, then every `POLL_INTERVAL`."""
        deadline = time.monotonic() + self.timeout
        delays = iter((0.0, 0.001, 0.003, 0.006))
        while True:
            receipt = self._rpc("eth_getTransactionReceipt", ["0x" + tx_hash.hex()])
            if receipt is not None and receipt.get("blockNumber") is not None:
                return dict(receipt)
            if time.monotonic() > deadline:
                raise ChainError(f"transaction 0x{tx_hash.hex()} was not mined within {self.timeout:g} s")
            time.sleep(next(delays, POLL_INTERVAL))

    def _block_time(self, receipt: dict[str, Any]) -> int:
        if receipt.get("blockTimestamp"):
            return _int(receipt["blockTimestamp"])
        block = self._rpc("eth_getBlockByNumber", [receipt["blockNumber"], False])
        return int(block["timestamp"], 16)

    def _pending_number(self) -> int:
        return int(self._rpc("eth_blockNumber"), 16) + 1

    def _replay(self, sender: str, to: str | None, data: bytes, gas: int, number: int, timestamp: int) -> bytes:
        """The revert data of a failed transaction, which its receipt does not carry: the same call
        again on the parent block's state, in a block with the same number and time when the node
        takes block overrides."""
        call = _call_object(sender, to, data, gas)
        parent = hex(number - 1)
        overrides = {"number": hex(number), "time": hex(timestamp)}
        for params in ([call, parent, {}, overrides], [call, parent]):
            try:
                self._rpc("eth_call", params)
            except _RpcError as error:
                if error.reverted:
                    return error.revert_data
                continue  # no block overrides here: try without
            return b""  # the replay succeeded (the failure depended on the rest of its block)
        return b""

    def _simulate_in_batch(self, sender: str, to: str | None, data: bytes, gas: int) -> tuple[Any, ...] | None:
        """(gas used, succeeded, logs, contract address, revert data) of a transaction appended to
        the open batch, from `eth_simulateV1` over the batch so far; None if the node cannot."""
        assert self._batch is not None
        calls = [p.call for p in self._batch] + [_call_object(sender, to, data, gas)]
        result = self._simulate(calls)
        if result is None:
            self._can_simulate = False
            self._flush_batch()
            return None
        last = result[-1]
        succeeded = last.get("status") == "0x1"
        return (
            int(last["gasUsed"], 16),
            succeeded,
            tuple(_log(entry) for entry in last.get("logs") or ()),
            None,
            None if succeeded else _hex(last.get("returnData")),
        )

    def _simulate(self, calls: list[dict[str, str]]) -> list[dict[str, Any]] | None:
        overrides = {"number": hex(self._pending_number()), "time": hex(self._time)}
        request = {"blockStateCalls": [{"blockOverrides": overrides, "calls": calls}]}
        try:
            blocks = self._rpc("eth_simulateV1", [request, "latest"])
        except _RpcError:
            return None
        return list(blocks[0]["calls"])

    def _flush_batch(self) -> None:
        """Mine what the open batch holds so far; later transactions go on in automine-off mode."""
        assert self._batch is not None
        pending, self._batch[:] = list(self._batch), []
        if pending:
            self._rpc("evm_mine")
            self._check_batch(pending)

    def call(self, to: str, data: bytes, *, sender: str | None = None) -> bytes:
        """Run a read-only call on the state the next transaction will see; raise `CallReverted`."""
        call = _call_object(sender or _ZERO, to, data, DEFAULT_TX_GAS)
        if self._batch:  # the pending block's transactions are not in any block yet
            result = self._simulate([p.call for p in self._batch] + [call])
            if result is not None:
                last = result[-1]
                if last.get("status") != "0x1":
                    raise CallReverted(_hex(last.get("returnData")))
                return _hex(last.get("returnData"))
        params: list[Any] = [call, "latest"]
        if self._dev:  # the next block's number and time, as the embedded chain's calls see them
            params += [{}, {"number": hex(self._pending_number()), "time": hex(self._time)}]
        try:
            return _hex(self._rpc("eth_call", params))
        except _RpcError as error:
            if error.reverted:
                raise CallReverted(error.revert_data) from None
            raise ChainError(f"{self.describe()} refused a call to {to}: {error.message}") from None

    def code_at(self, address: str) -> bytes:
        return _hex(self._rpc("eth_getCode", [checksum(address), "latest"]))

    def describe(self) -> str:
        return f"JSON-RPC node {self.client} at {self.url} (chain id {self.chain_id})"


# --- helpers -------------------------------------------------------------------------------------


class _Failed:
    pass


_FAILED: Any = _Failed()


class _RpcError(Exception):
    """The node answered with a JSON-RPC error."""

    def __init__(self, method: str, code: int, message: str, data: Any) -> None:
        super().__init__(f"{method}: {message}")
        self.method, self.code, self.message, self.data = method, code, message, data

    @property
    def unknown_method(self) -> bool:
        message = self.message.lower()
        return self.code == -32601 or any(
            words in message for words in ("not found", "does not exist", "not available", "unsupported", "not supported")
        )

    @property
    def reverted(self) -> bool:
        """The EVM stopped the call (revert, out of gas, invalid opcode), as opposed to a bad request."""
        message = self.message.lower()
        return self.code == 3 or "revert" in message or "out of gas" in message or "invalid opcode" in message

    @property
    def revert_data(self) -> bytes:
        data = self.data
        if isinstance(data, dict):  # some nodes nest it: {"data": "0x..."}
            data = data.get("data")
        return _hex(data) if isinstance(data, str) and data.startswith("0x") else b""


def _int(value: Any) -> int:
    """A quantity, whether the node sends it as hex (the standard) or as a JSON number."""
    return value if isinstance(value, int) else int(value, 16)


def _hex(value: Any) -> bytes:
    if not value:
        return b""
    return bytes.fromhex(value[2:] if value.startswith("0x") else value)


def _log(entry: dict[str, Any]) -> Log:
    return Log(
        address=checksum(entry["address"]),
        topics=tuple(_hex(topic) for topic in entry["topics"]),
        data=_hex(entry["data"]),
    )


def _call_object(sender: str, to: str | None, data: bytes, gas: int) -> dict[str, str]:
    call = {"from": checksum(sender), "data": "0x" + data.hex(), "gas": hex(gas)}
    if to is not None:
        call["to"] = checksum(to)
    return call


def _reason(error: BaseException) -> str:
    """The short cause of a connection failure: 'connection refused', 'name not resolved'..."""
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if match:
        return match.group(1).strip().rstrip(".").lower()
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "name not resolved"
    return type(error).__name__


__all__ = ["BLOCK_TIME", "DEFAULT_TX_GAS", "RpcChain"]
