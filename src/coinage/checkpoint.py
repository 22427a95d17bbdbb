"""What a stateful object offers `Deployment.snapshot()`: a checkpoint of its own state, and a restore.

Each object that keeps a record beside the chain (the timeline, the fiat bank, the cast's labels, the
coin facade's listeners, a harm ledger) saves and restores itself, so a snapshot does not depend on
which lists and mappings the objects happen to share.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

State = TypeVar("State")


class Checkpointing(Protocol[State]):
    """An object whose state can be saved and later put back as it was."""

    def checkpoint(self) -> State:
        """Everything `restore` needs to put this object back as it is now; later changes do not alter it."""
        ...

    def restore(self, state: State) -> None:
        """Put this object back as it was at `checkpoint`; whoever holds its lists and mappings sees the change."""
        ...


__all__ = ["Checkpointing"]
