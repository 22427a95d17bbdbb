"""ERC-3643 as its owners deploy it: Tokeny's T-REX token with its identity registry, claim topics,
trusted issuers and modular compliance, and an ONCHAINID identity with a KYC claim for every holder.

Deployed in the order of T-REX's own test suite, ``test/fixtures/deploy-full-suite.fixture.ts`` in
TokenySolutions/T-REX (``deployFullSuiteFixture`` and ``deploySuiteWithModularCompliancesFixture``): the
implementations, a `TREXImplementationAuthority` that points at them, and one proxy per contract (plain
CREATE, not the CREATE2 `TREXFactory`, which is the fixture's path too); the storage bound to the
registry, the token's agent, a claim topic, a claim issuer whose signing key the trusted issuers
registry trusts, and a registered identity with a signed claim for each holder; then the agent
unpauses the token, which starts paused. Holders' identities are deployed directly (`new Identity`)
rather than behind ONCHAINID's IdentityProxy, whose package the T-REX package does not ship.

The owner (here the issuer) appoints agents; an agent (here the issuer too) mints, burns, freezes
wallets or part of a balance, pauses, and forces transfers. Who holds each power is read from the
token's own agent storage (`isAgent`) and owner (`owner`). There is no minter allowance, no reserve or
licence on chain, no case reference and no expiry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from eth_abi import encode
from eth_account import Account as EthAccount
from eth_account.messages import encode_defunct
from eth_utils import keccak

from ..chain import Account, Chain
from ..contracts import RedemptionRequest, Transaction
from ..contracts.abi import ContractInterface
from ..contracts.coin import AddressBook, Who
from ..enums import Power
from ..errors import InvalidInput
from ..units import DECIMALS, check_amount
from ._peer import Contract, PeerCoin, PowerLacking, deploy, signer_of
from .artifacts import load_trex

NAME, SYMBOL = "T-REX Hong Kong Dollar", "tHKD"
KYC_TOPIC = 1
"""The claim topic every holder must carry: a KYC check by the trusted claim issuer."""
COUNTRY = 344
"""ISO 3166-1 numeric code of Hong Kong, stored with each holder's identity."""
MANAGEMENT, CLAIM_SIGNER, ECDSA = 1, 3, 1
"""ONCHAINID key purposes (management, claim signer) and key type (ECDSA)."""

LACKING: dict[Power, str] = {
    Power.CONFIGURE_MINTER: "agents mint without any allowance; only the owner, by removing an agent, limits them",
    Power.CONFIRM_FREEZE: "any agent freezes alone; no second party confirms, and a freeze never expires",
    Power.ATTEST: "reserves are not on chain; nothing ties the supply to them",
    Power.LICENCE: "no licence exists on chain; only the owner can remove its own agents",
    Power.SET_TIER: "no wallet tiers; holding limits would need a compliance module",
}
"""The powers of Coinage that the T-REX token does not have, and what that means for a holder."""

FUNCTIONS: dict[Power, str] = {
    Power.MINT: "`mint` by an agent, without any limit",
    Power.PAY_REDEMPTION: "`burn` by an agent of the holder's tokens; the fiat is paid off chain",
    Power.FREEZE: "`setAddressFrozen(true)` or `freezePartialTokens` by an agent",
    Power.UNFREEZE: "`setAddressFrozen(false)` or `unfreezePartialTokens` by an agent",
    Power.SEIZE: "`forcedTransfer` by an agent, from any wallet, frozen or not, to any verified one",
    Power.RELEASE: "`forcedTransfer` by an agent, onward to the victim",
    Power.PAUSE: "`pause`, `unpause` by an agent",
}
"""How each power T-REX has is exercised: the contract function, and whose role it needs."""


@dataclass
class TrexCoin(PeerCoin):
    """An ERC-3643 token behind Coinage's facade: wallet freezes, forced transfers, agent mint and burn."""

    registry: Contract | None = None
    candidates: tuple[str, ...] = ()
    """The cast's addresses, in cast order: where `isAgent` is asked who the agents are."""
    escrow_holder: str = ""
    """The agent's own verified wallet, where forced transfers put seized tokens before they are returned."""
    LACKING: ClassVar[dict[Power, str]] = LACKING
    FUNCTIONS: ClassVar[dict[Power, str]] = FUNCTIONS
    design: ClassVar[str] = "ERC-3643 (T-REX)"
    supports_permit: ClassVar[bool] = False
    seizure_words: ClassVar[str] = "into its own wallet by forced transfer"
    release_words: ClassVar[str] = "by a second forced transfer"

    def _agent(self) -> str | None:
        return next((a for a in self.candidates if self._read("isAgent", a)), None)

    def holder_address(self, power: Power) -> str | None:
        if power in (Power.MINT, Power.PAY_REDEMPTION, Power.FREEZE, Power.UNFREEZE, Power.SEIZE, Power.RELEASE, Power.PAUSE):
            return self._agent()
        return None

    def roles(self) -> dict[str, str]:
        """The token's owner and its first agent among the cast, as stored on chain."""
        return {"owner": str(self._read("owner")), "agent": self._agent() or "none"}

    # --- freeze, partial freeze, forced transfer ---------------------------------------------------

    def freeze(self, account: Who, *, case: str, until: int | None = None, by: Who) -> Transaction:
        """Freeze a wallet (`setAddressFrozen`); T-REX records no case and no expiry."""
        if until is not None:
            raise InvalidInput("a T-REX wallet freeze has no expiry: it lasts until an agent lifts it")
        return self._send("setAddressFrozen", (self._addr(account), True), by, "freeze")

    def unfreeze(self, account: Who, *, case: str, by: Who) -> Transaction:
        return self._send("setAddressFrozen", (self._addr(account), False), by, "unfreeze")

    def freeze_partial(self, account: Who, amount: int, *, by: Who) -> Transaction:
        """Freeze part of a balance (`freezePartialTokens`): the rest stays spendable."""
        return self._send("freezePartialTokens", (self._addr(account), check_amount(amount)), by, "freeze_partial")

    def is_frozen(self, account: Who) -> bool:
        return bool(self._read("isFrozen", self._addr(account)))

    def seize(self, account: Who, amount: int, *, case: str, by: Who) -> Transaction:
        """Move the coins to the agent's own wallet with `forcedTransfer`, frozen or not."""
        args = (self._addr(account), self.escrow_holder, check_amount(amount))
        return self._send("forcedTransfer", args, by, "seize")

    def release(self, recipient: Who, amount: int, *, case: str, by: Who) -> Transaction:
        """Pay seized coins to `recipient` with `forcedTransfer` from the agent's wallet."""
        args = (self.escrow_holder, self._addr(recipient), check_amount(amount))
        return self._send("forcedTransfer", args, by, "release")

    def pause(self, *, case: str, by: Who) -> Transaction:
        return self._send("pause", (), by, "pause")

    def unpause(self, *, case: str, by: Who) -> Transaction:
        return self._send("unpause", (), by, "unpause")

    # --- issuance and redemption ------------------------------------------------------------------

    def set_minter_allowance(self, amount: int, *, by: Who) -> Transaction:
        raise self.lacking(Power.CONFIGURE_MINTER)

    def minter_allowance(self) -> int:
        """Agents mint without an allowance: nothing on chain limits them."""
        return 2**256 - 1

    def redeem(self, amount: int, *, by: Who) -> RedemptionRequest:
        """Redeem as ERC-3643 issuers do: asked off chain, an agent burns the holder's tokens."""
        agent = self._agent()
        if agent is None:
            raise InvalidInput("the token has no agent, so nobody can redeem")
        amount = check_amount(amount)
        burnt = self._send("burn", (self._addr(by), amount), agent, "redeem")
        self.requests.append((self._addr(by), amount, False))
        return RedemptionRequest(burnt.action, burnt.actor, burnt.receipt, burnt.events, len(self.requests) - 1)

    def sign_permit(self, owner: Who, spender: Who, amount: int, *, deadline: int, nonce: int | None = None,
                    chain_id: int | None = None) -> tuple[int, bytes, bytes]:
        raise PowerLacking("an ERC-3643 token has no permit (EIP-2612): approvals are transactions the owner sends")


@dataclass
class _Suite:
    """The deployer's view while the suite is put together: send a call and fail loudly on a refusal."""

    chain: Chain
    book: AddressBook
    owner: Who
    contracts: dict[str, Contract] = field(default_factory=dict)

    def deploy(self, name: str, *args: Any, by: Who | Account | None = None) -> Contract:
        return deploy(self.chain, self.book, load_trex(name), args, by=self.owner if by is None else by)

    def proxy(self, proxy: str, implementation: str, *args: Any) -> Contract:
        """A proxy deployed over the implementation authority, seen through its implementation's ABI."""
        return Contract(self.deploy(proxy, *args).address, ContractInterface(load_trex(implementation).abi))

    def call(self, target: Contract, function: str, *args: Any, by: Who | Account | None = None) -> None:
        signer = signer_of(self.book, self.owner if by is None else by)
        receipt = self.chain.transact(signer, target.address, target.interface.encode_call(function, args))
        if not receipt.succeeded:
            raise target.interface.decode_revert(receipt.revert_data or b"", self.book.names)


def _key(address: str) -> bytes:
    """An ONCHAINID key: keccak256 of the ABI-encoded address."""
    return keccak(encode(["address"], [address]))


def deploy_trex(chain: Chain, book: AddressBook, *, issuer: Who, kyc: Account, holders: tuple[Who, ...],
                candidates: tuple[Who, ...], name: str = NAME, symbol: str = SYMBOL) -> TrexCoin:
    """Deploy the T-REX suite with `issuer` as owner and agent, `kyc` as trusted claim issuer, and an
    identity with a KYC claim for each of `holders` and for the issuer's own wallet (its seizure account).
    `candidates` are the accounts whose agent status answers "who holds FREEZE?" (the cast)."""
    suite = _Suite(chain, book, issuer)
    implementations = {
        key: suite.deploy(contract).address
        for key, contract in (
            ("token", "Token"),
            ("ctr", "ClaimTopicsRegistry"),
            ("ir", "IdentityRegistry"),
            ("irs", "IdentityRegistryStorage"),
            ("tir", "TrustedIssuersRegistry"),
            ("mc", "ModularCompliance"),
        )
    }
    authority = suite.deploy("TREXImplementationAuthority", True, "0x" + "0" * 40, "0x" + "0" * 40)
    version = (4, 0, 0)
    trex = tuple(implementations[k] for k in ("token", "ctr", "ir", "irs", "tir", "mc"))
    suite.call(authority, "addAndUseTREXVersion", version, trex)

    topics = suite.proxy("ClaimTopicsRegistryProxy", "ClaimTopicsRegistry", authority.address)
    issuers = suite.proxy("TrustedIssuersRegistryProxy", "TrustedIssuersRegistry", authority.address)
    storage = suite.proxy("IdentityRegistryStorageProxy", "IdentityRegistryStorage", authority.address)
    compliance = suite.proxy("ModularComplianceProxy", "ModularCompliance", authority.address)
    registry = suite.proxy("IdentityRegistryProxy", "IdentityRegistry", authority.address, issuers.address,
                           topics.address, storage.address)
    issuer_address = book.address_of(issuer)
    token_identity = suite.deploy("Identity", issuer_address, False)
    token = suite.proxy("TokenProxy", "Token", authority.address, registry.address, compliance.address, name, symbol,
                        DECIMALS, token_identity.address)

    suite.call(storage, "bindIdentityRegistry", registry.address)
    suite.call(token, "addAgent", issuer_address)
    suite.call(topics, "addClaimTopic", KYC_TOPIC)
    kyc_address = kyc.address
    claim_issuer = suite.deploy("ClaimIssuer", kyc_address, by=kyc)
    suite.call(claim_issuer, "addKey", _key(kyc_address), CLAIM_SIGNER, ECDSA, by=kyc)
    suite.call(issuers, "addTrustedIssuer", claim_issuer.address, [KYC_TOPIC])
    suite.call(registry, "addAgent", issuer_address)
    suite.call(registry, "addAgent", token.address)

    cast_addresses = tuple(book.address_of(a) for a in candidates)
    coin = TrexCoin(chain, token.address, token.interface, book, registry=registry, candidates=cast_addresses,
                    escrow_holder=issuer_address)
    for holder in (issuer, *holders):
        register_holder(coin, suite, holder, claim_issuer=claim_issuer, kyc=kyc)
    suite.call(token, "unpause")
    return coin


def register_holder(coin: TrexCoin, suite: _Suite, holder: Who, *, claim_issuer: Contract, kyc: Account) -> None:
    """Give `holder` an ONCHAINID identity carrying a KYC claim signed by the trusted issuer, and register it."""
    book = suite.book
    wallet = book.address_of(holder)
    identity = suite.deploy("Identity", wallet, False)
    data = b"KYC passed"
    digest = keccak(encode(["address", "uint256", "bytes"], [identity.address, KYC_TOPIC, data]))
    signed = EthAccount.sign_message(encode_defunct(primitive=digest), kyc.key)
    signature = signed.r.to_bytes(32, "big") + signed.s.to_bytes(32, "big") + bytes([signed.v])
    suite.call(identity, "addClaim", KYC_TOPIC, 1, claim_issuer.address, signature, data, "", by=holder)
    assert coin.registry is not None
    suite.call(coin.registry, "registerIdentity", wallet, identity.address, COUNTRY)


__all__ = ["FUNCTIONS", "LACKING", "TrexCoin", "deploy_trex"]
