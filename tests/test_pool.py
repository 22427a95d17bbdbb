"""The constant-product pool: every swap pays what x * y = k (less the fee) says, and the coin's rules still apply."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coinage import coins
from coinage.contracts.pool import FEE_DENOMINATOR, Pool, deploy_market
from coinage.deploy import Deployment, deploy_coin
from coinage.enums import Power
from coinage.errors import AccountFrozen, InsufficientOutput, InsufficientShares

TRADERS = ("lp", "arb", "holder")


def _market(fee_bps: int = 5) -> tuple[Deployment, Pool]:
    d = deploy_coin("issuer-controlled", holders=TRADERS)
    d.coin.set_minter_allowance(coins(10**9), by=d.holder_of(Power.CONFIGURE_MINTER))
    for name in TRADERS:
        d.bank.receive(name, coins(1_000_000))
    d.bank.attest(by=d.cast.attestor, report="OPEN")
    d.bank.issue()
    pool = deploy_market(d.chain, d.coin, traders=TRADERS, dollars_each=coins(1_000_000), fee_bps=fee_bps, deployer=d.cast.issuer.account)
    pool.add_liquidity(coins(100_000), coins(100_000), by="lp")
    return d, pool


@pytest.fixture(scope="module")
def market() -> tuple[Deployment, Pool]:
    """A pool with a 0.05 % fee and 100,000 of each token from its provider."""
    return _market()


@pytest.fixture(scope="module")
def market30() -> tuple[Deployment, Pool]:
    """The same with Uniswap v2's 0.3 % fee; each Hypothesis example runs inside a snapshot of it."""
    return _market(fee_bps=30)


def _expected(reserve_in: int, reserve_out: int, amount: int, fee_bps: int) -> int:
    after_fee = amount * (FEE_DENOMINATOR - fee_bps)
    return reserve_out * after_fee // (reserve_in * FEE_DENOMINATOR + after_fee)


def test_the_first_deposit_sets_the_price_and_shares_are_the_geometric_mean(market: tuple[Deployment, Pool]) -> None:
    """An empty pool takes any ratio; its first provider gets sqrt(x * y) shares, and the price is y / x."""
    _, pool = market
    assert pool.reserves() == (coins(100_000), coins(100_000))
    assert pool.shares_of("lp") == coins(100_000)
    assert pool.price() == 1.0


@settings(max_examples=25, deadline=None)
@given(sells=st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=coins(20_000))), min_size=1, max_size=6))
def test_every_swap_pays_the_constant_product_amount_and_k_never_falls(market30: tuple[Deployment, Pool], sells: list[tuple[bool, int]]) -> None:
    """For any sequence of sells and buys, each pays reserve_out * in' / (reserve_in + in') with in' after the fee,
    the reserves move by exactly the amounts, and reserve_coin * reserve_dollar never decreases."""
    d, pool = market30
    with d.chain.snapshot():
        for selling, amount in sells:
            coin_reserve, dollar_reserve = pool.reserves()
            reserve_in, reserve_out = (coin_reserve, dollar_reserve) if selling else (dollar_reserve, coin_reserve)
            expected = _expected(reserve_in, reserve_out, amount, 30)
            if expected == 0:  # too small to buy a base unit: refused, nothing moves
                with pytest.raises(InsufficientOutput):
                    (pool.sell if selling else pool.buy)(amount, by="holder")
                assert pool.reserves() == (coin_reserve, dollar_reserve)
                continue
            if selling:
                assert pool.sell(amount, by="holder") == expected
                assert pool.reserves() == (coin_reserve + amount, dollar_reserve - expected)
            else:
                assert pool.buy(amount, by="holder") == expected
                assert pool.reserves() == (coin_reserve - expected, dollar_reserve + amount)
            after_coin, after_dollar = pool.reserves()
            assert after_coin * after_dollar >= coin_reserve * dollar_reserve


def test_selling_coins_lowers_the_price_and_buying_raises_it(market: tuple[Deployment, Pool]) -> None:
    """A sale of a tenth of the pool's coins moves the price below 0.83 (1 / 1.1^2); buying back restores most of it."""
    d, pool = market
    with d.chain.snapshot():
        pool.sell(coins(10_000), by="holder")
        low = pool.price()
        assert 0.82 < low < 0.83
        pool.buy(coins(9_000), by="arb")
        assert low < pool.price() < 1.0


def test_liquidity_comes_back_out_in_proportion(market: tuple[Deployment, Pool]) -> None:
    """A provider withdrawing half its shares gets half of each reserve; more shares than it holds is refused."""
    d, pool = market
    with d.chain.snapshot():
        before = d.coin.balance_of("lp"), pool.dollar.balance_of("lp")
        pool.remove_liquidity(coins(50_000), by="lp")
        assert pool.reserves() == (coins(50_000), coins(50_000))
        assert d.coin.balance_of("lp") == before[0] + coins(50_000)
        with pytest.raises(InsufficientShares):
            pool.remove_liquidity(coins(60_000), by="lp")


def test_a_minimum_the_pool_cannot_pay_and_a_frozen_trader_are_refused_with_their_rules(market: tuple[Deployment, Pool]) -> None:
    """Slippage protection reverts with InsufficientOutput; the coin's freeze reaches through the pool as AccountFrozen."""
    d, pool = market
    with d.chain.snapshot():
        with pytest.raises(InsufficientOutput):
            pool.sell(coins(100), minimum=coins(100), by="holder")
        d.coin.freeze("holder", case="CASE-1", by=d.holder_of(Power.FREEZE))
        with pytest.raises(AccountFrozen):
            pool.sell(coins(100), by="holder")
        assert pool.reserves() == (coins(100_000), coins(100_000))
