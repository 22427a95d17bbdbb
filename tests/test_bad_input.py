"""Bad arguments are refused in Python, before any transaction is sent: the chain does not move."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from eth_utils import to_checksum_address

from coinage import Deployment, EmbeddedChain, Power, WalletTier, coins, deploy_coin
from coinage.errors import InvalidAmount, InvalidInput, PowerNotInRegime, UnknownActor, UnknownName

Action = Callable[[Deployment], Any]


@pytest.fixture(scope="module")
def shared() -> Deployment:
    """One regulator-controlled coin in which alice holds 100 coins, shared by this module's tests."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
    d.coin.mint(d.cast.alice, coins(100), by=d.cast.issuer)
    return d


@pytest.fixture(scope="module")
def stranger() -> Any:
    """An Actor from another deployment's cast, named 'dave'."""
    return deploy_coin("regulator-controlled", holders=["dave"]).cast.dave


@pytest.fixture
def d(shared: Deployment) -> Iterator[Deployment]:
    """The shared coin, restored when the test ends."""
    with shared.snapshot():
        yield shared


def _refused_before_sending(d: Deployment, error: type[Exception], action: Action) -> Exception:
    """Run `action`; require `error`, and that no block was mined and nothing was recorded."""
    block, now, entries = d.chain.block_number, d.chain.now, len(d.timeline.entries)
    balances = (d.coin.balance_of(d.cast.alice), d.coin.balance_of(d.cast.bob))
    with pytest.raises(error) as info:
        action(d)
    assert (d.chain.block_number, d.chain.now, len(d.timeline.entries)) == (block, now, entries)
    assert (d.coin.balance_of(d.cast.alice), d.coin.balance_of(d.cast.bob)) == balances
    return info.value


# --- who -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda d: d.coin.transfer("mallory", 1, by=d.cast.alice), id="unknown recipient name"),
        pytest.param(lambda d: d.coin.transfer(d.cast.bob, 1, by="mallory"), id="unknown sender name"),
        pytest.param(lambda d: d.coin.balance_of("Alice"), id="names are case-sensitive"),
        pytest.param(lambda d: d.coin.transfer("0x1234", 1, by=d.cast.alice), id="malformed address"),
        pytest.param(lambda d: d.coin.transfer("0x" + "zz" * 20, 1, by=d.cast.alice), id="non-hex address"),
        pytest.param(lambda d: d.coin.transfer(d.cast.bob, 1, by="0x" + "11" * 20), id="sender address outside the cast"),
        pytest.param(lambda d: d.coin.freeze("nobody", case="C", by=d.cast.regulator), id="unknown freeze target"),
        pytest.param(lambda d: d.cast.issuer_of_nothing, id="unknown attribute of the cast"),
    ],
)
def test_unknown_actor(d: Deployment, action: Action) -> None:
    """A name or address nobody in the cast has raises UnknownActor (a ValueError) before sending."""
    exc = _refused_before_sending(d, UnknownActor, action)
    assert isinstance(exc, ValueError)


def _break_checksum(address: str) -> str:
    """`address` with the case of its first letter flipped: same account, broken EIP-55 checksum."""
    i = next(i for i, ch in enumerate(address) if i > 1 and ch.isalpha())
    return address[:i] + address[i].swapcase() + address[i + 1 :]


def test_bad_checksum_address_is_refused(d: Deployment) -> None:
    """alice's address with a broken EIP-55 checksum is refused with UnknownActor, as any mistyped address is."""
    broken = _break_checksum(d.cast.alice.address)
    _refused_before_sending(d, UnknownActor, lambda d: d.coin.transfer(broken, 1, by=d.cast.bob))


def test_bad_checksum_of_a_foreign_address_is_refused(d: Deployment) -> None:
    """A well-formed address outside the cast with a broken EIP-55 checksum is refused with UnknownActor."""
    broken = _break_checksum(to_checksum_address("0x" + "ab" * 20))
    _refused_before_sending(d, UnknownActor, lambda d: d.coin.transfer(broken, 1, by=d.cast.alice))


def test_well_formed_foreign_address_is_a_valid_recipient(d: Deployment) -> None:
    """Control: a well-formed address outside the cast can receive a transfer (one block is mined)."""
    block = d.chain.block_number
    d.coin.transfer("0x" + "11" * 20, 1, by=d.cast.alice)
    assert (d.chain.block_number, d.coin.balance_of("0x" + "11" * 20)) == (block + 1, 1)


def test_actor_from_another_cast_is_refused(d: Deployment, stranger: Any) -> None:
    """An Actor object from a different deployment's cast is refused as recipient and as sender."""
    _refused_before_sending(d, UnknownActor, lambda d: d.coin.transfer(stranger, 1, by=d.cast.alice))
    _refused_before_sending(d, UnknownActor, lambda d: d.coin.transfer(d.cast.bob, 1, by=stranger))


@pytest.mark.parametrize("who", [42, None, b"alice", 1.5])
def test_non_actor_types_are_refused(d: Deployment, who: object) -> None:
    """Something that is neither an Actor nor a string raises TypeError before sending."""
    _refused_before_sending(d, TypeError, lambda d: d.coin.transfer(who, 1, by=d.cast.alice))
    _refused_before_sending(d, TypeError, lambda d: d.coin.transfer(d.cast.bob, 1, by=who))


def test_same_name_and_address_resolve(d: Deployment) -> None:
    """Control: a name, a lower-case address and the Actor itself all resolve to alice."""
    cast = d.cast
    assert cast.resolve("alice") is cast.resolve(cast.alice.address.lower()) is cast.resolve(cast.alice) is cast.alice


# --- amounts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        pytest.param(-1, InvalidAmount, id="negative"),
        pytest.param(2**128, InvalidAmount, id="oversized"),
        pytest.param(1.5, TypeError, id="float"),
        pytest.param(1.0, TypeError, id="whole float"),
        pytest.param(Decimal("1"), TypeError, id="Decimal"),
        pytest.param("1", TypeError, id="string"),
        pytest.param(True, TypeError, id="bool"),
        pytest.param(float("nan"), TypeError, id="nan"),
        pytest.param(float("inf"), TypeError, id="inf"),
        pytest.param(None, TypeError, id="None"),
    ],
)
def test_bad_transfer_amount(d: Deployment, amount: Any, error: type[Exception]) -> None:
    """A transfer amount that is not a non-negative 128-bit int is refused before sending."""
    _refused_before_sending(d, error, lambda d: d.coin.transfer(d.cast.bob, amount, by=d.cast.alice))


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda d: d.coin.mint(d.cast.bob, -5, by=d.cast.issuer), id="mint negative"),
        pytest.param(lambda d: d.coin.mint(d.cast.bob, 2**128, by=d.cast.issuer), id="mint oversized"),
        pytest.param(lambda d: d.coin.redeem(-1, by=d.cast.alice), id="redeem negative"),
        pytest.param(lambda d: d.coin.approve(d.cast.bob, 2**256, by=d.cast.alice), id="approve above uint256"),
        pytest.param(lambda d: d.coin.attest(-1, report="R", by=d.cast.attestor), id="attest negative"),
        pytest.param(lambda d: d.coin.seize(d.cast.alice, -1, case="C", by=d.cast.regulator), id="seize negative"),
        pytest.param(lambda d: d.coin.release(d.cast.bob, 2**128, case="C", by=d.cast.regulator), id="release oversized"),
        pytest.param(lambda d: d.coin.set_minter_allowance(-1, by=d.cast.regulator), id="allowance negative"),
    ],
)
def test_bad_amount_in_other_actions(d: Deployment, action: Action) -> None:
    """Negative or oversized amounts are refused with InvalidAmount by every amount-taking action."""
    _refused_before_sending(d, InvalidAmount, action)


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda d: d.coin.mint(d.cast.bob, 2.5, by=d.cast.issuer), id="mint float"),
        pytest.param(lambda d: d.coin.redeem(True, by=d.cast.alice), id="redeem bool"),
        pytest.param(lambda d: d.coin.approve(d.cast.bob, 0.5, by=d.cast.alice), id="approve float"),
    ],
)
def test_non_int_amount_in_other_actions(d: Deployment, action: Action) -> None:
    """Fractional (float) or bool amounts are refused with TypeError by every amount-taking action."""
    _refused_before_sending(d, TypeError, action)


# --- case references, freeze expiry, tiers -------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda d: d.coin.freeze(d.cast.bob, case="X" * 32, by=d.cast.regulator), id="freeze 32 bytes"),
        pytest.param(lambda d: d.coin.freeze(d.cast.bob, case="é" * 16, by=d.cast.regulator), id="32 UTF-8 bytes"),
        pytest.param(lambda d: d.coin.attest(1, report="R" * 40, by=d.cast.attestor), id="long report"),
        pytest.param(lambda d: d.coin.pause(case="P" * 32, by=d.cast.regulator), id="long pause case"),
    ],
)
def test_case_reference_longer_than_31_bytes(d: Deployment, action: Action) -> None:
    """A case or report reference longer than 31 UTF-8 bytes raises InvalidInput before sending."""
    _refused_before_sending(d, InvalidInput, action)


def test_case_reference_of_exactly_31_bytes_is_accepted(d: Deployment) -> None:
    """Control: a 31-byte case reference is sent and recorded in full."""
    d.coin.freeze(d.cast.bob, case="C" * 31, by=d.cast.regulator)
    assert d.timeline.entries[-1].details.count("C" * 31) == 1


def test_long_case_reference_error_says_why(d: Deployment) -> None:
    """The refusal of a 32-byte case reference names the 31-byte limit and the bytes32 string helpers."""
    with pytest.raises(InvalidInput, match="at most 31 fit a bytes32.*decodeBytes32String"):
        d.coin.freeze(d.cast.bob, case="C" * 32, by=d.cast.regulator)


@pytest.mark.parametrize("until", [0, -1, -(2**40), True])
def test_freeze_until_must_be_positive(d: Deployment, until: Any) -> None:
    """A freeze expiry of zero, a negative number or a bool raises InvalidInput before sending."""
    _refused_before_sending(d, InvalidInput, lambda d: d.coin.freeze(d.cast.bob, case="C", until=until, by=d.cast.regulator))


@pytest.mark.parametrize("tier", [1, "VERIFIED", Power.MINT, None])
def test_set_tier_needs_a_wallet_tier(d: Deployment, tier: Any) -> None:
    """set_tier with anything but a WalletTier raises TypeError before sending."""
    _refused_before_sending(d, TypeError, lambda d: d.coin.set_tier(d.cast.bob, tier, case="T", by=d.cast.regulator))


def test_set_tier_with_a_wallet_tier_is_sent(d: Deployment) -> None:
    """Control: set_tier with a WalletTier is sent (and refused on chain here, outside the sovereign regime)."""
    block = d.chain.block_number
    with pytest.raises(PowerNotInRegime) as info:
        d.coin.set_tier(d.cast.bob, WalletTier.VERIFIED, case="T", by=d.cast.regulator)
    assert str(info.value) == "PowerNotInRegime(power=SET_TIER, regime=REGULATOR_CONTROLLED)"
    assert d.chain.block_number == block + 1


# --- deployment ----------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", ["regulator", "central-bank", "", "REGULATOR CONTROLLED"])
def test_unknown_regime_name(regime: str) -> None:
    """deploy_coin with a regime name that does not exist raises UnknownName (a ValueError) on an untouched chain."""
    chain = EmbeddedChain()
    with pytest.raises(UnknownName) as info:
        deploy_coin(regime, chain=chain)
    assert isinstance(info.value, ValueError)
    assert "regulator-controlled" in str(info.value)
    assert chain.block_number == 1


def test_regime_names_are_forgiving_about_case_and_dashes() -> None:
    """Control: 'Due-Process' and 'DUE_PROCESS' both name the due-process regime."""
    from coinage import Regime, parse_regime

    assert parse_regime("Due-Process") is parse_regime(" DUE_PROCESS ") is Regime.DUE_PROCESS


@pytest.mark.parametrize(
    ("holders", "error"),
    [
        pytest.param(["alice", "alice"], UnknownActor, id="duplicate holder"),
        pytest.param(["regulator"], UnknownActor, id="holder named like a role"),
        pytest.param(["not a name"], UnknownActor, id="not an identifier"),
        pytest.param([42], UnknownActor, id="not a string"),
    ],
)
def test_bad_holders(holders: Any, error: type[Exception]) -> None:
    """deploy_coin with invalid holder names raises before deploying anything."""
    chain = EmbeddedChain()
    with pytest.raises(error):
        deploy_coin("regulator-controlled", holders=holders, chain=chain)
    assert chain.block_number == 1


def test_holders_as_a_single_string_is_refused() -> None:
    """holders="alice" (a string, not a list of names) is refused instead of creating holders a, l, i, c and e."""
    chain = EmbeddedChain()
    with pytest.raises((TypeError, InvalidInput)):
        deploy_coin("regulator-controlled", holders="alice", chain=chain)
    assert chain.block_number == 1
