"""The class as the web app holds it: the live class, its comparison, the join code and who is who.

Runs only on the writer thread (see `writer`), except `session_name`, `check_code` and
`is_teacher`, which read values that never change after start-up or a dict that only grows.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..chain import Chain
from ..deploy import parse_regime
from ..designs import COINAGE, DESIGNS, parse_design
from ..enums import Regime
from ..errors import InvalidInput
from .state import ClassState, Participant

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join-code characters: no 0/O or 1/I, which a class reading a projector confuses."""

CODE_LENGTH = 6

COINS = tuple(DESIGNS)
"""The coin designs a class can play, chosen with `--coin`: Coinage under a regime, or a real coin (USDC, ERC-3643)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class Classroom:
    """A live class, the replay it is compared with, and the secrets that guard it."""

    live: ClassState
    code: str = field(default_factory=new_code)
    teacher_key: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    sessions: dict[str, str] = field(default_factory=dict)
    """Session token (the participant's cookie) -> participant name."""
    replayed: ClassState | None = None
    engine: str | None = None

    @classmethod
    def open(cls, regime: str | None = None, *, coin: str = COINAGE.slug, chain: Chain | None = None,
             engine: str | None = None) -> Classroom:
        """A new class on `coin`: Coinage under `regime` (default regulator-controlled), or a real coin, which takes none."""
        return cls(ClassState(regime, coin=parse_design(coin), chain=chain, engine=engine), engine=engine)

    @property
    def coin(self) -> str:
        """The live class's coin design, by command-line name."""
        return self.live.design.slug

    # --- who is asking ---------------------------------------------------------------------------

    def check_code(self, code: object) -> None:
        if not isinstance(code, str) or not secrets.compare_digest(code.strip().upper().encode(), self.code.encode()):
            raise InvalidInput("that is not this class's join code (it is on the teacher's screen)")

    def is_teacher(self, key: str | None) -> bool:
        return key is not None and secrets.compare_digest(key.encode(), self.teacher_key.encode())

    def session_name(self, token: str | None) -> str | None:
        return self.sessions.get(token) if token else None

    def participant_of(self, token: str | None) -> Participant | None:
        name = self.session_name(token)
        return self.live.participants.get(name.lower()) if name else None

    # --- steps -----------------------------------------------------------------------------------

    def join(self, name: object, code: object) -> tuple[str, dict[str, Any]]:
        """A new participant; returns their session token and the join's record."""
        self.check_code(code)
        record = self.live.apply("join", name)
        token = secrets.token_urlsafe(24)
        self.sessions[token] = str(record["who"])
        return token, record

    def replay(self, regime: object = None, coin: object = None) -> ClassState:
        """The live class's steps again on a fresh chain, kept for the side-by-side: Coinage under
        `regime`, or the real coin `coin` (``usdc``, ``erc3643``) as deployed."""
        if coin is not None and not isinstance(coin, str):
            raise InvalidInput("name the coin to replay on, such as 'usdc'")
        design = COINAGE if coin is None else parse_design(coin)
        if design is COINAGE:
            if not isinstance(regime, str):
                raise InvalidInput("name the regime to replay under, such as 'due-process'")
            self.replayed = self.live.replay(parse_regime(regime))
        elif regime not in (None, ""):
            raise InvalidInput(f"a regime applies to Coinage's own contract; {design.label} is governed by its own roles")
        else:
            self.replayed = self.live.replay(coin=design)
        return self.replayed

    def switch(self) -> None:
        """Carry on under the replayed regime: the replay becomes the live class, the old one its comparison."""
        if self.replayed is None:
            raise InvalidInput("replay the class under another regime first")
        self.live, self.replayed = self.replayed, self.live

    def load(self, history: object) -> None:
        """Rebuild the class from an exported history (participants keep their sessions by name)."""
        self.live = ClassState.load(history, engine=self.engine)
        self.replayed = None

    def load_csv(self, text: str) -> None:
        """Rebuild the class from a CSV export, on the coin and regime the class plays now (the CSV names neither)."""
        self.load({**self.live.export(), "steps": steps_from_csv(text)})

    # --- what the page shows ---------------------------------------------------------------------

    def board(self) -> dict[str, Any]:
        board = self.live.board()
        board["comparison"] = self.comparison()
        return board

    def comparison(self) -> dict[str, Any] | None:
        if self.replayed is None:
            return None
        sides = []
        for state in (self.live, self.replayed):
            values = state.metrics()
            sides.append({"regime": state.label, "metrics": state.board(timeline_lines=0)["metrics"],
                          "summary": summary(state.setting, values), "skipped": state.skipped[:10]})
        return {"sides": sides, "steps": len(self.live.history)}

    def me(self, participant: Participant) -> dict[str, Any]:
        return {
            "name": participant.name,
            "role": participant.role.value,
            "role_label": participant.role.label,
            "regime": self.live.label,
            "setting": self.live.setting,
            "symbol": self.live.symbol,
            "actions": self.live.actions_for(participant.role),
        }

    def history_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for step in self.live.history:
            when = datetime.fromtimestamp(step["time"], UTC).strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow([step["seq"], when, step["kind"], step["who"], step["role"] or "", step["action"] or "",
                             json.dumps(step["args"], sort_keys=True), step["outcome"], step["message"]])
        return buffer.getvalue()


CSV_HEADER = ["seq", "time (UTC)", "kind", "who", "role", "action", "args", "outcome", "message"]
"""The columns of the CSV export; `kind`, `who`, `action` and `args` are what a reload replays."""


def steps_from_csv(text: str) -> list[dict[str, Any]]:
    """The steps of a CSV export, ready to replay; a file that is not one is refused in words."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != CSV_HEADER:
        raise InvalidInput(f"a class history in CSV starts with the header: {','.join(CSV_HEADER)}")
    steps = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(CSV_HEADER):
            raise InvalidInput(f"line {number} of the CSV has {len(row)} fields, not {len(CSV_HEADER)}")
        seq, _, kind, who, _, action, args, _, _ = row
        try:
            arguments = json.loads(args)
        except json.JSONDecodeError:
            raise InvalidInput(f"line {number} of the CSV: the args column is not JSON") from None
        steps.append({"seq": seq, "kind": kind, "who": who if kind != "event" else None, "action": action or None, "args": arguments})
    return steps


def targets() -> list[dict[str, str | None]]:
    """What the teacher can replay a class on: Coinage under each regime, then each real coin as deployed."""
    under: list[dict[str, str | None]] = [{"value": r.slug, "label": f"Coinage under {r.slug}", "coin": COINAGE.slug, "regime": r.slug} for r in Regime]
    peers: list[dict[str, str | None]] = [{"value": d.slug, "label": d.label, "coin": d.slug, "regime": None} for d in DESIGNS.values() if d is not COINAGE]
    return under + peers


def summary(setting: str, values: dict[str, Any]) -> str:
    """One sentence for the side-by-side: what the class's actions came to `setting` ("under due-process", "on USDC ...")."""
    from ..metrics import METRICS

    recovered, stolen = METRICS["recovered"].format(values["recovered"]), METRICS["stolen"].format(values["stolen"])
    days = METRICS["innocent_frozen_days"].format(values["innocent_frozen_days"])
    return (
        f"{setting[:1].upper()}{setting[1:]} your class recovered {recovered} of {stolen} coins stolen, "
        f"froze {values['innocent_frozen']} innocent holders for {days} holder-days, "
        f"and hit {values['innocent_hit']} innocent holders in all."
    )


__all__ = ["CODE_ALPHABET", "COINS", "CSV_HEADER", "Classroom", "new_code", "steps_from_csv", "summary", "targets"]
