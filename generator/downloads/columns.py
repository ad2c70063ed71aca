"""The columns of every CSV download and what they mean, and their Table Schema types and allowed
values (``datapackage.py``).

The columns of ``liim-data.csv`` are documented in ``export.column_docs``, those of
``liim-vergelijking.csv`` (``model.REFERENCE_COLUMNS``) here; both files end with the names of
indicator and group (``LABEL_COLUMNS``), written by the downloads (``opendata.py``). The indicator
and gemeente files have a subset of liim-data.csv's columns (``INDICATOR_COLUMNS``,
``GEMEENTE_COLUMNS``), their Excel-ready variants the names beside the codes.
"""
from __future__ import annotations

from ..compare import INCOMPLETE
from ..model import (
    EXPORT_COLUMNS,
    HIGHER,
    LOWER,
    REFERENCE_COLUMNS,
    SIMILAR,
    STATUS_MERGER,
    STATUS_MISSING,
    STATUS_PROVISIONAL,
    STATUS_SECRET,
)

REFERENCE_DOCS = {
    "indicator": "Code van de indicator (zie indicatoren.yml), bv. D1",
    "jaar": "Referentiejaar van het cijfer",
    "groep": "Groep van de opsplitsing ('totaal' zonder opsplitsing)",
    "niveau": "vlaanderen (het Vlaams Gewest), cluster (een cluster van vergelijkbare gemeenten) of provincie",
    "naam": "Naam van het gebied: 'Vlaams Gewest', de naam van de cluster of van de provincie",
    "teller": "Som van de tellers (bij ratio) of van de aantallen van de gemeenten met een gepubliceerd cijfer "
              "(bij Vlaams Gewest: de 02000-rij of de som incl. 99991); leeg bij waarde-indicatoren",
    "noemer": "Som van de noemers (alleen bij ratio); leeg anders",
    "waarde": "Het cijfer van het gebied: teller/noemer × schaal (ratio van sommen), het totaal, "
              "of de mediaan van de gemeenten bij waarde-indicatoren",
    "status": "leeg, of onvolledig: een geheim cijfer van een gemeente ontbreekt in de som",
    "ondergrens": "Ondergrens van het 95 %-betrouwbaarheidsinterval van waarde, op dezelfde schaal "
                  "(zie de methodologie); leeg bij aantallen, waarden en gemiddelden",
    "bovengrens": "Bovengrens van het 95 %-betrouwbaarheidsinterval van waarde (zie ondergrens)",
    "klein_aantal": "'ja' als de noemer kleiner is dan de drempel van de catalogus (standaard 30)",
    "kloof": "Verschil met de referentiegroep van de indeling (bv. Belgische herkomst) in hetzelfde gebied, "
             "in procentpunten (promillepunten bij ‰); leeg voor de referentiegroep, 'totaal' en zonder interval",
    "kloof_ondergrens": "Ondergrens van het 95 %-interval van kloof (methode van Newcombe)",
    "kloof_bovengrens": "Bovengrens van het 95 %-interval van kloof",
}
# Appended to liim-data.csv and liim-vergelijking.csv, after the contract columns (readers by position
# keep working); beside the codes in the Excel-ready variants of the indicator and gemeente files.
LABEL_COLUMNS = ("indicator_naam", "groep_naam")
LABEL_DOCS = {
    "indicator_naam": "Naam van de indicator (zie 'indicatoren' in datapackage.json)",
    "groep_naam": "Naam van de groep, bv. 'Belgische herkomst' ('groepen' per indicator in datapackage.json)",
}

# The columns of the smaller files: a column that is the same on every row of a file is left out
# (the file says it once), and so are the comparison figures of an indicator file (one per
# indicator × jaar × groep, in liim-vergelijking.csv; see JOIN_DOCS).
OWN_FIGURES = ("teller", "noemer", "waarde", "status")
UNCERTAINTY = ("ondergrens", "bovengrens", "klein_aantal", "t_o_v_vlaanderen", "t_o_v_cluster",
               "kloof", "kloof_ondergrens", "kloof_bovengrens")
COMPARISON = ("vlaanderen", "cluster_waarde", "provincie_waarde")
# liim-gemeenten.csv: the gemeenten of today's division with their cluster and province
GEMEENTEN_COLUMNS = ("nis", "gemeente", "cluster", "provincie")
# gemeenten/<nis>.csv and the rows of <nis>.json: without nis, gemeente, cluster and provincie
GEMEENTE_COLUMNS = ("indicator", "jaar", "groep") + OWN_FIGURES + COMPARISON + UNCERTAINTY
GEMEENTE_EXCEL_COLUMNS = ("indicator", "indicator_naam", "jaar", "groep", "groep_naam") + OWN_FIGURES + COMPARISON + UNCERTAINTY
# indicatoren/<slug>.csv: without indicator and without the comparison figures
INDICATOR_COLUMNS = ("jaar", "nis", "groep") + OWN_FIGURES + UNCERTAINTY
INDICATOR_EXCEL_COLUMNS = ("jaar", "nis", "gemeente", "groep", "groep_naam") + OWN_FIGURES + UNCERTAINTY
assert set(GEMEENTE_COLUMNS) | {"nis", "gemeente", "cluster", "provincie"} == set(EXPORT_COLUMNS)

JOIN_DOCS = {
    "gemeente": "Eén rij per indicator × jaar × groep van één gemeente (de NIS-code staat in de bestandsnaam en "
                "in datapackage.json): de kolommen van liim-data.csv zonder nis, gemeente, cluster en provincie, die "
                "voor elke rij dezelfde zijn (zie liim-gemeenten.csv).",
    "indicator": "Eén rij per jaar × gemeente × groep van één indicator (de code staat in datapackage.json): de "
                 "kolommen van liim-data.csv zonder indicator en zonder de vergelijkingscijfers vlaanderen, "
                 "cluster_waarde en provincie_waarde, die voor alle gemeenten van een jaar en groep dezelfde zijn. "
                 "Ze staan in liim-vergelijking.csv: koppel op indicator, jaar en groep met niveau 'vlaanderen', of "
                 "met niveau 'cluster' en naam = cluster, of niveau 'provincie' en naam = provincie van de gemeente "
                 "(liim-gemeenten.csv, op nis).",
    "gemeenten": "De gemeenten van vandaag met hun naam, cluster en provincie: koppel de indicatorbestanden op nis.",
}
assert tuple(REFERENCE_DOCS) == REFERENCE_COLUMNS, "document every column of liim-vergelijking.csv, in order"

NUMBER_COLUMNS = frozenset({"teller", "noemer", "waarde", "vlaanderen", "cluster_waarde", "provincie_waarde",
                            "ondergrens", "bovengrens", "kloof", "kloof_ondergrens", "kloof_bovengrens"})
INTEGER_COLUMNS = frozenset({"jaar"})
VERDICTS = ["", HIGHER, LOWER, SIMILAR]
ENUMS = {
    "status": ["", STATUS_PROVISIONAL, STATUS_SECRET, STATUS_MERGER, STATUS_MISSING],
    "klein_aantal": ["", "ja"],
    "t_o_v_vlaanderen": VERDICTS,
    "t_o_v_cluster": VERDICTS,
}
REFERENCE_ENUMS = {
    "status": ["", INCOMPLETE],
    "niveau": ["vlaanderen", "cluster", "provincie"],
    "klein_aantal": ["", "ja"],
}


def fields(columns: tuple[str, ...], docs: dict[str, str], enums: dict[str, list[str]]) -> list[dict]:
    """Table Schema fields: name, type (number, integer or string), Dutch description, allowed values."""
    out = []
    for col in columns:
        kind = "integer" if col in INTEGER_COLUMNS else "number" if col in NUMBER_COLUMNS else "string"
        field: dict = {"name": col, "type": kind, "description": docs[col]}
        if col in enums:
            field["constraints"] = {"enum": list(enums[col])}
        out.append(field)
    return out


def data_fields(docs: dict[str, str], columns: tuple[str, ...] = EXPORT_COLUMNS + LABEL_COLUMNS) -> list[dict]:
    """The fields of liim-data.csv (``docs``: ``export.column_docs``), then the labels; or of the
    file with ``columns``, a selection of those."""
    return fields(columns, docs | LABEL_DOCS, ENUMS)


def reference_fields() -> list[dict]:
    """The fields of liim-vergelijking.csv, then the labels."""
    return fields(REFERENCE_COLUMNS + LABEL_COLUMNS, REFERENCE_DOCS | LABEL_DOCS, REFERENCE_ENUMS)
