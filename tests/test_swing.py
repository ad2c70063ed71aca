"""The Swing layout (period;geolevel;geoitem;<variables>) with its mapping.yml."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from support import write_catalogue_with_median

from generator import paths
from generator.cli import main
from generator.errors import ValidationError
from generator.load import read_values
from generator.monitor import load_inputs

MAPPING = """# Swing-variabelen van de test
d1_vreemd_totaal: {indicator: D1, groep: totaal, rol: teller}
d1_inwoners_totaal: {indicator: D1, groep: totaal, rol: noemer}
i2_aangemeld: {indicator: I2, groep: totaal, rol: teller}
w1_mediaan: {indicator: W1, groep: totaal, rol: waarde}
"""
HEADER = "period;geolevel;geoitem;d1_vreemd_totaal;d1_inwoners_totaal;i2_aangemeld;w1_mediaan\n"
SHOWN = "data/swing/export.csv"


def swing_folder(data_dir, body: str, mapping: str = MAPPING, header: str = HEADER, own_catalogue: bool = True):
    """A data folder with a Swing export; ``own_catalogue``: with its own indicatoren.yml in which W1 is a
    waarde (a median) and D1 has nationality groups, which the real catalogue no longer has."""
    folder = data_dir()
    if own_catalogue:
        write_catalogue_with_median(folder, d1_nationaliteit=True)
    (folder / "swing").mkdir()
    (folder / "swing" / "mapping.yml").write_text(mapping, encoding="utf-8")
    (folder / "swing" / "export.csv").write_text(header + body, encoding="utf-8")
    return folder


def rows_of(folder) -> list[tuple]:
    table = read_values(folder)
    assert table.problems == []
    frame = table.frame
    assert set(frame["bestand"]) <= {SHOWN}
    return [tuple(r) for r in frame[["indicator", "jaar", "nis", "groep", "teller", "noemer", "waarde", "status", "regel"]]
            .itertuples(index=False)]


def validate(folder):
    result = CliRunner().invoke(main, ["validate", "--data", str(folder), "--geodata", str(paths.SHARED_GEODATA)])
    return result.exit_code, result.output


@pytest.mark.parametrize("body, expected", [
    pytest.param("2024;gemeente;11002;100;1000;7;21000\n",
                 [("D1", "2024", "11002", "totaal", "100", "1000", "", "", 2),
                  ("I2", "2024", "11002", "totaal", "7", "", "", "", 2),
                  ("W1", "2024", "11002", "totaal", "", "", "21000", "", 2)], id="gemeente"),
    pytest.param("2024;gemeente;11002;-99997;1000;-99999;20500.5\n",
                 [("D1", "2024", "11002", "totaal", "", "", "", "geheim", 2),
                  ("W1", "2024", "11002", "totaal", "", "", "20500.5", "", 2)], id="geheim-en-ontbrekend"),
    pytest.param("2024;gemeente;11002;-99999;-99999;-99999;-99999\n", [], id="alles-ontbrekend"),
    pytest.param("2024;gemeente;11002;-99997.0;-99997;-99997;-99999\n",
                 [("D1", "2024", "11002", "totaal", "", "", "", "geheim", 2),
                  ("I2", "2024", "11002", "totaal", "", "", "", "geheim", 2)], id="geheim-als-kommagetal"),
    pytest.param("2024;vlaams_gewest;2000;500;9000;-99999;-99999\n2024;gewest;02000;-99999;-99999;40;-99999\n",
                 [("D1", "2024", "02000", "totaal", "500", "9000", "", "", 2),
                  ("I2", "2024", "02000", "totaal", "40", "", "", "", 3)], id="gewest"),
    pytest.param("2024;gemeente;99991;-99999;-99999;3;-99999\n",
                 [("I2", "2024", "99991", "totaal", "3", "", "", "", 2)], id="niet-te-lokaliseren"),
    pytest.param("2024;provincie;10000;5;50;1;1\n2024;gewest;4000;5;50;1;1\n\n2024;gemeente;11002;1;10;-99999;-99999\n",
                 [("D1", "2024", "11002", "totaal", "1", "10", "", "", 5)], id="andere-niveaus-genegeerd"),
])
def test_swing_rows_become_canonical_rows(data_dir, body, expected):
    assert rows_of(swing_folder(data_dir, body)) == expected


def test_real_catalogue_has_no_median_for_the_mapping(data_dir):
    """Without the folder's own catalogue, data/indicatoren.yml applies: there W1 is a ratio (an average)."""
    code, output = validate(swing_folder(data_dir, "2024;gemeente;11002;100;1000;7;21000\n", own_catalogue=False))
    assert code != 0
    assert "data/swing/mapping.yml:5: variabele 'w1_mediaan': rol 'waarde' hoort niet bij W1 (ratio)" in output, output


def test_valid_swing_folder_validates_and_loads(data_dir):
    folder = swing_folder(data_dir, "2024;gemeente;11002;100;1000;7;21000\n2023;gemeente;11002;90;990;-99997;-99999\n")
    code, output = validate(folder)
    assert code == 0, output
    inputs = load_inputs(folder, paths.SHARED_GEODATA)
    secret = inputs.rows[(inputs.rows["indicator"] == "I2") & (inputs.rows["jaar"] == 2023)]
    assert list(secret["status"]) == ["geheim"] and secret["teller"].isna().all()


def test_ignored_levels_and_unmapped_columns_are_warnings(data_dir):
    header = HEADER.rstrip("\n") + ";extra_kolom\n"
    folder = swing_folder(data_dir, "2024;provincie;10000;5;50;1;1;9\n2024;gemeente;11002;1;10;2;3;9\n", header=header)
    table = read_values(folder)
    assert table.problems == []
    warnings = [str(w) for w in table.warnings]
    assert f"{SHOWN}:1: kolom 'extra_kolom' staat niet in data/swing/mapping.yml en wordt genegeerd" in warnings[0]
    assert any("1 rij(en) met geolevel 'provincie' genegeerd" in w for w in warnings)


@pytest.mark.parametrize("body, message", [
    ("2024;gemeente;11002;100;1000;7;21000\n2024;gemeente;11004;abc;1000;7;21000\n", f"{SHOWN}:3: teller 'abc' is geen getal"),
    ("2024;gemeente;11002;12,5;1000;7;21000\n", f"{SHOWN}:2: decimale komma in d1_vreemd_totaal: 12,5"),
    ("2024;gemeente;11002;100;1000;-5;21000\n", f"{SHOWN}:2: teller -5 is negatief"),
    ("2024;gemeente;11002;1000;100;7;21000\n", f"{SHOWN}:2: teller 1000 is groter dan noemer 100"),
    ("2024;gemeente;12345;100;1000;7;21000\n", f"{SHOWN}:2: onbekende NIS-code 12345 voor 2024"),
    ("2030;gemeente;11002;100;1000;7;21000\n", f"{SHOWN}:2: ongeldig jaar '2030'"),
    ("2024;gemeente;11002;100;1000;7\n", f"{SHOWN}:2: 6 velden in plaats van 7"),
    ("2024;gemeente;11002;100;-99999;7;21000\n", f"{SHOWN}:2: noemer ontbreekt voor D1 (ratio)"),
    ("2024;gemeente;11002;1;10;1;1\n2024;gemeente;11002;1;10;1;1\n", f"{SHOWN}:3: dubbele rij voor D1 2024 11002 totaal"),
])
def test_bad_value_is_reported_at_the_swing_line(data_dir, body, message):
    code, output = validate(swing_folder(data_dir, body))
    assert code != 0
    assert message in output, output


@pytest.mark.parametrize("mapping, message", [
    (MAPPING + "x: {indicator: X9, groep: totaal, rol: teller}\n", "mapping.yml:6: variabele 'x': onbekende indicator 'X9'"),
    (MAPPING + "x: {indicator: D1, groep: marsmannen, rol: teller}\n",
     "mapping.yml:6: variabele 'x': onbekende groep 'marsmannen' voor D1"),
    (MAPPING + "x: {indicator: D1, groep: eu14, rol: teller}\n", "mapping.yml:6: D1 eu14: geen variabele met rol 'noemer' in de mapping"),
    (MAPPING + "x: {indicator: I3, groep: totaal, rol: deler}\n", "mapping.yml:6: variabele 'x': onbekende rol 'deler'"),
    (MAPPING + "x: {indicator: I3, groep: totaal}\n", "mapping.yml:6: variabele 'x': veld 'rol' ontbreekt"),
    (MAPPING + "x: {indicator: I2, groep: totaal, rol: teller}\n", "mapping.yml:6: variabele 'x': I2 totaal heeft al een teller"),
    (MAPPING + "x: {indicator: I3, groep: totaal, rol: noemer}\n", "mapping.yml:6: variabele 'x': rol 'noemer' hoort niet bij I3 (aantal)"),
    (MAPPING + "x: {indicator: D4, groep: totaal, rol: teller}\n", "mapping.yml:6: variabele 'x': indicator D4 staat als gepland"),
    (MAPPING + "i2_aangemeld: {indicator: I3, groep: totaal, rol: teller}\n",
     "mapping.yml:6: variabele 'i2_aangemeld' staat twee keer in de mapping (ook op regel 4)"),
    (MAPPING + "x: [D1, totaal\n", "mapping.yml:7: ongeldige YAML"),
    ("\n".join(line for line in MAPPING.splitlines() if "inwoners" not in line) + "\n",
     "mapping.yml:2: D1 totaal: geen variabele met rol 'noemer' in de mapping"),
])
def test_mapping_errors_name_the_mapping_line(data_dir, mapping, message):
    code, output = validate(swing_folder(data_dir, "2024;gemeente;11002;100;1000;7;21000\n", mapping=mapping))
    assert code != 0
    assert "data/swing/" + message in output, output


def test_missing_pair_column_in_a_file_is_a_problem(data_dir):
    header = "period;geolevel;geoitem;d1_vreemd_totaal;i2_aangemeld\n"
    folder = swing_folder(data_dir, "2024;gemeente;11002;100;7\n", header=header)
    code, output = validate(folder)
    assert code != 0
    assert f"{SHOWN}:1: D1 totaal: kolom d1_inwoners_totaal (noemer) ontbreekt" in output


@pytest.mark.parametrize("header, message", [
    ("period,geolevel,geoitem,d1_vreemd_totaal\n", "scheidingsteken is ',' in plaats van ';'"),
    ("jaar;niveau;code;d1_vreemd_totaal\n", "kopregel moet beginnen met period;geolevel;geoitem"),
])
def test_wrong_swing_header(data_dir, header, message):
    folder = swing_folder(data_dir, "", header=header)
    with pytest.raises(ValidationError) as caught:
        load_inputs(folder, paths.SHARED_GEODATA)
    assert f"{SHOWN}:1: {message}" in str(caught.value)


def test_swing_files_without_mapping(data_dir):
    folder = swing_folder(data_dir, "2024;gemeente;11002;100;1000;7;21000\n")
    (folder / "swing" / "mapping.yml").unlink()
    code, output = validate(folder)
    assert code != 0
    assert "data/swing/mapping.yml: mapping.yml ontbreekt" in output
