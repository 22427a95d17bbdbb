"""Exceptions raised by the compiler layer.

Everything derives from :class:`CompilerError` so callers can catch the whole
layer at once; the base lives here alone so re-parenting it is a one-line change.
"""

from __future__ import annotations

from collections.abc import Sequence

from coinage.errors import CoinageError


class CompilerError(CoinageError):
    """Base class for every failure of the compiler layer."""


class CompilerNotFound(CompilerError):
    """No usable Solidity compiler of the pinned version is available."""


class CompilationFailed(CompilerError):
    """The compiler rejected the sources.

    ``diagnostics`` holds one ``path:line: message`` string per error so that
    editors and terminals can jump straight to the offending line.
    """

    def __init__(self, diagnostics: Sequence[str]) -> None:
        self.diagnostics: tuple[str, ...] = tuple(diagnostics)
        super().__init__("\n".join(self.diagnostics))


class ArtifactNotFound(CompilerError):
    """No shipped artifact has the requested contract name."""

    def __init__(self, name: str, available: Sequence[str]) -> None:
        self.name = name
        self.available: tuple[str, ...] = tuple(available)
        listing = ", ".join(self.available) if self.available else "none"
        super().__init__(f"no artifact named {name!r}; available: {listing}")


class CorruptArtifact(CompilerError):
    """A shipped artifact file exists but cannot be decoded."""

    def __init__(self, file_name: str, reason: str) -> None:
        self.file_name = file_name
        super().__init__(f"corrupt artifact {file_name}: {reason}")
