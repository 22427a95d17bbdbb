"""The public reports Coinage's calibrated figures come from, each cited once.

A parameter names one of these (or `ILLUSTRATIVE`), so `coinage params`, docs/calibration.md and the
episodes all print the same citation beside the same figure, and a misspelt source fails at import.
"""

from __future__ import annotations

from dataclasses import dataclass

ILLUSTRATIVE = "illustrative"
"""The source of a value chosen to show a mechanism, not taken from any report."""


@dataclass(frozen=True)
class Source:
    """One public report: `key` is how code names it, `citation` how people read it."""

    key: str
    citation: str


def _sources(*sources: Source) -> dict[str, Source]:
    return {source.key: source for source in sources}


SOURCES: dict[str, Source] = _sources(
    Source("amlbot-freezes", 'AMLBot, "Stablecoin Freezes 2023-2025" (press: mpost.io, Bitget news)'),
    Source("amlbot-gap", "AMLBot on value escaped during freeze delays (press: Decrypt)"),
    Source("blocksec-gap", 'BlockSec, "USDT freeze gap: multisig delay and front-running"'),
    Source("blackstable", "dataset michaeljunholee/blackstable (README): USDC blacklist history"),
    Source("slow-freezes", "public on-chain investigations of a court-order-only issuer (press: CoinLaw, Cryptonews)"),
    Source("genius-act", 'Covington, "The GENIUS Act becomes law" (18 Jul 2025)'),
    Source("chainalysis-2026", "Chainalysis 2026 Crypto Crime Report (press)"),
    Source("trm-illicit", "TRM Labs illicit-volume figures (press)"),
    Source("defillama-market", "DefiLlama market sizes, early 2026 (press)"),
    Source("svb-usdc", "CCData market analysis; Nansen, \"USDC de-peg: what happened on chain\""),
    Source("fed-feds-2025", 'Federal Reserve FEDS Note, 17 Dec 2025, "In the shadow of bank run"'),
    Source("terra-anatomy", 'Liu, Makarov and Schoar, "Anatomy of a run: the Terra Luna crash" (HLS Forum, 2023)'),
    Source("hk-ordinance", "Stablecoins Ordinance (Cap. 656): Morgan Lewis and Linklaters briefings"),
    Source("hk-redemption", "HKMA redemption guideline (Ledger Insights)"),
    Source("hk-licences", "Business Times on Hong Kong's first stablecoin licences (10 Apr 2026)"),
    Source("ft-stand-down", "Financial Times, 18-19 Oct 2025: PBoC and CAC tell Ant Group and JD.com to pause"),
    Source("ccb-wallets", "China Construction Bank e-CNY wallet agreement (2020), wallet classes 1-4"),
    Source("caixin-wallet", "Caixin via Forkast: the phone-number-only e-CNY wallet's limits"),
    Source("xinhua-ecny", "Xinhua and Caixin on e-CNY usage and digital deposit money from 1 Jan 2026"),
    Source("ecb-lane", "ECB, Lane (March 2025) and ECB blog (July 2025) on the digital euro and stablecoins"),
    Source("boe-2025", "Bank of England consultation on systemic stablecoins (10 Nov 2025)"),
    Source("boe-fsp53", "Bank of England Financial Stability Paper 53"),
)
"""Every source, by key."""


def source(key: str) -> Source:
    """The source called `key`; an unknown key is a programming error, named with the choices."""
    try:
        return SOURCES[key]
    except KeyError:
        raise KeyError(f"unknown source {key!r}; known: {', '.join(SOURCES)}") from None


__all__ = ["ILLUSTRATIVE", "SOURCES", "Source", "source"]
