"""From a freeze order to its effect: how long the signatures take, and who moves funds meanwhile.

A freeze is ordered (a multisig proposal, a regulator's instruction), is visible on chain from that
moment, and takes effect only when the last signature lands. A thief who watches the chain moves the
funds out in that gap; one who does not watch stays put. The delay depends on who holds the freeze
power: an issuer's k-of-n multisig (each signer takes an exponential time, the last confirmation
completes it), or one public authority acting on its own review; a policy of waiting for a court order
adds the court's days in front.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..enums import Role
from ..units import DAY, HOUR

WATCHER_SECONDS = 60
"""How soon a watching thief's script moves the funds after a freeze proposal appears (illustrative:
the one case reported in detail left 44 minutes, far longer than a script needs)."""


@dataclass(frozen=True)
class FreezeLatency:
    """The delays from order to effect: `signers` confirmations of `signer_delay_hours` (mean) each for an
    issuer, `authority_delay_hours` for a regulator or central bank, plus `court_order_days` first when a
    court order is awaited."""

    signers: int
    signer_delay_hours: float
    authority_delay_hours: float
    court_order_days: float = 0.0
    court_order_first: bool = False

    def delay(self, role: Role, rng: random.Random) -> int:
        """Seconds from the order to its effect when a party of `role` holds the freeze power."""
        if role is Role.ISSUER:
            mean = self.signer_delay_hours * HOUR
            seconds = sum(rng.expovariate(1 / mean) for _ in range(self.signers)) if mean > 0 else 0.0
        else:
            seconds = self.authority_delay_hours * HOUR
        if self.court_order_first:
            seconds += self.court_order_days * DAY
        return round(seconds)


def watching(rng: random.Random, share: float) -> bool:
    """Whether one thief watches the chain for freeze proposals against him (a `share` of thieves do)."""
    return rng.random() < share


__all__ = ["WATCHER_SECONDS", "FreezeLatency", "watching"]
