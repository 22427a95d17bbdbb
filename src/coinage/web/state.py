"""One class on one coin: who is in it, what they did, and the ledger that came of it.

Every step (a join, a role given, a participant's action, a teacher's event) goes through `apply`,
which checks it, sends it through the `Coin` facade as real transactions, and appends it to the
history. The history alone determines the class: `replay` runs it again on a fresh chain under
another regime, and `ClassState.load` rebuilds a class from an exported history.

Not thread-safe on purpose: the web app gives it one writer (see `coinage.web.writer`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..actors import Actor
from ..chain import Chain
from ..contracts import Coin
from ..deploy import Deployment, deploy_coin, parse_regime
from ..designs import COINAGE, TREX_INSTALL, Design, PeerCoin, installed, parse_design
from ..enums import FOREVER, Power, Regime, Role
from ..errors import CoinageError, ContractRevert, InvalidInput
from ..ledger import FiatBank, HarmLedger
from ..metrics import Value
from ..units import DAY, coins, format_coins, format_until
from . import inputs
from .actions import ACTIONS, EVENTS, ActionSpec
from .measures import ClassMeasures, shown
from .roles import ClassRole, dealt_role, parse_role
from .words import error_words

MAX_PARTICIPANTS = 120
"""Seats on the coin: the class can grow to this many participants (two classes of 60)."""

WALLET_FUNDS = coins(1_000)
"""What each participant's wallet holds on joining: fiat paid into the reserve, attested, minted."""

SEATS = tuple(f"seat{i:03d}" for i in range(1, MAX_PARTICIPANTS + 1))
"""The accounts behind the participants' wallets; the board shows them by the participants' names."""

STEP_KINDS = ("join", "assign", "action", "event")

ROLE_OF_OFF_CHAIN = {Power.ATTEST: Role.ATTESTOR}
"""Who does, off chain, what a real coin has no power for on chain: an accounting firm attests its reserves."""

HISTORY_FORMAT = "coinage-classroom-history"


class NotAllowed(CoinageError):
    """A participant asked for something their role may not do; nothing was sent."""


@dataclass
class Participant:
    """Someone in the class: a name, a role, and the seat whose wallet is theirs."""

    name: str
    role: ClassRole
    seat: str


class ClassState:
    """A class in progress on one deployed coin."""

    def __init__(self, regime: Regime | str | None = None, *, coin: Design | str = COINAGE, chain: Chain | None = None,
                 engine: str | None = None) -> None:
        design = parse_design(coin)
        if design is COINAGE:
            chosen: Regime | None = parse_regime(regime if regime is not None else Regime.REGULATOR_CONTROLLED)
        elif regime not in (None, ""):
            raise InvalidInput(f"a regime applies to Coinage's own contract; {design.label} is governed by its own roles")
        else:
            chosen = None
        if not installed(design):
            raise InvalidInput(f"{design.label} needs its contracts installed first: {TREX_INSTALL}")
        self.d: Deployment = deploy_coin(chosen, coin=design, holders=SEATS, chain=chain, engine=engine)
        self.lacking: dict[Power, str] = dict(self.coin.LACKING) if isinstance(self.coin, PeerCoin) else {}
        """The powers this coin has no function for at all, each with what that means for a holder."""
        self.participants: dict[str, Participant] = {}
        self.history: list[dict[str, Any]] = []
        self.measures = ClassMeasures(HarmLedger(self.d.cast.names))
        self.coin.subscribe(self.measures.record)
        # Who holds each power, read from the chain. Coinage's regime table is fixed at deployment; a
        # real coin's roles can change (USDC's minter exists once configured), so it is read again after each step.
        self.powers: dict[Power, Role] = self._read_powers()
        entries = self.d.timeline.entries
        self.deploy_block = entries[0].block if entries else self.chain.block_number - 1
        """The coin's last deployment block: everything after it is the class's (a real coin deploys in many)."""
        self.symbol = self.coin.symbol()
        self.series: dict[str, list[int]] = {"frozen": [], "unreturned": []}
        self._watched: set[str] = set()
        """Seats that have been frozen at some point: the only ones whose freeze must be read."""
        self.skipped: list[str] = []
        """Steps of a loaded or replayed history that could not be taken here, each with the reason."""

    # --- plumbing --------------------------------------------------------------------------------

    @property
    def coin(self) -> Coin:
        return self.d.coin

    @property
    def chain(self) -> Chain:
        return self.d.chain

    @property
    def bank(self) -> FiatBank:
        return self.d.bank

    @property
    def regime(self) -> Regime:
        return self.d.regime

    @property
    def design(self) -> Design:
        return self.d.design

    @property
    def label(self) -> str:
        """What the class plays, in one word for a column: the regime on Coinage, else the coin (``usdc``)."""
        return self.regime.slug if self.design is COINAGE else self.design.slug

    @property
    def setting(self) -> str:
        """What the class plays, in words: "under due-process", or "on USDC (FiatTokenV2_2, as deployed)"."""
        return f"under {self.regime.slug}" if self.design is COINAGE else f"on {self.design.label}"

    def _read_powers(self) -> dict[Power, Role]:
        return {power: self.coin.role_for(power) for power in Power}

    def participant(self, name: object) -> Participant:
        """The participant called `name` (case does not matter); unknown names are refused in words."""
        if not isinstance(name, str):
            raise InvalidInput(f"a participant is named by text, not {type(name).__name__}")
        found = self.participants.get(" ".join(name.split()).lower())
        if found is None:
            raise InvalidInput(f"nobody called {name[:30]!r} is in this class")
        return found

    def wallet(self, name: str) -> Actor:
        """The account behind a participant's wallet."""
        return self.d.cast[self.participant(name).seat]

    def authority(self, role: ClassRole) -> Actor:
        """The account an authority role acts through."""
        return self.d.cast.holding(role.authority)

    def holder_words(self, power: Power | None) -> str:
        """Who holds `power` under this coin's regime, in words."""
        if power is None:
            return "any holder"
        if power in self.lacking:
            return f"nobody: {self.design.label} has no such power, so {self.lacking[power]}"
        role = self.powers[power]
        if role is Role.NOBODY:
            return "nobody, under this regime" if self.design is COINAGE else "nobody on this coin, for now"
        return f"the {role.name.lower().replace('_', ' ')}"

    # --- steps -----------------------------------------------------------------------------------

    def apply(self, kind: object, who: object = None, action: object = None, args: object = None) -> dict[str, Any]:
        """Check and carry out one step; append it to the history; return its record.

        Bad input raises `InvalidInput` and a step the role may not take raises `NotAllowed`, both
        before anything is sent. A refusal by the coin is a step like any other: recorded, with its rule.
        """
        raw: Mapping[str, Any] = {} if args is None else args if isinstance(args, Mapping) else {"": args}
        if kind == "join":
            return self._join(who, raw.get("role"))
        if kind == "assign":
            return self._assign(who, raw.get("role"))
        if kind == "action":
            actor = self.participant(who)
            spec = self._spec(ACTIONS, action)
            if actor.role not in spec.roles:
                raise NotAllowed(
                    f"{actor.name} is a {actor.role.label}: a {actor.role.label} cannot {spec.label.lower()}"
                )
            return self._perform("action", actor, spec, raw)
        if kind == "event":
            return self._perform("event", None, self._spec(EVENTS, action), raw)
        raise InvalidInput(f"unknown kind of step {str(kind)[:20]!r}; one of: {', '.join(STEP_KINDS)}")

    @staticmethod
    def _spec(table: Mapping[str, ActionSpec], key: object) -> ActionSpec:
        if not isinstance(key, str) or key not in table:
            raise InvalidInput(f"unknown action {str(key)[:30]!r}; one of: {', '.join(table)}")
        return table[key]

    def _record(self, kind: str, who: str | None, role: str | None, action: str | None, args: Mapping[str, Any],
                first_entry: int, outcome: str = "ok", message: str = "") -> dict[str, Any]:
        entries = self.d.timeline.entries[first_entry:]
        record = {
            "seq": len(self.history) + 1,
            "kind": kind,
            "who": who,
            "role": role,
            "action": action,
            "args": dict(args),
            "outcome": outcome,
            "message": message,
            "time": self.chain.now,
            "chain": [
                {"block": e.block, "actor": e.actor, "action": e.action, "outcome": e.outcome, "details": e.details}
                for e in entries
            ],
        }
        self.history.append(record)
        if self.lacking:
            self.powers = self._read_powers()
        self._measure()
        return record

    def _join(self, name: object, role: object) -> dict[str, Any]:
        name = inputs.participant_name(name)
        if name.lower() in self.participants:
            raise InvalidInput(f"someone called {name!r} has already joined; choose another name")
        if len(self.participants) >= MAX_PARTICIPANTS:
            raise InvalidInput(f"the class is full ({MAX_PARTICIPANTS} participants)")
        dealt = dealt_role(len(self.participants)) if role in (None, "") else parse_role(role)
        seat = SEATS[len(self.participants)]
        participant = Participant(name, dealt, seat)
        self.participants[name.lower()] = participant
        self.d.cast.names[self.d.cast[seat].address.lower()] = name
        first = len(self.d.timeline.entries)
        outcome, message = "ok", f"{name} joined as {dealt.label}"
        try:
            self._fund(self.d.cast[seat])
            message += f" with {format_coins(WALLET_FUNDS)} {self.symbol}"
        except ContractRevert as refused:
            # The wallet stays empty (a paused coin, a revoked licence); the deposit goes back.
            self.bank.refund_pending()
            outcome, message = refused.rule, f"{message}; the wallet could not be funded. {error_words(refused)}"
        return self._record("join", name, dealt.value, None, {"role": dealt.value}, first, outcome, message)

    def _fund(self, wallet: Actor) -> None:
        """The new participant pays fiat into the reserve, the attestor attests, the issuer mints."""
        self.bank.receive(wallet, WALLET_FUNDS)
        self.bank.attest(by=self.d.cast.attestor, report="CLASS-DEPOSITS")
        if Power.CONFIGURE_MINTER not in self.lacking:  # a T-REX agent mints without any allowance
            configurer = self.d.holder_of(Power.CONFIGURE_MINTER)
            assert configurer is not None  # every regime, and USDC, gives somebody the minter configuration
            self.coin.set_minter_allowance(self.coin.minter_allowance() + WALLET_FUNDS, by=configurer)
        self.bank.issue()

    def _assign(self, name: object, role: object) -> dict[str, Any]:
        participant = self.participant(name)
        participant.role = parse_role(role)
        return self._record(
            "assign", participant.name, participant.role.value, None, {"role": participant.role.value},
            len(self.d.timeline.entries), message=f"{participant.name} is now {participant.role.label}",
        )

    def _perform(self, kind: str, actor: Participant | None, spec: ActionSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
        values = spec.parse(self, raw)
        if spec.power in self.lacking and not spec.off_chain:
            # The coin has no function for it: nothing can be sent, and the page says what that means.
            assert isinstance(self.coin, PeerCoin)
            raise self.coin.lacking(spec.power)
        kept = {f.name: raw[f.name] for f in spec.fields if f.name in raw}
        first = len(self.d.timeline.entries)
        who = actor.name if actor is not None else "teacher"
        role = actor.role.value if actor is not None else None
        try:
            spec.run(self, actor, values)
        except ContractRevert as refused:
            return self._record(kind, who, role, spec.key, kept, first, refused.rule, error_words(refused))
        return self._record(kind, who, role, spec.key, kept, first, message=f"{who}: {spec.label.lower()} done")

    # --- the teacher's events --------------------------------------------------------------------

    def phish(self, *, victim: str, thief: str) -> None:
        """The thief gets the victim to sign a permit for their whole balance, then spends it."""
        target, fraudster = self.participant(victim), self.participant(thief)
        if fraudster.role is not ClassRole.FRAUDSTER:
            raise InvalidInput(f"{fraudster.name} is not a fraudster; deal or assign a fraudster first")
        if target is fraudster:
            raise InvalidInput("a fraudster cannot phish themselves")
        source, sink = self.wallet(target.name), self.wallet(fraudster.name)
        amount = self.coin.balance_of(source)
        if amount == 0:
            raise InvalidInput(f"{target.name} has no coins to steal")
        deadline = self.chain.now + DAY
        signature = self.coin.sign_permit(source, sink, amount, deadline=deadline)
        self.coin.permit(source, sink, amount, deadline=deadline, signature=signature, by=sink)
        self.coin.transfer_from(source, sink, amount, by=sink)
        self.measures.theft(target.name, amount)

    def shortfall(self, percent: int) -> None:
        """The issuer loses `percent` of the reserve account off chain; the attestor posts the new figure."""
        loss = self.bank.balance * percent // 100
        if loss == 0:
            raise InvalidInput("the reserve account is empty: nobody has joined with money yet")
        self.bank.record_loss(loss, reason=f"reserve shortfall of {percent}%")
        self.bank.attest(by=self.d.cast.attestor, report="AUDIT-SHORTFALL")

    def stand_down(self, case: str) -> None:
        """The sovereign's order to stop: whoever holds the licence power revokes it (the central bank tries if nobody does)."""
        by = self.d.holder_of(Power.LICENCE) or self.d.cast.central_bank
        self.coin.revoke_licence(case=case or "STAND-DOWN-ORDER", by=by)

    def foreign_freeze(self, account: str, case: str) -> None:
        """The mainland central bank sends the freeze itself: it takes effect only where it holds the power."""
        self.coin.freeze(self.wallet(account), case=case or "PBOC-ORDER-001", by=self.d.cast.central_bank)

    # --- measures and the board ------------------------------------------------------------------

    def _frozen_until(self, seat: str) -> int:
        """When the seat's freeze ends, or 0 if it is not frozen now."""
        wallet = self.d.cast[seat]
        return self.coin.frozen_until(wallet) if self.coin.is_frozen(wallet) else 0

    def _measure(self) -> None:
        """After every step: the value held in place now (freezes, or everything under a pause)."""
        # Whoever the harm ledger saw frozen (by any step, a teacher's event included) may be frozen now.
        self._watched.update(p.seat for p in self.participants.values() if p.name in self.measures.harm.spans)
        if self.coin.paused():
            held = {p.name: self.coin.balance_of(self.d.cast[p.seat]) for p in self.participants.values()}
            self.measures.harm.hold(name for name, balance in held.items() if balance)
            frozen = sum(held.values())
        else:
            frozen = sum(self.coin.balance_of(self.d.cast[s]) for s in self._watched if self._frozen_until(s))
        self.measures.note_frozen(frozen)
        stolen = sum(self.measures.stolen.values()) - sum(self.measures.returned.values())
        self.series["frozen"].append(frozen)
        self.series["unreturned"].append(stolen)

    @property
    def innocent(self) -> list[str]:
        """Everyone in the class but the fraudsters."""
        return [p.name for p in self.participants.values() if p.role is not ClassRole.FRAUDSTER]

    def metrics(self) -> dict[str, Value]:
        """The class's outcome so far, by metric key (see `coinage.metrics`)."""
        roles = {self.powers[power] for power in (Power.FREEZE, Power.SEIZE, Power.RELEASE)}
        alone = roles.pop().name.lower() if len(roles) == 1 and Role.NOBODY not in roles else "nobody"
        unpaid = self.coin.outstanding_redemptions()
        return self.measures.values(
            innocent=self.innocent,
            now=self.chain.now,
            timeline=self.d.timeline,
            redemption_loss=max(0, unpaid - self.bank.balance),
            could_act_alone=alone,
        )

    def board(self, *, timeline_lines: int = 40) -> dict[str, Any]:
        """Everything the shared board shows, as JSON-ready values."""
        now = self.chain.now
        people: list[dict[str, Any]] = []
        by_role: dict[str, int] = {}
        for p in self.participants.values():
            balance = self.coin.balance_of(self.d.cast[p.seat])
            until = self._frozen_until(p.seat) if p.seat in self._watched else 0
            people.append({
                "name": p.name,
                "role": p.role.value,
                "balance": format_coins(balance),
                "base": balance,
                "frozen": bool(until),
                "until": format_until(until) if until else "",
                "open_ended": until == FOREVER,
            })
            by_role[p.role.value] = by_role.get(p.role.value, 0) + balance
        reserves, _, _ = self.coin.attestation()
        return {
            "seq": len(self.history),
            "regime": self.label,
            "setting": self.setting,
            "design": self.design.slug,
            "coin": {
                "name": self.coin.name(),
                "address": self.coin.address,
                "symbol": self.symbol,
                "supply": format_coins(self.coin.total_supply()),
                "supply_base": self.coin.total_supply(),
                "escrow_base": self.coin.total_escrow(),
                "next_block": self.chain.block_number,
                "deploy_block": self.deploy_block,
                "reserves": format_coins(reserves),
                "bank": format_coins(self.bank.balance),
                "paused": self.coin.paused(),
                "licensed": self.coin.licensed(),
                "time": format_until(now) + " UTC",
            },
            "participants": people,
            "by_role": {role: format_coins(total) for role, total in by_role.items()},
            "by_role_base": by_role,
            "timeline": self.history[-timeline_lines:][::-1],
            "metrics": shown(self.metrics()),
            "series": self.series,
            "powers": {power.name: self.holder_words(power) for power in Power},
        }

    def actions_for(self, role: ClassRole) -> list[dict[str, Any]]:
        """What `role` may ask for, each with the power it uses and who holds that power here."""
        return [
            {
                "key": spec.key,
                "label": spec.label,
                "explain": spec.explain,
                "power": spec.power.name if spec.power is not None else None,
                "holder": self._doer_words(spec),
                "yours": spec.power is None or self._is_yours(spec, role),
                "lacking": self.lacking.get(spec.power) if spec.power is not None and not spec.off_chain else None,
                "fields": [{"name": f.name, "kind": f.kind, "label": f.label, "optional": f.optional,
                            "lacking": self.field_lacking(f.kind)} for f in spec.fields],
            }
            for spec in ACTIONS.values()
            if role in spec.roles
        ]

    def _doer_words(self, spec: ActionSpec) -> str:
        """Who may take `spec` here: the power's holder, or, done off chain on a coin lacking the power, its role."""
        if spec.off_chain and spec.power in self.lacking:
            return f"the {ROLE_OF_OFF_CHAIN[spec.power].name.lower()}, off chain ({self.lacking[spec.power]})"
        return self.holder_words(spec.power)

    def _is_yours(self, spec: ActionSpec, role: ClassRole) -> bool:
        assert spec.power is not None
        if spec.power in self.lacking:
            return spec.off_chain and ROLE_OF_OFF_CHAIN[spec.power] is role.authority
        return self.powers[spec.power] is role.authority

    def field_lacking(self, kind: str) -> str | None:
        """What this coin does without a field's kind (a real coin records no case and sets no expiry), or None."""
        if self.design is COINAGE:
            return None
        if kind == "case":
            return f"{self.design.label} records no case reference: the reference goes nowhere"
        if kind == "hours":
            return f"a freeze on {self.design.label} has no expiry: it lasts until lifted, so leave this empty"
        return None

    # --- history ---------------------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """The class's history, enough to rebuild it: the coin, its regime (Coinage's only) and every step as asked for."""
        regime = self.regime.slug if self.design is COINAGE else None
        return {"format": HISTORY_FORMAT, "version": 1, "coin": self.design.slug, "regime": regime, "steps": self.history}

    def replay(self, regime: Regime | str | None = None, *, coin: Design | str = COINAGE,
               chain: Chain | None = None) -> ClassState:
        """The same class's steps again, on a fresh coin: Coinage under `regime`, or a real coin's contracts."""
        design = parse_design(coin)
        target = parse_regime(regime if regime is not None else Regime.REGULATOR_CONTROLLED).slug if design is COINAGE else None
        return ClassState.load({"coin": design.slug, "regime": target, "steps": self.history}, chain=chain, engine=None)

    @staticmethod
    def load(history: object, *, chain: Chain | None = None, engine: str | None = None) -> ClassState:
        """A class rebuilt by applying an exported history's steps in order; a step that is now bad input is skipped."""
        if not isinstance(history, Mapping) or not isinstance(history.get("steps"), list):
            raise InvalidInput("a class history is a JSON object with a 'regime' and a list of 'steps'")
        coin = history.get("coin", COINAGE.slug)
        if not isinstance(coin, str):
            raise InvalidInput("a class history names its coin as text, such as 'coinage' or 'usdc'")
        design = parse_design(coin)
        regime = history.get("regime")
        if design is COINAGE and not isinstance(regime, str):
            _bad_regime()
        state = ClassState(regime if design is COINAGE else None, coin=design, chain=chain, engine=engine)
        for step in _steps(history["steps"]):
            try:
                state.apply(step.get("kind"), step.get("who"), step.get("action"), step.get("args"))
            except (InvalidInput, NotAllowed) as error:
                # Under this coin the step no longer makes sense (its victim has no coins left, say).
                state.skipped.append(f"step {str(step.get('seq', '?'))[:8]}: {error}")
        return state


def _bad_regime() -> Regime:
    raise InvalidInput("a class history names its regime as text, such as 'regulator-controlled'")


def _steps(steps: Iterable[object]) -> Iterable[Mapping[str, Any]]:
    for step in steps:
        if not isinstance(step, Mapping):
            raise InvalidInput("each step of a class history is a JSON object")
        yield step


__all__ = ["HISTORY_FORMAT", "MAX_PARTICIPANTS", "SEATS", "WALLET_FUNDS", "ClassState", "NotAllowed", "Participant"]
