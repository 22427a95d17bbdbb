"""Write docs/cost-of-control.md: gas of every operation, every regime, beside plain OpenZeppelin ERC-20s.

    python scripts/cost_of_control.py          # rewrites docs/cost-of-control.md and prints the table
"""

from __future__ import annotations

from pathlib import Path

from coinage.chain import FORK
from coinage.compiler import EVM_VERSION
from coinage.costs import cost_table, to_markdown

HEADER = f"""# The cost of control

Gas of each operation (the 21,000 base included), measured on the embedded chain ({FORK.capitalize()} rules, on both engines) from
the same funded state: holders alice, bob and carol with 1,000 coins each, storage cold as at the start
of a real transaction. `—` means nobody holds that power in the regime. `PlainERC20` is OpenZeppelin 5's
ERC-20 with no control at all; `BlocklistERC20` is OpenZeppelin's pausable ERC-20 plus a blocklist mapping
checked on both sides, the usual way to add a freeze. All contracts are compiled by the same toolchain
(solc 0.8.37, optimizer 200 runs, EVM {EVM_VERSION}).

Regenerate with `python scripts/cost_of_control.py`.

"""

NOTES = """

How Coinage keeps control cheap: a holder's balance, freeze expiry and wallet tier share one storage
word, so a transfer reads and writes one slot per party, exactly as a plain ERC-20 does; the only extra
storage read is the global pause flag. The escrow (the coin's own account) is frozen from birth, which
refuses transfers into it without a separate check, and the sovereign coin's wallet limits live in a
subclass, so the other regimes pay nothing for them.
"""


def main() -> None:
    operations, columns = cost_table()
    table = to_markdown(operations, columns)
    target = Path(__file__).resolve().parent.parent / "docs" / "cost-of-control.md"
    target.write_text(HEADER + table + NOTES)
    print(table)


if __name__ == "__main__":
    main()
