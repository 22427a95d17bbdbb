"""Experiments: seeded models that `coinage sweep` runs across seeds, regimes and policy parameters."""

from .parameters import Parameter, ParameterValue, resolve
from .registry import EXPERIMENTS, Experiment, RunSpec, get_experiment, outcome_metrics, run_experiment

__all__ = [
    "EXPERIMENTS",
    "Experiment",
    "Parameter",
    "ParameterValue",
    "RunSpec",
    "get_experiment",
    "outcome_metrics",
    "resolve",
    "run_experiment",
]
