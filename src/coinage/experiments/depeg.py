"""The `depeg` experiment: a hole in the reserves becomes public, holders panic, and the coin's market
price leaves par until arbitrage through the primary market brings it back.

The coin is the real contract (Coinage's under a regime, or USDC's own, `--coin usdc`, whose holders redeem
by sending coins to Circle's minter to burn) and its market a real constant-product pool
(`contracts/ConstantProductPool.sol`) against a reference dollar. Every hour of simulated time:

- frightened holders whose moment has come redeem at par if the bank is open; otherwise a share
  `sell_share` of them sell into the pool, down to no less than the worst case (par less the hole)
  less `panic_discount`, the rest of their coins next hour, and the others wait for the bank to open;
- while the bank is open (`coinage.world.calendar`), it pays the redemption queue, and arbitrageurs buy
  coins below par from the pool and redeem them at par, as far as their capital allows; while it is
  closed they buy only below the worst case (par less the revealed hole) and redeem when it opens;
- the pool's price is recorded.

Nothing else trades, so the price path shows the mechanism alone: a shock when the primary market is
closed meets only the pool's depth. An unbacked coin (`redeemable` false) gives arbitrage nothing to
redeem against, and never gets back to par: the control case. Each random purpose has its own stream,
`random.Random(f"{seed}:purpose")`, so the same seed gives the same holders whatever the regime.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..contracts.pool import FEE_DENOMINATOR, Pool, deploy_market
from ..deploy import Deployment, deploy_coin
from ..designs import COINAGE
from ..enums import Power, Regime
from ..errors import ContractRevert, InvalidInput
from ..metrics import Value
from ..units import HOUR, UNIT
from ..world.calendar import BankingCalendar
from .economy_parameters import banking_calendar
from .spec import RunSpec

PAR_BAND = 0.99
"""A price at or above this is back at par (the metrics' threshold)."""

DEPEG_METRICS = ("lowest_price", "hours_below_par", "hours_to_par", "net_redeemed_share", "sold_on_market")

DEPEG_REGIMES = tuple(regime for regime in Regime if regime is not Regime.SOVEREIGN)
"""Every regime but the sovereign one, whose wallet-tier caps would refuse the pool its liquidity."""


@dataclass
class DepegRun:
    """A finished run: its metric values, the hourly price path and the deployment."""

    values: dict[str, Value]
    prices: list[float]
    """The pool's price at the end of each simulated hour."""
    deployment: Deployment
    pool: Pool
    reopened_hour: int | None


@dataclass
class _Depeg:
    spec: RunSpec
    d: Deployment
    pool: Pool
    calendar: BankingCalendar
    p: Mapping[str, Any]
    balance: dict[str, int]
    budgets: dict[str, int]
    frightened: dict[int, list[str]] = field(default_factory=dict)
    """Holders acting at each hour."""
    sellers: frozenset[str] = frozenset()
    prices: list[float] = field(default_factory=list)
    redeemed: int = 0
    sold: int = 0
    approved: set[str] = field(default_factory=set)
    held: dict[str, int] = field(default_factory=dict)
    """Coins arbitrageurs bought while the bank was closed, to redeem when it opens."""
    hole: float = 0.0
    """The share of the reserves the shock revealed lost: the worst case a coin redeems at 1 less this."""
    lows: list[float] = field(default_factory=list)
    """The pool's price after each hour's sales, before arbitrage answers them."""

    def shock(self, hour: int) -> None:
        """The hole becomes public: the reserves shrink, and the frightened choose when to act."""
        bank = self.d.bank
        loss = int(bank.balance * float(self.p["reserve_loss_share"]))
        if loss:
            bank.record_loss(loss, reason="SHOCK")
        self.hole = float(self.p["reserve_loss_share"]) if self.p["redeemable"] else 1.0
        rng = random.Random(f"{self.spec.seed}:panic")
        holders = sorted(self.balance)
        chosen = [name for name in holders if rng.random() < float(self.p["frightened_share"])]
        window = float(self.p["panic_hours"])
        for name in chosen:
            at = hour + int(rng.random() * window)
            self.frightened.setdefault(at, []).append(name)
        self.sellers = frozenset(name for name in chosen if rng.random() < float(self.p["sell_share"]))

    def act(self, name: str, hour: int, is_open: bool) -> None:
        """A frightened holder redeems at par if the bank is open, else sells or waits for the opening."""
        amount = self.balance[name]
        if not amount:
            return
        redeemable = bool(self.p["redeemable"])
        if redeemable and is_open:
            try:
                self.d.coin.redeem(amount, by=name)
            except ContractRevert:
                return
            self.balance[name] = 0
            self.redeemed += amount
        elif name in self.sellers or not redeemable:
            amount = min(amount, self._sellable())
            if amount > 0:
                if name not in self.approved:
                    self.d.coin.approve(self.pool.address, 2**255, by=name)
                    self.approved.add(name)
                try:
                    self.pool.sell(amount, by=name)
                except ContractRevert:
                    return
                self.balance[name] -= amount
                self.sold += amount
            if self.balance[name]:  # the price fell to his limit: he tries again next hour
                self.frightened.setdefault(hour + 1, []).append(name)
        else:
            opening = self.calendar.next_open(hour * HOUR) // HOUR
            self.frightened.setdefault(max(opening, hour + 1), []).append(name)

    def _sellable(self) -> int:
        """Most coins a frightened seller sells now: down to the worst case less `panic_discount`, no lower
        (for an unbacked coin the worst case is nothing, so he sells whatever the price)."""
        floor = 1.0 - self.hole - float(self.p["panic_discount"])
        coins_in_pool, dollars_in_pool = self.pool.reserves()
        if floor <= 0:
            return self.d.coin.total_supply()
        fee = self.pool.fee_bps() / FEE_DENOMINATOR
        # after selling x, the price is k / (c + x (1 - fee))^2: solve for the price at the floor
        room = math.isqrt(int(coins_in_pool * dollars_in_pool / floor)) - coins_in_pool
        return max(0, int(room / (1 - fee)))

    def arbitrage(self, is_open: bool) -> None:
        """Buy below par and redeem at par. While the bank is open an arbitrageur buys up to par less the
        margin and redeems at once, with what he bought while it was closed; while it is closed he buys
        only below the worst case, par less the revealed hole, and holds the coins until it opens."""
        if is_open:
            for name in sorted(self.held):
                self._redeem(name, self.held.pop(name))
        target = 1.0 - float(self.p["arbitrage_margin"]) if is_open else 1.0 - self.hole
        fee = self.pool.fee_bps() / FEE_DENOMINATOR
        for name in sorted(self.budgets):
            coins_in_pool, dollars_in_pool = self.pool.reserves()
            if not coins_in_pool or dollars_in_pool / coins_in_pool >= target:
                return
            wanted = math.isqrt(int(coins_in_pool * dollars_in_pool * target)) - dollars_in_pool
            spend = min(self.budgets[name], int(wanted / (1 - fee)))
            if spend <= 0:
                continue
            try:
                bought = self.pool.buy(spend, by=name)
            except ContractRevert:
                continue
            self.budgets[name] -= spend
            if is_open:
                self._redeem(name, bought)
            else:
                self.held[name] = self.held.get(name, 0) + bought

    def _redeem(self, name: str, amount: int) -> None:
        try:
            self.d.coin.redeem(amount, by=name)
        except ContractRevert:
            self.held[name] = self.held.get(name, 0) + amount  # paused or frozen: he holds on
            return
        self.redeemed += amount

    def run(self) -> int | None:
        """Hour by hour to the horizon; returns the hour the bank first opened after the shock."""
        chain, bank = self.d.chain, self.d.bank
        start = chain.now
        shock_hour = int(self.p["shock_day"]) * 24 + int(float(self.p["shock_hour"]))
        reopened: int | None = None
        for hour in range(self.spec.days * 24):
            if chain.now - start < hour * HOUR:
                chain.advance_time(hour * HOUR - (chain.now - start))
            if hour == shock_hour:
                self.shock(hour)
            is_open = self.calendar.is_open(hour * HOUR)
            if is_open and hour > shock_hour and reopened is None:
                reopened = hour
            with chain.batch():
                for name in self.frightened.pop(hour, []):
                    self.act(name, hour, is_open)
            self.lows.append(self.pool.price())
            with chain.batch():
                if self.p["redeemable"]:
                    if is_open:
                        bank.pay_redemptions()
                    self.arbitrage(is_open)
            self.prices.append(self.pool.price())
        return reopened

    def measure(self, reopened: int | None, supply: int) -> dict[str, Value]:
        shock_hour = int(self.p["shock_day"]) * 24 + int(float(self.p["shock_hour"]))
        after = self.prices[shock_hour:] if shock_hour < len(self.prices) else []
        lows = self.lows[shock_hour:] if shock_hour < len(self.lows) else []
        back = None
        if reopened is not None:
            back = next((hour - reopened for hour in range(reopened, len(self.prices)) if self.prices[hour] >= PAR_BAND), None)
        return {
            "lowest_price": round(min(lows), 4) if lows else None,
            "hours_below_par": sum(1 for price in after if price < PAR_BAND),
            "hours_to_par": back,
            "net_redeemed_share": round(self.redeemed / supply, 4) if supply else None,
            "sold_on_market": self.sold,
        }


def simulate_depeg(spec: RunSpec) -> DepegRun:
    """One run of the depeg experiment on a fresh embedded chain."""
    p = spec.params
    rng = random.Random(f"{spec.seed}:balances")
    mean = float(p["mean_balance"])
    mu = math.log(mean) - 0.5  # a log-normal of sigma 1 whose mean is `mean`
    holders = [f"holder_{i:05d}" for i in range(spec.holders)]
    balance = {name: max(1, round(rng.lognormvariate(mu, 1.0) * 100)) * UNIT // 100 for name in holders}
    supply_held = sum(balance.values())
    providers = [f"provider_{i:03d}" for i in range(int(p["liquidity_providers"]))]
    arbitrageurs = [f"arbitrageur_{i:03d}" for i in range(int(p["arbitrageurs"]))]
    depth = int(supply_held * float(p["pool_share"]))
    each_provider = depth // len(providers)
    capital = int(supply_held * float(p["arbitrage_capital"]))
    each_arbitrageur = capital // len(arbitrageurs) if arbitrageurs else 0
    # On a real coin (USDC) its own contracts play the issuer's coin: the MasterMinter's owner sets the
    # allowance, Circle's minter mints what the bank received, and a redemption is the holder's transfer
    # to the minter and its burn, paid off chain by the bank when it is open.
    regime = spec.coinage_regime if spec.coin == COINAGE.slug else None
    d = deploy_coin(regime, coin=spec.coin, holders=holders + providers + arbitrageurs, engine=spec.engine)
    configurer = d.holder_of(Power.CONFIGURE_MINTER)
    if configurer is None:
        raise InvalidInput(f"the depeg experiment needs a minter allowance to set; nobody holds it on {spec.setting}")
    with d.chain.batch():
        d.coin.set_minter_allowance(2**128, by=configurer)
        for name, amount in [*balance.items(), *((provider, each_provider) for provider in providers)]:
            if amount:
                d.bank.receive(name, amount)
        d.bank.attest(by=d.cast.attestor, report="OPEN")
        d.bank.issue()
    pool = deploy_market(
        d.chain, d.coin, traders=providers + arbitrageurs, dollars_each=max(each_provider, each_arbitrageur, 1),
        fee_bps=int(p["pool_fee_bps"]), deployer=d.cast.issuer.account,
    )
    with d.chain.batch():
        for provider in providers:
            pool.add_liquidity(each_provider, each_provider, by=provider)
    supply = d.coin.total_supply()
    model = _Depeg(spec, d, pool, banking_calendar(p), p, balance, dict.fromkeys(arbitrageurs, each_arbitrageur))
    reopened = model.run()
    return DepegRun(model.measure(reopened, supply), model.prices, d, pool, reopened)


def run_depeg(spec: RunSpec) -> dict[str, Value]:
    """The `depeg` experiment: one run's metric values."""
    return simulate_depeg(spec).values


__all__ = ["DEPEG_METRICS", "DEPEG_REGIMES", "PAR_BAND", "DepegRun", "run_depeg", "simulate_depeg"]
