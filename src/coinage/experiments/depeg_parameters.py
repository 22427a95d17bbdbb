"""The knobs of the depeg experiment: the shock, who panics, the market pool and its arbitrageurs.

Shared knobs (the opening balances, the banking calendar, the size of the hole) are the economy's own
`Parameter` objects, so one name means one thing and cites one source everywhere.
"""

from __future__ import annotations

from ..world.sources import ILLUSTRATIVE
from .economy_parameters import CALENDAR_PARAMETERS, ECONOMY_PARAMETERS
from .parameters import Parameter

I = ILLUSTRATIVE
_SHARED = {p.name: p for p in ECONOMY_PARAMETERS}

DEPEG_PARAMETERS: tuple[Parameter, ...] = (
    _SHARED["mean_balance"],
    *CALENDAR_PARAMETERS,
    # --- the shock --------------------------------------------------------------------------------
    Parameter(
        "shock_day", int, 4, "day", "the simulated day the hole in the reserves becomes public (4 is a Friday when the run starts on a Monday)", 0, 364,
        source="svb-usdc",
        figure="the $3.3 bn stuck at Silicon Valley Bank was announced on Friday night, 10 March 2023",
        derived="a Friday: day 4 of a run starting on a Monday",
    ),
    Parameter(
        "shock_hour", float, 22.0, "h", "hour of that day the news breaks", 0.0, 23.99,
        source="svb-usdc",
        figure="announced on Friday night",
        derived="22:00, after the banks closed",
    ),
    _SHARED["reserve_loss_share"],
    Parameter(
        "redeemable", bool, True, "", "whether the issuer redeems coins at par (false: an unbacked coin with no redemption)",
        source="hk-ordinance",
        figure="a licensed coin: reserves 1:1 at all times, redemption at par",
        derived="on for a fiat-backed coin; off for the unbacked control case",
    ),
    # --- the holders ------------------------------------------------------------------------------
    Parameter(
        "frightened_share", float, 0.10, "", "share of holders who want out after the news, each with all they hold", 0.0, 1.0,
        source="svb-usdc",
        figure="10-15 March 2023: 6.2 bn redeemed against 1.66 bn issued, net over $4.5 bn, about 10 % of supply",
        derived="net redemptions as a share of supply, taken as the share of holders who leave with everything",
    ),
    Parameter(
        "panic_hours", float, 8.0, "h", "frightened holders act at a uniformly drawn time within this many hours of the news", 0.0, 168.0,
        source="svb-usdc",
        figure="net $1.4 bn redeemed in the first 8 h",
        derived="the first wave's window, taken as reported",
    ),
    Parameter(
        "panic_discount", float, 0.05, "", "how far below the worst case (par less the hole) a frightened seller still sells; below that he waits for the bank", 0.0, 1.0,
        source="svb-usdc",
        figure="secondary-market low of $0.8726 against a worst case of 0.92 (par less the 8 % hole), March 2023",
        derived="0.92 - 0.87 = 0.05; set from the very low the svb-2023 episode compares with, so that low is no independent test",
    ),
    Parameter(
        "sell_share", float, 0.5, "", "share of frightened holders who sell on the market when they cannot redeem at once (the rest wait for the bank)", 0.0, 1.0, source=I
    ),
    # --- the market -------------------------------------------------------------------------------
    Parameter("pool_share", float, 0.1, "", "share of the coin's supply that liquidity providers put in the pool, with as many dollars", 0.001, 0.9, source=I),
    Parameter("liquidity_providers", int, 3, "", "liquidity providers sharing the pool", 1, 100, source=I),
    Parameter("pool_fee_bps", int, 5, "bps", "the pool's fee on each swap, in basis points of the amount paid in", 0, 1_000, source=I),
    Parameter("arbitrageurs", int, 5, "", "traders who buy below par and redeem at par while the bank is open: a few authorised redeemers (USDT) to many", 0, 1_000, source=I),
    Parameter("arbitrage_capital", float, 0.1, "", "dollars all arbitrageurs together can tie up, as a share of the coin's supply", 0.0, 10.0, source=I),
    Parameter("arbitrage_margin", float, 0.001, "", "discount to par below which an arbitrageur buys (covers the fee and the wait for the payout)", 0.0, 0.5, source=I),
)
"""Every parameter of the depeg experiment, in the order `coinage params` lists them."""

__all__ = ["DEPEG_PARAMETERS"]
