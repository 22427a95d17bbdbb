"""Directory operations for artifact sets: the build cache and the shipped copy.

Writes are atomic (temporary file or directory, then rename) so an interrupted
build can never leave a half-written cache entry that later counts as a hit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ARTIFACT_SUFFIX = ".json"


@dataclass(frozen=True)
class SyncResult:
    """How a directory of artifacts differed from the set written into it."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]


def read_artifact_set(directory: Path) -> dict[str, bytes]:
    """Return ``{contract name: file bytes}`` for every artifact file in ``directory``."""
    if not directory.is_dir():
        return {}
    return {
        path.name[: -len(ARTIFACT_SUFFIX)]: path.read_bytes()
        for path in sorted(directory.glob("*" + ARTIFACT_SUFFIX))
    }


def write_cache_entry(entry: Path, artifacts: Mapping[str, bytes]) -> None:
    """Publish ``artifacts`` as the cache entry directory ``entry``, replacing any old one."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=entry.name + ".", dir=entry.parent))
    try:
        for name, data in artifacts.items():
            (staging / (name + ARTIFACT_SUFFIX)).write_bytes(data)
        if entry.exists():
            shutil.rmtree(entry)
        try:
            staging.rename(entry)
        except OSError:
            # A concurrent build published the same key first; its content is
            # identical because compilation is deterministic.
            if not entry.is_dir():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def sync_directory(directory: Path, artifacts: Mapping[str, bytes]) -> SyncResult:
    """Make ``directory`` hold exactly ``artifacts``, touching only files that differ."""
    directory.mkdir(parents=True, exist_ok=True)
    before = read_artifact_set(directory)
    added, changed, unchanged = [], [], []
    for name in sorted(artifacts):
        data = artifacts[name]
        if name not in before:
            added.append(name)
        elif before[name] != data:
            changed.append(name)
        else:
            unchanged.append(name)
            continue
        _atomic_write(directory / (name + ARTIFACT_SUFFIX), data)
    removed = sorted(set(before) - set(artifacts))
    for name in removed:
        (directory / (name + ARTIFACT_SUFFIX)).unlink(missing_ok=True)
    return SyncResult(tuple(added), tuple(changed), tuple(removed), tuple(unchanged))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds them; say whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, data)
    return True


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers never see a partial file."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would leak into installed wheels.
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
