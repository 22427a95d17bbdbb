"""The classroom's ASGI app: the pages, a JSON API, and the live board as server-sent events.

Every request that changes the class goes through the one writer (`Writer`), so steps reach the chain
one at a time in the order they arrived. The server decides who may do what: a participant is known
by the session cookie set when they joined, and acts only as their own role; the teacher's controls
need the teacher's key (in the teacher's URL, then a cookie). Bad input gets a one-line message and a
4xx status, and changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from sse_starlette import EventSourceResponse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..enums import Regime
from ..errors import CoinageError, InvalidInput
from .actions import EVENTS
from .classroom import Classroom, targets
from .roles import ClassRole
from .state import NotAllowed
from .words import error_words
from .writer import Writer

SESSION_COOKIE = "coinage_session"
TEACHER_COOKIE = "coinage_teacher"
TEACHER_HEADER = "x-teacher-key"

MAX_BODY = 4 * 1024
"""The largest request body of an ordinary step, in bytes: a name, an amount and a case fit many times over."""

MAX_HISTORY_BODY = 16 * 1024 * 1024
"""The largest class history that can be loaded back, in bytes (a long class is a few megabytes)."""

STATIC = resources.files("coinage.web") / "static"


class Refused(Exception):
    """A request refused before it reached the class: its HTTP status and the message for the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Board:
    """The latest board, and every open live view waiting for the next one."""

    def __init__(self) -> None:
        self.latest: dict[str, Any] | None = None
        self.text = "{}"
        self.listeners: set[asyncio.Queue[str]] = set()
        self.changed = asyncio.Event()

    def publish(self, board: dict[str, Any]) -> None:
        self.latest, self.text = board, json.dumps(board)
        for queue in self.listeners:
            if queue.full():  # a slow viewer skips to the newest board
                queue.get_nowait()
            queue.put_nowait(self.text)


def create_app(classroom: Classroom) -> Starlette:
    """The app serving `classroom`."""
    writer = Writer()
    board = Board()

    async def refresh_forever() -> None:
        # One board per burst of steps: while a board is being read, new steps only set the flag again.
        while True:
            await board.changed.wait()
            board.changed.clear()
            try:
                board.publish(await writer.run(classroom.board))
            except CoinageError:
                continue  # the node did not answer: the board keeps its last state until the next step

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        board.publish(await writer.run(classroom.board))
        task = asyncio.create_task(refresh_forever())
        try:
            yield
        finally:
            task.cancel()
            writer.close()

    async def raw_body(request: Request, limit: int, kinds: tuple[str, ...] = ("application/json",)) -> tuple[str, bytes]:
        """The request's content type and body, refused unless of one of `kinds` and at most `limit` bytes."""
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        if kind not in kinds:
            raise Refused(415, f"send the request as {' or '.join(kinds)}")
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            raise Refused(413, f"the request is too large: at most {limit:,} bytes")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > limit:
                raise Refused(413, f"the request is too large: at most {limit:,} bytes")
        return kind, bytes(raw)

    async def body(request: Request, limit: int = MAX_BODY) -> Any:
        _, raw = await raw_body(request, limit)
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Refused(400, "the request is not valid JSON") from None

    def teacher(request: Request) -> None:
        key = request.headers.get(TEACHER_HEADER) or request.cookies.get(TEACHER_COOKIE)
        if not classroom.is_teacher(key):
            raise Refused(401, "only the teacher can do this: open the teacher's URL printed by `coinage classroom`")

    def handled(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        """Turn refusals and bad input into a one-line JSON error; nothing has changed when one is sent."""

        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as refused:
                return JSONResponse({"ok": False, "error": str(refused)}, status_code=refused.status)
            except NotAllowed as error:
                return JSONResponse({"ok": False, "error": str(error)}, status_code=403)
            except InvalidInput as error:
                return JSONResponse({"ok": False, "error": str(error)}, status_code=400)
            except CoinageError as error:  # the chain failed (a node went away): say so, in one line
                return JSONResponse({"ok": False, "error": error_words(error)}, status_code=503)

        return endpoint

    def stepped(record: dict[str, Any], **extra: Any) -> JSONResponse:
        board.changed.set()
        ok = record["outcome"] == "ok"
        return JSONResponse({"ok": ok, "seq": record["seq"], "outcome": record["outcome"], "message": record["message"], **extra})

    # --- pages -----------------------------------------------------------------------------------

    def page(name: str) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            return FileResponse(str(STATIC / name), media_type="text/html")

        return serve

    async def teacher_page(request: Request) -> Response:
        key = request.query_params.get("key")
        if key is not None:
            if not classroom.is_teacher(key):
                return PlainTextResponse("That teacher's key is wrong: use the URL `coinage classroom` printed.", status_code=401)
            response = RedirectResponse("/teacher", status_code=303)
            response.set_cookie(TEACHER_COOKIE, key, httponly=True, samesite="strict")
            return response
        if not classroom.is_teacher(request.cookies.get(TEACHER_COOKIE)):
            return PlainTextResponse("Open the teacher's URL that `coinage classroom` printed.", status_code=401)
        return FileResponse(str(STATIC / "teacher.html"), media_type="text/html")

    # --- participants ----------------------------------------------------------------------------

    async def join(request: Request) -> Response:
        data = await body(request)
        if not isinstance(data, dict):
            raise InvalidInput("send your name and the join code")
        token, record = await writer.run(classroom.join, data.get("name"), data.get("code"))
        response = stepped(record, name=record["who"], role=record["role"])
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", max_age=12 * 3600)
        return response

    def participant_token(request: Request) -> str:
        token = request.cookies.get(SESSION_COOKIE)
        if classroom.session_name(token) is None:
            raise Refused(401, "join the class first: your name and the code on the teacher's screen")
        assert token is not None
        return token

    async def me(request: Request) -> Response:
        token = participant_token(request)

        def read() -> dict[str, Any]:
            participant = classroom.participant_of(token)
            if participant is None:
                raise Refused(401, "this class was reloaded without you: join again")
            return classroom.me(participant)

        return JSONResponse(await writer.run(read))

    async def act(request: Request) -> Response:
        token = participant_token(request)
        data = await body(request)
        if not isinstance(data, dict):
            raise InvalidInput("an action is a JSON object: {action, args, role}")

        def step() -> dict[str, Any]:
            participant = classroom.participant_of(token)
            if participant is None:
                raise Refused(401, "this class was reloaded without you: join again")
            if data.get("role") != participant.role.value:
                raise Refused(409, f"this page is out of date: you are now {participant.role.label}; it has been refreshed")
            return classroom.live.apply("action", participant.name, data.get("action"), data.get("args", {}))

        return stepped(await writer.run(step))

    async def board_json(request: Request) -> Response:
        return Response(board.text, media_type="application/json")

    async def events(request: Request) -> Response:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        queue.put_nowait(board.text)
        board.listeners.add(queue)

        async def stream() -> AsyncIterator[dict[str, str]]:
            try:
                while True:
                    yield {"event": "board", "data": await queue.get()}
            finally:
                board.listeners.discard(queue)

        return EventSourceResponse(stream(), ping=15)

    # --- the teacher -----------------------------------------------------------------------------

    async def overview(request: Request) -> Response:
        teacher(request)
        base = str(request.base_url).rstrip("/")
        return JSONResponse({"code": classroom.code, "join_url": f"{base}/?code={classroom.code}", "coin": classroom.coin,
                             "board_url": f"{base}/board", "regimes": [r.slug for r in Regime], "targets": targets(),
                             "roles": [r.value for r in ClassRole], "events": _events(classroom)})

    async def assign(request: Request) -> Response:
        teacher(request)
        data = await body(request)
        if not isinstance(data, dict):
            raise InvalidInput("send {name, role}")
        return stepped(await writer.run(classroom.live.apply, "assign", data.get("name"), None, {"role": data.get("role")}))

    async def event(request: Request) -> Response:
        teacher(request)
        data = await body(request)
        if not isinstance(data, dict):
            raise InvalidInput("send {event, args}")
        return stepped(await writer.run(classroom.live.apply, "event", None, data.get("event"), data.get("args", {})))

    async def replay(request: Request) -> Response:
        teacher(request)
        data = await body(request)
        if not isinstance(data, dict):
            raise InvalidInput("send {regime} (Coinage under a regime) or {coin} (a real coin)")
        replayed = await writer.run(classroom.replay, data.get("regime"), data.get("coin"))
        board.changed.set()
        return JSONResponse({"ok": True, "regime": replayed.label, "message": f"replayed {replayed.setting}"})

    async def switch(request: Request) -> Response:
        teacher(request)
        await body(request)
        await writer.run(classroom.switch)
        board.changed.set()
        return JSONResponse({"ok": True, "regime": classroom.live.label, "message": f"the class now plays {classroom.live.setting}"})

    async def history_json(request: Request) -> Response:
        teacher(request)
        exported = await writer.run(classroom.live.export)
        return JSONResponse(exported, headers={"content-disposition": 'attachment; filename="class-history.json"'})

    async def history_csv(request: Request) -> Response:
        teacher(request)
        text = await writer.run(classroom.history_csv)
        return PlainTextResponse(text, media_type="text/csv", headers={"content-disposition": 'attachment; filename="class-history.csv"'})

    async def load(request: Request) -> Response:
        teacher(request)
        kind, raw = await raw_body(request, MAX_HISTORY_BODY, ("application/json", "text/csv"))
        try:
            text = raw.decode()
            if kind == "text/csv":
                await writer.run(classroom.load_csv, text)
            else:
                await writer.run(classroom.load, json.loads(text))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Refused(400, "the history is not valid UTF-8 JSON") from None
        board.changed.set()
        return JSONResponse({"ok": True, "message": f"reloaded {len(classroom.live.history)} steps {classroom.live.setting}"})

    routes = [
        Route("/", page("index.html")),
        Route("/play", page("play.html")),
        Route("/board", page("board.html")),
        Route("/teacher", teacher_page),
        Route("/api/join", handled(join), methods=["POST"]),
        Route("/api/me", handled(me)),
        Route("/api/act", handled(act), methods=["POST"]),
        Route("/api/board", handled(board_json)),
        Route("/api/events", events),
        Route("/api/teacher", handled(overview)),
        Route("/api/teacher/assign", handled(assign), methods=["POST"]),
        Route("/api/teacher/event", handled(event), methods=["POST"]),
        Route("/api/teacher/replay", handled(replay), methods=["POST"]),
        Route("/api/teacher/switch", handled(switch), methods=["POST"]),
        Route("/api/teacher/history.json", handled(history_json)),
        Route("/api/teacher/history.csv", handled(history_csv)),
        Route("/api/teacher/history", handled(load), methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("coinage.web", "static")]), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _events(classroom: Classroom) -> list[dict[str, Any]]:
    """The teacher's events as the teacher's page lists them; one needing a power the coin lacks says what that means."""
    live = classroom.live
    return [{"key": s.key, "label": s.label, "explain": s.explain,
             "lacking": live.lacking.get(s.power) if s.power is not None and not s.off_chain else None,
             "power": s.power.name if s.power is not None and s.power in live.lacking else None,
             "holder": live.holder_words(s.power),
             "fields": [{"name": f.name, "kind": f.kind, "label": f.label, "optional": f.optional,
                         "lacking": live.field_lacking(f.kind)} for f in s.fields]}
            for s in EVENTS.values()]


__all__ = ["MAX_BODY", "MAX_HISTORY_BODY", "SESSION_COOKIE", "TEACHER_COOKIE", "TEACHER_HEADER", "create_app"]
