"""A class on a real coin (USDC, ERC-3643): powers read from the chain, lacking powers named with their
consequence, the contract's own revert reasons, and replays that switch the coin."""

from __future__ import annotations

import json

import pytest

from coinage.deploy import deploy_coin
from coinage.designs import PEERS, PowerLacking
from coinage.designs.erc3643 import LACKING as TREX_LACKING
from coinage.designs.usdc import LACKING as USDC_LACKING
from coinage.enums import Power, Role
from coinage.errors import InvalidInput
from coinage.web.classroom import Classroom
from coinage.web.roles import ClassRole
from coinage.web.state import SEATS, WALLET_FUNDS, ClassState

CLASS = ("Ana", "Rex", "Fay", "Ben", "Cy", "Mo", "Gil", "Iss")
"""Dealt in order: holder, regulator, fraudster, holder, court, merchant, holder, issuer."""


def joined(coin: str) -> ClassState:
    state = ClassState(coin=coin)
    for name in CLASS:
        assert state.apply("join", name)["outcome"] == "ok"
    return state


def fingerprint(state: ClassState) -> str:
    return json.dumps([state.export(), state.board(timeline_lines=0)["participants"], state.chain.block_number])


@pytest.mark.parametrize("coin", [d.slug for d in PEERS])
def test_a_peer_class_funds_every_wallet_and_reads_its_powers_from_the_chain(coin: str) -> None:
    """On a real coin every joiner gets a funded wallet, the supply is the class's deposits, and who holds
    each power is what the coin's own contract says (as `Deployment.holder_of` reads it)."""
    state = joined(coin)
    board = state.board()
    assert board["design"] == coin and board["regime"] == coin
    assert {p["base"] for p in board["participants"]} == {WALLET_FUNDS}
    assert state.coin.total_supply() == WALLET_FUNDS * len(CLASS)
    for power in Power:
        assert state.powers[power] is state.coin.role_for(power)
    # The issuer's company holds the freeze on both coins; a regulator has no power over either.
    assert state.powers[Power.FREEZE] is Role.ISSUER
    assert not any(a["yours"] for a in state.actions_for(ClassRole.REGULATOR) if a["power"])


@pytest.mark.parametrize(("coin", "lacking"), [("usdc", USDC_LACKING), ("erc3643", TREX_LACKING)])
def test_every_power_the_coin_lacks_is_shown_with_its_consequence_and_refused_unchanged(coin: str, lacking: dict[Power, str]) -> None:
    """Each action needing a power the coin has no function for is listed with the coin's own consequence,
    and asking for it is refused with that consequence before anything is sent."""
    state = joined(coin)
    shown = {a["key"]: a for a in state.actions_for(ClassRole.ISSUER)}
    refused_any = False
    for action in shown.values():
        power = Power[action["power"]] if action["power"] else None
        if power in lacking and action["key"] != "attest":  # attesting works off chain, in a published report
            assert action["lacking"] == lacking[power] and lacking[power] in action["holder"] and not action["yours"]
            args = {f["name"]: {"participant": "Fay", "amount": "1"}.get(f["kind"], "") for f in action["fields"]
                    if not f["optional"]}
            before = fingerprint(state)
            with pytest.raises(PowerLacking, match=lacking[power].split(";")[0]):
                state.apply("action", "Iss", action["key"], args)
            assert fingerprint(state) == before
            refused_any = True
        elif power is not None:
            assert action["lacking"] is None
    assert refused_any
    # A real coin records no case reference and sets no expiry: the page says so beside those fields.
    freeze = shown["freeze"]
    assert all(f["lacking"] for f in freeze["fields"] if f["kind"] in ("case", "hours"))


def test_usdc_refusals_quote_the_contracts_own_revert_reason() -> None:
    """A frozen holder's payment on USDC is refused by the blacklist rule, and the page quotes the contract."""
    state = joined("usdc")
    state.apply("assign", "Rex", None, {"role": "issuer"})
    assert state.apply("action", "Rex", "freeze", {"account": "Fay"})["outcome"] == "ok"
    refused = state.apply("action", "Fay", "pay", {"to": "Ben", "amount": "1"})
    assert refused["outcome"] == "Blacklisted"
    assert 'The contract said: "Blacklistable: account is blacklisted"' in refused["message"]
    wrong = state.apply("action", "Cy", "freeze", {"account": "Ben"})  # the court is not Circle's blacklister
    assert wrong["outcome"] == "NotBlacklister" and "caller is not the blacklister" in wrong["message"]
    # A timed freeze is bad input here: a blacklisting has no expiry.
    with pytest.raises(InvalidInput, match="no expiry"):
        state.apply("action", "Rex", "freeze", {"account": "Ben", "hours": "3"})
    board = state.board()
    fay = next(p for p in board["participants"] if p["name"] == "Fay")
    assert fay["frozen"] and fay["open_ended"]


def test_a_class_replayed_on_another_coin_shows_both_outcomes() -> None:
    """The teacher replays a Coinage class on USDC and on ERC-3643: the side-by-side names each coin, and
    the stolen coins are recovered under regulator control and on T-REX (forced transfer), never on USDC."""
    room = Classroom.open("regulator-controlled")
    live = room.live
    for name in ("Ana", "Rex", "Fay"):
        live.apply("join", name)
    live.apply("action", "Fay", "phish", {"victim": "Ana"})
    live.apply("action", "Rex", "freeze", {"account": "Fay", "case": "C-1"})
    live.apply("action", "Rex", "seize", {"account": "Fay", "amount": "2000", "case": "C-1"})
    live.apply("action", "Rex", "release", {"recipient": "Ana", "amount": "1000", "case": "C-1"})
    assert live.metrics()["recovered"] == WALLET_FUNDS

    usdc = room.replay(coin="usdc")
    comparison = room.comparison()
    assert comparison is not None
    ours, theirs = comparison["sides"]
    assert (ours["regime"], theirs["regime"]) == ("regulator-controlled", "usdc")
    assert theirs["summary"].startswith("On USDC")
    # On USDC the regulator holds nothing: its freeze is refused by the contract, and nothing comes back.
    assert usdc.metrics()["stolen"] == WALLET_FUNDS and usdc.metrics()["recovered"] == 0
    assert any("no seize power" in s for s in usdc.skipped) and any("no release power" in s for s in usdc.skipped)
    assert any(step["outcome"] == "NotBlacklister" for step in usdc.history)

    room.replay(coin="erc3643")
    assert room.replayed is not None and room.replayed.design.slug == "erc3643"
    # T-REX has no permit, so the phishing step cannot happen there: it is named as skipped.
    assert any("no permit" in s for s in room.replayed.skipped)

    room.switch()
    assert room.coin == "erc3643" and room.live.setting == "on ERC-3643 (T-REX)"


def test_a_peer_history_round_trips_and_a_regime_is_refused_for_a_peer() -> None:
    """A USDC class's exported history names its coin and reloads to the same ledger; a regime with a real coin is refused."""
    state = joined("usdc")
    state.apply("assign", "Rex", None, {"role": "issuer"})
    state.apply("action", "Rex", "freeze", {"account": "Fay"})
    state.apply("action", "Ana", "redeem", {"amount": "10"})
    exported = state.export()
    assert exported["coin"] == "usdc" and exported["regime"] is None
    loaded = ClassState.load(json.loads(json.dumps(exported)))
    assert loaded.skipped == []
    assert loaded.board()["participants"] == state.board()["participants"]
    with pytest.raises(InvalidInput, match="governed by its own roles"):
        ClassState("due-process", coin="usdc")
    with pytest.raises(InvalidInput, match="unknown coin"):
        ClassState.load({"coin": "usdt", "steps": []})


def test_the_plain_api_agrees_with_a_usdc_class() -> None:
    """Blacklisting the fraudster after a phishing attack on USDC leaves the same balances as the plain Python API."""
    state = joined("usdc")
    state.apply("action", "Fay", "phish", {"victim": "Ana"})
    state.apply("assign", "Rex", None, {"role": "issuer"})
    state.apply("action", "Rex", "freeze", {"account": "Fay"})

    d = deploy_coin(coin="usdc", holders=SEATS)
    seats = [d.cast[s] for s in SEATS[: len(CLASS)]]
    for seat in seats:
        d.bank.receive(seat, WALLET_FUNDS)
        d.coin.set_minter_allowance(d.coin.minter_allowance() + WALLET_FUNDS, by=d.cast.issuer)
        d.bank.issue()
    ana, fay = seats[0], seats[2]
    deadline = d.chain.now + 86_400
    signature = d.coin.sign_permit(ana, fay, WALLET_FUNDS, deadline=deadline)
    d.coin.permit(ana, fay, WALLET_FUNDS, deadline=deadline, signature=signature, by=fay)
    d.coin.transfer_from(ana, fay, WALLET_FUNDS, by=fay)
    d.coin.freeze(fay, case="", by=d.cast.issuer)
    board = {p["name"]: p["base"] for p in state.board()["participants"]}
    assert [board[n] for n in CLASS] == [d.coin.balance_of(s) for s in seats]
    assert state.coin.is_frozen(state.wallet("Fay")) and d.coin.is_frozen(fay)
