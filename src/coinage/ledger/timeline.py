"""One ledger of every transaction, decoded from receipts as they arrive.

Built from receipts at send time, never from a log query: on eth-tester a query over the whole
chain walks every block and grows quadratically with history.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from ..chain import Deferred, Receipt
from ..contracts import Event, Refusal, Transaction
from ..enums import Regime
from ..units import format_coins, format_until
from .chain_log import LoggedTransaction

_AMOUNT_FIELDS = {"value", "amount", "reserves", "allowance"}
_REFERENCE_FIELDS = {"caseRef", "reportRef", "fiatRef"}


@dataclass(frozen=True)
class Entry(Deferred):
    """One line of the timeline. `outcome` is "ok" or the name of the rule that refused it."""

    block: int
    time: int
    actor: str
    action: str
    details: str
    outcome: str
    gas: int

    @classmethod
    def with_deferred_details(
        cls, block: int, time: int, actor: str, action: str, write: Callable[[], str], outcome: str, gas: int
    ) -> Entry:
        """An entry whose `details` are `write()`, written when first read, then kept.

        A population run records tens of thousands of entries and reads none of their details;
        writing them (names, amounts, every event joined) cost about a fifth of a Coin transfer on
        revm. Equality, hashing, `dataclasses.astuple` and pickling write them as any read does.
        """
        return cls.deferred("details", write, block=block, time=time, actor=actor, action=action, outcome=outcome, gas=gas)

    @property
    def when(self) -> str:
        return datetime.fromtimestamp(self.time, UTC).strftime("%Y-%m-%d %H:%M:%S")


class Timeline:
    """Accepted and refused transactions, in order, with names instead of addresses."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names
        # The names as they stood when the latest entry was recorded: an entry's details, written
        # later, show what they would have shown then (copied again whenever labels are added).
        self._names_then: Mapping[str, str] = {}
        self._names_count = -1
        self.entries: list[Entry] = []
        # Receipts recorded here, hashed only when `sync` needs them (a hash costs a signature on revm).
        self._unhashed: list[Receipt] = []
        self._recorded: set[bytes] = set()
        self.synced_block = 0
        """The last block `sync` has read the chain's logs through."""

    def _show(self, key: str, value: Any, names: Mapping[str, str] | None = None) -> str:
        if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
            return (self._names if names is None else names).get(value.lower(), value)
        if isinstance(value, IntEnum):
            return value.name.lower()
        if key in _REFERENCE_FIELDS and isinstance(value, bytes):
            return value.rstrip(b"\0").decode(errors="replace") or "-"
        if key == "until":
            return format_until(value)
        if key in _AMOUNT_FIELDS and isinstance(value, int):
            return format_coins(value)
        return str(value)

    def describe(self, name: str, args: dict[str, Any], names: Mapping[str, str] | None = None) -> str:
        """An event as the timeline shows it: addresses by `names` (default: the current names), amounts in coins."""
        shown = " ".join(f"{key}={self._show(key, value, names)}" for key, value in args.items())
        return f"{name}({shown})" if shown else name

    def _describe_all(self, events: Iterable[Event], names: Mapping[str, str] | None = None) -> str:
        return "; ".join(self.describe(e.name, e.args, names) for e in events)

    def _details_later(self, transaction: Transaction) -> Callable[[], str]:
        if len(self._names) != self._names_count:  # a label was added (or a snapshot undid some)
            self._names_then, self._names_count = dict(self._names), len(self._names)
        return partial(_describe_transaction, self, transaction, self._names_then)

    def record_deployment(self, receipt: Receipt, regime: Regime) -> None:
        self._unhashed.append(receipt)
        self.entries.append(
            Entry(receipt.block_number, receipt.timestamp, self._names.get(receipt.sender.lower(), receipt.sender),
                  "deploy", f"regime={regime.slug}", "ok", receipt.gas_used)
        )

    def record(self, outcome: Transaction | Refusal) -> None:
        receipt = outcome.receipt
        self._unhashed.append(receipt)
        if isinstance(outcome, Transaction):
            entry = Entry.with_deferred_details(receipt.block_number, receipt.timestamp, outcome.actor, outcome.action,
                                                self._details_later(outcome), "ok", receipt.gas_used)
        else:
            entry = Entry(receipt.block_number, receipt.timestamp, outcome.actor, outcome.action,
                          str(outcome.error), outcome.error.rule, receipt.gas_used)
        self.entries.append(entry)

    def sync(self, logged: Iterable[LoggedTransaction], through_block: int) -> list[Entry]:
        """Add the logged transactions this timeline has not recorded (sent by other clients); return them.

        Each is named after the function its input calls, by its sender's name when known, else
        by a short address. Entries stay in block order.
        """
        self._recorded.update(bytes(r.tx_hash) for r in self._unhashed)
        self._unhashed = []
        added = []
        for tx in logged:
            if tx.tx_hash in self._recorded:
                continue
            self._recorded.add(tx.tx_hash)
            actor = self._names.get(tx.sender.lower()) or short_address(tx.sender)
            action = snake_case(tx.function) if tx.function else "call"
            details = self._describe_all(tx.events)
            added.append(Entry(tx.block_number, tx.timestamp, actor, action, details, "ok", tx.gas_used))
        if added:
            # In place (others hold this list); stable, so the order within a block is kept.
            self.entries[:] = sorted(self.entries + added, key=lambda e: e.block)
        self.synced_block = max(self.synced_block, through_block)
        return added

    def checkpoint(self) -> tuple[list[Entry], list[Receipt], set[bytes], int]:
        """The entries, the receipts seen (so `sync` knows them) and the last block synced."""
        return list(self.entries), list(self._unhashed), set(self._recorded), self.synced_block

    def restore(self, state: tuple[list[Entry], list[Receipt], set[bytes], int]) -> None:
        entries, unhashed, recorded, self.synced_block = state
        self.entries[:] = entries  # in place: others hold this list
        self._unhashed, self._recorded = list(unhashed), set(recorded)

    # --- export ----------------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps([asdict(e) for e in self.entries], indent=1)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["block", "time", "actor", "action", "outcome", "gas", "details"])
        for e in self.entries:
            writer.writerow([e.block, e.when, e.actor, e.action, e.outcome, e.gas, e.details])
        return buffer.getvalue()

    def table(self) -> str:
        """A plain-text table, one line per transaction."""
        rows = [("block", "time (UTC)", "actor", "action", "outcome", "details")]
        rows += [(str(e.block), e.when, e.actor, e.action, e.outcome, e.details) for e in self.entries]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths)) + "  " + row[5] for row in rows
        )


def _describe_transaction(timeline: Timeline, transaction: Transaction, names: Mapping[str, str]) -> str:
    return timeline._describe_all(transaction.events, names)


def short_address(address: str) -> str:
    """An address nobody named, shortened as wallets show it: 0x1234…abcd."""
    return f"{address[:6]}…{address[-4:]}"


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
