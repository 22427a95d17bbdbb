"""Experiments: seeded models that `coinage sweep` runs across seeds, regimes and policy parameters."""

from .parameters import Parameter, ParameterValue, resolve
from .economy import EconomyRun, simulate
from .registry import (
    EXPERIMENTS,
    CompetitionExperiment,
    EconomyExperiment,
    Experiment,
    ScriptedExperiment,
    get_experiment,
    outcome_metrics,
    parse_coin,
    run_experiment,
)
from .spec import RunSpec

__all__ = [
    "EXPERIMENTS",
    "CompetitionExperiment",
    "EconomyExperiment",
    "EconomyRun",
    "Experiment",
    "Parameter",
    "ParameterValue",
    "RunSpec",
    "ScriptedExperiment",
    "get_experiment",
    "outcome_metrics",
    "parse_coin",
    "resolve",
    "run_experiment",
    "simulate",
]
