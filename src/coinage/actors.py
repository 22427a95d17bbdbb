"""Named participants. Each is an account whose key derives from its name, holding at most one role."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from eth_utils import is_address, is_checksum_address, to_checksum_address

from .chain import Account, Chain
from .contracts import Who
from .enums import Regime, Role
from .errors import UnknownActor

ROLE_ACTORS: dict[str, Role] = {
    "central_bank": Role.CENTRAL_BANK,
    "regulator": Role.REGULATOR,
    "court": Role.COURT,
    "issuer": Role.ISSUER,
    "attestor": Role.ATTESTOR,
}
"""The authorities every cast has, by name."""

ACTOR_OF_ROLE: dict[Role, str] = {role: name for name, role in ROLE_ACTORS.items()}
"""The name of the actor holding each role (the other way round from `ROLE_ACTORS`)."""


@dataclass(frozen=True)
class Actor:
    """A participant: a name, an account, and the role it holds (`Role.NOBODY` for holders)."""

    name: str
    account: Account
    role: Role = Role.NOBODY

    @property
    def address(self) -> str:
        return self.account.address

    def __str__(self) -> str:
        return self.name


ActorLike = Who
"""An actor, its name, or its address (any participant with a name and an address type-checks)."""


class Cast:
    """Everyone taking part: the authorities and the named holders.

    Look actors up by attribute or item: ``cast.alice``, ``cast["regulator"]``. In the sovereign
    regime the central bank is the issuer, so ``cast.issuer`` is the central bank.
    """

    def __init__(
        self, chain: Chain, regime: Regime, holders: Iterable[str] = (), *, authorities: Mapping[str, str] | None = None
    ) -> None:
        """`authorities` renames some of the authorities (``{"issuer": "usd_issuer"}``), so that a second
        coin on the same chain can have an issuer of its own; ``cast.issuer`` still finds it."""
        if isinstance(holders, str):
            raise TypeError("holders is a list of names, such as ['alice', 'bob'], not one string")
        renamed = dict(authorities or {})
        for key, own in renamed.items():
            if key not in ROLE_ACTORS or key == "central_bank" or not isinstance(own, str) or not own.isidentifier():
                raise UnknownActor(f"only the issuer, attestor, regulator and court can be renamed, to an identifier; not {key!r}: {own!r}")
        self._actors: dict[str, Actor] = {}
        for name, role in ROLE_ACTORS.items():
            if regime is Regime.SOVEREIGN and role is Role.ISSUER:
                continue
            own = renamed.get(name, name)
            self._actors[name] = self._actors[own] = Actor(own, chain.account(own), role)
        if regime is Regime.SOVEREIGN:
            self._actors["issuer"] = self._actors["central_bank"]
        for name in holders:
            if not isinstance(name, str) or not name.isidentifier():
                raise UnknownActor(f"holder names are identifiers such as 'alice', not {name!r}")
            if name in self._actors:
                raise UnknownActor(f"{name!r} is already in the cast")
            self._actors[name] = Actor(name, chain.account(name))
        # The sovereign issuer is the central bank under a second name: one address, listed once.
        self._by_address = {a.address.lower(): a for a in self._actors.values()}
        # One live mapping, shared with timelines and errors, so later labels reach them too.
        self._names: dict[str, str] = {"0x" + "0" * 40: "none"}
        self._names.update({address: actor.name for address, actor in self._by_address.items()})

    def label(self, address: str, name: str) -> None:
        """Show `address`, which belongs to no actor (a contract, say), as `name` in errors and timelines."""
        address = self.address_of(address).lower()
        if address in self._by_address:
            raise UnknownActor(f"{address} is {self._by_address[address].name}; actors keep their names")
        self._names[address] = name

    # --- lookup ----------------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Actor:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> Actor:
        try:
            return self._actors[name]
        except KeyError:
            raise UnknownActor(f"no actor named {name!r}; the cast is: {', '.join(self._actors)}") from None

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._by_address.values())

    def __contains__(self, name: object) -> bool:
        return name in self._actors

    def holding(self, role: Role) -> Actor:
        """The actor holding `role` (the sovereign coin's issuer is its central bank)."""
        if role is Role.NOBODY:
            raise UnknownActor("no actor holds Role.NOBODY: the power does not exist in this regime")
        return self._actors[ACTOR_OF_ROLE[role]]

    @property
    def holders(self) -> list[Actor]:
        """The actors without a role, in the order they were named."""
        return [a for a in self._actors.values() if a.role is Role.NOBODY]

    def resolve(self, who: ActorLike) -> Actor:
        """An actor from itself, its name, or its address."""
        if isinstance(who, Actor):
            known = self._actors.get(who.name)
            # Identity first: the usual case, and cheaper than comparing the dataclasses field by field.
            if known is not who and known != who:
                raise UnknownActor(f"{who.name!r} is not in this cast")
            return who
        if isinstance(who, str):
            if who in self._actors:
                return self._actors[who]
            if _well_formed(who) and who.lower() in self._by_address:
                return self._by_address[who.lower()]
            raise UnknownActor(f"no actor named {who!r}; the cast is: {', '.join(self._actors)}")
        raise TypeError(f"expected an Actor or an actor's name, not {type(who).__name__}")

    def address_of(self, who: ActorLike) -> str:
        """The address of an actor, of an actor's name, or any well-formed address (a contract's, say)."""
        if isinstance(who, str) and who.startswith("0x") and who.lower() not in self._by_address:
            if not _well_formed(who):
                raise UnknownActor(f"{who!r} is not a well-formed address")
            return to_checksum_address(who)
        return self.resolve(who).address

    def signer(self, who: ActorLike) -> Account:
        return self.resolve(who).account

    def name_of(self, address: str) -> str:
        """The actor's name for an address, or the address itself when nobody has it."""
        return self._names.get(address.lower(), address)

    @property
    def names(self) -> dict[str, str]:
        """Lower-case address -> actor name, for showing addresses by name."""
        return self._names

    def checkpoint(self) -> dict[str, str]:
        """The names, labels included (the actors themselves never change)."""
        return dict(self._names)

    def restore(self, state: dict[str, str]) -> None:
        # In place: timelines, harm ledgers and errors hold this very mapping.
        self._names.clear()
        self._names.update(state)


def _well_formed(address: str) -> bool:
    """An address, all lower case or correctly checksummed: a mistyped checksum is refused."""
    return bool(is_address(address)) and (address == address.lower() or bool(is_checksum_address(address)))
