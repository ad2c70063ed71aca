"""Comparing gemeenten (/vergelijk/) and embedding the monitor, in Debian's Chromium.

Uses the server, browser and visitor of ``test_browser.py`` (every request must stay on
127.0.0.1, every answer must succeed). Screenshots: ``test-artifacts/vergelijk-1366.png`` and
``test-artifacts/vergelijk-375.png``.
"""
from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401 - fixtures used by name
    ARTIFACTS,
    FIGURE,
    PHONE,
    WIDE,
    origin,
    run_axe,
    server,
    visitor,
    visitor_factory,
)

from generator.embed import embed_snippet_html

pytestmark = pytest.mark.browser

ANTWERPEN_GENT = "vergelijk/?nis=11002,44021"
TABLES = "table.liim-vergelijk-tabel"


def wait_for_tables(page, names: list[str]) -> None:
    """Until the first table's header names exactly ``names`` and the Vlaams Gewest."""
    page.wait_for_function(
        "([sel, names]) => { const t = document.querySelector(sel); if (!t) return false;"
        " const heads = Array.from(t.querySelectorAll('thead th'), th => th.textContent.trim());"
        " return JSON.stringify(heads.slice(2)) === JSON.stringify(names.concat(['Vlaams Gewest'])); }",
        arg=[TABLES, names])


def table_texts(page) -> list[list[list[str]]]:
    """Every comparison table as rows of cell texts (header row first)."""
    return page.eval_on_selector_all(TABLES, """ts => ts.map(t => Array.from(t.rows,
        r => Array.from(r.cells, c => c.textContent.replace(/[ \\t\\n\\r]+/g, ' ').trim())))""")


def save(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "375"])
def test_two_gemeenten_side_by_side_with_vlaanderen(visitor_factory, viewport):  # noqa: F811
    visitor = visitor_factory(viewport=viewport)  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/", ANTWERPEN_GENT))
    wait_for_tables(page, ["Antwerpen", "Gent"])
    assert [s.input_value() for s in page.locator(".liim-vergelijk-keuze select").all()][:3] == ["11002", "44021", ""]
    first = table_texts(page)[0]
    assert first[0][:2] == ["Indicator", "Jaar"] and len(first[0]) == 5
    figures = first[1][2:]
    assert all(FIGURE.fullmatch(f.split(" (")[0]) or f == "geheim (niet gepubliceerd)" for f in figures), figures
    width = viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
    # no cut columns: no table scrolls inside its own box
    cut = page.eval_on_selector_all(TABLES, "ts => ts.filter(t => t.scrollWidth > t.clientWidth + 1).length")
    assert cut == 0
    if width < 600:  # cards: every figure labelled with its gemeente
        label = page.locator(f"{TABLES} td[data-label=Gent]").first
        assert label.is_visible()
        assert label.evaluate("e => getComputedStyle(e, '::before').content") == '"Gent"'
    save(page, f"vergelijk-{width}")
    assert visitor.errors == []


def test_changing_the_choice_updates_the_address_and_back_restores_it(visitor):  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/", ANTWERPEN_GENT))
    wait_for_tables(page, ["Antwerpen", "Gent"])
    page.locator("#liim-vergelijk-2").select_option("12025")
    wait_for_tables(page, ["Antwerpen", "Gent", "Mechelen"])
    assert page.url.endswith("/vergelijk/?nis=11002,44021,12025")
    page.locator("#liim-vergelijk-0").select_option("")
    wait_for_tables(page, ["Gent", "Mechelen"])
    assert page.url.endswith("/vergelijk/?nis=44021,12025")
    page.go_back()
    wait_for_tables(page, ["Antwerpen", "Gent", "Mechelen"])
    page.go_back()
    wait_for_tables(page, ["Antwerpen", "Gent"])
    assert page.url.endswith("/" + ANTWERPEN_GENT)
    assert page.locator("#liim-vergelijk-2").input_value() == ""
    page.go_forward()
    wait_for_tables(page, ["Antwerpen", "Gent", "Mechelen"])
    assert visitor.errors == []


def test_the_page_draws_the_same_tables_as_the_fixed_comparison(visitor):  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/", "vergelijk/antwerpen/"))
    link = page.get_by_role("link", name="Kies zelf de gemeenten van deze vergelijking")
    nis = re.search(r"nis=([\d,]+)", link.get_attribute("href")).group(1).split(",")
    fixed = table_texts(page)
    names = fixed[0][0][2:-1]
    assert names[0] == "Antwerpen" and 1 < len(names) <= 4 and len(nis) == len(names)
    link.click()
    wait_for_tables(page, names)
    assert page.url.endswith("/vergelijk/?nis=" + ",".join(nis))
    assert table_texts(page) == fixed
    assert visitor.errors == []


def test_fixed_comparison_without_javascript(visitor_factory):  # noqa: F811
    visitor = visitor_factory(java_script_enabled=False, viewport=PHONE)  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/monitor/", "vergelijk/"))
    note = page.locator(".liim-vergelijk-nojs")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    page.get_by_role("link", name="Antwerpen", exact=True).click()
    page.wait_for_url("**/monitor/vergelijk/antwerpen/")
    tables = page.locator(TABLES)
    assert tables.count() >= 5 and tables.first.is_visible()
    heads = table_texts(page)[0][0]
    assert heads[2] == "Antwerpen" and heads[-1] == "Vlaams Gewest"
    cell = page.locator(f"{TABLES} td[data-label=Antwerpen] .liim-cijfer").first
    assert FIGURE.fullmatch(cell.inner_text().strip())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_compare_page_accessibility(visitor):  # noqa: F811
    page = visitor.page()
    page.goto(visitor.url("/", ANTWERPEN_GENT))
    wait_for_tables(page, ["Antwerpen", "Gent"])
    serious = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
    assert not serious, serious


@pytest.mark.parametrize("kind, key, heading", [("gemeente", "11002", "Antwerpen"), ("indicator", "d1", "D1 ")])
def test_embed_snippet_loads_its_page_in_an_iframe(visitor, origin, kind, key, heading):  # noqa: F811
    """The snippet on a page of the site gives iframe code for this server; pasted into another page,
    the iframe shows the embed page, and nothing is requested from another host."""
    snippet = embed_snippet_html(kind, key, f"Cijfers {key}")
    host_page = (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>'
                 f'<body>{snippet}<script src="../../assets/liim-insluiten.js"></script></body></html>')
    page = visitor.page()
    page.route(f"{origin}/proef/pagina/", lambda route: route.fulfill(body=host_page, content_type="text/html"))
    page.goto(f"{origin}/proef/pagina/")
    code = page.locator("textarea[data-embed-src]")
    page.wait_for_function("e => e.value.includes(location.origin)", arg=code.element_handle())
    iframe_code = code.input_value()
    folder = "gemeenten" if kind == "gemeente" else "indicatoren"
    assert f'src="{origin}/embed/{folder}/{key}/"' in iframe_code
    assert page.locator("button.liim-insluiten__kopieer").is_visible() is False  # inside the closed <details>
    page.locator("details.liim-insluiten summary").click()
    assert page.locator("button.liim-insluiten__kopieer").is_visible()
    website = f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente</title></head>' \
              f"<body><h1>Onze gemeente</h1>{iframe_code}</body></html>"
    page.route(f"{origin}/proef/website/", lambda route: route.fulfill(body=website, content_type="text/html"))
    page.goto(f"{origin}/proef/website/")
    frame = page.frame_locator("iframe")
    assert frame.locator("h1").inner_text().startswith(heading)
    assert frame.get_by_role("link", name=re.compile("Meer cijfers op de monitor")).get_attribute("target") == "_top"
    if kind == "indicator":
        assert frame.locator("svg.kaart path").count() > 285
    assert visitor.context.cookies() == []
    assert visitor.foreign_requests() == [] and visitor.errors == []
