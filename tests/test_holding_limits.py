"""Holding limits on chain: no mint or payment lifts a holder above the limit; authorities' movements are exempt."""

from __future__ import annotations

import pytest

from coinage import coins
from coinage.deploy import Deployment, deploy_coin
from coinage.enums import Power
from coinage.errors import HoldingLimitExceeded, InvalidInput, UnknownName
from coinage.world.holding_limits import HOLDING_LIMITS, holding_limit


def _coin(limit: int | None) -> Deployment:
    d = deploy_coin("regulator-controlled", holders=("alice", "bob"), holding_limit=limit)
    d.coin.set_minter_allowance(coins(10**9), by=d.holder_of(Power.CONFIGURE_MINTER))
    d.bank.receive("alice", coins(15_000))
    d.bank.receive("bob", coins(15_000))
    d.bank.attest(by=d.cast.attestor, report="OPEN")
    d.bank.issue()
    return d


def test_a_payment_above_the_bank_of_englands_limit_is_refused_and_moves_nothing() -> None:
    """With GBP 20,000 as the limit, bob at 15,000 cannot receive 6,000; 5,000 brings him exactly to the limit."""
    d = _coin(holding_limit("boe").base_units)
    assert d.coin.holding_limit() == coins(20_000)
    with pytest.raises(HoldingLimitExceeded) as refused:
        d.coin.transfer("bob", coins(6_000), by="alice")
    assert refused.value.values["balance_after"] == coins(21_000)
    assert d.coin.balance_of("bob") == coins(15_000)
    d.coin.transfer("bob", coins(5_000), by="alice")
    assert d.coin.balance_of("bob") == coins(20_000)


def test_a_mint_above_the_limit_is_refused_too() -> None:
    """The ECB's EUR 3,000: a deposit of 15,000 cannot be minted to one holder."""
    with pytest.raises(HoldingLimitExceeded):
        _coin(holding_limit("ecb").base_units)


def test_a_coin_without_a_limit_has_none_and_bad_limits_are_refused_in_one_line() -> None:
    """An ordinary coin reports no limit; zero, negative and sovereign limits are refused before deploying."""
    assert _coin(None).coin.holding_limit() is None
    for bad in (0, -1):
        with pytest.raises(InvalidInput, match="holding limit is a positive whole number"):
            deploy_coin("due-process", holding_limit=bad)
    with pytest.raises(InvalidInput, match="sovereign coin caps balances by wallet tier"):
        deploy_coin("sovereign", holding_limit=coins(3_000))
    with pytest.raises(UnknownName, match="choose one of: boe, ecb"):
        holding_limit("fed")


def test_the_presets_cite_their_sources() -> None:
    """Each preset names a catalogued report and its figure."""
    assert {k: (v.amount, v.currency) for k, v in HOLDING_LIMITS.items()} == {"boe": (20_000, "GBP"), "ecb": (3_000, "EUR")}
    assert all(limit.citation and limit.figure for limit in HOLDING_LIMITS.values())
