"""The real coins in the sandbox: Circle's USDC (FiatTokenV2_2) and Tokeny's ERC-3643 T-REX, deployed as
their owners do, on both embedded engines and on Anvil, facing the stories that mean something for them.

Each story's defining outcome is asserted per coin: under USDC phished funds end frozen with the thief and
nothing is recovered; under T-REX forced transfers return them. Who holds a power is read from the peer
contract's own role storage, so handing a role to someone else changes the answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from coinage import deploy_coin
from coinage.chain.node import AnvilNotInstalled, start_anvil
from coinage.chain.rpc import RpcChain
from coinage.cli import main
from coinage.costs import design_gas_table
from coinage.designs import PEERS, PeerNotInstalled, PowerLacking
from coinage.designs import artifacts as peer_artifacts
from coinage.enums import Power, Role
from coinage.errors import AccountFrozen, Blacklisted, EnforcedPause, NotBlacklister, Unauthorized, WalletFrozen
from coinage.report import scenario_tables
from coinage.scenarios import SCENARIOS, Outcome, compare, run_scenario
from coinage.units import coins

from script_modules import load_script
from test_terminal_layout import on_terminal

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("revm", "py-evm")
STORIES = [(name, peer) for name, scenario in SCENARIOS.items() for peer in scenario.peers]


# --- deployment and powers ---------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_usdc_deploys_through_every_initialiser_with_circle_in_every_role(engine: str) -> None:
    """USDC deploys behind its proxy, initialised up to V2_2 (a second V2_2 call is refused), Circle in every role."""
    d = deploy_coin(coin="usdc", engine=engine)
    coin, issuer = d.coin, d.cast.issuer.address
    assert (coin.name(), coin.symbol(), coin.decimals(), coin._read("version")) == ("USD Coin", "USDC", 6, "2")
    roles = coin.roles()  # type: ignore[attr-defined]
    assert {roles[r] for r in ("owner", "pauser", "blacklister", "rescuer")} == {issuer}
    assert roles["proxy admin"] not in (issuer, "") and roles["masterMinter"] != issuer
    with pytest.raises(Exception):
        coin._send("initializeV2_2", ([], "USDC"), d.cast.issuer, "initialize")


@pytest.mark.parametrize("engine", ENGINES)
def test_trex_deploys_with_identities_and_starts_unpaused_for_verified_holders(engine: str) -> None:
    """T-REX deploys with its registries; every holder has a verified identity, and a stranger cannot receive."""
    d = deploy_coin(coin="erc3643", holders=("alice", "bob"), engine=engine)
    coin, cast = d.coin, d.cast
    assert not coin.paused() and coin.roles() == {"owner": cast.issuer.address, "agent": cast.issuer.address}  # type: ignore[attr-defined]
    coin.mint(cast.alice, coins(10), by=cast.issuer)
    coin.transfer(cast.bob, coins(1), by=cast.alice)
    stranger = d.chain.account("stranger").address
    with pytest.raises(Exception, match="Transfer not possible"):
        coin.transfer(stranger, coins(1), by=cast.alice)
    assert coin.balance_of(cast.bob) == coins(1)


def test_who_holds_freeze_is_read_from_usdcs_role_storage() -> None:
    """Handing USDC's blacklister role to the regulator changes who holds FREEZE: the answer comes from the chain."""
    d = deploy_coin(coin="usdc")
    assert d.holder_of(Power.FREEZE) is d.cast.issuer
    d.coin._send("updateBlacklister", (d.cast.regulator.address,), d.cast.issuer, "update_blacklister")
    assert d.holder_of(Power.FREEZE) is d.cast.regulator and d.coin.role_for(Power.FREEZE) is Role.REGULATOR
    with pytest.raises(NotBlacklister, match="caller is not the blacklister") as refused:
        d.coin.freeze(d.cast.alice, case="X", by=d.cast.issuer)
    assert isinstance(refused.value, Unauthorized)


def test_a_holder_made_blacklister_holds_freeze() -> None:
    """A USDC blacklister who is an ordinary holder is still found: the answer is the stored address, not a regime role."""
    d = deploy_coin(coin="usdc")
    d.coin._send("updateBlacklister", (d.cast.alice.address,), d.cast.issuer, "update_blacklister")
    assert d.holder_of(Power.FREEZE) is d.cast.alice
    d.coin.freeze(d.cast.bob, case="X", by=d.cast.alice)
    assert d.coin.is_frozen(d.cast.bob)


def test_who_holds_freeze_is_read_from_trex_agent_storage() -> None:
    """Removing T-REX's only agent leaves FREEZE, SEIZE and PAUSE with nobody."""
    d = deploy_coin(coin="erc3643", holders=("alice",))
    assert d.holder_of(Power.SEIZE) is d.cast.issuer
    d.coin._send("removeAgent", (d.cast.issuer.address,), d.cast.issuer, "remove_agent")
    assert [d.holder_of(p) for p in (Power.FREEZE, Power.SEIZE, Power.PAUSE)] == [None, None, None]


@pytest.mark.parametrize(
    ("coin", "power", "consequence"),
    [
        ("usdc", Power.SEIZE, "stolen coins stay frozen with the thief"),
        ("usdc", Power.CONFIRM_FREEZE, "never expires"),
        ("usdc", Power.LICENCE, "no licence exists on chain"),
        ("erc3643", Power.CONFIGURE_MINTER, "without any allowance"),
        ("erc3643", Power.ATTEST, "reserves are not on chain"),
    ],
)
def test_a_lacking_power_is_nobody_and_says_its_consequence(coin: str, power: Power, consequence: str) -> None:
    """A power the real coin lacks belongs to nobody, and using it raises PowerLacking naming the consequence."""
    d = deploy_coin(coin=coin, holders=("alice",))
    assert d.coin.role_for(power) is Role.NOBODY and d.holder_of(power) is None
    assert consequence in d.coin.lacking(power).args[0]  # type: ignore[attr-defined]


def test_usdc_revert_strings_are_typed_rules_quoting_the_reason() -> None:
    """A blacklisted USDC holder's transfer raises Blacklisted, an AccountFrozen, quoting Circle's reason; approve still works (v2.2)."""
    d = deploy_coin(coin="usdc")
    coin, cast = d.coin, d.cast
    coin.set_minter_allowance(coins(100), by=cast.issuer)
    coin.mint(cast.alice, coins(100), by=cast.issuer)
    coin.freeze(cast.alice, case="X", by=cast.issuer)
    with pytest.raises(Blacklisted) as refused:
        coin.transfer(cast.bob, coins(1), by=cast.alice)
    assert isinstance(refused.value, AccountFrozen)
    assert str(refused.value) == "Blacklisted(reason='Blacklistable: account is blacklisted')"
    coin.approve(cast.bob, coins(5), by=cast.alice)  # FiatTokenV2_2 no longer blocks approvals
    assert coin.allowance(cast.alice, cast.bob) == coins(5) and coin.balance_of(cast.bob) == 0
    with pytest.raises(PowerLacking, match="no seize power"):
        coin.seize(cast.alice, coins(1), case="X", by=cast.issuer)


def test_trex_freezes_wallets_and_parts_of_balances() -> None:
    """A frozen T-REX wallet raises WalletFrozen; a partial freeze leaves the rest spendable; a pause is EnforcedPause."""
    d = deploy_coin(coin="erc3643", holders=("alice", "bob"))
    coin, cast = d.coin, d.cast
    coin.mint(cast.alice, coins(100), by=cast.issuer)
    coin.freeze_partial(cast.alice, coins(60), by=cast.issuer)  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="Insufficient Balance"):
        coin.transfer(cast.bob, coins(41), by=cast.alice)
    coin.transfer(cast.bob, coins(40), by=cast.alice)
    coin.freeze(cast.bob, case="X", by=cast.issuer)
    with pytest.raises(WalletFrozen):
        coin.transfer(cast.alice, coins(1), by=cast.bob)
    coin.pause(case="X", by=cast.issuer)
    with pytest.raises(EnforcedPause, match="Pausable: paused"):
        coin.transfer(cast.bob, coins(1), by=cast.alice)


# --- the stories -------------------------------------------------------------------------------


def assert_defining_outcome(name: str, coin: str, outcome: Outcome) -> None:
    """The outcome that defines each story on each real coin."""
    assert outcome.coin == coin
    if name == "fraud" and coin == "usdc":
        assert outcome.funds_recovered == 0 and outcome.funds_lost == outcome.funds_stolen > 0
        assert outcome.funds_frozen == outcome.funds_stolen and outcome.could_act_alone == "nobody"
    elif name == "fraud":
        assert outcome.funds_recovered == outcome.funds_stolen > 0 and outcome.funds_lost == 0
        assert outcome.could_act_alone == "issuer" and outcome.hours_until_recovered is not None
    elif name == "issuance":
        assert outcome.extra["reconciled"] == "yes" and outcome.extra["minted"] == outcome.extra["reserves"] + outcome.extra["redeemed"]
        assert outcome.funds_lost == 0 and outcome.could_act_alone == "issuer"
    elif name == "overreach":
        assert outcome.innocent_frozen == outcome.innocent_holders_affected > 0
        assert outcome.extra["frozen_at_end"] == outcome.funds_frozen > 0  # nothing lapses
        assert outcome.could_act_alone == "issuer"
    elif name == "stand-down":
        assert outcome.extra["licence"] == "no licence on chain" and outcome.extra["minting_stopped"] == "no"
        assert outcome.extra["trapped_holders"] == 0 and outcome.control_gas == 0
    elif name == "shortfall":
        assert outcome.funds_lost == outcome.extra["reserve_loss"] > 0 and outcome.extra["paused_holders"] == 0
        assert outcome.could_act_alone == "issuer"
    else:  # pragma: no cover - a new story needs its defining outcome here
        raise AssertionError(f"no defining outcome for {name} on {coin}")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "coin"), STORIES)
def test_story_on_real_coin_gives_its_defining_outcome(name: str, coin: str, engine: str) -> None:
    """Every story that applies to a real coin runs on it, on both engines, with the outcome that defines it."""
    assert_defining_outcome(name, coin, run_scenario(name, coin=coin, engine=engine))


@pytest.mark.parametrize(("name", "coin"), STORIES)
def test_story_on_real_coin_is_the_same_on_both_engines(name: str, coin: str) -> None:
    """A real coin's story gives the same outcome, field for field, on revm and py-evm."""
    assert run_scenario(name, coin=coin, engine="revm") == run_scenario(name, coin=coin, engine="py-evm")


@pytest.fixture(scope="module")
def anvil() -> Iterator[RpcChain]:
    """One Anvil node for the module; a missing binary fails with the `npm ci` hint."""
    try:
        with start_anvil() as url:
            yield RpcChain(url)
    except AnvilNotInstalled as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.mark.parametrize(("name", "coin"), STORIES)
def test_story_on_real_coin_on_anvil_equals_the_embedded_run(anvil: RpcChain, name: str, coin: str) -> None:
    """Both real coins deploy on Anvil and each story there gives the embedded chain's outcome."""
    with anvil.snapshot():
        on_node = run_scenario(name, coin=coin, chain=anvil)
    assert_defining_outcome(name, coin, on_node)
    assert on_node == run_scenario(name, coin=coin)


# --- comparison, command line, licences ----------------------------------------------------------


def test_comparison_with_no_selection_shows_regimes_then_real_coins() -> None:
    """With no selection a story's rows are Coinage's five regimes, then USDC, then ERC-3643."""
    table = scenario_tables(compare("fraud"))[0]
    labels = [row[0] for row in table.rows]
    assert labels == [
        "permissionless", "issuer-controlled", "regulator-controlled", "due-process", "sovereign",
        "USDC (FiatTokenV2_2, as deployed)", "ERC-3643 (T-REX)",
    ]


def test_compare_coin_usdc_prints_a_table_readable_at_80_columns() -> None:
    """`coinage compare --coin usdc` on an 80-column terminal: tables, no line wider than 80, every figure whole."""
    text, status = on_terminal("compare", "--coin", "usdc", columns=80)
    assert status == 0
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "stays frozen" in text and "8,400.00" in text and "USDC (FiatTokenV2_2, as deployed)" in text


def test_list_names_every_design(capsys: pytest.CaptureFixture[str]) -> None:
    """`coinage list` lists coinage, usdc and erc3643."""
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(f"  {slug} " in out for slug in ("coinage", "usdc", "erc3643"))


def test_regime_with_a_real_coin_is_one_line_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    """--regime with --coin usdc is refused in one line before anything runs."""
    with pytest.raises(SystemExit) as exited:
        main(["demo", "fraud", "--coin", "usdc", "--regime", "sovereign"])
    assert exited.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_trex_missing_gives_a_one_line_install_hint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """Without T-REX in node_modules, `--coin erc3643` fails in one line that says how to install it."""
    monkeypatch.setattr(peer_artifacts, "node_modules_candidates", lambda: [tmp_path / "node_modules"])
    peer_artifacts.load_trex.cache_clear()
    try:
        with pytest.raises(PeerNotInstalled):
            peer_artifacts.load_trex("Token")
        assert main(["demo", "fraud", "--coin", "erc3643"]) != 0
    finally:
        peer_artifacts.load_trex.cache_clear()
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "npm ci" in err and "GPL-3.0" in err


def test_shipped_usdc_artifacts_are_the_packages_own() -> None:
    """Circle's artifacts shipped in coinage/artifacts/usdc equal the pinned npm package's, with its licence and a notice."""
    package = ROOT / "node_modules" / peer_artifacts.USDC_PACKAGE
    for name in peer_artifacts.USDC_CONTRACTS:
        shipped = json.loads((peer_artifacts.USDC_DIR / f"{name}.json").read_text())
        assert shipped == peer_artifacts.usdc_package_artifact(package, name), f"run python scripts/vendor_usdc.py ({name})"
    assert (peer_artifacts.USDC_DIR / "LICENSE").read_text() == (package / "LICENSE").read_text()
    assert "Apache License" in (peer_artifacts.USDC_DIR / "NOTICE").read_text()
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert lock[f"node_modules/{peer_artifacts.TREX_PACKAGE}"]["version"] == peer_artifacts.TREX_VERSION
    assert lock[f"node_modules/{peer_artifacts.USDC_PACKAGE}"]["version"] == peer_artifacts.USDC_VERSION


# --- gas ---------------------------------------------------------------------------------------


def test_real_coins_doc_gas_section_is_current() -> None:
    """docs/compare-real-coins.md's powers and gas sections are what scripts/make_real_coins_doc.py writes from a fresh run."""
    doc = load_script("make_real_coins_doc")
    text = doc.TARGET.read_text()
    fresh = doc.render_powers(*doc.power_table()) + doc.render(*design_gas_table())
    assert text[text.index(doc.POWERS_HEADING):] == fresh, "stale: run python scripts/make_real_coins_doc.py"
    assert "reported elsewhere" not in text.lower() and "not measured by this repository" not in text


def test_gas_of_real_coins_where_each_operation_exists() -> None:
    """USDC's transfer costs 45,059 gas behind its proxy; it has no seizure; T-REX has no permit but forces transfers."""
    _, columns = design_gas_table()
    usdc, trex = columns["usdc"], columns["erc3643"]
    assert usdc["transfer"] == 45_059 and usdc["seize"] is None and usdc["permit"] is not None
    assert trex["permit"] is None and trex["seize"] is not None and trex["attest"] is None
    assert all(columns[d.slug]["freeze"] is not None and columns[d.slug]["pause"] is not None for d in PEERS)
    assert usdc["transfer"] > columns["regulator-controlled"]["transfer"] > columns["PlainERC20"]["transfer"]  # type: ignore[operator]
