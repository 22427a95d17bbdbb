"""Hypothesis strategies for the stateful ledger tests.

Arguments are drawn as small attrs records that say *how* to pick a value (act as the power's
holder or as a named actor; a quarter of the sender's balance, or one unit more than it; a freeze
expiry an hour from now) and are resolved against the model when the step runs. Relative values keep
most actions meaningful whatever the ledger holds, shrink well, and print as readable steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
from hypothesis import strategies as st

from coinage.enums import WalletTier
from model import COIN, DAY, ESCROW, FOREVER, MAX_UINT256, ZERO

HOUR = 60 * 60
BLOCK = 12

HOLDERS = ("alice", "bob", "carol", "dave")
AUTHORITIES = ("issuer", "regulator", "court", "central_bank", "attestor")
ACTORS = HOLDERS + AUTHORITIES
"""Everyone who can sign. Under the sovereign regime `issuer` is the central bank."""

FIXED_AMOUNTS = (
    1,
    1 * COIN,
    100 * COIN,
    2_000 * COIN,  # the anonymous tier's payment cap
    2_000 * COIN + 1,
    5_000 * COIN,  # the anonymous tier's daily cap
    10_000 * COIN + 1,  # just over the anonymous tier's balance cap
    60_000 * COIN,  # over the verified tier's payment cap
)


@attrs.frozen
class Caller:
    """Who sends a privileged action: the holder of its power in this regime, or the named actor.

    When nobody holds the power (or `as_authority` is false) the named actor sends it.
    """

    as_authority: bool
    actor: str

    def resolve(self, authority: str | None) -> str:
        return authority if self.as_authority and authority is not None else self.actor


@attrs.frozen
class Pick:
    """One of the candidates the ledger offers just now (frozen accounts, cases holding escrow, owners
    who approved the caller, unpaid redemptions), or the fallback when told so or there are none."""

    from_ledger: bool
    index: int
    fallback: Any

    def resolve(self, candidates: Sequence[Any]) -> Any:
        if self.from_ledger and candidates:
            return candidates[self.index % len(candidates)]
        return self.fallback


@attrs.frozen
class Amount:
    """An amount relative to a reference figure (a balance, an allowance, an escrow, mint headroom).

    share: ``quarters/4`` of the reference; excess: one unit more than it; fixed: a figure from
    `FIXED_AMOUNTS` (tier caps and their neighbours); zero: nothing.
    """

    kind: Literal["share", "excess", "fixed", "zero"]
    quarters: int = 4
    fixed: int = 1

    def resolve(self, reference: int) -> int:
        if self.kind == "share":
            return reference * self.quarters // 4
        if self.kind == "excess":
            return reference + 1
        if self.kind == "fixed":
            return self.fixed
        return 0


@attrs.frozen
class Reserves:
    """An attested reserve figure relative to the supply: covering it with headroom, exact, or short."""

    kind: Literal["headroom", "exact", "short", "zero"]
    headroom: int = 100_000 * COIN

    def resolve(self, supply: int) -> int:
        if self.kind == "headroom":
            return supply + self.headroom
        if self.kind == "exact":
            return supply
        if self.kind == "short":
            return supply // 2
        return 0


@attrs.frozen
class Expiry:
    """A freeze expiry: until lifted (sent as 0), `offset` seconds from the transaction's time, or past 2^40-1."""

    kind: Literal["lifted", "offset", "forever", "beyond"]
    offset: int = DAY

    def resolve(self, now: int) -> int:
        if self.kind == "lifted":
            return 0
        if self.kind == "offset":
            return max(1, now + self.offset)
        if self.kind == "forever":
            return FOREVER
        return FOREVER + 1


@attrs.frozen
class ClockMove:
    """How far the clock moves: by `seconds`; or to the second an account's latest freeze ends ("end") or
    its cooling-off after that ends ("cooled"), plus `offset` seconds (one either side); never backwards."""

    kind: Literal["by", "end", "cooled"]
    seconds: int = HOUR
    offset: int = 0

    def resolve(self, now: int, freeze_end: int | None, period: int) -> int:
        """Seconds to advance, given the end of the account's latest freeze (None: never frozen)."""
        if self.kind == "by":
            return self.seconds
        if freeze_end is None or freeze_end >= FOREVER:
            return 0
        target = freeze_end + (period if self.kind == "cooled" else 0) + self.offset
        return max(0, target - now)


@attrs.frozen
class PermitSpec:
    """How a permit is signed: by the owner over its current nonce, by another actor, or over a future nonce."""

    signature: Literal["owner", "other_key", "future_nonce"]
    other: str = "bob"
    deadline_offset: int = HOUR

    def deadline(self, now: int) -> int:
        return max(0, now + self.deadline_offset)


# --- strategies ---------------------------------------------------------------------------------
#
# Each argument is one `sampled_from` over a short list (weights by repetition), never a `one_of`:
# a failing sequence then shrinks by simple choices, which matters when every test case costs
# transactions.

actors = st.sampled_from(ACTORS)
"""Any signer: holders first, so that examples shrink towards ordinary people."""

accounts = st.sampled_from(HOLDERS + ACTORS + (ESCROW, ZERO))
"""Targets of actions: usually a holder, sometimes an authority, the escrow or the zero address."""

senders = st.sampled_from(HOLDERS[:3] + ACTORS)
"""Senders of holder actions: often a funded holder (alice, bob and carol start with coins)."""

mostly = st.sampled_from((True, True, False))
"""True two times in three: most privileged actions come from their authority, the rest from anyone."""

callers = st.builds(Caller, as_authority=mostly, actor=actors)


def picks(fallbacks: st.SearchStrategy[Any]) -> st.SearchStrategy[Pick]:
    return st.builds(Pick, from_ledger=mostly, index=st.integers(0, 7), fallback=fallbacks)


cases = st.sampled_from(("CASE-1", "CASE-2", ""))
"""Case references; the empty one is the zero reference due process refuses."""

reports = st.sampled_from(("AUDIT-2", ""))

amounts = st.sampled_from(
    [Amount("share", quarters=q) for q in (2, 1, 3, 4)]
    + [Amount("fixed", fixed=f) for f in FIXED_AMOUNTS]
    + [Amount("excess"), Amount("zero")]
)

tier_amounts = st.sampled_from((1_000 * COIN, 2_000 * COIN, 2_000 * COIN + 1, 3_000 * COIN, 6_000 * COIN, 60_000 * COIN))
"""Sums around the anonymous and verified wallets' payment, daily and balance caps."""

shares = st.sampled_from([Amount("share", quarters=q) for q in (2, 1, 3, 4)])
"""A quarter, half, three quarters or all of the reference figure."""

allowance_values = st.sampled_from((100 * COIN, 0, 1, 5_000 * COIN, MAX_UINT256))

reserves = st.sampled_from(
    [Reserves("headroom", headroom=h) for h in (100_000 * COIN, 1_000 * COIN, 1)]
    + [Reserves("exact"), Reserves("short"), Reserves("zero")]
)

minter_allowances = st.sampled_from((100_000 * COIN, 0, 1_000 * COIN, MAX_UINT256))

expiries = st.sampled_from(
    [Expiry("lifted"), Expiry("lifted")]
    + [Expiry("offset", offset=o) for o in (30 * DAY, DAY, 4 * DAY, HOUR, BLOCK, 0, -60)]
    + [Expiry("forever"), Expiry("beyond")]
)

permits = st.builds(
    PermitSpec,
    signature=st.sampled_from(("owner", "other_key", "future_nonce")),
    other=actors,
    deadline_offset=st.sampled_from((HOUR, 0, -1)),
)

tiers = st.sampled_from(tuple(WalletTier))

redemption_picks = picks(st.integers(0, 7))
"""Which redemption request to pay: an unpaid one, or any id up to 7 (often unknown or paid)."""

time_steps = st.sampled_from((HOUR, DAY, 4 * DAY, 8 * DAY, BLOCK))
"""How far to move the clock: past a freeze's lapse (3 days), an attestation's age (7 days), a UTC day."""

clock_moves = st.sampled_from(
    [ClockMove("end"), ClockMove("cooled"), ClockMove("end", offset=-1), ClockMove("cooled", offset=-1)]
    + [ClockMove("by", seconds=t) for t in (HOUR, DAY, 2 * DAY, 3 * DAY, BLOCK)]
    + [ClockMove("end", offset=1), ClockMove("cooled", offset=1)]
)
"""Moves of the clock that land on the edges of the due-process rule: the second a freeze lapses, the
second its cooling-off ends, one second either side, or plain hours and days."""

due_process_expiries = st.sampled_from(
    [Expiry("lifted"), Expiry("offset", offset=30 * DAY), Expiry("offset", offset=DAY), Expiry("offset", offset=HOUR)]
)
"""What a regulator asks for under due process: until lifted or a long time (both cut to the provisional
period), or less than it."""

confirm_expiries = st.sampled_from(
    [Expiry("lifted"), Expiry("offset", offset=DAY), Expiry("offset", offset=HOUR), Expiry("offset", offset=10 * DAY)]
)
"""How long a court confirms a freeze for: until lifted, or a while (shorter or longer than the provisional period)."""
