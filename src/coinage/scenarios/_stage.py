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
from ..designs import COINAGE
from ..enums import Power, Regime
from ..ledger import CONTROL_ACTIONS, HarmLedger, control_gas
from ..units import format_coins
from .narration import Narrator
from .outcome import Outcome


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


@dataclass
class Stage:
    """A scenario in progress. Scenarios talk to the chain through `d.coin` and record here what the
    outcome needs, so that every scenario's numbers mean the same thing."""

    scenario: str
    d: Deployment
    narrator: Narrator
    guilty: frozenset[str] = frozenset()
    """Holders who did wrong (a fraudster, a mule); every other holder is innocent."""
    peak_frozen: int = 0
    harm_block: int | None = None
    harm_time: int | None = None
    series: dict[str, list[int]] = field(default_factory=dict)
    harm: HarmLedger = field(init=False)
    symbol: str = field(init=False)
    """The deployed coin's own symbol, which every sum of coins in the story carries."""

    def __post_init__(self) -> None:
        self.harm = HarmLedger(self.d.cast.names)
        self.d.coin.subscribe(self.harm.record)
        self.symbol = self.d.coin.symbol()

    def fiat(self, amount: int) -> str:
        """A sum of the coin's fiat at the bank (deposits, reserves): ``"12.50 HKD"``, or USD behind USDC."""
        return f"{format_coins(amount)} {self.d.coin.fiat_currency}"

    def money(self, amount: int) -> str:
        """Base units as a readable sum of this coin, with its symbol: ``"12.50 cHKD"``."""
        return f"{format_coins(amount)} {self.symbol}"

    # --- who holds what --------------------------------------------------------------------------

    @property
    def regime(self) -> Regime:
        return self.d.regime

    def setting(self) -> str:
        """The story's first line: which coin this is and who governs it."""
        if self.d.design is COINAGE:
            return f"The coin runs under the {REGIME_WORDS[self.regime]} regime."
        return f"The coin is {self.d.design.words}."

    def under_case(self, case: str) -> str:
        """How an order's case reference ends up: on the record, or nowhere (a coin with no field for it)."""
        if self.d.coin.records_cases:
            return f"under case {case}"
        return f"citing case {case}, which the contract has no field to record"

    def holder_of(self, power: Power) -> Actor | None:
        """The actor holding `power` in this coin's regime, read from the chain; None if nobody does."""
        return self.d.holder_of(power)

    def requires_case(self, power: Power) -> bool:
        """Whether using `power` here must cite a case reference, read from the chain."""
        return self.d.requires_case(power)

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
        if configurer is not None:  # a coin whose minters have no allowance (T-REX's agents) skips this
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
        """Measure the frozen value now and keep the peak; return the value now.

        Under a pause, every named holder with coins is held in place, which counts as being hit.
        """
        names = list(names)
        if self.d.coin.paused():
            self.harm.hold(name for name in names if self.d.coin.balance_of(self.d.cast[name]))
        now = self.frozen_value(names)
        self.peak_frozen = max(self.peak_frozen, now)
        return now

    def background(self, blocks: int, payer: str, payee: str, amount: int) -> None:
        """Ordinary payments between bystanders, one block each: time passing on a busy chain."""
        for _ in range(blocks):
            self.d.coin.transfer(self.d.cast[payee], amount, by=self.d.cast[payer])

    def mark_harm(self, block: int) -> None:
        """Remember the block of the harmful event, from which reaction time is counted.

        Its time is that of the last recorded transaction at or before `block` (the chain's clock
        when nothing was recorded yet), so hours and blocks count from the same moment.
        """
        self.harm_block = block
        times = [e.time for e in self.d.timeline.entries if e.block <= block]
        self.harm_time = times[-1] if times else self.d.chain.now

    def lose(self, name: str, amount: int) -> None:
        """`name` ends the story `amount` short; an innocent loser counts as hit."""
        self.harm.lose(name, amount)

    @property
    def innocent(self) -> list[str]:
        """The holders who did nothing wrong: everyone but `guilty`, in the order they were named."""
        return [actor.name for actor in self.d.cast.holders if actor.name not in self.guilty]

    # --- measures from the timeline --------------------------------------------------------------

    def control_gas(self) -> int:
        """Gas of every control transaction that took effect, from the decoded timeline."""
        return control_gas(self.d.timeline)

    def _first_after_harm(self, actions: frozenset[str]) -> tuple[int, float] | None:
        """(blocks, hours) from the harm to the first of `actions` that took effect; None if none did."""
        if self.harm_block is None or self.harm_time is None:
            return None
        for entry in self.d.timeline.entries:
            if entry.action in actions and entry.outcome == "ok" and entry.block >= self.harm_block:
                return entry.block - self.harm_block, (entry.time - self.harm_time) / 3600
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
        stolen: int = 0,
        could_act_alone: str,
        verdict: str,
        extra: Mapping[str, int | str] | None = None,
    ) -> Outcome:
        """Build the outcome; the seed is filled in by `run_scenario`, which owns it.

        Innocent holders hit and frozen come from the harm ledger, with one definition for every story.
        """
        acted = self._first_after_harm(CONTROL_ACTIONS)
        returned = self._first_after_harm(frozenset({"release"}))
        innocent = self.innocent
        return Outcome(
            scenario=self.scenario,
            regime=self.regime,
            coin=self.d.design.slug,
            seed=0,
            funds_lost=lost,
            funds_recovered=recovered,
            funds_frozen=self.peak_frozen,
            innocent_holders_affected=len(self.harm.hit(innocent)),
            innocent_hit_by=self.harm.hit_by_cause(innocent),
            blocks_until_action=acted[0] if acted is not None else None,
            could_act_alone=could_act_alone,
            control_gas=self.control_gas(),
            story_verdict=verdict,
            funds_stolen=stolen,
            innocent_frozen=len(self.harm.frozen(innocent)),
            innocent_frozen_days=round(self.harm.frozen_days(innocent, self.d.chain.now), 2),
            hours_until_action=round(acted[1], 2) if acted is not None else None,
            hours_until_recovered=round(returned[1], 2) if returned is not None else None,
            extra=dict(extra or {}),
            series={key: tuple(values) for key, values in self.series.items()},
        )
