"""The text of every built page, as a reader sees it: no escape shows as text, dates are written
in words, plurals are natural, and the home page has one title. Both editions are checked."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sitebuild import built_site, real_site

pytestmark = pytest.mark.site

HIDDEN = re.compile(r"<(script|style|svg|textarea|code|pre)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
# What a reader would see if text were escaped twice or escaped for Markdown inside HTML
VISIBLE_ESCAPE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|\\[#_*\[\]`|<>&']")
ISO_DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")
CLUMSY_PLURAL = re.compile(r"\w\((?:en|s|n)\)|\bjaar \(jaren\)")


def visible_text(page: Path) -> str:
    """The page's text without tags, scripts, styles, SVG, code and form fields, unescaped once."""
    source = page.read_text(encoding="utf-8")
    body = source.split("<body", 1)[-1]
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", body)))


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "/assets/" not in p.as_posix())


@pytest.fixture(scope="module", params=["demo", "open data"])
def site(request) -> Path:
    return built_site() if request.param == "demo" else real_site()


def offenders(site: Path, pattern: re.Pattern) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in pages(site):
        hits = sorted(set(pattern.findall(visible_text(page))))
        if hits:
            found[page.relative_to(site).as_posix()] = hits[:5]
    return found


def test_no_escape_is_visible_on_any_page(site):
    found = offenders(site, VISIBLE_ESCAPE)
    assert not found, f"{len(found)} pagina's tonen escapes als tekst, bv. {dict(list(found.items())[:5])}"


def test_dates_in_prose_are_written_in_words(site):
    found = offenders(site, ISO_DATE)
    assert not found, f"{len(found)} pagina's met een ISO-datum in de tekst, bv. {dict(list(found.items())[:5])}"


def test_natural_plurals(site):
    found = offenders(site, CLUMSY_PLURAL)
    assert not found, f"'(en)'/'(s)'-meervouden: {dict(list(found.items())[:5])}"


def test_the_home_page_has_one_title(site):
    source = (site / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", source, re.S).group(1)
    assert title.count("Lokale Inburgerings- en Integratiemonitor") == 1, title
    assert len(re.findall(r"<h1\b", source)) == 1


def test_the_404_page_is_dutch(site):
    text = visible_text(site / "404.html")
    assert "Pagina niet gevonden" in text and "Not found" not in text


def test_checker_sees_what_a_reader_sees(tmp_path):
    """The checks can fail: a double escape, a Markdown backslash and an ISO date are found."""
    page = tmp_path / "p.html"
    page.write_text("<body><p>&amp;#x27;Second best&amp;#x27; TF\\_SOC 2025-01-01 indicator(en)</p>"
                    "<script>var a = '&amp;#x27; 2025-01-01';</script></body>", encoding="utf-8")
    text = visible_text(page)
    assert VISIBLE_ESCAPE.findall(text) == ["&#x27;", "&#x27;", "\\_"]
    assert ISO_DATE.findall(text) == ["2025-01-01"] and CLUMSY_PLURAL.findall(text)
