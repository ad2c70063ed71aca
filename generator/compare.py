"""Compare every gemeente figure with Vlaanderen, its cluster and its province.

Totals are ratios of sums (never means of percentages); ``waarde`` figures
(medians) are never summed: their group figure is the median of the members.
A member without a published figure is left out of a computed total, which
is then marked ``onvolledig``; the secret figure never enters a published sum,
so nothing can be recovered by subtraction.

Every published ratio figure gets its 95 % interval (``intervals``: Wilson for
shares, the exact Poisson interval for rates per 1 000), and a gemeente is ``hoger`` or ``lager`` than
Vlaanderen or its cluster only when its interval lies wholly above or below that
figure. Gaps between groups, and the change against five editions earlier, come
with the interval of the difference. Figures with a small noemer are marked.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import intervals
from .catalogue import Catalogue
from .harmonise import Harmonised
from .model import PUBLISHED, REFERENCE_COLUMNS, STATUS_SECRET, TABLE_COLUMNS, Gemeente

INCOMPLETE = "onvolledig"
GROUP = ["indicator", "jaar", "groep"]
EDITIONS_BACK = 5  # the gemeente page compares the newest figure with the one five editions earlier
LEVELS = ("vlaanderen", "cluster", "provincie")
VLAANDEREN = "Vlaams Gewest"


@dataclass(frozen=True)
class Comparison:
    """The compare stage's result: the gemeente table and the comparison figures."""

    table: pd.DataFrame       # model.TABLE_COLUMNS, one row per indicator × jaar × gemeente × groep
    references: pd.DataFrame  # model.REFERENCE_COLUMNS, one row per indicator × jaar × groep × level


def compare(h: Harmonised, catalogue: Catalogue, gemeenten: dict[str, Gemeente]) -> Comparison:
    """The harmonised table with all comparison columns, and the figures it is compared with."""
    df = h.gemeenten.copy()
    df["gemeente"] = df["nis"].map({n: g.naam for n, g in gemeenten.items()})
    df["cluster"] = df["nis"].map({n: g.clusternaam for n, g in gemeenten.items()})
    df["provincie"] = df["nis"].map({n: g.provincie for n, g in gemeenten.items()})
    df["_published"] = df["status"].isin(PUBLISHED)
    levels = {"vlaanderen": vlaanderen(df, h, catalogue),
              "cluster": group_figures(df, "cluster", catalogue),
              "provincie": group_figures(df, "provincie", catalogue)}
    df = df.merge(levels["vlaanderen"], on=GROUP, how="left")
    for level in ("cluster", "provincie"):
        df = df.merge(levels[level], on=GROUP + [level], how="left")
    df = add_rank(df)
    df = add_uncertainty(df, catalogue, ["indicator", "jaar", "nis"], published=df["_published"])
    df = add_significance(df)
    df = add_change(df, catalogue)
    out = plain_text(df[list(TABLE_COLUMNS)].reset_index(drop=True))
    return Comparison(out, reference_table(levels, catalogue))


def plain_text(out: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain Python str objects: the render stages iterate rows a lot."""
    text = [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c]) and out[c].dtype != bool]
    out[text] = out[text].astype(object)
    return out


def summarise(rows: pd.DataFrame, by: list[str], catalogue: Catalogue) -> pd.DataFrame:
    """Figure, sums and completeness per group: ratio of sums, sum of counts, median of values."""
    rows = rows.assign(_t=rows["teller"].where(rows["_published"]), _n=rows["noemer"].where(rows["_published"]),
                       _v=rows["waarde"].where(rows["_published"]))
    g = rows.groupby(by, sort=False)
    out = g.agg(t=("_t", "sum"), n=("_n", "sum"), t_count=("_t", "count"), n_count=("_n", "count"),
                med=("_v", "median"), complete=("_published", "all")).reset_index()
    out["t"], out["n"] = out["t"].where(out["t_count"] > 0), out["n"].where(out["n_count"] > 0)
    out["figure"] = catalogue.figure(out["indicator"], out["t"], out["n"], out["med"])
    out["status"] = np.where(out["complete"], "", INCOMPLETE)
    return out[by + ["figure", "status", "t", "n"]]


def vlaanderen(df: pd.DataFrame, h: Harmonised, catalogue: Catalogue) -> pd.DataFrame:
    """Flemish figure: the 02000 row when given, else the sum over gemeenten and 99991."""
    unlocated = h.unlocated.assign(_published=h.unlocated["status"] != STATUS_SECRET)
    computed = summarise(pd.concat([df, unlocated], ignore_index=True), GROUP, catalogue)
    official = h.official[h.official["status"] != STATUS_SECRET]
    official = official.assign(_published=True)
    given = summarise(official, GROUP, catalogue).rename(columns={"figure": "official", "t": "o_t", "n": "o_n"})
    out = computed.merge(given[GROUP + ["official", "o_t", "o_n"]], on=GROUP, how="left")
    out = out.merge(secret_groups(df, h), on=GROUP, how="left")
    # the official total with a secret member would reveal it by subtraction (for a ratio too: its
    # noemer, e.g. the population, is public): keep the computed total without the secret then
    use_official = out["official"].notna() & ~out["secret"].fillna(False).astype(bool)
    out["vlaanderen"] = np.where(use_official, out["official"], out["figure"])
    out["vlaanderen_status"] = np.where(use_official, "", out["status"])
    out["vlaanderen_teller"] = np.where(use_official, out["o_t"], out["t"])
    out["vlaanderen_noemer"] = np.where(use_official, out["o_n"], out["n"])
    return out[GROUP + ["vlaanderen", "vlaanderen_status", "vlaanderen_teller", "vlaanderen_noemer"]]


def secret_groups(df: pd.DataFrame, h: Harmonised) -> pd.DataFrame:
    """Per indicator × jaar × groep: is any gemeente or the 99991 row ``geheim``?"""
    rows = pd.concat([df[GROUP + ["status"]], h.unlocated[GROUP + ["status"]]], ignore_index=True)
    rows["secret"] = rows["status"] == STATUS_SECRET
    return rows.groupby(GROUP, sort=False)["secret"].any().reset_index()


def group_figures(df: pd.DataFrame, level: str, catalogue: Catalogue) -> pd.DataFrame:
    """Cluster or province figure of every member's group."""
    out = summarise(df, GROUP + [level], catalogue)
    return out.rename(columns={"figure": f"{level}_waarde", "status": f"{level}_status",
                               "t": f"{level}_teller", "n": f"{level}_noemer"})


def add_rank(df: pd.DataFrame) -> pd.DataFrame:
    """Rank in Flanders (1 = highest) among the published figures."""
    figure = df["waarde"].where(df["_published"])
    groups = figure.groupby([df[c] for c in GROUP], sort=False)
    df["rang"] = groups.rank(ascending=False, method="min")
    df["rang_van"] = groups.transform("count").where(figure.notna())
    return df


def add_uncertainty(frame: pd.DataFrame, catalogue: Catalogue, keys: list[str], published: pd.Series) -> pd.DataFrame:
    """``ondergrens``/``bovengrens`` (95 %), ``klein_aantal`` and the gap to the reference group
    (``kloof``, ``kloof_ondergrens``, ``kloof_bovengrens``) of every published figure; ``keys``
    identify one place and year (the groups of one gemeente, cluster, ...)."""
    codes = frame["indicator"]
    method = catalogue.attribute(codes, "interval").where(published, "")
    scale = catalogue.attribute(codes, "schaal").astype(float)
    frame["ondergrens"], frame["bovengrens"] = intervals.ratio_interval(method, frame["teller"], frame["noemer"], scale)
    ratio = catalogue.attribute(codes, "soort") == "ratio"
    threshold = catalogue.attribute(codes, "klein_aantal").astype(float)
    frame["klein_aantal"] = (ratio & published & (frame["noemer"] < threshold)).astype(bool)
    return add_gaps(frame, catalogue, keys, published)


def add_gaps(frame: pd.DataFrame, catalogue: Catalogue, keys: list[str], published: pd.Series) -> pd.DataFrame:
    """Each group's figure minus the reference group's (same place and year), with its interval;
    only when both figures are published and have an interval."""
    reference = catalogue.attribute(frame["indicator"], "gap_reference")
    is_reference = (frame["groep"] == reference) & published
    own = frame[keys + ["waarde", "ondergrens", "bovengrens"]].where(published)
    refs = frame.loc[is_reference, keys + ["waarde", "ondergrens", "bovengrens"]]
    matched = frame[keys].merge(refs, on=keys, how="left", suffixes=("", "_ref"), validate="many_to_one")
    d, lo, hi = intervals.difference(own["waarde"], own["ondergrens"], own["bovengrens"],
                                     matched["waarde"], matched["ondergrens"], matched["bovengrens"])
    applies = (reference != "").to_numpy() & (frame["groep"] != "totaal").to_numpy() & ~is_reference.to_numpy()
    frame["kloof"], frame["kloof_ondergrens"], frame["kloof_bovengrens"] = (
        np.where(applies, d, np.nan), np.where(applies, lo, np.nan), np.where(applies, hi, np.nan))
    return frame


def add_significance(df: pd.DataFrame) -> pd.DataFrame:
    """``t_o_v_vlaanderen``, ``t_o_v_cluster``: hoger/lager only when the gemeente's interval lies
    wholly above/below the reference figure (Fingertips' rule), else gelijk; empty without interval."""
    df["t_o_v_vlaanderen"] = intervals.compare(df["ondergrens"], df["bovengrens"], df["vlaanderen"])
    df["t_o_v_cluster"] = intervals.compare(df["ondergrens"], df["bovengrens"], df["cluster_waarde"])
    return df


def earlier_years(catalogue: Catalogue, codes: pd.Series, years: pd.Series) -> pd.Series:
    """The year of the figure five editions earlier: jaar − 5, or for an indicator measured only in
    some years (elections) the last of those at or before jaar − 5."""
    back = years - EDITIONS_BACK
    out = back.astype(float)
    for ind in catalogue:
        if ind.meetjaren:
            rows = codes == ind.code
            out[rows] = back[rows].map(lambda y, m=ind.meetjaren: max((x for x in m if x <= y), default=np.nan))
    return out


def add_change(df: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """``eerder_jaar`` and ``t_o_v_eerder``: does the figure differ from that five editions earlier?
    hoger/lager when the interval of the difference excludes 0 (both figures published)."""
    df["eerder_jaar"] = earlier_years(catalogue, df["indicator"], df["jaar"])
    keys = ["indicator", "nis", "groep"]
    figure = df["waarde"].where(df["_published"])
    then = df.loc[df["_published"], keys + ["jaar", "waarde", "ondergrens", "bovengrens"]].rename(
        columns={"jaar": "eerder_jaar"}).astype({"eerder_jaar": float})
    matched = df[keys + ["eerder_jaar"]].merge(then, on=keys + ["eerder_jaar"], how="left", validate="many_to_one")
    _, lo, hi = intervals.difference(figure, df["ondergrens"], df["bovengrens"],
                                     matched["waarde"], matched["ondergrens"], matched["bovengrens"])
    df["t_o_v_eerder"] = intervals.compare(lo, hi, np.zeros(len(df)))
    df["eerder_jaar"] = df["eerder_jaar"].where(matched["waarde"].notna().to_numpy())
    return df


def reference_table(levels: dict[str, pd.DataFrame], catalogue: Catalogue) -> pd.DataFrame:
    """One row per indicator × jaar × groep × level (Vlaams Gewest, each cluster, each province)
    with its sums, figure, interval, small-number mark and gap to the reference group."""
    parts = []
    for level, frame in levels.items():
        prefix = "vlaanderen" if level == "vlaanderen" else level
        figure = "vlaanderen" if level == "vlaanderen" else f"{level}_waarde"
        part = frame.rename(columns={figure: "waarde", f"{prefix}_status": "status",
                                     f"{prefix}_teller": "teller", f"{prefix}_noemer": "noemer"})
        part = part.assign(niveau=level, naam=VLAANDEREN if level == "vlaanderen" else part[level])
        parts.append(part[["indicator", "jaar", "groep", "niveau", "naam", "teller", "noemer", "waarde", "status"]])
    refs = pd.concat(parts, ignore_index=True)
    refs = refs[refs["naam"].notna()].reset_index(drop=True)
    ratio = catalogue.attribute(refs["indicator"], "soort") == "ratio"
    refs["noemer"] = refs["noemer"].where(ratio)
    refs = add_uncertainty(refs, catalogue, ["indicator", "jaar", "niveau", "naam"], published=refs["waarde"].notna())
    return plain_text(refs[list(REFERENCE_COLUMNS)])
