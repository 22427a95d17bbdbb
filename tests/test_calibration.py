"""Sourced parameters: every default names its source, and docs/calibration.md is generated from them."""

from __future__ import annotations

import random
import runpy
import statistics
from pathlib import Path

import pytest

from coinage.enums import Role
from coinage.experiments import EXPERIMENTS, Parameter
from coinage.experiments.economy_parameters import ECONOMY_PARAMETERS, freeze_latency
from coinage.world.sources import ILLUSTRATIVE, SOURCES

ROOT = Path(__file__).resolve().parent.parent


def test_every_parameter_names_a_known_source_or_says_illustrative() -> None:
    """Each parameter of each experiment cites a catalogued report (with its figure and derivation) or is illustrative."""
    for experiment in EXPERIMENTS.values():
        for parameter in experiment.parameters:
            assert parameter.source == ILLUSTRATIVE or parameter.source in SOURCES, parameter.name
            if parameter.sourced:
                assert parameter.figure and parameter.derived and parameter.citation == SOURCES[parameter.source].citation


def test_a_sourced_default_without_its_figure_or_with_an_unknown_source_is_refused() -> None:
    """A parameter cannot claim a source it does not name in full: unknown keys and missing figures fail at definition."""
    with pytest.raises(ValueError, match="unknown source"):
        Parameter("x", float, 1.0, "", "a knob", source="a blog somewhere")
    with pytest.raises(ValueError, match="real figure"):
        Parameter("x", float, 1.0, "", "a knob", source="blocksec-gap")


def test_the_calibration_page_is_what_the_script_writes_from_the_code() -> None:
    """docs/calibration.md equals scripts/make_calibration_doc.py's rendering of today's parameters, and lists them all."""
    script = runpy.run_path(str(ROOT / "scripts" / "make_calibration_doc.py"))
    text = (ROOT / "docs" / "calibration.md").read_text(encoding="utf-8")
    assert text == script["render"](), "run python scripts/make_calibration_doc.py"
    for experiment in EXPERIMENTS.values():
        for parameter in experiment.parameters:
            assert f"`{parameter.name}`" in text


def test_the_freeze_delay_default_reproduces_the_reported_median() -> None:
    """Three exponential confirmations of signer_delay_hours each have a median near BlockSec's 5 h (4.5 to 5.6 h)."""
    latency = freeze_latency({p.name: p.default for p in ECONOMY_PARAMETERS})
    rng = random.Random("calibration:freeze-delay")
    hours = statistics.median(latency.delay(Role.ISSUER, rng) / 3600 for _ in range(4_000))
    assert 4.5 <= hours <= 5.6
