"""The corpus of broken inputs: every problem reported with file and line, nothing built."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import MEDIAN_CODE, copy_geodata, make_data_dir, write_catalogue_with_median

from generator import paths
from generator.cli import main

CORPUS = Path(__file__).parent / "bad_inputs"
# import cases hold a bronnen.yml and raw publisher files in ruw/ (run through `liim import`)
IMPORT_CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and (p / "bronnen.yml").exists())
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name not in IMPORT_CASES)


def adjustments(case: Path) -> dict[str, str]:
    file = case / "aanpassing.txt"
    if not file.exists():
        return {}
    return dict(line.split("=", 1) for line in file.read_text(encoding="utf-8").splitlines() if line.strip())


def prepare(case: Path, tmp_path: Path, divisions, catalogue) -> tuple[Path, Path]:
    """Copy a case into ``tmp/data``, complete it, apply its adjustments; return (data, geodata)."""
    data = tmp_path / "data"
    shutil.copytree(case, data, ignore=shutil.ignore_patterns("expected.txt", "aanpassing.txt"))
    make_data_dir(data, divisions, catalogue)
    geodata = paths.SHARED_GEODATA
    for key, value in adjustments(case).items():
        clusters = data / "clusters.csv"
        if key == "DROP_CLUSTER":
            lines = clusters.read_text().splitlines(keepends=True)
            clusters.write_text("".join(line for line in lines if not line.startswith(value + ",")))
        elif key == "EXTRA_CLUSTER":
            clusters.write_text(clusters.read_text() + value + "\n")
        elif key == "CATALOGUE_DUPLICATE":
            duplicate_indicator(paths.CATALOGUE, data / "indicatoren.yml", value)
        elif key == "CATALOGUE_MEDIAN":
            assert value == MEDIAN_CODE, f"{case.name}: CATALOGUE_MEDIAN={value}, alleen {MEDIAN_CODE} kan een mediaan zijn"
            write_catalogue_with_median(data)
        elif key == "CORRUPT_GEODATA":
            geodata = copy_geodata(tmp_path / "geo")
            with open(geodata / value, "r+b") as fh:
                fh.seek(200)
                fh.write(b"\x00\x01\x02")
        else:
            raise AssertionError(f"{case.name}/aanpassing.txt: onbekende sleutel {key!r} (zie bad_inputs/README.md)")
    return data, geodata


def duplicate_indicator(source: Path, target: Path, code: str) -> None:
    """Copy the catalogue with the block of ``code`` appended once more."""
    text = source.read_text(encoding="utf-8")
    block = re.search(rf"(  - code: {code}\n(?:    .*\n|\n)*)", text).group(1)
    target.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name, tmp_path, divisions, catalogue):
    case = CORPUS / name
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    data, geodata = prepare(case, tmp_path, divisions, catalogue)
    result = CliRunner().invoke(main, ["validate", "--data", str(data), "--geodata", str(geodata)])
    output = result.output
    if expected[0] == "OK":
        assert result.exit_code == 0, output
        expected = expected[1:]
    else:
        assert result.exit_code != 0, output
    for line in expected:
        assert line in output, f"expected {line!r} in:\n{output}"
    if expected and expected[0] != "OK" and result.exit_code:
        assert re.search(r"^\S+:\d+: |^\S+: ", output, re.M), "every problem names its file"


@pytest.mark.parametrize("name", [c for c in CASES if (CORPUS / c / "expected.txt").read_text().split("\n")[0] != "OK"])
def test_bad_input_leaves_site_untouched(name, tmp_path, divisions, catalogue):
    data, geodata = prepare(CORPUS / name, tmp_path, divisions, catalogue)
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<p>vorige site</p>")
    (site / "sub" / "data.csv").write_bytes(b"a,b\n1,2\n")
    before = tree_digest(site)
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--geodata", str(geodata), "--out", str(site)])
    assert result.exit_code != 0
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def prepare_import(case: Path, tmp_path: Path) -> Path:
    """Copy an import case; fill in the sha256 of each raw file where bronnen.yml says AUTO."""
    data = tmp_path / "data"
    shutil.copytree(case, data, ignore=shutil.ignore_patterns("expected.txt"))
    config = data / "bronnen.yml"
    text = config.read_text(encoding="utf-8")
    for name in re.findall(r"bestand: (.+)", text):
        digest = hashlib.sha256((data / "ruw" / name.strip()).read_bytes()).hexdigest()
        text = text.replace(f"bestand: {name}\n    sha256: AUTO", f"bestand: {name}\n    sha256: {digest}", 1)
    config.write_text(text, encoding="utf-8")
    return data


@pytest.mark.parametrize("name", IMPORT_CASES)
def test_bad_publisher_file(name, tmp_path):
    """Real-world mistakes in a publisher's file: path:line messages, and nothing is written."""
    case = CORPUS / name
    data = prepare_import(case, tmp_path)
    (data / "waarden").mkdir()
    (data / "waarden" / "vorige.csv").write_text("vorige tabellen\n")
    before = tree_digest(data)
    result = CliRunner().invoke(main, ["import", "--data", str(data), "--bronnen", str(data / "ruw"),
                                       "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code != 0, result.output
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in result.output, f"expected {line!r} in:\n{result.output}"
    assert "er is niets gebouwd" in result.output
    assert tree_digest(data) == before
