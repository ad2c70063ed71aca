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

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 800}
CODE = "T1"
REL = f"indicatoren/{CODE.lower()}/"
KEY = f"kaart-{CODE.lower()}"


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
    return row.locator("th").inner_text().strip(), row.locator("td.liim-getal").first.inner_text().strip()


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
