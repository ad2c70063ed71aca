"""The gemeente page (issue 15) in Debian's Chromium: full width, no sideways scrolling, key figures
in the first screen, the cluster explained, a short A4 print.

Uses the server, browser and visitor of ``test_browser.py`` (every request must stay on 127.0.0.1,
every answer must succeed; ``LIIM_SITE_DIR`` points them at another built demo). Screenshots:
``test-artifacts/gemeente-antwerpen-1366.png``, ``gemeente-antwerpen-375.png``, ``gemeente-mesen-375.png``.
"""
from __future__ import annotations

import io
import re

import pytest
from test_browser import (  # noqa: F401 - fixtures used by name
    ARTIFACTS,
    FIGURE,
    PHONE,
    WIDE,
    origin,
    server,
    visitor,
    visitor_factory,
)

pytestmark = pytest.mark.browser

MAX_PRINT_PAGES = 6
SCREENSHOTS = {("antwerpen", 1366), ("antwerpen", 375), ("mesen", 375)}

# Cells (th, td) whose right or left edge lies outside the box that holds their table.
CUT_CELLS = """() => {
  const out = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    const box = table.parentElement.getBoundingClientRect();
    for (const cell of table.querySelectorAll('th, td')) {
      const r = cell.getBoundingClientRect();
      const head = cell.closest('thead');  // on phones the header row is visually hidden (1 px, clipped)
      if (r.width === 0 || (head && head.getBoundingClientRect().width <= 1)) continue;
      if (r.right > box.right + 1 || r.left < box.left - 1) out.push(cell.textContent.trim().slice(0, 40));
    }
  }
  return out;
}"""
# Words of the indicator names broken inside a word: a line box that ends in the middle of a word.
BROKEN_WORDS = """() => {
  const out = [];
  for (const a of document.querySelectorAll('.liim-gemeente-tabel tbody th a')) {
    const words = a.textContent.trim().split(/\\s+/);
    for (const w of words) if (w.length > 3) {
      const range = document.createRange(); const text = a.firstChild; const i = text.textContent.indexOf(w);
      range.setStart(text, i); range.setEnd(text, i + w.length);
      if (range.getClientRects().length > 1) out.push(w);
    }
  }
  return out;
}"""


def open_page(visitor_factory, slug: str, viewport: dict):  # noqa: F811
    visitor = visitor_factory(viewport=viewport)  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/", f"gemeenten/{slug}/"))
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "375"])
@pytest.mark.parametrize("slug", ["antwerpen", "mesen"])
def test_gemeente_page_fits_and_starts_with_key_figures(visitor_factory, slug, viewport):  # noqa: F811
    page = open_page(visitor_factory, slug, viewport)
    width, height = viewport["width"], viewport["height"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= page.evaluate("window.innerWidth"), f"{slug} is {scroll} px breed op {width} px"
    assert page.evaluate(CUT_CELLS) == [], "tabelcellen buiten hun kader"
    assert page.evaluate(BROKEN_WORDS) == [], "woorden in een indicatornaam gebroken"
    tiles = page.locator("ul.liim-tegels")
    box = tiles.bounding_box()
    assert box and box["y"] + box["height"] <= height, f"kerncijfers niet in het eerste scherm: {box}"
    assert tiles.locator("li").count() >= 3
    for i in range(tiles.locator("li").count()):
        tile = tiles.locator("li").nth(i)
        figure = tile.locator(".liim-tegel__cijfer").inner_text().strip()
        assert FIGURE.fullmatch(figure), figure
        flemish = tile.locator(".liim-tegel__vg").inner_text().strip()
        assert flemish.startswith("Vlaams Gewest: ") and FIGURE.match(flemish.split(": ", 1)[1]), flemish
    percent = tiles.locator(".liim-tegel__verschil").all_inner_texts()
    assert percent and all(re.search(r"(procentpunt|promillepunt|€)", t) for t in percent), percent
    cluster = page.locator("#cluster")
    assert cluster.is_visible() and "Een cluster is een groep vergelijkbare gemeenten" in cluster.inner_text()
    assert cluster.locator("details a").count() >= 1
    if (slug, width) in SCREENSHOTS:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"gemeente-{slug}-{width}.png"), full_page=True)


def test_phone_tables_become_labelled_cards(visitor_factory):  # noqa: F811
    page = open_page(visitor_factory, "antwerpen", PHONE)
    cell = page.locator(".liim-gemeente-tabel tbody td[data-label='Vlaams Gewest']").first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Vlaams Gewest"', label


@pytest.mark.parametrize("slug", ["antwerpen", "mesen"])
def test_gemeente_page_prints_on_few_a4_pages(visitor_factory, slug):  # noqa: F811
    import pypdf
    page = open_page(visitor_factory, slug, WIDE)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert len(pdf.pages) <= MAX_PRINT_PAGES, f"{slug}: {len(pdf.pages)} A4-pagina's"
    assert f"gemeenten/{slug}/" in text.replace(" ", ""), "het adres van de pagina staat niet op papier"
    assert "editie" in text
    assert "demo" in text.lower()  # the demo notice stays on paper
