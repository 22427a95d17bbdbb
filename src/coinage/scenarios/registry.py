"""The scenario registry and the one function that runs a scenario from a name, a regime and a seed."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass

from ..chain import Chain
from ..deploy import Deployment, deploy_coin, parse_regime
from ..designs import COINAGE, parse_design
from ..enums import Regime
from ..errors import InvalidInput, UnknownName
from ..seeds import check_seed
from . import competition, cross_border, fraud, issuance, overreach, shortfall, sovereign, stand_down
from .narration import Narrator, SilentNarrator
from .outcome import Outcome

ALL_REGIMES = tuple(Regime)


@dataclass(frozen=True)
class Scenario:
    """One scripted story: its slug, what it shows, the regimes where it means something, and how to run it.

    `regimes` is where the story is meaningful: the shortfall story, for instance, is about a private
    issuer losing reserves, which a central bank issuing its own money cannot do.
    """

    name: str
    title: str
    summary: str
    regimes: tuple[Regime, ...]
    run: Callable[[Deployment, Narrator, random.Random], Outcome]
    holders: tuple[str, ...]
    peers: tuple[str, ...] = ()
    """The real coins' designs (`coinage.designs`) the story also means something on."""
    decisive_action: str = ""
    """What `could_act_alone` is about in this story: who holds every power needed to do this, per the chain."""


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "issuance",
            "Licensed issuance and redemption at par",
            "Coins are minted only against attested fiat and redeemed at par; the bank reconciles with the chain.",
            ALL_REGIMES,
            issuance.run,
            issuance.HOLDERS,
            ("usdc", "erc3643"),
            decisive_action="set the issuer's minting limit",
        ),
        Scenario(
            "fraud",
            "Fraud: can phished funds be frozen and returned?",
            "A phished victim's coins go to a fraudster and a mule; who can freeze, seize and return them, and how fast.",
            ALL_REGIMES,
            fraud.run,
            fraud.HOLDERS,
            ("usdc", "erc3643"),
            decisive_action="freeze, seize and return stolen coins",
        ),
        Scenario(
            "stand-down",
            "Stand-down order: orderly wind-down or hard pause",
            "The regulator orders the issuer to stop: licence revoked, holders redeem, then a hard pause traps the rest.",
            stand_down.REGIMES,
            stand_down.run,
            stand_down.HOLDERS,
            ("usdc", "erc3643"),
            decisive_action="pause the coin",
        ),
        Scenario(
            "overreach",
            "Overreach: a political mass freeze",
            "Everyone who paid a protest organiser is frozen; how many innocent holders are hit, and does it lapse?",
            ALL_REGIMES,
            overreach.run,
            overreach.HOLDERS,
            ("usdc", "erc3643"),
            decisive_action="freeze holders",
        ),
        Scenario(
            "shortfall",
            "Reserve shortfall and run",
            "An attestation reveals lost reserves; minting halts, holders queue to redeem, and the late ones lose.",
            shortfall.REGIMES,
            shortfall.run,
            shortfall.HOLDERS,
            ("usdc", "erc3643"),
            decisive_action="pause the coin",
        ),
        Scenario(
            "sovereign",
            "The sovereign coin: tiered wallets and full visibility",
            "Anonymous wallets are capped; verification lifts the caps; every payment is on the record.",
            sovereign.REGIMES,
            sovereign.run,
            sovereign.HOLDERS,
            decisive_action="move a wallet between tiers",
        ),
        Scenario(
            "cross-border",
            "Cross-border conflict: two authorities, one coin",
            "The mainland central bank orders a freeze on a Hong Kong coin; who can carry it out, and who can undo it?",
            ALL_REGIMES,
            cross_border.run,
            cross_border.HOLDERS,
            decisive_action="freeze and unfreeze a holder",
        ),
        Scenario(
            "competition",
            "Money that competes: three coins on one chain",
            "A private coin, the central bank's coin and a dollar coin; a stand-down, a foreign freeze, a wave of freezes; who holds the money after.",
            competition.REGIMES,
            competition.run,
            competition.HOLDERS,
            decisive_action="revoke the private coin's licence",
        ),
    )
}
"""Every scenario, by slug, in the order the stories build on each other."""


def get_scenario(name: str) -> Scenario:
    """The scenario called `name` (slug, or with underscores); unknown names list the choices."""
    if not isinstance(name, str):
        raise TypeError(f"a scenario name is a string, not {type(name).__name__}")
    key = name.strip().lower().replace("_", "-")
    try:
        return SCENARIOS[key]
    except KeyError:
        raise UnknownName.among("scenario", name, SCENARIOS) from None


def run_scenario(
    name: str,
    regime: Regime | str | None = None,
    *,
    coin: str = "coinage",
    seed: int = 0,
    narrator: Narrator | None = None,
    chain: Chain | None = None,
    engine: str | None = None,
) -> Outcome:
    """Deploy a fresh coin under `regime` and play scenario `name` on it.

    Every random choice comes from ``random.Random(seed)`` and the embedded chain starts from a fixed
    genesis, so the same arguments give the same outcome and the same transcript. Passing `chain`
    deploys onto it instead of a new embedded chain (block counts then depend on its history);
    `engine` chooses the new embedded chain's engine (`coinage.chain.ENGINES`).
    `coin` plays it on a real coin's contracts instead (`usdc`, `erc3643`), where the story applies
    (`Scenario.peers`); `regime` is then left out. Unknown scenario, regime or coin names raise
    `UnknownName`; a regime or coin the scenario does not apply to raises `InvalidInput`.
    """
    outcome, _ = play_scenario(name, regime, coin=coin, seed=seed, narrator=narrator, chain=chain, engine=engine)
    return outcome


def play_scenario(
    name: str,
    regime: Regime | str | None = None,
    *,
    coin: str = "coinage",
    seed: int = 0,
    narrator: Narrator | None = None,
    chain: Chain | None = None,
    engine: str | None = None,
) -> tuple[Outcome, Deployment]:
    """As `run_scenario`, and also return the deployment, for its timeline, bank ledger and chain."""
    scenario = get_scenario(name)
    design = parse_design(coin)
    if design is not COINAGE:
        if design.slug not in scenario.peers:
            applies = ", ".join(scenario.peers) or "no real coin"
            raise InvalidInput(f"scenario {scenario.name!r} does not apply to {design.label}; it applies to: {applies}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"the seed is an int, not {type(seed).__name__}")
        check_seed(seed)
        deployment = deploy_coin(regime, coin=design, holders=scenario.holders, chain=chain, engine=engine)
        outcome = scenario.run(deployment, narrator if narrator is not None else SilentNarrator(), random.Random(seed))
        return dataclasses.replace(outcome, seed=seed), deployment
    parsed = parse_regime(regime if regime is not None else Regime.REGULATOR_CONTROLLED)
    if parsed not in scenario.regimes:
        choices = ", ".join(r.slug for r in scenario.regimes)
        raise InvalidInput(f"scenario {scenario.name!r} does not apply under {parsed.slug}; it applies to: {choices}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"the seed is an int, not {type(seed).__name__}")
    check_seed(seed)
    deployment = deploy_coin(parsed, holders=scenario.holders, chain=chain, engine=engine)
    outcome = scenario.run(deployment, narrator if narrator is not None else SilentNarrator(), random.Random(seed))
    return dataclasses.replace(outcome, seed=seed), deployment


__all__ = ["SCENARIOS", "Scenario", "get_scenario", "play_scenario", "run_scenario"]
