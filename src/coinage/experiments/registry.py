"""Every experiment `coinage sweep` can run, and the one function that runs one of them.

An experiment's `run` method takes a `RunSpec` (experiment, regime, seed, population size, horizon
and parameter values) and returns one value per metric of `coinage.metrics`. It must depend on nothing
else: the same spec gives the same values in any process, on any worker, so a sweep's runs table is
the same whatever runs it. There are three kinds, one class each: `EconomyExperiment.run` calls
`run_economy`, `CompetitionExperiment.run` calls `run_competition`, and `ScriptedExperiment.run` plays
a scripted scenario (its story fixes the population and the horizon, and it has no parameters beyond
the seed) with `run_scenario`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

from ..chain import check_engine
from ..deploy import parse_regime
from ..designs import COINAGE, DESIGNS, Design, parse_design
from ..enums import Regime
from ..errors import InvalidInput, UnknownName
from ..metrics import METRICS, Value
from ..scenarios import SCENARIOS, Outcome, run_scenario
from ..seeds import check_seed
from .competition import COMPETITION_METRICS, COMPETITION_PARAMETERS, run_competition
from .depeg import DEPEG_METRICS, DEPEG_REGIMES, run_depeg
from .depeg_parameters import DEPEG_PARAMETERS
from .economy import ECONOMY_METRICS, run_economy
from .economy_parameters import ECONOMY_PARAMETERS
from .parameters import Parameter, resolve
from .spec import RunSpec


@dataclass(frozen=True)
class Experiment(ABC):
    """The protocol of a sweepable model: its parameters, the metrics it reports, `spec` to check a run,
    and `run` to run one (each kind of experiment is a subclass that says how).

    `holders` and `days` give the defaults and the allowed range of the population and horizon; a
    scripted story fixes both (minimum == maximum).
    """

    name: str
    title: str
    regimes: tuple[Regime, ...]
    parameters: tuple[Parameter, ...]
    metrics: tuple[str, ...]
    holders: tuple[int, int, int]
    """(default, minimum, maximum) population size."""
    days: tuple[int, int, int]
    """(default, minimum, maximum) horizon in simulated days."""
    peers: tuple[str, ...] = ()
    """The real coins' designs (`coinage.designs`) it also runs on, through their own contracts."""

    def spec(
        self,
        regime: Regime | str | None,
        *,
        seed: int = 0,
        holders: int | None = None,
        days: int | None = None,
        params: Mapping[str, object] | None = None,
        engine: str | None = None,
        coin: Design | str = COINAGE,
    ) -> RunSpec:
        """A checked `RunSpec`: unknown parameters, values outside a domain or out-of-range sizes are refused.

        On Coinage's contract `regime` is required (None: refused); on a real coin (`coin`) it must be
        None, and the experiment must list the coin among its `peers`.
        """
        design = parse_coin(coin)
        parsed: Regime | None = None
        if design is COINAGE:
            if regime is None:
                raise InvalidInput(f"experiment {self.name!r} on Coinage's contract needs a regime")
            parsed = parse_regime(regime)
            if parsed not in self.regimes:
                choices = ", ".join(r.slug for r in self.regimes)
                raise InvalidInput(f"experiment {self.name!r} does not apply under {parsed.slug}; it applies to: {choices}")
        elif regime is not None:
            raise InvalidInput(f"--regime chooses among Coinage's regimes; {design.label} has its own powers")
        elif design.slug not in self.peers:
            applies = f"Coinage and on " + ", ".join(self.peers) if self.peers else "Coinage's contract only"
            raise InvalidInput(f"experiment {self.name!r} does not run on {design.label}; it runs on {applies}")
        check_seed(seed)
        return RunSpec(
            self.name,
            parsed,
            seed,
            _within("holders", self.holders, holders),
            _within("days", self.days, days),
            resolve(self.parameters, params or {}),
            check_engine(engine),
            design.slug,
        )

    @abstractmethod
    def run(self, spec: RunSpec) -> Mapping[str, Value]:
        """Run `spec` (one of this experiment's) and return its metric values."""


@dataclass(frozen=True)
class ScriptedExperiment(Experiment):
    """A scripted scenario as an experiment: only the regime and the seed vary."""

    def run(self, spec: RunSpec) -> Mapping[str, Value]:
        return outcome_metrics(run_scenario(self.name, spec.regime, coin=spec.coin, seed=spec.seed, engine=spec.engine))


@dataclass(frozen=True)
class EconomyExperiment(Experiment):
    """The population economy (`coinage.experiments.economy`)."""

    def run(self, spec: RunSpec) -> Mapping[str, Value]:
        return run_economy(spec)


@dataclass(frozen=True)
class CompetitionExperiment(Experiment):
    """The competition between coins (`coinage.experiments.competition`)."""

    def run(self, spec: RunSpec) -> Mapping[str, Value]:
        return run_competition(spec)


@dataclass(frozen=True)
class DepegExperiment(Experiment):
    """A hole in the reserves and the coin's market price (`coinage.experiments.depeg`)."""

    def run(self, spec: RunSpec) -> Mapping[str, Value]:
        return run_depeg(spec)


def parse_coin(name: Design | str) -> Design:
    """A coin design by name; an unknown name lists the choices, the closest first."""
    if isinstance(name, str) and name.strip().lower().replace("_", "-").replace("erc-3643", "erc3643") not in DESIGNS:
        raise UnknownName.among("coin", name, DESIGNS)
    return parse_design(name)


def _within(label: str, bounds: tuple[int, int, int], value: int | None) -> int:
    default, low, high = bounds
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        fixed = f"fixed at {default} for this experiment" if low == high else f"between {low:,} and {high:,}"
        raise InvalidInput(f"{label} is {fixed}, not {value!r}")
    return value


def outcome_metrics(outcome: Outcome) -> dict[str, Value]:
    """A scripted scenario's `Outcome` as metric values (the figures the comparison table shows)."""
    stolen = outcome.funds_stolen
    return {
        "stolen": stolen,
        "recovered": outcome.funds_recovered,
        "recovered_share": outcome.funds_recovered / stolen if stolen else None,
        "lost": outcome.funds_lost,
        "frozen_peak": outcome.funds_frozen,
        "innocent_hit": outcome.innocent_holders_affected,
        "innocent_frozen": outcome.innocent_frozen,
        "innocent_frozen_days": outcome.innocent_frozen_days,
        "hours_to_act": outcome.hours_until_action,
        "blocks_to_act": outcome.blocks_until_action,
        "hours_to_recover": outcome.hours_until_recovered,
        "could_act_alone": outcome.could_act_alone,
        "control_gas": outcome.control_gas,
    }


SCRIPTED_METRICS = (
    "stolen",
    "recovered",
    "recovered_share",
    "lost",
    "frozen_peak",
    "innocent_hit",
    "innocent_frozen",
    "innocent_frozen_days",
    "hours_to_act",
    "blocks_to_act",
    "hours_to_recover",
    "could_act_alone",
    "control_gas",
)


def _scripted(name: str) -> ScriptedExperiment:
    scenario = SCENARIOS[name]
    size = len(scenario.holders)
    return ScriptedExperiment(
        name, scenario.title, scenario.regimes, (), SCRIPTED_METRICS, (size, size, size), (0, 0, 0), scenario.peers
    )


ECONOMY = EconomyExperiment(
    "economy",
    "A population economy: payments, phishing, freeze orders, reserve losses and runs",
    tuple(Regime),
    ECONOMY_PARAMETERS,
    ECONOMY_METRICS,
    (100, 10, 20_000),
    (7, 1, 365),
    ("usdc", "erc3643"),
)
"""The population model (see `coinage.experiments.economy`), under every regime and on both real coins
(each step asks the coin who holds its power; a power the coin lacks means that step does nothing)."""

COMPETITION = CompetitionExperiment(
    "competition",
    "Money that competes: a private coin, the central bank's coin and a dollar coin, and the articles' events",
    tuple(regime for regime in Regime if regime is not Regime.SOVEREIGN),
    COMPETITION_PARAMETERS,
    COMPETITION_METRICS,
    (60, 10, 5_000),
    (10, 1, 365),
)
"""The competition between coins (see `coinage.experiments.competition`); the regime is the private coin's."""

DEPEG = DepegExperiment(
    "depeg",
    "A hole in the reserves goes public: panic, the coin's market price, and arbitrage through the bank",
    DEPEG_REGIMES,
    DEPEG_PARAMETERS,
    DEPEG_METRICS,
    (100, 10, 5_000),
    (10, 1, 60),
    ("usdc",),
)
"""The depeg experiment (see `coinage.experiments.depeg`): the regime is the coin's, or USDC's own contract
plays the coin (its MasterMinter, minter, and redemption by transfer and burn)."""

EXPERIMENTS: dict[str, Experiment] = {name: _scripted(name) for name in SCENARIOS} | {
    ECONOMY.name: ECONOMY,
    COMPETITION.name: COMPETITION,
    DEPEG.name: DEPEG,
}
"""Every experiment by name: the scripted scenarios, then the population models."""

assert all(key in METRICS for experiment in EXPERIMENTS.values() for key in experiment.metrics)


def get_experiment(name: str) -> Experiment:
    """The experiment called `name` (with dashes or underscores); unknown names list the choices."""
    if not isinstance(name, str):
        raise TypeError(f"an experiment name is a string, not {type(name).__name__}")
    key = name.strip().lower().replace("_", "-")
    try:
        return EXPERIMENTS[key]
    except KeyError:
        raise UnknownName.among("experiment", name, EXPERIMENTS) from None


def run_experiment(spec: RunSpec) -> dict[str, Value]:
    """Run one spec and return a value for each of its experiment's metrics (None where one does not apply)."""
    experiment = get_experiment(spec.experiment)
    values = experiment.run(spec)
    return {key: values.get(key) for key in experiment.metrics}


__all__ = [
    "COMPETITION",
    "DEPEG",
    "ECONOMY",
    "EXPERIMENTS",
    "CompetitionExperiment",
    "DepegExperiment",
    "EconomyExperiment",
    "Experiment",
    "RunSpec",
    "ScriptedExperiment",
    "get_experiment",
    "outcome_metrics",
    "parse_coin",
    "run_experiment",
]
