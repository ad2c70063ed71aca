"""Tests for the indicator catalogue: the real data/indicatoren.yml and the validator."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run without install / conftest

from generator import paths  # noqa: E402
from generator.catalogue import Catalogue, load_catalogue  # noqa: E402
from generator.errors import CatalogueError, Problem  # noqa: E402

SEEDS = paths.ROOT.parent / "shared" / "seeds"
THEME_ORDER = ("demografie", "inburgering", "tewerkstelling", "onderwijs",
               "huisvesting", "welzijn", "participatie")
THEME_BY_LETTER = dict(zip("DITOHWP", THEME_ORDER))
CODE_LINE = re.compile(r"^[DITOHWP][0-9]$")


# ------------------------------------------------------------------ the seed


def parse_seed() -> dict[str, tuple[str, bool]]:
    """Code → (name, marked X for 2011), in table order, from the seed text."""
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        if not any(line.strip() == "Naam Indicator" for line in lines):
            continue
        start = next(i for i, line in enumerate(lines) if line.strip() == "Nummer")
        tokens = [line.strip() for line in lines[start:] if line.strip()]
        return {tok: (tokens[i + 1], tokens[i + 2] == "X")
                for i, tok in enumerate(tokens) if CODE_LINE.match(tok)}
    raise AssertionError(f"no seed with the indicator table in {SEEDS}")


@pytest.fixture(scope="module")
def seed() -> dict[str, tuple[str, bool]]:
    table = parse_seed()
    assert len(table) == 34, table
    return table


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


# ---------------------------------------------------------- real catalogue


def test_codes_match_seed_in_order(catalogue: Catalogue, seed: dict[str, tuple[str, bool]]) -> None:
    assert [ind.code for ind in catalogue] == list(seed)
    assert len(catalogue.indicators) == 34


def test_names_match_seed(catalogue: Catalogue, seed: dict[str, tuple[str, bool]]) -> None:
    assert {ind.code: ind.naam for ind in catalogue} == {code: name for code, (name, _) in seed.items()}


def test_first_edition_matches_seed_x(catalogue: Catalogue, seed: dict[str, tuple[str, bool]]) -> None:
    x_set = {code for code, (_, marked) in seed.items() if marked}
    assert len(x_set) == 22
    assert {ind.code for ind in catalogue if ind.eerste_editie == 2011} == x_set
    later = {ind.code: ind.eerste_editie for ind in catalogue if ind.code not in x_set}
    assert later == {code: None for code in later} | {"T1": 2013, "T2": 2013, "W1": 2014}
    assert sum(not ind.available for ind in catalogue) == 9


def test_themes_in_order_and_grouping(catalogue: Catalogue) -> None:
    assert tuple(theme.code for theme in catalogue.themes) == THEME_ORDER
    assert catalogue.theme("welzijn").naam == "Welzijn en armoede"
    for ind in catalogue:
        assert ind.thema == THEME_BY_LETTER[ind.code[0]], ind.code
    grouped = [ind.code for theme in THEME_ORDER for ind in catalogue.by_theme(theme)]
    assert grouped == [ind.code for ind in catalogue]


def test_real_file_validates_against_schema() -> None:
    schema = json.loads(paths.CATALOGUE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_soort_eenheid_schaal_consistent(catalogue: Catalogue) -> None:
    scale = {"%": 100, "‰": 1000, "aantal": 1, "euro": 1}
    for ind in catalogue:
        assert ind.schaal == scale[ind.eenheid], ind.code
        assert ind.group_codes[0] == "totaal", ind.code
        assert ind.definitie and ind.doelgroep and ind.bron, ind.code
        if ind.soort == "ratio":  # a share (% or ‰) or an average (euro per unit of the noemer)
            assert (ind.is_percentage or ind.eenheid == "euro") and ind.teller and ind.noemer, ind.code
        if ind.soort == "aantal":
            assert ind.eenheid == "aantal" and ind.teller and not ind.noemer, ind.code
    # every published figure can be summed over gemeenten: no medians (waarde) in the real catalogue
    assert [ind.code for ind in catalogue if ind.soort == "waarde"] == []
    assert [ind.code for ind in catalogue if ind.eenheid == "euro"] == ["W1"]
    w1 = catalogue.get("W1")
    assert (w1.soort, w1.eenheid, w1.schaal, w1.decimalen, w1.indeling) == ("ratio", "euro", 1, 0, "totaal")


def test_groups_and_years_follow_the_sources(catalogue: Catalogue) -> None:
    """The groups each source publishes per gemeente, and the years in which a figure exists."""
    assert catalogue.get("D1").group_codes == ("totaal",)
    assert catalogue.get("D2").indeling == "herkomst-statbel"
    assert catalogue.get("D2").group_codes == ("totaal", "belgisch", "buurland", "eu", "niet-eu")
    assert (catalogue.get("I1").indeling, catalogue.get("I1").group_codes) == ("nieuwkomers", ("totaal", "niet-eu"))
    assert catalogue.get("T3").indeling == "wzw-herkomst"
    assert {ind.code: ind.groepsnoemer for ind in catalogue if ind.groepsnoemer != "groep"} == {"D2": "totaal",
                                                                                               "T3": "totaal"}
    assert {ind.code: ind.meetjaren for ind in catalogue if ind.meetjaren} == {"P1": (2012, 2018, 2024)}
    assert all(ind.indeling != "herkomstregio" for ind in catalogue)
    indelingen = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))["indelingen"]
    assert "herkomstregio" not in indelingen
    for code in ("D1", "D2", "I1", "T3", "W1"):
        assert catalogue.get(code).licentie, code


def test_no_figures_in_texts() -> None:
    """Definitions may mention ages and thresholds, but no percentages or results."""
    text = paths.CATALOGUE.read_text(encoding="utf-8")
    found = re.search(r"\d+(,\d+)?\s*(%|procent|‰)", text)
    assert not found, f"regel {text.count(chr(10), 0, found.start()) + 1}: {found.group()!r}"


def test_catalogue_api(catalogue: Catalogue) -> None:
    d1 = catalogue.get("D1")
    assert (d1.slug, d1.available, d1.is_percentage, d1.line) == ("d1", True, True, _line_of(
        paths.CATALOGUE.read_text(encoding="utf-8"), "- code: D1"))
    assert d1.group_codes[0] == "totaal" and d1.indeling_naam
    assert "D1" in catalogue and "X9" not in catalogue
    assert not catalogue.get("D4").available and not catalogue.get("W1").is_percentage
    assert [ind.code for ind in catalogue.by_theme("huisvesting")] == ["H1", "H2"]
    with pytest.raises(KeyError):
        catalogue.get("X9")
    with pytest.raises(KeyError):
        catalogue.theme("cultuur")
    with pytest.raises(KeyError):
        catalogue.by_theme("cultuur")


# -------------------------------------------------------- broken catalogues

VALID = """\
themas:
  - code: demografie
    naam: Demografie
    omschrijving: Bevolking.
  - code: welzijn
    naam: Welzijn en armoede
    omschrijving: Welzijn.
indelingen:
  totaal:
    naam: Geen opsplitsing
    groepen:
      totaal: Totaal
  herkomst:
    naam: Herkomst
    groepen:
      totaal: Totaal
      belgisch: Belgische herkomst
      vreemd: Vreemde herkomst
indicatoren:
  - code: D1
    naam: Aantal en aandeel vreemdelingen
    thema: demografie
    soort: ratio
    eenheid: "%"
    schaal: 100
    decimalen: 1
    indeling: herkomst
    richting: neutraal
    bron: Statbel
    teller: Vreemdelingen
    noemer: Inwoners
    definitie: Aandeel.
    doelgroep: Nationaliteit.
    eerste_editie: 2011
  - code: W1
    naam: Fiscaal inkomen
    thema: welzijn
    soort: waarde
    eenheid: euro
    schaal: 1
    decimalen: 0
    indeling: totaal
    richting: hoger-beter
    bron: Statbel
    definitie: Mediaan.
    doelgroep: Alle inwoners.
    eerste_editie: 2014
"""


def _line_of(text: str, marker: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``marker``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(hits) >= occurrence, marker
    return hits[occurrence - 1]


def _sub(old: str, new: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return mutate


# id, mutation, expected (message fragment, marker of the expected line, occurrence)
BROKEN: list[tuple[str, Callable[[str], str], list[tuple[str, str, int]]]] = [
    ("unknown-key", _sub("    bron: Statbel\n", "    bron: Statbel\n    kleur: rood\n"),
     [("indicator D1: onbekend veld 'kleur'", "kleur: rood", 1)]),
    ("missing-field", _sub("    richting: hoger-beter\n", ""),
     [("indicator W1: verplicht veld 'richting' ontbreekt", "- code: W1", 1)]),
    ("duplicate-code", _sub("code: W1", "code: D1"),
     [("indicator D1: code 'D1' komt twee keer voor (regels 20 en 35)", "- code: D1", 2)]),
    ("unknown-thema", _sub("thema: welzijn", "thema: armoede"),
     [("indicator W1: onbekend thema 'armoede'", "thema: armoede", 1)]),
    ("unknown-indeling", _sub("indeling: totaal", "indeling: leeftijd"),
     [("indicator W1: onbekende indeling 'leeftijd'", "indeling: leeftijd", 1)]),
    ("bad-enum", _sub("soort: ratio", "soort: verhouding"),
     [("indicator D1: ongeldige waarde 'verhouding' voor 'soort'", "soort: verhouding", 1)]),
    ("bad-type", _sub("decimalen: 0", "decimalen: nul"),
     [("indicator W1: 'decimalen' heeft het verkeerde type", "decimalen: nul", 1)]),
    ("bad-code", _sub("code: W1", "code: w1"),
     [("ongeldige code 'w1'", "code: w1", 1)]),
    ("yaml-syntax", _sub("    bron: Statbel\n    definitie", "    bron: Statbel: FOD\n    definitie"),
     [("YAML-syntaxfout", "Statbel: FOD", 1)]),
    ("duplicate-yaml-key", _sub("    bron: Statbel\n    definitie: Mediaan.",
                                "    bron: Statbel\n    bron: FOD Financiën\n    definitie: Mediaan."),
     [("indicator W1: sleutel 'bron' komt twee keer voor (regels 44 en 45)", "bron: FOD Financiën", 1)]),
    ("totaal-not-first", _sub("      totaal: Totaal\n      belgisch: Belgische herkomst\n",
                              "      belgisch: Belgische herkomst\n      totaal: Totaal\n"),
     [("indeling 'herkomst': de eerste groep moet 'totaal' zijn", "belgisch: Belgische", 1)]),
    ("ratio-without-noemer", _sub("    noemer: Inwoners\n", ""),
     [("indicator D1: een ratio heeft een 'noemer'-tekst nodig", "- code: D1", 1)]),
    ("waarde-with-noemer", _sub("    definitie: Mediaan.", "    noemer: Aangiften\n    definitie: Mediaan."),
     [("indicator W1: een waarde heeft geen noemer", "noemer: Aangiften", 1)]),
    ("schaal-vs-eenheid", _sub("schaal: 100", "schaal: 1000"),
     [("indicator D1: schaal 1000 past niet bij eenheid '%'", "schaal: 1000", 1)]),
    ("ratio-in-aantal", _sub('eenheid: "%"\n    schaal: 100\n    decimalen: 1', "eenheid: aantal\n    schaal: 1\n    decimalen: 0"),
     [("indicator D1: een ratio heeft eenheid %, ‰ of euro (een gemiddelde), niet 'aantal'", "eenheid: aantal", 1)]),
    ("bad-groepsnoemer", _sub("    indeling: herkomst\n", "    indeling: herkomst\n    groepsnoemer: alle\n"),
     [("indicator D1: ongeldige waarde 'alle' voor 'groepsnoemer'", "groepsnoemer: alle", 1)]),
    ("unknown-referentiegroep", _sub("    naam: Herkomst\n", "    naam: Herkomst\n    referentiegroep: vlaams\n"),
     [("indeling 'herkomst': referentiegroep 'vlaams' is geen groep", "referentiegroep: vlaams", 1)]),
    ("totaal-as-referentiegroep", _sub("    naam: Herkomst\n", "    naam: Herkomst\n    referentiegroep: totaal\n"),
     [("indeling 'herkomst': referentiegroep 'totaal' is geen groep", "referentiegroep: totaal", 1)]),
    ("wilson-for-a-median", _sub("    soort: waarde\n", "    soort: waarde\n    interval: wilson\n"),
     [("indicator W1: Wilson geldt alleen voor aandelen", "interval: wilson", 1)]),
    ("poisson-for-a-median", _sub("    soort: waarde\n", "    soort: waarde\n    interval: poisson\n"),
     [("indicator W1: het Poisson-interval geldt niet voor een waarde", "interval: poisson", 1)]),
    ("bad-klein-aantal", _sub("    indeling: herkomst\n", "    indeling: herkomst\n    klein_aantal: 0\n"),
     [("indicator D1: 'klein_aantal' = 0 ligt buiten het toegelaten bereik", "klein_aantal: 0", 1)]),
    ("three-problems", lambda text: _sub("thema: welzijn", "thema: armoede")(
        _sub("richting: neutraal", "richting: omhoog")(
            _sub("    bron: Statbel\n", "    bron: Statbel\n    kleur: rood\n")(text))),
     [("indicator D1: onbekend veld 'kleur'", "kleur: rood", 1),
      ("indicator D1: ongeldige waarde 'omhoog' voor 'richting'", "richting: omhoog", 1),
      ("indicator W1: onbekend thema 'armoede'", "thema: armoede", 1)]),
]


def test_valid_template_loads(tmp_path: Path) -> None:
    path = tmp_path / "indicatoren.yml"
    path.write_text(VALID, encoding="utf-8")
    catalogue = load_catalogue(path)
    assert [ind.code for ind in catalogue] == ["D1", "W1"]
    assert catalogue.get("W1").teller == catalogue.get("W1").noemer == ""
    assert catalogue.get("D1").group_codes == ("totaal", "belgisch", "vreemd")


def test_ratio_in_euro_is_an_average(tmp_path: Path) -> None:
    """A ratio may be in euro (a sum of euros over a count); the new optional fields load."""
    text = _sub("    soort: waarde\n", "    soort: ratio\n")(_sub(
        "    definitie: Mediaan.", "    teller: Netto belastbaar inkomen\n    noemer: Aangiften\n    definitie: Gemiddelde.")(
        _sub("    indeling: herkomst\n", "    indeling: herkomst\n    groepsnoemer: totaal\n    meetjaren: [2012, 2018]\n"
             "    licentie: Open data\n")(VALID)))
    path = tmp_path / "indicatoren.yml"
    path.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(path)
    w1, d1 = catalogue.get("W1"), catalogue.get("D1")
    assert (w1.soort, w1.eenheid, w1.teller, w1.noemer, w1.is_percentage) == (
        "ratio", "euro", "Netto belastbaar inkomen", "Aangiften", False)
    assert (d1.groepsnoemer, d1.meetjaren, d1.licentie) == ("totaal", (2012, 2018), "Open data")
    assert (w1.groepsnoemer, w1.meetjaren, w1.licentie) == ("groep", (), "")


@pytest.mark.parametrize(("extra", "interval", "threshold"), [
    ("", "wilson", 30),                                   # a share in %: Wilson, the default threshold
    ("    interval: geen\n", "", 30),                       # declared: no interval
    ("    interval: poisson\n    klein_aantal: 50\n", "poisson", 50),
])
def test_interval_method_and_small_number_threshold(tmp_path: Path, extra: str, interval: str,
                                                      threshold: int) -> None:
    text = _sub("    indeling: herkomst\n", "    indeling: herkomst\n" + extra)(
        _sub("    naam: Herkomst\n", "    naam: Herkomst\n    referentiegroep: belgisch\n")(VALID))
    path = tmp_path / "indicatoren.yml"
    path.write_text(text, encoding="utf-8")
    d1, w1 = load_catalogue(path).get("D1"), load_catalogue(path).get("W1")
    assert (d1.interval, d1.klein_aantal, d1.referentiegroep) == (interval, threshold, "belgisch")
    assert d1.gap_reference == ("belgisch" if interval else "")  # no interval, no gap with an interval
    assert (w1.interval, w1.gap_reference) == ("", "")          # a median: neither


def test_catalogue_wide_small_number_threshold(tmp_path: Path) -> None:
    path = tmp_path / "indicatoren.yml"
    path.write_text(_sub("indicatoren:\n", "klein_aantal: 100\nindicatoren:\n")(VALID), encoding="utf-8")
    assert {ind.klein_aantal for ind in load_catalogue(path)} == {100}


def test_real_catalogue_documents_interval_methods(catalogue: Catalogue) -> None:
    """Wilson for every share, the exact Poisson interval for every rate per 1 000, nothing for counts, values and euro."""
    for ind in catalogue:
        expected = {("ratio", "%"): "wilson", ("ratio", "‰"): "poisson"}.get((ind.soort, ind.eenheid), "")
        assert ind.interval == expected, ind.code
    assert catalogue.get("T1").gap_reference == "belgisch" and catalogue.get("D2").gap_reference == ""


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_broken_catalogue(tmp_path: Path, mutate: Callable[[str], str],
                          expected: list[tuple[str, str, int]]) -> None:
    text = mutate(VALID)
    path = tmp_path / "indicatoren.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    problems: list[Problem] = caught.value.problems
    wanted = [(fragment, _line_of(text, marker, nth)) for fragment, marker, nth in expected]
    found = [(fragment, line) for fragment, line in wanted
             if any(fragment in p.message and p.line == line for p in problems)]
    assert found == wanted, "\n".join(map(str, problems))
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    assert all(p.path == str(path) for p in problems)


def test_missing_file_is_a_catalogue_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="onleesbaar"):
        load_catalogue(tmp_path / "bestaat-niet.yml")


def test_empty_file_is_a_catalogue_error(tmp_path: Path) -> None:
    path = tmp_path / "indicatoren.yml"
    path.write_text("# leeg\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="leeg"):
        load_catalogue(path)


@pytest.mark.parametrize(("code", "valid"), [
    ("D1", True), ("W6", True), ("D13", True), ("P99", True),  # a theme may grow past nine indicators
    ("D0", False), ("D01", False), ("D100", False), ("X1", False), ("d1", False),
])
def test_indicator_code_pattern(code: str, valid: bool) -> None:
    schema = json.loads(paths.CATALOGUE_SCHEMA.read_text(encoding="utf-8"))
    data = yaml.safe_load(paths.CATALOGUE.read_text(encoding="utf-8"))
    data["indicatoren"][0]["code"] = code
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert (not errors) == valid
