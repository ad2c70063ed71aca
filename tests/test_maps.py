"""Map fragments, Dutch formatting, snippets, navigation and a strict MkDocs smoke build.

Assertions work on whitespace-stripped HTML substrings, never on pixels.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from generator import classes, maps, model
from generator.formatting import NNBSP, format_figure, format_number, round_half_up
from generator.mkdocs_hooks import build_nav

ROOT = Path(__file__).resolve().parent.parent
GEOMETRY_URL = "../../assets/gen/gemeenten.json"
PROVINCES_URL = "../../assets/gen/provincies.json"
N = 285
YEARS = range(2011, 2026)  # 15 years
GROUPS = ("totaal", "mannen", "vrouwen", "jongeren")


def gemeenten(n: int = N) -> dict[str, model.Gemeente]:
    """``n`` fake gemeenten; the first absorbed Borsbeek, the second Gooik."""
    result = {}
    for i in range(n):
        nis = f"{11000 + i * 7:05d}"
        old = ((("11007", "Borsbeek", "2025-01-01"),) if i == 0 else
               (("23024", "Gooik", "2025-01-01"),) if i == 1 else ())
        result[nis] = model.Gemeente(nis, f"Gemeente {i}", f"gemeente-{i}", "Antwerpen",
                                     "C1", "Cluster 1", old)
    return result


def indicator(**overrides) -> SimpleNamespace:
    base = dict(code="D2", naam="Aandeel inwoners van vreemde herkomst", slug="d2",
                richting="neutraal", decimalen=1, eenheid="%")
    return SimpleNamespace(**(base | overrides))


def rows(gem, years=YEARS, groups=("totaal",), status=None) -> pd.DataFrame:
    """One row per gemeente × year × group; values distinct and easy to spot."""
    records = []
    for g_i, groep in enumerate(groups):
        for jaar in years:
            for i, nis in enumerate(sorted(gem)):
                value = 10 + i * 0.1 + (jaar - 2011) * 0.01 + g_i * 3
                st = (status or {}).get((nis, jaar, groep), model.STATUS_OK)
                records.append(dict(nis=nis, gemeente=gem[nis].naam, jaar=jaar, groep=groep,
                                    waarde=value, status=st))
    return pd.DataFrame.from_records(records)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def config_of(fragment: str) -> dict:
    """The JSON config passed to LIIM.choropleth in the fragment."""
    start = fragment.index("LIIM.choropleth(")
    payload = fragment[fragment.index(",", start) + 1:fragment.index(");});</script>", start)]
    return json.loads(payload)


def render(ind=None, data=None, gem=None) -> str:
    gem = gem or gemeenten(20)
    data = rows(gem) if data is None else data
    return maps.indicator_map_html(ind or indicator(), data, gem, GEOMETRY_URL, PROVINCES_URL, "../../")


# --- fragment ---------------------------------------------------------------------------

def test_fragment_references_geometry_and_embeds_no_coordinates():
    html = render()
    assert f'"geometry":"{GEOMETRY_URL}"' in squash(html)
    assert f'"provinces":"{PROVINCES_URL}"' in squash(html)
    assert '"coordinates"' not in html and "FeatureCollection" not in html
    assert '<divclass="liim-kaart__vlak"id="kaart-d2-vlak"></div>' in squash(html)
    assert 'LIIM.choropleth("kaart-d2-vlak",{' in squash(html)
    assert "leaflet" not in html.lower() and "L.map(" not in html  # liim.js draws the map as SVG


def test_fragment_loads_nothing_from_other_hosts():
    html = render()
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html and "<script src" not in html  # no folium CDN header


def test_every_gemeente_with_data_has_its_figure():
    gem = gemeenten(20)
    config = config_of(render(gem=gem))
    assert config["nis"] == sorted(gem)
    cells = config["series"]["totaal"]["2025"]
    assert len(cells) == 20 and all(isinstance(c, float) for c in cells)
    expected = [round_half_up(10 + i * 0.1 + 14 * 0.01, 1) for i in range(20)]
    assert cells == expected  # one figure per gemeente, rounded to decimalen (10.44 → 10.4)


def test_secret_gemeente_gets_no_figure():
    gem = gemeenten(20)
    secret = sorted(gem)[5]
    data = rows(gem, years=[2024], status={(secret, 2024, "totaal"): model.STATUS_SECRET})
    data.loc[data["nis"] == secret, "waarde"] = 987.6  # a real value that must never leak
    html = render(data=data, gem=gem)
    config = config_of(html)
    assert config["series"]["totaal"]["2024"][5] == "g"
    assert "987" not in html
    assert "liim-swatch--geheim" in html


def test_merger_and_missing_cells():
    gem = gemeenten(10)
    first = sorted(gem)[0]
    data = rows(gem, years=[2018], status={(first, 2018, "totaal"): model.STATUS_MERGER})
    data = data[data["nis"] != sorted(gem)[9]]
    cells = config_of(render(data=data, gem=gem))["series"]["totaal"]["2018"]
    assert cells[0] == "f" and cells[9] is None
    assert "nietbeschikbaardoorfusie" in squash(render(data=data, gem=gem))


def test_two_renders_are_byte_identical():
    assert render() == render()


def test_year_and_group_switches():
    gem = gemeenten(10)
    groepen = tuple(SimpleNamespace(code=g, naam=g.capitalize()) for g in GROUPS)
    html = squash(render(indicator(groepen=groepen), rows(gem, groups=GROUPS), gem))
    assert '<optionvalue="vrouwen">Vrouwen</option>' in html
    assert '<selectid="kaart-d2-jaar"data-liim="jaar"><optionvalue="2025"selected>' in html
    assert '<labelfor="kaart-d2-jaar">Jaar</label>' in html
    assert '<labelfor="kaart-d2-groep">Groep</label>' in html
    assert html.count('class="liim-legende"') == 1  # the first view's; liim.js redraws it for another view
    assert 'data-groep="totaal"data-jaar="2025"' in html
    single = squash(render(data=rows(gem), gem=gem))
    assert "kaart-d2-groep" not in single


def test_legend_states_class_breaks_in_dutch():
    gem = gemeenten(20)
    html = render(data=rows(gem, years=[2011]), gem=gem)
    assert f"10,0{NNBSP}–{NNBSP}" not in html  # the range dash is surrounded by plain spaces
    assert "10,0 – " in html and "tot en met 11,9" in html
    assert "(in %)" in html


def test_palette_direction_follows_richting():
    low, high = classes.palette_for("lager-beter"), classes.palette_for("hoger-beter")
    assert low[-1] == classes.ALARM_PALETTE[-1] and high[-1] == classes.GOOD_PALETTE[-1]
    assert low[-1] != high[-1]
    assert classes.palette_for("neutraal") == classes.NEUTRAL_PALETTE
    gem = gemeenten(20)
    html = render(indicator(richting="lager-beter"), rows(gem), gem)
    assert classes.ALARM_PALETTE[-1] in html and classes.GOOD_PALETTE[-1] not in html


def test_breaks_are_quantiles():
    breaks = classes.class_breaks([float(v) for v in range(0, 101)], 0)
    assert breaks == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert classes.class_breaks([3.0, 3.0, 3.0], 1) == [3.0]
    assert classes.class_breaks([], 1) == []


def test_overview_map_and_finder():
    gem = gemeenten(5)
    overview = maps.overview_map_html(gem, "assets/gen/gemeenten.json", "assets/gen/provincies.json", "")
    assert '"slug":["gemeente-0"' in squash(overview) and "https://" not in overview


# --- formatting --------------------------------------------------------------------------

@pytest.mark.parametrize("value, decimalen, expected", [
    (1234.5, 1, f"1{NNBSP}234,5"),
    (1234.5, 0, f"1{NNBSP}235"),
    (12.345, 2, "12,35"),
    (2.675, 2, "2,68"),
    (0.05, 1, "0,1"),
    (-0.04, 1, "0,0"),
    (-1234567.891, 2, f"-1{NNBSP}234{NNBSP}567,89"),
    (999.96, 1, f"1{NNBSP}000,0"),
    (7, 0, "7"),
    (float("nan"), 1, "–"),
])
def test_format_number(value, decimalen, expected):
    assert format_number(value, decimalen) == expected


@pytest.mark.parametrize("eenheid, decimalen, value, expected", [
    ("%", 1, 12.34, f"12,3{NNBSP}%"),
    ("‰", 1, 4.5, f"4,5{NNBSP}‰"),
    ("", 0, 1234, f"1{NNBSP}234"),
    ("€", 0, 21345.4, f"€{NNBSP}21{NNBSP}345"),
    ("euro", 0, 500, f"€{NNBSP}500"),
])
def test_format_figure(eenheid, decimalen, value, expected):
    assert format_figure(value, indicator(eenheid=eenheid, decimalen=decimalen)) == expected


def test_javascript_formatting_is_identical():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    cases = [(1234.5, 1), (2.675, 2), (-0.04, 1), (0.05, 1), (-1234567.891, 2), (999.96, 1),
             (1.005, 2), (123456789, 0), (0.125, 2), (-2.5, 0)]
    script = (f"const L=require({json.dumps(str(ROOT / 'site_src/assets/liim.js'))});"
              f"console.log(JSON.stringify({json.dumps(cases)}.map(c=>L.formatNumber(c[0],c[1]))));")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [format_number(v, d) for v, d in cases]


# --- snippets, navigation and the MkDocs build ---------------------------------------------

def fake_catalogue():
    themes = [SimpleNamespace(code="demo", naam="Demografie"), SimpleNamespace(code="werk", naam="Werk")]  # codes are slugs
    by_theme = {"demo": [indicator()], "werk": [indicator(code="T2", naam="Werkloosheidsgraad", slug="t2")]}
    return SimpleNamespace(themes=themes, by_theme=lambda code: by_theme[code])


def test_nav_from_catalogue_only_lists_existing_files(tmp_path):
    for rel in ("index.md", "themas/demo.md", "indicatoren/d2.md", "gemeenten/index.md",
                "gemeenten/gemeente-0.md", "methodologie.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n")
    nav = build_nav(tmp_path, fake_catalogue())
    assert nav == [
        {"Home": "index.md"},
        {"Indicatoren": [{"Demografie": [{"Overzicht": "themas/demo.md"},
                                          {f"D2 {indicator().naam}": "indicatoren/d2.md"}]}]},
        {"Gemeenten": "gemeenten/index.md"},
        {"Methodologie": "methodologie.md"},
    ]


def _tiny_site(root: Path) -> None:
    """A tiny project with our mkdocs.yml, overrides, hooks, assets and hand-written pages."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "generator", root / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    docs = root / "site_src"
    shutil.copytree(ROOT / "site_src" / "assets", docs / "assets",
                    ignore=shutil.ignore_patterns("gen"))
    for page in ("index.md", "methodologie.md", "downloads.md", "toegankelijkheid.md"):
        shutil.copy(ROOT / "site_src" / page, docs / page)
    gem = gemeenten(3)
    maps.write_snippets(fake_catalogue(), gem, docs / ".snippets")
    (docs / ".snippets" / "bronnen.md").write_text("Synthetische democijfers.\n", encoding="utf-8")
    for rel, text in {"themas/demo.md": "# Demografie\n", "themas/werk.md": "# Werk\n",
                      "indicatoren/d2.md": "# D2\n\n" + render(gem=gem),
                      "indicatoren/t2.md": "# T2\n", "gemeenten/index.md": "# Gemeenten\n",
                      "gemeenten/gemeente-0.md": "# Gemeente 0\n"}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")


@pytest.mark.site
def test_mkdocs_build_strict(tmp_path):
    _tiny_site(tmp_path)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "--quiet"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Deze site toont synthetische democijfers" in home
    assert "Grenzen: Statbel / Provincies in Cijfers" in home
    assert "Cijfers: demo (synthetisch)" in home
    assert 'data-liim="zoeker"' in home and "fonts.googleapis" not in home
    assert re.search(r'src="assets/gen/liim\.min\.js"', home)
    assert "leaflet" not in home.lower()  # no map library: liim.js draws the maps as SVG
    assert not re.search(r'(src|href)="https?://', home.replace('href="https://www.inburgering', ""))


def test_base_tiles_are_off_unless_configured(monkeypatch):
    monkeypatch.delenv("LIIM_KAARTTEGELS", raising=False)
    assert maps.base_tiles() is None
    monkeypatch.setenv("LIIM_KAARTTEGELS", "https://tegels.example/{z}/{x}/{y}.png")
    monkeypatch.setenv("LIIM_KAARTTEGELS_BRON", "© voorbeeld")
    assert maps.base_tiles() == {"url": "https://tegels.example/{z}/{x}/{y}.png", "bron": "© voorbeeld"}
    assert config_of(render())["tiles"] == {"url": "https://tegels.example/{z}/{x}/{y}.png", "bron": "© voorbeeld"}


def test_maps_need_no_folium():
    """folium stays a dependency for bench/run.py's naive baseline only; the site's maps do not use it."""
    source = Path(maps.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+(folium|branca)\b", source, re.M)
    assert "folium" not in squash(render()) and "branca" not in render()


def test_liim_js_holds_the_generators_shared_map_texts():
    """The labels, colours and attribution every map shares live in liim.js only (no page repeats them):
    its MAP_SHARED must equal the generator's constants, so the two cannot drift apart."""
    source = (Path(maps.__file__).parents[1] / "site_src" / "assets" / "liim.js").read_text(encoding="utf-8")
    match = re.search(r"^\s*var MAP_SHARED = (\{.*\});$", source, re.M)
    assert match, "geen MAP_SHARED in liim.js"
    shared = json.loads(match.group(1))
    assert shared == maps.shared_map_texts()
    assert shared["colours"] == {"nodata": classes.NO_DATA_COLOUR, "secret": classes.SECRET_COLOUR,
                                 "merger": classes.MERGER_COLOUR}
    assert shared["labels"]["g"] == model.STATUS_LABELS[model.STATUS_SECRET]
    assert shared["labels"]["v"] == model.STATUS_LABELS[model.STATUS_PROVISIONAL]
    assert shared["labels"]["n"] == model.STATUS_LABELS[model.STATUS_MISSING]
    for config in (config_of(render()), config_of(maps.overview_map_html(gemeenten(5), GEOMETRY_URL, None, ""))):
        assert not {"labels", "colours", "attribution"} & set(config)
