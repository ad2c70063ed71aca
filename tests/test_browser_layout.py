"""No page scrolls sideways on a phone (375×800) or on a laptop (1366×900): wide tables stay inside
their own scroll area or become cards. Every kind of page of the demo site, in Debian's Chromium.

Uses the server, browser and visitor of ``test_browser.py``.
"""
from __future__ import annotations

import pytest
from test_browser import origin, server, visitor, visitor_factory  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.browser

PAGES = ["", "indicatoren/", "indicatoren/t1/", "indicatoren/i1/", "themas/tewerkstelling/", "gemeenten/",
         "gemeenten/antwerpen/", "gemeenten/herstappe/", "vergelijk/", "vergelijk/antwerpen/", "downloads/",
         "methodologie/", "wat-is-nieuw/", "archief/", "toegankelijkheid/", "404.html"]
VIEWPORTS = {"375": {"width": 375, "height": 800}, "1366": {"width": 1366, "height": 900}}

# Wide elements that do not sit in a scroll container of their own (overflow-x auto/scroll/hidden).
UNCONTAINED = """() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('.md-content *')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 1 || r.width === 0) continue;
    let p = el.parentElement, contained = false;
    while (p && p !== document.body) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { contained = true; break; }
      p = p.parentElement;
    }
    if (!contained) out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
  }
  return [...new Set(out)].slice(0, 10);
}"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
@pytest.mark.parametrize("rel", PAGES, ids=[p or "home" for p in PAGES])
def test_no_page_scrolls_sideways(visitor_factory, rel, viewport):  # noqa: F811
    visitor = visitor_factory(viewport=VIEWPORTS[viewport])  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/", rel))
    page.wait_for_load_state("load")
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"/{rel} is {scroll} px breed in een venster van {inner} px"
    assert page.evaluate(UNCONTAINED) == [], f"/{rel}: brede elementen zonder eigen schuifgebied"
