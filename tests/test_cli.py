"""The ``liim`` command line, driven through click's CliRunner."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator import paths
from generator.cli import main


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo-data", "--out", str(out), "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code == 0, result.output
    return out


def test_demo_data_validates(demo):
    result = CliRunner().invoke(main, ["validate", "--data", str(demo), "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code == 0, result.output
    assert "rijen in orde" in result.output


def test_demo_data_is_deterministic(demo, tmp_path):
    CliRunner().invoke(main, ["demo-data", "--out", str(tmp_path), "--geodata", str(paths.SHARED_GEODATA)])
    assert digest(tmp_path) == digest(demo)


def test_demo_data_has_every_kind_of_row(demo):
    text = "".join(p.read_text() for p in (demo / "waarden").glob("*.csv"))
    for marker in (",geheim\n", ",voorlopig\n", ",99991,", ",02000,"):
        assert marker in text, marker
    assert (demo / "waarden" / "w1.csv").read_text().splitlines()[1].split(",")[6] != ""  # W1 carries waarde
    years = {line.split(",")[1] for line in (demo / "waarden" / "d1.csv").read_text().splitlines()[1:]}
    assert years == {str(y) for y in range(2011, 2026)}


def test_demo_data_uses_each_years_division(demo):
    rows = [line.split(",") for line in (demo / "waarden" / "d1.csv").read_text().splitlines()[1:]]
    codes = {year: {r[2] for r in rows if r[1] == year} - {"02000", "99991"} for year in ("2018", "2019", "2025")}
    assert (len(codes["2018"]), len(codes["2019"]), len(codes["2025"])) == (308, 300, 285)


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 0 and "validate" in result.stdout and "demo-data" in result.stdout


def test_bad_geodata_folder_is_reported(tmp_path, demo):
    result = CliRunner().invoke(main, ["validate", "--data", str(demo), "--geodata", str(tmp_path)])
    assert result.exit_code != 0 and "gemeente.shp" in result.output
