"""The harmonised export liim-data.csv (a public contract): columns, rounding, writers."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .divisions import Division
from .model import EXPORT_COLUMNS

FLOAT_FORMAT = "%.15g"  # plain decimals, exact to the cent for sums of euros (no 1.1e+10), no float noise


def column_docs(current: Division) -> dict[str, str]:
    """What each column of liim-data.csv means; its NIS codes are those of ``current`` (today's division)."""
    docs = {**_COLUMN_DOCS, "nis": f"NIS-code van de gemeente in de indeling {current.period}"}
    return {col: docs[col] for col in EXPORT_COLUMNS}


def __getattr__(name: str) -> Any:
    """``COLUMN_DOCS``, for callers that do not pass the division yet: today's division as
    geodata/bronnen.yml lists it. Use ``column_docs(monitor.divisions.current)`` instead."""
    if name != "COLUMN_DOCS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .geodata import load_division_specs
    spec = load_division_specs()[-1]
    return column_docs(Division(spec.key, spec.first_year, spec.last_year, {}))


_COLUMN_DOCS = {  # every column but nis (see column_docs)
    "indicator": "Code van de indicator (zie indicatoren.yml), bv. D1",
    "jaar": "Referentiejaar van het cijfer",
    "gemeente": "Naam van de gemeente",
    "groep": "Groep van de opsplitsing ('totaal' zonder opsplitsing)",
    "teller": "Teller (bij ratio) of aantal; leeg bij geheim of ontbrekend",
    "noemer": "Noemer (bij ratio); leeg anders",
    "waarde": "Het cijfer van de gemeente: teller/noemer × schaal, het aantal, of de gegeven waarde",
    "status": "leeg, voorlopig, geheim (niet gepubliceerd), fusie (niet beschikbaar door fusie) of ontbreekt",
    "vlaanderen": "Cijfer van het Vlaams Gewest (02000-rij of ratio van sommen, incl. 99991)",
    "cluster": "Naam van de cluster van vergelijkbare gemeenten",
    "cluster_waarde": "Cijfer van de cluster (ratio van sommen; mediaan bij waarde-indicatoren)",
    "provincie": "Provincie van de gemeente",
    "provincie_waarde": "Cijfer van de provincie (ratio van sommen; mediaan bij waarde-indicatoren)",
    "ondergrens": "Ondergrens van het 95 %-betrouwbaarheidsinterval van waarde, op dezelfde schaal (%, ‰): "
                  "Wilson bij aandelen, exact Poisson-interval bij cijfers per 1 000; leeg bij aantallen, waarden en gemiddelden",
    "bovengrens": "Bovengrens van het 95 %-betrouwbaarheidsinterval van waarde (zie ondergrens)",
    "klein_aantal": "'ja' als de noemer kleiner is dan de drempel van de catalogus (standaard 30): "
                    "het cijfer schommelt sterk door toeval",
    "t_o_v_vlaanderen": "hoger of lager: het hele interval ligt boven of onder het Vlaamse cijfer; "
                        "gelijk: geen duidelijk verschil; leeg zonder interval",
    "t_o_v_cluster": "hoger, lager of gelijk ten opzichte van het cijfer van de cluster (zelfde regel)",
    "kloof": "Verschil met de referentiegroep van de indeling (bv. Belgische herkomst) in procentpunten "
             "(promillepunten bij ‰); leeg voor de referentiegroep, 'totaal' en zonder interval",
    "kloof_ondergrens": "Ondergrens van het 95 %-interval van kloof (methode van Newcombe)",
    "kloof_bovengrens": "Bovengrens van het 95 %-interval van kloof",
}
ROUNDED = ("waarde", "vlaanderen", "cluster_waarde", "provincie_waarde", "ondergrens", "bovengrens",
           "kloof", "kloof_ondergrens", "kloof_bovengrens")


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The contract columns, figures rounded to remove float noise."""
    out = table[list(EXPORT_COLUMNS)].copy()
    for col in ROUNDED:
        out[col] = out[col].round(6)
    out["klein_aantal"] = np.where(out["klein_aantal"].astype(bool), "ja", "")
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    return path


def write_json(frame: pd.DataFrame, path: Path) -> Path:
    """Records with ``null`` for empty figures; column order as in the CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_json(path, orient="records", force_ascii=False, double_precision=10)
    return path
