"""The seed range every run accepts: one definition for the CLI, the scenarios, the experiments and the sweep."""

from __future__ import annotations

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
