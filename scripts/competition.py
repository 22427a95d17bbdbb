"""Scenario demo: `python scripts/competition.py --regime regulator-controlled --seed 3` (or `--regime all`)."""

from _demo import main

if __name__ == "__main__":
    raise SystemExit(main("competition"))
