"""Typed facades over the market: the constant-product pool and the reference dollar it prices against.

The pool (`contracts/ConstantProductPool.sol`) holds the coin and a reference dollar (OpenZeppelin's
plain ERC-20, `PlainERC20`, standing for dollars held on chain outside the coin) and prices by
x * y = k. A swap's reverts reach Python as the typed `ContractRevert` naming the broken rule, as the
coin's do; a coin transfer the coin refuses (a frozen trader, a paused coin) surfaces as the coin's rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..chain import Account, CallReverted, Chain
from ..units import MAX_UINT256, check_amount
from .abi import ContractInterface
from .coin import AddressBook, Coin, Transaction, Who
from .deployer import deploy_artifact

FEE_DENOMINATOR = 10_000
"""The pool's fee is in basis points of the amount paid in (the contract's constant)."""


@dataclass
class _Facade:
    chain: Chain
    address: str
    interface: ContractInterface
    book: AddressBook
    extra: tuple[ContractInterface, ...] = ()
    """Interfaces of other contracts whose reverts may bubble up through this one (the coin's)."""

    def _read(self, function: str, *args: Any) -> Any:
        try:
            output = self.chain.call(self.address, self.interface.encode_call(function, args))
        except CallReverted as reverted:
            raise self._revert(reverted.data) from None
        values = self.interface.decode_result(function, output)
        return values[0] if len(values) == 1 else values

    def _revert(self, data: bytes) -> Exception:
        for interface in (self.interface, *self.extra):
            error = interface.decode_revert(data, self.book.names)
            if error.rule != "UnknownRevert":
                return error
        return self.interface.decode_revert(data, self.book.names)

    def _send(self, function: str, args: tuple[Any, ...], by: Who, action: str) -> Transaction:
        signer = self.book.signer(by)
        receipt = self.chain.transact(signer, self.address, self.interface.encode_call(function, args))
        if not receipt.succeeded:
            error = self._revert(receipt.revert_data or b"")
            error.receipt = receipt  # type: ignore[attr-defined]
            raise error
        events = tuple(
            event
            for log in receipt.logs
            if log.address.lower() == self.address.lower() and (event := self.interface.decode_event(log.topics, log.data)) is not None
        )
        return Transaction(action, self.book.names.get(signer.address.lower(), signer.address), receipt, events)


class Dollar(_Facade):
    """The reference dollar: a plain ERC-20 with no control, minted once to the market's traders."""

    def balance_of(self, who: Who) -> int:
        return int(self._read("balanceOf", self.book.address_of(who)))

    def transfer(self, to: Who, amount: int, *, by: Who) -> Transaction:
        return self._send("transfer", (self.book.address_of(to), check_amount(amount)), by, "dollar_transfer")

    def approve(self, spender: Who, amount: int, *, by: Who) -> Transaction:
        return self._send("approve", (self.book.address_of(spender), check_amount(amount, limit=MAX_UINT256)), by, "dollar_approve")


class Pool(_Facade):
    """A deployed constant-product pool between `coin` and `dollar`."""

    coin: Coin
    dollar: Dollar

    def reserves(self) -> tuple[int, int]:
        """(coin, dollar) held by the pool, in base units."""
        return int(self._read("reserveCoin")), int(self._read("reserveDollar"))

    def price(self) -> float:
        """The coin's marginal price in dollars: the dollar reserve over the coin reserve."""
        coin, dollar = self.reserves()
        return dollar / coin if coin else float("nan")

    def fee_bps(self) -> int:
        return int(self._read("feeBps"))

    def shares_of(self, who: Who) -> int:
        return int(self._read("sharesOf", self.book.address_of(who)))

    def quote_sell(self, amount: int) -> int:
        """Dollars that `amount` coins fetch now."""
        return int(self._read("quote", self.coin.address, check_amount(amount)))

    def quote_buy(self, dollars: int) -> int:
        """Coins that `dollars` buy now."""
        return int(self._read("quote", self.dollar.address, check_amount(dollars)))

    def add_liquidity(self, coin_amount: int, dollar_amount: int, *, by: Who) -> Transaction:
        args = (check_amount(coin_amount), check_amount(dollar_amount))
        return self._send("addLiquidity", args, by, "add_liquidity")

    def remove_liquidity(self, shares: int, *, by: Who) -> Transaction:
        return self._send("removeLiquidity", (check_amount(shares),), by, "remove_liquidity")

    def sell(self, amount: int, *, minimum: int = 0, by: Who) -> int:
        """Sell `amount` coins for dollars; return the dollars received."""
        sent = self._send("swap", (self.coin.address, check_amount(amount), check_amount(minimum)), by, "sell")
        return int(next(e.args["amountOut"] for e in sent.events if e.name == "Swapped"))

    def buy(self, dollars: int, *, minimum: int = 0, by: Who) -> int:
        """Pay `dollars` for coins; return the coins received."""
        sent = self._send("swap", (self.dollar.address, check_amount(dollars), check_amount(minimum)), by, "buy")
        return int(next(e.args["amountOut"] for e in sent.events if e.name == "Swapped"))


def deploy_market(
    chain: Chain, coin: Coin, *, traders: Iterable[Who], dollars_each: int, fee_bps: int, deployer: Account
) -> Pool:
    """Deploy the reference dollar (minting `dollars_each` to every trader) and a pool for it and `coin`, and
    have every trader approve the pool for both tokens, so that trading needs no further approval."""
    book = coin.book
    addresses = [book.address_of(trader) for trader in traders]
    token = deploy_artifact(chain, "PlainERC20", (addresses, check_amount(dollars_each)), sender=deployer, names=book.names)
    dollar = Dollar(chain, token.address, token.interface, book)
    deployed = deploy_artifact(chain, "ConstantProductPool", (coin.address, dollar.address, fee_bps), sender=deployer, names=book.names)
    pool = Pool(chain, deployed.address, deployed.interface, book, (coin.interface,))
    pool.coin, pool.dollar = coin, dollar
    for trader in traders:
        coin.approve(pool.address, MAX_UINT256, by=trader)
        dollar.approve(pool.address, MAX_UINT256, by=trader)
    return pool


__all__ = ["FEE_DENOMINATOR", "Dollar", "Pool", "deploy_market"]
