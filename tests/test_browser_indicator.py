"""The indicator page in a browser after the user test of issue 15: the map high and wide, the
year and group in the address, headline and table following the switches, a popup on a touch
screen. Same server, browser and request checks as ``test_browser.py`` (its fixtures).
Screenshots: ``test-artifacts/indicator-t1-1366.png`` and ``indicator-t1-375.png``.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import test_browser
from sitebuild import harmonised_rows
from test_browser import ARTIFACTS, point_on_a_gemeente, wait_for_map

from generator.catalogue import load_catalogue
from generator.formatting import format_figure

pytestmark = pytest.mark.browser

# test_browser's fixtures: one server and one browser per session, request checks at teardown
server, origin = test_browser.server, test_browser.origin  # the browser fixture is in conftest.py
visitor_factory, visitor = test_browser.visitor_factory, test_browser.visitor

WIDE, PHONE = test_browser.WIDE, test_browser.PHONE
CODE = "T1"
REL = f"indicatoren/{CODE.lower()}/"
KEY = f"kaart-{CODE.lower()}"
N_ROWS = 285  # every gemeente of today's division


def map_box(page) -> dict:
    return page.locator(f"#{KEY} .liim-kaart__vlak").bounding_box()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def options(page, kind: str) -> list[str]:
    return page.locator(f"#{KEY}-{kind} option").evaluate_all("os => os.map(o => o.value)")


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def shown_state(page) -> tuple[str, str, str]:
    """Year and group of the switches, and the year the headline names."""
    return (page.locator(f"#{KEY}-jaar").input_value(), page.locator(f"#{KEY}-groep").input_value(),
            page.locator(".liim-kerncijfer [data-liim-tekst=jaar]").inner_text())


def first_row(page) -> tuple[str, str]:
    row = page.locator(f"#{KEY}-tabel tbody tr").first
    return row.locator("th").inner_text().strip(), row.locator("td").nth(2).inner_text().strip()  # after provincie, cluster


def expected_figure(naam: str, jaar: str, groep: str) -> str:
    """The figure of liim-data.csv for that gemeente, year and group, as the site writes it."""
    ind = load_catalogue().get(CODE)
    for r in harmonised_rows():
        if r["indicator"] == CODE and r["gemeente"] == naam and r["jaar"] == jaar and r["groep"] == groep:
            return format_figure(float(r["waarde"]), ind) if r["waarde"] else r["status"]
    raise AssertionError(f"{naam} {jaar} {groep} niet in liim-data.csv")


def test_map_is_high_and_wide_on_a_desktop(visitor_factory):
    visitor = visitor_factory(viewport=WIDE)
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    box = map_box(page)
    content = page.locator(".md-content .md-typeset").first.bounding_box()
    assert box["y"] <= 500, f"de kaart begint op {box['y']:.0f} px"
    assert box["width"] >= 0.9 * content["width"], (box, content)
    assert box["height"] >= 400, box
    shot(page, "indicator-t1-1366")


def test_phone_has_no_sideways_scroll(visitor_factory):
    visitor = visitor_factory(viewport=PHONE)
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = map_box(page)
    assert box["y"] < PHONE["height"] and box["width"] >= 0.9 * (PHONE["width"] - 32), box
    shot(page, "indicator-t1-375")


def test_url_records_year_and_group(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    years, groups = options(page, "jaar"), options(page, "groep")
    year, group = ("2019" if "2019" in years else years[-1]), groups[1]
    page.goto(visitor.url("/", REL) + f"?jaar={year}&groep={group}")
    wait_for_map(page)
    page.wait_for_function("([sel, y]) => document.querySelector(sel).textContent === y",
                           arg=[".liim-kerncijfer [data-liim-tekst=jaar]", year])
    assert shown_state(page) == (year, group, year)
    assert f", {year}" in page.locator(f"#{KEY}-tabel caption").inner_text()
    naam, figure = first_row(page)
    assert re.sub(r" \((v|k)\)", "", figure) == expected_figure(naam, year, group)
    other = next(y for y in years if y != year)
    page.locator(f"#{KEY}-jaar").select_option(other)
    page.wait_for_function("y => new URLSearchParams(location.search).get('jaar') === y", arg=other)
    assert query(page) == {"jaar": other, "groep": group}
    page.wait_for_function("y => document.querySelector('.liim-kerncijfer [data-liim-tekst=jaar]').textContent === y",
                           arg=other)
    naam, figure = first_row(page)
    assert re.sub(r" \((v|k)\)", "", figure) == expected_figure(naam, other, group)
    assert other in page.locator(f"#{KEY}-status").inner_text()
    page.reload()
    wait_for_map(page)
    page.wait_for_function("y => document.querySelector('.liim-kerncijfer [data-liim-tekst=jaar]').textContent === y",
                           arg=other)
    assert shown_state(page) == (other, group, other)
    page.go_back()
    page.wait_for_function("y => document.querySelector('.liim-kerncijfer [data-liim-tekst=jaar]').textContent === y",
                           arg=year)
    assert shown_state(page) == (year, group, year) and query(page) == {"jaar": year, "groep": group}
    assert visitor.errors == []


def test_invalid_url_values_fall_back_to_the_first_view(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", REL) + "?jaar=1800&groep=niemand")
    wait_for_map(page)
    years, groups = options(page, "jaar"), options(page, "groep")
    assert shown_state(page) == (years[0], groups[0], years[0])
    assert visitor.errors == []


def test_a_tap_on_a_phone_opens_a_popup(visitor_factory):
    visitor = visitor_factory(viewport=PHONE, has_touch=True, is_mobile=True)
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    before = page.url
    point = point_on_a_gemeente(page)
    page.touchscreen.tap(point["x"], point["y"])
    popup = page.locator(".liim-kaart__popup")
    popup.wait_for(state="visible")
    text = popup.inner_text()
    link = popup.locator("a")
    assert link.inner_text().startswith("Naar de pagina van ")
    assert re.search(r"\d{4}( \(.*?\))?: ", text), text
    assert link.get_attribute("href").endswith("/") and "gemeenten/" in link.get_attribute("href")
    page.wait_for_timeout(300)
    assert page.url == before


# --- the table of all gemeenten (no class or sort key per cell in the page: liim.js and liim.css) ------

def column_texts(page, kolom: str) -> list[str]:
    """The texts of one column (by its header's data-kolom) of the table, top to bottom."""
    return page.evaluate("""([id, kolom]) => {
        const table = document.getElementById(id);
        const at = Array.from(table.tHead.rows[0].cells).findIndex(th => th.dataset.kolom === kolom);
        return Array.from(table.tBodies[0].rows, tr => tr.cells[at].textContent);
    }""", [f"{KEY}-tabel", kolom])


def dutch(text: str) -> float | None:
    """The number a cell starts with ("12,3 % (v)" → 12.3, "10,1–14,8" → 10.1), None for words."""
    match = re.match(r"-?[\d\u202f]+(,\d+)?", text.replace("\u202f", ""))
    return float(match.group(0).replace(",", ".")) if match else None


@pytest.mark.parametrize("kolom", ["cijfer", "interval"])
def test_sorting_a_column_gives_the_numeric_order(visitor, kolom):
    """A click on "Cijfer" or "95 %-interval" sorts the numbers (the interval by its lower bound), not their text."""
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    header = page.locator(f'#{KEY}-tabel th[data-kolom="{kolom}"]')
    for _ in range(2):  # tablesort: the first click sorts descending, the second ascending
        header.click()
        numbers = [n for n in map(dutch, column_texts(page, kolom)) if n is not None]
        order = header.get_attribute("aria-sort")
        assert len(numbers) > 200 and numbers == sorted(numbers, reverse=order == "descending"), (order, numbers[:8])
    assert visitor.errors == []


def squash(html: str) -> str:
    return re.sub(r"\s+", "", html)


def test_the_table_liim_js_draws_is_the_one_the_page_has(visitor):
    """The rows liim.js draws for a view (as after a switch), for the first view, equal the page's own rows,
    whitespace-stripped: same cells, marks and links (no rank column, which liim.js would rank from the
    rounded figures)."""
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    years, groups = options(page, "jaar"), options(page, "groep")
    server = page.evaluate("id => document.getElementById(id).tBodies[0].innerHTML", f"{KEY}-tabel")
    drawn = page.evaluate("([id, y, g]) => LIIM.tableRows(document.getElementById(id), y, g)",
                          [f"{KEY}-tabel", years[0], groups[0]])
    server = re.sub(r' data-sort="[^"]*"', "", server)  # the keys liim.js added to the page's cells
    rows = [re.split(r"(?=<td>)", r) for r in re.findall(r"<tr.*?</tr>", squash(server))]
    ours = [re.split(r"(?=<td>)", r) for r in re.findall(r"<tr.*?</tr>", squash(drawn))]
    assert len(ours) == len(rows) == N_ROWS
    for row, own in zip(rows, ours, strict=True):
        assert own == row, (own, row)
    columns = page.eval_on_selector_all(f"#{KEY}-tabel thead th", "ths => ths.map(th => th.dataset.kolom || '')")
    assert "rang" not in columns and all(len(row) == len(columns) for row in rows)


def test_a_switch_redraws_table_and_headline(visitor):
    """Another year: the table's figures are liim-data.csv's of that year, every row has a cell per column,
    the headline is that year's row of "Vlaams Gewest per jaar"."""
    page = visitor.page()
    page.goto(visitor.url("/", REL))
    wait_for_map(page)
    years, groups = options(page, "jaar"), options(page, "groep")
    flemish = page.evaluate("""([id, y, g]) => {
        const table = document.getElementById(id);
        const at = Array.from(table.tHead.rows[0].cells).findIndex(th => th.dataset.groep === g);
        const row = Array.from(table.tBodies[0].rows).find(tr => tr.cells[0].textContent.trim() === y);
        return row.cells[at].textContent;
    }""", [f"{KEY}-vlaanderen", years[-1], groups[0]])
    page.locator(f"#{KEY}-jaar").select_option(years[-1])
    page.wait_for_function("y => document.querySelector('.liim-kerncijfer [data-liim-tekst=jaar]').textContent === y",
                           arg=years[-1])
    assert page.locator(".liim-kerncijfer [data-liim-tekst=vlaanderen]").inner_text() == flemish
    rows = page.locator(f"#{KEY}-tabel tbody tr")
    assert rows.count() == N_ROWS and rows.first.locator("td").count() == len(page.locator(
        f"#{KEY}-tabel thead th:visible").all()) - 1
    for k in (0, 100, 200):
        naam = rows.nth(k).locator("th").inner_text().strip()
        figure = rows.nth(k).locator("td").nth(2).inner_text().strip()
        assert re.sub(r" \((v|k)\)", "", figure) == expected_figure(naam, years[-1], groups[0])
    assert visitor.errors == []


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "375"])
def test_table_numbers_align_right_and_no_column_is_cut(visitor_factory, viewport):
    """Figures right-aligned, verdicts and names left; on a phone the table scrolls inside its box (the
    name column stays), so no column is cut off and the page itself does not scroll sideways.
    Screenshots: test-artifacts/indicator-tabel-<width>.png."""
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/d2/"))
    wait_for_map(page)
    align = page.evaluate("""id => Array.from(document.getElementById(id).tBodies[0].rows[0].cells,
        c => getComputedStyle(c).textAlign)""", "kaart-d2-tabel")
    kolommen = page.eval_on_selector_all("#kaart-d2-tabel thead th", "ths => ths.map(th => th.dataset.kolom || '')")
    for kolom, how in zip(kolommen, align, strict=True):
        words = kolom in ("", "vlaanderen", "cluster")
        assert how == ("left" if words else "right"), (kolom, how)
    table = page.locator("#kaart-d2-tabel")
    box = table.bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    scroll = table.evaluate("t => [t.scrollWidth, t.clientWidth, getComputedStyle(t).overflowX]")
    assert scroll[0] <= scroll[1] or scroll[2] == "auto", scroll  # wider than the box: it scrolls, nothing is cut
    page.locator("#alle-gemeenten").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('alle-gemeenten').scrollIntoView()")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"indicator-tabel-{viewport['width']}.png"))
    if scroll[0] > scroll[1]:  # the last column is reachable: scrolled to the end it lies inside the box
        table.evaluate("t => { t.scrollLeft = t.scrollWidth; }")
        last = page.locator("#kaart-d2-tabel thead th").last.bounding_box()
        assert last["x"] + last["width"] <= box["x"] + box["width"] + 1
        page.screenshot(path=str(ARTIFACTS / f"indicator-tabel-{viewport['width']}-rechts.png"))
