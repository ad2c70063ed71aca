"""Material's site search, loaded only when a visitor wants to search (issue 16: a lighter first
visit). The search index, the search worker and lunr's language files are not requested while
a page loads; focus on the search field, the search button, the shortcut keys and ``?q=`` load
them, and search finds a gemeente as before. Debian's Chromium through Playwright, with the
server and visitors of ``test_browser.py``.
"""
from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401 - fixtures used by name
    MOBILE,
    base,
    origin,
    search,
    server,
    visitor,
    visitor_factory,
    wait_for_map,
)

pytestmark = pytest.mark.browser

SEARCH_FILES = re.compile(r"/search/search_index\.json|/assets/javascripts/workers/search\.|/assets/javascripts/lunr/")


def search_requests(who) -> list[str]:
    return [u for u in who.requests if SEARCH_FILES.search(u)]


def loaded_without_search(who, page, url: str) -> None:
    """Open ``url``, let every load settle; nothing of the search may have been requested."""
    page.goto(url)
    if page.locator(".liim-kaart").count():
        wait_for_map(page)
    page.wait_for_load_state("networkidle")
    assert search_requests(who) == [], "zoekindex of zoekwerker geladen zonder dat iemand zoekt"


def result_link(page, href_end: str):
    return page.locator(f'.md-search-result__list a[href$="{href_end}"]').first


@pytest.mark.parametrize("rel", ["", "indicatoren/d1/", "gemeenten/antwerpen/"], ids=["home", "indicator", "gemeente"])
def test_search_loads_when_used(visitor, base, rel):  # noqa: F811 - fixtures of test_browser.py
    page = visitor.page()
    loaded_without_search(visitor, page, visitor.url(base, rel))
    search(page, "Pajottegem")
    hit = result_link(page, "gemeenten/pajottegem/")
    hit.wait_for(state="visible")
    loaded = search_requests(visitor)
    assert any(u.endswith("search/search_index.json") for u in loaded), loaded
    assert any("/workers/search." in u for u in loaded), loaded
    hit.click()
    page.wait_for_url(visitor.url(base, "gemeenten/pajottegem/"))


def test_search_on_a_phone_after_tapping_the_button(visitor_factory):  # noqa: F811 - fixtures of test_browser.py
    visitor = visitor_factory(viewport=MOBILE, has_touch=True)  # noqa: F811
    page = visitor.page()
    loaded_without_search(visitor, page, visitor.url("/", "indicatoren/d2/"))
    page.locator("label.md-header__button[for=__search]").tap()
    page.locator("input.md-search__input").press_sequentially("Borsbeek", delay=20)
    result_link(page, "gemeenten/antwerpen/").wait_for(state="visible")


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_shortcut_key_opens_a_working_search(visitor, key):  # noqa: F811 - fixtures of test_browser.py
    page = visitor.page()
    loaded_without_search(visitor, page, visitor.url("/", "methodologie/"))
    page.keyboard.press(key)
    box = page.locator("input.md-search__input")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    box.press_sequentially("Gooik", delay=20)
    result_link(page, "gemeenten/pajottegem/").wait_for(state="visible")


def test_search_from_the_address(visitor):  # noqa: F811 - fixtures of test_browser.py
    """``?q=`` opens the search with results at once (material's own feature, kept)."""
    page = visitor.page()
    page.goto(visitor.url("/", "indicatoren/?q=Borsbeek"))
    result_link(page, "gemeenten/antwerpen/").wait_for(state="visible")


def test_typing_elsewhere_loads_no_search(visitor):  # noqa: F811 - fixtures of test_browser.py
    """The letters s and f typed into the gemeente finder are not a wish to search the site."""
    page = visitor.page()
    loaded_without_search(visitor, page, visitor.url("/", ""))
    page.get_by_label("Zoek een gemeente").press_sequentially("sf/", delay=20)
    page.wait_for_load_state("networkidle")
    assert search_requests(visitor) == []
