"""Compare every gemeente figure with Vlaanderen, its cluster and its province.

Totals are ratios of sums (never means of percentages); ``waarde`` figures
(medians) are never summed: their group figure is the median of the members.
A member without a published figure is left out of a computed total, which
is then marked ``onvolledig``; the secret figure never enters a published sum,
so nothing can be recovered by subtraction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .harmonise import Harmonised
from .model import PUBLISHED, STATUS_SECRET, TABLE_COLUMNS, Gemeente

INCOMPLETE = "onvolledig"
GROUP = ["indicator", "jaar", "groep"]
NEAR = 0.05  # within 5 % of the cluster figure counts as "rond"


def compare(h: Harmonised, catalogue: Catalogue, gemeenten: dict[str, Gemeente]) -> pd.DataFrame:
    """The harmonised table with all comparison columns (``model.TABLE_COLUMNS``)."""
    df = h.gemeenten.copy()
    df["gemeente"] = df["nis"].map({n: g.naam for n, g in gemeenten.items()})
    df["cluster"] = df["nis"].map({n: g.clusternaam for n, g in gemeenten.items()})
    df["provincie"] = df["nis"].map({n: g.provincie for n, g in gemeenten.items()})
    df["_published"] = df["status"].isin(PUBLISHED)
    df = df.merge(vlaanderen(df, h, catalogue), on=GROUP, how="left")
    for level in ("cluster", "provincie"):
        df = df.merge(group_figures(df, level, catalogue), on=GROUP + [level], how="left")
    df = add_rank_and_position(df, catalogue)
    out = df[list(TABLE_COLUMNS)].reset_index(drop=True)
    text = [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c])]
    out[text] = out[text].astype(object)  # plain Python str: the render stages iterate rows a lot
    return out


def summarise(rows: pd.DataFrame, by: list[str], catalogue: Catalogue) -> pd.DataFrame:
    """Figure and completeness per group: ratio of sums, sum of counts, median of values."""
    rows = rows.assign(_t=rows["teller"].where(rows["_published"]), _n=rows["noemer"].where(rows["_published"]),
                       _v=rows["waarde"].where(rows["_published"]))
    g = rows.groupby(by, sort=False)
    out = g.agg(t=("_t", "sum"), n=("_n", "sum"), t_count=("_t", "count"), n_count=("_n", "count"),
                med=("_v", "median"), complete=("_published", "all")).reset_index()
    out["t"], out["n"] = out["t"].where(out["t_count"] > 0), out["n"].where(out["n_count"] > 0)
    out["figure"] = catalogue.figure(out["indicator"], out["t"], out["n"], out["med"])
    out["status"] = np.where(out["complete"], "", INCOMPLETE)
    return out[by + ["figure", "status"]]


def vlaanderen(df: pd.DataFrame, h: Harmonised, catalogue: Catalogue) -> pd.DataFrame:
    """Flemish figure: the 02000 row when given, else the sum over gemeenten and 99991."""
    unlocated = h.unlocated.assign(_published=h.unlocated["status"] != STATUS_SECRET)
    computed = summarise(pd.concat([df, unlocated], ignore_index=True), GROUP, catalogue)
    official = h.official[h.official["status"] != STATUS_SECRET]
    official = official.assign(_published=True)
    given = summarise(official, GROUP, catalogue).rename(columns={"figure": "official"})[GROUP + ["official"]]
    out = computed.merge(given, on=GROUP, how="left").merge(secret_groups(df, h), on=GROUP, how="left")
    # the official total with a secret member would reveal it by subtraction (for a ratio too: its
    # noemer, e.g. the population, is public): keep the computed total without the secret then
    use_official = out["official"].notna() & ~out["secret"].fillna(False).astype(bool)
    out["vlaanderen"] = np.where(use_official, out["official"], out["figure"])
    out["vlaanderen_status"] = np.where(use_official, "", out["status"])
    return out[GROUP + ["vlaanderen", "vlaanderen_status"]]


def secret_groups(df: pd.DataFrame, h: Harmonised) -> pd.DataFrame:
    """Per indicator × jaar × groep: is any gemeente or the 99991 row ``geheim``?"""
    rows = pd.concat([df[GROUP + ["status"]], h.unlocated[GROUP + ["status"]]], ignore_index=True)
    rows["secret"] = rows["status"] == STATUS_SECRET
    return rows.groupby(GROUP, sort=False)["secret"].any().reset_index()


def group_figures(df: pd.DataFrame, level: str, catalogue: Catalogue) -> pd.DataFrame:
    """Cluster or province figure of every member's group."""
    out = summarise(df, GROUP + [level], catalogue)
    return out.rename(columns={"figure": f"{level}_waarde", "status": f"{level}_status"})


def add_rank_and_position(df: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Rank in Flanders (1 = highest) and position relative to the cluster."""
    figure = df["waarde"].where(df["_published"])
    groups = figure.groupby([df[c] for c in GROUP], sort=False)
    df["rang"] = groups.rank(ascending=False, method="min")
    df["rang_van"] = groups.transform("count").where(figure.notna())
    comparable = df["indicator"].map(catalogue.soorten) != "aantal"
    ref = df["cluster_waarde"]
    rel = (figure - ref) / ref.where(ref != 0)
    rel = rel.where(ref != 0, np.where(figure == 0, 0.0, np.inf))
    position = np.select([rel > NEAR, rel < -NEAR, rel.abs() <= NEAR], ["boven", "onder", "rond"], "")
    df["positie"] = np.where(comparable & figure.notna() & ref.notna(), position, "")
    return df
