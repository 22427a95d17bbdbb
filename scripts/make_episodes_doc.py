"""Write the results section of docs/episodes.md: each episode's table at its documented parameters.

    python scripts/make_episodes_doc.py           # rewrite the section between its markers
    python scripts/make_episodes_doc.py --check   # exit 1 if it is out of date

The rest of the page (the recorded figures, the bands, the parameters, written before the runs) is
left as it is. Each table is exactly what `coinage episode NAME --seeds 5` prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.cli_episode import episode_lines  # noqa: E402
from coinage.experiments.episodes import EPISODES  # noqa: E402
from coinage.sweep.episodes import run_episode  # noqa: E402

TARGET = ROOT / "docs" / "episodes.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
SEEDS = 5


def render() -> str:
    """The section, markers included."""
    parts = [START, "", f"Each table is `coinage episode NAME --seeds {SEEDS}` (seeds 0 to {SEEDS - 1}, the documented population).", ""]
    for name in EPISODES:
        parts += ["```text", *episode_lines(run_episode(name, seeds=SEEDS)), "```", ""]
    return "\n".join([*parts, END])


def with_results(page: str, section: str) -> str:
    """`page` with its results section replaced by `section` (appended under a heading if it has none)."""
    if START in page:
        head, rest = page.split(START, 1)
        return head + section + rest.split(END, 1)[1]
    return page.rstrip("\n") + "\n\n## Results at the documented parameters\n\n" + section + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the section is out of date")
    args = parser.parse_args()
    page = TARGET.read_text(encoding="utf-8")
    fresh = with_results(page, render())
    if args.check:
        if fresh != page:
            print("docs/episodes.md is out of date: run python scripts/make_episodes_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(fresh, encoding="utf-8")
    print(f"wrote the results of {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
