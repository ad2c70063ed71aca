"""Builds are reproducible and atomic: same inputs → same bytes; a killed build mixes nothing."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuild import real_site

from generator import paths
from generator.build import build, recover
from generator.docsdir import copy_hand_written

pytestmark = pytest.mark.site  # builds the open-data edition twice


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    """The published (open-data) edition, rebuilt from scratch elsewhere, gives the same bytes."""
    first = digest(real_site())
    build(paths.DATA_DIR, None, tmp_path / "site", docs_dir=copy_hand_written(tmp_path / "docs"))
    second = digest(tmp_path / "site")
    assert len(second) > 1500
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_killed_build_leaves_the_old_site_whole(tmp_path):
    out = tmp_path / "site"
    (out / "oud").mkdir(parents=True)
    (out / "index.html").write_text("<p>vorige site</p>")
    (out / "oud" / "cijfers.csv").write_text("a\n1\n")
    before = digest(out)
    docs = copy_hand_written(tmp_path / "docs")
    code = ("import sys; from pathlib import Path; from generator.build import build; "
            f"build(Path({str(paths.DATA_DIR)!r}), None, Path({str(out)!r}), docs_dir=Path({str(docs)!r}))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=paths.ROOT, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(tmp_path.glob(".site.new-*")):
        time.sleep(0.2)
    time.sleep(2)  # well inside the build: downloads and pages under way
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert digest(out) == before  # nothing of the new build reached the old site
    recover(out)
    assert digest(out) == before and not list(tmp_path.glob(".site.*"))
