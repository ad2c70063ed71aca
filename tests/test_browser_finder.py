"""The gemeente finder, the filter of the A–Z list, the merger notice and the overview of the
indicators, in Debian's Chromium (Playwright).

Serves ``sitebuild.built_site()`` (``LIIM_SITE_DIR`` points it at another built demo site)
on 127.0.0.1 with ``python -m http.server``; every request must stay on that host and every
answer must succeed. Screenshots go to ``test-artifacts/`` (git-ignored).
"""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from sitebuild import built_site

from generator import paths

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = paths.ROOT / "test-artifacts"
DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 375, "height": 800}
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(MOBILE, id="mobile")]
TIMEOUT_MS = 15_000
NOTICE = "Borsbeek is sinds 1 januari 2025 deel van Antwerpen."
ROWS = "article table tbody tr"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def origin():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                               "-d", str(built_site())], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def open_page(browser, origin):  # browser: the session fixture of conftest.py
    """``open_page(rel, viewport)`` → a page at ``origin + rel``; checks every request at teardown."""
    contexts, requests, problems = [], [], []

    def make(rel: str = "", viewport: dict = DESKTOP):
        context = browser.new_context(locale="nl-BE", viewport=viewport, service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda r: requests.append(r.url))
        context.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda err: problems.append(f"fout: {err}"))
        page.goto(origin + rel)
        return page

    yield make
    for context in contexts:
        context.close()
    problems += [u for u in requests if urlsplit(u).scheme not in ("data", "blob")
                 and urlsplit(u).hostname != "127.0.0.1"]
    assert not problems, "\n".join(problems)


def suggestions(page) -> list[str]:
    page.locator(".liim-zoeker__lijst a").first.wait_for()
    return page.locator(".liim-zoeker__lijst a").all_inner_texts()


# --- the finder on the home page -------------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("typed, first", [("Antwrpen", "Antwerpen"), ("Sint Niklaas", "Sint-Niklaas"),
                                          ("Antw", "Antwerpen"), ("sint-niklas", "Sint-Niklaas")])
def test_finder_suggests_while_typing(open_page, viewport, typed, first):
    page = open_page("", viewport)
    page.get_by_label("Zoek een gemeente").press_sequentially(typed)
    assert suggestions(page)[0] == first
    assert page.locator("#liim-zoeker-resultaten").get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_finder_old_name_shows_the_notice_and_leads_to_the_new_gemeente(open_page, viewport):
    page = open_page("", viewport)
    finder = page.get_by_label("Zoek een gemeente")
    finder.fill("Borsbeek")
    assert suggestions(page)[0] == "Borsbeek"
    assert page.locator(".liim-zoeker").get_by_text(NOTICE).is_visible()
    finder.press("Enter")
    page.wait_for_url(re.compile(r"/gemeenten/antwerpen/$"))
    assert page.get_by_role("status").filter(has_text=NOTICE).is_visible()


def test_finder_keyboard_and_nothing_found(open_page):
    page = open_page("")
    finder = page.get_by_label("Zoek een gemeente")
    finder.fill("Pajot")
    suggestions(page)
    finder.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Pajottegem"
    finder.fill("Atlantis")
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("alert").filter(has_text="niet").is_visible()
    assert urlsplit(page.url).path == "/"  # stayed on the home page


def test_finder_is_on_the_first_screen_on_mobile(open_page):
    page = open_page("", MOBILE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "finder-home-375x800.png"))
    form = page.locator("form.liim-zoeker").bounding_box()
    field = page.get_by_label("Zoek een gemeente").bounding_box()
    assert form and field and form["y"] < MOBILE["height"]
    assert field["y"] + field["height"] <= MOBILE["height"], field
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


# --- the A–Z list and old addresses ----------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_gemeenten_list_filter_narrows_the_list(open_page, viewport):
    page = open_page("gemeenten/", viewport)
    total = page.locator(ROWS).count()
    assert total == 285
    box = page.get_by_label("Filter de lijst")
    box.press_sequentially("Antw")
    page.wait_for_function("sel => Array.from(document.querySelectorAll(sel)).filter(r => r.offsetParent).length < 10",
                           arg=ROWS)
    visible = page.locator(ROWS).filter(visible=True)
    assert "Antwerpen" in visible.all_inner_texts()[0]
    assert page.get_by_role("status").filter(has_text="van de 285 gemeenten").is_visible()
    box.fill("Borsbeek")  # an old name: the row of today's gemeente
    page.wait_for_function("sel => Array.from(document.querySelectorAll(sel)).filter(r => r.offsetParent).length === 1",
                           arg=ROWS)
    assert visible.first.locator("a").first.inner_text() == "Antwerpen"
    box.fill("")
    page.wait_for_function("([sel, n]) => Array.from(document.querySelectorAll(sel)).filter(r => r.offsetParent)"
                           ".length === n", arg=[ROWS, total])


@pytest.mark.parametrize("old", ["borsbeek", "11007"])
def test_old_address_lands_on_the_new_gemeente_with_the_notice(open_page, old):
    page = open_page(f"gemeenten/{old}/")
    page.wait_for_url(re.compile(r"/gemeenten/antwerpen/$"))  # ?van= is removed once the notice is shown
    notice = page.get_by_role("status").filter(has_text=NOTICE)
    assert notice.is_visible()
    assert page.locator("article h1").inner_text().strip().rstrip("¶") == "Antwerpen"


def test_no_notice_without_a_matching_old_code(open_page):
    page = open_page("gemeenten/pajottegem/?van=11007")  # Borsbeek did not merge into Pajottegem
    page.wait_for_load_state("networkidle")
    assert page.locator(".liim-melding").count() == 0


# --- the overview of the indicators ----------------------------------------------------------

def test_indicator_overview_table(open_page):
    page = open_page("indicatoren/", DESKTOP)
    page.locator("table.liim-indicatoren").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "indicatoren-1366x900.png"), full_page=True)
    table = page.locator("table.liim-indicatoren")
    assert table.locator("tbody tr").count() == 34
    assert page.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1", table.element_handle())
    text = page.locator("article").inner_text()
    assert "&#" not in text and "&amp;" not in text and "\\" not in text
    header = table.locator("th", has_text="Laatste jaar")
    header.click()
    assert header.get_attribute("aria-sort") in ("ascending", "descending")


def test_indicatoren_tab_leads_to_the_overview(open_page):
    page = open_page("", DESKTOP)
    page.locator(".md-tabs").get_by_role("link", name="Indicatoren").click()
    page.wait_for_url(re.compile(r"/indicatoren/$"))
    assert page.locator("article h1").inner_text().strip().rstrip("¶") == "Indicatoren"
    assert page.locator(".md-nav").get_by_role("link", name="D1 Aantal en aandeel vreemdelingen").count() >= 1


def test_finder_without_a_match_lands_on_the_filtered_list(open_page):
    """What the finder's form sends without JavaScript (``gemeenten/?gemeente=…``) pre-fills the filter."""
    page = open_page("gemeenten/?gemeente=Antwrpen")
    assert page.get_by_label("Filter de lijst").input_value() == "Antwrpen"
    page.wait_for_function("sel => Array.from(document.querySelectorAll(sel)).filter(r => r.offsetParent).length === 1",
                           arg=ROWS)
