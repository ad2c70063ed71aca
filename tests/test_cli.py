"""The ``liim`` command line, driven through click's CliRunner."""
from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner
from sitebuild import current_demo_data

from generator import paths
from generator.cli import main


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_demo_data(out):
    result = CliRunner().invoke(main, ["demo-data", "--out", str(out), "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo data as ``liim demo-data`` writes them: in ``make test`` those ``make demo`` just wrote
    (up to date with the code, read only here), otherwise written here."""
    return current_demo_data() or write_demo_data(tmp_path_factory.mktemp("demo"))


@pytest.mark.slow
def test_demo_data_validates(demo):
    result = CliRunner().invoke(main, ["validate", "--data", str(demo), "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code == 0, result.output
    assert "rijen in orde" in result.output


# A part of the catalogue, with each kind of indicator (a share, a count with a rate, a euro ratio,
# election years), and its earlier edition frozen: the same code paths as the whole demo, in 1/8 of the time.
SOME = "D1,D2,I1,W1,P1"
WRITE_SOME = ("import dataclasses, sys; from pathlib import Path; from generator import paths; "
              "from generator.catalogue import load_catalogue; from generator.demo import write_demo; "
              "from generator.divisions import load_divisions; cat = load_catalogue(); "
              "cat = dataclasses.replace(cat, indicators=tuple(i for i in cat if i.code in sys.argv[2].split(','))); "
              "write_demo(Path(sys.argv[1]), cat, load_divisions(paths.SHARED_GEODATA), 2025, (2024,), paths.SHARED_GEODATA)")


@pytest.mark.slow
def test_demo_data_is_deterministic(tmp_path):
    """Two runs in two processes (each with its own hash seed, so a set's order can differ) give the same bytes."""
    runs = [subprocess.Popen([sys.executable, "-c", WRITE_SOME, str(tmp_path / name), SOME], cwd=paths.ROOT,
                             env={**os.environ, "PYTHONHASHSEED": seed}, stderr=subprocess.PIPE, text=True)
            for name, seed in (("een", "1"), ("twee", "2"))]
    for run in runs:
        assert run.wait() == 0, run.stderr.read()
    first = digest(tmp_path / "een")
    assert len(first) == 9 and "archief/2024/editie-2024.tar.gz" in first  # 5 tables, clusters, edition, archive (2)
    assert first == digest(tmp_path / "twee")


def demo_rows(demo, code: str) -> list[dict[str, str]]:
    with open(demo / "waarden" / f"{code.lower()}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_demo_archive_is_frozen(demo):
    """The earlier demo edition is frozen (liim archive), not kept as inputs the build would re-render."""
    folder = demo / "archief" / "2024"
    assert sorted(p.name for p in folder.iterdir()) == ["bevroren.yml", "editie-2024.tar.gz"]
    meta = yaml.safe_load((folder / "bevroren.yml").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256((folder / "editie-2024.tar.gz").read_bytes()).hexdigest()
    assert meta["jaar"] == 2024


@pytest.mark.slow
def test_demo_data_has_every_kind_of_row(demo):
    text = "".join(p.read_text() for p in (demo / "waarden").glob("*.csv"))
    for marker in (",geheim\n", ",voorlopig\n", ",99991,", ",02000,"):
        assert marker in text, marker
    # W1 is a ratio in euro (an average per tax return): teller and noemer, never a waarde
    w1 = demo_rows(demo, "W1")
    assert w1 and all(r["waarde"] == "" for r in w1)
    assert all(r["teller"] and r["noemer"] for r in w1 if not r["status"])
    years = {r["jaar"] for r in demo_rows(demo, "D1")}
    assert years == {str(y) for y in range(2011, 2026)}
    # P1: municipal elections are held every six years, so only 2012, 2018 and 2024 have a figure
    assert {r["jaar"] for r in demo_rows(demo, "P1")} == {"2012", "2018", "2024"}


@pytest.mark.slow
def test_demo_groups_share_the_totals_noemer(demo):
    """D2 (groepsnoemer totaal): every group is a share of all inhabitants, the noemer of 'totaal'."""
    rows = [r for r in demo_rows(demo, "D2") if r["noemer"]]
    totals = {(r["jaar"], r["nis"]): r["noemer"] for r in rows if r["groep"] == "totaal"}
    groups = [r for r in rows if r["groep"] != "totaal"]
    assert {r["groep"] for r in groups} == {"belgisch", "buurland", "eu", "niet-eu"}
    assert [r for r in groups if totals.get((r["jaar"], r["nis"])) != r["noemer"]] == []


def test_demo_data_default_folder_is_not_data():
    """Real figures live in data/; the demo writes into build/demo-data/ unless told otherwise."""
    assert paths.DEMO_DATA_DIR == paths.ROOT / "build" / "demo-data" != paths.DATA_DIR
    result = CliRunner().invoke(main, ["demo-data", "--help"])
    assert result.exit_code == 0 and "build/demo-data/" in result.output


@pytest.mark.slow
def test_demo_data_uses_each_years_division(demo):
    rows = [line.split(",") for line in (demo / "waarden" / "d1.csv").read_text().splitlines()[1:]]
    codes = {year: {r[2] for r in rows if r[1] == year} - {"02000", "99991"} for year in ("2018", "2019", "2025")}
    assert (len(codes["2018"]), len(codes["2019"]), len(codes["2025"])) == (308, 300, 285)


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 0 and "validate" in result.stdout and "demo-data" in result.stdout


@pytest.mark.slow
def test_bad_geodata_folder_is_reported(tmp_path, demo):
    result = CliRunner().invoke(main, ["validate", "--data", str(demo), "--geodata", str(tmp_path)])
    assert result.exit_code != 0 and "gemeente.shp" in result.output
