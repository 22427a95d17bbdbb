"""The shipped artifacts are Hardhat artifacts (hh-sol-artifact-1) with the compiler's extras, deployable contracts only."""

from __future__ import annotations

import json
import re
from pathlib import Path

from coinage.compiler import available_artifacts

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "src" / "coinage" / "artifacts"
HARDHAT_KEYS = {
    "_format": str, "contractName": str, "sourceName": str, "abi": list, "bytecode": str, "deployedBytecode": str,
    "linkReferences": dict, "deployedLinkReferences": dict,
}  # fmt: skip
EXTRA_KEYS = {"metadata": str, "storageLayout": dict, "immutableReferences": dict, "devdoc": dict, "userdoc": dict}


def test_every_artifact_has_hardhats_keys_and_the_extras() -> None:
    """Each artifact has every hh-sol-artifact-1 key and the metadata, layout, immutables and NatSpec, of the right types."""
    for name in available_artifacts():
        document = json.loads((ARTIFACTS / f"{name}.json").read_text(encoding="utf-8"))
        assert document["_format"] == "hh-sol-artifact-1"
        assert document["contractName"] == name
        assert (ROOT / document["sourceName"]).is_file()
        for key, kind in {**HARDHAT_KEYS, **EXTRA_KEYS}.items():
            assert isinstance(document[key], kind), (name, key)
        assert json.loads(document["metadata"])["compiler"]["version"] == document["compiler"]["version"]


def test_no_library_is_shipped() -> None:
    """No `library` declared under contracts/ has an artifact: its code is inside the contracts that use it."""
    libraries = {
        match for path in (ROOT / "contracts").rglob("*.sol")
        for match in re.findall(r"^\s*library\s+(\w+)", path.read_text(encoding="utf-8"), re.M)
    }  # fmt: skip
    assert libraries, "the contracts declare libraries (Regimes, HolderRecords, WalletTiers)"
    assert libraries.isdisjoint(available_artifacts())
    assert "Coinage" in available_artifacts()
