"""MkDocs hooks (``hooks:`` in mkdocs.yml): the navigation comes from the catalogue.

Nothing about indicators is repeated in mkdocs.yml. Only files that exist in
``docs_dir`` get a nav entry, so ``mkdocs serve`` works before a full build.
The 285 gemeente pages are deliberately not in the nav (the A–Z list is).
Indicator entries carry their code ("D1 Aantal en aandeel vreemdelingen"); the overview of
all indicators (``indicatoren/index.md``) is the first entry of the "Indicatoren" section, so
with material's ``navigation.indexes`` the tab leads to it.

Our own CSS and JavaScript reach the browser as one minified file each (``extra.bundles`` in
mkdocs.yml: bundle → its sources, in order), written into the docs folder's generated
``assets/gen/`` before mkdocs collects the files (only when the content changed, so ``mkdocs
serve`` does not loop). A plain file there, not a name with a content hash: an incremental
build (generator/incremental.py) copies a rewritten bundle but does not render unchanged
pages again, so the pages must go on naming the same file. The templates get
``material_bundle``: the path of material's own script, which ``templates/overrides/main.html``
loads after ours, and ``liim_page_scripts``: the bundles only some pages load (``extra.page_bundles``:
the finder's and the compare page's, which an indicator page does without).

Each page and the 404 page lose the indentation of material's templates (``on_post_page``,
generator/htmlmin.py): about 4 % gzip, 15 % raw, nothing a reader sees.

After the build, material's main stylesheet in the site is replaced by a purged copy: only the
rules whose classes, ids and elements some page of the site (or a script it runs) can have
(``on_post_build``, generator/csspurge.py): about 9 KB gzip instead of 23.
"""
from __future__ import annotations

import html
import logging
import posixpath
import re
import sys
from pathlib import Path

import rcssmin
import rjsmin

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by file path, not as a package
    sys.path.insert(0, str(ROOT))

from generator.htmlmin import collapse_whitespace, drop_cell_end_tags  # noqa: E402 - after the path above
from generator.verbatim import put_back, set_aside  # noqa: E402

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
    """Replace ``nav`` by the catalogue-driven navigation; make the CSS and JavaScript bundles."""
    docs_dir = Path(config["docs_dir"])
    config["nav"] = build_nav(docs_dir, _load_catalogue(config["extra"].get("catalogue")))
    # snippets live in the docs folder being built, wherever mkdocs runs from
    snippets = config["mdx_configs"].setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(docs_dir / ".snippets")]
    for bundle, content in make_bundles(config).items():
        _write_if_changed(docs_dir / bundle, content)
    return config


# --- bundles of our own CSS and JavaScript -------------------------------------------------

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S*\s*$", re.M)


def _rebase_css_urls(css: str, source: str, bundle: str) -> str:
    """Relative ``url()``s of ``source`` (a path in the site) rewritten for a file at ``bundle``."""
    def rebase(match: re.Match) -> str:
        quote, url = match.group(1), match.group(2).strip()
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", url, re.I):  # data:, http:, absolute, #fragment
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), url))
        return f"url({quote}{posixpath.relpath(target, posixpath.dirname(bundle))}{quote})"
    return _CSS_URL.sub(rebase, css)


def bundle_text(docs_dir: Path, bundle: str, sources: list[str]) -> str:
    """The sources of one bundle, joined in order and minified.

    CSS: minified by rcssmin, relative ``url()``s rebased to the bundle's folder. JavaScript:
    our own files minified by rjsmin; files that are minified already (``*.min.js``, vendored)
    stay as they are, licence comment included, without their ``sourceMappingURL`` line.
    """
    parts = []
    for source in sources:
        path = docs_dir / source
        if not path.is_file():
            raise FileNotFoundError(f"bundel {bundle}: bronbestand {source} ontbreekt in {docs_dir}")
        text = path.read_text(encoding="utf-8")
        if bundle.endswith(".css"):
            parts.append(rcssmin.cssmin(_rebase_css_urls(text, source, bundle)))
        elif source.endswith(".min.js"):
            parts.append(_SOURCE_MAP.sub("", text).strip())
        else:
            parts.append(rjsmin.jsmin(text).strip())
    # a script ends with ";" before the next (no automatic-semicolon surprises between files)
    return ("\n".join(parts) if bundle.endswith(".css") else ";\n".join(parts)) + "\n"


def make_bundles(config) -> dict[str, str]:
    """Every bundle of ``extra.bundles``: {path in the docs folder: content}."""
    docs_dir = Path(config["docs_dir"])
    return {bundle: bundle_text(docs_dir, bundle, list(sources))
            for bundle, sources in (config["extra"].get("bundles") or {}).items()}


def _write_if_changed(path: Path, content: str) -> None:
    data = content.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def material_bundle(config) -> str:
    """The path in the site of material's script (``assets/javascripts/bundle.<hash>.min.js``)."""
    for folder in config["theme"].dirs:
        found = sorted(Path(folder).glob("assets/javascripts/bundle.*.min.js"))
        if found:
            return found[0].relative_to(folder).as_posix()
    raise FileNotFoundError("material's bundle.*.min.js niet gevonden in de themamappen")


def on_env(env, config, files, **kwargs):
    """``material_bundle`` for main.html."""
    env.globals["material_bundle"] = material_bundle(config)
    return env


def page_scripts(url: str, html: str, page_bundles: dict) -> list[str]:
    """The bundles of ``extra.page_bundles`` that the page at ``url`` with content ``html`` loads:
    those with one of their markers in the HTML or one of their url prefixes."""
    return [bundle for bundle, when in (page_bundles or {}).items()
            if any(marker in html for marker in when.get("markers", ()))
            or any(url.startswith(prefix) for prefix in when.get("urls", ()))]


_SET_ASIDE: dict[str, list[str]] = {}  # page → its finished HTML blocks, between the two hooks below


def on_page_markdown(markdown, page, config, files, **kwargs):
    """The page's marked HTML blocks set aside: Python-Markdown need not parse them (verbatim.py)."""
    text, blocks = set_aside(markdown)
    _SET_ASIDE[page.file.src_uri] = blocks
    return text


def on_page_content(html, page, config, files, **kwargs):
    """The blocks set aside, back in the page's HTML before the search plugin reads it; not those the
    search leaves out (``on_page_context`` puts them back)."""
    return put_back(html, _SET_ASIDE.get(page.file.src_uri, []), only_searched=True)


def on_page_context(context, page, config, nav, **kwargs):
    """The blocks the search leaves out, back in the page (after the search plugin's on_page_context);
    ``liim_page_scripts`` for main.html: the page's own bundles (``page_scripts``)."""
    page.content = put_back(page.content or "", _SET_ASIDE.pop(page.file.src_uri, []))
    context["liim_page_scripts"] = page_scripts(page.url, page.content or "", config["extra"].get("page_bundles"))
    return context


def on_post_page(output, page, config, **kwargs):
    """Every page without the indentation of material's templates, and the indicator table without
    its optional end tags (generator/htmlmin.py)."""
    return drop_cell_end_tags(collapse_whitespace(output))


def on_post_template(output_content, template_name, config, **kwargs):
    """The static HTML templates (404.html) likewise."""
    return collapse_whitespace(output_content) if template_name.endswith(".html") else output_content


# --- material's stylesheet, purged -----------------------------------------------------------

def material_stylesheet(config) -> tuple[Path, str]:
    """Material's main stylesheet: (the theme's file, its path in the site)."""
    for folder in config["theme"].dirs:
        found = sorted(Path(folder).glob("assets/stylesheets/main.*.min.css"))
        if found:
            return found[0], found[0].relative_to(folder).as_posix()
    raise FileNotFoundError("material's main.*.min.css niet gevonden in de themamappen")


def on_post_build(config, **kwargs):
    """Material's main stylesheet, under the name its pages load, without the rules no page of
    the finished site can use (generator/csspurge.py): computed from the theme's own file and
    every page in ``site_dir``, so a dirty build (which renders only changed pages into a copy of
    the previous site and copies no theme file) writes the same bytes as a full one. Its source
    map no longer fits and goes."""
    from generator import csspurge
    site_dir = Path(config["site_dir"])
    source, rel = material_stylesheet(config)
    purged = csspurge.purge_css(source.read_text(encoding="utf-8"), csspurge.site_names(site_dir))
    _write_if_changed(site_dir / rel, purged)
    (site_dir / f"{rel}.map").unlink(missing_ok=True)

