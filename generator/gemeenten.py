"""Today's gemeenten: names, slugs, province, cluster and merged predecessors."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .divisions import Divisions
from .errors import Problem
from .model import Gemeente
from .provinces import province_of


def slugify(name: str) -> str:
    """URL slug of a name: ``Beveren-Kruibeke-Zwijndrecht`` → ``beveren-kruibeke-zwijndrecht``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def check_clusters(clusters: pd.DataFrame, divisions: Divisions) -> list[Problem]:
    """Every current gemeente has exactly one cluster; every code is a current gemeente."""
    current = divisions.current
    unknown = clusters[~clusters["nis"].map(current.contains)]
    problems = [Problem(b, int(r), f"NIS-code {n} is geen gemeente van de huidige indeling",
                        f"clusters.csv gebruikt de indeling {current.period}")
                for b, r, n in unknown[["bestand", "regel", "nis"]].itertuples(index=False)]
    dup = clusters[clusters.duplicated("nis", keep="first")]
    problems += [Problem(b, int(r), f"gemeente {n} staat meer dan eens in clusters.csv")
                 for b, r, n in dup[["bestand", "regel", "nis"]].itertuples(index=False)]
    names = clusters.groupby("cluster")["clusternaam"].nunique()
    for cluster in names[names > 1].index:
        row = clusters[clusters["cluster"] == cluster].iloc[0]
        problems.append(Problem(row["bestand"], int(row["regel"]), f"cluster {cluster} heeft meer dan één clusternaam"))
    problems += [Problem(row["bestand"], int(row["regel"]), "cluster of clusternaam is leeg")
                 for _, row in clusters[(clusters["cluster"] == "") | (clusters["clusternaam"] == "")].iterrows()]
    shown = clusters["bestand"].iloc[0] if len(clusters) else "clusters.csv"
    missing = sorted(set(current.names) - set(clusters["nis"]))
    problems += [Problem(shown, 0, f"gemeente {n} {current.names[n]} heeft geen cluster", "voeg een regel toe in clusters.csv")
                 for n in missing]
    return problems


def remap_clusters(clusters: pd.DataFrame, divisions: Divisions, year: int) -> pd.DataFrame:
    """Clusters of an older edition (on the division of ``year``) on today's division: a merged
    gemeente takes its first predecessor's cluster; a code unknown in ``year`` is dropped."""
    division = divisions.for_year(year)
    out = clusters[clusters["nis"].map(division.contains).astype(bool)].copy()
    out["nis"] = divisions.to_current(out["nis"], [division.key] * len(out))
    return out.drop_duplicates("nis", keep="first")


def build_gemeenten(divisions: Divisions, clusters: pd.DataFrame) -> dict[str, Gemeente]:
    """Today's gemeenten by NIS code, sorted by name."""
    cluster = dict(zip(clusters["nis"], zip(clusters["cluster"], clusters["clusternaam"], strict=True), strict=True))
    out = {}
    for nis, naam in sorted(divisions.current.names.items(), key=lambda kv: (slugify(kv[1]), kv[0])):
        code, name = cluster.get(nis, ("", ""))
        old = tuple((m.old_nis, m.old_naam, m.datum) for m in divisions.predecessors(nis))
        out[nis] = Gemeente(nis, naam, slugify(naam), province_of(nis), code, name, old)
    return out


def old_names(gemeenten: dict[str, Gemeente]) -> dict[str, Gemeente]:
    """Slug of every former gemeente (and former NIS code) that no longer exists → today's gemeente."""
    current_slugs = {g.slug for g in gemeenten.values()}
    out: dict[str, Gemeente] = {}
    for g in gemeenten.values():
        for nis, naam, _ in g.voorgangers:
            if slugify(naam) not in current_slugs:
                out[slugify(naam)] = g
            if nis not in gemeenten:
                out[nis] = g
    return dict(sorted(out.items()))
