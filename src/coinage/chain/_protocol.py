"""The interface every chain offers: the embedded one and any JSON-RPC node."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from ._types import Account, Receipt


class Chain(Protocol):
    """An Ethereum chain Coinage can deploy to and act on.

    Time is the timestamp the next transaction will see; `advance_time` moves it forward
    (freeze expiry, attestation age). `snapshot()` is a context manager: everything done inside
    it is undone when it exits, for "what if" branches and isolated tests. A transaction carries
    `value` wei (0 unless given), from the ether its sender holds.
    """

    @property
    def chain_id(self) -> int: ...

    @property
    def now(self) -> int: ...

    @property
    def block_number(self) -> int: ...

    def account(self, name: str) -> Account: ...

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = ..., value: int = ...) -> Receipt: ...

    def call(self, to: str, data: bytes, *, sender: str | None = None) -> bytes: ...

    def advance_time(self, seconds: int) -> None: ...

    def snapshot(self) -> AbstractContextManager[None]: ...

    def batch(self) -> AbstractContextManager[None]: ...

    def describe(self) -> str: ...

