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
import io
import json
import sys
from pathlib import Path

from PIL import Image, PngImagePlugin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.scenarios import compare  # noqa: E402
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


def with_text(png: bytes, keyword: str, text: str) -> bytes:
    """`png` with a tEXt chunk `keyword`=`text` added (Pillow writes it; the pixels are kept as they are)."""
    info = PngImagePlugin.PngInfo()
    with Image.open(io.BytesIO(png)) as image:
        for key, value in image.text.items():
            info.add_text(key, value)
        info.add_text(keyword, text)
        out = io.BytesIO()
        image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def read_text(png: bytes) -> dict[str, str]:
    """Every text chunk of `png`, keyword -> text (Pillow reads them)."""
    with Image.open(io.BytesIO(png)) as image:
        if image.format != "PNG":
            raise ValueError("not a PNG")
        return dict(image.text)


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
