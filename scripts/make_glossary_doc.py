"""Write docs/glossary.md: the question, the five regimes and every word Coinage prints, one line each.

    python scripts/make_glossary_doc.py           # rewrite docs/glossary.md
    python scripts/make_glossary_doc.py --check   # exit 1 if it is out of date

The text comes from `coinage.glossary`, which `coinage glossary`, `coinage list` and the guided tour
read too; tests/test_docs.py holds the committed file equal to a fresh generation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.glossary import glossary_markdown  # noqa: E402

TARGET = ROOT / "docs" / "glossary.md"


def main() -> int:
    parser = argparse.ArgumentParser(description="Write docs/glossary.md from coinage.glossary.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/glossary.md is out of date, writing nothing")
    args = parser.parse_args()
    fresh = glossary_markdown()
    if args.check:
        stale = not TARGET.exists() or TARGET.read_text() != fresh
        if stale:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python scripts/make_glossary_doc.py")
        return 1 if stale else 0
    TARGET.write_text(fresh)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
