"""Deterministic, synthetic demo data: plausible, but no real statistic.

Everything is generated on the gemeenten of the oldest division (the finest
units: the 308 of 1977–2018) and summed up to the division valid in each year,
so merged gemeenten are consistent over time. Small cells are marked ``geheim``, the
newest year of some indicators ``voorlopig``; some counts have a ``99991``
row and a few indicators a supplier's ``02000`` Flemish total.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .catalogue import Catalogue, Indicator
from .divisions import Divisions
from .errors import GeneratorError
from .freeze import MANIFEST as MANIFEST_FROZEN
from .load import MANIFEST

SEED = 20111205  # the study day of 5 December 2011
FIRST_YEAR = 2011
OFFICIAL_TOTALS = ("D1", "D2", "I1")       # indicators with a supplier's 02000 row
UNLOCATED = ("I1", "I2", "I3", "I4", "T3")  # indicators with a 99991 row
PROVISIONAL = ("T3", "T5", "W2")           # newest year is provisional
SECRET_BELOW = 5                           # counts 1..4 are suppressed


@dataclass(frozen=True)
class Base:
    """Latent traits of the base gemeenten (the oldest division, ``key``)."""

    key: str
    nis: np.ndarray
    population: np.ndarray
    diversity: np.ndarray  # 0..1, how large the target group is
    wealth: np.ndarray     # around 1


def base_traits(divisions: Divisions) -> Base:
    """Population, diversity and wealth of every gemeente of the oldest division (fixed seed)."""
    oldest = divisions.all[0]
    nis = np.array(sorted(oldest.names))
    rng = np.random.default_rng([SEED, 0])
    population = np.round(rng.lognormal(mean=9.6, sigma=0.6, size=len(nis)) + 2500)
    big = {"11002": 480_000, "44021": 250_000, "31005": 115_000, "24062": 95_000, "12025": 82_000, "71022": 75_000}
    # and the smallest, where chance weighs heavily (issue "intervals"): Herstappe, Mesen, ...
    small = {"73028": 90, "33016": 1_050, "34043": 2_100, "31042": 2_700, "33041": 3_600}
    for code, size in {**big, **small}.items():
        population[nis == code] = size
    diversity = np.clip(0.05 + 0.5 * (np.log(population) - 8) / 5 + rng.normal(0, 0.06, len(nis)), 0.02, 0.6)
    wealth = rng.normal(1.0, 0.08, len(nis))
    return Base(oldest.key, nis, population, diversity, wealth)


def codes_in_year(divisions: Divisions, base: Base, year: int) -> list[str]:
    """The codes the base gemeenten have in the division valid in ``year``."""
    view = divisions.as_of(year)  # its today is that year's division
    return view.to_current(base.nis, [base.key] * len(base.nis))


def group_shares(indicator: Indicator, rng: np.random.Generator) -> np.ndarray:
    """Share of each non-total group in the denominator."""
    n = len(indicator.groepen) - 1
    return rng.dirichlet(np.full(n, 4.0)) if n else np.ones(0)


def group_factors(indicator: Indicator, rng: np.random.Generator) -> dict[str, float]:
    """Each group's rate relative to the reference group (a gap between groups, as in real data)."""
    ref = indicator.referentiegroep
    return {g.code: 1.0 if g.code in (ref, "totaal") or not ref else float(rng.uniform(0.55, 1.6))
            for g in indicator.groepen}


def indicator_rows(ind: Indicator, number: int, base: Base, divisions: Divisions, years: range) -> pd.DataFrame:
    """All rows of one indicator over ``years`` on each year's division."""
    rng = np.random.default_rng([SEED, number])
    shares = group_shares(ind, rng)
    level = {"%": rng.uniform(0.05, 0.6), "‰": rng.uniform(0.01, 0.06)}.get(ind.eenheid, rng.uniform(15, 40))
    local = rng.lognormal(0, 0.25, len(base.nis))
    factors = group_factors(ind, np.random.default_rng([SEED, number, 1]))
    frames = []
    for year in years:
        if (ind.eerste_editie and year < ind.eerste_editie) or (ind.meetjaren and year not in ind.meetjaren):
            continue
        yrng = np.random.default_rng([SEED, number, year])
        frames.append(year_rows(ind, year, base, divisions, shares, level * local, yrng, factors))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def year_rows(ind, year, base: Base, divisions, shares, rate, rng, factors) -> pd.DataFrame:
    trend = 1 + 0.02 * (year - FIRST_YEAR)
    pop = base.population * (1 + 0.004 * (year - FIRST_YEAR))
    codes = codes_in_year(divisions, base, year)
    groups = [g.code for g in ind.groepen]
    records = []
    for gi, group in enumerate(groups):
        share = 1.0 if group == "totaal" else shares[gi - 1]
        if ind.groepsnoemer == "totaal":
            values = partition_values(pop, rate * trend, gi, shares)
        else:
            values = unit_values(ind, pop, share, base, rate * trend * factors.get(group, 1.0), rng, group)
        records.append(pd.DataFrame({"groep": group, "nis": codes, **values}))
    # one groupby for all groups (the catalogue's group order, then NIS): the sums of a gemeente
    # are taken over the same values in the same order as group by group
    frame = pd.concat(records, ignore_index=True)
    frame["groep"] = pd.Categorical(frame["groep"], categories=groups, ordered=True)
    out = frame.groupby(["groep", "nis"], sort=True, observed=True).agg(aggregation(ind)).reset_index()
    out["groep"] = out["groep"].astype(str)
    out = out[["nis", *aggregation(ind), "groep"]]
    out["indicator"], out["jaar"] = ind.code, year
    return out


def unit_values(ind, pop, share, base: Base, rate, rng, group) -> dict[str, np.ndarray]:
    """teller/noemer (or waarde) of the base gemeenten for one group."""
    if ind.soort == "waarde":
        factor = {"belgisch": 1.08, "vreemd": 0.78}.get(group, 1.0)
        median = 21000 * base.wealth * factor * (1 + 0.025 * rate.mean()) + rng.normal(0, 300, len(pop))
        return {"waarde": np.round(median, 0), "gewicht": pop}
    if ind.eenheid == "euro":  # an average: a sum of euros over a count
        noemer = np.round(pop * 0.55)
        return {"teller": np.round(noemer * 21000 * base.wealth * (1 + 0.025 * rate.mean())), "noemer": noemer}
    target = pop * (base.diversity if ind.indeling != "totaal" else 0.5)
    noemer = np.maximum(np.round(target * share), 0)
    if ind.soort == "aantal":
        return {"teller": rng.poisson(noemer / 1000 * rate).astype(float)}
    prob = np.clip(rate, 0, 0.95)
    return {"teller": rng.binomial(noemer.astype(int), prob).astype(float), "noemer": noemer}


def partition_values(pop, rate, index: int, shares) -> dict[str, np.ndarray]:
    """Groups that share the total's noemer (groepsnoemer totaal), as the definitions say: the
    first group is the reference (e.g. Belgische herkomst), 'totaal' is everyone else, and the
    other groups split 'totaal' between them, so all groups but 'totaal' make up the noemer."""
    noemer = np.round(pop)
    target = np.round(noemer * np.clip(rate, 0, 0.95))
    if index == 0:
        return {"teller": target, "noemer": noemer}
    if index == 1:
        return {"teller": noemer - target, "noemer": noemer}
    rest = shares[1:] / shares[1:].sum()
    upto = np.floor(target * rest[: index - 2].sum()), np.floor(target * rest[: index - 1].sum())
    last = index == len(shares)
    return {"teller": (target if last else upto[1]) - upto[0], "noemer": noemer}


def aggregation(ind: Indicator) -> dict:
    if ind.soort == "waarde":
        return {"waarde": "mean", "gewicht": "sum"}
    return {"teller": "sum", "noemer": "sum"} if ind.soort == "ratio" else {"teller": "sum"}


def finish(rows: pd.DataFrame, ind: Indicator, last_year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Suppress small cells (all groups of a gemeente-year), mark provisional figures, add 99991/02000."""
    for col in ("teller", "noemer", "waarde"):
        if col not in rows:
            rows[col] = np.nan
    rows["status"] = ""
    if ind.soort == "ratio":  # no rate of nobody: a supplier delivers no row for an empty noemer
        rows = rows[rows["noemer"] != 0].reset_index(drop=True)
    if ind.soort != "waarde":
        limit = np.where(rows["groep"] == "totaal", SECRET_BELOW, 3)
        small = (rows["teller"] > 0) & (rows["teller"] < limit)
        key = rows.loc[small, ["jaar", "nis"]].drop_duplicates()
        secret = rows.set_index(["jaar", "nis"]).index.isin(pd.MultiIndex.from_frame(key))
        rows = add_totals(rows, ind, rng)
        secret = np.concatenate([secret, np.zeros(len(rows) - len(secret), dtype=bool)])
        rows.loc[secret, ["teller", "noemer"]] = np.nan
        rows.loc[secret, "status"] = "geheim"
    if ind.code in PROVISIONAL:
        rows.loc[(rows["jaar"] == last_year) & (rows["status"] == ""), "status"] = "voorlopig"
    return rows


def add_totals(rows: pd.DataFrame, ind: Indicator, rng) -> pd.DataFrame:
    """Append 99991 rows and the supplier's 02000 totals (which include secret cells)."""
    extra = []
    if ind.code in UNLOCATED:
        unl = rows.groupby(["jaar", "groep"], sort=True)[["teller", "noemer"]].sum(min_count=1).reset_index()
        unl["teller"] = np.round(unl["teller"] * 0.01 + 5)
        unl["noemer"] = np.round(unl["noemer"] * 0.01 + 10) if ind.soort == "ratio" else np.nan
        extra.append(unl.assign(nis="99991", status="", indicator=ind.code))
    if ind.code in OFFICIAL_TOTALS:
        both = pd.concat([rows, *extra])
        total = both.groupby(["jaar", "groep"], sort=True)[["teller", "noemer"]].sum(min_count=1).reset_index()
        extra.append(total.assign(nis="02000", status="", indicator=ind.code))
    return pd.concat([rows, *extra], ignore_index=True)


def write_demo(out: Path, catalogue: Catalogue, divisions: Divisions, edition: int,
               archive: tuple[int, ...] = (), geodata_dir: Path | None = None) -> list[Path]:
    """Write ``waarden/<code>.csv``, ``clusters.csv`` and ``editie.yml`` into ``out``; earlier
    editions (``archive``) frozen into ``out/archief/<jaar>/`` (``liim archive``, from a temporary folder)."""
    if (out / MANIFEST).exists():
        raise GeneratorError(f"{out} bevat echte cijfers ({MANIFEST}): democijfers worden er niet bij geschreven",
                             path=out, fix="kies een lege map voor de demodata, bv. build/demo-data/")
    base = base_traits(divisions)
    (out / "waarden").mkdir(parents=True, exist_ok=True)
    written, codes = [], []
    for number, ind in enumerate(catalogue, start=1):
        if ind.eerste_editie is None or ind.eerste_editie > edition:  # planned, or not yet in this edition
            continue
        rows = indicator_rows(ind, number, base, divisions, range(FIRST_YEAR, edition + 1))
        rows = finish(rows, ind, edition, np.random.default_rng([SEED, number, 0]))
        written.append(write_values(rows, out / "waarden" / f"{ind.code.lower()}.csv"))
        codes.append(ind.code)
    written.append(write_clusters(base, divisions.as_of(edition), out / "clusters.csv", edition))
    written.append(write_edition(out / "editie.yml", edition, codes))
    for year in archive:
        written += write_frozen_demo(out, catalogue, divisions, year, geodata_dir)
    return written


def write_frozen_demo(out: Path, catalogue: Catalogue, divisions: Divisions, year: int,
                      geodata_dir: Path | None = None) -> list[Path]:
    """The demo edition ``year``, written into a temporary folder and frozen into ``out/archief/<year>/``
    (again if it was: the demo is deterministic, the same inputs give the same tarball)."""
    from .archive import freeze_edition
    with tempfile.TemporaryDirectory(prefix=".liim-demo-") as tmp:
        write_demo(Path(tmp), catalogue, divisions, year)
        frozen = freeze_edition(Path(tmp), year, out, geodata_dir, again=True)
    return [frozen.tarball, frozen.folder / MANIFEST_FROZEN]


def write_values(rows: pd.DataFrame, path: Path) -> Path:
    cols = ["indicator", "jaar", "nis", "groep", "teller", "noemer", "waarde", "status"]
    rows = rows.sort_values(["jaar", "nis", "groep"], kind="stable")[cols]
    rows.to_csv(path, index=False, float_format="%.0f", lineterminator="\n")
    return path


CLUSTERS = (("C1", "Centrumsteden"), ("C2", "Regionale steden"), ("C3", "Verstedelijkte gemeenten"),
            ("C4", "Woongemeenten"), ("C5", "Landelijke gemeenten"))


def write_clusters(base: Base, divisions: Divisions, path: Path, edition: int) -> Path:
    """Synthetic clusters of the edition's gemeenten by demo population and diversity."""
    current = pd.DataFrame({"nis": codes_in_year(divisions, base, edition),
                            "pop": base.population, "div": base.diversity * base.population})
    current = current.groupby("nis").sum()
    current["div"] = current["div"] / current["pop"]
    rank = current["pop"].rank(ascending=False)
    index = np.select([rank <= 13, rank <= 45, current["div"] > 0.3, current["pop"] > 14000], [0, 1, 2, 3], 4)
    rows = [(nis, *CLUSTERS[i]) for nis, i in zip(current.index, index, strict=True)]
    pd.DataFrame(rows, columns=["nis", "cluster", "clusternaam"]).to_csv(path, index=False, lineterminator="\n")
    return path


def write_edition(path: Path, year: int, codes: list[str]) -> Path:
    edition = {"jaar": year, "publicatiedatum": f"{year}-12-15", "demo": True, "indicatoren": codes}
    text = yaml.safe_dump(edition, sort_keys=False, allow_unicode=True)
    path.write_text("# Editie van de monitor (demodata, synthetisch)\n" + text, encoding="utf-8")
    return path
