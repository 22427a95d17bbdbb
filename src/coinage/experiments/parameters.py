"""The knobs of an experiment: each parameter has a name, a domain, a default and a one-line meaning.

`coinage params` lists them and `coinage sweep --set name=v1,v2,...` takes values for them, so a value
outside its domain is refused here, in one line, before any run starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..errors import InvalidInput, UnknownName
from ..world.sources import ILLUSTRATIVE, SOURCES

ParameterValue = int | float | bool
"""A parameter's value: whole numbers (seconds, coins, counts), rates (floats) or switches."""

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


@dataclass(frozen=True)
class Parameter:
    """One knob. `kind` is int, float or bool; numbers lie in [`minimum`, `maximum`].

    `source` is the key of the report its default comes from (`coinage.world.sources`) or
    ``"illustrative"``; a sourced default also gives the real `figure` and how the default was
    `derived` from it, which docs/calibration.md prints.
    """

    name: str
    kind: type[ParameterValue]
    default: ParameterValue
    unit: str
    description: str
    minimum: float | None = None
    maximum: float | None = None
    source: str = field(kw_only=True)
    figure: str = field(default="", kw_only=True)
    derived: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        self.check(self.default)  # a default outside its own domain is a programming error
        if self.source != ILLUSTRATIVE:
            if self.source not in SOURCES:
                raise ValueError(f"{self.name}: unknown source {self.source!r}; known: {', '.join(SOURCES)}")
            if not self.figure or not self.derived:
                raise ValueError(f"{self.name}: a sourced default needs the real figure and how it was derived")

    @property
    def citation(self) -> str:
        """Where the default comes from, for people: the report's citation, or ``illustrative``."""
        return ILLUSTRATIVE if self.source == ILLUSTRATIVE else SOURCES[self.source].citation

    @property
    def sourced(self) -> bool:
        """Whether the default comes from a public figure."""
        return self.source != ILLUSTRATIVE

    @property
    def domain(self) -> str:
        """The values it takes, for people: ``0 to 1``, ``true or false``, ``0 or more``."""
        if self.kind is bool:
            return "true or false"
        low = "any" if self.minimum is None else _number(self.minimum)
        if self.maximum is None:
            return f"{low} or more" if self.minimum is not None else "any number"
        return f"{low} to {_number(self.maximum)}"

    def check(self, value: object) -> ParameterValue:
        """`value` if it lies in the domain; otherwise `InvalidInput` naming the parameter and its domain."""
        if self.kind is bool:
            if not isinstance(value, bool):
                raise InvalidInput(f"{self.name} is true or false, not {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidInput(f"{self.name} is a number ({self.domain}), not {value!r}")
        if self.kind is int and not float(value).is_integer():
            raise InvalidInput(f"{self.name} is a whole number ({self.domain}), not {value!r}")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise InvalidInput(f"{self.name} lies in {self.domain} {self.unit}".rstrip() + f", not {_number(value)}")
        return int(value) if self.kind is int else float(value)

    def parse(self, text: str) -> ParameterValue:
        """One value from the command line (``3``, ``0.02``, ``true``)."""
        word = text.strip().lower()
        if self.kind is bool:
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
            raise InvalidInput(f"{self.name} is true or false, not {text!r}")
        try:
            number = float(word.replace("_", "")) if word else float("nan")
        except ValueError:
            raise InvalidInput(f"{self.name} is a number ({self.domain}), not {text!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise InvalidInput(f"{self.name} is a number ({self.domain}), not {text!r}")
        return self.check(int(number) if self.kind is int and number.is_integer() else number)

    def describe(self) -> str:
        """One line: name, default, domain, meaning and source (the sweep's Markdown report lists these)."""
        unit = f" {self.unit}" if self.unit else ""
        if self.default == 1 and unit.endswith("s") and not isinstance(self.default, bool):
            unit = unit[:-1]  # "1 day", not "1 days"
        return f"{self.name} (default {_number(self.default)}{unit}; {self.domain}): {self.description}; source: {self.citation}"

    def heading(self) -> str:
        """Name, default and domain: ``fraud_rate = 0.1 per 1,000 holders per day (0 to 1,000)``."""
        unit = f" {self.unit}" if self.unit else ""
        if self.default == 1 and unit.endswith("s") and not isinstance(self.default, bool):
            unit = unit[:-1]
        return f"{self.name} = {_number(self.default)}{unit} ({self.domain})"


def _number(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def resolve(parameters: Iterable[Parameter], given: Mapping[str, object]) -> dict[str, ParameterValue]:
    """Every parameter's value: `given` where set (checked), the default elsewhere; unknown names refused."""
    known = {parameter.name: parameter for parameter in parameters}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise UnknownName.among("parameter", unknown[0], known)
    return {name: parameter.check(given[name]) if name in given else parameter.default for name, parameter in known.items()}


__all__ = ["Parameter", "ParameterValue", "resolve"]
