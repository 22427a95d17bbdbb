"""py-evm's VM for the fork both embedded engines run (`_rules.FORK`); imported by the engines only,
so that choosing or describing a chain does not load py-evm."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from eth.vm.forks.cancun import CancunVM
from eth_typing import Hash32

from ._history import block_hash

ANCESTORS = 256
"""Blocks back that BLOCKHASH can see; older (and the current block) read as zero."""


class EmbeddedCancunVM(CancunVM):
    """Cancun as py-evm runs it, with the embedded chains' block hashes (`_history.block_hash`) for BLOCKHASH.

    py-evm would answer with its own header hashes, which revm (no headers) cannot know: with this,
    a contract reads the same hash on both engines, and the same as `web3.eth.get_block(n).hash`.
    """

    @property
    def previous_hashes(self) -> Iterable[Hash32]:
        number = self.get_header().block_number
        return [Hash32(block_hash(n)) for n in range(number - 1, max(-1, number - 1 - ANCESTORS), -1)]


VM: Final = EmbeddedCancunVM
TRANSACTION_BUILDER: Final = CancunVM.get_transaction_builder()
"""Builds and signs transactions as py-evm's Cancun VM does, so both engines give the same hashes."""
