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
from .enums import Power, Regime
from .errors import InvalidInput
from .units import coins
from .ledger import Entry
from .ledger.chain_log import RefusedTransaction, refused_transactions
from .ledger.timeline import short_address, snake_case

DEFAULT_FUND = coins(1_000)
"""Each holder's opening balance on a served node: enough to pay at once from a wallet or a script."""

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

    def snippets(self, payer: str = "alice", payee: str = "bob") -> dict[str, str]:
        """Copy-paste clients, web3.py and ethers.js, that pay 10 coins from `payer` to `payee` on this node.

        The keys are derived as Coinage derives them, keccak("coinage/NAME"), so no key needs pasting. The
        gas limit is fixed, so a refused payment is mined and shows in the node's feed with its rule,
        rather than being stopped by the client's gas estimate.
        """
        coin, artifact = self.deployment.coin.address, self.artifact
        web3py = f"""import json
from web3 import Web3
w3 = Web3(Web3.HTTPProvider("{self.url}"))
abi = json.loads(open("{artifact}").read())["abi"]
coin = w3.eth.contract("{coin}", abi=abi)
payer = w3.eth.account.from_key(Web3.keccak(text="coinage/{payer}"))
payee = w3.eth.account.from_key(Web3.keccak(text="coinage/{payee}")).address
nonce = w3.eth.get_transaction_count(payer.address)
tx = coin.functions.transfer(payee, 10 * 10**6).build_transaction(
    {{"from": payer.address, "nonce": nonce, "gas": 200_000}})
sent = w3.eth.send_raw_transaction(payer.sign_transaction(tx).raw_transaction)
print("status", w3.eth.wait_for_transaction_receipt(sent)["status"])
print("{payee} holds", coin.functions.balanceOf(payee).call() / 10**6)
"""
        ethers = f"""const {{ ethers }} = require("ethers");
const abi = require("{artifact}").abi;
const url = "{self.url}";
const provider = new ethers.JsonRpcProvider(url);
const payer = new ethers.Wallet(ethers.id("coinage/{payer}"), provider);
const payee = new ethers.Wallet(ethers.id("coinage/{payee}")).address;
const coin = new ethers.Contract("{coin}", abi, payer);
(async () => {{
  const tx = await coin.transfer(payee, 10_000_000n, {{ gasLimit: 200000 }});
  // a refusal is mined with status 0: ethers rejects wait(), receipt attached
  const receipt = await tx.wait().catch((refused) => {{
    if (refused.receipt) return refused.receipt;
    throw refused;
  }});
  console.log("status", receipt.status);
  console.log("{payee} holds", Number(await coin.balanceOf(payee)) / 1e6);
}})();
"""
        return {"web3.py": web3py, "ethers.js": ethers}

    def participants(self) -> list[Participant]:
        """Every cast member: name, role, address and development key."""
        return [
            Participant(actor.name, actor.role.name.lower() if actor.role.value else "holder", actor.address,
                        "0x" + actor.account.key.hex())
            for actor in self.deployment.cast
        ]

    def follow(self, *, poll_seconds: float = 1.0, stop: Callable[[], bool] = lambda: False) -> Iterator[Entry]:
        """The coin's new timeline entries, whoever sent them, refused ones included, polling until `stop()` is true.

        A refused entry's outcome is the rule that refused it (`AccountFrozen`), its details the decoded error.
        """
        d = self.deployment
        while not stop():
            first = d.timeline.synced_block + 1
            accepted = d.sync()
            last = d.timeline.synced_block
            refused = [self._refusal(tx) for tx in refused_transactions(d.w3, d.coin.address, d.coin.interface, first, last)]
            yield from sorted([*accepted, *refused], key=lambda entry: entry.block)
            time.sleep(poll_seconds)

    def _refusal(self, tx: RefusedTransaction) -> Entry:
        d = self.deployment
        error = d.coin.interface.decode_revert(tx.revert_data, d.cast.names)
        actor = d.cast.names.get(tx.sender.lower()) or short_address(tx.sender)
        action = snake_case(tx.function) if tx.function else "call"
        return Entry(tx.block_number, tx.timestamp, actor, action, str(error), error.rule, tx.gas_used)


@contextmanager
def serve_sandbox(
    regime: Regime | str | None = None,
    *,
    port: int = 8545,
    holders: Iterable[str] = DEFAULT_HOLDERS,
    coin: Design | str = COINAGE,
    fund: int = DEFAULT_FUND,
) -> Iterator[Sandbox]:
    """Start Anvil on 127.0.0.1:`port`, deploy a coin of design `coin` (under `regime` for Coinage's),
    give the cast ether for gas and each holder `fund` base units of the coin (issued against attested
    fiat, as every coin is); stop the node on exit. A bad design or regime is refused before the node starts."""
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
        if fund:
            _open_balances(deployment, fund)
        deployment.sync()  # the deployment's own transactions are already on the timeline
        yield Sandbox(url, chain.chain_id, deployment)


def _open_balances(d: Deployment, amount: int) -> None:
    """Every holder pays `amount` of fiat in; the attestor attests it; whoever the regime lets set the limit allows it; the issuer mints."""
    holders = list(d.cast.holders)
    for holder in holders:
        d.bank.receive(holder, amount)
    d.bank.attest(by=d.cast.attestor, report="OPENING-BALANCES")
    configurer = d.holder_of(Power.CONFIGURE_MINTER)
    if configurer is not None:  # ERC-3643's agents mint with no allowance to configure
        d.coin.set_minter_allowance(d.coin.minter_allowance() + amount * len(holders), by=configurer)
    d.bank.issue()


__all__ = ["DEFAULT_FUND", "FUNDING_WEI", "Participant", "Sandbox", "serve_sandbox"]
