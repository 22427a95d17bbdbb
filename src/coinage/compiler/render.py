"""Turn compiler output into artifact files, byte-for-byte reproducibly.

Both the build cache and the shipped ``coinage/artifacts`` directory are written
through :func:`render_artifact`, so a fresh compile can be compared with what is
shipped by plain byte equality.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from coinage.compiler.settings import EVM_VERSION, OPTIMIZER


def render_artifact(
    *,
    contract_name: str,
    source_name: str,
    source_text: str,
    output: dict[str, Any],
    compiler_version: str,
) -> bytes:
    """Return the canonical JSON bytes for one compiled contract."""
    evm = output.get("evm", {})
    document = {
        "contractName": contract_name,
        "sourceName": source_name,
        "abi": output.get("abi", []),
        "bytecode": _hex(evm.get("bytecode", {}).get("object", "")),
        "deployedBytecode": _hex(evm.get("deployedBytecode", {}).get("object", "")),
        "compiler": {
            "version": compiler_version,
            "settings": {"evmVersion": EVM_VERSION, "optimizer": dict(OPTIMIZER)},
        },
        "sourceHash": hashlib.sha256(source_text.encode("utf-8")).hexdigest(),
    }
    return (json.dumps(document, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _hex(code: str) -> str:
    """Normalise solc's bare hex to the 0x-prefixed form web3 expects."""
    return code if code.startswith("0x") else "0x" + code
