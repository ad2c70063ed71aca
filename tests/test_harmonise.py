"""Harmonisation to today's gemeenten and the comparisons, on small hand-made inputs."""
from __future__ import annotations

import math

import pytest
from support import write_catalogue_with_median

from generator import paths
from generator.export import export_frame
from generator.monitor import load_inputs, make_monitor


def monitor_for(data_dir, body: str, median: bool = False):
    """The monitor of one data folder; ``median``: with its own catalogue in which W1 is a waarde (a median),
    as the real catalogue no longer has one."""
    folder = data_dir({"rows.csv": body})
    if median:
        write_catalogue_with_median(folder)
    return make_monitor(load_inputs(folder, paths.SHARED_GEODATA))


def row(m, indicator, jaar, nis, groep="totaal"):
    t = m.table
    hit = t[(t.indicator == indicator) & (t.jaar == jaar) & (t.nis == nis) & (t.groep == groep)]
    assert len(hit) == 1, (indicator, jaar, nis)
    return hit.iloc[0]


@pytest.mark.parametrize("body, jaar, nis, teller, noemer", [
    # Antwerpen 2020 = Antwerpen + Borsbeek (merged 2025)
    ("D1,2020,11002,totaal,100,1000,,\nD1,2020,11007,totaal,30,200,,\n", 2020, "11002", 130, 1200),
    # Lievegem 2015 = Lovendegem + Waarschoot + Zomergem (merged 2019)
    ("D1,2015,44036,totaal,5,50,,\nD1,2015,44072,totaal,6,60,,\nD1,2015,44080,totaal,7,70,,\n", 2015, "44085", 18, 180),
    # a chain over two divisions: Borsbeek 2015 (division 2018) ends in today's Antwerpen
    ("D1,2015,11002,totaal,100,1000,,\nD1,2015,11007,totaal,1,10,,\n", 2015, "11002", 101, 1010),
    # Pajottegem 2024 from Galmaarden, Gooik, Herne
    ("D1,2024,23023,totaal,1,10,,\nD1,2024,23024,totaal,2,20,,\nD1,2024,23032,totaal,3,30,,\n", 2024, "23106", 6, 60),
    # a supplier that recalculated history delivers 2020 on today's division: accepted as is
    ("D1,2020,23106,totaal,9,90,,\nD1,2020,11002,totaal,1,10,,\n", 2020, "23106", 9, 90),
])
def test_ratio_summed_over_predecessors(data_dir, body, jaar, nis, teller, noemer):
    r = row(monitor_for(data_dir, body), "D1", jaar, nis)
    assert (r.teller, r.noemer) == (teller, noemer)
    assert r.waarde == pytest.approx(teller / noemer * 100)
    assert r.status == ""


def test_missing_predecessor_gives_no_partial_sum(data_dir):
    r = row(monitor_for(data_dir, "D1,2020,11002,totaal,100,1000,,\n"), "D1", 2020, "11002")
    assert r.status == "ontbreekt" and math.isnan(r.waarde) and math.isnan(r.teller)


def test_waarde_not_available_for_merged_gemeente_before_merger(data_dir):
    body = ("W1,2020,11002,totaal,,,30000,\nW1,2020,11007,totaal,,,32000,\nW1,2020,44021,totaal,,,28000,\n"
            "W1,2025,11002,totaal,,,31000,\nW1,2025,44021,totaal,,,29000,\n")
    m = monitor_for(data_dir, body, median=True)
    assert m.catalogue.get("W1").soort == "waarde"
    merged = row(m, "W1", 2020, "11002")
    assert merged.status == "fusie" and math.isnan(merged.waarde)
    assert row(m, "W1", 2020, "44021").waarde == 28000
    assert row(m, "W1", 2025, "11002").waarde == 31000


def test_secret_predecessor_makes_merged_figure_secret_and_hidden(data_dir, tmp_path):
    body = "D1,2020,11002,totaal,777777,7777777,,\nD1,2020,11007,totaal,,,,geheim\nD1,2020,44021,totaal,10,100,,\n"
    m = monitor_for(data_dir, body)
    r = row(m, "D1", 2020, "11002")
    assert r.status == "geheim" and math.isnan(r.teller) and math.isnan(r.noemer) and math.isnan(r.waarde)
    csv_text = export_frame(m.table).to_csv(index=False)
    assert "777777" not in csv_text and "7777777" not in csv_text
    gent = row(m, "D1", 2020, "44021")
    # Vlaanderen, cluster and province are computed without the secret rows
    assert gent.vlaanderen == pytest.approx(10.0) and gent.vlaanderen_status == "onvolledig"


def test_vlaanderen_is_ratio_of_sums_including_unlocated(data_dir):
    body = "D1,2025,11002,totaal,10,100,,\nD1,2025,44021,totaal,20,100,,\nD1,2025,99991,totaal,70,800,,\n"
    r = row(monitor_for(data_dir, body), "D1", 2025, "11002")
    assert r.vlaanderen == pytest.approx(100 / 1000 * 100)  # not the mean of 10 %, 20 % and 8.75 %


def test_official_flemish_row_wins(data_dir):
    body = "D1,2025,11002,totaal,10,100,,\nD1,2025,44021,totaal,20,100,,\nD1,2025,02000,totaal,50,1000,,\n"
    r = row(monitor_for(data_dir, body), "D1", 2025, "11002")
    assert r.vlaanderen == pytest.approx(5.0) and r.vlaanderen_status == ""


def test_official_count_not_used_when_it_would_reveal_a_secret(data_dir):
    body = "I2,2025,11002,totaal,40,,,\nI2,2025,44021,totaal,,,,geheim\nI2,2025,02000,totaal,47,,,\n"
    r = row(monitor_for(data_dir, body), "I2", 2025, "11002")
    assert r.vlaanderen == 40 and r.vlaanderen_status == "onvolledig"  # 47 − 40 would give Gent's 7


def test_cluster_and_province_are_ratios_of_sums(data_dir):
    # base clusters group gemeenten by province: Antwerpen (11002) and Mechelen (12025) share one
    body = "D1,2025,11002,totaal,10,100,,\nD1,2025,12025,totaal,90,300,,\nD1,2025,44021,totaal,1,5,,\n"
    r = row(monitor_for(data_dir, body), "D1", 2025, "11002")
    assert r.cluster_waarde == pytest.approx(100 / 400 * 100)
    assert r.provincie_waarde == pytest.approx(100 / 400 * 100)
    assert r.t_o_v_cluster == "lager" and r.rang == 3 and r.rang_van == 3  # 10 % (5,5–17,4) vs 25 %


def test_median_for_waarde_groups(data_dir):
    # the mean (24000) and the value of the first member (30000) differ from the median
    body = "W1,2025,11002,totaal,,,30000,\nW1,2025,12025,totaal,,,20000,\nW1,2025,13040,totaal,,,22000,\n"
    r = row(monitor_for(data_dir, body, median=True), "W1", 2025, "11002")
    assert r.provincie_waarde == 22000 and r.cluster_waarde == 22000
