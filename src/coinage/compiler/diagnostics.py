"""Render solc error records as ``path:line: message`` lines.

solc reports positions as byte offsets; people and editors want line numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def render_diagnostics(
    errors: Iterable[Mapping[str, Any]],
    sources: Mapping[str, str],
    project_root: Path,
) -> list[str]:
    """Return one line per error-severity record; warnings and infos are dropped."""
    lines = []
    for record in errors:
        if record.get("severity") != "error":
            continue
        lines.append(render_one(record, sources, project_root))
    return lines


def render_one(record: Mapping[str, Any], sources: Mapping[str, str], project_root: Path) -> str:
    """Render a single solc error record."""
    kind = record.get("type", "Error")
    message = " ".join(str(record.get("message", "unknown error")).split())
    location = record.get("sourceLocation") or {}
    file_name = location.get("file")
    if not file_name:
        return f"solc: {kind}: {message}"
    text = sources.get(file_name)
    if text is None:
        text = _read_quietly(project_root / file_name)
    start = location.get("start", -1)
    if text is None or not isinstance(start, int) or start < 0:
        return f"{file_name}: {kind}: {message}"
    return f"{file_name}:{line_of(text, start)}: {kind}: {message}"


def line_of(text: str, byte_offset: int) -> int:
    """Return the 1-based line containing ``byte_offset`` of the UTF-8 encoding of ``text``."""
    return text.encode("utf-8")[:byte_offset].count(b"\n") + 1


def _read_quietly(path: Path) -> str | None:
    """Read an imported file for line numbering, or give up without masking the real error."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
