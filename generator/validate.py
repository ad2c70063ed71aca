"""Validate the canonical rows against the catalogue and the municipal divisions.

Every rule runs on the whole table at once (vectorised) and contributes
``Problem`` records pointing at file and line; nothing stops early.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import ROLES_BY_SOORT, Catalogue
from .divisions import Division, Divisions
from .errors import Problem
from .model import NIS_UNLOCATED, NIS_VLAANDEREN, STATUS_PROVISIONAL, STATUS_SECRET, Edition

FIGURES = ("teller", "noemer", "waarde")
FIRST_YEAR = 1977  # the oldest division the boundary files describe


def emit(frame: pd.DataFrame, mask: Any, message: str | pd.Series | Callable[[Any], str], fix: str = "") -> list[Problem]:
    """One problem per row selected by ``mask``; ``message`` is one text, a text per row, or a function of the row."""
    rows = frame[mask]
    if rows.empty:
        return []
    if isinstance(message, pd.Series):
        texts = list(message[mask])
    else:
        texts = rows.apply(message, axis=1) if callable(message) else [message] * len(rows)
    return [Problem(b, int(r), t, fix) for b, r, t in zip(rows["bestand"], rows["regel"], texts)]


def validate_values(frame: pd.DataFrame, catalogue: Catalogue, divisions: Divisions,
                    edition: Edition | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every rule; return the typed rows (jaar int, figures float) and all problems."""
    df, problems = validate_rows(frame, catalogue, divisions, edition)
    return df, problems + check_duplicates(df)


def validate_rows(frame: pd.DataFrame, catalogue: Catalogue, divisions: Divisions,
                  edition: Edition | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Every rule that looks at one row, or at the rows of one file and year: all but the duplicates
    (``check_duplicates``), so a file's result can be cached and joined to the others'. Returns the
    typed rows (jaar int, figures float; rows without a valid year dropped) and their problems."""
    df = frame.copy()
    given = df[list(FIGURES)] != ""
    problems = check_keys(df, catalogue, edition)
    numbers, number_problems = parse_numbers(df)
    problems += number_problems
    df[list(FIGURES)] = numbers.astype(float)
    df["jaar"] = pd.to_numeric(df["jaar"], errors="coerce")
    problems += check_figures(df, given, catalogue)
    problems += check_divisions(df, divisions)
    df = df.dropna(subset=["jaar"])
    df["jaar"] = df["jaar"].astype(int)
    return df, problems


def check_keys(df: pd.DataFrame, catalogue: Catalogue, edition: Edition | None) -> list[Problem]:
    """indicator, jaar, nis, groep and status are well-formed and known."""
    codes = [i.code for i in catalogue]
    known = df["indicator"].isin(codes)
    p = emit(df, ~known, lambda r: f"onbekende indicator '{r.indicator}'", "gebruik een code uit data/indicatoren.yml")
    planned = {i.code for i in catalogue if not i.available}
    p += emit(df, df["indicator"].isin(planned), lambda r: f"indicator {r.indicator} staat als gepland in de catalogus",
              "vul eerste_editie in data/indicatoren.yml in")
    if edition is not None:
        outside = known & ~df["indicator"].isin(edition.indicatoren)
        p += emit(df, outside, lambda r: f"indicator {r.indicator} staat niet in editie.yml",
                  "voeg de code toe aan 'indicatoren' in editie.yml")
    p += check_year(df, edition)
    p += emit(df, ~df["nis"].str.fullmatch(r"\d{5}"), lambda r: f"ongeldige NIS-code '{r.nis}'", "een NIS-code heeft 5 cijfers, bv. 11002")
    pairs = {(i.code, g) for i in catalogue for g in i.group_codes}
    bad_group = known & ~pd.Series([k in pairs for k in zip(df["indicator"], df["groep"])], index=df.index, dtype=bool)
    p += emit(df, bad_group, lambda r: f"onbekende groep '{r.groep}' voor {r.indicator}",
              "gebruik een groep van de indeling in data/indicatoren.yml ('totaal' zonder opsplitsing)")
    bad_status = ~df["status"].isin(["", STATUS_SECRET, STATUS_PROVISIONAL])
    p += emit(df, bad_status, lambda r: f"onbekende status '{r.status}'", "laat leeg, of 'geheim' of 'voorlopig'")
    return p


def check_year(df: pd.DataFrame, edition: Edition | None) -> list[Problem]:
    years = pd.to_numeric(df["jaar"].where(df["jaar"].str.fullmatch(r"\d{4}")), errors="coerce")
    last = edition.jaar if edition else 9999
    bad = years.isna() | (years < FIRST_YEAR) | (years > last)
    return emit(df, bad, lambda r: f"ongeldig jaar '{r.jaar}'", f"een jaartal tussen {FIRST_YEAR} en {last} (het editiejaar)")


def parse_numbers(df: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Figures as floats (NaN when empty); non-numeric and negative values are problems."""
    out, problems = pd.DataFrame(index=df.index), []
    for col in FIGURES:
        text = df[col]
        value = pd.to_numeric(text.where(text != ""), errors="coerce")
        not_number = (text != "") & value.isna()
        comma = not_number & text.str.fullmatch(r"-?\d+,\d+")
        problems += emit(df, comma, f"{col} '" + text + "' gebruikt een decimale komma", "gebruik een punt als decimaalteken: 12.5")
        problems += emit(df, not_number & ~comma, f"{col} '" + text + "' is geen getal")
        problems += emit(df, value < 0, f"{col} " + text + " is negatief", "cijfers zijn nooit negatief")
        out[col] = value.where(~np.isinf(value))
    return out, problems


def check_figures(df: pd.DataFrame, given: pd.DataFrame, catalogue: Catalogue) -> list[Problem]:
    """The figures a row carries (``given``: cell not empty) fit its indicator's kind and status."""
    kind = df["indicator"].map(catalogue.soorten)
    secret = df["status"] == STATUS_SECRET
    p = emit(df, secret & given.any(axis=1), "rij met status 'geheim' bevat een cijfer",
             "een geheim cijfer wordt niet geleverd: laat teller, noemer en waarde leeg")
    for soort, needed in ROLES_BY_SOORT.items():
        rows = (kind == soort) & ~secret
        for col in needed:
            p += emit(df, rows & ~given[col], f"{col} ontbreekt voor " + df["indicator"] + f" ({soort})")
        for col in set(FIGURES) - set(needed):
            p += emit(df, rows & given[col], f"{col} hoort niet bij " + df["indicator"] + f" ({soort})", f"laat {col} leeg")
    pct = df["indicator"].isin([i.code for i in catalogue if i.soort == "ratio" and i.is_percentage])
    p += emit(df, pct & (df["teller"] > df["noemer"]), lambda r: f"teller {r.teller:g} is groter dan noemer {r.noemer:g}",
              "bij een percentage is de teller een deel van de noemer")
    # 0 of 0 (e.g. no jobseekers at all) has no figure but keeps the sums complete; x of 0 is impossible
    p += emit(df, (kind == "ratio") & (df["noemer"] == 0) & (df["teller"] != 0),
              lambda r: f"noemer is 0 terwijl de teller {r.teller:g} is", "een deel van niets bestaat niet: controleer de rij")
    summable = df["indicator"].isin([i.code for i in catalogue if i.soort == "waarde"])
    p += emit(df, summable & (df["nis"] == NIS_UNLOCATED), lambda r: f"{r.indicator} is een waarde: 99991 kan niet worden opgeteld")
    return p


def check_duplicates(df: pd.DataFrame) -> list[Problem]:
    """One problem per repeated indicator × jaar × nis × groep (rows without a year do not count)."""
    key = ["indicator", "jaar", "nis", "groep"]
    dup = df.duplicated(key, keep=False) & df["jaar"].notna()
    if not dup.any():
        return []
    first = df[dup].groupby(key, sort=False)[["bestand", "regel"]].transform("first")
    where = first["bestand"] + ":" + first["regel"].astype(str)
    later = dup & df.duplicated(key, keep="first")
    shown = df.assign(eerst=where)
    return emit(shown, later.reindex(shown.index, fill_value=False),
                lambda r: f"dubbele rij voor {r.indicator} {int(r.jaar)} {r.nis} {r.groep} (ook op {r.eerst})")


def check_divisions(df: pd.DataFrame, divisions: Divisions) -> list[Problem]:
    """Each (file, jaar) is wholly on the division of that year, or wholly on today's
    (``Divisions.delivered_on``); every code outside it is a problem."""
    rows = df[df["jaar"].notna() & df["nis"].str.fullmatch(r"\d{5}") & ~df["nis"].isin([NIS_VLAANDEREN, NIS_UNLOCATED])]
    problems: list[Problem] = []
    for (_, jaar), group in rows.groupby(["bestand", "jaar"], sort=False):
        division = divisions.delivered_on(group["nis"], int(jaar))
        outside = ~group["nis"].map(division.contains).astype(bool)
        if outside.any():
            problems += division_problems(group, outside, division, divisions, int(jaar))
    return problems


def division_problems(group: pd.DataFrame, outside: pd.Series, division: Division, divisions: Divisions,
                      jaar: int) -> list[Problem]:
    """Explain each code (``outside``) that ``division``, the one the file uses for ``jaar``, lacks."""
    def explain(r) -> str:
        merger = divisions.ending_merger(r.nis, jaar)
        if merger:
            return (f"NIS-code {r.nis} ({merger.old_naam}) bestaat niet meer in {jaar}: samengevoegd tot "
                    f"{merger.new_nis} {merger.new_naam} op {merger.datum}")
        if divisions.current.contains(r.nis):
            return (f"NIS-code {r.nis} hoort bij de indeling van vandaag, maar dit bestand gebruikt voor {jaar} "
                    f"de indeling {division.key}: meng geen indelingen in één jaar")
        return f"onbekende NIS-code {r.nis} voor {jaar} (indeling {division.key})"
    fix = "lever een jaar volledig op de indeling van dat jaar, of volledig op de huidige indeling"
    return emit(group, outside, explain, fix)
