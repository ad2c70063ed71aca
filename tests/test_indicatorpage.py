"""The indicator page after the user test of issue 15: per-year map classes with a legend that says
what it shows, counts mapped per 1 000 inwoners, the map above the definition, and the words liim.js
updates for another year or group.

Expected figures are computed here from counts and inhabitants, never copied from the program's
output. Assertions work on whitespace-stripped HTML/Markdown substrings, never on pixels.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from support import make_data_dir

from generator import classes, maps, model, pages, paths
from generator.formatting import round_half_up
from generator.gemeenten import slugify
from generator.monitor import load_inputs, make_monitor

YEARS = range(2011, 2026)
SERIES_URL = "../../assets/gen/kaarten/x1.json"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def gemeenten(n: int = 20) -> dict[str, model.Gemeente]:
    return {f"{11000 + i * 7:05d}": model.Gemeente(f"{11000 + i * 7:05d}", f"Gemeente {i}", f"gemeente-{i}",
                                                  "Antwerpen", "C1", "Cluster 1", ()) for i in range(n)}


def indicator(**overrides) -> SimpleNamespace:
    base = dict(code="X1", naam="Een indicator", slug="x1", richting="neutraal", decimalen=1, eenheid="%",
                soort="ratio")
    return SimpleNamespace(**(base | overrides))


def frame(gem: dict, value, years=YEARS, status=None) -> pd.DataFrame:
    """One row per gemeente × year (group totaal); ``value(i, jaar)`` gives the figure."""
    return pd.DataFrame.from_records([
        dict(nis=nis, jaar=jaar, groep="totaal", waarde=value(i, jaar),
             status=(status or {}).get((nis, jaar), model.STATUS_OK))
        for jaar in years for i, nis in enumerate(sorted(gem))])


def config_of(fragment: str) -> dict:
    return json.loads(re.search(r'LIIM\.choropleth\((?:\w+|"[^"]*"),\s*(\{.*?\})\);', fragment, re.S).group(1))


def render(ind, data, gem, **kwargs) -> tuple[str, dict, dict]:
    lazy: dict = {}
    html = maps.indicator_map_html(ind, data, gem, "../../g.json", None, "../../", series_url=SERIES_URL,
                                   lazy=lazy, **kwargs)
    return html, config_of(html), lazy


def in_top_class(values: list[float], breaks: list[float]) -> int:
    return sum(v > breaks[-2] for v in values)


# ------------------------------------------------------------------------------ classes per year

def test_classes_are_computed_for_the_year_shown():
    """A figure that grows every year: classes over all years would put every 2025 figure in the
    darkest class; the classes of 2025 spread 2025's figures over all five."""
    gem = gemeenten(20)
    data = frame(gem, lambda i, jaar: (jaar - 2011) * 10 + i * 0.1)
    newest = [round_half_up((2025 - 2011) * 10 + i * 0.1, 1) for i in range(20)]
    pooled = classes.map_classes(data["waarde"], 1, "neutraal")
    assert in_top_class(newest, pooled.breaks) == 20  # pooled: 100 % of 2025 in the top class
    html, cfg, lazy = render(indicator(), data, gem)
    own = cfg["classes"]["totaal"]["2025"]  # the first view's classes are in the page
    assert len(own["breaks"]) == 5 and own["min"] == min(newest)
    assert in_top_class(newest, own["breaks"]) == 4  # a fifth of the gemeenten, as a quintile should
    old = lazy["classes"]["totaal"]["2011"]  # other years' classes come with the lazily fetched figures
    assert old["breaks"][-1] == pytest.approx(1.9) and old["min"] == 0.0
    assert "alle jaren samen" not in html


def test_legend_gives_year_unit_and_what_the_colours_mean():
    gem = gemeenten(20)
    html = squash(render(indicator(), frame(gem, lambda i, jaar: 10 + i), gem)[0])
    assert squash("Legende 2025 (in %)") in html
    assert squash("kwintielen van de cijfers van 2025; donkerder = hoger.") in html
    assert html.count('class="liim-legende"') == 1 and 'data-jaar="2025"' in html


# ---------------------------------------------------------------------------------- counts

def count_rows(gem: dict, secret: str | None = None) -> pd.DataFrame:
    status = {(secret, jaar): model.STATUS_SECRET for jaar in YEARS} if secret else {}
    data = frame(gem, lambda i, jaar: 5 + i * 3 + (jaar - 2011), status=status)
    if secret:
        data.loc[data["nis"] == secret, "waarde"] = 987.0  # a value that must never leak
    return data


def inhabitants_of(gem: dict, years=(2024, 2025)) -> dict[tuple[str, int], float]:
    return {(nis, jaar): 1000.0 + i * 250 + jaar for jaar in years for i, nis in enumerate(sorted(gem))}


COUNT = dict(soort="aantal", eenheid="aantal", decimalen=0, code="X1")


def test_a_count_is_mapped_per_1000_inhabitants():
    gem = gemeenten(20)
    inhabitants = inhabitants_of(gem)
    html, cfg, lazy = render(indicator(**COUNT), count_rows(gem), gem, inhabitants=inhabitants)
    for jaar, rates in (("2025", cfg["rates"]["totaal"]["2025"]), ("2024", lazy["rates"]["totaal"]["2024"])):
        expected = [round_half_up((5 + i * 3 + int(jaar) - 2011) / inhabitants[(nis, int(jaar))] * 1000, 1)
                    for i, nis in enumerate(sorted(gem))]
        assert rates == expected, jaar
    assert cfg["series"]["totaal"]["2025"][0] == 19  # the count itself stays in the figures
    assert "2023" not in lazy["rates"]["totaal"]  # no inhabitants in 2023: circles, no rates
    assert cfg["classes"]["totaal"]["2025"]["min"] == min(cfg["rates"]["totaal"]["2025"])
    assert squash("Legende 2025 (per\u202f1\u202f000 inwoners)") in squash(html)


def test_a_secret_count_has_no_rate_and_no_circle():
    gem = gemeenten(20)
    secret = sorted(gem)[3]
    html, cfg, lazy = render(indicator(**COUNT), count_rows(gem, secret), gem, inhabitants=inhabitants_of(gem))
    assert cfg["series"]["totaal"]["2025"][3] == "g" and cfg["rates"]["totaal"]["2025"][3] == "g"
    assert all(lazy[key]["totaal"][jaar][3] == "g" for key in ("series", "rates") for jaar in lazy[key]["totaal"])
    assert "987" not in html and "987" not in json.dumps(lazy)


def test_a_count_without_inhabitants_draws_circles():
    gem = gemeenten(20)
    html, cfg, lazy = render(indicator(**COUNT), count_rows(gem), gem, inhabitants={})
    assert cfg["count"] and not cfg.get("rates") and "rates" not in lazy  # empty parts are left out
    assert "liim-swatch--cirkel" in html and "Cirkels: de oppervlakte is evenredig met het aantal" in html


# ------------------------------------------------------------------------------ the page itself

D1 = {"11002": (10, 100), "11001": (2000, 4000), "44021": (3, 10), "41002": (100, 4000)}
I2 = {"11002": 22, "11001": 7, "44021": 5}


def body() -> str:
    lines = [f"D1,{jaar},{nis},totaal,{t},{n},," for jaar in (2024, 2025) for nis, (t, n) in D1.items()]
    lines += [f"I2,2025,{nis},totaal,{c},,," for nis, c in I2.items()]
    lines += ["I2,2025,11004,totaal,,,,geheim", "I2,2024,11001,totaal,20,,,"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def docs(tmp_path_factory, divisions, catalogue) -> Path:
    folder = tmp_path_factory.mktemp("indicatorpagina")
    data = make_data_dir(folder / "data", divisions, catalogue, {"rows.csv": body()})
    monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
    by_indicator = dict(tuple(monitor.table.groupby("indicator", sort=False)))
    out = folder / "docs"
    for code in ("D1", "I2", "D4"):
        pages.write_indicator_page(monitor, catalogue.get(code), by_indicator.get(code), out, by_indicator.get("D1"))
    return out


def page(docs: Path, code: str) -> str:
    return (docs / "indicatoren" / f"{code.lower()}.md").read_text(encoding="utf-8")


def row_of(text: str, slug: str) -> list[str]:
    """The data cells of the gemeente's row (the rows omit their optional end tags)."""
    row = re.search(rf'<tr[^>]*><th scope="row"><a href="../../gemeenten/{slug}/">.*?(?=</tr>|<tr|</tbody>)', text,
                    re.S).group(0)
    return [squash(re.sub(r"<[^>]+>", " ", c)) for c in re.findall(r"<td[^>]*>(.*?)(?=</td>|<td|$)", row, re.S)]


def test_full_width_and_the_map_before_the_definition(docs, catalogue):
    text = page(docs, "D1")
    assert squash("hide:\n  - navigation\n  - toc") in squash(text)
    first = catalogue.get("D1").definitie.split(". ")[0]
    assert squash(f'<p class="liim-lead">{first}.') in squash(text)
    assert text.index('class="liim-kaart__keuze"') < text.index('class="liim-kaart__kaart"') \
        < text.index('<dl class="liim-definitie">')
    assert text.index("liim-kerncijfer") < text.index("liim-kaart__keuze")


def test_headline_table_and_status_name_the_year(docs):
    text = squash(page(docs, "D1"))
    assert squash('Vlaams Gewest in <span data-liim-tekst="jaar">2025</span>:') in text
    assert squash('per gemeente, <span data-liim-tekst="jaar">2025</span></caption>') in text
    assert squash('<table class="liim-tabel sortable liim-gemeenten liim-oordelen" id="kaart-d1-tabel"') in text
    assert squash('role="status" aria-live="polite" id="kaart-d1-status"') in text


def test_flemish_headline_for_every_year_in_the_flemish_table(docs):
    """liim.js takes the headline of 2024 from the 2024 row of the table "Vlaams Gewest per jaar" (its column
    named by data-groep); the map's configuration does not repeat them. The headline of 2025 is that row's."""
    text = page(docs, "D1")
    assert "flemish" not in config_of(text)
    table = re.search(r'<table class="liim-tabel liim-vlaanderen" id="kaart-d1-vlaanderen".*?</table>', text, re.S).group(0)
    assert '<th scope="col" data-groep="totaal">' in table
    rows = dict(re.findall(r'<tr><th scope="row">(\d{4})</th><td>(.*?)</td>', table))
    assert set(rows) == {"2024", "2025"} and "%" in rows["2024"] and rows["2024"] != rows["2025"]
    assert f'<strong data-liim-tekst="vlaanderen">{rows["2025"]}</strong>' in text


def table_rows(text: str) -> list[tuple[str, list[str]]]:
    """(slug, cells) of every row of the table of all gemeenten, in page order."""
    body = re.search(r'id="kaart-\w+-tabel".*?<tbody>(.*?)</tbody>', text, re.S).group(1)
    return [(m.group(1), row_of(text, m.group(1))) for m in re.finditer(r'<a href="../../gemeenten/([^/]+)/">', body)]


def test_table_has_every_gemeente_in_the_order_of_the_map(docs, divisions):
    """One row per gemeente in ascending NIS order (liim.js reads the map's first view from the rows by
    position), also for gemeenten without any figure ("geen gegevens"); no class or sort key per cell."""
    text = page(docs, "I2")
    order = sorted(divisions.current.names)
    rows = table_rows(text)
    assert [slug for slug, _ in rows] == [slugify(divisions.current.names[nis]) for nis in order]
    delivered = {slugify(divisions.current.names[nis]) for nis in [*I2, "11004"]}
    missing = [cells for slug, cells in rows if slug not in delivered]
    assert missing and all(c[2] == "geengegevens" and c[3] == "–" and c[-1] == "–" for c in missing)
    body = re.search(r"<tbody>(.*?)</tbody>", text, re.S).group(1)
    assert "<td>" in body and "<td " not in body and "data-sort" not in body


def test_map_configuration_leaves_the_first_view_to_the_table(docs):
    """The page's configuration carries neither the first view's figures, marks and intervals, nor the
    slugs and NIS codes: the table has them. The file fetched for another view holds every view."""
    cfg = config_of(page(docs, "D1"))
    assert not {"nis", "slug", "flemish"} & set(cfg)
    assert all(not cfg.get(key, {}).get("totaal", {}).get("2025") for key in maps.TABLE_KEYS)
    assert cfg["classes"]["totaal"]["2025"]["breaks"]  # the legend's classes stay (computed here, not in liim.js)
    lazy = json.loads((docs / paths.MAP_SERIES_DIR / "d1.json").read_text(encoding="utf-8"))
    assert set(lazy["series"]["totaal"]) == {"2024", "2025"}


def test_count_table_shows_the_count_and_per_1000(docs):
    text = page(docs, "I2")
    assert squash('data-kolom="per1000">Per 1&#8239;000 inwoners') in squash(text)
    antwerpen = row_of(text, "antwerpen")  # provincie, cluster, count, per 1 000 (no rank: the gemeente page)
    assert len(antwerpen) == 4 and antwerpen[2] == "22"
    assert antwerpen[3] == f"{round_half_up(22 / D1['11002'][1] * 1000, 1):.1f}".replace(".", ",")
    boechout = row_of(text, "boechout")  # geheim: no count, no rate
    assert "geheim" in boechout[2] and boechout[3] == "–"


def test_count_map_rates_use_the_d1_noemer_of_the_same_year(docs, divisions):
    cfg = config_of(page(docs, "I2"))
    assert cfg["tableRates"] and not cfg.get("rates")  # the first view's rates: the table's column
    index = {nis: i for i, nis in enumerate(sorted(divisions.current.names))}
    lazy = json.loads((docs / paths.MAP_SERIES_DIR / "i2.json").read_text(encoding="utf-8"))
    rates = lazy["rates"]["totaal"]["2025"]
    assert rates[index["11002"]] == round_half_up(22 / 100 * 1000, 1)
    assert rates[index["11001"]] == round_half_up(7 / 4000 * 1000, 1)
    assert rates[index["11004"]] == "g"
    assert lazy["rates"]["totaal"]["2024"][index["11001"]] == round_half_up(20 / 4000 * 1000, 1)


def test_unavailable_indicator_still_has_its_definition(docs):
    text = page(docs, "D4")
    assert "Nog niet beschikbaar" in text and '<dl class="liim-definitie">' in text and "LIIM.choropleth" not in text
