"""The Python enums mirror the Solidity enums, and the coin's views of its regime table agree with each other."""

from __future__ import annotations

import re
from enum import IntEnum
from collections.abc import Callable
from pathlib import Path

import pytest

from coinage import Deployment, Power, Regime, Role, WalletTier, deploy_coin, regime_table

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"
ZERO_ADDRESS = "0x" + "00" * 20

def solidity_enums() -> dict[str, list[str]]:
    """Every `enum Name { A, B, ... }` declared in Regimes.sol and WalletTiers.sol, comments stripped."""
    found: dict[str, list[str]] = {}
    for source in ("Regimes.sol", "WalletTiers.sol"):
        text = re.sub(r"//[^\n]*|/\*.*?\*/", "", (CONTRACTS / source).read_text(), flags=re.S)
        for name, body in re.findall(r"\benum\s+(\w+)\s*\{([^}]*)\}", text):
            found[name] = [member.strip() for member in body.split(",") if member.strip()]
    return found


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


@pytest.fixture(scope="module")
def coins_by_regime() -> dict[Regime, Deployment]:
    """Deployments shared by the module's tests (they only read)."""
    return {}


CoinFor = Callable[[Regime], Deployment]


@pytest.fixture
def coin_for(coins_by_regime: dict[Regime, Deployment]) -> CoinFor:
    """Factory: the module's coin for a regime, deployed on first use."""

    def get(regime: Regime) -> Deployment:
        if regime not in coins_by_regime:
            coins_by_regime[regime] = deploy_coin(regime, holders=["alice"])
        return coins_by_regime[regime]

    return get


def test_solidity_declares_the_four_enums() -> None:
    """The regex finds exactly Regime, Role, Power and WalletTier in the two Solidity files."""
    assert sorted(solidity_enums()) == ["Power", "Regime", "Role", "WalletTier"]


@pytest.mark.parametrize(("name", "python"), [("Regime", Regime), ("Role", Role), ("Power", Power), ("WalletTier", WalletTier)])
def test_python_enum_matches_solidity_enum(name: str, python: type[IntEnum]) -> None:
    """The Python enum has as many members as the Solidity enum, with the same names in the same order."""
    solidity = solidity_enums()[name]
    assert len(python) == len(solidity)
    assert [m.name for m in python] == [_upper_snake(s) for s in solidity]
    assert [m.value for m in python] == list(range(len(solidity)))


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_regime_table_is_what_each_coin_answers(coin_for: CoinFor, regime: Regime) -> None:
    """regime_table() gives, for every power, what a coin of that regime answers to roleFor."""
    d = coin_for(regime)
    assert d.coin.regime() is regime
    assert regime_table()[regime] == {p: d.coin.role_for(p) for p in Power}


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_authority_for_is_the_cast_member_holding_the_role(coin_for: CoinFor, regime: Regime) -> None:
    """coin.authority_for(power) is the address of the cast actor holding roleFor's role, or zero when nobody does."""
    d = coin_for(regime)
    roles = {p: d.coin.role_for(p) for p in Power}
    expected = {p: d.cast.holding(role).address if role is not Role.NOBODY else ZERO_ADDRESS for p, role in roles.items()}
    assert {p: d.coin.authority_for(p) for p in Power} == expected


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_every_regime_can_issue_and_attest(regime: Regime) -> None:
    """In every regime somebody mints, configures the minter and pays redemptions, and the attestor attests."""
    table = regime_table()[regime]
    assert Role.NOBODY not in {table[Power.MINT], table[Power.CONFIGURE_MINTER], table[Power.PAY_REDEMPTION]}
    assert table[Power.ATTEST] is Role.ATTESTOR


def test_sovereign_issuer_is_the_central_bank(coin_for: CoinFor) -> None:
    """In the sovereign regime cast.issuer is the central bank, and the coin says minting belongs to it."""
    d = coin_for(Regime.SOVEREIGN)
    assert d.cast.issuer is d.cast.central_bank
    assert d.coin.authority_for(Power.MINT) == d.cast.central_bank.address


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_regime_slug_round_trips(regime: Regime) -> None:
    """Each regime's slug is lower-case with dashes and parses back to the regime."""
    from coinage import parse_regime

    assert regime.slug == regime.name.lower().replace("_", "-")
    assert parse_regime(regime.slug) is regime
