"""Attach to a coin that is already deployed: its regime and role holders are read from the chain.

    from coinage.attach import attach_coin
    d = attach_coin(RpcChain("http://127.0.0.1:8545"), "0x…")
    d.sync()                      # the coin's history, from its logs, into d.timeline
    print(d.timeline.table())

The cast is rebuilt from names: an authority keeps its name when the role is held by the account
that name derives to (as `deploy_coin` and `coinage node` deploy it); a role held by anyone else
shows as a short address. The fiat bank starts empty: it lives off-chain, in the deploying process.
"""

from __future__ import annotations

from collections.abc import Iterable

from .actors import ROLE_ACTORS, Cast
from .chain import CallReverted, Chain
from .compiler import load_artifact
from .contracts import Coin, ContractInterface
from .deploy import DEFAULT_HOLDERS, Deployment
from .enums import Regime, Role
from .errors import InvalidInput
from .ledger import FiatBank, Timeline
from .ledger.timeline import short_address

_ROLE_ORDER = (Role.CENTRAL_BANK, Role.REGULATOR, Role.COURT, Role.ISSUER, Role.ATTESTOR)
"""The order of `roles()`'s return values in the contract."""


def attach_coin(chain: Chain, address: str, *, holders: Iterable[str] = DEFAULT_HOLDERS) -> Deployment:
    """A `Deployment` of the coin at `address`, with the cast's names wherever they hold the roles."""
    interface = ContractInterface(load_artifact("Coinage").abi)
    if not chain.call(address, interface.encode_call("regime", ())):  # no code there answers with nothing
        raise InvalidInput(f"no Coinage coin at {address} on {chain.describe()}")
    try:
        regime = Regime(interface.decode_result("regime", chain.call(address, interface.encode_call("regime", ())))[0])
        holders_by_role = interface.decode_result("roles", chain.call(address, interface.encode_call("roles", ())))
    except (CallReverted, ValueError) as error:
        raise InvalidInput(f"no Coinage coin at {address} on {chain.describe()} ({type(error).__name__})") from None
    if regime is Regime.SOVEREIGN:
        interface = ContractInterface(load_artifact("SovereignCoinage").abi)
    cast = Cast(chain, regime, holders)
    names = {role: name for name, role in ROLE_ACTORS.items()}
    for role, holder in zip(_ROLE_ORDER, holders_by_role):
        if int(holder, 16) == 0 or cast[names[role]].address.lower() == holder.lower():
            continue
        if holder.lower() not in cast.names:
            cast.label(holder, short_address(holder))
    coin = Coin(chain, address, interface, cast)
    cast.label(address, "escrow")
    timeline = Timeline(cast.names)
    coin.subscribe(timeline.record)
    return Deployment(chain, regime, coin, cast, timeline, FiatBank(coin, cast.issuer))


__all__ = ["attach_coin"]
