"""An indicator page's map starts in the first screen on a phone (375×800), also under the longest
title, and stays high on a laptop (1366×900); the switches above it stay usable (visible labels
bound to their selects, 24 px touch targets, text of 14 px or more) and no page scrolls sideways.
Same server, browser and request checks as ``test_browser.py`` (its fixtures).
Screenshots: ``test-artifacts/fold-<code>-375.png`` and ``fold-<code>-1366.png``.
"""
from __future__ import annotations

import pytest
import test_browser
from sitebuild import built_site
from test_browser import ARTIFACTS, wait_for_map

from generator.catalogue import load_catalogue

pytestmark = pytest.mark.browser

# test_browser's fixtures: one server and one browser per session, request checks at teardown
server, origin = test_browser.server, test_browser.origin  # the browser fixture is in conftest.py
visitor_factory = test_browser.visitor_factory

WIDE, PHONE = test_browser.WIDE, test_browser.PHONE
PHONE_TOP, WIDE_TOP = 480, 500   # the map's top edge at most this far down the first screen (px)
MIN_TEXT_PX, MIN_TARGET_PX = 14, 24


def with_a_map() -> list:
    """The indicators whose page in the built site has a map."""
    site = built_site()
    return [i for i in load_catalogue()
            if "liim-kaart__vlak" in (site / "indicatoren" / i.code.lower() / "index.html").read_text("utf-8")]


def longest_title_with_a_map() -> str:
    """The code of the indicator with the longest page title ("D2 — naam") whose page has a map."""
    return max(with_a_map(), key=lambda i: len(f"{i.code} — {i.naam}")).code


CODES = ["D2", longest_title_with_a_map()]

# Geometry of the things above the map, in CSS px of the viewport.
ABOVE_MAP = """() => {
  const vlak = document.querySelector('.liim-kaart__vlak').getBoundingClientRect();
  const texts = ['.md-content h1', '.liim-demo', '.liim-thema', '.liim-lead', '.liim-kerncijfer',
                 '.liim-kaart__keuze label', '.liim-kaart__keuze select']
    .flatMap(s => [...document.querySelectorAll(s)])
    .map(el => [el.tagName.toLowerCase() + '.' + el.className, parseFloat(getComputedStyle(el).fontSize)]);
  const switches = [...document.querySelectorAll('.liim-kaart__keuze select')].map(sel => {
    const label = document.querySelector(`label[for="${sel.id}"]`);
    const r = sel.getBoundingClientRect(), l = label && label.getBoundingClientRect();
    return {id: sel.id, top: r.top, height: r.height, right: r.right, label: label && label.textContent.trim(),
            labelVisible: !!l && l.width > 0 && l.height > 0 && getComputedStyle(label).visibility === 'visible'};
  });
  const link = document.querySelector('.liim-lead a[href="#definitie-en-bron"]').getBoundingClientRect();
  const hit = document.elementFromPoint(link.left + link.width / 2, link.top + link.height / 2);
  const a = hit && hit.closest('a');
  return {top: vlak.top, bottom: vlak.bottom, height: vlak.height, texts, switches,
          definitionLink: !!a && a.hash === '#definitie-en-bron',
          scroll: document.documentElement.scrollWidth, inner: window.innerWidth};
}"""


def measure(visitor_factory, code: str, viewport: dict) -> dict:
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page()
    page.goto(visitor.url("/", f"indicatoren/{code.lower()}/"))
    wait_for_map(page)
    page.evaluate("document.fonts.ready")
    found = page.evaluate(ABOVE_MAP)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fold-{code.lower()}-{viewport['width']}.png"))
    return found


@pytest.mark.parametrize("code", CODES)
def test_the_map_starts_in_the_first_screen_of_a_phone(visitor_factory, code):
    found = measure(visitor_factory, code, PHONE)
    assert found["scroll"] <= found["inner"], f"{code}: {found['scroll']} px breed in {found['inner']} px"
    assert found["top"] <= PHONE_TOP, f"{code}: de kaart begint op {found['top']:.0f} px"
    shown = min(found["bottom"], PHONE["height"]) - found["top"]
    assert shown >= 0.75 * found["height"], f"{code}: {shown:.0f} van {found['height']:.0f} px kaart in beeld"
    assert found["definitionLink"], f"{code}: de link 'Definitie en bron' is niet zichtbaar of aanklikbaar"


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["375", "1366"])
def test_every_indicator_map_starts_in_the_first_screen(visitor_factory, viewport):
    """All indicator pages with a map, in one tab: their titles, leads and headlines differ in length."""
    limit = PHONE_TOP if viewport is PHONE else WIDE_TOP
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page()
    late, wide = [], []
    for ind in with_a_map():
        page.goto(visitor.url("/", f"indicatoren/{ind.code.lower()}/"))
        page.wait_for_load_state("load")
        top, scroll = page.evaluate("[document.querySelector('.liim-kaart__vlak').getBoundingClientRect().top,"
                                    " document.documentElement.scrollWidth]")
        late += [f"{ind.code}: {top:.0f} px"] if top > limit else []
        wide += [f"{ind.code}: {scroll} px"] if scroll > viewport["width"] else []
    assert not late, f"de kaart begint lager dan {limit} px: {late}"
    assert not wide, f"breder dan {viewport['width']} px: {wide}"


@pytest.mark.parametrize("code", CODES)
def test_the_switches_stay_usable_on_a_phone(visitor_factory, code):
    found = measure(visitor_factory, code, PHONE)
    switches = found["switches"]
    assert [s["label"] for s in switches][:1] == ["Jaar"], switches
    for s in switches:
        assert s["labelVisible"], f"{code}: het label van {s['id']} is niet zichtbaar"
        assert s["height"] >= MIN_TARGET_PX, f"{code}: {s['id']} is {s['height']:.0f} px hoog"
        assert s["right"] <= PHONE["width"], f"{code}: {s['id']} loopt tot {s['right']:.0f} px"
    assert len({round(s["top"]) for s in switches}) == 1, f"{code}: jaar en groep niet op één rij: {switches}"
    small = [(what, px) for what, px in found["texts"] if px < MIN_TEXT_PX]
    assert not small, f"{code}: tekst kleiner dan {MIN_TEXT_PX} px: {small}"


@pytest.mark.parametrize("code", CODES)
def test_the_map_stays_high_on_a_laptop(visitor_factory, code):
    found = measure(visitor_factory, code, WIDE)
    assert found["scroll"] <= found["inner"]
    assert found["top"] <= WIDE_TOP, f"{code}: de kaart begint op {found['top']:.0f} px"
    shown = min(found["bottom"], WIDE["height"]) - found["top"]
    assert shown >= 0.75 * found["height"], f"{code}: {shown:.0f} van {found['height']:.0f} px kaart in beeld"
