"""What each role may ask for in class: the participants' actions and the teacher's events.

Each action names the coin power it uses (the regime table decides who holds it, read from the
chain), the fields the page asks for, and how it becomes transactions through the `Coin` facade. The
server checks the role against `roles` before anything is sent; the contract then applies its own
rules, and a refusal comes back as the typed error naming the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..enums import Power
from ..errors import InvalidInput
from ..units import DAY, HOUR
from . import inputs
from .roles import AUTHORITY_OF, WALLET_ROLES, ClassRole

if TYPE_CHECKING:
    from ..actors import Actor
    from ..chain import Chain
    from ..contracts import Coin
    from ..ledger import FiatBank
    from .measures import ClassMeasures


class Seat(Protocol):
    """Who acts: a participant's name and class role (a `coinage.web.state.Participant`)."""

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> ClassRole: ...


class Table(Protocol):
    """What an action may read or do in a class (a `coinage.web.state.ClassState`). A protocol, so
    that the actions do not import the state that dispatches them."""

    @property
    def coin(self) -> Coin: ...

    @property
    def chain(self) -> Chain: ...

    @property
    def bank(self) -> FiatBank: ...

    @property
    def measures(self) -> ClassMeasures: ...

    def participant(self, name: object) -> Seat: ...

    def wallet(self, name: str) -> Actor: ...

    def authority(self, role: ClassRole) -> Actor: ...

    def phish(self, *, victim: str, thief: str) -> None: ...

    def shortfall(self, percent: int) -> None: ...

    def stand_down(self, case: str) -> None: ...

    def foreign_freeze(self, account: str, case: str) -> None: ...


Runner = Callable[[Table, "Seat | None", Mapping[str, Any]], None]

FIELD_KINDS: dict[str, Callable[[object], Any]] = {
    "amount": inputs.amount,
    "case": inputs.case,
    "hours": inputs.hours,
    "percent": inputs.percent,
    "report": lambda value: inputs.case(value) or "AUDIT",
}
"""How each kind of field is checked; a field of kind "participant" names someone in the class."""


@dataclass(frozen=True)
class Field:
    """One input of an action: its name in the request, its kind, and its label on the page."""

    name: str
    kind: str
    label: str
    optional: bool = False


@dataclass(frozen=True)
class ActionSpec:
    """An action a role may ask for: `power` is the coin power it uses (None: any holder may)."""

    key: str
    label: str
    roles: frozenset[ClassRole]
    power: Power | None
    fields: tuple[Field, ...]
    run: Runner
    explain: str
    off_chain: bool = False
    """Whether the action still works on a coin that lacks `power`, done off chain (a real coin's
    reserves are attested in a published report, not on chain)."""

    def parse(self, state: Table, raw: object) -> dict[str, Any]:
        """The action's arguments, checked: unknown, missing or malformed fields are refused in words."""
        if not isinstance(raw, Mapping):
            raise InvalidInput("the action's arguments must be a JSON object")
        known = {f.name for f in self.fields}
        unknown = sorted(str(k)[:20] for k in raw if k not in known)
        if unknown:
            raise InvalidInput(f"{self.label} takes no field {', '.join(map(repr, unknown))}")
        values: dict[str, Any] = {}
        for field in self.fields:
            value = raw.get(field.name)
            if value is None and not field.optional:
                raise InvalidInput(f"{self.label} needs {field.label}")
            if field.kind == "participant":
                values[field.name] = state.participant(value).name
            else:
                values[field.name] = FIELD_KINDS[field.kind](value)
        return values


AUTHORITIES = frozenset(AUTHORITY_OF)
FRAUDSTER_ONLY = frozenset({ClassRole.FRAUDSTER})
CASE = Field("case", "case", "a case reference", optional=True)


def _me(actor: Seat | None) -> Seat:
    assert actor is not None  # participants' actions always have one; the server sees to it
    return actor


def _pay(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.coin.transfer(s.wallet(a["to"]), a["amount"], by=s.wallet(_me(me).name))


def _approve(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.coin.approve(s.wallet(a["spender"]), a["amount"], by=s.wallet(_me(me).name))


def _redeem(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.coin.redeem(a["amount"], by=s.wallet(_me(me).name))


def _phish(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.phish(victim=a["victim"], thief=_me(me).name)


def _control(method: str, *names: str) -> Runner:
    """A control action: the coin's `method`, sent by the participant's authority, with a case reference."""

    def run(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
        by = s.authority(_me(me).role)
        call = getattr(s.coin, method)
        targets = [s.wallet(a[name]) for name in names if name in ("account", "recipient")]
        keywords: dict[str, Any] = {"case": a.get("case") or "", "by": by}
        if "hours" in a:
            keywords["until"] = None if a["hours"] is None else s.chain.now + a["hours"]
        amounts = [a["amount"]] if "amount" in a else []
        call(*targets, *amounts, **keywords)
        if method == "release":
            s.measures.released(a["recipient"], a["amount"])

    return run


def _attest(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.bank.attest(by=s.authority(_me(me).role), report=a["report"])


def _pay_redemptions(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.bank.pay_redemptions()


WHO = {name: Field(name, "participant", label) for name, label in (
    ("to", "whom to pay"), ("spender", "who may spend"), ("account", "whose account"),
    ("recipient", "who receives"), ("victim", "whom to phish"),
)}
AMOUNT = Field("amount", "amount", "an amount of coins")

ACTIONS: dict[str, ActionSpec] = {
    spec.key: spec
    for spec in (
        ActionSpec("pay", "Pay", WALLET_ROLES, None, (WHO["to"], AMOUNT), _pay, "send coins from your wallet"),
        ActionSpec("approve", "Approve", WALLET_ROLES, None, (WHO["spender"], AMOUNT), _approve,
                   "let someone spend up to this much of your coins"),
        ActionSpec("redeem", "Redeem", WALLET_ROLES, None, (AMOUNT,), _redeem, "burn coins for Hong Kong dollars at par"),
        ActionSpec("phish", "Phish", FRAUDSTER_ONLY, None, (WHO["victim"],), _phish,
                   "trick a holder into signing a permit, then drain their wallet with it"),
        ActionSpec("freeze", "Freeze", AUTHORITIES, Power.FREEZE,
                   (WHO["account"], CASE, Field("hours", "hours", "hours (empty: until lifted)", optional=True)),
                   _control("freeze", "account"), "stop an account from sending or receiving"),
        ActionSpec("confirm_freeze", "Confirm freeze", AUTHORITIES, Power.CONFIRM_FREEZE, (WHO["account"], CASE),
                   _control("confirm_freeze", "account"), "make a provisional freeze stand (due process)"),
        ActionSpec("unfreeze", "Unfreeze", AUTHORITIES, Power.UNFREEZE, (WHO["account"], CASE),
                   _control("unfreeze", "account"), "lift a freeze"),
        ActionSpec("seize", "Seize", AUTHORITIES, Power.SEIZE, (WHO["account"], AMOUNT, CASE),
                   _control("seize", "account"), "take coins from a frozen account into the case's escrow"),
        ActionSpec("release", "Release", AUTHORITIES, Power.RELEASE, (WHO["recipient"], AMOUNT, CASE),
                   _control("release", "recipient"), "pay coins out of a case's escrow"),
        ActionSpec("pause", "Pause", AUTHORITIES, Power.PAUSE, (CASE,), _control("pause"), "stop every payment"),
        ActionSpec("unpause", "Unpause", AUTHORITIES, Power.PAUSE, (CASE,), _control("unpause"), "let payments resume"),
        ActionSpec("revoke_licence", "Revoke licence", AUTHORITIES, Power.LICENCE, (CASE,),
                   _control("revoke_licence"), "stop the issuer minting"),
        ActionSpec("reinstate_licence", "Reinstate licence", AUTHORITIES, Power.LICENCE, (CASE,),
                   _control("reinstate_licence"), "let the issuer mint again"),
        ActionSpec("attest", "Attest reserves", AUTHORITIES, Power.ATTEST,
                   (Field("report", "report", "a report reference", optional=True),), _attest,
                   "post the reserve account's balance on chain (a real coin's report is published off chain)", off_chain=True),
        ActionSpec("pay_redemptions", "Pay redemptions", frozenset({ClassRole.ISSUER}), Power.PAY_REDEMPTION, (),
                   _pay_redemptions, "pay queued redemptions from the reserve account, first come first served"),
    )
}
"""Every action a participant may ask for, by key, in the order the page lists them."""


def _phishing_event(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.phish(victim=a["victim"], thief=a["fraudster"])


def _shortfall(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.shortfall(a["percent"])


def _stand_down(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.stand_down(a.get("case") or "")


def _foreign_freeze(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
    s.foreign_freeze(a["account"], a.get("case") or "")


def _advance(seconds: Callable[[Table], int]) -> Runner:
    def run(s: Table, me: Seat | None, a: Mapping[str, Any]) -> None:
        s.chain.advance_time(seconds(s))

    return run


TEACHER = frozenset[ClassRole]()
EVENTS: dict[str, ActionSpec] = {
    spec.key: spec
    for spec in (
        ActionSpec("phishing", "Phishing attack", TEACHER, None,
                   (WHO["victim"], Field("fraudster", "participant", "which fraudster")), _phishing_event,
                   "a fraudster tricks the chosen holder into signing a permit and drains the wallet"),
        ActionSpec("shortfall", "Reserve shortfall", TEACHER, Power.ATTEST,
                   (Field("percent", "percent", "the share of reserves lost (%)"),), _shortfall,
                   "the issuer loses part of its reserves off chain; the attestor posts the new figure", off_chain=True),
        ActionSpec("stand_down", "Stand-down order", TEACHER, Power.LICENCE, (CASE,), _stand_down,
                   "the sovereign authority orders the issuer to stop: whoever holds the licence power revokes it"),
        ActionSpec("foreign_freeze", "Freeze order from abroad", TEACHER, Power.FREEZE, (WHO["account"], CASE),
                   _foreign_freeze, "the mainland central bank orders an account frozen and sends the freeze itself"),
        ActionSpec("hour", "An hour passes", TEACHER, None, (), _advance(lambda s: HOUR), "move the chain's clock an hour"),
        ActionSpec("day", "A day passes", TEACHER, None, (), _advance(lambda s: DAY), "move the chain's clock a day"),
        ActionSpec("ruling", "To the court's ruling", TEACHER, Power.CONFIRM_FREEZE, (),
                   _advance(lambda s: s.coin.periods()[0]),
                   "move to the end of the provisional freeze period, when unconfirmed freezes lapse"),
    )
}
"""The teacher's events and time moves, by key."""


__all__ = ["ACTIONS", "EVENTS", "ActionSpec", "Field"]
