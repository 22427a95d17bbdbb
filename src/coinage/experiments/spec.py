"""One run of an experiment, as a value: everything that decides its result."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..designs import COINAGE
from ..enums import Regime
from ..errors import InvalidInput
from .parameters import ParameterValue


@dataclass(frozen=True)
class RunSpec:
    """One run: everything that decides its result. Picklable, so it can travel to any worker."""

    experiment: str
    regime: Regime | None
    """Coinage's regime; None on a real coin (`coin`), whose powers are its own contract's."""
    seed: int
    holders: int
    days: int
    params: Mapping[str, ParameterValue] = field(default_factory=dict)
    engine: str | None = field(default=None, compare=False)
    """The embedded chain's EVM (one of `coinage.chain.ENGINES`; None: the default). It changes how fast a
    run goes, never its result (the differential tests hold both engines to the same ledger), so it is left
    out of equality and of the run's key: a sweep resumed on the other engine skips the runs already done."""
    coin: str = COINAGE.slug
    """The coin design (`coinage.designs.DESIGNS`): Coinage's own contract, or a real coin's."""

    @property
    def key(self) -> str:
        """A text that names this run exactly (and the same way in every process): a sweep's log is keyed by it."""
        # A run on Coinage's contract keeps the key it always had, so logs written before real coins resume.
        regime = None if self.regime is None else self.regime.slug
        fields: list[object] = [self.experiment, regime, self.seed, self.holders, self.days, sorted(self.params.items())]
        if self.coin != COINAGE.slug:
            fields.append(self.coin)
        return json.dumps(fields, separators=(",", ":"))

    @property
    def coinage_regime(self) -> Regime:
        """The regime, for a model that runs on Coinage's contract only (a spec on a real coin is refused)."""
        if self.regime is None:
            raise InvalidInput(f"experiment {self.experiment!r} runs on Coinage's contract only, not on {self.coin}")
        return self.regime

    @property
    def setting(self) -> str:
        """What the run's coin is run under, for people: the regime's slug on Coinage, the design's name on a real coin."""
        return self.coin if self.regime is None else self.regime.slug


__all__ = ["RunSpec"]
