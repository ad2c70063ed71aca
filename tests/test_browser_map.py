"""The map as liim.js draws it (inline SVG, no map library): fills from the page's configuration,
zoom and pan, the error message, optional base tiles, the layout at 1366 x 900 and 375 x 800.
Same server, browser and request checks as ``test_browser.py`` (its fixtures: every request must
stay on 127.0.0.1 and succeed). Screenshots: ``test-artifacts/kaart-*.png``.
"""
from __future__ import annotations

import json
import re

import pytest
import test_browser
from test_browser import ARTIFACTS, N_GEMEENTEN, fills, point_on_a_gemeente, wait_for_map, wait_for_new_fills

from generator.classes import NO_DATA_COLOUR

pytestmark = pytest.mark.browser

server, origin = test_browser.server, test_browser.origin  # the browser fixture is in conftest.py
visitor_factory, visitor = test_browser.visitor_factory, test_browser.visitor

WIDE, PHONE = test_browser.WIDE, test_browser.PHONE
D1 = "indicatoren/d1/"
BOX = "#kaart-d1-vlak"


def page_config(page) -> dict:
    """The configuration the page hands to LIIM.choropleth."""
    match = re.search(r'LIIM\.choropleth\("[^"]+",(\{.*?\})\);\}\);</script>', page.content(), re.S)
    assert match, "geen LIIM.choropleth-aanroep in de pagina"
    return json.loads(match.group(1))


def every_view(page, cfg: dict) -> dict:
    """Every view's figures: the file the page fetches for another view (the page's configuration leaves the
    first view to the page's table, which liim.js reads)."""
    return page.evaluate("url => fetch(url).then(r => r.json())", cfg["seriesUrl"])


def class_colour(value: float, info: dict) -> str:
    return next((c for b, c in zip(info["breaks"], info["colours"], strict=False) if value <= b), info["colours"][-1])


def expected_fill(cfg: dict, data: dict, group: str, year: str, i: int, prefix: str) -> str:
    """The fill a gemeente must get, worked out here from the configuration (not by liim.js)."""
    figures = data["rates" if cfg["count"] else "series"].get(group, {}).get(year)
    if figures is None:  # a count without inwoners: circles over a light grey
        cell = data["series"][group][year][i]
        return "#f7f7f7" if isinstance(cell, (int, float)) else {"g": f"url(#{prefix}-g)", "f": f"url(#{prefix}-f)"}.get(
            cell, NO_DATA_COLOUR)
    cell, info = figures[i], data["classes"].get(group, {}).get(year)
    if cell in ("g", "f"):
        return f"url(#{prefix}-{cell})"
    if cell is None or not info or not info["breaks"]:
        return NO_DATA_COLOUR
    colour = class_colour(cell, info)
    if i in (data.get("klein") or {}).get(group, {}).get(year, []):
        return f"url(#{prefix}-k-{colour.lstrip('#')})"
    return colour


def drawn(page) -> dict[str, str]:
    """NIS code → fill of every gemeente path."""
    return dict(page.eval_on_selector_all(
        ".liim-kaart__gemeenten path", "els => els.map(e => [e.getAttribute('data-nis'), e.getAttribute('fill')])"))


def assert_fills(page, cfg: dict, data: dict, year: str, key: str = "d1") -> None:
    shown = drawn(page)
    order = cfg.get("nis") or sorted(shown)
    group, prefix = cfg["groups"][0], f"kaart-{key}-vlak"
    wrong = [(nis, fill, expected_fill(cfg, data, group, year, order.index(nis), prefix))
             for nis, fill in shown.items()
             if fill != expected_fill(cfg, data, group, year, order.index(nis), prefix)]
    assert len(shown) == N_GEMEENTEN and not wrong, wrong[:5]
    assert len(set(shown.values())) >= 4, "de kaart toont bijna geen klassen"


def view_box(page) -> list[float]:
    return [float(v) for v in page.locator(f"{BOX} svg").get_attribute("viewBox").split()]


def test_fills_and_legend_follow_the_year(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    cfg = page_config(page)
    first, last = cfg["years"][0], cfg["years"][-1]
    assert_fills(page, cfg, every_view(page, cfg), first)
    assert page.locator(f'#kaart-d1-legende .liim-legende[data-jaar="{first}"]').is_visible()
    before = fills(page)
    page.locator("#kaart-d1-jaar").select_option(last)
    wait_for_new_fills(page, before)
    lazy = page.evaluate("url => fetch(url).then(r => r.json())", cfg["seriesUrl"])
    assert_fills(page, cfg, lazy, last)
    legend = page.locator("#kaart-d1-legende .liim-legende")
    assert legend.get_attribute("data-jaar") == last and last in legend.inner_text()


def test_klein_aantal_is_hatched_with_its_class_colour(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/t1/"))
    wait_for_map(page)
    cfg = page_config(page)
    assert_fills(page, cfg, every_view(page, cfg), cfg["years"][0], "t1")
    hatched = [f for f in drawn(page).values() if f.startswith("url(#kaart-t1-vlak-k-")]
    assert hatched, "geen gearceerde gemeente (klein aantal)"
    pattern = page.locator(hatched[0][4:-1])  # url(#id) → #id
    assert pattern.locator("rect").get_attribute("fill") == "#" + hatched[0].split("-k-")[1].rstrip(")")


def test_a_count_without_inwoners_gets_circles_of_constant_size(visitor):
    """A year without inwoners (made here by taking the rates out of the page): circles sized by the count."""
    page, original = visitor.page(), {}

    def without_rates(route):
        body = route.fetch().text()
        match = re.search(r'(LIIM\.choropleth\("[^"]+",)(\{.*?\})(\);\}\);</script>)', body, re.S)
        cfg = json.loads(match.group(2))
        assert cfg["count"] and cfg["tableRates"]
        original.update(cfg)
        cfg.update(rates={}, tableRates=False, seriesUrl=None)  # tableRates: the first view's rates, in the table
        route.fulfill(body=body[:match.start(2)] + json.dumps(cfg) + body[match.end(2):],
                      content_type="text/html; charset=utf-8")

    page.route(re.compile(r".*/indicatoren/h2/$"), without_rates)
    page.goto(visitor.url("/", "indicatoren/h2/"))
    wait_for_map(page)
    circles = page.locator("#kaart-h2-vlak .liim-kaart__cirkels circle")
    counts = every_view(page, original)["series"][original["groups"][0]][original["years"][0]]
    numbers = sum(isinstance(c, (int, float)) and c > 0 for c in counts)
    assert circles.count() == numbers > 0
    assert set(drawn(page).values()) <= {"#f7f7f7", "url(#kaart-h2-vlak-g)", "url(#kaart-h2-vlak-f)",
                                         NO_DATA_COLOUR}
    size = circles.first.evaluate("c => c.getBoundingClientRect().width")
    page.locator("#kaart-h2-vlak").get_by_role("button", name="Inzoomen").click()
    assert circles.first.evaluate("c => c.getBoundingClientRect().width") == pytest.approx(size, rel=0.02)


def test_stroke_width_stays_constant_and_provinces_lie_on_top(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    page.wait_for_selector(f"{BOX} .liim-kaart__provincies")
    style = page.eval_on_selector(f"{BOX} .liim-kaart__gemeenten path", "e => getComputedStyle(e).vectorEffect")
    assert style == "non-scaling-stroke"
    last = page.eval_on_selector(f"{BOX} svg", "s => s.lastElementChild.getAttribute('class')")
    assert last == "liim-kaart__provincies"
    assert page.locator(f"{BOX} .liim-kaart__bron").inner_text().startswith("Grenzen: ")


def test_zoom_buttons_wheel_drag_and_keys_change_the_view(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    start = view_box(page)
    page.get_by_role("button", name="Inzoomen").click()
    zoomed = view_box(page)
    assert zoomed[2] == pytest.approx(start[2] / 2, rel=0.01)  # one zoom level: half as wide
    page.get_by_role("button", name="Uitzoomen").click()
    assert view_box(page)[2] == pytest.approx(start[2], rel=0.01)
    point = point_on_a_gemeente(page)
    page.mouse.move(point["x"], point["y"])
    page.mouse.wheel(0, -240)
    page.wait_for_function("([sel, w]) => parseFloat(document.querySelector(sel).getAttribute('viewBox')"
                           ".split(' ')[2]) < w * 0.8", arg=[f"{BOX} svg", start[2]])
    before = view_box(page)
    page.mouse.move(point["x"], point["y"])
    page.mouse.down()
    page.mouse.move(point["x"] + 60, point["y"] + 20, steps=5)
    page.mouse.up()
    after = view_box(page)
    assert after[0] < before[0] and after[2] == pytest.approx(before[2], rel=0.001), (before, after)
    assert page.url.endswith(D1), "slepen opende een gemeentepagina"
    page.locator(f"{BOX} svg").focus()
    page.keyboard.press("ArrowRight")
    assert view_box(page)[0] > after[0]
    for _ in range(12):
        page.keyboard.press("-")
    assert page.locator(f"{BOX} button[aria-label=Uitzoomen]").get_attribute("aria-disabled") == "true"


def test_two_fingers_pinch_zoom(visitor_factory):
    visitor = visitor_factory(viewport=PHONE, has_touch=True, is_mobile=True)
    page = visitor.page()
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    start = view_box(page)
    page.eval_on_selector(f"{BOX} svg", """svg => {
        const r = svg.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        const send = (type, id, dx) => svg.dispatchEvent(new PointerEvent(type, {pointerId: id, pointerType: 'touch',
            clientX: x + dx, clientY: y, bubbles: true, isPrimary: id === 1}));
        send('pointerdown', 1, -20); send('pointerdown', 2, 20);
        for (let d = 25; d <= 80; d += 5) { send('pointermove', 1, -d); send('pointermove', 2, d); }
        send('pointerup', 1, -80); send('pointerup', 2, 80); }""")
    assert view_box(page)[2] == pytest.approx(start[2] / 4, rel=0.05)  # fingers 4 times as far apart


def test_keyboard_reaches_the_map_and_its_zoom_buttons(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    page.locator(f"{BOX} svg").focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Kaart")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Inzoomen"


def test_error_message_when_the_geometry_is_missing(visitor):
    page = visitor.page()
    page.route("**/assets/gen/gemeenten.json", lambda route: route.fulfill(status=404, body="weg"))
    page.goto(visitor.url("/", D1))
    note = page.locator("#kaart-d1 .liim-kaart__fout")
    note.wait_for(state="visible")
    assert note.inner_text() == "De kaart kon niet geladen worden. De cijfers staan in de tabel."
    assert page.locator(".liim-kaart__gemeenten path").count() == 0
    assert [f for f in visitor.failed if "gemeenten.json" in f], visitor.failed
    visitor.failed.clear()  # the 404 was the point of this test


def test_no_tiles_by_default_and_tiles_when_configured(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    assert page.locator(f"{BOX} image").count() == 0
    # a real file of the site with the tile in its query: the tiles are fetched over HTTP from the test
    # server itself, so no request is left to an interception that ends with the page (a race at teardown)
    tiles = visitor.url("/", "assets/images/favicon.png?tegel={z}/{x}/{y}")

    def with_tiles(route):
        body, call = route.fetch().text(), 'LIIM.choropleth("kaart-d1-vlak",{'
        assert call in body and '"tiles"' not in body  # off by default: not in the configuration at all
        configured = json.dumps({"tiles": {"url": tiles, "bron": "Tegels: test"}})[1:-1]
        route.fulfill(body=body.replace(call, call + configured + ","), content_type="text/html; charset=utf-8")

    page.route(re.compile(r".*/indicatoren/d1/$"), with_tiles)
    page.goto(visitor.url("/", D1))
    wait_for_map(page)
    images = page.locator(f"{BOX} image")
    images.first.wait_for(state="attached")
    hrefs = images.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    zooms = {int(m.group(1)) for h in hrefs if (m := re.search(r"tegel=(\d+)/\d+/\d+$", h))}
    assert len(zooms) == 1 and 7 <= min(zooms) <= 10 and 2 <= len(hrefs) <= 30, hrefs
    zoom = zooms.pop()
    assert page.eval_on_selector(f"{BOX} svg", "s => s.querySelector('image').parentNode.nextElementSibling"
                                 ".getAttribute('class')") == "liim-kaart__gemeenten"  # under the gemeenten
    assert "Tegels: test" in page.locator(f"{BOX} .liim-kaart__bron").inner_text()
    before = sorted(hrefs)
    page.get_by_role("button", name="Inzoomen").click()
    page.wait_for_function("([sel, before]) => { const now = Array.from(document.querySelectorAll(sel), e => e.getAttribute('href'));"
                           " return now.length > 0 && now.every(h => !before.includes(h)); }", arg=[f"{BOX} image", before])
    after = images.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {int(re.search(r"tegel=(\d+)/", h).group(1)) for h in after} == {zoom + 1}, after


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "375"])
@pytest.mark.parametrize("rel, key", [(D1, "d1"), ("", "overzicht")], ids=["d1", "home"])
def test_map_above_the_fold(visitor_factory, viewport, rel, key):
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page()
    page.goto(visitor.url("/", rel))
    wait_for_map(page)
    page.wait_for_selector(f"#kaart-{key}-vlak .liim-kaart__provincies")
    box = page.locator(f"#kaart-{key}-vlak").bounding_box()
    drawing = page.eval_on_selector(f"#kaart-{key}-vlak .liim-kaart__gemeenten", "g => { const r = g.getBoundingClientRect();"
                                    " return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
    if rel:  # the indicator page: the whole map in the first screen
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    # all of Flanders inside the map's box, filling most of its width or height
    assert drawing["x"] >= box["x"] - 1 and drawing["x"] + drawing["width"] <= box["x"] + box["width"] + 1, (drawing, box)
    assert drawing["y"] >= box["y"] - 1 and drawing["y"] + drawing["height"] <= box["y"] + box["height"] + 1, (drawing, box)
    assert max(drawing["width"] / box["width"], drawing["height"] / box["height"]) >= 0.85, (drawing, box)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kaart-{key}-{viewport['width']}.png"))
