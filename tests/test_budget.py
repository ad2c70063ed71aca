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


# What issue 16 brought down, kept down: search loaded only when used, one CSS and one script of
# ours, the lighter geometry (first visit 260 KB gzip in 22 requests before, 178 KB in 8 after).
FIRST_VISIT_CEILING_GZ = 190_000
FIRST_VISIT_MAX_REQUESTS = 9  # page, material's CSS and script, our CSS and script, Leaflet, geometry, favicon (+1)
SECOND_VISIT_CEILING_GZ = 30_000
# Page HTML, material's main.css and bundle, and Leaflet alone weigh about 125 KB gzip.
OVER_ISSUE_BUDGET = ("issue 16: de pagina zelf, material (CSS, script) en Leaflet wegen samen al ~125 KB gzip; "
                     "de HTML van een indicatorpagina ~26 KB (tabel, kaartconfiguratie)")


def test_indicator_page_first_visit(weights):
    first = weights["pages"]["indicatoren/d1/"]
    assert 5 <= first["requests"] <= FIRST_VISIT_MAX_REQUESTS, first  # the page, theme, Leaflet, ours, the geometry …
    assert first["gzip"] <= FIRST_VISIT_CEILING_GZ, first


@pytest.mark.xfail(reason=OVER_ISSUE_BUDGET, strict=True)  # passing would fail: then drop the mark
def test_indicator_page_first_visit_within_the_issue_budget(weights):
    first = weights["pages"]["indicatoren/d1/"]
    assert first["gzip"] <= BUDGETS["indicator_first_visit_gz"], first


def test_second_indicator_page_with_shared_assets_cached(weights):
    second = weights["pages"]["indicatoren/d2/"]
    assert second["requests"] == 1, second  # the page itself: every shared file comes from the first visit
    assert second["gzip"] <= SECOND_VISIT_CEILING_GZ, second


@pytest.mark.xfail(reason=OVER_ISSUE_BUDGET, strict=True)  # passing would fail: then drop the mark
def test_second_indicator_page_within_the_issue_budget(weights):
    second = weights["pages"]["indicatoren/d2/"]
    assert second["gzip"] <= BUDGETS["indicator_second_visit_gz"], second


def test_gemeente_page(weights):
    page = weights["pages"]["gemeenten/antwerpen/"]
    assert page["gzip"] <= BUDGETS["gemeente_page_gz"], page


def test_no_request_to_another_host(weights):
    assert weights["foreign_requests"] == []
