"""Tests for turning revert data into named exceptions (ContractInterface.decode_revert) and printing them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from coinage import FOREVER, Deployment, Power, Role, coins, deploy_coin
from coinage import errors
from coinage.compiler import load_artifact
from coinage.contracts import ContractInterface
from coinage.enums import ENUMS
from coinage.errors import (
    REVERT_CLASSES,
    AccountFrozen,
    CoinageError,
    ContractRevert,
    ERC20InsufficientBalance,
    SolidityError,
    SolidityPanic,
    Unauthorized,
    UnknownRedemption,
    UnknownRevert,
)

ALICE = "0x" + "a1" * 20
NAMES = {ALICE: "alice"}


COIN_ARTIFACTS = ("Coinage", "SovereignCoinage")
"""The contracts deploy_coin deploys: every regime but the sovereign one, and the sovereign one."""

DECODED_ARTIFACTS = (*COIN_ARTIFACTS, "HoldingLimitCoinage", "ConstantProductPool")
"""Every contract whose reverts Python decodes: the coins, the coin with a holding limit and the market pool."""


@pytest.fixture(scope="module", params=DECODED_ARTIFACTS)
def interface(request: pytest.FixtureRequest) -> ContractInterface:
    """The ABI of one of the contracts whose reverts Python decodes."""
    return ContractInterface(load_artifact(request.param).abi)


@pytest.fixture(scope="module", params=COIN_ARTIFACTS)
def coin_interface(request: pytest.FixtureRequest) -> ContractInterface:
    """The ABI of one of the coin contracts deploy_coin can deploy."""
    return ContractInterface(load_artifact(request.param).abi)


def _abi_errors(interface: ContractInterface) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in interface.abi if item["type"] == "error"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().rstrip("_")


def _sample(param: dict[str, Any]) -> tuple[Any, Any]:
    """An ABI value for `param` and the value decode_revert should give back for it."""
    kind, internal = param["type"], param.get("internalType", "")
    if internal.startswith("enum "):
        enum = ENUMS[internal.rsplit(".", 1)[-1].removeprefix("enum ")]
        return 1, enum(1)
    if kind == "address":
        return ALICE, to_checksum_address(ALICE)
    if kind.startswith("uint") or kind.startswith("int"):
        return 7, 7
    if kind == "bool":
        return True, True
    if kind == "bytes32":
        return b"CASE-1".ljust(32, b"\0"), b"CASE-1".ljust(32, b"\0")
    if kind == "string":
        return "too long", "too long"
    raise AssertionError(f"no sample for {kind}")


# --- the exception tree cannot drift from the ABI ------------------------------------------------


def test_every_declared_error_has_a_class(interface: ContractInterface) -> None:
    """Every custom error in the coin's ABI has an exception class in REVERT_CLASSES."""
    missing = sorted(set(interface.declared_errors()) - set(REVERT_CLASSES))
    assert missing == []


def test_every_error_class_is_declared_in_some_coin_abi() -> None:
    """REVERT_CLASSES has no class for an error that no decoded contract declares any more."""
    declared = {e for name in DECODED_ARTIFACTS for e in ContractInterface(load_artifact(name).abi).declared_errors()}
    assert sorted(set(REVERT_CLASSES) - declared) == []


def test_error_classes_have_the_abi_parameters(interface: ContractInterface) -> None:
    """Each class's `fields` has as many entries as the ABI error's inputs, named after them in snake_case."""
    mismatched = {
        name: (cls.fields, [p["name"] for p in _abi_errors(interface)[name]["inputs"]])
        for name, cls in REVERT_CLASSES.items()
        if name in _abi_errors(interface)
        and cls.fields != tuple(_snake(p["name"]) for p in _abi_errors(interface)[name]["inputs"])
    }
    assert mismatched == {}


def test_every_declared_error_decodes_to_its_class(interface: ContractInterface) -> None:
    """ABI-encoding each declared error with sample values and decoding it yields its class with those values."""
    wrong: dict[str, Any] = {}
    for name, item in _abi_errors(interface).items():
        types = ",".join(p["type"] for p in item["inputs"])
        samples = [_sample(p) for p in item["inputs"]]
        data = keccak(text=f"{name}({types})")[:4] + encode([p["type"] for p in item["inputs"]], [s[0] for s in samples])
        decoded = interface.decode_revert(data)
        if type(decoded).__name__ != name or list(decoded.values.values()) != [s[1] for s in samples]:
            wrong[name] = decoded
    assert wrong == {}


def test_revert_classes_are_all_exported_from_errors() -> None:
    """Every class in REVERT_CLASSES is listed in coinage.errors.__all__."""
    assert sorted(set(REVERT_CLASSES) - set(errors.__all__)) == []


def test_forever_is_what_the_contract_stores_for_until_lifted() -> None:
    """A freeze until lifted reads back from the chain as FOREVER, the value errors print as 'until lifted'."""
    d = deploy_coin("regulator-controlled", holders=["alice"])
    d.coin.freeze(d.cast.alice, case="C-1", by=d.cast.regulator)
    assert d.coin.frozen_until(d.cast.alice) == FOREVER


# --- standard reverts ----------------------------------------------------------------------------


def test_error_string_decodes_to_solidity_error(interface: ContractInterface) -> None:
    """Error(string) revert data becomes SolidityError with the reason."""
    data = keccak(text="Error(string)")[:4] + encode(["string"], ["not allowed"])
    exc = interface.decode_revert(data)
    assert type(exc) is SolidityError
    assert exc.reason == "not allowed"
    assert str(exc) == "SolidityError(reason='not allowed')"


def test_panic_decodes_to_solidity_panic(interface: ContractInterface) -> None:
    """Panic(uint256) revert data (0x21: bad enum conversion) becomes SolidityPanic with the code."""
    data = bytes.fromhex("4e487b71") + encode(["uint256"], [0x21])
    exc = interface.decode_revert(data)
    assert type(exc) is SolidityPanic
    assert exc.code == 0x21
    assert str(exc) == "SolidityPanic(code=33)"


def test_unknown_selector_shows_its_selector(interface: ContractInterface) -> None:
    """Revert data with an undeclared selector becomes UnknownRevert naming the selector."""
    data = bytes.fromhex("deadbeef") + b"\x01" * 32
    exc = interface.decode_revert(data)
    assert type(exc) is UnknownRevert
    assert (exc.selector, exc.data) == ("0xdeadbeef", data)
    assert str(exc).startswith("UnknownRevert(selector='0xdeadbeef', data=")


def test_empty_revert_data_is_an_unknown_revert(interface: ContractInterface) -> None:
    """A bare revert (no data) becomes UnknownRevert with selector '0x'."""
    exc = interface.decode_revert(b"")
    assert type(exc) is UnknownRevert
    assert exc.selector == "0x"


def test_truncated_custom_error_is_an_unknown_revert(interface: ContractInterface) -> None:
    """A known selector followed by too little data decodes to UnknownRevert instead of raising an eth_abi error."""
    data = keccak(text="AccountFrozen(address,uint256)")[:4] + b"\0" * 10
    exc = interface.decode_revert(data)
    assert type(exc) is UnknownRevert
    assert exc.selector == "0x" + data[:4].hex()


def test_out_of_range_enum_argument_is_refused_with_empty_data() -> None:
    """setTier sent with raw tier 9 is refused by the ABI decoder with empty revert data, decoded as UnknownRevert."""
    d = deploy_coin("regulator-controlled", holders=["alice"])
    data = d.coin.interface.encode_call("setTier", (d.cast.alice.address, 1, b"X".ljust(32, b"\0")))
    data = data[:36] + encode(["uint256"], [9]) + data[68:]
    receipt = d.chain.transact(d.cast.regulator.account, d.coin.address, data)
    assert (receipt.succeeded, receipt.revert_data) == (False, b"")
    assert type(d.coin.interface.decode_revert(b"")) is UnknownRevert


# --- printing ------------------------------------------------------------------------------------


def test_printed_error_shows_actor_names(coin_interface: ContractInterface) -> None:
    """A decoded error given a name book prints the actor's name instead of the address, and 'until lifted'."""
    data = keccak(text="AccountFrozen(address,uint256)")[:4] + encode(["address", "uint256"], [ALICE, FOREVER])
    exc = coin_interface.decode_revert(data, NAMES)
    assert str(exc) == "AccountFrozen(account=alice, until=until lifted)"
    assert repr(exc) == str(exc)
    assert exc.account == to_checksum_address(ALICE)  # type: ignore[attr-defined]


def test_printed_error_keeps_unknown_addresses(coin_interface: ContractInterface) -> None:
    """An address nobody in the book has is printed as the checksummed address."""
    data = keccak(text="AccountNotFrozen(address)")[:4] + encode(["address"], [ALICE])
    assert str(coin_interface.decode_revert(data, {})) == f"AccountNotFrozen(account={to_checksum_address(ALICE)})"


def test_contract_revert_wants_exactly_its_fields() -> None:
    """Building a ContractRevert with the wrong number of values raises TypeError."""
    with pytest.raises(TypeError):
        AccountFrozen(ALICE)
    assert AccountFrozen(ALICE, 5).values == {"account": ALICE, "until": 5}


def test_contract_revert_is_a_coinage_error_but_not_a_value_error() -> None:
    """A refusal is a CoinageError, not an InvalidInput/ValueError (nothing was wrong with the arguments)."""
    assert issubclass(ContractRevert, CoinageError)
    assert not issubclass(ContractRevert, ValueError)
    assert AccountFrozen(ALICE, 1).rule == "AccountFrozen"


# --- on a live coin ------------------------------------------------------------------------------


@pytest.fixture
def live() -> Deployment:
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
    d.coin.mint(d.cast.alice, coins(50), by=d.cast.issuer)
    return d


def test_refused_transfer_from_a_frozen_account_prints_names(live: Deployment) -> None:
    """A transfer by a frozen holder raises AccountFrozen printed as 'AccountFrozen(account=alice, until=until lifted)'."""
    coin, cast = live.coin, live.cast
    coin.freeze(cast.alice, case="HK-1", by=cast.regulator)
    with pytest.raises(AccountFrozen) as info:
        coin.transfer(cast.bob, coins(10), by=cast.alice)
    assert str(info.value) == "AccountFrozen(account=alice, until=until lifted)"
    assert (info.value.account, info.value.until) == (cast.alice.address, FOREVER)  # type: ignore[attr-defined]
    assert info.value.receipt.succeeded is False  # type: ignore[attr-defined]


def test_unauthorized_prints_caller_power_and_role(live: Deployment) -> None:
    """A holder trying to freeze is refused with Unauthorized naming caller, power and role."""
    with pytest.raises(Unauthorized) as info:
        live.coin.freeze(live.cast.bob, case="X", by=live.cast.alice)
    assert str(info.value) == "Unauthorized(caller=alice, power=FREEZE, role=REGULATOR)"
    assert (info.value.power, info.value.role) == (Power.FREEZE, Role.REGULATOR)  # type: ignore[attr-defined]


def test_transaction_error_carries_values(live: Deployment) -> None:
    """An overdrawn transfer raises ERC20InsufficientBalance with the exact balance and amount."""
    with pytest.raises(ERC20InsufficientBalance) as info:
        live.coin.transfer(live.cast.bob, coins(51), by=live.cast.alice)
    assert str(info.value) == (
        f"ERC20InsufficientBalance(sender=alice, balance=50.00 ({coins(50)} base units), needed=51.00 ({coins(51)} base units))"
    )


def test_read_error_is_decoded(live: Deployment) -> None:
    """A reverting eth_call read (redemption 99) raises UnknownRedemption(id=99), not CallReverted."""
    with pytest.raises(UnknownRedemption) as info:
        live.coin.redemption(99)
    assert type(info.value) is UnknownRedemption
    assert info.value.id == 99  # type: ignore[attr-defined]
    assert str(info.value) == "UnknownRedemption(id=99)"


def test_refusals_show_coins_and_dates_beside_the_raw_values() -> None:
    """A refusal shows amounts as coins and times as UTC dates, each with the contract's raw value beside it."""
    from coinage.errors import AccountFrozen, AttestationStale, InvalidFreezeExpiry, ReservesExceeded

    assert str(ReservesExceeded(coins(1_000), coins(2_000))) == (
        "ReservesExceeded(reserves=1,000.00 (1000000000 base units), supply_after=2,000.00 (2000000000 base units))"
    )
    assert str(AccountFrozen("0x" + "11" * 20, 1754265792, names={"0x" + "11" * 20: "alice"})) == (
        "AccountFrozen(account=alice, until=2025-08-04 00:03 UTC (1754265792))"
    )
    assert "max_age=24 h (86400 s)" in str(AttestationStale(1754265792, 86400, 1754352192))
    assert "until=1099511627776 (epoch seconds)" in str(InvalidFreezeExpiry(2**40, 1754265792))
