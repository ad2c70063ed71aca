"""Map validated rows onto today's gemeenten.

Rows of a year arrive on that year's municipal division (or, when a supplier
recalculated history, wholly on today's). Teller and noemer of merged
gemeenten are summed over their predecessors; a ``waarde`` (e.g. a median)
cannot be summed, so a merged gemeente gets none for the years before its
merger. A ``geheim`` predecessor makes the merged figure ``geheim``, and a
missing predecessor makes it missing: a partial sum is never published.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .divisions import Divisions
from .model import (
    NIS_UNLOCATED,
    NIS_VLAANDEREN,
    PUBLISHED,
    STATUS_MERGER,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_PROVISIONAL,
    STATUS_SECRET,
)

KEY = ["indicator", "jaar", "nis", "groep"]
FIGURES = ["teller", "noemer", "waarde"]


@dataclass
class Harmonised:
    """Figures on today's division, plus the rows that belong to no gemeente."""

    gemeenten: pd.DataFrame   # KEY + teller, noemer, waarde (the figure), status; complete grid
    official: pd.DataFrame    # 02000 rows: the supplier's Flemish totals
    unlocated: pd.DataFrame   # 99991 rows: count in Vlaanderen, no map area


def harmonise(rows: pd.DataFrame, catalogue: Catalogue, divisions: Divisions) -> Harmonised:
    """Harmonise validated rows (typed) to today's division."""
    special = rows["nis"].isin([NIS_VLAANDEREN, NIS_UNLOCATED])
    local = map_to_current(rows[~special], divisions)
    merged = aggregate(local, catalogue)
    grid = complete_grid(merged, sorted(divisions.current.names))
    grid["waarde"] = figure(grid, catalogue)
    cols = KEY + FIGURES + ["status"]
    official = rows.loc[rows["nis"] == NIS_VLAANDEREN, cols].reset_index(drop=True)
    unlocated = rows.loc[rows["nis"] == NIS_UNLOCATED, cols].reset_index(drop=True)
    return Harmonised(grid[cols], official, unlocated)


def map_to_current(rows: pd.DataFrame, divisions: Divisions) -> pd.DataFrame:
    """Add ``huidig`` (today's NIS) and ``verwacht`` (how many gemeenten of the division the
    file delivers that year on make up ``huidig``: predecessors expected in the sum)."""
    df = rows.copy()
    keys = divisions.delivered_keys(df)
    df["huidig"] = divisions.to_current(df["nis"], keys)
    counts = divisions.predecessor_counts()
    df["verwacht"] = np.array([counts.get(pair, 1) for pair in zip(keys, df["huidig"], strict=True)], dtype=np.int64)
    return df


def aggregate(df: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Sum teller/noemer over predecessors; decide the status of each merged figure."""
    df = df.assign(geheim=df["status"] == STATUS_SECRET, voorlopig=df["status"] == STATUS_PROVISIONAL)
    g = df.groupby(["indicator", "jaar", "huidig", "groep"], sort=False)
    out = g.agg(teller=("teller", "sum"), noemer=("noemer", "sum"), n_teller=("teller", "count"),
                n_noemer=("noemer", "count"), waarde=("waarde", "first"), n=("nis", "size"),
                verwacht=("verwacht", "max"), geheim=("geheim", "any"), voorlopig=("voorlopig", "any")).reset_index()
    out["teller"] = out["teller"].where(out["n_teller"] > 0)  # a sum of nothing is no figure
    out["noemer"] = out["noemer"].where(out["n_noemer"] > 0)
    out = out.rename(columns={"huidig": "nis"})
    is_value = out["indicator"].map(catalogue.soorten) == "waarde"
    status = np.select(
        [out["geheim"], out["n"] < out["verwacht"], is_value & (out["verwacht"] > 1), out["voorlopig"]],
        [STATUS_SECRET, STATUS_MISSING, STATUS_MERGER, STATUS_PROVISIONAL], default=STATUS_OK)
    out["status"] = status
    out = suppress_complementary(out)
    blank = ~out["status"].isin(PUBLISHED)
    out.loc[blank, FIGURES] = np.nan
    return out[KEY + FIGURES + ["status"]]


def suppress_complementary(out: pd.DataFrame) -> pd.DataFrame:
    """A secret group makes every group of that indicator × jaar × gemeente secret: otherwise it
    would follow from 'totaal' minus the other groups (or 'totaal' from the sum of the groups)."""
    is_secret = out["status"] == STATUS_SECRET
    secret = is_secret.groupby([out["indicator"], out["jaar"], out["nis"]], sort=False).transform("any")
    out.loc[secret, "status"] = STATUS_SECRET
    return out


def complete_grid(df: pd.DataFrame, current: list[str]) -> pd.DataFrame:
    """One row per indicator × jaar × groep present × every current gemeente."""
    combos = df[["indicator", "jaar", "groep"]].drop_duplicates()
    grid = combos.loc[combos.index.repeat(len(current))].reset_index(drop=True)
    grid["nis"] = np.tile(np.array(current, dtype=object), len(combos))
    out = grid.merge(df, on=KEY, how="left")
    out["status"] = out["status"].fillna(STATUS_MISSING)
    return out.sort_values(KEY, kind="stable").reset_index(drop=True)


def figure(df: pd.DataFrame, catalogue: Catalogue) -> pd.Series:
    """The published figure: teller/noemer × schaal, the count, or the given value (the catalogue's rule)."""
    return catalogue.figure(df["indicator"], df["teller"], df["noemer"], df["waarde"])
