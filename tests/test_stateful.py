"""Stateful property tests: every actor tries every action, in every regime, against a model of the rules.

One Hypothesis state machine per regime drives the funded coin (see conftest) with any actor as the
sender of any action: mint, redeem, pay a redemption, attest, set the minter allowance, transfer,
approve, transferFrom, permit, freeze, confirm, unfreeze, seize, release, pause, unpause, revoke and
reinstate the licence, set a wallet tier, and move the clock (so freezes lapse, attestations go
stale and daily limits reset). `model.LedgerModel` predicts each outcome; every step asserts:

* accepted or refused exactly as the model says, refused with the model's error class;
* an accepted transaction emits exactly the model's events, and a control action exactly one control
  event, carrying its case reference and the acting authority;
* a refused transaction changed nothing: the coin's whole storage (its storage root) is unchanged;
* only the regime's authority (as the coin itself reports it) changes control state;
* a frozen account's balance changes only by seizure;
* after a mint, the supply is within reserves attested no more than the maximum age ago;
* what the action touched reads back on chain as the model holds it, and the model keeps its own
  books (balances plus escrow equal supply, escrow equals the sum over cases, unpaid redemptions).

Every `SWEEP_EVERY` steps, and at the end of every example, a sweep reads the whole observable
ledger (all balances, escrow per case, supply, allowances, nonces, freezes, wallets, pause, licence,
minter allowance, attestation, redemptions) and compares it with the model, with the conservation
law on chain values: the balances of all accounts plus the escrow equal the total supply. (Reading
every view after every step would cost some fifty calls a step; the storage root and the footprint
reads cover each step, the sweeps catch anything that changed where no action should reach.)

Examples are isolated with ``Deployment.snapshot()``; each regime's funded coin is deployed once per
process. The seed comes from ``COINAGE_HYPOTHESIS_SEED`` (default `DEFAULT_SEED`) and is part of
every test id, so a CI failure names the seed that reproduces it: rerun with that variable set.
Hypothesis also prints the shrunk failing steps as code, which replays from the ``tests`` directory::

    from strategies import *          # Caller, Amount, Expiry, Pick, PermitSpec, Reserves
    from test_stateful import *       # DueProcessLedger and the other four machines
    state = DueProcessLedger()
    state.freeze(account='alice', caller=Caller(as_authority=True, actor='alice'), case='CASE-1', ...)
    state.teardown()

and a ``@reproduce_failure(...)`` line, to be put on the failing machine's class (for example
``DueProcessLedger``) to rerun exactly that case under pytest.
"""

from __future__ import annotations

import copy
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from eth_utils import to_canonical_address, to_checksum_address
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import strategies as S
from coinage import ContractRevert, Deployment, Power, Regime, Transaction, WalletTier
from coinage.chain import Chain
from coinage.contracts.coin import sign_permit as coin_sign_permit
from conftest import FUNDED_SUPPLY, FUNDING, MINTER_ALLOWANCE, REPORT, RESERVES, build_funded
from model import (
    CONTROL_EVENTS,
    CONTROL_POWERS,
    DAY,
    ESCROW,
    FOREVER,
    ZERO,
    LedgerModel,
    Outcome,
    State,
    authority_name,
    case_bytes,
)

DEFAULT_SEED = 20250801
SEED = int(os.environ.get("COINAGE_HYPOTHESIS_SEED", DEFAULT_SEED))
"""The Hypothesis seed; set ``COINAGE_HYPOTHESIS_SEED`` to replay another run."""

MAX_EXAMPLES = int(os.environ.get("COINAGE_STATEFUL_EXAMPLES", 55))
STEPS_PER_EXAMPLE = 50
MIN_STEPS_PER_REGIME = 2_000
"""Five regimes, so at least 10,000 steps per run."""

SWEEP_EVERY = 25
"""Steps between full reads of the observable ledger (reads cost about 2 ms each)."""

SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    stateful_step_count=STEPS_PER_EXAMPLE,
    deadline=None,
    database=None,  # a run depends on the seed alone
    print_blob=True,
    report_multiple_bugs=False,  # shrink one failure per regime, not each distinct one
    # No explain phase: it traces every line run while shrinking, and the EVM is pure Python, so
    # shrinking would run some ten times slower.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

STEP_COUNTS: dict[Regime, int] = {regime: 0 for regime in Regime}
"""Steps run in this process, per regime (counted by every rule)."""

OUTCOMES: dict[Regime, Counter[tuple[str, str]]] = {regime: Counter() for regime in Regime}
"""(action, "ok" or the refusing rule) -> how often, per regime: what the run actually exercised."""

CASES = ("CASE-1", "CASE-2", "")
MAX_AMOUNT = 2**128 - 1
"""The facade refuses larger amounts before sending anything."""


# --- one funded coin per regime, per process ----------------------------------------------------------


@dataclass
class Baseline:
    """A funded deployment and the model state it starts from."""

    deployment: Deployment
    addresses: dict[str, str]  # canonical name -> address, with escrow and zero
    state: State
    authorities: dict[Power, str | None]  # as the coin reports them: canonical name or None
    domain_name: str
    roots: bool  # whether `storage_root` sees this chain's state (else refusals are checked by sweeps)


_BASELINES: dict[tuple[Regime, Callable[[], Chain] | None], Baseline] = {}


def canonical_names(d: Deployment) -> list[str]:
    return [actor.name for actor in d.cast]


def baseline(regime: Regime, make_chain: Callable[[], Chain] | None = None) -> Baseline:
    """Deploy and fund `regime`'s coin once (on `make_chain()`, else the default chain); describe its funded state to the model, and check it."""
    if (regime, make_chain) in _BASELINES:
        return _BASELINES[(regime, make_chain)]
    d = build_funded(regime, make_chain() if make_chain is not None else None)
    coin = d.coin
    names = canonical_names(d)
    addresses = {name: d.cast[name].address for name in names}
    addresses[ESCROW] = to_checksum_address(coin.address)
    addresses[ZERO] = to_checksum_address("0x" + "00" * 20)
    by_address = {address.lower(): name for name, address in addresses.items()}
    _, attested_at, _ = coin.attestation()
    state = State(
        balances={name: FUNDING.get(name, 0) for name in names} | {ESCROW: 0},
        supply=FUNDED_SUPPLY,
        frozen_until={ESCROW: FOREVER},
        tiers={"central_bank": WalletTier.UNLIMITED} if regime is Regime.SOVEREIGN else {},
        minter_allowance=MINTER_ALLOWANCE - FUNDED_SUPPLY,
        reserves=RESERVES,
        attested_at=attested_at,
        report=case_bytes(REPORT),
    )
    authorities: dict[Power, str | None] = {}
    for power in Power:
        address = coin.authority_for(power).lower()
        authorities[power] = None if int(address, 16) == 0 else by_address[address]
        # The coin's own table and the model's, written separately, agree.
        assert authorities[power] == authority_name(regime, power), (regime, power)
    _BASELINES[(regime, make_chain)] = Baseline(d, addresses, state, authorities, coin.name(), _roots_work(d))
    return _BASELINES[(regime, make_chain)]


def _storage_root(d: Deployment) -> bytes | None:
    try:
        state = d.chain._chain.get_vm().state  # type: ignore[attr-defined]
        return bytes(state._account_db._get_storage_root(to_canonical_address(d.coin.address)))
    except AttributeError:
        return None


def _roots_work(d: Deployment) -> bool:
    """Whether `_storage_root` follows this chain: an approval must change it, and undoing it restore it."""
    before = _storage_root(d)
    if before is None:
        return False
    with d.snapshot():
        d.coin.approve(d.cast["bob"], 777, by=d.cast["alice"])
        changed = _storage_root(d) != before
    return changed and _storage_root(d) == before


def storage_root(base: Baseline) -> bytes | None:
    """The coin's storage root, one hash over every slot it stores (None: not available, sweeps stand in).

    Read from py-evm below the chain's public API, because reading every view after every refused
    step would cost a hundred times more; `_roots_work` checks that it tracks the chain.
    """
    return _storage_root(base.deployment) if base.roots else None


def sign_permit(
    base: Baseline, signer_key: bytes, owner: str, spender: str, value: int, nonce: int, deadline: int
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 signature by `signer_key` over the given fields (the owner need not be the signer)."""
    d = base.deployment
    return coin_sign_permit(
        signer_key,
        token_name=base.domain_name,
        chain_id=d.chain.chain_id,
        token=d.coin.address,
        owner=owner,
        spender=spender,
        value=value,
        nonce=nonce,
        deadline=deadline,
    )


# --- the machine ------------------------------------------------------------------------------------


Probe = tuple[Any, ...]
"""One observable value: ("balance", name), ("allowance", owner, spender), ("paused",), ..."""


class LedgerMachine(RuleBasedStateMachine):
    """Any actor, any action, one regime; the coin must match `LedgerModel` after every step."""

    regime: ClassVar[Regime]
    make_chain: ClassVar[Callable[[], Chain] | None] = None
    """The chain to run on; None: the default embedded chain."""

    def __init__(self) -> None:
        super().__init__()
        self.base = baseline(self.regime, type(self).make_chain)
        self.d = self.base.deployment
        self.coin = self.d.coin
        self.chain = self.d.chain
        self._stack = ExitStack()
        self._stack.enter_context(self.d.snapshot())
        self.model = LedgerModel(self.regime, self.base.addresses, copy.deepcopy(self.base.state))
        self.accounts = list(self.base.addresses)  # actors, escrow, zero
        self.pairs: set[tuple[str, str]] = set()  # allowance pairs any step has touched
        self.steps = 0
        self.swept_at = -1
        self.failed = False
        self._last_tx: Transaction | None = None
        self.coin.subscribe(self._listen)  # snapshot() drops the listener again on exit

    # --- helpers ---------------------------------------------------------------------------------

    def name(self, who: str) -> str:
        """The canonical name: under the sovereign regime the issuer is the central bank."""
        return "central_bank" if who == "issuer" and self.regime is Regime.SOVEREIGN else who

    def addr(self, who: str) -> str:
        return self.base.addresses[who]

    def signer(self, who: str) -> Any:
        return self.d.cast[who]

    def read(self, probe: Probe) -> tuple[Any, Any]:
        """(value on chain, value in the model) of one observable."""
        kind, *args = probe
        coin, m = self.coin, self.model
        if kind == "balance":
            return coin.balance_of(self.addr(args[0])), m.balance(args[0])
        if kind == "supply":
            return coin.total_supply(), m.state.supply
        if kind == "allowance":
            return coin.allowance(self.addr(args[0]), self.addr(args[1])), m.allowance(args[0], args[1])
        if kind == "nonce":
            return coin.nonces(self.addr(args[0])), m.nonce(args[0])
        if kind == "frozen_until":
            return coin.frozen_until(self.addr(args[0])), m.frozen_until(args[0])
        if kind == "is_frozen":
            return coin.is_frozen(self.addr(args[0])), m.is_frozen(args[0], self.chain.now)
        if kind == "wallet":
            tier, spent = coin.wallet_of(self.addr(args[0]))
            return (tier, spent), (m.tier(args[0]), m.spent_on(args[0], self.chain.now // DAY))
        if kind == "paused":
            return coin.paused(), m.state.paused
        if kind == "licensed":
            return coin.licensed(), m.state.licensed
        if kind == "minter_allowance":
            return coin.minter_allowance(), m.state.minter_allowance
        if kind == "attestation":
            report = m.state.report.rstrip(b"\0").decode()
            return coin.attestation(), (m.state.reserves, m.state.attested_at, report)
        if kind == "redemptions":
            return (coin.redemption_count(), coin.outstanding_redemptions()), (len(m.state.redemptions), m.state.outstanding)
        if kind == "redemption":
            r = m.state.redemptions[args[0]]
            holder, amount, paid = coin.redemption(args[0])
            return (holder.lower(), amount, paid), (self.addr(r.holder).lower(), r.amount, r.paid)
        if kind == "escrow":
            return coin.total_escrow(), m.balance(ESCROW)
        if kind == "escrow_of":
            return coin.escrow_of(args[0]), m.escrow_of(case_bytes(args[0]))
        raise AssertionError(f"unknown probe {probe}")

    def compare(self, probes: Iterable[Probe], context: str) -> dict[Probe, Any]:
        """Read each probe on chain, require it to equal the model; return the chain values."""
        seen: dict[Probe, Any] = {}
        for probe in dict.fromkeys(probes):
            on_chain, modelled = self.read(probe)
            assert on_chain == modelled, f"{context}: {probe} is {on_chain!r} on chain, {modelled!r} in the model"
            seen[probe] = on_chain
        return seen

    def full_probes(self) -> list[Probe]:
        """Every observable of the ledger worth reading (allowances: those any step touched)."""
        m = self.model
        probes: list[Probe] = [("supply",), ("escrow",), ("paused",), ("licensed",), ("minter_allowance",)]
        probes += [("attestation",), ("redemptions",)]
        probes += [("balance", a) for a in self.accounts]
        probes += [("frozen_until", a) for a in self.accounts]
        probes += [("nonce", a) for a in canonical_names(self.d)]
        probes += [("escrow_of", c) for c in CASES]
        pairs = self.pairs | {pair for pair, value in m.state.allowances.items() if value}
        probes += [("allowance", owner, spender) for owner, spender in sorted(pairs)]
        if self.regime is Regime.SOVEREIGN:
            probes += [("wallet", a) for a in self.accounts]
        return probes

    def sweep(self, context: str) -> None:
        """The whole observable ledger equals the model, and its conservation laws hold on chain."""
        probes = self.full_probes()
        seen = self.compare(probes, context)
        held = sum(seen[("balance", a)] for a in self.accounts)  # the escrow is one of the accounts
        assert held == seen[("supply",)], f"{context}: balances + escrow {held} != supply {seen[('supply',)]}"
        cases = sum(seen[("escrow_of", c)] for c in CASES)
        assert cases == seen[("escrow",)], f"{context}: escrow {seen[('escrow',)]} != sum over cases {cases}"

    def act(
        self,
        action: str,
        power: Power | None,
        caller: str,
        predict: Callable[[int], Outcome],
        send: Callable[[], Transaction],
        probes: list[Probe],
        case: str | None = None,
    ) -> Transaction | None:
        """Send one action and check it against the model's prediction (see the module docstring)."""
        STEP_COUNTS[self.regime] += 1
        self.steps += 1
        m = self.model
        now = self.chain.now
        root_before = storage_root(self.base)
        control_before = m.control_state()
        balances_before = dict(m.state.balances)
        # The escrow is frozen for ever by design; seizures fill it and releases drain it.
        frozen_before = {a for a in self.accounts if a != ESCROW and m.is_frozen(a, now)}
        outcome = predict(now)
        label = f"{action} by {caller}"
        try:
            tx = send()
        except ContractRevert as refusal:
            OUTCOMES[self.regime][(action, refusal.rule)] += 1
            assert not outcome.accepted, f"{label}: the model accepts it (events {outcome.events}), the coin refused {refusal!r}"
            assert type(refusal) is outcome.error, f"{label}: expected {outcome.error}, got {refusal!r}"
            assert refusal.receipt.timestamp == now  # type: ignore[attr-defined]
            assert self.d.timeline.entries[-1].outcome == refusal.rule
            # A refused action changed nothing: not one storage slot of the coin.
            if root_before is not None:
                assert storage_root(self.base) == root_before, f"{label}: refused with {refusal!r} but storage changed"
            else:
                self.sweep(f"after refused {label}")
            return None
        OUTCOMES[self.regime][(action, "ok")] += 1
        assert outcome.error is None, f"{label}: expected {outcome.error.__name__}, the coin accepted it: {tx.events}"
        assert tx.receipt.timestamp == now
        assert self.d.timeline.entries[-1].outcome == "ok"
        got = [(e.name, dict(e.args)) for e in tx.events]
        assert got == list(outcome.events), f"{label}: events\n  got      {got}\n  expected {list(outcome.events)}"

        control = [e for e in tx.events if e.name in CONTROL_EVENTS]
        if power in CONTROL_POWERS:
            # Exactly one control event, with the case reference and the authority that acted.
            assert len(control) == 1, f"{label}: control events {control}"
            assert case is not None
            assert control[0].args["caseRef"] == case_bytes(case)
            assert control[0].args["authority"] == self.addr(caller)
        else:
            assert not control, f"{label}: a non-control action emitted {control}"

        # Only the regime's authority, as the coin reports it, changes control state.
        if m.control_state() != control_before:
            assert power in CONTROL_POWERS, f"{label} changed control state"
            assert self.base.authorities[power] == caller, f"{label} changed control state without holding {power.name}"

        seen = self.compare(probes, f"after {label}")

        # A frozen account's balance changes only by seizure.
        for probe, value in seen.items():
            if probe[0] == "balance" and probe[1] in frozen_before and value != balances_before.get(probe[1], 0):
                assert action == "seize", f"{label} changed the balance of frozen {probe[1]}"
        return tx

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def ledger_matches_model(self) -> None:
        try:
            self.model.check()
            if self.steps and self.steps % SWEEP_EVERY == 0 and self.swept_at != self.steps:
                self.sweep(f"sweep after step {self.steps}")
                self.swept_at = self.steps
        except BaseException:
            self.failed = True
            raise

    def teardown(self) -> None:
        try:
            if not self.failed:
                if self.swept_at != self.steps:
                    self.sweep("end of example")
                count = len(self.model.state.redemptions)
                self.compare([("redemption", i) for i in range(count)], "end of example")
        finally:
            self._stack.close()

    # --- issuance, reserves, redemption --------------------------------------------------------

    def guarded(self, body: Callable[[], Any]) -> None:
        try:
            body()
        except BaseException:
            self.failed = True
            raise

    @rule(caller=S.callers, reserves=S.reserves, report=S.reports)
    def attest(self, caller: S.Caller, reserves: S.Reserves, report: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.ATTEST)))
        value = reserves.resolve(self.model.state.supply)
        ref = case_bytes(report)
        self.guarded(
            lambda: self.act(
                "attest", Power.ATTEST, who,
                lambda now: self.model.attest(who, value, ref, now),
                lambda: self.coin.attest(value, report=report, by=self.signer(who)),
                [("attestation",)],
            )
        )

    @rule(caller=S.callers, value=S.minter_allowances)
    def set_minter_allowance(self, caller: S.Caller, value: int) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.CONFIGURE_MINTER)))
        self.guarded(
            lambda: self.act(
                "set_minter_allowance", Power.CONFIGURE_MINTER, who,
                lambda now: self.model.set_minter_allowance(who, value),
                lambda: self.coin.set_minter_allowance(value, by=self.signer(who)),
                [("minter_allowance",)],
            )
        )

    @rule(caller=S.callers, to=S.accounts, amount=S.amounts)
    def mint(self, caller: S.Caller, to: str, amount: S.Amount) -> None:
        s = self.model.state
        value = min(amount.resolve(min(s.minter_allowance, max(s.reserves - s.supply, 0))), MAX_AMOUNT)
        self.guarded(lambda: self.do_mint(caller, self.name(to), value))

    def do_mint(self, caller: S.Caller, to: str, value: int) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.MINT)))
        probes: list[Probe] = [("balance", to), ("supply",), ("minter_allowance",)]
        if self.sovereign:
            probes.append(("wallet", to))
        tx = self.act(
            "mint", Power.MINT, who,
            lambda now: self.model.mint(who, to, value, now),
            lambda: self.coin.mint(self.addr(to), value, by=self.signer(who)),
            probes,
        )
        if tx is not None:
            # Supply never exceeds reserves attested, no longer than the maximum age ago, at a mint.
            reserves, attested_at, _ = self.coin.attestation()
            supply = self.coin.total_supply()
            assert supply <= reserves, f"minted to {supply} over attested reserves {reserves}"
            assert tx.receipt.timestamp - attested_at <= self.model.max_attestation_age

    @rule(caller=S.senders, amount=S.amounts)
    def redeem(self, caller: str, amount: S.Amount) -> None:
        self.guarded(lambda: self.do_redeem(self.name(caller), amount))

    @rule(caller=S.callers, pick=S.redemption_picks, ref=S.reports)
    def pay_redemption(self, caller: S.Caller, pick: S.Pick, ref: str) -> None:
        unpaid = [i for i, r in enumerate(self.model.state.redemptions) if not r.paid]
        self.guarded(lambda: self.do_pay_redemption(caller, pick.resolve(unpaid), ref))

    @rule(holder=S.senders, amount=S.amounts, payer=S.callers, ref=S.reports)
    def redemption_cycle(self, holder: str, amount: S.Amount, payer: S.Caller, ref: str) -> None:
        """Two checked steps: a holder redeems coins, then the issuer records the fiat payment."""

        def body() -> None:
            self.do_redeem(self.name(holder), amount)
            self.do_pay_redemption(payer, len(self.model.state.redemptions) - 1, ref)

        self.guarded(body)

    def do_redeem(self, who: str, amount: S.Amount) -> None:
        value = amount.resolve(self.model.balance(who))
        probes: list[Probe] = [("balance", who), ("supply",), ("redemptions",)]
        if self.sovereign:
            probes.append(("wallet", who))

        def send() -> Transaction:
            self._last_tx = None
            self.coin.redeem(value, by=self.signer(who))
            return self.last_transaction

        self.act("redeem", None, who, lambda now: self.model.redeem(who, value, now), send, probes)

    def do_pay_redemption(self, caller: S.Caller, rid: int, ref: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.PAY_REDEMPTION)))
        rid = max(rid, 0)
        count = len(self.model.state.redemptions)
        probes: list[Probe] = [("redemptions",)] + ([("redemption", rid)] if rid < count else [])
        self.act(
            "pay_redemption", Power.PAY_REDEMPTION, who,
            lambda now: self.model.mark_redemption_paid(who, rid, case_bytes(ref)),
            lambda: self.coin.mark_redemption_paid(rid, fiat_ref=ref, by=self.signer(who)),
            probes,
        )

    # --- ERC-20 and EIP-2612 ------------------------------------------------------------------

    @rule(caller=S.senders, to=S.accounts, amount=S.amounts)
    def transfer(self, caller: str, to: str, amount: S.Amount) -> None:
        self.guarded(lambda: self.do_transfer(self.name(caller), self.name(to), amount.resolve(self.model.balance(self.name(caller)))))

    @rule(payer=S.senders, to=S.accounts, funds=S.tier_amounts, payment=S.tier_amounts, count=st.integers(2, 4))
    def payday(self, payer: str, to: str, funds: int, payment: int, count: int) -> None:
        """The issuer mints to a holder (within its allowance and the reserves), who then sends the same
        payment several times in one day, so that the sovereign wallets' caps bite."""

        def body() -> None:
            who, recipient, s = self.name(payer), self.name(to), self.model.state
            value = min(funds, s.minter_allowance, max(s.reserves - s.supply, 0))
            self.do_mint(S.Caller(as_authority=True, actor="issuer"), who, value)
            for _ in range(count):
                self.do_transfer(who, recipient, payment)

        self.guarded(body)

    def do_transfer(self, who: str, to: str, value: int) -> None:
        probes: list[Probe] = [("balance", who), ("balance", to)]
        if self.sovereign:
            probes += [("wallet", who)]
        self.act(
            "transfer", None, who,
            lambda now: self.model.transfer(who, to, value, now),
            lambda: self.coin.transfer(self.addr(to), value, by=self.signer(who)),
            probes,
        )

    @rule(caller=S.senders, spender=S.accounts, value=S.allowance_values)
    def approve(self, caller: str, spender: str, value: int) -> None:
        who, spender = self.name(caller), self.name(spender)
        self.pairs.add((who, spender))
        self.guarded(
            lambda: self.act(
                "approve", None, who,
                lambda now: self.model.approve(who, spender, value, now),
                lambda: self.coin.approve(self.addr(spender), value, by=self.signer(who)),
                [("allowance", who, spender)],
            )
        )

    @rule(caller=S.actors, pick=S.picks(S.accounts), to=S.accounts, amount=S.amounts)
    def transfer_from(self, caller: str, pick: S.Pick, to: str, amount: S.Amount) -> None:
        who, to = self.name(caller), self.name(to)
        approvers = [o for (o, spender), v in sorted(self.model.state.allowances.items()) if spender == who and v]
        owner: str = self.name(pick.resolve(approvers))
        allowed = self.model.allowance(owner, who)
        value = amount.resolve(min(allowed, self.model.balance(owner)))
        self.pairs.add((owner, who))
        probes: list[Probe] = [("allowance", owner, who), ("balance", owner), ("balance", to)]
        if self.sovereign:
            probes.append(("wallet", owner))
        self.guarded(
            lambda: self.act(
                "transfer_from", None, who,
                lambda now: self.model.transfer_from(who, owner, to, value, now),
                lambda: self.coin.transfer_from(self.addr(owner), self.addr(to), value, by=self.signer(who)),
                probes,
            )
        )

    @rule(owner=S.senders, spender=S.accounts, value=S.allowance_values, spec=S.permits, relayer=S.actors)
    def permit(self, owner: str, spender: str, value: int, spec: S.PermitSpec, relayer: str) -> None:
        owner, spender, relayer = self.name(owner), self.name(spender), self.name(relayer)
        signer = owner if spec.signature != "other_key" else self.name(spec.other)
        nonce = self.model.nonce(owner) + (1 if spec.signature == "future_nonce" else 0)
        self.pairs.add((owner, spender))
        now = self.chain.now
        deadline = spec.deadline(now)
        signature = sign_permit(
            self.base, self.signer(signer).account.key, self.addr(owner), self.addr(spender), value, nonce, deadline
        )
        self.guarded(
            lambda: self.act(
                "permit", None, relayer,
                lambda now: self.model.permit(owner, spender, value, deadline, signer=signer, signed_nonce=nonce, now=now),
                lambda: self.coin.permit(
                    self.addr(owner), self.addr(spender), value, deadline=deadline, signature=signature,
                    by=self.signer(relayer),
                ),
                [("allowance", owner, spender), ("nonce", owner)],
            )
        )

    # --- licence -----------------------------------------------------------------------------

    @rule(caller=S.callers, case=S.cases)
    def revoke_licence(self, caller: S.Caller, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.LICENCE)))
        self.guarded(
            lambda: self.act(
                "revoke_licence", Power.LICENCE, who,
                lambda now: self.model.revoke_licence(who, case_bytes(case)),
                lambda: self.coin.revoke_licence(case=case, by=self.signer(who)),
                [("licensed",)], case,
            )
        )

    @rule(caller=S.callers, case=S.cases)
    def reinstate_licence(self, caller: S.Caller, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.LICENCE)))
        self.guarded(
            lambda: self.act(
                "reinstate_licence", Power.LICENCE, who,
                lambda now: self.model.reinstate_licence(who, case_bytes(case)),
                lambda: self.coin.reinstate_licence(case=case, by=self.signer(who)),
                [("licensed",)], case,
            )
        )

    # --- freeze and seizure ------------------------------------------------------------------

    @rule(caller=S.callers, account=S.accounts, expiry=S.expiries, case=S.cases)
    def freeze(self, caller: S.Caller, account: str, expiry: S.Expiry, case: str) -> None:
        self.guarded(lambda: self.do_freeze(caller, self.name(account), expiry, case))

    @rule(caller=S.callers, account=S.picks(S.accounts), expiry=S.expiries, case=S.cases)
    def confirm_freeze(self, caller: S.Caller, account: S.Pick, expiry: S.Expiry, case: str) -> None:
        self.guarded(lambda: self.do_confirm_freeze(caller, self.name(account.resolve(self.frozen_accounts())), expiry, case))

    @rule(caller=S.callers, pick=S.picks(S.accounts), case=S.cases)
    def unfreeze(self, caller: S.Caller, pick: S.Pick, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.UNFREEZE)))
        account: str = self.name(pick.resolve(self.frozen_accounts()))
        self.guarded(
            lambda: self.act(
                "unfreeze", Power.UNFREEZE, who,
                lambda now: self.model.unfreeze(who, account, case_bytes(case), now),
                lambda: self.coin.unfreeze(self.addr(account), case=case, by=self.signer(who)),
                [("frozen_until", account)], case,
            )
        )

    @rule(caller=S.callers, account=S.picks(S.accounts), amount=S.amounts, case=S.cases)
    def seize(self, caller: S.Caller, account: S.Pick, amount: S.Amount, case: str) -> None:
        self.guarded(lambda: self.do_seize(caller, self.name(account.resolve(self.frozen_accounts())), amount, case))

    @rule(caller=S.callers, recipient=S.accounts, amount=S.amounts, case=S.picks(S.cases))
    def release(self, caller: S.Caller, recipient: str, amount: S.Amount, case: S.Pick) -> None:
        held = [c for c in CASES if self.model.escrow_of(case_bytes(c))]
        self.guarded(lambda: self.do_release(caller, self.name(recipient), amount, case.resolve(held)))

    @rule(
        officer=S.callers, judge=S.callers, account=S.senders, expiry=S.expiries, confirmed=S.expiries,
        amount=S.shares, recipient=S.accounts, case=S.cases,
    )
    def enforcement_case(
        self, officer: S.Caller, judge: S.Caller, account: str, expiry: S.Expiry, confirmed: S.Expiry,
        amount: S.Amount, recipient: str, case: str,
    ) -> None:
        """A whole case, four checked steps: freeze an account, confirm the freeze, seize from it, release."""

        def body() -> None:
            target = self.name(account)
            self.do_freeze(officer, target, expiry, case)
            self.do_confirm_freeze(judge, target, confirmed, case)
            self.do_seize(judge, target, amount, case)
            self.do_release(judge, self.name(recipient), amount, case)

        self.guarded(body)

    def do_freeze(self, caller: S.Caller, account: str, expiry: S.Expiry, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.FREEZE)))
        until = expiry.resolve(self.chain.now)
        self.act(
            "freeze", Power.FREEZE, who,
            lambda now: self.model.freeze(who, account, until, case_bytes(case), now),
            lambda: self.coin.freeze(self.addr(account), case=case, until=until or None, by=self.signer(who)),
            [("frozen_until", account)], case,
        )

    def do_confirm_freeze(self, caller: S.Caller, account: str, expiry: S.Expiry, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.CONFIRM_FREEZE)))
        until = expiry.resolve(self.chain.now)
        self.act(
            "confirm_freeze", Power.CONFIRM_FREEZE, who,
            lambda now: self.model.confirm_freeze(who, account, until, case_bytes(case), now),
            lambda: self.coin.confirm_freeze(self.addr(account), case=case, until=until or None, by=self.signer(who)),
            [("frozen_until", account)], case,
        )

    def do_seize(self, caller: S.Caller, account: str, amount: S.Amount, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.SEIZE)))
        value = amount.resolve(self.model.balance(account))
        self.act(
            "seize", Power.SEIZE, who,
            lambda now: self.model.seize(who, account, value, case_bytes(case), now),
            lambda: self.coin.seize(self.addr(account), value, case=case, by=self.signer(who)),
            [("balance", account), ("escrow",), ("escrow_of", case)], case,
        )

    def do_release(self, caller: S.Caller, recipient: str, amount: S.Amount, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.RELEASE)))
        value = amount.resolve(self.model.escrow_of(case_bytes(case)))
        self.act(
            "release", Power.RELEASE, who,
            lambda now: self.model.release(who, recipient, value, case_bytes(case), now),
            lambda: self.coin.release(self.addr(recipient), value, case=case, by=self.signer(who)),
            [("balance", recipient), ("escrow",), ("escrow_of", case)], case,
        )

    # --- pause, tiers, time ------------------------------------------------------------------

    @rule(caller=S.callers, case=S.cases)
    def pause(self, caller: S.Caller, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.PAUSE)))
        self.guarded(
            lambda: self.act(
                "pause", Power.PAUSE, who,
                lambda now: self.model.pause(who, case_bytes(case)),
                lambda: self.coin.pause(case=case, by=self.signer(who)),
                [("paused",)], case,
            )
        )

    @rule(caller=S.callers, case=S.cases)
    def unpause(self, caller: S.Caller, case: str) -> None:
        who = self.name(caller.resolve(self.model.authority(Power.PAUSE)))
        self.guarded(
            lambda: self.act(
                "unpause", Power.PAUSE, who,
                lambda now: self.model.unpause(who, case_bytes(case)),
                lambda: self.coin.unpause(case=case, by=self.signer(who)),
                [("paused",)], case,
            )
        )

    @rule(caller=S.callers, account=S.accounts, tier=S.tiers, case=S.cases)
    def set_tier(self, caller: S.Caller, account: str, tier: WalletTier, case: str) -> None:
        who, account = self.name(caller.resolve(self.model.authority(Power.SET_TIER))), self.name(account)
        self.guarded(
            lambda: self.act(
                "set_tier", Power.SET_TIER, who,
                lambda now: self.model.set_tier(who, account, tier, case_bytes(case)),
                lambda: self.coin.set_tier(self.addr(account), tier, case=case, by=self.signer(who)),
                [("wallet", account)], case,
            )
        )

    @rule(seconds=S.time_steps)
    def advance_time(self, seconds: int) -> None:
        """Move the clock: freezes lapse, attestations age, daily limits reset; storage stays as it was."""

        def body() -> None:
            STEP_COUNTS[self.regime] += 1
            self.steps += 1
            before, root = self.chain.now, storage_root(self.base)
            self.chain.advance_time(seconds)
            assert self.chain.now == before + seconds
            assert storage_root(self.base) == root
            # Freezes the model knows of read back as lapsed or in force at the new time.
            frozen = [a for a, until in self.model.state.frozen_until.items() if until and a != ESCROW]
            self.compare([("is_frozen", a) for a in frozen], f"after {seconds} s")

        self.guarded(body)

    # --- plumbing --------------------------------------------------------------------------------

    def frozen_accounts(self) -> list[str]:
        """Accounts frozen at the next transaction's time (the escrow aside)."""
        now = self.chain.now
        return [a for a in self.accounts if a != ESCROW and self.model.is_frozen(a, now)]

    @property
    def sovereign(self) -> bool:
        return self.regime is Regime.SOVEREIGN

    @property
    def last_transaction(self) -> Transaction:
        """The transaction just sent (redeem returns only the request id)."""
        assert self._last_tx is not None
        return self._last_tx

    def _listen(self, outcome: Any) -> None:
        if isinstance(outcome, Transaction):
            self._last_tx = outcome


@seed(SEED)
class PermissionlessLedger(LedgerMachine):
    regime = Regime.PERMISSIONLESS


@seed(SEED)
class IssuerControlledLedger(LedgerMachine):
    regime = Regime.ISSUER_CONTROLLED


@seed(SEED)
class RegulatorControlledLedger(LedgerMachine):
    regime = Regime.REGULATOR_CONTROLLED


@seed(SEED)
class DueProcessLedger(LedgerMachine):
    regime = Regime.DUE_PROCESS


@seed(SEED)
class SovereignLedger(LedgerMachine):
    regime = Regime.SOVEREIGN


MACHINES: dict[Regime, type[LedgerMachine]] = {
    machine.regime: machine
    for machine in (PermissionlessLedger, IssuerControlledLedger, RegulatorControlledLedger, DueProcessLedger, SovereignLedger)
}


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: f"{r.slug}-seed{SEED}")
def test_every_action_by_every_actor_follows_the_rules(regime: Regime, capsys: pytest.CaptureFixture[str]) -> None:
    """Under each regime, any sequence of actions by any actors leaves the coin exactly as the model of its rules says."""
    print(f"stateful {regime.slug}: seed {SEED} (set COINAGE_HYPOTHESIS_SEED to change it)")
    STEP_COUNTS[regime] = 0
    OUTCOMES[regime].clear()
    started = time.perf_counter()
    run_state_machine_as_test(MACHINES[regime], settings=SETTINGS)
    elapsed = time.perf_counter() - started
    steps = STEP_COUNTS[regime]
    line = f"stateful {regime.slug}: {steps} steps in {elapsed:.1f} s, seed {SEED}"
    print(line)
    for (action, result), count in sorted(OUTCOMES[regime].items()):
        print(f"  {action:22} {result:30} {count}")
    with capsys.disabled():  # shown live when run without xdist; with -n, use -rP to see the table
        print("\n" + line)
    assert steps >= MIN_STEPS_PER_REGIME, f"only {steps} steps ran under {regime.slug}"
