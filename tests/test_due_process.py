"""Due process as a property: only a court keeps an account frozen beyond the provisional period.

A Hypothesis state machine drives the due-process coin with the moves a regulator could chain to
keep an account frozen without a court: freezes under any case reference, asked for any length,
re-freezes at the very second a freeze lapses (and one second either side), at the second its
cooling-off ends, after a court lifts it, after a confirmed freeze runs out; the court's
confirmations and lifts; and moves of the clock. The test keeps a book of every freeze each account
has been under (when it started, when it ended or will end, whether a court confirmed it), and
checks after every step, as the invariant, the property itself:

* without a court's confirmation, an account is never frozen for more than the provisional period P
  in a row, and in any window of 2P that meets no confirmed freeze it is frozen for at most P.

So that a coin refusing every freeze cannot pass, each step also checks liveness against the rule the
contract states (`CoinageControls.freeze`): a freeze is accepted when the account is not frozen and
its last freeze ended at least P ago, and otherwise refused with exactly the error that names why
(`AlreadyFrozen`, `FreezeCoolingOff`, `MissingCaseReference`, `AccountNotFrozen`). On chain,
`frozenUntil` and `isFrozen` of each account must read back as the book holds them.

The seed is `test_stateful`'s (``COINAGE_HYPOTHESIS_SEED``); Hypothesis prints a failing sequence as
steps that replay from the ``tests`` directory.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from hypothesis import seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import strategies as S
import test_stateful as stateful
from coinage import (
    FOREVER,
    AccountNotFrozen,
    AlreadyFrozen,
    ContractRevert,
    Deployment,
    FreezeCoolingOff,
    MissingCaseReference,
    Regime,
)
from conftest import build_funded

SETTINGS = settings(stateful.SETTINGS, max_examples=40, stateful_step_count=30, phases=stateful.SETTINGS.phases)
"""About 1,200 steps: some 20 s on two cores, enough to reach every edge of the rule many times."""

ACCOUNTS = ("alice", "bob")
targets = st.sampled_from(ACCOUNTS)
case_references = st.sampled_from(("DP-1", "DP-2", "DP-3", ""))
"""Case references: a new one per freeze changes nothing; the empty one is refused."""

_FUNDED: list[Deployment] = []


def funded() -> Deployment:
    """The funded due-process coin, deployed once per process; each example runs in a snapshot of it."""
    if not _FUNDED:
        _FUNDED.append(build_funded(Regime.DUE_PROCESS))
    return _FUNDED[0]


@dataclass
class Span:
    """One freeze an account was under: from `start` until `end` (exclusive), confirmed by a court or not."""

    start: int
    end: int
    confirmed: bool


def longest_unconfirmed_stretch(spans: list[Span]) -> int:
    """The longest time an account was frozen in a row under provisional freezes alone (touching ones joined)."""
    longest, stretch_start, stretch_end = 0, None, None
    for span in sorted((s for s in spans if not s.confirmed), key=lambda s: s.start):
        if stretch_end is None or stretch_start is None or span.start > stretch_end:
            stretch_start, stretch_end = span.start, span.end
        else:
            stretch_end = max(stretch_end, span.end)
        longest = max(longest, stretch_end - stretch_start)
    return longest


def most_frozen_in_a_window(spans: list[Span], width: int) -> int:
    """The most unconfirmed frozen time inside any window of `width` seconds that meets no confirmed freeze.

    The total is piecewise linear in the window's start, so its largest value is at a window that starts
    where a provisional freeze starts or a confirmed one ends, or ends where either ends or starts.
    """
    provisional = [(s.start, s.end) for s in spans if not s.confirmed and s.end > s.start]
    confirmed = [(s.start, s.end) for s in spans if s.confirmed and s.end > s.start]
    starts = {a for a, _ in provisional} | {b for _, b in confirmed}
    starts |= {b - width for _, b in provisional} | {a - width for a, _ in confirmed}
    most = 0
    for start in starts:
        end = start + width
        if any(a < end and start < b for a, b in confirmed):
            continue
        most = max(most, sum(max(0, min(b, end) - max(a, start)) for a, b in provisional))
    return most


@seed(stateful.SEED)
class DueProcessFreezes(RuleBasedStateMachine):
    """The regulator and the court act on two holders' accounts, in any order, at any time."""

    def __init__(self) -> None:
        super().__init__()
        self._stack = ExitStack()
        self.d = self._stack.enter_context(funded().snapshot())
        self.coin, self.chain, self.cast = self.d.coin, self.d.chain, self.d.cast
        self.period = self.coin.periods()[0]
        self.spans: dict[str, list[Span]] = {name: [] for name in ACCOUNTS}

    def teardown(self) -> None:
        self._stack.close()

    # --- the book --------------------------------------------------------------------------------

    def last(self, account: str) -> Span | None:
        spans = self.spans[account]
        return spans[-1] if spans else None

    def frozen(self, account: str, now: int) -> bool:
        last = self.last(account)
        return last is not None and now < last.end

    def end_now(self, account: str, now: int) -> None:
        """The account's freeze in force (if any) ends at `now`: lifted, or replaced by a confirmation."""
        last = self.last(account)
        if last is not None and last.end > now:
            last.end = now

    def send(self, expected: type[ContractRevert] | None, action: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Send `action`; require it accepted if `expected` is None, else refused with exactly `expected`."""
        try:
            action(*args, **kwargs)
        except ContractRevert as refusal:
            assert type(refusal) is expected, f"expected {expected.__name__ if expected else 'acceptance'}, got {refusal!r}"
            return False
        assert expected is None, f"expected {expected.__name__}, but the coin accepted"
        return True

    # --- the regulator ---------------------------------------------------------------------------

    @rule(account=targets, expiry=S.due_process_expiries, case=case_references)
    def freeze(self, account: str, expiry: S.Expiry, case: str) -> None:
        """The regulator freezes, under any case reference and asking for any length."""
        now = self.chain.now
        until = expiry.resolve(now)
        last = self.last(account)
        expected: type[ContractRevert] | None = None
        if not case:
            expected = MissingCaseReference
        elif self.frozen(account, now):
            expected = AlreadyFrozen
        elif last is not None and now < last.end + self.period:
            expected = FreezeCoolingOff
        if self.send(expected, self.coin.freeze, self.cast[account], case=case, until=until or None, by=self.cast.regulator):
            end = min(until or FOREVER, now + self.period)
            self.spans[account].append(Span(now, end, confirmed=False))

    # --- the court -------------------------------------------------------------------------------

    @rule(account=targets, expiry=S.confirm_expiries, case=case_references)
    def confirm(self, account: str, expiry: S.Expiry, case: str) -> None:
        """The court confirms a freeze in force, for any length."""
        now = self.chain.now
        until = expiry.resolve(now)
        expected = MissingCaseReference if not case else None if self.frozen(account, now) else AccountNotFrozen
        if self.send(expected, self.coin.confirm_freeze, self.cast[account], case=case, until=until or None, by=self.cast.court):
            self.end_now(account, now)
            self.spans[account].append(Span(now, until or FOREVER, confirmed=True))

    @rule(account=targets, case=case_references)
    def lift(self, account: str, case: str) -> None:
        """The court lifts a freeze in force."""
        now = self.chain.now
        expected = MissingCaseReference if not case else None if self.frozen(account, now) else AccountNotFrozen
        if self.send(expected, self.coin.unfreeze, self.cast[account], case=case, by=self.cast.court):
            self.end_now(account, now)

    # --- time ------------------------------------------------------------------------------------

    @rule(account=targets, move=S.clock_moves)
    def move_clock(self, account: str, move: S.ClockMove) -> None:
        """Time passes: by hours or days, or to the second (or one second either side of) a freeze's end or cooling-off's end."""
        last = self.last(account)
        self.chain.advance_time(move.resolve(self.chain.now, last.end if last else None, self.period))

    # --- the property ----------------------------------------------------------------------------

    @invariant()
    def only_a_court_keeps_an_account_frozen_beyond_the_provisional_period(self) -> None:
        for account, spans in self.spans.items():
            assert longest_unconfirmed_stretch(spans) <= self.period, (account, spans)
            assert most_frozen_in_a_window(spans, 2 * self.period) <= self.period, (account, spans)

    @invariant()
    def the_chain_holds_what_the_book_holds(self) -> None:
        now = self.chain.now
        for account in ACCOUNTS:
            last = self.last(account)
            assert self.coin.frozen_until(self.cast[account]) == (last.end if last else 0)
            assert self.coin.is_frozen(self.cast[account]) is self.frozen(account, now)


def test_only_a_court_keeps_an_account_frozen_beyond_the_provisional_period() -> None:
    """Under due process, over any sequence of freezes, lapses, re-freezes, confirmations, lifts and moves of
    the clock, no account is frozen longer than the provisional period in a row, or in any window of twice
    that period, without a court's confirmation; and every freeze the rule allows is accepted."""
    run_state_machine_as_test(DueProcessFreezes, settings=SETTINGS)


def test_the_book_finds_the_loophole_the_old_rule_left() -> None:
    """The invariant's measures see the chained freezes the old no-renewal rule allowed (five freezes
    meeting at their lapses: 15 days in a row), and pass freezes a provisional period apart."""
    day = 24 * 3600
    chained = [Span(i * 3 * day, (i + 1) * 3 * day, confirmed=False) for i in range(5)]
    assert longest_unconfirmed_stretch(chained) == 15 * day
    assert most_frozen_in_a_window(chained, 6 * day) == 6 * day
    spaced = [Span(i * 6 * day, i * 6 * day + 3 * day, confirmed=False) for i in range(5)]
    assert longest_unconfirmed_stretch(spaced) == 3 * day
    assert most_frozen_in_a_window(spaced, 6 * day) == 3 * day
    covered = [Span(0, day, confirmed=False), Span(day, 30 * day, confirmed=True), Span(33 * day, 36 * day, confirmed=False)]
    assert most_frozen_in_a_window(covered, 6 * day) == 3 * day
