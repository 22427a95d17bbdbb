"""Regenerate the comparison in docs/scenarios.md: `python scripts/make_scenarios_doc.py [--seed N]`.

The prose of the document is written by hand; only the text between the comparison markers is
replaced (what each column measures, then one table per scenario with its verdicts), so the tables
always show what the tool actually produces.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.report import column_definitions, comparison_markdown  # noqa: E402
from coinage.scenarios import Comparison, compare  # noqa: E402

START, END = "<!-- comparison:start -->", "<!-- comparison:end -->"
DOC = ROOT / "docs" / "scenarios.md"


def render(comparison: Comparison) -> str:
    """The text between the markers."""
    definitions = "\n".join(f"- {line}" for line in column_definitions())
    return f"What each column measures:\n\n{definitions}\n\n{comparison_markdown(comparison)}"


def replace(text: str, block: str) -> str:
    """`text` with the part between the comparison markers replaced by `block`."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block}{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args()
    text = args.doc.read_text()
    if START not in text or END not in text:
        parser.error(f"{args.doc} has no {START} ... {END} markers")
    began = time.perf_counter()
    comparison = compare(seed=args.seed, progress=lambda done, total: print(f"\r{done}/{total} runs", end="", file=sys.stderr))
    print(f"\ncompared in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    args.doc.write_text(replace(text, render(comparison)))
    print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
