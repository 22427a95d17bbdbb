"""Encode calls and decode results, events and errors from a contract's ABI, with eth-abi.

Kept apart from web3's contract machinery on purpose: it needs no provider, it is several times
faster per call, and it decodes custom errors on transactions, which web3 leaves as raw hex.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eth_abi import decode, encode
from eth_abi.exceptions import DecodingError, EncodingError
from eth_utils import keccak, to_checksum_address
from eth_utils.abi import abi_to_signature, collapse_if_tuple, event_abi_to_log_topic, function_signature_to_4byte_selector

from ..enums import ENUMS
from ..errors import REASON_CLASSES, REVERT_CLASSES, ContractRevert, SolidityError, SolidityPanic, UnknownRevert

_ERROR_STRING = keccak(text="Error(string)")[:4]
_PANIC = keccak(text="Panic(uint256)")[:4]


def _type_of(param: dict[str, Any]) -> str:
    """The canonical type of a parameter, tuples spelled out: `(string,uint8)[]`."""
    return str(collapse_if_tuple(param))


def _selector(item: dict[str, Any]) -> bytes:
    """The 4-byte selector of a function or custom error (both hash their signature alike)."""
    return bytes(function_signature_to_4byte_selector(abi_to_signature(item)))  # type: ignore[arg-type]


def _normalise(param: dict[str, Any], value: Any) -> Any:
    """Addresses come back checksummed and enums as Python enums."""
    kind: str = param["type"]
    internal: str = param.get("internalType", "")
    if kind == "address":
        return to_checksum_address(value)
    if internal.startswith("enum "):
        enum = ENUMS.get(internal.rsplit(".", 1)[-1].removeprefix("enum "))
        return enum(value) if enum else value
    if kind.endswith("[]") and isinstance(value, (list, tuple)):
        element = dict(param, type=kind[:-2], internalType=internal.removesuffix("[]"))
        return tuple(_normalise(element, v) for v in value)
    return value


# --- fast paths -----------------------------------------------------------------------------------
#
# eth-abi walks a registry of coders on every call, which costs more than the rest of a facade
# transaction's Python work together. The common static types (one 32-byte word each) are encoded
# and decoded here directly. A fast path only answers when the value or word is one eth-abi takes
# as is; anything else (an unusual Python type, an out-of-range value, dirty padding, odd data
# lengths) goes to eth-abi, so results and errors stay exactly eth-abi's.

_ZERO_PAD = bytes(12)
_WORD_FALSE = bytes(32)
_WORD_TRUE = bytes(31) + b"\x01"

WordEncoder = Callable[[Any], bytes | None]
"""One value to its 32-byte ABI word, or None to leave it to eth-abi."""


@lru_cache(maxsize=65536)
def _checksum20(raw: bytes) -> str:
    # Cached: to_checksum_address hashes on every call, and a run sees few distinct addresses.
    return str(to_checksum_address(raw))


@lru_cache(maxsize=65536)
def _address_word(value: str) -> bytes:
    # eth-abi validates the address (checksum included) and raises on a bad one; never cached then.
    return bytes(encode(["address"], [value]))


def _encode_address(value: Any) -> bytes | None:
    if type(value) is not str:
        return None
    try:
        return _address_word(value)
    except EncodingError:
        return None  # eth-abi refuses it again, encoding the whole call, with its usual message


def _uint_encoder(bits: int) -> WordEncoder:
    limit = 2**bits

    def encode_uint(value: Any) -> bytes | None:
        # type() rather than isinstance: bools and IntEnums go to eth-abi, which has its own view.
        if type(value) is int and 0 <= value < limit:
            return value.to_bytes(32, "big")
        return None

    return encode_uint


def _encode_bool(value: Any) -> bytes | None:
    if type(value) is bool:
        return _WORD_TRUE if value else _WORD_FALSE
    return None


def _encode_bytes32(value: Any) -> bytes | None:
    return value if type(value) is bytes and len(value) == 32 else None


def _word_encoder(kind: str) -> WordEncoder | None:
    if kind == "address":
        return _encode_address
    if kind == "bool":
        return _encode_bool
    if kind == "bytes32":
        return _encode_bytes32
    if kind.startswith("uint") and kind[4:].isdigit():
        return _uint_encoder(int(kind[4:]))
    return None


def _fast_encoders(types: tuple[str, ...]) -> tuple[WordEncoder, ...] | None:
    encoders = tuple(_word_encoder(kind) for kind in types)
    return None if any(e is None for e in encoders) else encoders  # type: ignore[return-value]


WordDecoder = Callable[[bytes], Any]
"""A checked 32-byte word to its raw value (before `_normalise`), or `_SLOW` to leave it to eth-abi."""

_SLOW = object()


def _decode_address(word: bytes) -> Any:
    return _checksum20(word[12:]) if word[:12] == _ZERO_PAD else _SLOW


def _uint_decoder(bits: int) -> WordDecoder:
    limit = 2**bits

    def decode_uint(word: bytes) -> Any:
        value = int.from_bytes(word, "big")
        return value if value < limit else _SLOW

    return decode_uint


def _decode_bool(word: bytes) -> Any:
    if word == _WORD_FALSE:
        return False
    return True if word == _WORD_TRUE else _SLOW


def _word_decoder(kind: str) -> WordDecoder | None:
    if kind == "address":
        return _decode_address
    if kind == "bool":
        return _decode_bool
    if kind == "bytes32":
        return bytes
    if kind.startswith("uint") and kind[4:].isdigit():
        return _uint_decoder(int(kind[4:]))
    return None


def _normaliser(param: dict[str, Any]) -> Callable[[Any], Any] | None:
    """What `_normalise` does to a decoded word of `param`, or None when it returns it unchanged.

    Addresses are already checksummed by `_decode_address`, which caches the conversion.
    """
    internal: str = param.get("internalType", "")
    if param["type"] != "address" and internal.startswith("enum "):
        return lambda value: _normalise(param, value)
    return None


@dataclass(frozen=True)
class _EventLayout:
    """How to read one event's log without eth-abi: every parameter is one static word."""

    name: str
    topic_count: int
    data_length: int
    # (name, indexed, decoder, normaliser) per parameter, in declaration order.
    params: tuple[tuple[str, bool, WordDecoder, Callable[[Any], Any] | None], ...]

    @classmethod
    def of(cls, item: dict[str, Any]) -> _EventLayout | None:
        names = [param["name"] for param in item["inputs"]]
        if len(set(names)) != len(names):
            return None  # unnamed or repeated parameters: eth-abi's path decides which value wins
        params = []
        for param in item["inputs"]:
            decoder = _word_decoder(param["type"])
            if decoder is None:
                return None
            params.append((param["name"], bool(param["indexed"]), decoder, _normaliser(param)))
        indexed = sum(1 for p in params if p[1])
        return cls(item["name"], 1 + indexed, 32 * (len(params) - indexed), tuple(params))

    def decode(self, topics: tuple[bytes, ...], data: bytes) -> Event | None:
        """The event, or None when the log has a shape eth-abi should judge (and maybe refuse)."""
        if len(topics) != self.topic_count or len(data) != self.data_length:
            return None
        raw: list[Any] = []
        topic, offset = 1, 0
        for _, indexed, decoder, _ in self.params:
            if indexed:
                word = topics[topic]
                topic += 1
            else:
                word = data[offset : offset + 32]
                offset += 32
            if len(word) != 32 or (value := decoder(word)) is _SLOW:
                return None
            raw.append(value)
        # Every word checked before any enum conversion, so errors arise as on the slow path.
        args = {
            name: (normalise(value) if normalise else value)
            for (name, _, _, normalise), value in zip(self.params, raw)
        }
        return Event(name=self.name, args=args)


@dataclass(frozen=True)
class Event:
    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class _Function:
    selector: bytes
    input_types: tuple[str, ...]
    outputs: tuple[dict[str, Any], ...]
    mutates: bool
    fast_encoders: tuple[WordEncoder, ...] | None = None


class ContractInterface:
    """One contract's ABI, indexed by function name, event topic and error selector."""

    def __init__(self, abi: list[dict[str, Any]]) -> None:
        self.abi = abi
        self._functions: dict[str, _Function] = {}
        self._events: dict[bytes, dict[str, Any]] = {}
        self._layouts: dict[bytes, _EventLayout | None] = {}
        self._errors: dict[bytes, dict[str, Any]] = {}
        self._constructor_types: tuple[str, ...] = ()
        for item in abi:
            kind = item["type"]
            if kind == "function":
                input_types = tuple(_type_of(p) for p in item["inputs"])
                self._functions[item["name"]] = _Function(
                    selector=_selector(item),
                    input_types=input_types,
                    outputs=tuple(item["outputs"]),
                    mutates=item["stateMutability"] not in ("view", "pure"),
                    fast_encoders=_fast_encoders(input_types),
                )
            elif kind == "event":
                topic = bytes(event_abi_to_log_topic(item))  # type: ignore[arg-type]
                self._events[topic] = item
                self._layouts[topic] = _EventLayout.of(item)
            elif kind == "error":
                self._errors[_selector(item)] = item
            elif kind == "constructor":
                self._constructor_types = tuple(_type_of(p) for p in item["inputs"])

    def has_function(self, name: str) -> bool:
        """Whether the contract has a function called `name` (an extension's, such as `holdingLimit`)."""
        return name in self._functions

    @property
    def mutating_functions(self) -> list[str]:
        return sorted(name for name, f in self._functions.items() if f.mutates)

    def encode_constructor(self, bytecode: bytes, args: tuple[Any, ...]) -> bytes:
        return bytecode + encode(list(self._constructor_types), list(args))

    def encode_call(self, name: str, args: tuple[Any, ...]) -> bytes:
        function = self._functions[name]
        fast = function.fast_encoders
        if fast is not None and len(args) == len(fast):
            words = [encoder(value) for encoder, value in zip(fast, args)]
            if None not in words:
                return function.selector + b"".join(words)  # type: ignore[arg-type]
        return function.selector + encode(list(function.input_types), list(args))

    def decode_result(self, name: str, data: bytes) -> tuple[Any, ...]:
        function = self._functions[name]
        values = decode([_type_of(p) for p in function.outputs], data)
        return tuple(_normalise(p, v) for p, v in zip(function.outputs, values))

    def decode_event(self, topics: tuple[bytes, ...], data: bytes) -> Event | None:
        """The event a log records, or None when the log is not one of this contract's events."""
        if not topics or topics[0] not in self._events:
            return None
        layout = self._layouts[topics[0]]
        if layout is not None and (event := layout.decode(topics, data)) is not None:
            return event
        item = self._events[topics[0]]
        indexed = [p for p in item["inputs"] if p["indexed"]]
        plain = [p for p in item["inputs"] if not p["indexed"]]
        values: dict[str, Any] = {}
        for param, topic in zip(indexed, topics[1:]):
            values[param["name"]] = _normalise(param, decode([param["type"]], topic)[0])
        for param, value in zip(plain, decode([_type_of(p) for p in plain], data)):
            values[param["name"]] = _normalise(param, value)
        ordered = {p["name"]: values[p["name"]] for p in item["inputs"]}
        return Event(name=item["name"], args=ordered)

    def decode_revert(self, data: bytes, names: dict[str, str] | None = None) -> ContractRevert:
        """Turn revert data into the exception named after the broken rule."""
        selector = data[:4]
        try:
            if selector == _ERROR_STRING:
                reason = decode(["string"], data[4:])[0]
                return REASON_CLASSES.get(reason, SolidityError)(reason, names=names)
            if selector == _PANIC:
                return SolidityPanic(decode(["uint256"], data[4:])[0], names=names)
        except DecodingError:
            return UnknownRevert("0x" + selector.hex(), data, names=names)
        item = self._errors.get(selector)
        cls = REVERT_CLASSES.get(item["name"]) if item else None
        if item is None or cls is None:
            return UnknownRevert("0x" + selector.hex(), data, names=names)
        types = [_type_of(p) for p in item["inputs"]]
        try:
            decoded = decode(types, data[4:])
        except DecodingError:
            return UnknownRevert("0x" + selector.hex(), data, names=names)  # truncated or malformed data
        values = [_normalise(p, v) for p, v in zip(item["inputs"], decoded)]
        return cls(*values, names=names)

    def declared_errors(self) -> list[str]:
        return sorted(item["name"] for item in self._errors.values())
