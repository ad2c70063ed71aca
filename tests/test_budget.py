"""Page-weight budgets on the built demo site, as Chromium loads the pages (sizes are stable;
times are reported by `make bench`, not asserted)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sitebuild import built_site

from bench.run import BUDGETS, visit_weights

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def weights():
    # in a thread of its own: this worker may already hold Playwright's sync API (test_browser.py)
    pages = ["indicatoren/d1/", "indicatoren/d2/", "gemeenten/antwerpen/"]
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(visit_weights, built_site(), pages).result()


def test_indicator_page_first_visit(weights):
    first = weights["pages"]["indicatoren/d1/"]
    assert first["requests"] >= 10  # the page, theme, Leaflet, our script, the geometry …
    assert first["gzip"] <= BUDGETS["indicator_first_visit_gz"], first


def test_second_indicator_page_with_shared_assets_cached(weights):
    second = weights["pages"]["indicatoren/d2/"]
    assert second["gzip"] <= BUDGETS["indicator_second_visit_gz"], second


def test_gemeente_page(weights):
    page = weights["pages"]["gemeenten/antwerpen/"]
    assert page["gzip"] <= BUDGETS["gemeente_page_gz"], page


def test_no_request_to_another_host(weights):
    assert weights["foreign_requests"] == []
