"""The worker pool that makes the PDFs and workbooks: forked processes, typst only in them.

The workers are forked (one per core) and inherit the imported modules; each task
is a small payload with a ``run(context)`` method (see ``downloads/__init__.py``).
typst only ever runs in the workers, never in the calling process: a process forked
after typst has compiled once deadlocks in typst's thread pool, so compiling in the
parent would break the next build in the same process (the tests build several
times). Even one worker is a forked process for that reason.
"""
from __future__ import annotations

import functools
import gc
import json
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..catalogue import Catalogue
from ..memo import fingerprint
from ..model import Edition, Gemeente, Monitor, Provenance


@dataclass(frozen=True)
class WorkerContext:
    """What every worker needs once (small): catalogue, edition, gemeenten, report template."""

    catalogue: Catalogue
    edition: Edition
    gemeenten: dict[str, Gemeente]
    template: bytes
    provenance: Provenance = Provenance()

    @functools.cached_property
    def data_fingerprint(self) -> bytes:
        """``memo.fingerprint`` of everything but the typst template (once per worker, not per report)."""
        return fingerprint((self.catalogue, self.edition, self.provenance, self.gemeenten))

    @classmethod
    def of(cls, monitor: Monitor, template: bytes) -> WorkerContext:
        """The context of ``monitor`` with the typst source ``template`` of the reports."""
        return cls(monitor.catalogue, monitor.edition, dict(monitor.gemeenten), template, monitor.provenance)


class Task(Protocol):
    """One unit of work for a worker: makes its files, returns their paths."""

    def run(self, context: WorkerContext) -> list[str]: ...


_WORKER: dict[str, Any] = {}


def _init_worker(context: WorkerContext) -> None:
    import typst  # imported here: only workers compile

    _WORKER["context"] = context
    _WORKER["compiler"] = typst.Compiler()


def run_task(task: Task) -> list[str]:
    """Worker entry point: make the files of one task, return their paths."""
    return task.run(_WORKER["context"])


def report_payload(data: dict) -> str:
    """The JSON a report's data reach typst as: the same data, the same text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_pdf(data: dict, target: Path, *, tags: bool) -> Path:
    """Compile the report template with ``data`` (as JSON in sys.inputs) into ``target`` (workers only)."""
    payload = report_payload(data)
    pdf = _WORKER["compiler"].compile(input=_WORKER["context"].template, format="pdf",
                                      sys_inputs={"data": payload}, pdf_tags=tags)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return target


def worker_count(workers: int | None) -> int:
    """``workers`` if given, else one per core this process may use."""
    if workers is not None:
        return max(1, workers)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def start_tasks(context: WorkerContext, tasks: list[Task],
                workers: int | None) -> tuple[ProcessPoolExecutor, Iterator[list[str]]]:
    """Fork a pool of workers (typst never runs in this process) and submit every task."""
    if "compiler" in _WORKER:
        raise RuntimeError("typst draaide al in dit proces: een fork zou vastlopen")
    count = max(1, min(worker_count(workers), len(tasks)))
    gc.freeze()  # the workers' collector then skips the inherited heap (no copy-on-write storm)
    try:
        pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(context,))
        results = pool.map(run_task, tasks, chunksize=4)  # submits all: the workers fork now
    finally:
        gc.unfreeze()
    return pool, results
