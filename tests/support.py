"""Helpers shared by the tests (fixtures live in conftest.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator import paths
from generator.catalogue import Catalogue
from generator.divisions import Divisions
from generator.geodata import load_sources
from generator.model import province_of

HEADER = "indicator,jaar,nis,groep,teller,noemer,waarde,status\n"


def base_clusters(divisions: Divisions, year: int = 2025) -> str:
    """Every gemeente of the edition year's division, clustered by province (a valid, boring clustering)."""
    names = divisions.as_of(year).current.names
    lines = [f"{nis},{province_of(nis)[:3].upper()},Cluster {province_of(nis)}" for nis in sorted(names)]
    return "nis,cluster,clusternaam\n" + "\n".join(lines) + "\n"


def write_edition(folder: Path, catalogue: Catalogue, year: int = 2025) -> None:
    codes = [i.code for i in catalogue if i.available]
    edition = {"jaar": year, "publicatiedatum": f"{year}-12-15", "demo": True, "indicatoren": codes}
    (folder / "editie.yml").write_text(yaml.safe_dump(edition, sort_keys=False), encoding="utf-8")


def make_data_dir(folder: Path, divisions: Divisions, catalogue: Catalogue, rows: dict[str, str] | None = None) -> Path:
    """A valid base data folder (clusters, edition) plus ``rows``: file name → CSV body (without header)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "editie.yml").exists():
        write_edition(folder, catalogue)
    if not (folder / "clusters.csv").exists():
        year = yaml.safe_load((folder / "editie.yml").read_text(encoding="utf-8"))["jaar"]
        (folder / "clusters.csv").write_text(base_clusters(divisions, year), encoding="utf-8")
    for name, body in (rows or {}).items():
        target = folder / "waarden" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HEADER + body, encoding="utf-8")
    return folder


def copy_geodata(target: Path) -> Path:
    for source in load_sources():
        dest = target / source.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.SHARED_GEODATA / source.path, dest)
    return target
