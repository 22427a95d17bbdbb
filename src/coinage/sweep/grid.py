"""A sweep's plan: one experiment under some regimes, over a grid of parameter values, for N seeds.

`plan_sweep` checks everything a user typed (experiment, regimes, `name=v1,v2,...` settings, population
size, horizon, grid size) before any run starts, and `Sweep.specs()` lists the runs in the one canonical
order every table is written in: regime, then grid point (first parameter slowest), then seed.

Seeds are `seed, seed + 1, ..., seed + N - 1`, the same for every regime and grid point. That is on
purpose (common random numbers): each policy and each regime meets the same populations and the same
incidents, so a difference between two cells comes from the rules and not from the draw; and the run
with seed 3 is exactly what `coinage demo SCENARIO --seed 3` shows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..deploy import parse_regime
from ..designs import COINAGE
from ..enums import Regime
from ..errors import InvalidInput, UnknownName
from ..experiments import Experiment, Parameter, ParameterValue, RunSpec, get_experiment, parse_coin
from ..seeds import MAX_SEED, SEED_RANGE

MAX_RUNS = 100_000
"""A grid larger than this needs `allow_large=True` (`--yes`): a typo in `--set` should not start a week of runs."""

Point = tuple[tuple[str, ParameterValue], ...]
"""One grid point: the swept parameters' values, in the order they were given."""


@dataclass(frozen=True)
class Sweep:
    """Every run of one sweep; nothing here has run yet."""

    experiment: Experiment
    regimes: tuple[Regime | None, ...]
    """Coinage's regimes, or ``(None,)`` on a real coin, where the regime axis does not apply."""
    seeds: tuple[int, ...]
    grid: tuple[tuple[str, tuple[ParameterValue, ...]], ...]
    """Each swept parameter with its values, in the order given on the command line."""
    holders: int | None = None
    days: int | None = None
    engine: str | None = None
    """The embedded chain's EVM for every run (None: the default); it decides the speed, not the rows."""
    coin: str = COINAGE.slug
    """The coin design every run plays on (`coinage.designs.DESIGNS`)."""

    @property
    def size(self) -> int:
        """How many runs the sweep holds."""
        return len(self.regimes) * len(self.seeds) * math.prod(len(values) for _, values in self.grid)

    def points(self) -> list[Point]:
        """Every grid point, first parameter slowest; one empty point when nothing is swept."""
        names = [name for name, _ in self.grid]
        return [tuple(zip(names, values)) for values in itertools.product(*(values for _, values in self.grid))]

    def specs(self) -> Iterator[RunSpec]:
        """Every run, checked, in canonical order: regime, grid point, seed."""
        for regime in self.regimes:
            for point in self.points():
                for seed in self.seeds:
                    yield self.experiment.spec(
                        regime,
                        seed=seed,
                        holders=self.holders,
                        days=self.days,
                        params=dict(point),
                        engine=self.engine,
                        coin=self.coin,
                    )


def parse_setting(experiment: Experiment, text: str) -> tuple[str, tuple[ParameterValue, ...]]:
    """``name=v1,v2,...`` as a parameter name and its checked values."""
    name, equals, values = text.partition("=")
    name = name.strip().replace("-", "_")
    if not equals or not name or not values.strip():
        raise InvalidInput(f"--set takes name=value1,value2,... , not {text!r}")
    parameter = _parameter(experiment, name)
    return _checked_values(experiment, name, [parameter.parse(value) for value in values.split(",")])


def _parameter(experiment: Experiment, name: str) -> Parameter:
    for parameter in experiment.parameters:
        if parameter.name == name:
            return parameter
    choices = ", ".join(p.name for p in experiment.parameters) or "(none: its story fixes everything but the seed)"
    raise UnknownName(f"{experiment.name} has no parameter {name!r}; its parameters: {choices}")


def _checked_values(experiment: Experiment, name: str, values: Sequence[object]) -> tuple[str, tuple[ParameterValue, ...]]:
    parameter = _parameter(experiment, name)
    checked = tuple(parameter.check(value) for value in values)
    if not checked or len(set(checked)) != len(checked):
        raise InvalidInput(f"{name} needs one or more distinct values, not {', '.join(map(str, values)) or 'none'}")
    return name, checked


def parse_regimes(experiment: Experiment, regimes: Sequence[str] | None) -> tuple[Regime, ...]:
    """The regimes asked for (``all`` or none: every regime the experiment applies to), in the contract's order."""
    if not regimes or any(r.strip().lower() == "all" for r in regimes):
        wanted = set(experiment.regimes)
    else:
        wanted = {parse_regime(r) for r in regimes}
        for regime in wanted:
            if regime not in experiment.regimes:
                experiment.spec(regime)  # refuses, naming the regimes it applies to
    return tuple(r for r in Regime if r in wanted)


def plan_sweep(
    experiment: str,
    *,
    regimes: Sequence[str] | None = None,
    seeds: int = 1,
    seed: int = 0,
    settings: Sequence[str] | Mapping[str, Sequence[object]] = (),
    holders: int | None = None,
    days: int | None = None,
    allow_large: bool = False,
    engine: str | None = None,
    coin: str = COINAGE.slug,
) -> Sweep:
    """A checked plan. `settings` are ``name=v1,v2`` strings or a mapping of name to values.

    `coin` plays every run on a real coin's contracts (``usdc``, ``erc3643``) where the experiment runs
    on it; the regime axis is then Coinage's alone, and `regimes` must be left out.

    Every error is an `InvalidInput` with one line: an unknown experiment, regime or parameter, a value
    outside its domain, a size outside the experiment's range (an unknown `engine` is an `UnknownName`), or more than `MAX_RUNS` runs without
    `allow_large`.
    """
    chosen = get_experiment(experiment)
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise InvalidInput(f"--seeds is a whole number of 1 or more, not {seeds!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0 or seed + seeds - 1 > MAX_SEED:
        raise InvalidInput(f"the seeds run from {seed} to {seed + seeds - 1}, beyond {SEED_RANGE}")
    if isinstance(settings, Mapping):
        grid = tuple(_checked_values(chosen, name, values) for name, values in settings.items())
    else:
        grid = tuple(parse_setting(chosen, text) for text in settings)
    names = [name for name, _ in grid]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidInput(f"--set {repeated[0]} is given twice; list all its values in one --set")
    design = parse_coin(coin)
    if design is COINAGE:
        axis: tuple[Regime | None, ...] = parse_regimes(chosen, regimes)
    elif regimes:
        raise InvalidInput(f"--regime chooses among Coinage's regimes; {design.label} has its own powers")
    else:
        axis = (None,)
    plan = Sweep(chosen, axis, tuple(range(seed, seed + seeds)), grid, holders, days, engine, design.slug)
    if plan.size > MAX_RUNS and not allow_large:
        raise InvalidInput(f"the sweep holds {plan.size:,} runs, more than {MAX_RUNS:,}; pass --yes to run them anyway")
    next(plan.specs())  # the first run's spec checks the population size and the horizon
    return plan


__all__ = ["MAX_RUNS", "Point", "Sweep", "parse_regimes", "parse_setting", "plan_sweep"]
