"""Wall time per build stage, for the progress output and ``make bench``.

A module of its own so that the build and the render stages can both use it
without importing each other.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Progress = Callable[[str], None]


@dataclass
class Timings:
    """Wall time per stage, for progress output and ``make bench``."""

    stages: dict[str, float] = field(default_factory=dict)
    progress: Progress = lambda message: None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the body as stage ``name`` and report its start and duration."""
        self.progress(f"{name} …")
        start = time.perf_counter()
        yield
        self.stages[name] = time.perf_counter() - start
        self.progress(f"{name}: {self.stages[name]:.1f} s")
