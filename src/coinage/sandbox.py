"""A served sandbox: a pinned Anvil on 127.0.0.1 with a coin deployed and its cast funded.

    with serve_sandbox("due-process", port=8545) as sandbox:
        print(sandbox.url, sandbox.deployment.coin.address)
        for entry in sandbox.follow():      # whatever any client does to the coin, as it happens
            print(entry.actor, entry.action)

Wallets, Remix, ethers.js scripts and other Python processes (`RpcChain(url)` with
`coinage.attach.attach_coin`) join the node; `follow` reads the coin's logs, so their actions
appear named where the cast knows the sender. The keys are derived from public names: they are
for this development node only, never for a chain with real value.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from .chain import RpcChain
from .chain.node import start_anvil
from .deploy import DEFAULT_HOLDERS, Deployment, deploy_coin, parse_regime
from .designs import COINAGE, ERC3643, USDC, Design, parse_design
from .designs.artifacts import TREX_CONTRACTS, USDC_DIR, trex_package
from .errors import InvalidInput
from .enums import Regime
from .ledger import Entry

FUNDING_WEI = 1_000 * 10**18
"""Ether given to every cast account, so that a wallet holding its key can pay for gas."""


@dataclass(frozen=True)
class Participant:
    name: str
    role: str
    address: str
    key: str  # development only: derived from the public name


@dataclass(frozen=True)
class Sandbox:
    url: str
    chain_id: int
    deployment: Deployment

    @property
    def artifact(self) -> Path:
        """The artifact of the deployed contract (Hardhat format; a real coin's holds its ABI and creation code)."""
        if self.deployment.design is USDC:
            return USDC_DIR / "FiatTokenV2_2.json"
        if self.deployment.design is ERC3643:
            return trex_package() / "artifacts" / TREX_CONTRACTS["Token"] / "Token.json"
        name = "SovereignCoinage" if self.deployment.regime is Regime.SOVEREIGN else "Coinage"
        return Path(str(files("coinage") / "artifacts" / f"{name}.json"))

    def participants(self) -> list[Participant]:
        """Every cast member: name, role, address and development key."""
        return [
            Participant(actor.name, actor.role.name.lower() if actor.role.value else "holder", actor.address,
                        "0x" + actor.account.key.hex())
            for actor in self.deployment.cast
        ]

    def follow(self, *, poll_seconds: float = 1.0, stop: Callable[[], bool] = lambda: False) -> Iterator[Entry]:
        """The coin's new timeline entries, whoever sent them, polling the node until `stop()` is true."""
        while not stop():
            yield from self.deployment.sync()
            time.sleep(poll_seconds)


@contextmanager
def serve_sandbox(
    regime: Regime | str | None = None,
    *,
    port: int = 8545,
    holders: Iterable[str] = DEFAULT_HOLDERS,
    coin: Design | str = COINAGE,
) -> Iterator[Sandbox]:
    """Start Anvil on 127.0.0.1:`port`, deploy a coin of design `coin` (under `regime` for Coinage's),
    fund the cast; stop the node on exit. A bad design or regime is refused before the node starts."""
    design = parse_design(coin)
    if design is COINAGE:
        parse_regime(regime if regime is not None else Regime.REGULATOR_CONTROLLED)
    elif regime is not None:
        raise InvalidInput(f"a regime applies to Coinage's own contract; {design.label} is governed by its own roles")
    with start_anvil(port=port) as url:
        chain = RpcChain(url)
        deployment = deploy_coin(regime, coin=design, chain=chain, holders=holders)
        for actor in deployment.cast:
            chain.w3.provider.make_request("anvil_setBalance", [actor.address, hex(FUNDING_WEI)])  # type: ignore[arg-type]
        deployment.sync()  # the deployment's own transactions are already on the timeline
        yield Sandbox(url, chain.chain_id, deployment)


__all__ = ["FUNDING_WEI", "Participant", "Sandbox", "serve_sandbox"]
