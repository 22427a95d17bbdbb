"""The rules of 2026 as presets: named parameter sets for an experiment, each citing where its rules come from.

`coinage sweep EXPERIMENT --preset NAME` starts from a preset: its values are set unless `--set` gives
others, and its regime is run unless `--regime` names another. `coinage params` lists the presets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..enums import Regime
from ..errors import InvalidInput, UnknownName
from ..world.sources import SOURCES
from .parameters import ParameterValue
from .registry import get_experiment


@dataclass(frozen=True)
class Preset:
    """A named set of parameter values for one experiment, with its regime, its sources and what it leaves out."""

    name: str
    title: str
    experiment: str
    regime: Regime
    params: Mapping[str, ParameterValue]
    sources: tuple[str, ...]
    note: str

    def __post_init__(self) -> None:
        get_experiment(self.experiment).spec(self.regime, params=self.params)  # a preset outside the domains is a programming error
        unknown = [key for key in self.sources if key not in SOURCES]
        if unknown:
            raise ValueError(f"preset {self.name}: unknown source {unknown[0]!r}")

    @property
    def citations(self) -> list[str]:
        return [SOURCES[key].citation for key in self.sources]

    def settings(self, given: Sequence[str]) -> list[str]:
        """`given` (``name=v1,v2`` strings) with this preset's value added for every parameter they leave unset."""
        named = {text.split("=", 1)[0].strip() for text in given}
        return [*given, *(f"{name}={_text(value)}" for name, value in self.params.items() if name not in named)]


def _text(value: ParameterValue) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "hk-2026",
            "Hong Kong's licensed coin under the Stablecoins Ordinance (Cap. 656), in force 1 Aug 2025",
            "economy",
            Regime.REGULATOR_CONTROLLED,
            {"redemption_deadline_days": 1, "working_days": 5, "revoke_in_shortfall": True, "pause_in_shortfall": False},
            ("hk-ordinance", "hk-redemption", "hk-licences"),
            "Redemption at par within one working day; the HKMA may revoke the licence. Full backing that "
            "counts frozen coins needs nothing extra here: the contract's attestation covers the whole "
            "supply, frozen balances and the seizure escrow included. Left out: the HK$25 m capital, the "
            "trust segregation and the statutory manager.",
        ),
        Preset(
            "ecny-2026",
            "The e-CNY as digital deposit money since 1 Jan 2026: bank wallets pay interest",
            "competition",
            Regime.REGULATOR_CONTROLLED,
            {"deposit_interest": 0.05},
            ("xinhua-ecny", "ccb-wallets", "caixin-wallet"),
            "The sources give the change, not the rate: the 0.05 a holder adds to the central bank's coin's "
            "score is illustrative (one twentieth of the four scores' range). Every holder counts it, where "
            "only bank wallets pay it; non-bank operators keep 100 % reserves.",
        ),
    )
}
"""Every preset, by name."""


def get_preset(name: str, experiment: str | None = None) -> Preset:
    """The preset called `name`, refused in one line if unknown or made for another experiment."""
    try:
        preset = PRESETS[name.strip().lower()]
    except KeyError:
        raise UnknownName(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}") from None
    if experiment is not None and get_experiment(experiment).name != preset.experiment:
        raise InvalidInput(f"preset {preset.name!r} is for the {preset.experiment} experiment, not {experiment}")
    return preset


__all__ = ["PRESETS", "Preset", "get_preset"]
