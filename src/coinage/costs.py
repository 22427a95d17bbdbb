"""The cost of control: gas of every operation of the coin, in every regime, beside plain ERC-20s.

Gas is deterministic, so these figures are exact and tests may assert them. Each operation is measured
from the same funded state (inside a snapshot), on storage that is cold, as on a real chain where each
transaction starts cold.
"""

from __future__ import annotations

from collections.abc import Callable
from .chain import Account, Chain, EmbeddedChain, make_chain
from .contracts import Deployed, deploy_artifact
from .deploy import DAY, Deployment, deploy_coin
from .designs import PEERS, PowerLacking
from .enums import Power, Regime, Role
from .markdown import markdown_table
from .units import coins

REFERENCE_TOKENS = ("PlainERC20", "BlocklistERC20")
"""OpenZeppelin 5 ERC-20 with no control, and with Pausable plus a two-sided blocklist mapping."""

Operation = Callable[[Deployment], object]
"""Sends one transaction through the coin's facade; its gas is read from the timeline entry it leaves."""


def _by(d: Deployment, power: Power) -> str:
    return d.cast.name_of(d.coin.authority_for(power))


def _frozen(d: Deployment, account: str) -> None:
    d.coin.freeze(account, case="CASE-1", by=_by(d, Power.FREEZE))


def _seized(d: Deployment) -> None:
    _frozen(d, "bob")
    d.coin.seize("bob", coins(10), case="CASE-1", by=_by(d, Power.SEIZE))


def _permit(d: Deployment) -> object:
    deadline = d.chain.now + DAY
    signature = d.coin.sign_permit("alice", "carol", coins(5), deadline=deadline)
    return d.coin.permit("alice", "carol", coins(5), deadline=deadline, signature=signature, by="carol")


def _approved(d: Deployment) -> None:
    d.coin.approve("carol", coins(50), by="alice")


OPERATIONS: dict[str, tuple[Power | None, Callable[[Deployment], None] | None, Operation]] = {
    "transfer": (None, None, lambda d: d.coin.transfer("bob", coins(1), by="alice")),
    "transfer to a new holder": (None, None, lambda d: d.coin.transfer("dave", coins(1), by="alice")),
    "approve": (None, None, lambda d: d.coin.approve("carol", coins(50), by="alice")),
    "transferFrom": (None, _approved, lambda d: d.coin.transfer_from("alice", "bob", coins(1), by="carol")),
    "permit": (None, None, _permit),
    "mint": (Power.MINT, None, lambda d: d.coin.mint("bob", coins(1), by=_by(d, Power.MINT))),
    "redeem": (None, None, lambda d: d.coin.redeem(coins(1), by="alice")),
    "attest": (Power.ATTEST, None, lambda d: d.coin.attest(coins(2_000_000), report="R-2", by="attestor")),
    "freeze": (Power.FREEZE, None, lambda d: d.coin.freeze("bob", case="CASE-1", by=_by(d, Power.FREEZE))),
    "confirm freeze": (
        Power.CONFIRM_FREEZE,
        lambda d: _frozen(d, "bob"),
        lambda d: d.coin.confirm_freeze("bob", case="CASE-1", by=_by(d, Power.CONFIRM_FREEZE)),
    ),
    "unfreeze": (
        Power.UNFREEZE,
        lambda d: _frozen(d, "bob"),
        lambda d: d.coin.unfreeze("bob", case="CASE-1", by=_by(d, Power.UNFREEZE)),
    ),
    "seize": (
        Power.SEIZE,
        lambda d: _frozen(d, "bob"),
        lambda d: d.coin.seize("bob", coins(10), case="CASE-1", by=_by(d, Power.SEIZE)),
    ),
    "release": (
        Power.RELEASE,
        _seized,
        lambda d: d.coin.release("alice", coins(10), case="CASE-1", by=_by(d, Power.RELEASE)),
    ),
    "pause": (Power.PAUSE, None, lambda d: d.coin.pause(case="CASE-1", by=_by(d, Power.PAUSE))),
    "revoke licence": (
        Power.LICENCE,
        None,
        lambda d: d.coin.revoke_licence(case="CASE-1", by=_by(d, Power.LICENCE)),
    ),
}


HOLDERS = ("alice", "bob", "carol", "dave")


def funded(regime: Regime | None, *, coin: str = "coinage", chain: Chain | None = None) -> Deployment:
    """A coin with reserves attested (where the coin attests on chain) and alice, bob and carol holding 1,000 coins each."""
    d = deploy_coin(regime, coin=coin, holders=HOLDERS, chain=chain)
    if d.coin.role_for(Power.ATTEST) is not Role.NOBODY:
        d.coin.attest(coins(1_000_000), report="R-1", by="attestor")
    if d.coin.role_for(Power.CONFIGURE_MINTER) is not Role.NOBODY:
        d.coin.set_minter_allowance(coins(1_000_000), by=_by(d, Power.CONFIGURE_MINTER))
    for holder in ("alice", "bob", "carol"):
        d.coin.mint(holder, coins(1_000), by=_by(d, Power.MINT))
    return d


def measure_regime(regime: Regime) -> dict[str, int | None]:
    """Gas of each operation under `regime`; None where the regime gives nobody that power."""
    return measure(funded(regime))


def measure(d: Deployment) -> dict[str, int | None]:
    """Gas of each operation on a funded coin; None where nobody holds the power it needs."""
    costs: dict[str, int | None] = {}
    for name, (power, prepare, operation) in OPERATIONS.items():
        if power is not None and d.coin.role_for(power) is Role.NOBODY:
            costs[name] = None
            continue
        with d.snapshot():
            if prepare is not None:
                prepare(d)
            try:
                operation(d)
            except PowerLacking:  # a real coin without the function at all (T-REX has no permit)
                costs[name] = None
                continue
            costs[name] = d.timeline.entries[-1].gas
    return costs


def measure_reference(name: str, *, chain: Chain | None = None) -> dict[str, int]:
    """Gas of transfer (existing and new recipient), approve and transferFrom on a reference token."""
    chain = chain if chain is not None else EmbeddedChain()
    alice, bob, carol, dave = (chain.account(n) for n in ("alice", "bob", "carol", "dave"))
    token: Deployed = deploy_artifact(chain, name, ([alice.address, bob.address, carol.address], coins(1_000)), sender=alice)

    def send(sender: Account, function: str, *args: object) -> int:
        receipt = chain.transact(sender, token.address, token.interface.encode_call(function, args))
        if not receipt.succeeded:
            raise token.interface.decode_revert(receipt.revert_data or b"")
        return receipt.gas_used

    costs: dict[str, int] = {}
    with chain.snapshot():
        costs["transfer"] = send(alice, "transfer", bob.address, coins(1))
    with chain.snapshot():
        costs["transfer to a new holder"] = send(alice, "transfer", dave.address, coins(1))
    with chain.snapshot():
        costs["approve"] = send(alice, "approve", carol.address, coins(50))
    with chain.snapshot():
        send(alice, "approve", carol.address, coins(50))
        costs["transferFrom"] = send(carol, "transferFrom", alice.address, bob.address, coins(1))
    return costs


def cost_table() -> tuple[list[str], dict[str, dict[str, int | None]]]:
    """Operation names, and for each column (reference tokens, then regimes) the gas of each operation."""
    columns: dict[str, dict[str, int | None]] = {}
    for reference in REFERENCE_TOKENS:
        columns[reference] = dict(measure_reference(reference))
    for regime in Regime:
        columns[regime.slug] = measure_regime(regime)
    return list(OPERATIONS), columns


def design_gas_table(engine: str | None = None) -> tuple[list[str], dict[str, dict[str, int | None]]]:
    """Every design's gas, measured in one run on one chain: the reference tokens, Coinage's five regimes,
    then the real coins (by design slug), each operation where the design has it."""
    chain = make_chain(engine)
    columns: dict[str, dict[str, int | None]] = {}
    for reference in REFERENCE_TOKENS:
        columns[reference] = dict(measure_reference(reference, chain=chain))
    for regime in Regime:
        columns[regime.slug] = measure(funded(regime, chain=chain))
    for design in PEERS:
        columns[design.slug] = measure(funded(None, coin=design.slug, chain=chain))
    return list(OPERATIONS), columns


def to_markdown(operations: list[str], columns: dict[str, dict[str, int | None]]) -> str:
    """The table as Markdown, an operation per row (no final newline: the page's text follows)."""
    rows = [[op, *(_cell(column.get(op)) for column in columns.values())] for op in operations]
    header = ["operation", *columns]
    return markdown_table(header, rows, numeric=[False] + [True] * len(columns)).removesuffix("\n")


def _cell(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"
