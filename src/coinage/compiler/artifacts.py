"""Load the compiled artifacts shipped inside the ``coinage.artifacts`` package.

Reading through ``importlib.resources`` means an installed copy of Coinage can
deploy its contracts without Node, solc, or the repository's ``contracts/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from coinage.compiler.enum_export import ENUMS_ARTIFACT
from coinage.compiler.errors import ArtifactNotFound, CorruptArtifact

ARTIFACTS_PACKAGE = "coinage.artifacts"
_SUFFIX = ".json"


@dataclass(frozen=True)
class Artifact:
    """A deployable contract: its interface, creation code and runtime code."""

    name: str
    abi: list[dict[str, Any]]
    bytecode: bytes
    deployed_bytecode: bytes
    compiler_version: str


def available_artifacts() -> list[str]:
    """Return the sorted names of every shipped contract artifact (enums.json is not one)."""
    return sorted(
        entry.name[: -len(_SUFFIX)]
        for entry in _root().iterdir()
        if entry.name.endswith(_SUFFIX) and entry.is_file() and entry.name != ENUMS_ARTIFACT + _SUFFIX
    )


def load_artifact(name: str) -> Artifact:
    """Return the shipped artifact for contract ``name``."""
    file_name = name + _SUFFIX
    entry = _root().joinpath(file_name)
    if "/" in name or "\\" in name or not entry.is_file():
        raise ArtifactNotFound(name, available_artifacts())
    try:
        document = json.loads(entry.read_text(encoding="utf-8"))
        return _parse(name, document)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CorruptArtifact(file_name, str(exc) or type(exc).__name__) from exc


def _root() -> Traversable:
    """Return the directory-like resource holding the artifact files."""
    return resources.files(ARTIFACTS_PACKAGE)


def _parse(name: str, document: Any) -> Artifact:
    """Validate the decoded JSON just enough that callers can trust the field types."""
    if not isinstance(document, dict):
        raise TypeError("top level is not an object")
    if document["contractName"] != name:
        raise ValueError(f"contractName is {document['contractName']!r}, expected {name!r}")
    abi = document["abi"]
    if not isinstance(abi, list) or not all(isinstance(item, dict) for item in abi):
        raise TypeError("abi is not a list of objects")
    version = document["compiler"]["version"]
    if not isinstance(version, str):
        raise TypeError("compiler.version is not a string")
    return Artifact(
        name=name,
        abi=abi,
        bytecode=_hex_bytes(document["bytecode"], "bytecode"),
        deployed_bytecode=_hex_bytes(document["deployedBytecode"], "deployedBytecode"),
        compiler_version=version,
    )


def _hex_bytes(value: Any, field: str) -> bytes:
    """Decode a 0x-prefixed hex string, rejecting anything else."""
    if not isinstance(value, str) or not value.startswith("0x"):
        raise ValueError(f"{field} is not a 0x-prefixed hex string")
    return bytes.fromhex(value[2:])
