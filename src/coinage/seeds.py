"""Seeds: the range every run accepts, and the random stream each purpose of a run draws from; one
definition for the CLI, the scenarios, the experiments and the sweep."""

from __future__ import annotations

import random

from .errors import InvalidInput

MAX_SEED = 2**64 - 1
"""The largest seed; negative seeds are refused, since they would alias positive ones."""

SEED_RANGE = "0 to 2**64 - 1"
"""The range, as help texts and errors spell it."""


def check_seed(seed: object) -> int:
    """Return `seed` if it is a whole number from 0 to MAX_SEED; otherwise raise InvalidInput."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InvalidInput(f"the seed is a whole number from {SEED_RANGE}, not {seed!r}")
    return seed


def stream(seed: int, purpose: str) -> random.Random:
    """The random stream of one purpose ("payments", "fraud", ...) in the run with `seed`.

    Each purpose draws from its own generator, seeded from the text ``"{seed}:{purpose}"`` (hashed with
    SHA-512 by `random.Random`, so the same in every process whatever PYTHONHASHSEED). A draw that
    happens only under some regime (a freeze order where somebody can freeze) therefore shifts no other
    purpose's draws: every regime meets the same population, payments and incidents for one seed, and
    a difference between regimes is the rules' doing (common random numbers).
    """
    return random.Random(f"{seed}:{purpose}")
