"""A class in a real browser: Debian's Chromium, driven by Playwright, against `coinage classroom`.

A teacher, a regulator, a fraudster and three holders each have a browser context of their own (their
own cookies, as on six computers). The fraudster phishes a holder, the regulator freezes, seizes and
returns the money, the frozen fraudster's payment is refused with the rule's name on the page, and
the board shows every step. The teacher then replays the class under the permissionless regime, and
the side-by-side must show what the Python API gives for the same actions on the same coin.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from classroom_server import ROOT, Served, classroom_server
from coinage import ContractRevert, Power, Transaction, coins, deploy_coin
from coinage.ledger import CONTROL_ACTIONS
from coinage.metrics import METRICS
from coinage.units import DAY
from coinage.web.state import SEATS, WALLET_FUNDS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
"""Headless, and nothing fetched from the network behind the test's back."""

SCREENSHOT = ROOT / "docs" / "images" / "classroom.png"
CASE = "HK-2026-001"
WAIT = 20_000
"""Milliseconds to wait for the live board: generous, for a busy machine (no timing is asserted)."""

STUDENTS = ("Ana", "Rex", "Fay", "Ben", "Cam")
"""In joining order; the classroom deals holder, regulator, fraudster, holder, court (the teacher makes Cam a holder)."""


@pytest.fixture()
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright gives every launch a new profile in the temporary directory: here, one of the test's own.
    # Not pytest's tmp_path: under xdist its path is too long for Chromium's profile lock socket (108 bytes).
    with tempfile.TemporaryDirectory(prefix="coinage-chromium-") as profile_root:
        monkeypatch.setenv("TMPDIR", profile_root)
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield launched
            launched.close()


def _page(browser: Browser, url: str) -> Page:
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _join(browser: Browser, served: Served, name: str) -> Page:
    page = _page(browser, f"{served.base}/?code={served.code}")
    page.fill("input[name=name]", name)
    page.click("#join button[type=submit]")
    page.wait_for_url(f"{served.base}/play")
    expect(page.locator("#who")).to_contain_text(name)
    return page


def _act(page: Page, action: str, **fields: str) -> None:
    form = page.locator(f"form[data-action={action}]")
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        if control.evaluate("node => node.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()


def _python_api_outcome(regime: str) -> dict[str, int]:
    """The same class through the Python API alone: stolen, recovered and control gas on the same accounts."""
    d = deploy_coin(regime, holders=SEATS)
    coin, cast, bank = d.coin, d.cast, d.bank
    seat = dict(zip(STUDENTS, SEATS))
    control_gas = 0

    def count(outcome: object) -> None:
        nonlocal control_gas
        if isinstance(outcome, Transaction) and outcome.action in CONTROL_ACTIONS:
            control_gas += outcome.gas_used

    coin.subscribe(count)
    for name in STUDENTS:  # each join: fiat in, attested, allowance raised, minted
        bank.receive(cast[seat[name]], WALLET_FUNDS)
        bank.attest(by=cast.attestor, report="CLASS-DEPOSITS")
        configurer = d.holder_of(Power.CONFIGURE_MINTER)
        assert configurer is not None
        coin.set_minter_allowance(coin.minter_allowance() + WALLET_FUNDS, by=configurer)
        bank.issue()
    ana, fay, ben = (cast[seat[n]] for n in ("Ana", "Fay", "Ben"))
    stolen = coin.balance_of(ana)
    deadline = d.chain.now + DAY
    coin.permit(ana, fay, stolen, deadline=deadline, signature=coin.sign_permit(ana, fay, stolen, deadline=deadline), by=fay)
    coin.transfer_from(ana, fay, stolen, by=fay)
    recovered = 0
    for step in (
        lambda: coin.freeze(fay, case=CASE, by=cast.regulator),
        lambda: coin.transfer(ben, coins(5), by=fay),
        lambda: coin.seize(fay, coins(2_000), case=CASE, by=cast.regulator),
        lambda: coin.release(ana, coins(1_000), case=CASE, by=cast.regulator),
    ):
        try:
            sent = step()
        except ContractRevert:
            continue
        if sent.action == "release":
            recovered += coins(1_000)
    return {"stolen": stolen, "recovered": recovered, "lost": stolen - recovered, "control_gas": control_gas}


def test_a_class_plays_phishing_and_compares_regimes_in_a_real_browser(browser: Browser) -> None:
    """Six browsers play a phishing case; every step reaches the board, the replay under another regime matches
    the Python API, and a replay on USDC names the seizure USDC lacks."""
    with classroom_server("--regime", "regulator-controlled") as served:
        teacher = _page(browser, served.teacher_url)
        expect(teacher.locator("#code")).to_have_text(served.code)
        board = _page(browser, f"{served.base}/board")
        students = {name: _join(browser, served, name) for name in STUDENTS}
        ana, rex, fay, ben = (students[n] for n in ("Ana", "Rex", "Fay", "Ben"))
        expect(rex.locator("#who")).to_contain_text("regulator")
        expect(fay.locator("#who")).to_contain_text("fraudster")

        # The teacher deals Cam a holder's part instead of the court's; Cam's page follows by itself.
        expect(teacher.locator("select[data-name=Cam]")).to_have_value("court", timeout=WAIT)
        teacher.locator("select[data-name=Cam]").select_option("holder")
        expect(students["Cam"].locator("#who")).to_contain_text("holder", timeout=WAIT)

        # A holder's page offers no control powers; the regulator's names the power and who holds it.
        expect(ana.locator("form[data-action=freeze]")).to_have_count(0)
        expect(rex.locator("form[data-action=freeze]")).to_contain_text("power FREEZE: held by the regulator")

        _act(fay, "phish", victim="Ana")
        expect(fay.locator("#result")).to_contain_text("phish done", timeout=WAIT)
        expect(ana.locator("#wallet")).to_contain_text("0.00 cHKD", timeout=WAIT)

        _act(rex, "freeze", account="Fay", case=CASE)
        expect(rex.locator("#result")).to_contain_text("freeze done", timeout=WAIT)
        expect(fay.locator("#wallet")).to_contain_text("FROZEN", timeout=WAIT)

        _act(fay, "pay", to="Ben", amount="5")
        expect(fay.locator("#result")).to_contain_text("Refused by the rule AccountFrozen", timeout=WAIT)
        expect(fay.locator("#result")).to_contain_text("A frozen account cannot send")

        _act(rex, "seize", account="Fay", amount="2000", case=CASE)
        expect(rex.locator("#result")).to_contain_text("seize done", timeout=WAIT)
        _act(rex, "release", recipient="Ana", amount="1000", case=CASE)
        expect(rex.locator("#result")).to_contain_text("release done", timeout=WAIT)
        expect(ana.locator("#wallet")).to_contain_text("1,000.00 cHKD", timeout=WAIT)
        expect(ben.locator("#wallet")).to_contain_text("1,000.00 cHKD")

        # The teacher moves time on a day; the board's clock follows.
        expect(board.locator("#coin")).to_contain_text("chain time 2025-08-01")
        teacher.locator("form[data-action=day] button[type=submit]").click()
        expect(teacher.locator("#result")).to_contain_text("teacher: a day passes done", timeout=WAIT)
        expect(board.locator("#coin")).to_contain_text("chain time 2025-08-02", timeout=WAIT)

        # The projector's board saw every step, by name, with the refusal's rule.
        timeline = board.locator("#timeline")
        for text in ("phish", "permit", "transfer_from", "freeze", "AccountFrozen", "seize", "release", "Cam is now holder"):
            expect(timeline).to_contain_text(text, timeout=WAIT)
        expect(board.locator("#frozen")).to_contain_text("Fay: until lifted")
        expect(board.locator("#ledger")).to_contain_text("Rex")
        assert board.locator("#charts svg").count() == 2

        # The teacher replays the same steps under the permissionless regime: the board shows both.
        teacher.locator("#replay-regime").select_option("permissionless")
        teacher.locator("#replay button[type=submit]").click()
        expect(teacher.locator("#result")).to_contain_text("replayed under permissionless", timeout=WAIT)
        comparison = board.locator("#comparison")
        expect(comparison).to_contain_text("permissionless", timeout=WAIT)
        board.set_viewport_size({"width": 1280, "height": 1400})
        board.screenshot(path=str(SCREENSHOT), full_page=False)

        rows = {
            row.locator("td").nth(0).inner_text(): (row.locator("td").nth(1).inner_text(), row.locator("td").nth(2).inner_text())
            for row in comparison.locator("tr").all()[1:]
        }
        live, replayed = _python_api_outcome("regulator-controlled"), _python_api_outcome("permissionless")
        for key in ("stolen", "recovered", "lost", "control_gas"):
            header = METRICS[key].header
            assert rows[header] == (METRICS[key].format(live[key]), METRICS[key].format(replayed[key])), key
        assert rows[METRICS["recovered"].header][0] != rows[METRICS["recovered"].header][1]

        # The same class replayed on USDC's own contracts: the side-by-side names the seizure USDC lacks.
        teacher.locator("#replay-regime").select_option("usdc")
        teacher.locator("#replay button[type=submit]").click()
        expect(teacher.locator("#result")).to_contain_text("replayed on USDC", timeout=WAIT)
        expect(comparison).to_contain_text("USDC has no seize power", timeout=WAIT)
        for page in (teacher, board, *students.values()):
            assert page.errors == []  # type: ignore[attr-defined]
