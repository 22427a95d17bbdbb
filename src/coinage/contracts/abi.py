"""Encode calls and decode results, events and errors from a contract's ABI, with eth-abi.

Kept apart from web3's contract machinery on purpose: it needs no provider, it is several times
faster per call, and it decodes custom errors on transactions, which web3 leaves as raw hex.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_abi import decode, encode
from eth_abi.exceptions import DecodingError
from eth_utils import keccak, to_checksum_address

from ..enums import ENUMS
from ..errors import REVERT_CLASSES, ContractRevert, SolidityError, SolidityPanic, UnknownRevert

_ERROR_STRING = keccak(text="Error(string)")[:4]
_PANIC = keccak(text="Panic(uint256)")[:4]


def _type_of(param: dict[str, Any]) -> str:
    kind: str = param["type"]
    if kind.startswith("tuple"):
        inner = ",".join(_type_of(c) for c in param["components"])
        return f"({inner}){kind[5:]}"
    return kind


def _signature(item: dict[str, Any]) -> str:
    return f"{item['name']}({','.join(_type_of(p) for p in item.get('inputs', []))})"


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


class ContractInterface:
    """One contract's ABI, indexed by function name, event topic and error selector."""

    def __init__(self, abi: list[dict[str, Any]]) -> None:
        self.abi = abi
        self._functions: dict[str, _Function] = {}
        self._events: dict[bytes, dict[str, Any]] = {}
        self._errors: dict[bytes, dict[str, Any]] = {}
        self._constructor_types: tuple[str, ...] = ()
        for item in abi:
            kind = item["type"]
            if kind == "function":
                self._functions[item["name"]] = _Function(
                    selector=keccak(text=_signature(item))[:4],
                    input_types=tuple(_type_of(p) for p in item["inputs"]),
                    outputs=tuple(item["outputs"]),
                    mutates=item["stateMutability"] not in ("view", "pure"),
                )
            elif kind == "event":
                self._events[keccak(text=_signature(item))] = item
            elif kind == "error":
                self._errors[keccak(text=_signature(item))[:4]] = item
            elif kind == "constructor":
                self._constructor_types = tuple(_type_of(p) for p in item["inputs"])

    @property
    def function_names(self) -> list[str]:
        return sorted(self._functions)

    @property
    def mutating_functions(self) -> list[str]:
        return sorted(name for name, f in self._functions.items() if f.mutates)

    def encode_constructor(self, bytecode: bytes, args: tuple[Any, ...]) -> bytes:
        return bytecode + encode(list(self._constructor_types), list(args))

    def encode_call(self, name: str, args: tuple[Any, ...]) -> bytes:
        function = self._functions[name]
        return function.selector + encode(list(function.input_types), list(args))

    def decode_result(self, name: str, data: bytes) -> tuple[Any, ...]:
        function = self._functions[name]
        values = decode([_type_of(p) for p in function.outputs], data)
        return tuple(_normalise(p, v) for p, v in zip(function.outputs, values))

    def decode_event(self, topics: tuple[bytes, ...], data: bytes) -> Event | None:
        """The event a log records, or None when the log is not one of this contract's events."""
        if not topics or topics[0] not in self._events:
            return None
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
                return SolidityError(decode(["string"], data[4:])[0], names=names)
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
