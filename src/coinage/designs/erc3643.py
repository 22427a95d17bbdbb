"""ERC-3643 (T-REX) as its owners deploy it (filled in below)."""

from __future__ import annotations

from ..chain import Chain
from ..contracts.coin import AddressBook, Who
from ._peer import PeerCoin


def deploy_trex(chain: Chain, book: AddressBook, *, issuer: Who) -> PeerCoin:
    raise NotImplementedError
