"""Writing a set of output files all or nothing, readable by others as the umask allows.

Everything is rendered in memory first; then each file goes to a temporary name inside the target
directory and all are renamed into place at the end. An unwritable directory therefore fails on the
first temporary file, before any output file exists, and a reader never sees half a report.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path


def create_temporary(directory: Path, filename: str) -> tuple[int, Path]:
    """A new, uniquely named temporary file next to `filename`, open for writing.

    Not `tempfile.mkstemp`: it creates files with mode 0600 whatever the umask, so classmates on a
    shared server could not read the report. `os.open` with 0666 lets the umask decide, as for any file.
    """
    temporary = directory / f".{filename}.{secrets.token_hex(6)}.tmp"
    return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary


def write_all(out_dir: Path, files: Mapping[str, bytes], *, what: str) -> list[Path]:
    """Write `files` (name -> content) into `out_dir`, creating it; all of them or none.

    Raises OSError naming `what` and the directory when one cannot be written; then no temporary
    file is left behind and no file in `out_dir` has changed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for filename, data in files.items():
            handle, temporary = create_temporary(out_dir, filename)
            staged.append((temporary, out_dir / filename))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise type(error)(error.errno, f"cannot write {what} into {out_dir}: {error.strerror}") from error
    for temporary, final in staged:
        os.replace(temporary, final)
    return [final for _, final in staged]


__all__ = ["create_temporary", "write_all"]
