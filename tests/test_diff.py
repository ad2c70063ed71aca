"""``liim diff``: the report on what changed between two editions."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from support import edition_pair, make_data_dir

from generator import paths
from generator.cli import main
from generator.diff import diff_report, find_changes
from generator.formatting import format_figure
from generator.monitor import load_inputs, make_monitor

# D1 2023 on the 2024 division (Borsbeek 11007 still exists; it joins Antwerpen on 2025-01-01).
COMMON = "D1,2023,11002,totaal,100,1000,,\nD1,2023,11007,totaal,50,500,,\n"
OLD = COMMON + (
    "D1,2023,44021,totaal,200,1000,,\n"      # Gent 20 % → 30 %: revised by +50 %
    "D1,2023,11001,totaal,100,1000,,\n"      # Aartselaar 10 % → 10,2 %: +2 %
    "D1,2023,12002,totaal,,,,geheim\n"       # Berlaar: geheim, published in the new edition
    "D1,2023,11004,totaal,77,1000,,\n"       # Boechout 7,7 %: geheim in the new edition
    "I2,2023,11005,totaal,12,,,\n"
)
NEW = COMMON + (
    "D1,2023,44021,totaal,300,1000,,\n"
    "D1,2023,11001,totaal,102,1000,,\n"
    "D1,2023,12002,totaal,1234,10000,,\n"
    "D1,2023,11004,totaal,,,,geheim\n"
    "D1,2024,44021,totaal,310,1000,,\n"      # a new year
    "I2,2023,11005,totaal,12,,,\n"
    "I3,2024,11005,totaal,4,,,\n"            # a new indicator
)


@pytest.fixture(scope="module")
def editions(tmp_path_factory, divisions, catalogue):
    root = tmp_path_factory.mktemp("edities")
    old, new = edition_pair(root, divisions, catalogue, OLD, NEW)
    return old, new


@pytest.fixture(scope="module")
def monitors(editions):
    return tuple(make_monitor(load_inputs(folder, paths.SHARED_GEODATA)) for folder in editions)


@pytest.fixture(scope="module")
def report(monitors):
    return diff_report(*monitors, 0.05)


def figure(monitors, value: float) -> str:
    return format_figure(value, monitors[1].catalogue.get("D1"))


def section(report: str, title: str) -> str:
    return report.split(f"## {title}")[1].split("\n## ")[0]


def test_report_title_and_summary_first(report):
    assert report.startswith("# Wat is nieuw in editie 2025\n")
    assert report.index("## Samenvatting") < report.index("## Nieuwe indicatoren")
    summary = section(report, "Samenvatting")
    assert "- 1 nieuwe indicator\n" in summary
    assert "- 1 cijfer herzien met meer dan 5\u202f%" in summary
    assert "- 1 cijfer nu geheim" in summary
    assert "- 1 cijfer nieuw gepubliceerd" in summary


def test_revised_figure_is_reported(report, monitors):
    revised = section(report, "Herziene cijfers")
    row = f"| D1 {monitors[1].catalogue.get('D1').naam} | 2023 | Gent (44021) | Totaal | " \
          f"{figure(monitors, 20)} → {figure(monitors, 30)} | +50,0\u202f% |"
    assert row in revised, revised
    assert "Aartselaar" not in revised  # +2 % stays under the 5 % threshold


def test_threshold_is_relative(monitors):
    revised = section(diff_report(*monitors, 0.01), "Herziene cijfers")
    assert "Aartselaar (11001)" in revised and "+2,0\u202f%" in revised
    assert "Geen." in section(diff_report(*monitors, 0.6), "Herziene cijfers")


def test_merger_is_reported(report):
    mergers = section(report, "Gefuseerde gemeenten")
    assert "| Antwerpen (11002) | Antwerpen (11002), Borsbeek (11007) | 1 januari 2025 |" in mergers
    assert "Pajottegem (23106)" in mergers


def test_new_indicator_and_years(report):
    assert "I3 " in section(report, "Nieuwe indicatoren")
    assert "Geen." in section(report, "Verdwenen indicatoren")
    years = section(report, "Nieuwe jaren")
    assert "| D1 " in years and "| 2024 |" in years


def test_geheim_figures_never_appear(report, monitors):
    became_secret = section(report, "Cijfers die geheim werden")
    assert "Boechout (11004)" in became_secret
    published = section(report, "Nieuw gepubliceerde cijfers")
    assert "Berlaar (12002)" in published and "geheim" in published
    for value in (7.7, 12.34):  # Boechout's old figure, Berlaar's new figure
        assert figure(monitors, value) not in report
        assert f"{value:g}".replace(".", ",") not in report


def test_changes_are_deterministic(monitors):
    first, second = find_changes(*monitors, 0.0), find_changes(*monitors, 0.0)
    assert first.revised.equals(second.revised)
    assert list(first.revised["nis"]) == sorted(first.revised["nis"])
    assert diff_report(*monitors, 0.0) == diff_report(*monitors, 0.0)


def test_identical_editions_have_no_changes(monitors):
    text = diff_report(monitors[1], monitors[1], 0.05)
    assert "- 0 cijfers herzien" in text and "- 0 nieuwe indicatoren" in text  # plurals, no "(en)"
    assert "(en)" not in text and "(s)" not in text
    assert "Geen." in section(text, "Gefuseerde gemeenten")


def test_cli_writes_markdown(editions, tmp_path):
    out = tmp_path / "verslag" / "nieuw.md"
    args = ["diff", *map(str, editions), "--geodata", str(paths.SHARED_GEODATA), "--drempel", "0.01", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Wat is nieuw in editie 2025")
    assert "Aartselaar (11001)" in section(text, "Herziene cijfers")


def test_cli_prints_report_without_out(editions):
    result = CliRunner().invoke(main, ["diff", *map(str, editions), "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code == 0, result.output
    assert "# Wat is nieuw in editie 2025" in result.output
    assert "Gent (44021)" in result.output


def test_cli_reports_invalid_edition(editions, tmp_path, divisions, catalogue):
    broken = make_data_dir(tmp_path / "kapot", divisions, catalogue, {"d1.csv": "D1,2023,11002,totaal,abc,1000,,\n"})
    result = CliRunner().invoke(main, ["diff", str(editions[0]), str(broken), "--geodata", str(paths.SHARED_GEODATA)])
    assert result.exit_code != 0
    assert "kapot/waarden/d1.csv:2: teller 'abc' is geen getal" in result.output


@pytest.mark.parametrize(("iso", "words"), [
    ("2025-01-01", "1 januari 2025"), ("2019-12-31", "31 december 2019"), ("2026-11-29", "29 november 2026"),
    ("2025", "2025"), ("niet-een-datum", "niet-een-datum"),
])
def test_dates_in_prose(iso, words):
    from generator.formatting import date_text
    assert date_text(iso) == words


@pytest.mark.parametrize(("count", "text"), [(0, "0 fusies"), (1, "1 fusie"), (2, "2 fusies"), (1500, "1\u202f500 fusies")])
def test_plurals(count, text):
    from generator.formatting import count_text
    assert count_text(count, "fusie", "fusies") == text
