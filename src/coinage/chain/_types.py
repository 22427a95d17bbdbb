"""The values every chain returns, whatever engine runs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eth_keys import keys
from eth_utils import keccak, to_checksum_address

from ..errors import CoinageError


@dataclass(frozen=True)
class Account:
    """A key pair. Keys derive from a name, so the same name is the same address on every run."""

    address: str
    key: bytes

    @classmethod
    def from_name(cls, name: str) -> Account:
        key = keccak(b"coinage/" + name.encode())
        address = keys.PrivateKey(key).public_key.to_checksum_address()
        return cls(address=address, key=key)


@lru_cache(maxsize=None)
def named_account(name: str) -> Account:
    """`Account.from_name`, cached: deriving a key's address is slow and names repeat."""
    return Account.from_name(name)


@dataclass(frozen=True)
class Log:
    address: str
    topics: tuple[bytes, ...]
    data: bytes


@dataclass(frozen=True)
class Receipt:
    """What a mined transaction left behind. `revert_data` is set when `succeeded` is false."""

    tx_hash: bytes
    sender: str
    block_number: int
    timestamp: int
    gas_used: int
    succeeded: bool
    logs: tuple[Log, ...]
    contract_address: str | None = None
    revert_data: bytes | None = None

    @classmethod
    def with_deferred_hash(cls, compute: Callable[..., bytes], args: tuple[Any, ...], **fields: Any) -> Receipt:
        """A receipt whose `tx_hash` is `compute(*args)`, computed when first read, then kept.

        For engines where signing the transaction (secp256k1, RLP) costs more than running it and
        few callers read the hash: the signature is deterministic (RFC 6979), so the hash is the same
        whenever it is computed. Equality, hashing and pickling compute it as any read does.
        """
        receipt = object.__new__(cls)
        receipt.__dict__.update(fields, _deferred_hash=(compute, args))  # frozen: set as dataclasses do
        return receipt

    if not TYPE_CHECKING:  # for the type checker every field is there; a typo stays an error

        def __getattr__(self, name: str) -> Any:
            deferred = self.__dict__.get("_deferred_hash")
            if name != "tx_hash" or deferred is None:
                raise AttributeError(name)
            compute, args = deferred
            tx_hash = compute(*args)
            object.__setattr__(self, "tx_hash", tx_hash)
            return tx_hash


class CallReverted(CoinageError):
    """Low-level: a call reverted with raw `data`; the contract layer turns it into a named rule.

    A chain's signal, not a broken rule: it is not a `ContractRevert` (`coinage.contracts` decodes
    `data` into one), so the chain layer needs nothing of the domain's errors but their base.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(f"the call reverted with data 0x{bytes(data).hex()}")
        self.data = bytes(data)


def checksum(address: bytes | str) -> str:
    if isinstance(address, (bytes, str)):
        return _checksum(address)
    return str(to_checksum_address(address))  # a bytearray, say: not hashable, so not cached


@lru_cache(maxsize=65536)
def _checksum(address: bytes | str) -> str:
    # Cached: every log and receipt names a contract, and to_checksum_address hashes each time.
    return str(to_checksum_address(address))
