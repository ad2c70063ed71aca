"""MkDocs hooks (``hooks:`` in mkdocs.yml): the navigation comes from the catalogue.

Nothing about indicators is repeated in mkdocs.yml. Only files that exist in
``docs_dir`` get a nav entry, so ``mkdocs serve`` works before a full build.
The 285 gemeente pages are deliberately not in the nav (the A–Z list is).
Indicator entries carry their code ("D1 Aantal en aandeel vreemdelingen"); the overview of
all indicators (``indicatoren/index.md``) is the first entry of the "Indicatoren" section, so
with material's ``navigation.indexes`` the tab leads to it.
"""
from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by file path, not as a package
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.plugins.liim")

OVERVIEW = "indicatoren/index.md"
FIXED_AFTER = (  # (title, file) after "Indicatoren", in this order
    ("Gemeenten", "gemeenten/index.md"),
    ("Vergelijken", "vergelijk/index.md"),
    ("Methodologie", "methodologie.md"),
    ("Downloads", "downloads.md"),
    ("Wat is nieuw", "wat-is-nieuw.md"),
    ("Archief", "archief/index.md"),
    ("Toegankelijkheid", "toegankelijkheid.md"),
)


def _load_catalogue(path: str | None):
    """The catalogue the build used (``extra.catalogue``, set by ``liim build``), else the default
    ``data/indicatoren.yml`` (plain ``mkdocs serve``); ``None`` while neither is there yet."""
    try:
        from generator import catalogue, paths
    except ImportError as error:
        log.info("liim: catalogus-module niet beschikbaar (%s): navigatie uit bestanden", error)
        return None
    source = Path(path) if path else Path(paths.CATALOGUE)
    if not source.exists():
        log.info("liim: %s ontbreekt: navigatie uit bestanden", source)
        return None
    return catalogue.load_catalogue(source)


def _theme_sections(cat, exists) -> list[dict]:
    """One section per theme: overview first, then each indicator page."""
    sections = []
    for theme in cat.themes:
        page = f"themas/{theme.code}.md"  # theme codes are slugs (schema)
        entries: list = [{"Overzicht": page}] if exists(page) else []
        for indicator in cat.by_theme(theme.code):
            page = f"indicatoren/{indicator.slug}.md"
            if exists(page):
                title = f"{indicator.code} {indicator.naam}"
                entries.append({html.escape(title): page})  # the theme does not escape nav titles
        if entries:
            sections.append({html.escape(theme.naam): entries})
    return sections


def _sections_from_files(docs_dir: Path) -> list[dict]:
    """Fallback without a catalogue: theme pages, then indicator pages, A–Z."""
    themes = sorted(p.relative_to(docs_dir).as_posix() for p in (docs_dir / "themas").glob("*.md"))
    indicators = sorted(p.relative_to(docs_dir).as_posix()
                        for p in (docs_dir / "indicatoren").glob("*.md") if p.name != "index.md")
    return ([{"Thema's": themes}] if themes else []) + (
        [{"Alle indicatoren": indicators}] if indicators else [])


def build_nav(docs_dir: Path, cat) -> list:
    """The full navigation for ``docs_dir`` (catalogue order when ``cat`` is given)."""
    def exists(rel: str) -> bool:
        return (docs_dir / rel).is_file()

    nav: list = [{"Home": "index.md"}] if exists("index.md") else []
    sections = _theme_sections(cat, exists) if cat is not None else _sections_from_files(docs_dir)
    overview: list = [OVERVIEW] if exists(OVERVIEW) else []  # navigation.indexes: the section's page
    if sections or overview:
        nav.append({"Indicatoren": overview + sections})
    nav.extend({title: page} for title, page in FIXED_AFTER if exists(page))
    return nav


def on_config(config, **kwargs):
    """Replace ``nav`` by the catalogue-driven navigation."""
    docs_dir = Path(config["docs_dir"])
    config["nav"] = build_nav(docs_dir, _load_catalogue(config["extra"].get("catalogue")))
    # snippets live in the docs folder being built, wherever mkdocs runs from
    snippets = config["mdx_configs"].setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(docs_dir / ".snippets")]
    return config
