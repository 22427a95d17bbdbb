"""Scenario demo: `python scripts/shortfall.py --regime due-process --seed 3` (or `--regime all`)."""

from _demo import main

if __name__ == "__main__":
    raise SystemExit(main("shortfall"))
