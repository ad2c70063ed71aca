"""Assemble the Monitor from a data folder: load + validate, then harmonise + compare.

The first stages of every build (and of ``liim validate`` and ``liim diff``): read the
catalogue, the edition, the values, the clusters and the provenance of ``data_dir``,
validate them against the catalogue and the municipal divisions (every problem at
once), then harmonise the rows to today's gemeenten and compare them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .buildcache import BuildCache, file_digests
from .catalogue import Catalogue, load_catalogue
from .catalogue import catalogue_path as default_catalogue
from .compare import compare
from .divisions import Divisions, load_divisions
from .errors import Problem, raise_if
from .gemeenten import build_gemeenten, check_clusters, remap_clusters
from .geodata import locate_geodata
from .harmonise import harmonise
from .load import read_clusters, read_edition, read_provenance, read_values, value_files
from .model import Edition, Monitor, Provenance
from .swing import read_swing
from .tables import VALUE_COLUMNS, Table, empty_frame, read_csv, relative
from .validate import check_duplicates, validate_rows, validate_values


@dataclass
class Inputs:
    """Validated inputs of one data folder."""

    catalogue: Catalogue
    divisions: Divisions
    edition: Edition
    rows: pd.DataFrame      # typed canonical rows
    clusters: pd.DataFrame
    geodata_dir: Path
    warnings: list[Problem]
    provenance: Provenance = field(default_factory=Provenance)


def load_inputs(data_dir: Path, geodata_dir: Path | None = None, catalogue_path: Path | None = None,
                as_of: int | None = None, cache: BuildCache | None = None) -> Inputs:
    """Load and validate everything in ``data_dir``; raise one ValidationError with every problem.

    Figures are harmonised to the division of the edition's year (``as_of`` overrides it,
    e.g. to compare an old edition on today's gemeenten). ``cache``: validated files of earlier
    builds (``buildcache``), reused when a file and what the rules read are unchanged.
    """
    catalogue = load_catalogue(catalogue_path or default_catalogue(data_dir))
    geodir = locate_geodata(geodata_dir)
    edition, problems = read_edition(data_dir)
    divisions = load_divisions(geodir)
    year = as_of or (edition.jaar if edition else None)
    divisions = divisions.as_of(year) if year else divisions
    values, clusters = validated_values(data_dir, catalogue, divisions, edition, cache), read_clusters(data_dir)
    problems += values.problems + clusters.problems
    if edition and year != edition.jaar and not clusters.problems:
        clusters.frame = remap_clusters(clusters.frame, divisions, edition.jaar)
    provenance, provenance_problems = read_provenance(data_dir)
    problems += check_clusters(clusters.frame, divisions) + provenance_problems
    raise_if(problems)
    assert edition is not None  # a missing or broken editie.yml is one of the problems raised above
    return Inputs(catalogue, divisions, edition, values.frame, clusters.frame, geodir,
                  values.warnings + clusters.warnings, provenance)


def validated_values(data_dir: Path, catalogue: Catalogue, divisions: Divisions, edition: Edition | None,
                     cache: BuildCache | None = None) -> Table:
    """Every value file read and validated (typed rows, every problem of reading and of the rules).

    Each canonical file is validated on its own (every rule but the duplicates looks at one row, or
    one file and year), so its result is cached under the hash of its bytes and of everything the
    rules read (``file_key``); the duplicates are then checked on all rows at once. The rows keep
    the index a validation of all files at once gives them (their position in the concatenation)."""
    files, swing = value_files(data_dir), read_swing(data_dir, catalogue)
    if not files and swing is None:  # read_values names the problem
        values = read_values(data_dir, catalogue=catalogue)
        rows, rule_problems = validate_values(values.frame, catalogue, divisions, edition)
        return Table(rows, values.problems + rule_problems, values.warnings)
    context = (catalogue, divisions, edition)
    common = _rules_inputs(data_dir, catalogue, divisions) if cache else ()
    parts = [_validated_file(f, data_dir, context, cache, common) for f in files]
    if swing is not None:
        parts.append(_validated(swing, context))
    offset, frames = 0, []
    for read_rows, table in parts:
        if len(table.frame):
            frames.append(table.frame.set_axis(table.frame.index + offset))
        offset += read_rows
    if not frames:
        rows, rule_problems = validate_values(empty_frame(VALUE_COLUMNS), catalogue, divisions, edition)
    else:
        rows = pd.concat(frames) if len(frames) > 1 else frames[0]
        rule_problems = check_duplicates(rows)
    return Table(rows, [p for _, t in parts for p in t.problems] + rule_problems,
                 [w for _, t in parts for w in t.warnings])


def _validated(read: Table, context: tuple) -> tuple[int, Table]:
    """(rows read, the typed rows with index 0…, problems of reading and of the per-row rules)."""
    if not len(read.frame):
        return 0, read
    rows, problems = validate_rows(read.frame.reset_index(drop=True), *context)
    return len(read.frame), Table(rows, read.problems + problems, read.warnings)


def _validated_file(path: Path, data_dir: Path, context: tuple, cache: BuildCache | None,
                    common: tuple[str, ...]) -> tuple[int, Table]:
    """One canonical file read and validated, from ``cache`` when its bytes and the rules' inputs are the same."""
    shown = relative(path, data_dir.parent)

    def make() -> tuple[int, Table]:
        return _validated(read_csv(path, VALUE_COLUMNS, shown), context)
    if cache is None:
        return make()
    return cache.get_or_make(cache.key("invoer", shown, *file_digests([path]), *common), make)


def _rules_inputs(data_dir: Path, catalogue: Catalogue, divisions: Divisions) -> tuple[str, ...]:
    """What the rules read besides the file: catalogue (and its schema), edition, the boundary
    sources and mergers (the divisions; their files are checked against the sources' sha256) and
    the division the rows are checked on."""
    files = [catalogue.path, paths.CATALOGUE_SCHEMA, data_dir / "editie.yml", paths.GEODATA_SOURCES, paths.FUSIES]
    view = repr(([d.key for d in divisions.all], [(m.old_nis, m.new_nis, str(m.datum)) for m in divisions.mergers]))
    return (*file_digests(files), view)


def make_monitor(inputs: Inputs) -> Monitor:
    """Harmonise to today's gemeenten and compare: the table every page is rendered from."""
    gemeenten = build_gemeenten(inputs.divisions, inputs.clusters)
    harmonised = harmonise(inputs.rows, inputs.catalogue, inputs.divisions)
    compared = compare(harmonised, inputs.catalogue, gemeenten)
    return Monitor(inputs.catalogue, inputs.divisions, inputs.edition, gemeenten, compared.table,
                   inputs.provenance, compared.references)


def validate_only(data_dir: Path, geodata_dir: Path | None = None) -> Inputs:
    """``liim validate``: the first stage alone."""
    return load_inputs(Path(data_dir), geodata_dir)
