"""The Python enums are generated from the enums the compiler publishes, and the coin's views of its regime table agree with each other."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from coinage import Deployment, Power, Regime, Role, deploy_coin, regime_table
from coinage.compiler.enum_export import render_enums_module
from coinage.compiler.settings import GENERATED_ENUMS_MODULE
from coinage.enums import ENUMS, FOREVER

ROOT = Path(__file__).resolve().parents[1]
ENUMS_JSON = ROOT / "src" / "coinage" / "artifacts" / "enums.json"
ZERO_ADDRESS = "0x" + "00" * 20


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


def test_enums_module_is_generated_from_the_shipped_enums_json() -> None:
    """src/coinage/enums.py is exactly what `coinage compile` renders from artifacts/enums.json (run it and commit)."""
    assert (ROOT / GENERATED_ENUMS_MODULE).read_text(encoding="utf-8") == render_enums_module(ENUMS_JSON.read_bytes())


def test_enums_json_publishes_the_four_enums_and_forever() -> None:
    """The contracts declare Regime, Role, Power and WalletTier, and FOREVER is uint40's largest value."""
    document = json.loads(ENUMS_JSON.read_text(encoding="utf-8"))
    assert sorted(document["enums"]) == ["Power", "Regime", "Role", "WalletTier"]
    assert sorted(ENUMS) == sorted(document["enums"])
    assert document["constants"]["FOREVER"]["type"] == "uint40"
    assert int(document["constants"]["FOREVER"]["value"]) == FOREVER == 2**40 - 1


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
