"""The classroom's HTTP API: sessions, the teacher's key, history round trips, and hostile requests.

Every endpoint is sent malformed, oversized, out-of-role and key-less requests; each must get a 4xx
status with a one-line message, and leave the class exactly as it was (history, balances, freezes).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from coinage.web.actions import ACTIONS
from coinage.web.app import MAX_BODY, SESSION_COOKIE, TEACHER_COOKIE, TEACHER_HEADER, create_app
from coinage.web.classroom import Classroom
from coinage.web.roles import ClassRole

NAMES = {"Ana": "holder", "Rex": "regulator", "Fay": "fraudster", "Ben": "holder", "Cy": "court"}


COINS = ("coinage", "usdc")
"""Every hostile request is tried on Coinage's contract and on a real coin's (USDC)."""


@pytest.fixture(scope="module", params=COINS)
def room(request: pytest.FixtureRequest) -> Iterator[tuple[Classroom, TestClient, dict[str, str]]]:
    classroom = Classroom.open(coin=request.param)
    with TestClient(create_app(classroom)) as client:
        tokens = {}
        for name in NAMES:
            response = client.post("/api/join", json={"name": name, "code": classroom.code})
            assert response.status_code == 200, response.text
            tokens[name] = response.cookies[SESSION_COOKIE]
        client.cookies.clear()
        seated(client, set(NAMES))
        yield classroom, client, tokens


def seated(client: TestClient, names: set[str], *, seconds: float = 30.0) -> None:
    """Wait until the published board lists `names`: it is redrawn after each burst of steps, not at once."""
    deadline = time.monotonic() + seconds
    while True:
        shown = {p["name"] for p in client.get("/api/board").json()["participants"]}
        if names <= shown:
            return
        assert time.monotonic() < deadline, f"the board still lacks {sorted(names - shown)} after {seconds} s"
        time.sleep(0.05)


def fingerprint(classroom: Classroom) -> str:
    """Everything a request could change: the history, and every balance and freeze on chain."""
    board = classroom.live.board(timeline_lines=0)
    return json.dumps([classroom.live.export(), board["participants"], board["coin"], classroom.replayed is None])


def as_participant(client: TestClient, token: str | None) -> None:
    client.cookies.clear()
    if token is not None:
        client.cookies.set(SESSION_COOKIE, token)


def refused(response: Any, *statuses: int) -> str:
    assert response.status_code in statuses, (response.status_code, response.text)
    body = response.json()
    assert body["ok"] is False
    message = body["error"]
    assert message and "\n" not in message and "Traceback" not in message
    return str(message)


JSON = {"content-type": "application/json"}

HOSTILE_PARTICIPANT_REQUESTS: list[tuple[str, str | None, str, Any, int]] = [
    # (what, participant, path, body (a str is sent raw), status)
    ("join: not JSON", None, "/api/join", "{name:", 400),
    ("join: a list", None, "/api/join", [1, 2], 400),
    ("join: no name", None, "/api/join", {"code": "X"}, 400),
    ("join: wrong code", None, "/api/join", {"name": "Zed", "code": "AAAAAA"}, 400),
    ("join: name too long", None, "/api/join", {"name": "Z" * 25, "code": None}, 400),
    ("join: control characters", None, "/api/join", {"name": "Zed\u0000", "code": None}, 400),
    ("join: an authority's name", None, "/api/join", {"name": "Regulator", "code": None}, 400),
    ("join: a taken name", None, "/api/join", {"name": "ana", "code": None}, 400),
    ("join: name is a number", None, "/api/join", {"name": 7, "code": None}, 400),
    ("join: oversized", None, "/api/join", {"name": "Z", "code": None, "pad": "x" * MAX_BODY}, 413),
    ("act: no session", None, "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1"}, "role": "holder"}, 401),
    ("act: forged session", "forged", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1"}, "role": "holder"}, 401),
    ("act: a stale page", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1"}, "role": "merchant"}, 409),
    ("act: unknown action", "Ana", "/api/act", {"action": "mint_myself", "args": {}, "role": "holder"}, 400),
    ("act: negative amount", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "-5"}, "role": "holder"}, 400),
    ("act: zero amount", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "0"}, "role": "holder"}, 400),
    ("act: seven decimals", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "0.0000001"}, "role": "holder"}, 400),
    ("act: absurd amount", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1e60"}, "role": "holder"}, 400),
    ("act: not a number", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "lots"}, "role": "holder"}, 400),
    ("act: amount as a list", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": [1]}, "role": "holder"}, 400),
    ("act: unknown name", "Ana", "/api/act", {"action": "pay", "args": {"to": "Nobody", "amount": "1"}, "role": "holder"}, 400),
    ("act: missing field", "Ana", "/api/act", {"action": "pay", "args": {"amount": "1"}, "role": "holder"}, 400),
    ("act: extra field", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1", "by": "Rex"}, "role": "holder"}, 400),
    ("act: args not an object", "Ana", "/api/act", {"action": "pay", "args": "Ben 1", "role": "holder"}, 400),
    ("act: case too long", "Rex", "/api/act", {"action": "freeze", "args": {"account": "Fay", "case": "C" * 32}, "role": "regulator"}, 400),
    ("act: bad hours", "Rex", "/api/act", {"action": "freeze", "args": {"account": "Fay", "hours": "-3"}, "role": "regulator"}, 400),
    ("act: out of role", "Ana", "/api/act", {"action": "freeze", "args": {"account": "Fay"}, "role": "holder"}, 403),
    ("act: phish by a holder", "Ben", "/api/act", {"action": "phish", "args": {"victim": "Ana"}, "role": "holder"}, 403),
    ("act: oversized", "Ana", "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1"}, "role": "holder", "x": "y" * MAX_BODY}, 413),
]


@pytest.mark.parametrize("what, who, path, body, status", HOSTILE_PARTICIPANT_REQUESTS, ids=[c[0] for c in HOSTILE_PARTICIPANT_REQUESTS])
def test_hostile_participant_request_changes_nothing(room: Any, what: str, who: str | None, path: str, body: Any, status: int) -> None:
    """A malformed, oversized, out-of-role or session-less request gets a one-line error and changes nothing."""
    classroom, client, tokens = room
    as_participant(client, tokens.get(who, who) if who else None)
    if isinstance(body, dict) and body.get("code", "") is None:
        body = {**body, "code": classroom.code}
    before = fingerprint(classroom)
    if isinstance(body, str):
        response = client.post(path, content=body, headers=JSON)
    else:
        response = client.post(path, json=body)
    refused(response, status)
    assert fingerprint(classroom) == before


def test_wrong_content_type_is_refused(room: Any) -> None:
    """A form post (what a cross-site page could send) is refused: the API takes JSON only."""
    classroom, client, tokens = room
    as_participant(client, tokens["Ana"])
    before = fingerprint(classroom)
    refused(client.post("/api/act", data={"action": "pay"}), 415)
    assert fingerprint(classroom) == before


def test_a_lying_content_length_is_refused(room: Any) -> None:
    """A body larger than the limit is refused even when its declared length is missing or wrong."""
    classroom, client, tokens = room
    as_participant(client, tokens["Ana"])
    before = fingerprint(classroom)
    chunks = iter([b'{"action": "pay", "pad": "', b"x" * (2 * MAX_BODY), b'"}'])
    refused(client.post("/api/act", content=chunks, headers=JSON), 413)
    assert fingerprint(classroom) == before


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_every_action_is_refused_to_every_role_not_given_it(room: Any, key: str) -> None:
    """The server, not the page, checks the role: each action is refused (403) to every role it does not list."""
    classroom, client, _ = room
    spec = ACTIONS[key]
    for role in ClassRole:
        if role in spec.roles:
            continue
        name = f"Try {role.value[:10]}"
        if name.lower() not in classroom.live.participants:
            classroom.live.apply("join", name, None, {"role": role.value})
        token = next((t for t, n in classroom.sessions.items() if n == name), None)
        if token is None:
            token = f"token-{role.value}"
            classroom.sessions[token] = name
        as_participant(client, token)
        before = fingerprint(classroom)
        refused(client.post("/api/act", json={"action": key, "args": {}, "role": role.value}), 403)
        assert fingerprint(classroom) == before


TEACHER_REQUESTS: list[tuple[str, str, Any]] = [
    ("GET", "/api/teacher", None),
    ("POST", "/api/teacher/assign", {"name": "Ana", "role": "regulator"}),
    ("POST", "/api/teacher/event", {"event": "day", "args": {}}),
    ("POST", "/api/teacher/replay", {"regime": "permissionless"}),
    ("POST", "/api/teacher/switch", {}),
    ("GET", "/api/teacher/history.json", None),
    ("GET", "/api/teacher/history.csv", None),
    ("POST", "/api/teacher/history", {"regime": "permissionless", "steps": []}),
]


@pytest.mark.parametrize("method, path, body", TEACHER_REQUESTS, ids=[c[1] for c in TEACHER_REQUESTS])
@pytest.mark.parametrize("key", [None, "wrong-key", "participant"])
def test_teacher_controls_need_the_teachers_key(room: Any, method: str, path: str, body: Any, key: str | None) -> None:
    """Without the teacher's key (none, a wrong one, or a participant's session) every teacher control is refused, changing nothing."""
    classroom, client, tokens = room
    as_participant(client, tokens["Ana"] if key == "participant" else None)
    headers = {TEACHER_HEADER: key} if key not in (None, "participant") else {}
    before = fingerprint(classroom)
    response = client.request(method, path, json=body, headers=headers)
    refused(response, 401)
    assert fingerprint(classroom) == before


BAD_TEACHER_INPUT: list[tuple[str, Any]] = [
    ("/api/teacher/assign", {"name": "Ana", "role": "king"}),
    ("/api/teacher/assign", {"name": "Nobody", "role": "holder"}),
    ("/api/teacher/assign", ["Ana"]),
    ("/api/teacher/event", {"event": "earthquake", "args": {}}),
    ("/api/teacher/event", {"event": "phishing", "args": {"victim": "Ana", "fraudster": "Ben"}}),
    ("/api/teacher/event", {"event": "phishing", "args": {"victim": "Fay", "fraudster": "Fay"}}),
    ("/api/teacher/event", {"event": "shortfall", "args": {"percent": "0"}}),
    ("/api/teacher/event", {"event": "shortfall", "args": {"percent": "101"}}),
    ("/api/teacher/event", {"event": "shortfall", "args": {"percent": "half"}}),
    ("/api/teacher/event", {"event": "foreign_freeze", "args": {"account": "Nobody"}}),
    ("/api/teacher/replay", {"regime": "anarchy"}),
    ("/api/teacher/replay", {"regime": 3}),
    ("/api/teacher/replay", {"coin": "usdt"}),
    ("/api/teacher/replay", {"coin": ["usdc"]}),
    ("/api/teacher/replay", {"coin": "usdc", "regime": "due-process"}),
    ("/api/teacher/history", {"coin": "usdt", "steps": []}),
    ("/api/teacher/history", {"coin": 3, "steps": []}),
    ("/api/teacher/switch", {}),
    ("/api/teacher/history", {"steps": "all of them"}),
    ("/api/teacher/history", {"regime": "anarchy", "steps": []}),
    ("/api/teacher/history", {"regime": "permissionless", "steps": ["join"]}),
    ("/api/teacher/history", [1, 2, 3]),
]


@pytest.mark.parametrize("path, body", BAD_TEACHER_INPUT, ids=[f"{p}-{i}" for i, (p, _) in enumerate(BAD_TEACHER_INPUT)])
def test_bad_teacher_input_changes_nothing(room: Any, path: str, body: Any) -> None:
    """The teacher's mistakes (unknown roles, names, events, regimes, malformed histories) get a one-line error and change nothing."""
    classroom, client, _ = room
    as_participant(client, None)
    before = fingerprint(classroom)
    refused(client.post(path, json=body, headers={TEACHER_HEADER: classroom.teacher_key}), 400)
    assert fingerprint(classroom) == before


def test_an_oversized_history_is_refused_before_it_is_read(room: Any) -> None:
    """A history declared larger than the limit is refused with 413 and changes nothing."""
    classroom, client, _ = room
    before = fingerprint(classroom)
    headers = {TEACHER_HEADER: classroom.teacher_key, "content-type": "application/json", "content-length": str(10**9)}
    refused(client.post("/api/teacher/history", content=b"{}", headers=headers), 413)
    assert fingerprint(classroom) == before


def test_a_wrong_teacher_url_is_refused() -> None:
    """The teacher's page with a wrong key answers 401 and sets no cookie; the right key sets it."""
    classroom = Classroom.open("permissionless")
    with TestClient(create_app(classroom)) as client:
        wrong = client.get("/teacher?key=guess", follow_redirects=False)
        assert wrong.status_code == 401 and TEACHER_COOKIE not in wrong.cookies
        right = client.get(f"/teacher?key={classroom.teacher_key}", follow_redirects=False)
        assert right.status_code == 303 and right.cookies[TEACHER_COOKIE] == classroom.teacher_key
        assert client.get("/api/teacher").json()["code"] == classroom.code


def test_a_reload_keeps_the_session_and_a_history_round_trips() -> None:
    """The session cookie survives a reload; an exported history reloads to the same ledger, sessions kept by name."""
    classroom = Classroom.open("due-process")
    teacher = {TEACHER_HEADER: classroom.teacher_key}
    with TestClient(create_app(classroom)) as client:
        for name in ("Ana", "Rex", "Fay"):
            client.post("/api/join", json={"name": name, "code": classroom.code})
        ana_token = next(t for t, n in classroom.sessions.items() if n == "Ana")
        as_participant(client, next(t for t, n in classroom.sessions.items() if n == "Fay"))
        assert client.post("/api/act", json={"action": "phish", "args": {"victim": "Ana"}, "role": "fraudster"}).json()["ok"]
        as_participant(client, next(t for t, n in classroom.sessions.items() if n == "Rex"))
        freeze = client.post("/api/act", json={"action": "freeze", "args": {"account": "Fay", "case": "C-1"}, "role": "regulator"})
        assert freeze.json()["ok"], freeze.text
        assert client.post("/api/teacher/event", json={"event": "ruling", "args": {}}, headers=teacher).json()["ok"]

        as_participant(client, ana_token)
        assert client.get("/api/me").json()["name"] == "Ana"  # a reload: the same cookie, the same person
        exported = client.get("/api/teacher/history.json", headers=teacher).json()
        csv_lines = client.get("/api/teacher/history.csv", headers=teacher).text.splitlines()
        assert len(csv_lines) == 1 + len(exported["steps"])
        before = classroom.live.board(timeline_lines=0)
        loaded = client.post("/api/teacher/history", json=exported, headers=teacher)
        assert loaded.json()["ok"], loaded.text
        after = classroom.live.board(timeline_lines=0)
        assert after["participants"] == before["participants"] and after["metrics"] == before["metrics"]
        assert client.get("/api/me").json()["name"] == "Ana"
        # Under due process the regulator's freeze was provisional: at the court's ruling it lapsed.
        assert not next(p for p in after["participants"] if p["name"] == "Fay")["frozen"]


def test_participant_reads_need_a_session(room: Any) -> None:
    """`/api/me` without a session or with a forged one is refused; the board, which the projector shows, is readable by all."""
    classroom, client, tokens = room
    for token in (None, "forged"):
        as_participant(client, token)
        refused(client.get("/api/me"), 401)
    as_participant(client, None)
    board = client.get("/api/board").json()
    assert {p["name"] for p in board["participants"]} >= set(NAMES)


def test_a_csv_history_reloads_to_the_same_class() -> None:
    """The CSV export reloads (under the class's regime) to the same balances, freezes and metrics."""
    classroom = Classroom.open("regulator-controlled")
    teacher = {TEACHER_HEADER: classroom.teacher_key}
    for name in ("Ana", "Rex", "Fay"):
        classroom.live.apply("join", name)
    classroom.live.apply("action", "Fay", "phish", {"victim": "Ana"})
    classroom.live.apply("action", "Rex", "freeze", {"account": "Fay", "case": "C-1", "hours": "30"})
    classroom.live.apply("action", "Fay", "pay", {"to": "Rex", "amount": "1.5"})
    with TestClient(create_app(classroom)) as client:
        exported = client.get("/api/teacher/history.csv", headers=teacher).text
        before = classroom.live.board(timeline_lines=0)
        bad = client.post("/api/teacher/history", content="seq,who\n1,Ana\n", headers={**teacher, "content-type": "text/csv"})
        assert "starts with the header" in refused(bad, 400)
        loaded = client.post("/api/teacher/history", content=exported, headers={**teacher, "content-type": "text/csv"})
        assert loaded.json()["ok"], loaded.text
        after = classroom.live.board(timeline_lines=0)
        assert after["participants"] == before["participants"] and after["metrics"] == before["metrics"]
        assert next(p for p in after["participants"] if p["name"] == "Fay")["frozen"]


def test_a_replay_names_the_steps_another_regime_could_not_take() -> None:
    """A step that makes no sense under the replayed regime (phishing a wallet already emptied) is skipped and named."""
    classroom = Classroom.open("regulator-controlled")
    for name in ("Ana", "Rex", "Fay"):
        classroom.live.apply("join", name)
    classroom.live.apply("action", "Fay", "phish", {"victim": "Ana"})
    classroom.live.apply("action", "Rex", "freeze", {"account": "Fay", "case": "C-1"})
    classroom.live.apply("action", "Rex", "seize", {"account": "Fay", "amount": "2000", "case": "C-1"})
    classroom.live.apply("action", "Rex", "release", {"recipient": "Ana", "amount": "1000", "case": "C-1"})
    classroom.live.apply("action", "Rex", "unfreeze", {"account": "Fay", "case": "C-1"})
    classroom.live.apply("action", "Fay", "phish", {"victim": "Ana"})  # Ana has her coins back: a second theft
    classroom.replay("permissionless")
    comparison = classroom.comparison()
    assert comparison is not None
    live, replayed = comparison["sides"]
    assert live["skipped"] == []
    assert replayed["skipped"] == ["step 9: Ana has no coins to steal"]


PEER_REFUSALS: list[tuple[str, str, dict[str, Any], str]] = [
    # (participant, action, args, what the message says)
    ("Iss", "seize", {"account": "Fay", "amount": "1"}, "USDC has no seize power: a blacklisted balance cannot be taken"),
    ("Iss", "release", {"recipient": "Ana", "amount": "1"}, "there is no escrow"),
    ("Iss", "confirm_freeze", {"account": "Fay"}, "no second party confirms a freeze"),
    ("Iss", "revoke_licence", {}, "no licence exists on chain"),
    ("Iss", "freeze", {"account": "Fay", "hours": "3"}, "a USDC blacklisting has no expiry"),
]


@pytest.fixture(scope="module")
def usdc_room() -> Iterator[tuple[Classroom, TestClient, dict[str, str]]]:
    classroom = Classroom.open(coin="usdc")
    with TestClient(create_app(classroom)) as client:
        tokens = {}
        for name in ("Ana", "Rex", "Fay", "Ben", "Cy", "Mo", "Gil", "Iss"):
            tokens[name] = client.post("/api/join", json={"name": name, "code": classroom.code}).cookies[SESSION_COOKIE]
        client.cookies.clear()
        yield classroom, client, tokens


@pytest.mark.parametrize("who, action, args, words", PEER_REFUSALS, ids=[c[1] for c in PEER_REFUSALS])
def test_a_power_usdc_lacks_is_refused_with_its_consequence_and_changes_nothing(
    usdc_room: Any, who: str, action: str, args: dict[str, Any], words: str
) -> None:
    """On USDC, asking for a power it has no function for (or an expiry it cannot set) gets 400 with the
    consequence in one line, and the class is unchanged."""
    classroom, client, tokens = usdc_room
    as_participant(client, tokens[who])
    before = fingerprint(classroom)
    message = refused(client.post("/api/act", json={"action": action, "args": args, "role": "issuer"}), 400)
    assert words in message
    assert fingerprint(classroom) == before


def test_usdc_pages_show_lacking_powers_and_the_teacher_can_replay_on_another_coin(usdc_room: Any) -> None:
    """The issuer's page lists seizure as lacking with USDC's consequence; the teacher's page offers every
    coin; a replay on Coinage under due process puts both outcomes side by side."""
    classroom, client, tokens = usdc_room
    as_participant(client, tokens["Iss"])
    actions = {a["key"]: a for a in client.get("/api/me").json()["actions"]}
    assert actions["seize"]["lacking"].startswith("a blacklisted balance cannot be taken") and not actions["seize"]["yours"]
    assert actions["freeze"]["yours"] and actions["freeze"]["lacking"] is None
    as_participant(client, None)
    teacher = {TEACHER_HEADER: classroom.teacher_key}
    overview = client.get("/api/teacher", headers=teacher).json()
    assert overview["coin"] == "usdc"
    assert {t["coin"] for t in overview["targets"]} == {"coinage", "usdc", "erc3643"}
    ruling = next(e for e in overview["events"] if e["key"] == "ruling")
    assert "no second party confirms" in ruling["lacking"]
    replayed = client.post("/api/teacher/replay", json={"regime": "due-process"}, headers=teacher).json()
    assert replayed["ok"] and replayed["regime"] == "due-process"
    comparison = classroom.comparison()
    assert comparison is not None
    assert [s["regime"] for s in comparison["sides"]] == ["usdc", "due-process"]
    classroom.replayed = None  # leave the module's class as the other tests expect it
