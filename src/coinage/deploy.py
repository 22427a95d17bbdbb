"""Deploy a coin under a regime, with its cast already holding their roles, in one call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .actors import Actor, Cast
from .chain import Chain, ChainHistory, make_chain
from .checkpoint import Checkpointing
from .contracts import Coin, deploy_artifact
from .designs import COINAGE, ERC3643, USDC, Design, PeerCoin, parse_design
from .designs.erc3643 import deploy_trex
from .designs.usdc import deploy_usdc
from .enums import Power, Regime, Role
from .errors import ContractRevert, InvalidInput, UnknownName
from .ledger import Entry, FiatBank, Timeline, logged_transactions
from .units import DAY, coins

if TYPE_CHECKING:
    from web3 import Web3

DEFAULT_HOLDERS = ("alice", "bob", "carol")


@dataclass(frozen=True)
class TierCaps:
    """The wallet-tier caps of the sovereign coin, in base units; the defaults are the e-CNY's figures.

    Whether caps are consistent is the contract's rule, stated once in `SovereignCoinage`: a cap that
    is zero or too wide for its field is refused at deployment with `TierCapOutOfRange`, a payment
    cap above the daily cap with `TierPaymentCapAboveDailyCap`.
    """

    anonymous_balance: int = coins(10_000)
    anonymous_payment: int = coins(2_000)
    anonymous_daily: int = coins(5_000)
    verified_balance: int = coins(500_000)
    verified_payment: int = coins(50_000)
    verified_daily: int = coins(100_000)

    def check(self) -> None:
        """Refuse caps that are not whole numbers of base units a uint256 can carry to the contract."""
        for field in fields(self):
            cap = getattr(self, field.name)
            if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap < 2**256:
                raise InvalidInput(f"the {field.name.replace('_', ' ')} cap is a whole number of base units, not {cap!r}")


COIN_NAMES = {
    Regime.SOVEREIGN: ("Digital Hong Kong Dollar", "e-HKD"),
}
"""Name and symbol by regime: the sovereign coin is the central bank's own digital money, not a private stablecoin."""

STABLECOIN_NAME = ("Coinage Hong Kong Dollar", "cHKD")
"""Every other regime's coin: a licensed private stablecoin backed by Hong Kong dollars."""


def parse_regime(regime: Regime | str) -> Regime:
    """A regime from itself or its name (`regulator-controlled`, `REGULATOR_CONTROLLED`)."""
    if isinstance(regime, Regime):
        return regime
    if isinstance(regime, str):
        key = regime.strip().upper().replace("-", "_")
        if key in Regime.__members__:
            return Regime[key]
        raise UnknownName.among("regime", regime, (r.slug for r in Regime))
    raise TypeError(f"a regime is a Regime or its name, not {type(regime).__name__}")


@dataclass
class Deployment:
    """A deployed coin, the people around it, its decoded history and the issuer's fiat bank."""

    chain: Chain
    regime: Regime
    coin: Coin
    cast: Cast
    timeline: Timeline
    bank: FiatBank
    design: Design = COINAGE
    """The coin's design: Coinage's own contract (under `regime`), or a real coin's (then `regime` is the
    closest of Coinage's, issuer-controlled, for the cast's roles)."""

    def stop_recording(self) -> None:
        """Record nothing more: no timeline entries, and no transactions or logs in the chain's history.

        For a run that reads only its own figures and sends millions of transactions (a population
        run in a sweep), whose timeline and history would otherwise hold most of its memory. The
        ledger itself, gas and receipts are unchanged. Reading the chain's history afterwards raises
        `HistoryNotKept`; the timeline ends where recording stopped.
        """
        if self.timeline.record in self.coin.listeners:
            self.coin.listeners.remove(self.timeline.record)
        history = getattr(self.chain, "history", None)
        if isinstance(history, ChainHistory):
            history.stop_keeping()

    def holder_of(self, power: Power) -> Actor | None:
        """The actor this coin's regime table gives `power`, read from the chain; None if nobody holds it.

        On a real coin, whoever its own role storage names, a holder included (USDC's blacklister may be anyone).
        """
        if isinstance(self.coin, PeerCoin):
            address = self.coin.holder_address(power)
            return None if address is None or int(address, 16) == 0 else self.cast.resolve(address)
        role = self.coin.role_for(power)
        return None if role is Role.NOBODY else self.cast.holding(role)

    def requires_case(self, power: Power) -> bool:
        """Whether this coin's regime table wants a case reference on every use of `power`, read from the chain."""
        return self.coin.requires_case(power)

    @contextmanager
    def snapshot(self, *also: Checkpointing[Any]) -> Iterator[Deployment]:
        """Undo, on exit, everything done inside the block: the chain's state and the Python-side
        record of it (the timeline, the coin's listeners, the bank's books, the cast's labels), and the
        state of each of `also` (a `HarmLedger` subscribed to the coin, say).

        Each part checkpoints and restores itself (`coinage.checkpoint.Checkpointing`). Like
        `Chain.snapshot`, it may be taken between blocks, not inside a batch holding transactions.
        """
        parts: tuple[Checkpointing[Any], ...] = (self.timeline, self.coin, self.bank, self.cast, *also)
        saved = [(part, part.checkpoint()) for part in parts]
        try:
            with self.chain.snapshot():
                yield self
        finally:
            for part, state in saved:
                part.restore(state)

    def sync(self) -> list[Entry]:
        """Read the coin's logs since the last sync into the timeline: what other clients did, named where known."""
        latest = self.w3.eth.block_number
        first = self.timeline.synced_block + 1
        logged = logged_transactions(self.w3, self.coin.address, self.coin.interface, first, latest) if first <= latest else []
        return self.timeline.sync(logged, latest)

    @cached_property
    def w3(self) -> Web3:
        """web3.py over this deployment's chain itself; on the embedded chain it signs for the cast."""
        from .chain import web3_for  # loads web3.py, which nothing else in a deployment needs

        return web3_for(self.chain, [actor.account for actor in self.cast])


def deploy_coin(
    regime: Regime | str | None = None,
    *,
    coin: Design | str = COINAGE,
    holders: Iterable[str] = DEFAULT_HOLDERS,
    chain: Chain | None = None,
    engine: str | None = None,
    name: str | None = None,
    symbol: str | None = None,
    provisional_freeze_period: int = 3 * DAY,
    max_attestation_age: int = 7 * DAY,
    tier_caps: TierCaps | None = None,
    authorities: Mapping[str, str] | None = None,
    holding_limit: int | None = None,
) -> Deployment:
    """Deploy a coin of design `coin` (`coinage.designs.DESIGNS`): Coinage's own contract under `regime`
    (default regulator-controlled), whose cast's authorities hold the roles the regime gives them, or a
    real coin's contracts (``coin="usdc"``, ``coin="erc3643"``) deployed as their owners do.

    With no `chain`, on a new embedded chain whose `engine` is one of `coinage.chain.ENGINES`
    (default `DEFAULT_ENGINE`). Without `name` and `symbol`, the coin is named after what it is under
    `regime` (see `COIN_NAMES`). `tier_caps` sets the wallet-tier caps of a coin with wallet tiers
    (the sovereign one); coins without tiers have none to set, so it does not change them. `authorities` gives some
    authorities names of their own (see `Cast`), for a second coin on `chain`. With
    `holding_limit` (base units; not for the sovereign coin, whose tiers cap balances already), no holder
    may hold more than that (`contracts/HoldingLimitCoinage.sol`).
    """
    design = parse_design(coin)
    if design is not COINAGE:
        if regime is not None:
            raise InvalidInput(f"a regime applies to Coinage's own contract; {design.label} is governed by its own roles")
        return deploy_peer(design, holders=holders, chain=chain, engine=engine)
    regime = parse_regime(regime if regime is not None else Regime.REGULATOR_CONTROLLED)
    default_name, default_symbol = COIN_NAMES.get(regime, STABLECOIN_NAME)
    name = default_name if name is None else name
    symbol = default_symbol if symbol is None else symbol
    caps = tier_caps if tier_caps is not None else TierCaps()
    if not isinstance(caps, TierCaps):
        raise TypeError(f"tier_caps is a TierCaps, not {type(caps).__name__}")
    caps.check()
    for label, seconds in (("provisional_freeze_period", provisional_freeze_period), ("max_attestation_age", max_attestation_age)):
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TypeError(f"{label} is a whole number of seconds, not {seconds!r}")
        if not 0 <= seconds <= 2**32 - 1:
            raise InvalidInput(f"{label} must lie between 0 and 2**32 - 1 seconds (the contract stores 32 bits), not {seconds}")
    for label, text in (("name", name), ("symbol", symbol)):
        if not isinstance(text, str) or not text:
            raise InvalidInput(f"the coin's {label} is a non-empty string, not {text!r}")
    chain = chain if chain is not None else make_chain(engine)
    cast = Cast(chain, regime, holders, authorities=authorities)
    config = (
        name,
        symbol,
        int(regime),
        cast.central_bank.address,
        cast.regulator.address,
        cast.court.address,
        cast.issuer.address,
        cast.attestor.address,
        provisional_freeze_period,
        max_attestation_age,
    )
    # The sovereign coin's wallet limits live in a subclass, so other coins pay no gas for them.
    sovereign = regime is Regime.SOVEREIGN
    arguments: tuple[object, ...] = (config, astuple(caps)) if sovereign else (config,)
    contract = "SovereignCoinage" if sovereign else "Coinage"
    if holding_limit is not None:
        if sovereign:
            raise InvalidInput("the sovereign coin caps balances by wallet tier; a holding limit applies to the other regimes")
        if isinstance(holding_limit, bool) or not isinstance(holding_limit, int) or holding_limit <= 0:
            raise InvalidInput(f"a holding limit is a positive whole number of base units, not {holding_limit!r}")
        arguments, contract = (config, holding_limit), "HoldingLimitCoinage"
    deployed = deploy_artifact(chain, contract, arguments, sender=cast.issuer.account, names=cast.names)
    facade = Coin(chain, deployed.address, deployed.interface, cast)
    cast.label(deployed.address, "escrow")
    timeline = Timeline(cast.names)
    timeline.record_deployment(deployed.receipt, regime)
    facade.subscribe(timeline.record)
    return Deployment(chain, regime, facade, cast, timeline, FiatBank(facade, cast.issuer))


PEER_REGIME = Regime.ISSUER_CONTROLLED
"""The cast of a real coin: the issuer holds whatever the coin's own roles give it, as under issuer control."""


def deploy_peer(
    design: Design, *, holders: Iterable[str] = DEFAULT_HOLDERS, chain: Chain | None = None, engine: str | None = None
) -> Deployment:
    """Deploy a real coin's own contracts as its owner does; the cast's issuer is the company behind it."""
    chain = chain if chain is not None else make_chain(engine)
    cast = Cast(chain, PEER_REGIME, holders)
    if design is USDC:
        admin = chain.account("usdc_proxy_admin")
        cast.label(admin.address, "proxy_admin")
        usdc = deploy_usdc(chain, cast, circle=cast.issuer, proxy_admin=admin.address)
        if usdc.master_minter is not None:
            cast.label(usdc.master_minter.address, "master_minter")
        peer: PeerCoin = usdc
    elif design is ERC3643:
        kyc = chain.account("kyc_provider")
        cast.label(kyc.address, "kyc_provider")
        peer = deploy_trex(chain, cast, issuer=cast.issuer, kyc=kyc, holders=tuple(cast.holders),
                           candidates=tuple(cast))
    else:
        raise InvalidInput(f"{design.label} is not a real coin's design")
    cast.label(peer.address, design.slug)
    timeline = Timeline(cast.names)
    peer.subscribe(timeline.record)
    return Deployment(chain, PEER_REGIME, peer, cast, timeline, FiatBank(peer, cast.issuer), design)


__all__ = [
    "COIN_NAMES",
    "DAY",
    "DEFAULT_HOLDERS",
    "STABLECOIN_NAME",
    "ContractRevert",
    "Deployment",
    "TierCaps",
    "deploy_coin",
    "deploy_peer",
    "parse_regime",
]
