"""The gemeente finder: tolerant matching (Python and its JavaScript mirror agree), the
snippet, the merger notices and the redirect pages that carry the old code."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from generator import finder, paths
from generator.finder import finder_entries, finder_html, match, normalise, notices, suggestions
from generator.formatting import date_text
from generator.model import Gemeente

ZOEKER_JS = paths.ROOT / "site_src" / "assets" / "liim-zoeker.js"

ANTWERPEN = Gemeente("11002", "Antwerpen", "antwerpen", "Antwerpen", "C", "Centrumsteden",
                     (("11007", "Borsbeek", "2025-01-01"),))
GEMEENTEN = {
    "11002": ANTWERPEN,
    "46021": Gemeente("46021", "Sint-Niklaas", "sint-niklaas", "Oost-Vlaanderen", "C", "Centrumsteden"),
    "23106": Gemeente("23106", "Pajottegem", "pajottegem", "Vlaams-Brabant", "K4", "K4",
                      (("23023", "Galmaarden", "2025-01-01"), ("23024", "Gooik", "2025-01-01"),
                       ("23032", "Herne", "2025-01-01"))),
    "44088": Gemeente("44088", "Lochristi", "lochristi", "Oost-Vlaanderen", "K3", "K3",
                      (("44034", "Lochristi", "2025-01-01"), ("44073", "Wachtebeke", "2025-01-01"))),
    "46025": Gemeente("46025", "Beveren-Kruibeke-Zwijndrecht", "beveren-kruibeke-zwijndrecht", "Oost-Vlaanderen",
                      "K4", "K4", (("46003", "Beveren", "2025-01-01"), ("46013", "Kruibeke", "2025-01-01"),
                                   ("11056", "Zwijndrecht", "2025-01-01"))),
    "41002": Gemeente("41002", "Aalst", "aalst", "Oost-Vlaanderen", "C", "Centrumsteden"),
    "44021": Gemeente("44021", "Gent", "gent", "Oost-Vlaanderen", "C", "Centrumsteden"),
    "34042": Gemeente("34042", "Anzegem", "anzegem", "West-Vlaanderen", "K2", "K2"),
    "71022": Gemeente("71022", "Hasselt", "hasselt", "Limburg", "C", "Centrumsteden"),
    "23077": Gemeente("23077", "Sint-Pieters-Leeuw", "sint-pieters-leeuw", "Vlaams-Brabant", "K4", "K4"),
    "71053": Gemeente("71053", "Sint-Truiden", "sint-truiden", "Limburg", "C", "Centrumsteden"),
    "45068": Gemeente("45068", "Kruisem", "kruisem", "Oost-Vlaanderen", "K2", "K2"),
}
NAMES = [e["n"] for e in finder_entries(GEMEENTEN)]

NORMALISED = [
    ("Sint-Niklaas", "sint niklaas"), ("Sint Niklaas", "sint niklaas"), ("  SINT--niklaas ", "sint niklaas"),
    ("St.-Niklaas", "sint niklaas"), ("Sint-Truiden", "sint truiden"), ("Ésch", "esch"), ("Bévercé", "beverce"),
    ("Beveren-Kruibeke-Zwijndrecht", "beveren kruibeke zwijndrecht"), ("'s Gravenwezel", "s gravenwezel"),
    ("", ""), ("—", ""),
]

SUGGESTED = [  # query, the first suggestions in this order (a prefix of the full answer)
    ("Antwrpen", ["Antwerpen"]),                       # a letter missing
    ("Antwerpne", ["Antwerpen"]),                      # two letters swapped
    ("antwerpen", ["Antwerpen"]),
    ("ANTWERPEN", ["Antwerpen"]),
    ("Sint Niklaas", ["Sint-Niklaas"]),                # space for hyphen
    ("sintniklaas", ["Sint-Niklaas"]),
    ("St-Niklaas", ["Sint-Niklaas"]),
    ("Niklaas", ["Sint-Niklaas"]),                     # a later word
    ("Antw", ["Antwerpen"]),                           # a prefix
    ("an", ["Antwerpen", "Anzegem"]),                  # short prefixes: alphabetical
    ("Borsbeek", ["Borsbeek"]),                        # an old name is found as itself
    ("Borsbek", ["Borsbeek"]),
    ("Gooik", ["Gooik"]),
    ("Kruibeke", ["Kruibeke", "Beveren-Kruibeke-Zwijndrecht"]),  # exact old name before a later word
    ("Beveren", ["Beveren", "Beveren-Kruibeke-Zwijndrecht"]),
    ("sint", ["Sint-Niklaas", "Sint-Pieters-Leeuw", "Sint-Truiden"]),
    ("Hasselt", ["Hasselt"]),
    ("hasslet", ["Hasselt"]),
    ("Lochristi", ["Lochristi"]),
    ("Atlantis", []),
    ("x", []),
    ("", []),
    ("   ", []),
]


@pytest.mark.parametrize("name, expected", NORMALISED)
def test_normalise(name, expected):
    assert normalise(name) == expected


@pytest.mark.parametrize("query, expected", SUGGESTED)
def test_suggestions(query, expected):
    found = suggestions(query, NAMES)
    assert found[:len(expected)] == expected
    if not expected:
        assert found == []


def test_typo_matches_only_when_nothing_else_matches():
    assert suggestions("Antw", NAMES) == ["Antwerpen"]  # no "Anzegem" for a typo of "Antw"
    assert match("gent", "gent") == (0, 0) and match("gen", "gent") == (1, 0)
    assert match("niklaas", "sint niklaas") == (2, 0) and match("iklaa", "sint niklaas") == (3, 0)
    assert match("antwrpen", "antwerpen") == (4, 1) and match("ab", "aalst") is None


def test_limit_and_no_limit():
    assert len(suggestions("a", [f"A{i}" for i in range(20)])) == finder.LIMIT
    assert len(suggestions("a", [f"A{i}" for i in range(20)], 0)) == 20
    assert suggestions("a", ["Aalst", "Aalst"], None) == ["Aalst"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_agrees_with_python():
    queries = [q for q, _ in SUGGESTED] + ["Sint-Pieter", "pajot", "Wachtebke", "zwijn", "leeuw", "ée", "st truiden"]
    names = NAMES + ["Herk-de-Stad", "Kortrijk", "Lo-Reninge", "Scherpenheuvel-Zichem", "Ésch"]
    script = (f"const Z=require({json.dumps(str(ZOEKER_JS))});"
              f"const q={json.dumps(queries)}, names={json.dumps(names)}, raw={json.dumps([n for n, _ in NORMALISED])};"
              "console.log(JSON.stringify({norm: raw.map(Z.normalise), "
              "sugg: q.map(x => Z.suggestions(x, names)), all: q.map(x => Z.suggestions(x, names, 0))}));")
    out = json.loads(subprocess.run([shutil.which("node") or "node", "-e", script], capture_output=True, text=True,
                                    check=True).stdout)
    assert out["norm"] == [normalise(n) for n, _ in NORMALISED]
    assert out["sugg"] == [suggestions(x, names) for x in queries]
    assert out["all"] == [suggestions(x, names, 0) for x in queries]


# --- notices and the snippet ----------------------------------------------------------------

@pytest.mark.parametrize("iso, words", [("2025-01-01", "1 januari 2025"), ("2019-01-01", "1 januari 2019"),
                                        ("2031-12-31", "31 december 2031")])
def test_dutch_date(iso, words):
    assert date_text(iso) == words


def test_notices_name_the_old_and_the_new_gemeente():
    found = notices(GEMEENTEN)
    assert found["11007"] == {"s": "antwerpen", "m": "Borsbeek is sinds 1 januari 2025 deel van Antwerpen."}
    assert found["23024"]["m"] == "Gooik is sinds 1 januari 2025 deel van Pajottegem."
    assert found["44034"]["m"] == ("De vroegere gemeente Lochristi is sinds 1 januari 2025 deel van de nieuwe "
                                   "gemeente Lochristi.")


def test_write_notices(tmp_path):
    target = finder.write_notices(GEMEENTEN, tmp_path)
    assert target == tmp_path / "assets" / "gen" / "gemeentenamen.json"
    assert json.loads(target.read_text(encoding="utf-8"))["11007"]["s"] == "antwerpen"


def test_entries_current_names_win_and_old_names_know_their_gemeente():
    entries = {e["n"]: e for e in finder_entries(GEMEENTEN)}
    assert entries["Lochristi"] == {"n": "Lochristi", "s": "lochristi"}
    assert entries["Borsbeek"]["s"] == "antwerpen" and entries["Borsbeek"]["v"] == "11007"
    assert entries["Borsbeek"]["nu"] == "Antwerpen" and "1 januari 2025" in entries["Borsbeek"]["m"]


def test_snippet_is_an_accessible_form_that_works_without_javascript():
    snippet = finder_html(GEMEENTEN)
    assert '<label for="liim-zoeker-invoer">Zoek een gemeente' in snippet
    assert '<input id="liim-zoeker-invoer" name="gemeente"' in snippet
    assert 'action="gemeenten/" method="get"' in snippet  # without JS: the A–Z list
    assert 'aria-live="polite"' in snippet and '<button type="submit"' in snippet
    assert '<noscript>' in snippet and 'href="gemeenten/"' in snippet
    data = re.search(r'data-namen="([^"]*)"', snippet)
    assert data and {"n": "Borsbeek", "s": "antwerpen", "v": "11007", "nu": "Antwerpen",
                     "m": "Borsbeek is sinds 1 januari 2025 deel van Antwerpen."} in json.loads(html.unescape(data.group(1)))


def test_snippet_escapes_hostile_names():
    hostile = Gemeente("99999", 'Evil"<script>&', "evil", "Antwerpen", "C", "C", (("99998", "O'Neil", "2025-01-01"),))
    snippet = finder_html({"99999": hostile})
    assert "<script>" not in snippet and '"<' not in snippet
    data = json.loads(html.unescape(re.search(r'data-namen="([^"]*)"', snippet).group(1)))
    assert {e["n"] for e in data} == {'Evil"<script>&', "O'Neil"}


# --- the redirect pages --------------------------------------------------------------------

def test_redirect_of_an_old_name_carries_its_code(tmp_path):
    from generator.pages import render_html
    text = render_html("redirect.html.j2", tmp_path / "r.html", g=ANTWERPEN,
                       old=("11007", "Borsbeek", "2025-01-01")).read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert 'content="0; url=../antwerpen/?van=11007"' in text and 'href="../antwerpen/?van=11007"' in text
    assert 'rel="canonical" href="../antwerpen/"' in text
    assert "Borsbeek (NIS-code 11007) is op 1 januari 2025 samengevoegd tot Antwerpen." in text


def test_redirect_of_a_current_code_has_no_notice(tmp_path):
    from generator.pages import render_html
    text = render_html("redirect.html.j2", tmp_path / "r.html", g=ANTWERPEN, old=None).read_text(encoding="utf-8")
    assert 'url=../antwerpen/"' in text and "van=" not in text and "samengevoegd" not in text
