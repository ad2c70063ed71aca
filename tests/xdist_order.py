"""How ``pytest -n 2`` (``make test``) shares the tests between its two workers.

xdist's default (``--dist load``) deals the tests out one by one, round robin: the tests of one
module land on both workers, so both build that module's expensive module- and session-scoped
fixtures (a small site through mkdocs, the demo monitor, a demo-data run), and a long test that
happens to be dealt last runs alone while the other worker idles.

``ModulesLongestFirst`` (used when no other ``--dist`` is asked for) sends whole modules instead,
the longest first (longest processing time first): each module's fixtures are made once, and the
short modules fill up the end. A module's length is what it took in the last run (kept in
pytest's cache, ``.pytest_cache``); without a cache (a fresh clone, CI) ``KNOWN_SECONDS`` gives
the long ones, measured on the 2-core machine.
"""
from __future__ import annotations

from collections import OrderedDict

from xdist.scheduler import LoadScopeScheduling

CACHE_KEY = "liim/seconds-per-module"

# Seconds per module (setup, call and teardown of its tests) in a full `pytest -n 2` run on the shared
# 2-core machine (2026-11-29, under load); only their order matters. Others count as DEFAULT_SECONDS.
KNOWN_SECONDS = {
    "tests/test_suppression.py": 261,
    "tests/test_downloads.py": 210,
    "tests/test_reliability.py": 202,
    "tests/test_incremental.py": 158,
    "tests/test_cli.py": 130,
    "tests/test_browser.py": 124,
    "tests/test_swing.py": 65,
    "tests/test_archive.py": 64,
    "tests/test_import.py": 62,
    "tests/test_harmonise.py": 58,
    "tests/test_bad_inputs.py": 54,
    "tests/test_html.py": 54,
    "tests/test_browser_layout.py": 54,
}
DEFAULT_SECONDS = 5.0


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


class ModulesLongestFirst(LoadScopeScheduling):
    """xdist's scheduling by scope, with the module as the scope and the longest modules sent first."""

    def __init__(self, config, log=None, seconds: dict[str, float] | None = None) -> None:
        super().__init__(config, log)
        self.seconds = {**KNOWN_SECONDS, **(seconds or {})}
        self.ordered = False

    def _split_scope(self, nodeid: str) -> str:
        return module_of(nodeid)

    def _assign_work_unit(self, node) -> None:
        if not self.ordered:  # the queue is complete once the collection is: order it once
            longest_first = sorted(self.workqueue, key=lambda module: -self.seconds.get(module, DEFAULT_SECONDS))
            self.workqueue = OrderedDict((module, self.workqueue[module]) for module in longest_first)
            self.ordered = True
        super()._assign_work_unit(node)


class ModuleSeconds:
    """Adds up the seconds per module of the reports the controller receives; kept in the cache."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, nodeid: str, duration: float) -> None:
        module = module_of(nodeid)
        self.seconds[module] = self.seconds.get(module, 0.0) + duration

    @staticmethod
    def load(config) -> dict[str, float]:
        cache = getattr(config, "cache", None)
        return dict(cache.get(CACHE_KEY, {})) if cache is not None else {}

    def save(self, config) -> None:
        """Only after a run of whole modules (no -m, -k or single tests): a part is no module's length."""
        cache = getattr(config, "cache", None)
        whole = not config.option.markexpr and not config.option.keyword and not any("::" in a for a in config.args)
        if cache is not None and self.seconds and whole:
            cache.set(CACHE_KEY, {**self.load(config), **{m: round(s, 2) for m, s in self.seconds.items()}})
