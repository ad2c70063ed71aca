"""The built site as a visitor uses it: Debian's Chromium driven by Playwright.

The site is served on 127.0.0.1 twice by one small server: at ``/`` and under the
sub-path ``/monitor/`` (where it will live on inburgering.be), so every relative link
and fetch is exercised at two depths. One browser per test session (per xdist worker);
a fresh browser context per test. Screenshots go to ``test-artifacts/`` (git-ignored).

Every test records each request its pages make; a request to any host other than
127.0.0.1, or an answer 4xx/5xx from our server, fails the test (at teardown).
"""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import built_site

from generator import paths

pytestmark = pytest.mark.browser

SUBPATH = "/monitor/"
BASES = ["/", SUBPATH]
ARTIFACTS = paths.ROOT / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
# the two sizes issue 15 judges pages at (desktop, phone)
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 800}
N_GEMEENTEN = 285
TIMEOUT_MS = 15_000

NNBSP = "\u202f"
# A figure as the site writes it: "21,1 %", "59 227", "€ 21 345", "3,4 ‰", optionally "(v)" and "(k)".
FIGURE = re.compile(rf"(€{NNBSP})?-?\d{{1,3}}({NNBSP}\d{{3}})*(,\d+)?({NNBSP}[%‰])?( \(v\))?( \(k\))?")
# The 95 % interval the tooltip writes after the figure: " (10,1–14,8)".
INTERVAL = re.compile(r" \((-?[\d\u202f]+(?:,\d+)?–-?[\d\u202f]+(?:,\d+)?)\)")
MAP_PATHS = ".liim-kaart__gemeenten path"


# --- the server --------------------------------------------------------------------------

class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the built site, at ``/`` and (same files) under ``/monitor/``."""

    def translate_path(self, path: str) -> str:
        if path.startswith(SUBPATH):
            path = path[len(SUBPATH) - 1:]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        self.server.failures.append(f"{code} {self.path}")
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002 - quiet: failures are collected instead
        pass


@pytest.fixture(scope="session")
def server():
    site = built_site()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
    httpd.daemon_threads = True
    httpd.failures = []
    thread = threading.Thread(target=httpd.serve_forever, name="liim-site", daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def origin(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# --- the browser -------------------------------------------------------------------------

class Visitor:
    """A browser context that remembers every request and every failed answer."""

    def __init__(self, browser, origin: str, **options):
        self.origin = origin
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(locale="nl-BE", service_workers="block", **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        self.context.on("page", self._watch)

    def _watch(self, page) -> None:
        page.on("pageerror", lambda err: self.errors.append(f"{page.url}: {err}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))

    def page(self):
        return self.context.new_page()

    def url(self, base: str, rel: str = "") -> str:
        return f"{self.origin}{base}{rel}"

    def foreign_requests(self) -> list[str]:
        """Requests that left 127.0.0.1 (data: and blob: URLs never reach a network)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                out.append(url)
        return out


@pytest.fixture
def visitor_factory(browser, origin, server):
    made: list[Visitor] = []

    def make(**options) -> Visitor:
        options.setdefault("viewport", DESKTOP)
        made.append(Visitor(browser, origin, **options))
        return made[-1]

    yield make
    problems = []
    for v in made:
        v.context.close()
        problems += [f"ander adres: {u}" for u in v.foreign_requests()]
        problems += [f"mislukt: {f}" for f in v.failed]
    problems += [f"server: {f}" for f in server.failures]
    server.failures.clear()
    assert not problems, "\n".join(problems)


@pytest.fixture
def visitor(visitor_factory) -> Visitor:
    return visitor_factory()


@pytest.fixture(params=BASES, ids=["root", "monitor"])
def base(request) -> str:
    return request.param


# --- helpers -----------------------------------------------------------------------------

def wait_for_map(page, n: int = N_GEMEENTEN) -> int:
    """Wait until the map has drawn its gemeenten; return how many shapes it has."""
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length >= n", arg=[MAP_PATHS, n])
    return page.locator(MAP_PATHS).count()


def fills(page) -> list[str]:
    return page.eval_on_selector_all(MAP_PATHS, "els => els.map(e => e.getAttribute('fill'))")


def wait_for_new_fills(page, before: list[str]) -> list[str]:
    page.wait_for_function(
        "([sel, before]) => { const now = Array.from(document.querySelectorAll(sel), e => e.getAttribute('fill'));"
        " return now.length === before.length && now.some((f, i) => f !== before[i]); }", arg=[MAP_PATHS, before])
    return fills(page)


def point_on_a_gemeente(page) -> dict:
    """A viewport point that hits a gemeente shape (large shapes first), after scrolling the map into view."""
    page.locator(".liim-kaart__vlak").first.scroll_into_view_if_needed()
    point = page.evaluate("""sel => {
        const shapes = Array.from(document.querySelectorAll(sel)).map(e => [e, e.getBoundingClientRect()])
            .sort((a, b) => b[1].width * b[1].height - a[1].width * a[1].height);
        for (const [el, r] of shapes.slice(0, 30)) {
            for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
                const x = r.left + r.width * i / 10, y = r.top + r.height * j / 10;
                if (x > 0 && y > 0 && x < innerWidth && y < innerHeight && document.elementFromPoint(x, y) === el)
                    return {x, y};
            }
        }
        return null; }""", MAP_PATHS)
    assert point, "geen punt gevonden dat op een gemeente van de kaart valt"
    return point


def hover_tooltip(page, point: dict) -> list[str]:
    """Hover ``point``; return the tooltip's lines (name, then 'jaar: cijfer')."""
    page.mouse.move(point["x"] - 3, point["y"] - 3)
    page.mouse.move(point["x"], point["y"])
    tip = page.locator(".liim-kaart__tip")
    tip.wait_for(state="visible")
    return [line.strip() for line in tip.inner_text().splitlines() if line.strip()]


def table_figure(page, naam: str, column: int = 0) -> str:
    """The figure column (``column`` 1: the interval) of ``naam``'s row in the indicator page's table."""
    row = page.locator("table.sortable tbody tr").filter(has=page.get_by_role("link", name=naam, exact=True))
    return row.locator("td").nth(2 + column).inner_text().strip()  # after provincie and cluster


def h1(page) -> str:
    """The page title, without the permalink sign."""
    return page.locator(".md-content h1").first.evaluate(
        "e => Array.from(e.childNodes).filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()")


def search(page, text: str):
    """Type ``text`` into material's search (the header field on a desktop, behind a button on a phone)."""
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():
        button.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=20)
    return page.locator(".md-search-result__list")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" "))}));
    }""")


# --- maps --------------------------------------------------------------------------------

def test_indicator_map_hover_and_click(visitor, base):
    """285 shapes; a hovered gemeente shows its name and Dutch figure (= the table's); a click opens its page."""
    page = visitor.page()
    page.goto(visitor.url(base, "indicatoren/d1/"))
    assert wait_for_map(page) == N_GEMEENTEN
    year = page.locator("#kaart-d1-jaar").input_value()
    point = point_on_a_gemeente(page)
    naam, figure_line = hover_tooltip(page, point)[:2]
    label, _, figure = figure_line.partition(": ")
    assert label.split(" (")[0] == year, figure_line
    interval = INTERVAL.search(figure)
    figure = INTERVAL.sub("", figure)
    assert FIGURE.fullmatch(figure), f"geen Nederlands getal in de tooltip: {figure_line!r}"
    assert figure == table_figure(page, naam).replace(" (k)", ""), "tooltip en tabel tonen een ander cijfer"
    assert interval and interval.group(1) == table_figure(page, naam, 1), "tooltip en tabel: ander interval"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(re.escape(visitor.url(base, "gemeenten/")) + r"[a-z0-9-]+/$"))
    assert h1(page) == naam


def test_year_switch_restyles_the_map(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/d1/"))
    wait_for_map(page)
    select = page.locator("#kaart-d1-jaar")
    years = select.locator("option").all_inner_texts()
    assert len(years) > 1 and select.input_value() == years[0]
    before = fills(page)
    select.select_option(years[-1])
    after = wait_for_new_fills(page, before)
    changed = sum(a != b for a, b in zip(before, after))
    assert changed >= N_GEMEENTEN // 10, f"maar {changed} gemeenten van kleur veranderd"
    # "2011: 20,3 %" (one group) or "2011 Totaal: …" (several groups)
    assert re.match(rf"{years[-1]}[ :]", hover_tooltip(page, point_on_a_gemeente(page))[1])


def test_group_switch_loads_the_other_groups(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/d2/"))
    wait_for_map(page)
    series = f"{paths.MAP_SERIES_DIR}/d2.json"
    assert not [u for u in visitor.requests if u.endswith(series)], "andere groepen vooraf geladen"
    select = page.locator("#kaart-d2-groep")
    groups = select.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
    assert len(groups) > 1
    before = fills(page)
    with page.expect_response(lambda r: r.url.endswith(series)) as answer:
        select.select_option(groups[1][0])
    assert answer.value.ok
    after = wait_for_new_fills(page, before)
    assert sum(a != b for a, b in zip(before, after)) >= N_GEMEENTEN // 10
    assert page.locator(f'.liim-legende[data-groep="{groups[1][0]}"]').is_visible()
    assert not page.locator(f'.liim-legende[data-groep="{groups[0][0]}"]').is_visible()
    assert f"({groups[1][1]})" in hover_tooltip(page, point_on_a_gemeente(page))[1]


# --- finding a gemeente ------------------------------------------------------------------

@pytest.mark.parametrize("typed, slug", [("Pajottegem", "pajottegem"), ("Borsbeek", "antwerpen"),
                                         ("Gooik", "pajottegem")])
def test_home_finder(visitor, base, typed, slug):
    page = visitor.page()
    page.goto(visitor.url(base))
    finder = page.get_by_label("Zoek een gemeente")
    finder.fill(typed)
    finder.press("Enter")
    page.wait_for_url(visitor.url(base, f"gemeenten/{slug}/"))
    assert page.locator("table.liim-gemeente-tabel").count() > 0


def test_home_finder_says_when_it_finds_nothing(visitor):
    page = visitor.page()
    page.goto(visitor.url("/"))
    page.get_by_label("Zoek een gemeente").fill("Atlantis")
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("alert").filter(has_text="niet").is_visible()
    assert page.url == visitor.url("/")


def test_site_search_finds_an_old_name(visitor, base):
    page = visitor.page()
    page.goto(visitor.url(base))
    hit = search(page, "Borsbeek").locator('a[href$="gemeenten/antwerpen/"]').first
    hit.wait_for(state="visible")
    hit.click()
    page.wait_for_url(visitor.url(base, "gemeenten/antwerpen/"))
    assert h1(page) == "Antwerpen"


@pytest.mark.parametrize("old, slug", [("borsbeek", "antwerpen"), ("11007", "antwerpen"), ("gooik", "pajottegem")])
def test_old_gemeente_url_lands_on_the_new_gemeente(visitor, base, old, slug):
    page = visitor.page()
    page.goto(visitor.url(base, f"gemeenten/{old}/"))
    page.wait_for_url(visitor.url(base, f"gemeenten/{slug}/"))
    assert page.locator("table.liim-gemeente-tabel").count() > 0


# --- pages -------------------------------------------------------------------------------

def test_gemeente_page_table_and_sparklines(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", "gemeenten/antwerpen/"))
    assert h1(page) == "Antwerpen"
    tables = page.locator("table.liim-gemeente-tabel")
    assert tables.count() >= 5
    first = tables.first.locator("tbody tr").first
    assert first.is_visible()
    figure = first.locator("td.liim-getal .liim-cijfer").first.inner_text().strip()
    assert FIGURE.fullmatch(figure), figure
    assert re.search(r"\(\d+,\d–\d+,\d\)", first.locator("td.liim-getal").first.inner_text()), "geen interval"
    sparks = page.locator("svg.liim-spark")
    assert sparks.count() >= 10
    for i in range(sparks.count()):
        spark = sparks.nth(i)
        spark.scroll_into_view_if_needed()
        box = spark.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 10, box
        assert spark.locator("polyline").count() >= 1
        assert spark.get_attribute("aria-label").startswith("Evolutie ")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobiel", "desktop"])
def test_pages_fit_the_screen(visitor_factory, viewport):
    """No horizontal scrolling at 375 px and on a desktop; the home map is visible. Screenshots."""
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page()
    width = viewport["width"]
    kind = "mobiel" if width < 600 else "desktop"
    for rel, name in (("", "home"), ("indicatoren/d1/", "indicator-d1"), ("gemeenten/antwerpen/", "gemeente-antwerpen")):
        page.goto(visitor.url("/", rel))
        if rel != "gemeenten/antwerpen/":
            wait_for_map(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{rel or 'home'} is {scroll_width} px breed op een scherm van {width} px"
        if rel == "":
            kaart = page.locator("#kaart-overzicht .liim-kaart__vlak")
            kaart.scroll_into_view_if_needed()
            assert kaart.is_visible()
            box = kaart.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] >= 150, box
        screenshot(page, f"{name}-{kind}")


def test_no_request_leaves_127_0_0_1(visitor):
    """Pages with maps, tooltips, lazy groups and search: every request goes to our server."""
    page = visitor.page()
    page.goto(visitor.url("/"))
    wait_for_map(page)
    search(page, "Antwerpen").locator("a").first.wait_for(state="visible")
    page.goto(visitor.url("/", "indicatoren/d2/"))
    wait_for_map(page)
    hover_tooltip(page, point_on_a_gemeente(page))
    before = fills(page)
    page.locator("#kaart-d2-groep").select_option(index=1)
    wait_for_new_fills(page, before)
    page.goto(visitor.url("/", "gemeenten/antwerpen/"))
    page.wait_for_load_state("load")
    assert len(visitor.requests) > 10
    assert visitor.foreign_requests() == []
    assert visitor.failed == []


def test_no_script_errors(visitor):
    page = visitor.page()
    for rel in ("", "indicatoren/d1/", "indicatoren/d2/", "gemeenten/antwerpen/", "methodologie/"):
        page.goto(visitor.url("/", rel))
        if rel.startswith("indicatoren") or rel == "":
            wait_for_map(page)
        page.wait_for_load_state("load")
    assert visitor.errors == []


# --- accessibility -----------------------------------------------------------------------

A11Y_PAGES = ["", "indicatoren/d1/", "indicatoren/d4/", "gemeenten/antwerpen/", "gemeenten/",
              "methodologie/", "toegankelijkheid/", "downloads/"]


@pytest.mark.parametrize("rel", A11Y_PAGES, ids=lambda r: r.strip("/") or "home")
def test_axe_finds_nothing_serious(visitor, rel):
    page = visitor.page()
    page.goto(visitor.url("/", rel))
    if page.locator(".liim-kaart").count():
        wait_for_map(page)
    serious = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
    report = "\n".join(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, bv. {v['nodes'][:3]})"
                       for v in serious)
    assert not serious, report


def test_keyboard_reaches_the_year_and_restyles_the_map(visitor):
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/d1/"))
    wait_for_map(page)
    page.locator("body").click(position={"x": 1, "y": 1})  # start from the top of the page, like a fresh visit
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(1, 301):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "kaart-d1-jaar":
            break
    else:
        pytest.fail("Tab bereikt de jaarkeuze niet (300 keer Tab)")
    focus = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {visible: e.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focus["visible"] and focus["style"] != "none" and focus["width"] >= 2, focus
    select = page.locator("#kaart-d1-jaar")
    first = select.input_value()
    before = fills(page)
    page.keyboard.press("ArrowDown")
    assert select.input_value() != first
    wait_for_new_fills(page, before)


# --- without JavaScript ------------------------------------------------------------------

def test_figures_without_javascript(visitor_factory):
    visitor = visitor_factory(java_script_enabled=False)
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/d1/"))
    figure = table_figure(page, "Antwerpen")
    assert FIGURE.fullmatch(figure), figure
    assert page.get_by_text("Dezelfde cijfers staan in de tabel op deze pagina.").is_visible()
    page.goto(visitor.url("/", "gemeenten/antwerpen/"))
    row = page.locator("table.liim-gemeente-tabel tbody tr").first
    assert row.is_visible()
    assert FIGURE.fullmatch(row.locator("td.liim-getal .liim-cijfer").first.inner_text().strip())
    assert page.locator("svg.liim-spark").first.is_visible()
