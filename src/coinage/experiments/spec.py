"""One run of an experiment, as a value: everything that decides its result."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..enums import Regime
from .parameters import ParameterValue


@dataclass(frozen=True)
class RunSpec:
    """One run: everything that decides its result. Picklable, so it can travel to any worker."""

    experiment: str
    regime: Regime
    seed: int
    holders: int
    days: int
    params: Mapping[str, ParameterValue] = field(default_factory=dict)
    engine: str | None = field(default=None, compare=False)
    """The embedded chain's EVM (one of `coinage.chain.ENGINES`; None: the default). It changes how fast a
    run goes, never its result (the differential tests hold both engines to the same ledger), so it is left
    out of equality and of the run's key: a sweep resumed on the other engine skips the runs already done."""

    @property
    def key(self) -> str:
        """A text that names this run exactly (and the same way in every process): a sweep's log is keyed by it."""
        return json.dumps(
            [self.experiment, self.regime.slug, self.seed, self.holders, self.days, sorted(self.params.items())],
            separators=(",", ":"),
        )


__all__ = ["RunSpec"]
