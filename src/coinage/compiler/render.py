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

HARDHAT_FORMAT = "hh-sol-artifact-1"


def render_artifact(
    *,
    contract_name: str,
    source_name: str,
    source_text: str,
    output: dict[str, Any],
    compiler_version: str,
) -> bytes:
    """Return the canonical JSON bytes for one compiled contract, in Hardhat's artifact format.

    The keys of `hh-sol-artifact-1` (what Hardhat, ethers' `ContractFactory.fromSolidity` and
    most tools load) come first in meaning; the compiler's metadata, storage layout, immutable
    references and NatSpec (devdoc, userdoc) ride alongside as extra keys, which those loaders
    ignore, with the compiler settings and the source's hash that the build cache checks.
    """
    evm = output.get("evm", {})
    bytecode, deployed = evm.get("bytecode", {}), evm.get("deployedBytecode", {})
    document = {
        "_format": HARDHAT_FORMAT,
        "contractName": contract_name,
        "sourceName": source_name,
        "abi": output.get("abi", []),
        "bytecode": _hex(bytecode.get("object", "")),
        "deployedBytecode": _hex(deployed.get("object", "")),
        "linkReferences": bytecode.get("linkReferences", {}),
        "deployedLinkReferences": deployed.get("linkReferences", {}),
        "immutableReferences": deployed.get("immutableReferences", {}),
        "metadata": output.get("metadata", ""),
        "storageLayout": output.get("storageLayout", {}),
        "devdoc": output.get("devdoc", {}),
        "userdoc": output.get("userdoc", {}),
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
