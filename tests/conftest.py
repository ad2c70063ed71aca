"""Shared fixtures: the boundary files, the catalogue, small data folders."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import make_data_dir
from xdist_order import ModuleSeconds, ModulesLongestFirst

from generator import paths
from generator.catalogue import Catalogue, load_catalogue
from generator.divisions import Divisions, load_divisions


@pytest.fixture(scope="session")
def divisions() -> Divisions:
    return load_divisions(paths.SHARED_GEODATA)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def data_dir(tmp_path, divisions, catalogue):
    """Factory: ``data_dir({"x.csv": "D1,2025,..."})`` → a complete small data folder."""
    def factory(rows: dict[str, str] | None = None, name: str = "data") -> Path:
        return make_data_dir(tmp_path / name, divisions, catalogue, rows)
    return factory


# --- the browser: one Playwright per test process (two would clash in one asyncio loop) -------------

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} ontbreekt: de browsertests hebben Debian's Chromium nodig. "
                    "Installeer het met 'make browser-deps' (apt-get install chromium); 'make test' doet dat zelf.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    except Exception as err:  # a broken install: say so instead of a Playwright traceback
        playwright.stop()
        pytest.fail(f"Chromium ({CHROMIUM}) start niet: {err}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


# --- pytest -n 2: whole modules per worker, the longest first (see xdist_order.py) -----------------

_MODULE_SECONDS = ModuleSeconds()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "load":  # an explicit --dist other than the default is obeyed
        return None
    return ModulesLongestFirst(config, log, ModuleSeconds.load(config))


def pytest_runtest_logreport(report):
    _MODULE_SECONDS.add(report.nodeid, report.duration)


def pytest_sessionfinish(session):
    if session.config.pluginmanager.has_plugin("dsession"):  # the controller of an xdist run: it sees every report
        _MODULE_SECONDS.save(session.config)
