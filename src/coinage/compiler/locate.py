"""Find a Solidity compiler of the pinned version without ever downloading one.

A native binary managed by py-solc-x is preferred because it is fastest; the
Node adapter in ``tools/solc`` is the fallback that only needs ``npm ci``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from solcx.exceptions import SolcNotInstalled
from solcx.install import get_executable, get_installed_solc_versions

from coinage.compiler.errors import CompilerNotFound
from coinage.compiler.settings import SOLC_VERSION

ADAPTER = Path("tools") / "solc"


def find_compiler(project_root: Path) -> Path:
    """Return the path of an executable that behaves like native ``solc`` at the pinned version."""
    native = _solcx_executable()
    if native is not None:
        return native
    adapter = _node_adapter(project_root)
    if adapter is not None:
        return adapter
    raise CompilerNotFound(
        f"no solc {SOLC_VERSION} found: run `npm ci` in {project_root} "
        f"(needs node on PATH) or install solc {SOLC_VERSION} with py-solc-x"
    )


def _solcx_executable() -> Path | None:
    """Return py-solc-x's binary for the pinned version if it is already installed."""
    try:
        if SOLC_VERSION not in {str(v) for v in get_installed_solc_versions()}:
            return None
        return Path(get_executable(SOLC_VERSION))
    except (OSError, SolcNotInstalled):
        return None


def _node_adapter(project_root: Path) -> Path | None:
    """Return ``tools/solc`` if Node and the pinned solc-js package are both present."""
    adapter = project_root / ADAPTER
    manifest = project_root / "node_modules" / "solc" / "package.json"
    if shutil.which("node") is None or not adapter.is_file() or not manifest.is_file():
        return None
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return adapter if version == SOLC_VERSION else None
