"""The working set every scenario shares: the deployment, the narrator, and the
book-keeping that turns a story into an `Outcome` (peak frozen value, control gas, reaction time).

Kept in one place so that every scenario measures the same things the same way; otherwise the
comparison table would compare measuring methods instead of regimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..actors import Actor
from ..deploy import Deployment
from ..enums import Power, Regime, Role
from ..units import format_coins
from .narration import Narrator
from .outcome import Outcome

CONTROL_ACTIONS = frozenset(
    {
        "freeze",
        "confirm_freeze",
        "unfreeze",
        "seize",
        "release",
        "pause",
        "unpause",
        "revoke_licence",
        "reinstate_licence",
        "set_tier",
    }
)
"""Timeline actions that are the exercise of a control power (their gas is the cost of control)."""

SOURCES = {
    "ft": "The Crypto Times, 19 October 2025, reporting the Financial Times",
    "crackdown": "\"Beijing's Crypto Crackdown: Ant Group and JD.com Forced to Halt Hong Kong Stablecoin Operations\"",
}
"""The seed articles, named the same way in every narration."""

REGIME_WORDS = {
    Regime.PERMISSIONLESS: "permissionless (nobody holds any control power)",
    Regime.ISSUER_CONTROLLED: "issuer-controlled (the issuer holds every power, as with USDT or USDC)",
    Regime.REGULATOR_CONTROLLED: "regulator-controlled (a licensing regulator holds the powers, Hong Kong style)",
    Regime.DUE_PROCESS: "due process (the regulator proposes, a court confirms; every action cites a case)",
    Regime.SOVEREIGN: "sovereign (the central bank issues and controls, e-CNY style)",
}


def money(amount: int) -> str:
    """Base units as a readable sum of the coin (the demo coin is a Hong Kong dollar coin)."""
    return f"{format_coins(amount)} cHKD"


def fiat(amount: int) -> str:
    """A sum of Hong Kong dollars at the bank (deposits, reserves), as opposed to coins on chain."""
    return f"{format_coins(amount)} HKD"


@dataclass
class Stage:
    """A scenario in progress. Scenarios talk to the chain through `d.coin` and record here what the
    outcome needs, so that every scenario's numbers mean the same thing."""

    scenario: str
    d: Deployment
    narrator: Narrator
    peak_frozen: int = 0
    harm_block: int | None = None
    series: dict[str, list[int]] = field(default_factory=dict)

    # --- who holds what --------------------------------------------------------------------------

    @property
    def regime(self) -> Regime:
        return self.d.regime

    def holder_of(self, power: Power) -> Actor | None:
        """The actor holding `power` in this coin's regime, read from the chain; None if nobody does."""
        role = self.d.coin.role_for(power)
        if role is Role.NOBODY:
            return None
        return self.d.cast.holding(role)

    def name_of_holder(self, power: Power) -> str:
        actor = self.holder_of(power)
        return actor.name if actor is not None else "nobody"

    def sole_holder(self, *powers: Power) -> str:
        """The one actor holding every one of `powers` (so able to act alone), read from the chain; or "nobody"."""
        holders = {self.name_of_holder(power) for power in powers}
        return holders.pop() if len(holders) == 1 else "nobody"

    # --- narration -------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.narrator.say(text)

    def step(self, title: str) -> None:
        self.narrator.step(title)

    # --- money -----------------------------------------------------------------------------------

    def fund(self, amounts: Mapping[str, int], *, report: str = "AUDIT-0001", headroom: int = 0) -> None:
        """Holders pay fiat into the reserve account, the attestor attests it, the issuer mints.

        The minter allowance is set by whoever the regime gives that power to: what the deposits
        need plus `headroom`, so that a scenario decides on purpose whether the allowance or the
        attested reserves is the limit a later mint runs into.
        """
        coin, cast, bank = self.d.coin, self.d.cast, self.d.bank
        for name, amount in amounts.items():
            bank.receive(cast[name], amount)
        bank.attest(by=cast.attestor, report=report)
        configurer = self.holder_of(Power.CONFIGURE_MINTER)
        assert configurer is not None  # every regime gives somebody the minter configuration
        coin.set_minter_allowance(coin.minter_allowance() + sum(amounts.values()) + headroom, by=configurer)
        bank.issue()

    def balances(self, names: Iterable[str]) -> dict[str, int]:
        return {name: self.d.coin.balance_of(self.d.cast[name]) for name in names}

    def frozen_value(self, names: Iterable[str]) -> int:
        """Value the named holders cannot move right now: frozen accounts, or everyone if paused."""
        coin, cast = self.d.coin, self.d.cast
        paused = coin.paused()
        return sum(coin.balance_of(cast[n]) for n in names if paused or coin.is_frozen(cast[n]))

    def note_frozen(self, names: Iterable[str]) -> int:
        """Measure the frozen value now and keep the peak; return the value now."""
        now = self.frozen_value(names)
        self.peak_frozen = max(self.peak_frozen, now)
        return now

    def background(self, blocks: int, payer: str, payee: str, amount: int) -> None:
        """Ordinary payments between bystanders, one block each: time passing on a busy chain."""
        for _ in range(blocks):
            self.d.coin.transfer(self.d.cast[payee], amount, by=self.d.cast[payer])

    def mark_harm(self, block: int) -> None:
        """Remember the block of the harmful event, from which reaction time is counted."""
        self.harm_block = block

    # --- measures from the timeline --------------------------------------------------------------

    def control_gas(self) -> int:
        """Gas of every control transaction that took effect, from the decoded timeline."""
        return sum(e.gas for e in self.d.timeline.entries if e.action in CONTROL_ACTIONS and e.outcome == "ok")

    def blocks_until_action(self) -> int | None:
        """Blocks from the harm to the first control action that took effect; None if none did."""
        if self.harm_block is None:
            return None
        for entry in self.d.timeline.entries:
            if entry.action in CONTROL_ACTIONS and entry.outcome == "ok" and entry.block >= self.harm_block:
                return entry.block - self.harm_block
        return None

    def record(self, **values: int) -> None:
        """Append one point to each named time series (for the charts)."""
        for key, value in values.items():
            self.series.setdefault(key, []).append(value)

    def outcome(
        self,
        *,
        lost: int = 0,
        recovered: int = 0,
        innocent: int = 0,
        acted_alone: str,
        verdict: str,
        extra: Mapping[str, int | str] | None = None,
    ) -> Outcome:
        """Build the outcome; the seed is filled in by `run_scenario`, which owns it."""
        return Outcome(
            scenario=self.scenario,
            regime=self.regime,
            seed=0,
            funds_lost=lost,
            funds_recovered=recovered,
            funds_frozen=self.peak_frozen,
            innocent_holders_affected=innocent,
            blocks_until_action=self.blocks_until_action(),
            acted_alone=acted_alone,
            control_gas=self.control_gas(),
            story_verdict=verdict,
            extra=dict(extra or {}),
            series={key: tuple(values) for key, values in self.series.items()},
        )
