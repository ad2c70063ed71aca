"""``liim import``: the raw publisher files → canonical tables under ``DIR/waarden/``.

Stages: read ``DIR/bronnen.yml`` → locate and verify every raw file (sha256) → read it
with its publisher's reader → check its codes against the declared division → map its
variables to canonical rows → validate them with the build's own rules → write
``waarden/<bron>.csv``, the provenance manifest ``waarden/bronnen.yml`` and
``clusters.csv``. Any problem stops the import before anything is written, and every
problem is reported at once, at the raw file's line.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .. import paths
from ..catalogue import Catalogue
from ..divisions import OWN_YEAR, Divisions
from ..errors import Problem, raise_if
from ..model import NIS_UNLOCATED
from ..tables import VALUE_COLUMNS
from ..validate import validate_values
from . import clusters as cluster_rule
from .extract import Extract
from .incijfers import READERS as INCIJFERS_READERS
from .mapping import canonical_rows, check_targets
from .sources import SourceFile, SourceList, locate, read_source_list
from .statbel import READERS as STATBEL_READERS

READERS: dict[str, Callable[..., Extract]] = {**STATBEL_READERS, **INCIJFERS_READERS}
MANIFEST_HEADER = ("# Herkomst van de canonieke tabellen in deze map: geschreven door `liim import`, niet bewerken.\n"
                   "# Per bron: het ruwe bestand (met sha256) waaruit de tabel berekend is, de uitgever en de licentie.\n")


@dataclass
class ImportResult:
    """What an import wrote and measured."""

    tables: dict[str, int] = field(default_factory=dict)   # bron id -> rows written
    warnings: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Imported:
    """One source read and mapped."""

    source: SourceFile
    path: Path
    shown: str
    extract: Extract
    rows: pd.DataFrame


def shown_path(path: Path) -> str:
    """A raw file's path as messages show it (relative to the working directory when possible)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def division_names(divisions: Divisions, key: str) -> dict[str, str]:
    """NIS → name of the gemeenten of division ``key``."""
    return divisions.by_key(key).names


def elsewhere_names(divisions: Divisions, key: str) -> dict[str, str]:
    """Names of gemeenten that exist in another division than ``key`` (to explain unknown names)."""
    own = set(division_names(divisions, key).values())
    out: dict[str, str] = {}
    for division in reversed(divisions.all):  # the most recent division that had the name
        out.update({n: f"de indeling {division.period}" for n in division.names.values() if n not in own and n not in out})
    return out


def read_source(source: SourceFile, path: Path, shown: str, divisions: Divisions) -> Extract:
    """Run the source's reader (Provincies in Cijfers readers get the declared division's names)."""
    reader = READERS[source.lezer]
    if source.lezer in INCIJFERS_READERS:
        return reader(path, shown, division_names(divisions, source.indeling), source.indeling,
                      elsewhere_names(divisions, source.indeling))
    return reader(path, shown)


def source_problems(source: SourceFile, config: SourceList, divisions: Divisions) -> list[Problem]:
    """A known reader, and a division that exists (a Provincies in Cijfers export is on one division)."""
    problems = []
    keys = [d.key for d in divisions.all]
    if source.lezer not in READERS:
        problems.append(Problem(config.shown, source.line, f"bron '{source.id}': onbekende lezer '{source.lezer}'",
                                "lezers: " + ", ".join(sorted(READERS))))
    if source.indeling != OWN_YEAR and source.indeling not in keys:
        problems.append(Problem(config.shown, source.line, f"bron '{source.id}': onbekende indeling '{source.indeling}'",
                                "'jaar' (elk jaar op zijn eigen indeling) of " + ", ".join(keys)))
    if source.lezer in INCIJFERS_READERS and source.indeling == OWN_YEAR:
        problems.append(Problem(config.shown, source.line,
                                f"bron '{source.id}': een export van Provincies in Cijfers staat op één indeling",
                                f"gebruik indeling: {divisions.current.key} (herberekend naar de gemeenten van vandaag)"))
    return problems


def division_check(extract: Extract, source: SourceFile, divisions: Divisions, shown: str) -> list[Problem]:
    """Every code belongs to the declared division (``Divisions.declared``): that year's
    (``indeling: jaar``) or a fixed one."""
    frame = extract.frame.drop_duplicates(["jaar", "nis"])
    frame = frame[frame["nis"] != NIS_UNLOCATED]
    by_year = {int(y): divisions.declared(source.indeling, int(y)) for y in frame["jaar"].unique()}
    bad = [not by_year[int(j)].contains(n) for j, n in zip(frame["jaar"], frame["nis"], strict=True)]
    wrong = frame[pd.Series(bad, index=frame.index, dtype=bool)]
    declared = "elk jaar op de indeling van dat jaar" if source.indeling == OWN_YEAR else f"de indeling {source.indeling}"
    return [Problem(shown, int(r.regel), f"NIS-code {r.nis} hoort in {int(r.jaar)} niet bij {declared}, zoals data/bronnen.yml "
                    f"opgeeft voor bron '{source.id}'", "staat het bestand op een andere indeling? pas 'indeling' aan")
            for r in wrong.itertuples(index=False)][:50]


def import_one(source: SourceFile, config: SourceList, catalogue: Catalogue, divisions: Divisions,
               given: Path | None) -> tuple[Imported | None, list[Problem], list[Problem]]:
    """Locate, verify, read, check and map one source: (result, problems, warnings)."""
    problems = source_problems(source, config, divisions)
    path, missing = locate(source, given)
    if missing:
        problems.append(missing)
    if problems or path is None:
        return None, problems, []
    shown = shown_path(path)
    extract = read_source(source, path, shown, divisions)
    problems = extract.problems + check_targets(source, catalogue, config.shown, set(extract.frame["variabele"]))
    if problems:
        return None, problems, extract.warnings
    problems = division_check(extract, source, divisions, shown)
    rows, warnings = canonical_rows(extract, source, catalogue, shown)
    return Imported(source, path, shown, extract, rows), problems, extract.warnings + warnings


def drop_overlaps(imported: list[Imported]) -> list[Problem]:
    """An indicator × jaar × groep delivered by an earlier source is not taken again from a later
    one; the figures both give are compared, and a difference is reported."""
    warnings: list[Problem] = []
    seen: dict[tuple[str, str, str], Imported] = {}
    for item in imported:
        keys = list(zip(item.rows["indicator"], item.rows["jaar"], item.rows["groep"]))
        taken = pd.Series([k in seen for k in keys], index=item.rows.index, dtype=bool)
        for key, first in {k: seen[k] for k in keys if k in seen}.items():
            warnings += compare_overlap(item, first, key)
        for key in set(keys) - set(seen):
            seen[key] = item
        item.rows = item.rows[~taken].reset_index(drop=True)
    return warnings


def compare_overlap(later: Imported, first: Imported, key: tuple[str, str, str]) -> list[Problem]:
    cols = ["indicator", "jaar", "nis", "groep", "teller", "noemer", "waarde"]
    def part(rows: pd.DataFrame) -> pd.DataFrame:
        return rows[(rows["indicator"] == key[0]) & (rows["jaar"] == key[1]) & (rows["groep"] == key[2])][cols]
    mine, theirs = part(later.rows), part(first.rows)
    merged = mine.merge(theirs, on=cols[:4], how="outer", suffixes=("", "_eerst"), indicator=True)
    differ = (merged["_merge"] != "both") | (merged["teller"] != merged["teller_eerst"]) | (merged["noemer"] != merged["noemer_eerst"])
    text = "dezelfde cijfers" if not differ.any() else f"{int(differ.sum())} verschillende cijfers"
    return [Problem(later.shown, 0, f"{key[0]} {key[1]} {key[2]} komt al uit bron '{first.source.id}' ({text}); "
                    f"bron '{later.source.id}' wordt voor dat jaar niet gebruikt")]


def import_sources(data_dir: Path, catalogue: Catalogue, divisions: Divisions, given: Path | None = None,
                   clusters_file: Path | None = None) -> ImportResult:
    """Import every source of ``data_dir/bronnen.yml`` into ``data_dir``; raise with every problem."""
    start = time.perf_counter()
    config = read_source_list(data_dir / "bronnen.yml", shown_path(data_dir / "bronnen.yml"))
    result, problems, imported = ImportResult(), list(config.problems), []
    for source in config.sources:
        one, source_problems_, warnings = import_one(source, config, catalogue, divisions, given)
        problems += source_problems_
        result.warnings += warnings
        imported += [one] if one else []
    raise_if(problems)
    result.warnings += drop_overlaps(imported)
    frame = pd.concat([i.rows for i in imported], ignore_index=True)
    _, rule_problems = validate_values(frame, catalogue, divisions, None)
    clusters, cluster_text, cluster_problems = make_clusters(config, imported, divisions, clusters_file)
    raise_if(rule_problems + cluster_problems)
    result.seconds["lezen en controleren"] = time.perf_counter() - start
    write_all(data_dir, imported, clusters, manifest(imported, config, cluster_text))
    result.tables = {i.source.id: len(i.rows) for i in imported}
    result.seconds["totaal"] = time.perf_counter() - start
    return result


def make_clusters(config: SourceList, imported: list[Imported], divisions: Divisions,
                  clusters_file: Path | None) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    """Clusters from the documented rule, or the supplier's own file when given."""
    if clusters_file is not None:
        from ..tables import CLUSTER_COLUMNS, read_csv
        table = read_csv(clusters_file, CLUSTER_COLUMNS, shown_path(clusters_file))
        text = f"Clusters van de leverancier ({clusters_file.name})."
        return table.frame[list(CLUSTER_COLUMNS)], text, table.problems
    if not config.clusters:
        return None, "", []
    rule, problems = cluster_rule.read_rule(config.clusters, config.shown)
    if rule is None:
        return None, "", problems
    source = next((i for i in imported if i.source.id == rule.bron), None)
    if source is None:
        return None, "", [Problem(config.shown, 0, f"clusters: onbekende bron '{rule.bron}'", "noem een bron-id uit 'bronnen'")]
    frame, year, problems = cluster_rule.clusters_from_rule(rule, source.extract, divisions.current, config.shown)
    return frame, cluster_rule.rule_text(rule, year, source.source.uitgever), problems


def manifest(imported: list[Imported], config: SourceList, cluster_text: str) -> dict:
    """The provenance of every table: raw file, sha256, publisher, licence, what it feeds."""
    sources = []
    for item in imported:
        s = item.source
        years = sorted(int(j) for j in item.rows["jaar"].unique())
        sources.append({"id": s.id, "tabel": f"waarden/{s.id}.csv", "bestand": Path(s.bestand).name, "sha256": s.sha256,
                        "uitgever": s.uitgever, "titel": s.titel, "adres": s.adres, "licentie": s.licentie,
                        "datum": s.datum, "indicatoren": sorted(set(item.rows["indicator"])),
                        "jaren": [years[0], years[-1]] if years else [], "rijen": len(item.rows)})
    unused = [{"bestand": u.bestand, "sha256": u.sha256, "reden": u.reden} for u in config.unused]
    return {"bronnen": sources, "niet_gebruikt": unused, "clusters": cluster_text}


def write_all(data_dir: Path, imported: list[Imported], clusters: pd.DataFrame | None, meta: dict) -> None:
    """Write the tables into a fresh folder, then swap it in for ``waarden/`` (and clusters.csv)."""
    staged = Path(tempfile.mkdtemp(prefix=".waarden.new-", dir=data_dir))
    try:
        for item in imported:
            rows = item.rows.sort_values(["indicator", "jaar", "nis", "groep"], kind="stable")
            rows[list(VALUE_COLUMNS)].to_csv(staged / f"{item.source.id}.csv", index=False, lineterminator="\n")
        text = MANIFEST_HEADER + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=120)
        (staged / "bronnen.yml").write_text(text, encoding="utf-8")
        if clusters is not None:
            cluster_rule.write_clusters(clusters, data_dir / "clusters.csv")
        old = data_dir / "waarden"
        backup = data_dir / ".waarden.old"
        shutil.rmtree(backup, ignore_errors=True)
        if old.exists():
            old.rename(backup)
        os.chmod(staged, 0o755)  # mkdtemp makes it private; the tables are public facts
        staged.rename(old)
        shutil.rmtree(backup, ignore_errors=True)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


__all__ = ["import_sources", "ImportResult", "paths"]
