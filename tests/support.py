"""Helpers shared by the tests (fixtures live in conftest.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator import paths
from generator.catalogue import Catalogue, load_catalogue
from generator.divisions import Divisions
from generator.geodata import load_sources
from generator.provinces import province_of

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


def edition_pair(root: Path, divisions: Divisions, catalogue: Catalogue, old_rows: str,
                 new_rows: str) -> tuple[Path, Path]:
    """Data folders of edition 2024 and 2025 under ``root``, each with its own ``d1.csv`` body."""
    old, new = root / "editie2024", root / "editie2025"
    old.mkdir(parents=True)
    write_edition(old, catalogue, 2024)
    make_data_dir(old, divisions, catalogue, {"d1.csv": old_rows})
    make_data_dir(new, divisions, catalogue, {"d1.csv": new_rows})
    return old, new


def copy_geodata(target: Path) -> Path:
    for source in load_sources():
        dest = target / source.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.SHARED_GEODATA / source.path, dest)
    return target


# The real catalogue has no `waarde` indicator any more (W1 became the average income per tax return, a
# ratio), yet the generator still supports medians for suppliers who deliver them. Tests of that support
# give their data folder its own catalogue (load_inputs, `liim validate`/`build` and the Swing reader
# prefer DATA_DIR/indicatoren.yml) in which W1 is the median fiscal income.
MEDIAN_CODE = "W1"
MEDIAN_W1 = {
    "naam": "Mediaan fiscaal inkomen",
    "soort": "waarde",
    "eenheid": "euro",
    "schaal": 1,
    "decimalen": 0,
    "indeling": "totaal",
    "definitie": ("Het mediane netto belastbaar inkomen per aangifte in de personenbelasting van de inwoners "
                  "van de gemeente: de helft van de aangiften ligt lager, de helft hoger. Een mediaan kan niet "
                  "opgeteld worden over gemeenten heen (alleen voor de tests)."),
}
NATIONALITEIT_D1 = {
    "indeling": "nationaliteit",
    "groepsnoemer": "groep",
    "teller": "Inwoners met een vreemde nationaliteit op 1 januari; per groep die van de nationaliteitsgroep",
}


def write_catalogue_with_median(folder: Path, d1_nationaliteit: bool = False) -> Path:
    """Write ``folder/indicatoren.yml``: the real catalogue with W1 as a median (soort waarde, euro, without
    teller and noemer) and, with ``d1_nationaliteit``, D1 split by nationality group (totaal, eu14, eu-nieuw,
    buiten-eu), each group with its own noemer. The copy is loaded once, so an invalid copy fails here."""
    data = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))
    by_code = {item["code"]: item for item in data["indicatoren"]}
    w1 = by_code[MEDIAN_CODE]
    for key in ("teller", "noemer", "groepsnoemer", "meetjaren"):
        w1.pop(key, None)
    w1.update(MEDIAN_W1)
    if d1_nationaliteit:
        assert "nationaliteit" in data["indelingen"], "indeling 'nationaliteit' ontbreekt in de catalogus"
        by_code["D1"].update(NATIONALITEIT_D1)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "indicatoren.yml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    own = load_catalogue(target)  # schema and rules of generator/catalogue.py
    assert own.get(MEDIAN_CODE).soort == "waarde" and not own.get(MEDIAN_CODE).teller
    if d1_nationaliteit:
        assert own.get("D1").group_codes == ("totaal", "eu14", "eu-nieuw", "buiten-eu")
    return target


def pdf_text(source: Path | bytes) -> str:
    """The text of every page of a PDF, pages joined by a newline.

    PDFium (pypdfium2) reads our reports about 14 times faster than pypdf and finds the same
    figures; its line ends are ``\\r\\n``, made ``\\n`` here."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(source)
    try:
        pages = [document[i].get_textpage().get_text_bounded() for i in range(len(document))]
    finally:
        document.close()
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
