"""The values every chain returns, whatever engine runs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

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


_Self = TypeVar("_Self", bound="Deferred")


class Deferred:
    """A frozen dataclass one of whose fields may be computed when first read, then kept.

    For values that cost more to compute than most readers need: a receipt's hash (a signature on
    revm), a transaction's decoded events, a timeline entry's details. Equality, hashing,
    `dataclasses.astuple` and pickling compute the field as any read does.
    """

    @classmethod
    def deferred(cls: type[_Self], name: str, compute: Callable[[], Any], **fields: Any) -> _Self:
        """An instance with every field in `fields` and `name` given by `compute()` on first read."""
        instance = object.__new__(cls)
        instance.__dict__.update(fields, _deferred=(name, compute))  # frozen: set as dataclasses do
        return instance

    if not TYPE_CHECKING:  # for the type checker every field is there; a typo stays an error

        def __getattr__(self, name: str) -> Any:
            deferred = self.__dict__.get("_deferred")
            if deferred is None or name != deferred[0]:
                raise AttributeError(name)
            value = deferred[1]()
            object.__setattr__(self, name, value)
            del self.__dict__["_deferred"]
            return value

    def __getstate__(self) -> dict[str, Any]:
        deferred = self.__dict__.get("_deferred")
        if deferred is not None:
            getattr(self, deferred[0])  # computed now: what computes it (a coin, a timeline) does not travel
        return self.__dict__


@dataclass(frozen=True)
class Receipt(Deferred):
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
        return cls.deferred("tx_hash", partial(compute, *args), **fields)


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
