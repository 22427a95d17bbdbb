"""`contracts/abi.py`'s fast paths give exactly eth-abi's output, on edge inputs as on common ones."""

from __future__ import annotations

from typing import Any

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address
from hypothesis import example, given, settings, strategies as st

from coinage.contracts import abi
from coinage.contracts.abi import ContractInterface
from coinage.enums import Power

TYPES = ("address", "bool", "bytes32", "uint8", "uint40", "uint128", "uint256")
FUNCTION = {
    "type": "function", "name": "f", "stateMutability": "nonpayable", "outputs": [],
    "inputs": [{"name": f"p{i}", "type": kind, "internalType": kind} for i, kind in enumerate(TYPES)],
}
EVENT = {
    "type": "event", "name": "E", "anonymous": False,
    "inputs": [
        {"name": "who", "type": "address", "internalType": "address", "indexed": True},
        {"name": "power", "type": "uint8", "internalType": "enum Power", "indexed": True},
        {"name": "flag", "type": "bool", "internalType": "bool", "indexed": False},
        {"name": "tag", "type": "bytes32", "internalType": "bytes32", "indexed": False},
        {"name": "amount", "type": "uint128", "internalType": "uint128", "indexed": False},
        {"name": "to", "type": "address", "internalType": "address", "indexed": False},
    ],
}
TOPIC = keccak(text="E(address,uint8,bool,bytes32,uint128,address)")
SELECTOR = keccak(text=f"f({','.join(TYPES)})")[:4]

addresses = st.binary(min_size=20, max_size=20).flatmap(
    lambda raw: st.sampled_from([to_checksum_address(raw), "0x" + raw.hex(), "0x" + raw.hex().upper(), "0x" + raw.hex()[:-1]])
)
"""Checksummed, lower-case (eth-abi takes it), upper-case and short addresses (it refuses both)."""


def _edge_ints(bits: int) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from([0, 1, 2**bits - 1, 2**bits, -1, 2**256]), st.integers(-(2**257), 2**257))


def _value(kind: str) -> st.SearchStrategy[Any]:
    """Values of every shape a caller might pass for `kind`, good and bad."""
    wrong = st.sampled_from([None, 1.5, "1", b"", True, Power.FREEZE])
    if kind == "address":
        return st.one_of(addresses, wrong)
    if kind == "bool":
        return st.one_of(st.booleans(), st.sampled_from([0, 1, 2]), wrong)
    if kind == "bytes32":
        return st.one_of(st.binary(min_size=31, max_size=33), st.binary(min_size=32, max_size=32), wrong)
    return st.one_of(_edge_ints(int(kind[4:])), st.booleans(), wrong)


def _outcome(run: Any) -> tuple[str, Any]:
    """A result, or the class of the error raised, so that both paths compare alike either way."""
    try:
        return "value", run()
    except Exception as error:  # noqa: BLE001 - the class is what is compared
        return "error", type(error)


@settings(max_examples=400, deadline=None)
@given(st.tuples(*(_value(kind) for kind in TYPES)))
@example((("0x" + "00" * 20), False, bytes(32), 255, 2**40 - 1, 2**128 - 1, 2**256 - 1))
def test_encoding_a_call_is_exactly_eth_abis(args: tuple[Any, ...]) -> None:
    """A call's calldata from the fast encoders equals eth-abi's, and a value eth-abi refuses is refused alike."""
    interface = ContractInterface([FUNCTION])
    fast = _outcome(lambda: interface.encode_call("f", args))
    reference = _outcome(lambda: SELECTOR + encode(list(TYPES), list(args)))
    assert fast == reference


words = st.one_of(
    st.binary(min_size=32, max_size=32),
    st.integers(0, 2**256 - 1).map(lambda n: n.to_bytes(32, "big")),
    st.integers(0, 300).map(lambda n: n.to_bytes(32, "big")),  # a bool, an enum, just past both
    st.binary(min_size=20, max_size=20).map(lambda raw: bytes(12) + raw),  # a clean address
)


@settings(max_examples=400, deadline=None)
@given(
    topics=st.lists(words, min_size=0, max_size=4),
    data=st.one_of(st.lists(words, min_size=4, max_size=4).map(b"".join), st.binary(max_size=160)),
)
@example(topics=[bytes(32), bytes(31) + b"\x03"], data=bytes(31) + b"\x01" + bytes(64) + bytes(32))
@example(topics=[bytes(32), bytes(31) + b"\xff"], data=bytes(128))  # no such Power: both refuse alike
def test_decoding_an_event_is_exactly_eth_abis(topics: list[bytes], data: bytes) -> None:
    """An event from the fast word decoders equals eth-abi's decoding, or both refuse the log the same way."""
    fast = ContractInterface([EVENT])
    slow = ContractInterface([EVENT])
    slow._layouts[TOPIC] = None  # the eth-abi path alone
    log = (TOPIC, *topics)
    assert _outcome(lambda: fast.decode_event(log, data)) == _outcome(lambda: slow.decode_event(log, data))


def test_the_comparison_catches_a_fast_path_that_ignores_padding(monkeypatch: pytest.MonkeyPatch) -> None:
    """The event comparison can fail: an address decoder that skips the padding check disagrees with eth-abi."""
    dirty = b"\x01" + bytes(11) + b"\x22" * 20  # eth-abi refuses it: NonEmptyPaddingBytes
    log, data = (TOPIC, dirty, bytes(32)), bytes(128)
    monkeypatch.setattr(abi, "_decode_address", lambda word: to_checksum_address(word[12:]))
    careless, slow = ContractInterface([EVENT]), ContractInterface([EVENT])
    slow._layouts[TOPIC] = None
    assert _outcome(lambda: careless.decode_event(log, data)) != _outcome(lambda: slow.decode_event(log, data))
    monkeypatch.undo()
    assert _outcome(lambda: ContractInterface([EVENT]).decode_event(log, data)) == _outcome(lambda: slow.decode_event(log, data))
