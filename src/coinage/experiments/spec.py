"""One run of an experiment, as a value: everything that decides its result."""

from __future__ import annotations

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


__all__ = ["RunSpec"]
