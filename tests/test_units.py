"""Tests for coinage.units: whole coins to base units and back."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coinage import UNIT, coins, deploy_coin, format_coins
from coinage.errors import CoinageError, InvalidAmount, InvalidInput
from coinage.units import DECIMALS, MAX_AMOUNT, check_amount

# --- coins() -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("12.5", 12_500_000),
        ("12.50", 12_500_000),
        (1, 1_000_000),
        (12, 12_000_000),
        (0, 0),
        ("0", 0),
        ("0.000001", 1),
        (Decimal("0.000001"), 1),
        (Decimal("7.25"), 7_250_000),
        ("1000000", 1_000_000_000_000),
        ("1e3", 1_000_000_000),
    ],
)
def test_coins_converts_whole_coins_to_base_units(amount: int | str | Decimal, expected: int) -> None:
    """coins() turns ints, decimal strings and Decimals into the exact number of 6-decimal base units."""
    assert coins(amount) == expected


def test_unit_is_ten_to_the_contracts_decimals() -> None:
    """One whole coin is 10**DECIMALS base units, and DECIMALS is what the deployed coin reports."""
    assert UNIT == 10**DECIMALS
    assert deploy_coin("permissionless", holders=()).coin.decimals() == DECIMALS


def test_coins_is_exact_for_a_large_integer() -> None:
    """coins(n) == n * 10**6 exactly for an integer of 31 digits (no Decimal precision loss)."""
    n = 2**100
    assert coins(n) == n * 1_000_000


def test_coins_is_exact_for_the_largest_whole_amount() -> None:
    """The largest whole number of coins a balance can hold converts exactly."""
    n = MAX_AMOUNT // UNIT
    assert coins(n) == n * UNIT
    assert coins(str(n)) == n * UNIT


def test_coins_refuses_a_long_string_with_a_seventh_decimal() -> None:
    """A decimal string with a 7th decimal place is refused even when it has many integer digits."""
    with pytest.raises(InvalidAmount):
        coins("1234567890123456789012.1234567")


@pytest.mark.parametrize("amount", ["0.0000001", "12.1234567", Decimal("1.0000005"), "-0.0000001"])
def test_coins_refuses_more_than_six_decimals(amount: str | Decimal) -> None:
    """A fractional part finer than one base unit raises InvalidAmount."""
    with pytest.raises(InvalidAmount):
        coins(amount)


@pytest.mark.parametrize("amount", [-1, "-0.5", Decimal("-3"), "-1e3"])
def test_coins_refuses_negative_amounts(amount: int | str | Decimal) -> None:
    """A negative number of coins raises InvalidAmount."""
    with pytest.raises(InvalidAmount, match="negative"):
        coins(amount)


@pytest.mark.parametrize("amount", [2**128, MAX_AMOUNT // UNIT + 1, "1e40", str(2**128)])
def test_coins_refuses_amounts_above_the_128_bit_balance(amount: int | str) -> None:
    """More coins than a 128-bit balance holds raises InvalidAmount."""
    with pytest.raises(InvalidAmount, match="larger than the maximum"):
        coins(amount)


@pytest.mark.parametrize("amount", ["abc", "", "1.2.3", "NaN", "Infinity", "-Infinity", "1e999999999"])
def test_coins_refuses_strings_that_are_not_a_finite_number(amount: str) -> None:
    """A string that is not a finite decimal number raises InvalidAmount (not OverflowError or a decimal signal)."""
    with pytest.raises(InvalidAmount):
        coins(amount)


@pytest.mark.parametrize("amount", [True, False, 1.5, 1.0, None, Fraction(1, 2), b"1", [1]])
def test_coins_refuses_other_types(amount: object) -> None:
    """bool, float and other non-int/str/Decimal types raise TypeError."""
    with pytest.raises(TypeError):
        coins(amount)  # type: ignore[arg-type]


def test_invalid_amount_is_a_value_error_and_a_coinage_error() -> None:
    """InvalidAmount can be caught as ValueError, InvalidInput or CoinageError."""
    with pytest.raises(ValueError) as info:
        coins(-1)
    assert isinstance(info.value, InvalidAmount)
    assert isinstance(info.value, InvalidInput)
    assert isinstance(info.value, CoinageError)


# --- check_amount() -------------------------------------------------------------------------------


def test_check_amount_accepts_the_limit_and_refuses_one_more() -> None:
    """check_amount() accepts exactly up to its limit, inclusive."""
    assert check_amount(MAX_AMOUNT) == MAX_AMOUNT
    assert check_amount(10, limit=10) == 10
    with pytest.raises(InvalidAmount):
        check_amount(MAX_AMOUNT + 1)
    with pytest.raises(InvalidAmount):
        check_amount(11, limit=10)


@pytest.mark.parametrize("value", [True, 1.0, "1", Decimal(1), None])
def test_check_amount_requires_an_int(value: object) -> None:
    """check_amount() refuses anything that is not a plain int with TypeError."""
    with pytest.raises(TypeError):
        check_amount(value)


# --- format_coins() -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_units", "shown"),
    [
        (12_500_000, "12.50"),
        (0, "0.00"),
        (1, "0.000001"),
        (1_000_000, "1.00"),
        (123_456_700, "123.4567"),
        (1_234_567_890_000, "1,234,567.89"),
        (-1_500_000, "-1.50"),
        (-1, "-0.000001"),
    ],
)
def test_format_coins(base_units: int, shown: str) -> None:
    """format_coins() shows whole coins with thousands separators and at least two decimals."""
    assert format_coins(base_units) == shown


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_format_coins_round_trips_through_coins(base_units: int) -> None:
    """For every valid balance, coins(format_coins(x)) without separators gives back x."""
    assert coins(format_coins(base_units).replace(",", "")) == base_units


def test_times_and_freeze_expiries_read_the_same_everywhere() -> None:
    """One wording for an open-ended freeze, and block times to the minute in UTC."""
    from coinage.enums import FOREVER
    from coinage.units import format_time, format_until

    assert format_time(86_400 + 3_660) == "1970-01-02 01:01"
    assert format_until(86_400 + 3_660) == "1970-01-02 01:01"
    assert format_until(FOREVER) == "until lifted"
