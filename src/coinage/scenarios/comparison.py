"""The comparison: each scenario under each regime it applies to, with one seed (`coinage.report` formats it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..chain import Chain
from ..deploy import parse_regime
from ..designs import COINAGE, PEERS, installed, parse_design
from ..enums import Regime
from ..errors import InvalidInput
from ..units import DECIMALS
from .outcome import Outcome
from .registry import SCENARIOS, get_scenario, run_scenario

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each run, so a caller can show a progress bar."""


@dataclass(frozen=True)
class Comparison:
    """Outcomes of a set of runs, in scenario order then regime order, all with one seed."""

    rows: list[Outcome]
    seed: int = 0
    scenarios: tuple[str, ...] = field(default_factory=tuple)

    def for_scenario(self, name: str) -> list[Outcome]:
        """The rows of one scenario, in regime order."""
        return [row for row in self.rows if row.scenario == name]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: amounts in base units, `decimals` of them to a coin."""
        return {"seed": self.seed, "decimals": DECIMALS, "outcomes": [row.to_dict() for row in self.rows]}


def plan_comparison(
    scenarios: str | Iterable[str] | None, regimes: Regime | str | Iterable[Regime | str] | None
) -> tuple[list[str], list[tuple[str, Regime]]]:
    """The scenarios asked for (each once) and every (scenario, regime) pair where the scenario applies.

    If no pair applies at all, `InvalidInput` says so, naming where each scenario applies.
    """
    if isinstance(scenarios, str):
        scenarios = [scenarios]  # one name, not its letters
    if isinstance(regimes, (str, Regime)):
        regimes = [regimes]
    names = list(dict.fromkeys(get_scenario(n).name for n in scenarios)) if scenarios is not None else list(SCENARIOS)
    wanted = [parse_regime(r) for r in regimes] if regimes is not None else list(Regime)
    plan = [(name, regime) for name in names for regime in SCENARIOS[name].regimes if regime in wanted]
    if not plan:
        applies = "; ".join(f"{n} applies to {', '.join(r.slug for r in SCENARIOS[n].regimes)}" for n in names)
        raise InvalidInput(f"nothing to compare: no scenario asked for applies under {', '.join(r.slug for r in wanted)} ({applies})")
    return names, plan


Run = tuple[str, Regime | None, str]
"""One run of a comparison: (scenario, regime of a Coinage coin or None, coin design)."""


def plan_designs(
    scenarios: str | Iterable[str] | None,
    regimes: Regime | str | Iterable[Regime | str] | None,
    coins: str | Iterable[str] | None,
) -> tuple[list[str], list[Run]]:
    """Every run asked for: Coinage's regimes first, then the real coins, for each scenario where it applies.

    With neither regimes nor coins asked for, every design; with regimes only, Coinage alone; with
    coins, those coins (Coinage under the regimes asked for, or all five, if `coinage` is one of them).
    """
    if isinstance(coins, str):
        coins = [coins]
    wanted = [parse_design(c) for c in coins] if coins is not None else None
    if wanted is None:
        # Asked for nothing in particular: every design whose contracts are installed (T-REX needs npm ci).
        wanted = [COINAGE] if regimes is not None else [COINAGE, *(d for d in PEERS if installed(d))]
    runs: list[Run] = []
    names: list[str] = []
    if COINAGE in wanted:
        try:
            names, pairs = plan_comparison(scenarios, regimes)
        except InvalidInput:
            if wanted == [COINAGE]:
                raise
            pairs = []
        runs += [(name, regime, COINAGE.slug) for name, regime in pairs]
    elif regimes is not None:
        raise InvalidInput("--regime chooses among Coinage's regimes; add --coin coinage to compare them with real coins")
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    asked = list(dict.fromkeys(get_scenario(n).name for n in scenarios)) if scenarios is not None else list(SCENARIOS)
    names = names or asked
    for design in (d for d in PEERS if d in wanted):
        runs += [(name, None, design.slug) for name in asked if design.slug in SCENARIOS[name].peers]
    if not runs:
        labels = ", ".join(d.label for d in wanted)
        raise InvalidInput(f"nothing to compare: no scenario asked for applies to {labels}")
    order = {name: i for i, name in enumerate(asked)}
    runs.sort(key=lambda run: order[run[0]])  # stable: within a scenario, Coinage's regimes, then the peers
    return asked, runs


def compare(
    scenarios: str | Iterable[str] | None = None,
    regimes: Regime | str | Iterable[Regime | str] | None = None,
    *,
    seed: int = 0,
    progress: Progress | None = None,
    chain: Chain | None = None,
    engine: str | None = None,
    coins: str | Iterable[str] | None = None,
) -> Comparison:
    """Run each scenario (default: all) under each regime (default: all) it applies to, with one seed.

    `coins` chooses designs (`coinage.designs.DESIGNS`): with neither `regimes` nor `coins`, every
    installed design is a row, Coinage's five regimes then the real coins (ERC-3643 when `npm ci` has
    installed T-REX); ``coins="usdc"`` gives USDC's rows alone.

    Pairs where a scenario does not apply are skipped rather than refused, so asking for "every
    scenario under sovereign" gives the scenarios that mean something there; a name given twice
    counts once. If no pair applies at all, `InvalidInput` says so before anything runs. With
    `chain` (a JSON-RPC node, say) every run happens there, each inside a snapshot; otherwise each
    run gets a new embedded chain on `engine` (`coinage.chain.ENGINES`).
    """
    names, plan = plan_designs(scenarios, regimes, coins)
    rows: list[Outcome] = []
    for done, (name, regime, coin) in enumerate(plan, start=1):
        if chain is None:
            rows.append(run_scenario(name, regime, coin=coin, seed=seed, engine=engine))
        else:
            # One node for every run: each starts from the same state and is undone afterwards.
            with chain.snapshot():
                rows.append(run_scenario(name, regime, coin=coin, seed=seed, chain=chain))
        if progress is not None:
            progress(done, len(plan))
    return Comparison(rows, seed, tuple(names))


__all__ = ["Comparison", "Progress", "Run", "compare", "plan_comparison", "plan_designs"]
