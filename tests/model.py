"""A plain-Python model of the Coinage ledger's rules, for the stateful property tests.

Written from the rules as documented (the order in which a transaction is checked, what each action
moves and emits), not from the contract's code paths. The one thing it takes from the contract is the
regime table (who holds which power), which has a single source, `Regimes.holderOf`; beyond that it
knows nothing but names, integers and the current time it is given.

Each action method returns an `Outcome`: either the events the coin must emit (and the model's state
has moved on), or the error class it must refuse with (and the model's state is exactly as before).
Accounts are named: the actors by name, plus ``"escrow"`` (the coin's own balance, where seized
coins wait) and ``"zero"`` (the zero address).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coinage import errors as E
from coinage.actors import ACTOR_OF_ROLE
from coinage.enums import FOREVER, Power, Regime, Role, WalletTier
from coinage import regime_table

DAY = 24 * 60 * 60
MAX_UINT256 = 2**256 - 1
MAX_SUPPLY = 2**128 - 1
COIN = 10**6

ESCROW = "escrow"
ZERO = "zero"

ISSUANCE_POWERS = frozenset({Power.MINT, Power.CONFIGURE_MINTER, Power.PAY_REDEMPTION})
"""Powers a due-process coin lets act without a case reference."""

CONTROL_EVENTS = frozenset(
    {
        "Frozen",
        "FreezeConfirmed",
        "Unfrozen",
        "Seized",
        "Released",
        "Paused",
        "Unpaused",
        "LicenceRevoked",
        "LicenceReinstated",
        "TierSet",
    }
)
"""The events of control actions: each carries the case reference and the acting authority."""

CONTROL_POWERS = frozenset(
    {Power.LICENCE, Power.FREEZE, Power.CONFIRM_FREEZE, Power.UNFREEZE, Power.SEIZE, Power.RELEASE, Power.PAUSE, Power.SET_TIER}
)

TIER_LIMITS: dict[WalletTier, tuple[int, int, int]] = {
    # (balance cap, payment cap, daily outflow cap), after the e-CNY wallet classes
    WalletTier.ANONYMOUS: (10_000 * COIN, 2_000 * COIN, 5_000 * COIN),
    WalletTier.VERIFIED: (500_000 * COIN, 50_000 * COIN, 100_000 * COIN),
    WalletTier.UNLIMITED: (MAX_UINT256, MAX_UINT256, MAX_UINT256),
}

def holder_of(regime: Regime, power: Power) -> Role:
    """The role holding `power` under `regime` (`Role.NOBODY`: the power does not exist there).

    Read from the contract's own table (`coinage.regime_table`), the one source of who may do what:
    the model checks everything the coin does with a power, not which role the table gives it to.
    """
    return regime_table()[regime][power]


def authority_name(regime: Regime, power: Power) -> str | None:
    """The actor holding `power` under `regime`, by canonical name (the sovereign issuer is the central bank)."""
    role = holder_of(regime, power)
    if role is Role.NOBODY:
        return None
    if regime is Regime.SOVEREIGN and role is Role.ISSUER:
        return "central_bank"
    return ACTOR_OF_ROLE[role]


def case_bytes(case: str) -> bytes:
    return case.encode().ljust(32, b"\0")


class Refused(Exception):
    """Raised inside the model when a rule refuses the action."""

    def __init__(self, error: type[E.ContractRevert]) -> None:
        super().__init__(error.__name__)
        self.error = error


@dataclass(frozen=True)
class Outcome:
    """What the model predicts: the refusal's error class, or the events of an accepted action."""

    error: type[E.ContractRevert] | None = None
    events: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def accepted(self) -> bool:
        return self.error is None

    @property
    def control_events(self) -> list[tuple[str, dict[str, Any]]]:
        return [e for e in self.events if e[0] in CONTROL_EVENTS]


@dataclass
class Redemption:
    holder: str
    amount: int
    paid: bool = False


@dataclass
class State:
    """Everything the ledger stores. `spending` maps an account to (UTC day, sent that day)."""

    balances: dict[str, int]
    supply: int
    allowances: dict[tuple[str, str], int] = field(default_factory=dict)
    nonces: dict[str, int] = field(default_factory=dict)
    frozen_until: dict[str, int] = field(default_factory=dict)
    tiers: dict[str, WalletTier] = field(default_factory=dict)
    spending: dict[str, tuple[int, int]] = field(default_factory=dict)
    paused: bool = False
    licensed: bool = True
    minter_allowance: int = 0
    reserves: int = 0
    attested_at: int = 0
    report: bytes = b"\0" * 32
    escrow_cases: dict[bytes, int] = field(default_factory=dict)
    redemptions: list[Redemption] = field(default_factory=list)
    outstanding: int = 0


class LedgerModel:
    """The rules of one coin under one regime, over named accounts."""

    def __init__(
        self,
        regime: Regime,
        addresses: Mapping[str, str],
        state: State,
        *,
        provisional_freeze_period: int = 3 * DAY,
        max_attestation_age: int = 7 * DAY,
    ) -> None:
        self.regime = regime
        self.addresses = dict(addresses)  # name -> checksummed address, including escrow and zero
        self.names = {address.lower(): name for name, address in self.addresses.items()}
        self.state = state
        self.provisional_freeze_period = provisional_freeze_period
        self.max_attestation_age = max_attestation_age

    # --- reading ---------------------------------------------------------------------------------

    def balance(self, account: str) -> int:
        return self.state.balances.get(account, 0)

    def allowance(self, owner: str, spender: str) -> int:
        return self.state.allowances.get((owner, spender), 0)

    def nonce(self, owner: str) -> int:
        return self.state.nonces.get(owner, 0)

    def frozen_until(self, account: str) -> int:
        return self.state.frozen_until.get(account, 0)

    def is_frozen(self, account: str, now: int) -> bool:
        return now < self.frozen_until(account)

    def tier(self, account: str) -> WalletTier:
        return self.state.tiers.get(account, WalletTier.ANONYMOUS)

    def spent_on(self, account: str, day: int) -> int:
        recorded_day, spent = self.state.spending.get(account, (0, 0))
        return spent if recorded_day == day else 0

    def escrow_of(self, case: bytes) -> int:
        return self.state.escrow_cases.get(case, 0)

    def control_state(self) -> tuple[Any, ...]:
        """What only an authority may change: pause, licence, freezes, tiers, and escrowed funds."""
        s = self.state
        return (
            s.paused,
            s.licensed,
            tuple(sorted((a, u) for a, u in s.frozen_until.items() if u)),
            tuple(sorted((a, int(t)) for a, t in s.tiers.items())),
            tuple(sorted((c, v) for c, v in s.escrow_cases.items() if v)),
        )

    def authority(self, power: Power) -> str | None:
        return authority_name(self.regime, power)

    # --- invariants of the model itself ---------------------------------------------------------

    def check(self) -> None:
        """The model's own bookkeeping: conservation, escrow accounting, redemption totals."""
        s = self.state
        assert sum(s.balances.values()) == s.supply, "model: balances + escrow != supply"
        assert s.balances.get(ESCROW, 0) == sum(s.escrow_cases.values()), "model: escrow != sum of cases"
        assert s.outstanding == sum(r.amount for r in s.redemptions if not r.paid)
        assert all(v >= 0 for v in s.balances.values())
        assert s.balances.get(ZERO, 0) == 0
        assert s.supply <= MAX_SUPPLY

    # --- plumbing --------------------------------------------------------------------------------

    def _run(self, action: Callable[[State, list[tuple[str, dict[str, Any]]]], None]) -> Outcome:
        """Run `action` on a copy of the state; keep the copy only if no rule refused it."""
        draft = copy.deepcopy(self.state)
        events: list[tuple[str, dict[str, Any]]] = []
        try:
            action(draft, events)
        except Refused as refusal:
            return Outcome(error=refusal.error)
        self.state = draft
        return Outcome(events=tuple(events))

    def _a(self, name: str) -> str:
        return self.addresses[name]

    def _authorize(self, caller: str, power: Power, case: bytes) -> None:
        role = holder_of(self.regime, power)
        if role is Role.NOBODY:
            raise Refused(E.PowerNotInRegime)
        if caller != self.authority(power):
            raise Refused(E.Unauthorized)
        if self.regime is Regime.DUE_PROCESS and case == bytes(32) and power not in ISSUANCE_POWERS:
            raise Refused(E.MissingCaseReference)

    def _update(self, s: State, events: list[Any], source: str, to: str, value: int, now: int) -> None:
        """A holder-initiated movement (transfer, mint from zero, redemption to zero)."""
        if s.paused:
            raise Refused(E.EnforcedPause)
        if source == ZERO:
            s.supply += value
        else:
            if now < s.frozen_until.get(source, 0):
                raise Refused(E.AccountFrozen)
            if s.balances.get(source, 0) < value:
                raise Refused(E.ERC20InsufficientBalance)
            if self.regime is Regime.SOVEREIGN:
                _, payment_cap, daily_cap = TIER_LIMITS[s.tiers.get(source, WalletTier.ANONYMOUS)]
                if payment_cap != MAX_UINT256:
                    if value > payment_cap:
                        raise Refused(E.TierPaymentCapExceeded)
                    today = now // DAY
                    day, spent = s.spending.get(source, (0, 0))
                    spent_after = (spent if day == today else 0) + value
                    if spent_after > daily_cap:
                        raise Refused(E.TierDailyCapExceeded)
                    s.spending[source] = (today, spent_after)
            s.balances[source] -= value
        if to == ZERO:
            s.supply -= value
        else:
            if now < s.frozen_until.get(to, 0):
                raise Refused(E.AccountFrozen)
            if self.regime is Regime.SOVEREIGN:
                balance_cap, _, _ = TIER_LIMITS[s.tiers.get(to, WalletTier.ANONYMOUS)]
                if s.balances.get(to, 0) + value > balance_cap:
                    raise Refused(E.TierBalanceCapExceeded)
            s.balances[to] = s.balances.get(to, 0) + value
        events.append(("Transfer", {"from": self._a(source), "to": self._a(to), "value": value}))

    def _move(self, s: State, events: list[Any], source: str, to: str, value: int) -> None:
        """A movement ordered by an authority: no pause, freeze or tier applies."""
        if s.balances.get(source, 0) < value:
            raise Refused(E.ERC20InsufficientBalance)
        s.balances[source] -= value
        s.balances[to] = s.balances.get(to, 0) + value
        events.append(("Transfer", {"from": self._a(source), "to": self._a(to), "value": value}))

    def _approve(self, s: State, events: list[Any], owner: str, spender: str, value: int, now: int) -> None:
        if s.paused:
            raise Refused(E.EnforcedPause)
        if owner == ZERO:
            raise Refused(E.ERC20InvalidApprover)
        if spender == ZERO:
            raise Refused(E.ERC20InvalidSpender)
        if now < s.frozen_until.get(owner, 0) or now < s.frozen_until.get(spender, 0):
            raise Refused(E.AccountFrozen)
        s.allowances[(owner, spender)] = value
        events.append(("Approval", {"owner": self._a(owner), "spender": self._a(spender), "value": value}))

    # --- ERC-20 and EIP-2612 ---------------------------------------------------------------------

    def transfer(self, caller: str, to: str, value: int, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            if to == ZERO:
                raise Refused(E.ERC20InvalidReceiver)
            self._update(s, ev, caller, to, value, now)

        return self._run(act)

    def approve(self, caller: str, spender: str, value: int, now: int) -> Outcome:
        return self._run(lambda s, ev: self._approve(s, ev, caller, spender, value, now))

    def transfer_from(self, caller: str, owner: str, to: str, value: int, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            if now < s.frozen_until.get(caller, 0):
                raise Refused(E.AccountFrozen)
            current = s.allowances.get((owner, caller), 0)
            if current != MAX_UINT256:
                if current < value:
                    raise Refused(E.ERC20InsufficientAllowance)
                if owner == ZERO:  # spending rewrites the allowance, which the zero owner cannot approve
                    raise Refused(E.ERC20InvalidApprover)
                s.allowances[(owner, caller)] = current - value
            if owner == ZERO:
                raise Refused(E.ERC20InvalidSender)
            if to == ZERO:
                raise Refused(E.ERC20InvalidReceiver)
            self._update(s, ev, owner, to, value, now)

        return self._run(act)

    def permit(
        self, owner: str, spender: str, value: int, deadline: int, *, signer: str, signed_nonce: int, now: int
    ) -> Outcome:
        """A permit for (owner, spender, value, deadline), signed by `signer` over nonce `signed_nonce`."""

        def act(s: State, ev: list[Any]) -> None:
            if now > deadline:
                raise Refused(E.ERC2612ExpiredSignature)
            nonce = s.nonces.get(owner, 0)
            s.nonces[owner] = nonce + 1
            if signer != owner or signed_nonce != nonce:
                raise Refused(E.ERC2612InvalidSigner)
            self._approve(s, ev, owner, spender, value, now)

        return self._run(act)

    # --- issuance, reserves, redemption ----------------------------------------------------------

    def attest(self, caller: str, reserves: int, report: bytes, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.ATTEST, report)
            s.reserves, s.attested_at, s.report = reserves, now, report
            ev.append(("ReservesAttested", {"reserves": reserves, "reportRef": report, "attestor": self._a(caller)}))

        return self._run(act)

    def set_minter_allowance(self, caller: str, value: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.CONFIGURE_MINTER, bytes(32))
            s.minter_allowance = value
            issuer = self.authority(Power.MINT)
            assert issuer is not None
            ev.append(("MinterAllowanceSet", {"issuer": self._a(issuer), "allowance": value, "authority": self._a(caller)}))

        return self._run(act)

    def mint(self, caller: str, to: str, value: int, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.MINT, bytes(32))
            if not s.licensed:
                raise Refused(E.IssuerNotLicensed)
            if value == 0:
                raise Refused(E.ZeroAmount)
            if to in (ZERO, ESCROW):
                raise Refused(E.ERC20InvalidReceiver)
            if s.attested_at == 0:
                raise Refused(E.NoAttestation)
            if now - s.attested_at > self.max_attestation_age:
                raise Refused(E.AttestationStale)
            if value > s.minter_allowance:
                raise Refused(E.MinterAllowanceExceeded)
            if s.supply + value > s.reserves:
                raise Refused(E.ReservesExceeded)
            if s.supply + value > MAX_SUPPLY:
                raise Refused(E.SupplyOverflow)
            s.minter_allowance -= value
            self._update(s, ev, ZERO, to, value, now)

        return self._run(act)

    def redeem(self, caller: str, value: int, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            if value == 0:
                raise Refused(E.ZeroAmount)
            self._update(s, ev, caller, ZERO, value, now)
            s.redemptions.append(Redemption(caller, value))
            s.outstanding += value
            ev.append(
                ("RedemptionRequested", {"id": len(s.redemptions) - 1, "holder": self._a(caller), "amount": value})
            )

        return self._run(act)

    def mark_redemption_paid(self, caller: str, redemption_id: int, fiat_ref: bytes) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.PAY_REDEMPTION, bytes(32))
            if redemption_id >= len(s.redemptions):
                raise Refused(E.UnknownRedemption)
            request = s.redemptions[redemption_id]
            if request.paid:
                raise Refused(E.RedemptionAlreadyPaid)
            request.paid = True
            s.outstanding -= request.amount
            ev.append(
                (
                    "RedemptionPaid",
                    {"id": redemption_id, "holder": self._a(request.holder), "amount": request.amount, "fiatRef": fiat_ref},
                )
            )

        return self._run(act)

    # --- licence ---------------------------------------------------------------------------------

    def revoke_licence(self, caller: str, case: bytes) -> Outcome:
        return self._set_licence(caller, case, False, "LicenceRevoked")

    def reinstate_licence(self, caller: str, case: bytes) -> Outcome:
        return self._set_licence(caller, case, True, "LicenceReinstated")

    def _set_licence(self, caller: str, case: bytes, licensed: bool, event: str) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.LICENCE, case)
            if s.licensed == licensed:
                raise Refused(E.LicenceUnchanged)
            s.licensed = licensed
            issuer = self.authority(Power.MINT)
            assert issuer is not None
            ev.append((event, {"issuer": self._a(issuer), "caseRef": case, "authority": self._a(caller)}))

        return self._run(act)

    # --- freeze and seizure ----------------------------------------------------------------------

    def freeze(self, caller: str, account: str, until: int, case: bytes, now: int) -> Outcome:
        """`until` as sent: 0 means until lifted (or, under due process, until the provisional lapse)."""

        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.FREEZE, case)
            effective = FOREVER if until == 0 else until
            if self.regime is Regime.DUE_PROCESS:
                effective = min(effective, now + self.provisional_freeze_period)
            if effective <= now or effective > FOREVER:
                raise Refused(E.InvalidFreezeExpiry)
            current = s.frozen_until.get(account, 0)
            # Under due process a freeze in force is never renewed, and an ended one (lapsed or lifted)
            # is not followed by another within a provisional period: only the court keeps an account
            # frozen beyond the provisional period. No regime's freeze shortens one in force.
            if self.regime is Regime.DUE_PROCESS:
                if now < current:
                    raise Refused(E.AlreadyFrozen)
                if current != 0 and now < current + self.provisional_freeze_period:
                    raise Refused(E.FreezeCoolingOff)
            if current >= effective:
                raise Refused(E.AlreadyFrozen)
            s.frozen_until[account] = effective
            ev.append(
                ("Frozen", {"account": self._a(account), "until": effective, "caseRef": case, "authority": self._a(caller)})
            )

        return self._run(act)

    def confirm_freeze(self, caller: str, account: str, until: int, case: bytes, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.CONFIRM_FREEZE, case)
            if account == ESCROW:
                raise Refused(E.EscrowAccount)
            if not now < s.frozen_until.get(account, 0):
                raise Refused(E.AccountNotFrozen)
            effective = FOREVER if until == 0 else until
            if effective <= now or effective > FOREVER:
                raise Refused(E.InvalidFreezeExpiry)
            s.frozen_until[account] = effective
            ev.append(
                (
                    "FreezeConfirmed",
                    {"account": self._a(account), "until": effective, "caseRef": case, "authority": self._a(caller)},
                )
            )

        return self._run(act)

    def unfreeze(self, caller: str, account: str, case: bytes, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.UNFREEZE, case)
            if account == ESCROW:
                raise Refused(E.EscrowAccount)
            if not now < s.frozen_until.get(account, 0):
                raise Refused(E.AccountNotFrozen)
            s.frozen_until[account] = now  # the freeze ended now (the cooling-off counts from here)
            ev.append(("Unfrozen", {"account": self._a(account), "caseRef": case, "authority": self._a(caller)}))

        return self._run(act)

    def seize(self, caller: str, account: str, value: int, case: bytes, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.SEIZE, case)
            if account == ESCROW:
                raise Refused(E.EscrowAccount)
            if not now < s.frozen_until.get(account, 0):
                raise Refused(E.AccountNotFrozen)
            if value == 0:
                raise Refused(E.ZeroAmount)
            self._move(s, ev, account, ESCROW, value)
            s.escrow_cases[case] = s.escrow_cases.get(case, 0) + value
            ev.append(
                ("Seized", {"account": self._a(account), "amount": value, "caseRef": case, "authority": self._a(caller)})
            )

        return self._run(act)

    def release(self, caller: str, recipient: str, value: int, case: bytes, now: int) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.RELEASE, case)
            if value == 0:
                raise Refused(E.ZeroAmount)
            if recipient in (ZERO, ESCROW):
                raise Refused(E.ERC20InvalidReceiver)
            if now < s.frozen_until.get(recipient, 0):
                raise Refused(E.AccountFrozen)
            escrowed = s.escrow_cases.get(case, 0)
            if value > escrowed:
                raise Refused(E.InsufficientEscrow)
            s.escrow_cases[case] = escrowed - value
            self._move(s, ev, ESCROW, recipient, value)
            ev.append(
                ("Released", {"recipient": self._a(recipient), "amount": value, "caseRef": case, "authority": self._a(caller)})
            )

        return self._run(act)

    # --- pause and tiers -------------------------------------------------------------------------

    def pause(self, caller: str, case: bytes) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.PAUSE, case)
            if s.paused:
                raise Refused(E.EnforcedPause)
            s.paused = True
            ev.append(("Paused", {"caseRef": case, "authority": self._a(caller)}))

        return self._run(act)

    def unpause(self, caller: str, case: bytes) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.PAUSE, case)
            if not s.paused:
                raise Refused(E.ExpectedPause)
            s.paused = False
            ev.append(("Unpaused", {"caseRef": case, "authority": self._a(caller)}))

        return self._run(act)

    def set_tier(self, caller: str, account: str, tier: WalletTier, case: bytes) -> Outcome:
        def act(s: State, ev: list[Any]) -> None:
            self._authorize(caller, Power.SET_TIER, case)
            s.tiers[account] = tier
            ev.append(
                ("TierSet", {"account": self._a(account), "tier": tier, "caseRef": case, "authority": self._a(caller)})
            )

        return self._run(act)
