"""USDC as deployed: Circle's FiatTokenV2_2 behind its FiatTokenProxy, with a MasterMinter.

Deployed in the order of Circle's own script, ``scripts/deploy/deploy-fiat-token.s.sol`` in
circlefin/stablecoin-evm: the SignatureChecker library and the implementation, the implementation
initialised with throwaway values so nobody can take it over, the proxy, the MasterMinter over the
proxy, the proxy's admin handed to a separate account (an admin cannot call the token through its own
proxy), then every initialiser up to V2_2 through the proxy, and a controller configured for the minter.

Circle holds every power: owner, master minter (and its controller and minter), pauser, blacklister
and rescuer, read back from the contract's storage. The blacklist is Coinage's freeze; there is no
seizure, no case reference, no expiry, and no reserve or licence on chain. Redemption is a request made
off chain; Circle's minter burns the coins the holder sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..chain import Chain
from ..contracts import Coin, RedemptionRequest, Transaction
from ..contracts.coin import AddressBook, Who
from ..enums import Power
from ..errors import InvalidInput
from ..units import MAX_UINT256, check_amount
from ._peer import Contract, PeerCoin, deploy
from .artifacts import load_usdc

NAME, SYMBOL, CURRENCY, DECIMALS = "USD Coin", "USDC", "USD", 6
"""USDC's own name, symbol, currency and decimals, as Circle initialises the mainnet proxy."""

THROWAWAY = "0x" + "0" * 39 + "1"
"""Circle's script initialises the bare implementation with this address in every role."""

LACKING: dict[Power, str] = {
    Power.SEIZE: "a blacklisted balance cannot be taken or returned; stolen coins stay frozen with the thief",
    Power.RELEASE: "there is no escrow, so nothing can be paid back to a victim on chain",
    Power.CONFIRM_FREEZE: "one blacklister acts alone; no second party confirms a freeze, and it never expires",
    Power.ATTEST: "reserves are attested off chain; minting is limited by minter allowances, not by reserves",
    Power.LICENCE: "no licence exists on chain; only Circle's own master minter can stop Circle's minter",
    Power.SET_TIER: "there are no wallet tiers or holding caps",
}
"""The powers of Coinage that USDC does not have, and what that means for a holder."""

FUNCTIONS: dict[Power, str] = {
    Power.MINT: "`mint` by a minter, within its allowance",
    Power.CONFIGURE_MINTER: "`configureMinter` on the MasterMinter, by the minter's controller",
    Power.PAY_REDEMPTION: "`burn` by a minter of the coins a holder sent it; the dollars are wired off chain",
    Power.FREEZE: "`blacklist` by the blacklister",
    Power.UNFREEZE: "`unBlacklist` by the blacklister",
    Power.PAUSE: "`pause`, `unpause` by the pauser",
}
"""How each power USDC has is exercised: the contract function, and whose role it needs."""


@dataclass
class UsdcCoin(PeerCoin):
    """USDC behind Coinage's facade: blacklist for freeze, the MasterMinter for minter allowances."""

    master_minter: Contract | None = None
    proxy_admin: str = ""
    LACKING: ClassVar[dict[Power, str]] = LACKING
    FUNCTIONS: ClassVar[dict[Power, str]] = FUNCTIONS
    design: ClassVar[str] = "USDC"
    permit_version: ClassVar[str] = "2"
    fiat_currency: ClassVar[str] = CURRENCY
    fiat_name: ClassVar[str] = "US dollars"

    @property
    def _minter_manager(self) -> Contract:
        assert self.master_minter is not None  # set by deploy_usdc
        return self.master_minter

    def holder_address(self, power: Power) -> str | None:
        if power in (Power.FREEZE, Power.UNFREEZE):
            return str(self._read("blacklister"))
        if power is Power.PAUSE:
            return str(self._read("pauser"))
        if power is Power.CONFIGURE_MINTER:
            # The MasterMinter's owner configured itself as the controller of Circle's minter.
            return str(self.read_from(self._minter_manager, "owner"))
        if power in (Power.MINT, Power.PAY_REDEMPTION):
            controller = str(self.read_from(self._minter_manager, "owner"))
            minter = str(self.read_from(self._minter_manager, "getWorker", controller))
            return minter if self._read("isMinter", minter) else None
        return None

    def roles(self) -> dict[str, str]:
        """Every role of the contract and its holder's address, as stored on chain (Circle's role table)."""
        return {
            "owner": str(self._read("owner")),
            "masterMinter": str(self._read("masterMinter")),
            "pauser": str(self._read("pauser")),
            "blacklister": str(self._read("blacklister")),
            "rescuer": str(self._read("rescuer")),
            "proxy admin": self.proxy_admin,
        }

    # --- freeze is the blacklist ------------------------------------------------------------------

    def freeze(self, account: Who, *, case: str, until: int | None = None, by: Who) -> Transaction:
        """Blacklist `account`; USDC records no case and no expiry, so `case` goes nowhere."""
        if until is not None:
            raise InvalidInput("a USDC blacklisting has no expiry: it lasts until the blacklister lifts it")
        return self._send("blacklist", (self._addr(account),), by, "freeze")

    def unfreeze(self, account: Who, *, case: str, by: Who) -> Transaction:
        return self._send("unBlacklist", (self._addr(account),), by, "unfreeze")

    def is_frozen(self, account: Who) -> bool:
        return bool(self._read("isBlacklisted", self._addr(account)))

    def seize(self, account: Who, amount: int, *, case: str, by: Who) -> Transaction:
        raise self.lacking(Power.SEIZE)

    def pause(self, *, case: str, by: Who) -> Transaction:
        return self._send("pause", (), by, "pause")

    def unpause(self, *, case: str, by: Who) -> Transaction:
        return self._send("unpause", (), by, "unpause")

    # --- issuance and redemption -------------------------------------------------------------------

    def set_minter_allowance(self, amount: int, *, by: Who) -> Transaction:
        """The controller sets its minter's allowance through the MasterMinter."""
        args = (check_amount(amount, limit=MAX_UINT256),)
        return self.send_to(self._minter_manager, "configureMinter", args, by, "set_minter_allowance")

    def minter_allowance(self) -> int:
        minter = self.holder_address(Power.MINT)
        return 0 if minter is None else int(self._read("minterAllowance", minter))

    def redeem(self, amount: int, *, by: Who) -> RedemptionRequest:
        """Redeem as Circle does: asked off chain, the holder sends the coins to Circle's minter, which burns them.

        The fiat is owed from then on, off chain; the returned request carries the holder's transfer.
        """
        minter = self.holder_address(Power.MINT)
        if minter is None:
            raise InvalidInput("USDC has no minter configured, so nobody can redeem")
        amount = check_amount(amount)
        sent = self._send("transfer", (minter, amount), by, "redeem")
        self._send("burn", (amount,), minter, "burn")
        self.requests.append((self._addr(by), amount, False))
        return RedemptionRequest(sent.action, sent.actor, sent.receipt, sent.events, len(self.requests) - 1)


def deploy_usdc(chain: Chain, book: AddressBook, *, circle: Who, proxy_admin: Who, name: str = NAME,
                symbol: str = SYMBOL) -> UsdcCoin:
    """Deploy USDC as Circle does; `circle` holds every role, `proxy_admin` may only upgrade."""
    circle_address = book.address_of(circle)
    library = deploy(chain, book, load_usdc("SignatureChecker"), (), by=circle)
    implementation = deploy(chain, book, load_usdc("FiatTokenV2_2"), (), by=circle,
                            libraries={"SignatureChecker": library.address})
    token = implementation.interface

    def call(target: Contract | str, interface: Any, function: str, *args: Any, by: Who = circle) -> None:
        address = target.address if isinstance(target, Contract) else target
        receipt = chain.transact(book.signer(by), address, interface.encode_call(function, args))
        if not receipt.succeeded:
            raise interface.decode_revert(receipt.revert_data or b"", book.names)

    # The bare implementation is initialised with throwaway values, as Circle's script does.
    call(implementation, token, "initialize", "", "", "", 0, THROWAWAY, THROWAWAY, THROWAWAY, THROWAWAY)
    call(implementation, token, "initializeV2", "")
    call(implementation, token, "initializeV2_1", THROWAWAY)
    call(implementation, token, "initializeV2_2", [], "")

    proxy = deploy(chain, book, load_usdc("FiatTokenProxy"), (implementation.address,), by=circle)
    master_minter = deploy(chain, book, load_usdc("MasterMinter"), (proxy.address,), by=circle)
    admin_address = book.address_of(proxy_admin)
    call(proxy, proxy.interface, "changeAdmin", admin_address)
    call(proxy, token, "initialize", name, symbol, CURRENCY, DECIMALS, master_minter.address, circle_address,
         circle_address, circle_address)
    call(proxy, token, "initializeV2", name)
    call(proxy, token, "initializeV2_1", circle_address)
    call(proxy, token, "initializeV2_2", [], symbol)
    call(proxy, token, "updateRescuer", circle_address)
    # Circle's minter, behind a controller: the MasterMinter's owner controls it.
    call(master_minter, master_minter.interface, "configureController", circle_address, circle_address)
    coin = UsdcCoin(chain, proxy.address, token, book, master_minter=master_minter, proxy_admin=admin_address)
    return coin


__all__ = ["FUNCTIONS", "LACKING", "UsdcCoin", "deploy_usdc"]
