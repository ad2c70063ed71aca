"""The frozen archive: ``liim archive`` freezes an edition once; builds check and unpack it, never re-render it.

Small editions made here (the rows of test_diff.py): 2024 on its own division (Borsbeek still
exists) is frozen into the 2025 data folder. Expectations are computed here from the files
(tarfile, zipfile, hashlib) or from the Monitor, never copied from the program's output.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import posixpath
import re
import shutil
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from support import edition_pair
from test_diff import NEW, OLD

from generator import paths, templating
from generator.archive import archived_editions, frozen_view, unpack_archive
from generator.cli import main
from generator.diff import diff_report
from generator.docsdir import copy_hand_written
from generator.editionview import COLUMNS, EditionView
from generator.errors import BuildError
from generator.export import export_frame
from generator.monitor import load_inputs, make_monitor

GEODATA = ["--geodata", str(paths.SHARED_GEODATA)]


def freeze(*args: str):
    return CliRunner().invoke(main, ["archive", *args, *GEODATA])


@pytest.fixture(scope="module")
def editions(tmp_path_factory, divisions, catalogue):
    """The 2024 edition's inputs, and the 2025 data folder with 2024 frozen in its archief/."""
    root = tmp_path_factory.mktemp("archief")
    old, new = edition_pair(root, divisions, catalogue, OLD, NEW)
    result = freeze("2024", "--data", str(old), "--uit", str(new))
    assert result.exit_code == 0, result.output
    return old, new


@pytest.fixture(scope="module")
def frozen_dir(editions) -> Path:
    return editions[1] / "archief" / "2024"


@pytest.fixture(scope="module")
def old_monitor(editions):
    return make_monitor(load_inputs(editions[0], paths.SHARED_GEODATA))


def manifest(folder: Path) -> dict:
    return yaml.safe_load((folder / "bevroren.yml").read_text(encoding="utf-8"))


def tar_files(tarball: Path) -> dict[str, bytes]:
    with tarfile.open(tarball, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------- liim archive


def test_manifest_describes_the_tarball(frozen_dir):
    meta = manifest(frozen_dir)
    tarball = frozen_dir / meta["bestand"]
    assert meta["bestand"] == "editie-2024.tar.gz"
    assert (meta["jaar"], str(meta["publicatiedatum"])) == (2024, "2024-12-15")
    assert meta["sha256"] == hashlib.sha256(tarball.read_bytes()).hexdigest()
    assert meta["grootte"] == tarball.stat().st_size
    assert meta["bestanden"] == len(tar_files(tarball))
    comment = (frozen_dir / "bevroren.yml").read_text(encoding="utf-8").split("\njaar:")[0]
    assert comment.startswith("#") and "nooit" in comment.lower() and "--opnieuw" in comment


def test_tarball_is_deterministic(editions, frozen_dir, tmp_path):
    result = freeze("2024", "--data", str(editions[0]), "--uit", str(tmp_path))
    assert result.exit_code == 0, result.output
    again = tmp_path / "archief" / "2024" / "editie-2024.tar.gz"
    assert again.read_bytes() == (frozen_dir / "editie-2024.tar.gz").read_bytes()
    raw = again.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip header without a time stamp
    with tarfile.open(again, "r:gz") as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == sorted(m.name for m in members)
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname, m.mode) for m in members} == {(members[0].mtime, 0, 0, "", "", 0o644)}


def test_already_frozen_is_refused(editions, frozen_dir):
    before = (frozen_dir / "editie-2024.tar.gz").read_bytes(), (frozen_dir / "bevroren.yml").read_bytes()
    result = freeze("2024", "--data", str(editions[0]), "--uit", str(editions[1]))
    assert result.exit_code != 0
    assert str(frozen_dir / "bevroren.yml") in result.output and "--opnieuw" in result.output
    assert ((frozen_dir / "editie-2024.tar.gz").read_bytes(), (frozen_dir / "bevroren.yml").read_bytes()) == before
    result = freeze("2024", "--data", str(editions[0]), "--uit", str(editions[1]), "--opnieuw")
    assert result.exit_code == 0, result.output
    assert ((frozen_dir / "editie-2024.tar.gz").read_bytes(), (frozen_dir / "bevroren.yml").read_bytes()) == before


def test_wrong_year_is_refused(editions, tmp_path):
    result = freeze("2023", "--data", str(editions[0]), "--uit", str(tmp_path))
    assert result.exit_code != 0
    assert "editie 2024, niet 2023" in result.output and str(editions[0] / "editie.yml") in result.output
    assert not (tmp_path / "archief").exists()


def test_archived_edition_is_small_and_has_its_open_data(frozen_dir, old_monitor):
    files = tar_files(frozen_dir / "editie-2024.tar.gz")
    prefix = "archief/2024/"
    assert all(name.startswith(prefix) for name in files)
    downloads = sorted(n for n in files if n.startswith(prefix + "downloads/"))
    assert downloads == [prefix + "downloads/liim-data.zip"]  # no raw CSV, no CSV per gemeente
    with zipfile.ZipFile(io.BytesIO(files[prefix + "downloads/liim-data.zip"])) as bundle:
        assert bundle.namelist() == ["liim-data.csv"]
        published = pd.read_csv(bundle.open("liim-data.csv"), dtype={"nis": str})
    expected = export_frame(old_monitor.table).reset_index(drop=True)
    assert list(published.columns) == list(expected.columns) and len(published) == len(expected)
    assert (published["nis"] == expected["nis"]).all()
    assert published["waarde"].fillna(-1).round(6).equals(expected["waarde"].astype(float).fillna(-1).round(6))
    record = json.loads(files[prefix + "editie.json"])
    assert (record["jaar"], record["demo"]) == (2024, True)
    assert record["gemeenten"] == {nis: g.naam for nis, g in sorted(old_monitor.gemeenten.items())}
    assert "11007" in record["gemeenten"] and len(record["gemeenten"]) == 300  # Borsbeek, before the 2025 mergers
    assert [i["code"] for i in record["indicatoren"]] == [i.code for i in old_monitor.catalogue]


LINK = re.compile(r"""<(\w+)\b[^>]*?\b(href|src)="([^"]*)\"""")


def test_archived_pages_are_self_contained(frozen_dir):
    """Nothing of the current site is loaded; links inside the edition resolve to its own files;
    links out of it go only to the site's home, its archive and its indicator overview."""
    files = tar_files(frozen_dir / "editie-2024.tar.gz")
    pages = [n for n in files if n.endswith(".html")]
    assert len(pages) > 300 and "archief/2024/stijl.css" in files
    outside, loaded = set(), set()
    for name in pages:
        for tag, attr, url in LINK.findall(files[name].decode("utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), url))
            if tag in ("link", "script", "img") or attr == "src":
                loaded.add(target)
            if target.startswith("archief/2024"):
                assert target in files or f"{target}/index.html" in files, f"{name}: {url}"
            else:
                outside.add(target)
    assert loaded == {"archief/2024/stijl.css"}
    assert outside == {".", "archief", "indicatoren"}


# ------------------------------------------------------------------- building


def test_what_is_new_from_the_frozen_edition_equals_the_monitors(editions, frozen_dir, old_monitor):
    new = make_monitor(load_inputs(editions[1], paths.SHARED_GEODATA))
    [frozen] = archived_editions(editions[1])
    view = frozen_view(frozen)
    assert len(view.table) == len(old_monitor.table) and view.gemeenten == EditionView.of(old_monitor).gemeenten
    from_frozen, from_monitor = diff_report(view, new), diff_report(old_monitor, new)
    assert from_frozen == from_monitor
    for threshold in (0.0, 0.01, 0.5):
        assert diff_report(view, new, threshold) == diff_report(old_monitor, new, threshold)
    assert "Gent (44021)" in from_frozen and "Borsbeek (11007)" in from_frozen


def test_frozen_view_keeps_every_figure(frozen_dir, old_monitor):
    [frozen] = archived_editions(frozen_dir.parent.parent)
    mine = frozen_view(frozen).table.sort_values(COLUMNS[:4]).reset_index(drop=True)
    theirs = old_monitor.table[COLUMNS].sort_values(COLUMNS[:4]).reset_index(drop=True)
    assert mine[["indicator", "nis", "groep", "status"]].astype(str).equals(theirs[["indicator", "nis", "groep", "status"]].astype(str))
    assert (mine["jaar"].astype(int) == theirs["jaar"].astype(int)).all()
    assert ((mine["waarde"] - theirs["waarde"].astype(float)).abs().fillna(0) < 1e-6).all()
    assert (mine["waarde"].isna() == theirs["waarde"].isna()).all()


def copy_data(editions, target: Path) -> Path:
    shutil.copytree(editions[1], target)
    return target


def test_tampered_tarball_stops_the_build(editions, tmp_path):
    from generator.build import build
    data = copy_data(editions, tmp_path / "data")
    tarball = data / "archief" / "2024" / "editie-2024.tar.gz"
    raw = bytearray(tarball.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    tarball.write_bytes(bytes(raw))
    with pytest.raises(BuildError) as err:
        build(data, paths.SHARED_GEODATA, tmp_path / "site", docs_dir=tmp_path / "docs", force=True)
    assert str(tarball) in str(err.value) and "sha256" in str(err.value) and "git checkout" in str(err.value)
    assert not (tmp_path / "site").exists() and not (tmp_path / "docs").exists() and list(tmp_path.glob(".site*")) == []
    tarball.unlink()
    with pytest.raises(BuildError, match="ontbreekt"):
        archived_editions(data)


def test_old_style_archive_folder_stops_the_build(editions, tmp_path):
    """An edition kept as inputs would silently vanish from the site: the build says how to freeze it."""
    from generator.build import build
    data = copy_data(editions, tmp_path / "data")
    shutil.copytree(editions[0], data / "archief" / "2023")  # any input folder, no bevroren.yml
    with pytest.raises(BuildError) as err:
        build(data, paths.SHARED_GEODATA, tmp_path / "site", docs_dir=tmp_path / "docs", force=True)
    folder = data / "archief" / "2023"
    assert f"liim archive 2023 --data {folder} --uit {data}" in str(err.value)
    assert not (tmp_path / "site").exists()


def test_unsafe_member_is_refused(editions, tmp_path):
    data = copy_data(editions, tmp_path / "data")
    folder = data / "archief" / "2024"
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as gz, tarfile.open(fileobj=gz, mode="w") as tar:
        body = b"<p>elders</p>"
        info = tarfile.TarInfo("archief/2024/../../index.html")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    (folder / "editie-2024.tar.gz").write_bytes(buffer.getvalue())
    meta = manifest(folder) | {"sha256": hashlib.sha256(buffer.getvalue()).hexdigest(), "grootte": len(buffer.getvalue())}
    (folder / "bevroren.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(BuildError, match="onverwacht item"):
        unpack_archive(archived_editions(data), site)
    assert list(site.iterdir()) == []


def test_unpack_writes_the_tarballs_bytes(editions, frozen_dir, tmp_path):
    site = tmp_path / "site"
    count = unpack_archive(archived_editions(editions[1]), site)
    files = tar_files(frozen_dir / "editie-2024.tar.gz")
    assert count == len(files)
    assert {n: hashlib.sha256(b).hexdigest() for n, b in files.items()} == digest(site)
    with pytest.raises(BuildError, match="bestaat al"):
        unpack_archive(archived_editions(editions[1]), site)


def changed_templates(target: Path) -> Path:
    """A copy of templates/ in which both the archived pages and the archive index say so."""
    shutil.copytree(paths.TEMPLATES, target)
    for name in ("archief/basis.html.j2", "archief-index.md.j2"):
        path = target / name
        path.write_text(path.read_text(encoding="utf-8").replace("Archief", "Archief (gewijzigde sjabloon)", 1),
                        encoding="utf-8")
    (target / "archief" / "stijl.css").write_text("body { color: red; }\n", encoding="utf-8")
    return target


# The downloads of two gemeenten instead of 285: the reports and workbooks (most of a build's work,
# done beside mkdocs) have nothing to do with the archive, which is unpacked after mkdocs.
DOWNLOADS_OF = ["11002", "44021"]


@pytest.mark.site  # builds a small edition's site (about a minute)
def test_archived_files_do_not_change_with_the_templates(editions, frozen_dir, tmp_path, monkeypatch):
    """Build with changed templates (archived pages, their stylesheet and the archive index): the
    archive index follows them, the archived edition stays the bytes frozen with the old templates."""
    from generator import downloads
    from generator.build import build
    data, site, docs = copy_data(editions, tmp_path / "data"), tmp_path / "site", copy_hand_written(tmp_path / "docs")
    frozen = {n: hashlib.sha256(b).hexdigest() for n, b in tar_files(frozen_dir / "editie-2024.tar.gz").items()}
    monkeypatch.setattr(paths, "TEMPLATES", changed_templates(tmp_path / "templates"))
    monkeypatch.setattr(downloads, "start_downloads", functools.partial(downloads.start_downloads, gemeenten=DOWNLOADS_OF))
    templating.environment.cache_clear()
    templating.html_environment.cache_clear()
    try:
        build(data, paths.SHARED_GEODATA, site, docs_dir=docs, force=True)
    finally:
        templating.environment.cache_clear()
        templating.html_environment.cache_clear()
    assert "gewijzigde sjabloon" in (site / "archief" / "index.html").read_text(encoding="utf-8")  # the new templates were used
    assert {f"archief/2024/{n}": h for n, h in digest(site / "archief" / "2024").items()} == frozen
    assert "Wat is nieuw in editie 2025" in (site / "wat-is-nieuw" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (site / "downloads" / "gemeenten").glob("*.pdf")) == DOWNLOADS_OF  # the patch held
