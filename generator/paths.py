"""Every path the generator uses, in one place (after OWID etl's paths.py)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# inputs
DATA_DIR = ROOT / "data"
CATALOGUE = DATA_DIR / "indicatoren.yml"
CATALOGUE_SCHEMA = DATA_DIR / "indicatoren.schema.json"
GEODATA_DIR = ROOT / "geodata"
GEODATA_SOURCES = GEODATA_DIR / "bronnen.yml"
FUSIES = GEODATA_DIR / "fusies.csv"
GEODATA_CACHE = GEODATA_DIR / "cache"
SHARED_GEODATA = ROOT.parent / "shared" / "geodata"
GEODATA_ENV = "LIIM_GEODATA_DIR"
# raw publisher files (Statbel, Provincies in Cijfers) for `liim import`: never committed
IMPORT_SOURCES = DATA_DIR / "bronnen.yml"       # each raw file: address, sha256, licence, reader, mapping
SOURCES_MANIFEST = "waarden/bronnen.yml"        # written by `liim import` beside the canonical tables
REALDATA_CACHE = ROOT / ".cache" / "bronnen"    # downloads (git-ignored)
SHARED_REALDATA = ROOT.parent / "shared" / "realdata"
REALDATA_ENV = "LIIM_BRONNEN_DIR"

# rendering
TEMPLATES = ROOT / "templates"
SITE_SRC = ROOT / "site_src"
# generated (git-ignored) sub-folders of SITE_SRC, rewritten by every build
GENERATED_DIRS = ("indicatoren", "gemeenten", "themas", "archief", "downloads", "assets/gen", "vergelijk", "embed")
GENERATED_FILES = ("wat-is-nieuw.md",)
SNIPPETS = ".snippets"  # generated too: the pages include them (pymdownx.snippets)


def is_generated(rel: str) -> bool:
    """Whether the file ``rel`` of a docs folder (a path with /) is written by the build, not by hand."""
    return rel in GENERATED_FILES or any(rel == d or rel.startswith(d + "/") for d in GENERATED_DIRS + (SNIPPETS,))
MKDOCS_YML = ROOT / "mkdocs.yml"

# the synthetic demo (`make demo`): generated, never committed, never mixed with real figures
DEMO_DATA_DIR = ROOT / "build" / "demo-data"
DEMO_SITE = ROOT / "site-demo"

# outputs
SITE = ROOT / "site"

# relative paths inside the built site (shared by pages, maps and tests)
GEOMETRY_ASSET = "assets/gen/gemeenten.json"
MAP_SERIES_DIR = "assets/gen/kaarten"  # per indicator: the map figures of the groups not embedded in its page
DOWNLOADS = "downloads"
HARMONISED_CSV = "downloads/liim-data.csv"
