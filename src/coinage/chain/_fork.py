"""py-evm's VM for the fork both embedded engines run (`_rules.FORK`); imported by the engines only,
so that choosing or describing a chain does not load py-evm."""

from __future__ import annotations

from typing import Final

from eth.vm.forks.cancun import CancunVM

VM: Final = CancunVM
TRANSACTION_BUILDER: Final = CancunVM.get_transaction_builder()
"""Builds and signs transactions as py-evm's Cancun VM does, so both engines give the same hashes."""
