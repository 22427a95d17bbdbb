"""Talking to a JSON-RPC node: web3.py's typed calls, and what each failure means.

`Transport` owns the node's `Web3` and turns what web3.py raises into three answers: the node
answered with an error (`RpcError`, classified by its JSON-RPC code and data), the node took the
request and fell silent (`NoAnswer`), or nothing answers at the URL (`NodeUnreachable`, one line).
Standard methods go through web3.py's typed calls (`eth.chain_id`, `eth.get_block`,
`eth.get_balance`...); `request` is for the methods it has no call for (anvil_*, evm_*,
eth_simulateV1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import requests
from eth_typing import BlockIdentifier, ChecksumAddress, HexAddress, HexStr
from hexbytes import HexBytes
from web3 import HTTPProvider, Web3
from web3.exceptions import BlockNotFound, TimeExhausted, Web3RPCError
from web3.types import RPCEndpoint

from ..errors import NodeUnreachable

EXECUTION_REVERTED: Final = 3
"""The EVM reverted the call; the error's `data` is the revert data (geth, Anvil, Hardhat; EIP-1474's use)."""

EXECUTION_HALTED: Final = frozenset({-32000, -32015, -32603})
"""A call the EVM stopped without revert data (out of gas, invalid opcode): geth and Hardhat answer
-32000, Nethermind and OpenEthereum -32015, Anvil -32603."""

TRANSACTION_REJECTED: Final = frozenset({-32000, -32003})
"""The node refused a signed transaction before it ran: EIP-1474's -32003 (Anvil), geth's -32000. Why
(its nonce taken, its price too low, no funds) is read from the node's state, not from the message."""

POLL_INTERVAL: Final = 0.01
"""Seconds between receipt polls."""


class RpcError(Exception):
    """The node answered with a JSON-RPC error: its `code`, `message` and `data`."""

    def __init__(self, method: str, code: int, message: str, data: Any) -> None:
        super().__init__(f"{method}: {message}")
        self.method, self.code, self.message, self.data = method, code, message, data

    @classmethod
    def of(cls, method: str, error: Any) -> RpcError:
        if isinstance(error, dict):
            return cls(method, int(error.get("code", 0)), str(error.get("message", "")), error.get("data"))
        return cls(method, 0, str(error), None)

    @property
    def reverted(self) -> bool:
        """The EVM stopped the call (a revert, or a halt such as out of gas), as opposed to a bad request."""
        return self.code == EXECUTION_REVERTED or self.code in EXECUTION_HALTED

    @property
    def revert_data(self) -> bytes:
        """The revert data the node sent (empty for a halt)."""
        data = self.data
        if isinstance(data, dict):  # some nodes nest it: {"data": "0x..."}
            data = data.get("data")
        return to_bytes(data) if isinstance(data, str) and data.startswith("0x") else b""

    @property
    def rejected(self) -> bool:
        """The node refused a transaction it was sent (see `TRANSACTION_REJECTED`)."""
        return self.code in TRANSACTION_REJECTED


class NoAnswer(NodeUnreachable):
    """The node took the request and did not answer within the timeout (stalled, or very slow)."""


class _Failed:
    """What `Transport.attempt` answers when the node refused the request."""


FAILED: Final[Any] = _Failed()


class Transport:
    """The HTTP connection to one node, through web3.py; `timeout` bounds every request, in seconds."""

    def __init__(self, url: str, timeout: float) -> None:
        if not isinstance(url, str):
            raise TypeError(f"a node URL is a string, not {type(url).__name__}")
        if not url.startswith(("http://", "https://")):
            raise NodeUnreachable(f"not an HTTP JSON-RPC URL: {url!r} (expected http://host:port)")
        self.url = url
        self.timeout = float(timeout)
        self.w3 = Web3(HTTPProvider(url, request_kwargs={"timeout": timeout}, exception_retry_configuration=None))

    @contextmanager
    def answers(self, method: str) -> Iterator[None]:
        """Translate what web3.py raises: the node's error becomes `RpcError`, silence `NoAnswer`,
        a dead connection `NodeUnreachable`."""
        try:
            yield
        except Web3RPCError as error:
            reply = error.rpc_response or {}
            raise RpcError.of(method, reply.get("error", str(error))) from None
        except requests.HTTPError as http_error:
            answer = http_error.response
            status = answer.status_code if answer is not None else "an error"
            raise NodeUnreachable(f"{self.url} answered HTTP {status}, not as a JSON-RPC node") from None
        except requests.Timeout:
            raise NoAnswer(f"the node at {self.url} did not answer {method} within {self.timeout:g} s") from None
        except (requests.RequestException, OSError) as failure:
            raise NodeUnreachable(f"no JSON-RPC node answers at {self.url} ({_reason(failure)})") from None
        except json.JSONDecodeError:  # an HTTP server that does not speak JSON-RPC
            raise NodeUnreachable(f"{self.url} answered, but not as a JSON-RPC node") from None

    # --- methods web3.py has no typed call for --------------------------------------------------

    def request(self, method: str, params: list[Any] | None = None) -> Any:
        """One request for a method web3.py has no typed call for (anvil_*, evm_*, eth_simulateV1...)."""
        with self.answers(method):
            try:
                response: Any = self.w3.provider.make_request(RPCEndpoint(method), params or [])
            except ValueError:  # an HTTP server that does not speak JSON-RPC
                raise NodeUnreachable(f"{self.url} answered, but not as a JSON-RPC node") from None
        if "error" in response:
            raise RpcError.of(method, response["error"])
        return response.get("result")

    def attempt(self, method: str, params: list[Any] | None = None) -> Any:
        """`request`, answering `FAILED` when the node refuses (say, a method it does not have)."""
        try:
            return self.request(method, params)
        except RpcError:
            return FAILED

    # --- standard methods, typed ----------------------------------------------------------------

    def chain_id(self) -> int:
        with self.answers("eth_chainId"):
            return int(self.w3.eth.chain_id)

    def block(self, number: BlockIdentifier) -> tuple[int, int, str] | None:
        """(number, timestamp, hash) of a block by number or tag ("latest", "pending"), None if none."""
        with self.answers("eth_getBlockByNumber"):
            try:
                block = self.w3.eth.get_block(number)
            except BlockNotFound:
                return None
        return int(block["number"]), int(block["timestamp"]), "0x" + bytes(block.get("hash") or b"").hex()

    def transactions_in(self, number: int) -> list[bytes]:
        """The hashes of the transactions in block `number`."""
        with self.answers("eth_getBlockByNumber"):
            block = self.w3.eth.get_block(number)
        return [bytes(tx_hash) for tx_hash in block.get("transactions", ())]  # type: ignore[arg-type]

    def balance(self, address: str, block: BlockIdentifier = "latest") -> int:
        with self.answers("eth_getBalance"):
            return int(self.w3.eth.get_balance(_address(address), block))

    def transaction_count(self, address: str, block: BlockIdentifier) -> int:
        with self.answers("eth_getTransactionCount"):
            return int(self.w3.eth.get_transaction_count(_address(address), block))

    def gas_price(self) -> int:
        """The node's gas price, 0 where it has none to give."""
        try:
            with self.answers("eth_gasPrice"):
                return int(self.w3.eth.gas_price)
        except RpcError:
            return 0

    def code(self, address: str) -> bytes:
        with self.answers("eth_getCode"):
            return bytes(self.w3.eth.get_code(_address(address), "latest"))

    def send_raw(self, raw: bytes) -> None:
        with self.answers("eth_sendRawTransaction"):
            self.w3.eth.send_raw_transaction(raw)

    def receipt_within(self, tx_hash: bytes, seconds: float) -> Any:
        """The mined receipt (web3.py's, with ints), or None after `seconds`."""
        try:
            with self.answers("eth_getTransactionReceipt"):
                return self.w3.eth.wait_for_transaction_receipt(HexBytes(tx_hash), timeout=seconds, poll_latency=POLL_INTERVAL)
        except TimeExhausted:
            return None


def to_bytes(value: Any) -> bytes:
    """Bytes from the node's hex string, or from web3.py's HexBytes."""
    if not value:
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return bytes.fromhex(value[2:] if value.startswith("0x") else value)


def to_int(value: Any) -> int:
    """A quantity, whether the node sends it as hex (the standard) or as a JSON number."""
    return value if isinstance(value, int) else int(value, 16)


def _address(address: str) -> ChecksumAddress:
    return Web3.to_checksum_address(HexAddress(HexStr(address)))


def _reason(error: BaseException) -> str:
    """The short cause of a connection failure: 'connection refused', 'name not resolved'..."""
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if match:
        return match.group(1).strip().rstrip(".").lower()
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "name not resolved"
    return type(error).__name__
