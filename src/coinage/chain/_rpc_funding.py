"""Ether for derived accounts on a node that charges for gas.

`Account.from_name` derives keys that hold nothing on a fresh node. Where gas costs something, each
account is given ether before its first send: with `anvil_setBalance`/`hardhat_setBalance` on a
development node, else from the node's first unlocked account; a node with neither says so.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ChainError
from ._constants import DEFAULT_TX_GAS
from ._rpc_transport import FAILED, RpcError, Transport, to_bytes

FUNDING = 10**24
"""Wei given to a derived account on a development node that charges for gas (one million ether)."""

_SET_BALANCE = ("anvil_setBalance", "hardhat_setBalance")


class Funding:
    """Which accounts this program has made sure can pay for gas, and how it pays for them."""

    def __init__(self, transport: Transport, *, sending: Callable[[bytes], None], describe: Callable[[], str]) -> None:
        self._node = transport
        self._sending = sending  # notes a transaction of our own (for snapshots)
        self._describe = describe
        self.funded: set[str] = set()

    def ensure(self, address: str, gas_price: int) -> None:
        """Give `address` enough ether for a hundred transactions at `gas_price`, once."""
        if gas_price and address not in self.funded:
            needed = gas_price * DEFAULT_TX_GAS * 100
            if self._node.balance(address) < needed:
                if not self.set_balance(address, max(FUNDING, needed)):
                    self._from_node(address, needed, gas_price)
            self.funded.add(address)

    def top_up(self, address: str, needed: int) -> None:
        """Make sure `address` holds `needed` wei in the pending state, on a development node."""
        if self._node.balance(address, "pending") < needed:
            self.funded.discard(address)
            self.set_balance(address, max(FUNDING, needed))

    def set_balance(self, address: str, wei: int) -> bool:
        """Set the balance with the development node's method; False where the node has none."""
        return any(self._node.attempt(method, [address, hex(wei)]) is not FAILED for method in _SET_BALANCE)

    def _from_node(self, address: str, amount: int, gas_price: int) -> None:
        accounts = self._node.attempt("eth_accounts")
        if not accounts or accounts is FAILED:
            raise ChainError(
                f"account {address} needs ether to pay for gas on {self._describe()}, and the node has no "
                "unlocked account to send it; fund it, or use a node where gas is free"
            )
        request = {"from": accounts[0], "to": address, "value": hex(amount), "gas": hex(21_000), "gasPrice": hex(gas_price)}
        try:
            tx_hash = to_bytes(self._node.request("eth_sendTransaction", [request]))
        except RpcError as error:
            raise ChainError(f"could not fund {address} from the node's account {accounts[0]}: {error.message}") from None
        self._sending(tx_hash)
        if self._node.receipt_within(tx_hash, self._node.timeout) is None:
            raise ChainError(f"funding {address} from the node's account {accounts[0]} was not mined within "
                             f"{self._node.timeout:g} s")
