"""Several coins on one chain, deployed together: the money of a place, as the articles describe it.

- the licensed private stablecoin (Hong Kong style), under the regime chosen;
- the sovereign coin: the central bank's own money with wallet tiers (e-CNY style);
- optionally a dollar stablecoin, issuer-controlled, issued abroad: the foreign coin.

Every coin is a `Deployment` driven through the same `Coin` facade. The holders are the same
accounts in every coin (alice is one person with up to three wallets); so are the central bank,
the local regulator and the local court, who are named in every coin's contract but hold only the
powers each coin's regime table gives them. The foreign coin has an issuer and an auditor of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .chain import Chain, make_chain
from .deploy import DEFAULT_HOLDERS, Deployment, TierCaps, deploy_coin, parse_regime
from .enums import Regime
from .errors import InvalidInput


@dataclass(frozen=True)
class CoinSpec:
    """One coin of the system: its key in the system, its ERC-20 name and symbol, its regime."""

    key: str
    name: str
    symbol: str
    regime: Regime
    authorities: Mapping[str, str] = field(default_factory=dict)
    """Authorities with names of their own in this coin (see `coinage.actors.Cast`)."""


PRIVATE, SOVEREIGN, FOREIGN = "private", "sovereign", "foreign"
"""The keys of the three coins in a system."""

SOVEREIGN_COIN = CoinSpec(SOVEREIGN, "Coinage Digital Yuan", "ceCNY", Regime.SOVEREIGN)
FOREIGN_COIN = CoinSpec(
    FOREIGN, "Coinage US Dollar", "cUSD", Regime.ISSUER_CONTROLLED, {"issuer": "usd_issuer", "attestor": "usd_auditor"}
)
PRIVATE_NAME, PRIVATE_SYMBOL = "Coinage Hong Kong Dollar", "cHKD"


@dataclass
class MonetarySystem:
    """The coins of one chain, by key (`private`, `sovereign`, `foreign`), in that order."""

    chain: Chain
    coins: dict[str, Deployment]

    def __iter__(self) -> Iterator[str]:
        return iter(self.coins)

    def __getitem__(self, key: str) -> Deployment:
        return self.coins[key]

    @property
    def private(self) -> Deployment:
        return self.coins[PRIVATE]

    @property
    def sovereign(self) -> Deployment:
        return self.coins[SOVEREIGN]

    @property
    def foreign(self) -> Deployment | None:
        return self.coins.get(FOREIGN)

    def symbol(self, key: str) -> str:
        return self.coins[key].coin.symbol()


def deploy_system(
    private_regime: Regime | str = Regime.REGULATOR_CONTROLLED,
    *,
    holders: Iterable[str] = DEFAULT_HOLDERS,
    chain: Chain | None = None,
    foreign: bool = True,
    private: Deployment | None = None,
    tier_caps: TierCaps | None = None,
    engine: str | None = None,
) -> MonetarySystem:
    """Deploy the private coin under `private_regime`, the sovereign coin (with `tier_caps`, by default
    the e-CNY's) and, if `foreign`, the dollar coin, all on one chain; `private` is an already deployed
    private coin to build the system around. With no `chain`, on a new embedded chain on `engine`
    (one of `coinage.chain.ENGINES`)."""
    holders = tuple(holders)
    if private is not None:
        chain, private_regime = private.chain, private.regime
    regime = parse_regime(private_regime)
    if regime is Regime.SOVEREIGN:
        raise InvalidInput("the private coin cannot be sovereign: the central bank's coin is already in the system")
    chain = chain if chain is not None else make_chain(engine)
    if private is None:
        private = deploy_coin(regime, holders=holders, chain=chain, name=PRIVATE_NAME, symbol=PRIVATE_SYMBOL)
    coins = {PRIVATE: private}
    for spec in (SOVEREIGN_COIN, FOREIGN_COIN) if foreign else (SOVEREIGN_COIN,):
        coins[spec.key] = deploy_coin(
            spec.regime,
            holders=holders,
            chain=chain,
            name=spec.name,
            symbol=spec.symbol,
            authorities=spec.authorities,
            tier_caps=tier_caps if spec.regime is Regime.SOVEREIGN else None,
        )
    return MonetarySystem(chain, coins)


__all__ = [
    "FOREIGN",
    "FOREIGN_COIN",
    "PRIVATE",
    "SOVEREIGN",
    "SOVEREIGN_COIN",
    "CoinSpec",
    "MonetarySystem",
    "deploy_system",
]
