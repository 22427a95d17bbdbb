"""Copy Circle's compiled USDC contracts from the pinned npm package into the Coinage package.

Circle's stablecoin-evm is Apache-2.0, so its artifacts may ship inside Coinage with the licence and a
notice (`src/coinage/artifacts/usdc/`). Only what a deployment needs is kept: the ABI, the creation
code and the library link references. `tests/test_designs.py` checks the copies match the package.

    npm ci && python scripts/vendor_usdc.py
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.designs.artifacts import USDC_CONTRACTS, USDC_DIR, USDC_PACKAGE, usdc_package_artifact  # noqa: E402


def main() -> None:
    package = ROOT / "node_modules" / USDC_PACKAGE
    for name in USDC_CONTRACTS:
        document = usdc_package_artifact(package, name)
        (USDC_DIR / f"{name}.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(package / "LICENSE", USDC_DIR / "LICENSE")
    print(f"copied {len(USDC_CONTRACTS)} artifacts and the licence into {USDC_DIR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
