"""The guided tour: one coin, one fraud, one freeze, told step by step through a narrator callable."""

from __future__ import annotations

from collections.abc import Callable

from .chain import Chain
from .deploy import Deployment, deploy_coin
from .errors import AccountFrozen
from .units import coins, format_coins

Say = Callable[[str], None]


def run_tour(say: Say, *, chain: Chain | None = None) -> Deployment:
    """Deploy a Hong Kong-style licensed coin, issue it, move it, freeze a fraudster, show the refusal."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob", "mallory"], chain=chain)
    coin, cast, bank = d.coin, d.cast, d.bank
    say(f"Deployed {coin.name()} ({coin.symbol()}) under the regulator-controlled regime at {coin.address}.")
    say("Since August 2025 Hong Kong licenses fiat-backed stablecoin issuers; here the regulator holds the powers.")

    bank.receive(cast.alice, coins(1_000))
    bank.receive(cast.bob, coins(250))
    bank.attest(by=cast.attestor, report="AUDIT-2025-08")
    coin.set_minter_allowance(coins(1_000_000), by=cast.regulator)
    bank.issue()
    say(f"Alice and Bob paid {format_coins(coins(1_250))} HKD into the issuer's bank; the attestor posted it on chain;")
    say(f"the issuer minted against it. Supply: {format_coins(coin.total_supply())}.")

    coin.transfer(cast.mallory, coins(400), by=cast.alice)
    say("Alice is phished: she sends 400.00 to mallory.")
    coin.freeze(cast.mallory, case="HK-2025-017", by=cast.regulator)
    say("The regulator freezes mallory's account under case HK-2025-017.")
    try:
        coin.transfer(cast.bob, coins(400), by=cast.mallory)
    except AccountFrozen as refused:
        say(f"Mallory tries to move the money on; the coin refuses: {refused}.")
    coin.seize(cast.mallory, coins(400), case="HK-2025-017", by=cast.regulator)
    coin.release(cast.alice, coins(400), case="HK-2025-017", by=cast.regulator)
    say(f"The regulator seizes the 400.00 into escrow and returns it: alice holds {format_coins(coin.balance_of(cast.alice))}.")
    report = bank.reconcile()
    verdict = "balanced" if report.balanced else "; ".join(report.gaps)
    say(f"Reconciliation: bank {format_coins(report.bank_balance)}, supply {format_coins(report.supply)}: {verdict}.")
    return d
