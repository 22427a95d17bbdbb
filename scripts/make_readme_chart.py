"""Render the README picture: stolen funds recovered per regime in the fraud scenario (seed 0).

    python scripts/make_readme_chart.py           # rewrite docs/images/fraud-recovered.png
    python scripts/make_readme_chart.py --check   # exit 1 if the committed picture is out of date

The chart is the one `coinage compare --out DIR` draws (`coinage.report.charts.fraud_chart`), from the
same outcomes. The figures it plots are also written into the PNG as a text chunk (keyword
`coinage:data`), so a test can hold the committed picture to the tool's current numbers without
comparing pixels. The same outcomes always give the same bytes: matplotlib's version is left out.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.report import compare  # noqa: E402
from coinage.report.charts import fraud_chart  # noqa: E402
from coinage.scenarios import Outcome  # noqa: E402

TARGET = ROOT / "docs" / "images" / "fraud-recovered.png"
KEYWORD = "coinage:data"
SEED = 0


def chart_data(rows: list[Outcome]) -> str:
    """The plotted figures as canonical JSON: per regime, base units stolen, recovered and lost."""
    return json.dumps(
        {
            "scenario": "fraud",
            "seed": SEED,
            "regimes": {
                row.regime.slug: {
                    "savings": int(row.extra["savings"]),
                    "stolen": int(row.extra["stolen"]),
                    "recovered": row.funds_recovered,
                    "lost": row.funds_lost,
                }
                for row in rows
            },
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def with_text(png: bytes, keyword: str, text: str) -> bytes:
    """`png` with a tEXt chunk `keyword`=`text` inserted just before its closing IEND chunk."""
    iend = _chunk(b"IEND", b"")
    if not png.endswith(iend):
        raise ValueError("not a PNG that ends with IEND")
    return png[: -len(iend)] + _chunk(b"tEXt", keyword.encode("latin-1") + b"\0" + text.encode("latin-1")) + iend


def read_text(png: bytes) -> dict[str, str]:
    """Every tEXt chunk of `png`, keyword -> text."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    found: dict[str, str] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\0")
            found[key.decode("latin-1")] = value.decode("latin-1")
        at += 12 + length
    return found


def render(rows: list[Outcome] | None = None) -> bytes:
    """The README picture, with its data embedded; `rows` are the fraud outcomes (run if not given)."""
    if rows is None:
        rows = compare(["fraud"], seed=SEED).rows
    return with_text(fraud_chart(rows), KEYWORD, chart_data(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the picture is out of date")
    args = parser.parse_args()
    png = render()
    where = TARGET.relative_to(ROOT)
    if args.check:
        if not TARGET.exists() or TARGET.read_bytes() != png:
            print(f"{where} is out of date: run python scripts/make_readme_chart.py", file=sys.stderr)
            return 1
        print(f"{where} is up to date")
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(png)
    print(f"wrote {where} ({len(png):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
