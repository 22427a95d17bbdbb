"""The banking calendar: fiat moves only on working days, in banking hours.

On chain a coin moves at any hour; the fiat behind it does not. Deposits become coins, and redemption
requests become money, only while the banks are open, so a shock on a Friday night meets a closed
primary market until Monday morning (the Federal Reserve's FEDS Note on USDC in March 2023). Times
are seconds from the start of a run, whose first day is `start_weekday` (0 is Monday).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..units import DAY, HOUR

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class BankingCalendar:
    """Banks open `open_hour` to `close_hour` on the first `working_days` weekdays (Monday first)."""

    open_hour: float = 9.0
    close_hour: float = 17.0
    working_days: int = 5
    start_weekday: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.open_hour < self.close_hour <= 24:
            raise ValueError(f"banking hours run from an opening to a later closing within a day, not {self.open_hour} to {self.close_hour}")
        if not 1 <= self.working_days <= 7 or not 0 <= self.start_weekday <= 6:
            raise ValueError("working_days lies in 1 to 7 and start_weekday in 0 (Monday) to 6 (Sunday)")

    def weekday(self, day: int) -> int:
        """The weekday (0 Monday) of simulated day `day`."""
        return (self.start_weekday + day) % 7

    def working(self, day: int) -> bool:
        """Whether simulated day `day` is a working day."""
        return self.weekday(day) < self.working_days

    def opens(self, day: int) -> int:
        """When the banks open on day `day` (whether or not it is a working day)."""
        return day * DAY + round(self.open_hour * HOUR)

    def is_open(self, t: int) -> bool:
        """Whether fiat can move at time `t`."""
        day, into = divmod(t, DAY)
        return self.working(day) and self.open_hour * HOUR <= into < self.close_hour * HOUR

    def next_open(self, t: int) -> int:
        """The first moment at or after `t` when the banks are open."""
        if self.is_open(t):
            return t
        day = t // DAY
        while True:
            if self.working(day) and self.opens(day) >= t:
                return self.opens(day)
            day += 1

    def deadline(self, t: int, working_days: int) -> int:
        """When a request made at `t`, due within `working_days` working days, must be paid: it counts as
        received when the banks next open, and is due by the close of the working day that many working days
        later (0: the close of the day it is received)."""
        day = self.next_open(t) // DAY
        remaining = working_days
        while remaining > 0:
            day += 1
            if self.working(day):
                remaining -= 1
        return day * DAY + round(self.close_hour * HOUR)


__all__ = ["WEEKDAYS", "BankingCalendar"]
