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

from .catalogue import Catalogue, load_catalogue
from .catalogue import catalogue_path as default_catalogue
from .compare import compare
from .divisions import Divisions, load_divisions
from .errors import Problem, raise_if
from .gemeenten import build_gemeenten, check_clusters, remap_clusters
from .geodata import locate_geodata
from .harmonise import harmonise
from .load import read_clusters, read_edition, read_provenance, read_values
from .model import Edition, Monitor, Provenance
from .validate import validate_values


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
                as_of: int | None = None) -> Inputs:
    """Load and validate everything in ``data_dir``; raise one ValidationError with every problem.

    Figures are harmonised to the division of the edition's year (``as_of`` overrides it,
    e.g. to compare an old edition on today's gemeenten).
    """
    catalogue = load_catalogue(catalogue_path or default_catalogue(data_dir))
    geodir = locate_geodata(geodata_dir)
    edition, problems = read_edition(data_dir)
    divisions = load_divisions(geodir)
    year = as_of or (edition.jaar if edition else None)
    divisions = divisions.as_of(year) if year else divisions
    values, clusters = read_values(data_dir, catalogue=catalogue), read_clusters(data_dir)
    problems += values.problems + clusters.problems
    if edition and year != edition.jaar and not clusters.problems:
        clusters.frame = remap_clusters(clusters.frame, divisions, edition.jaar)
    rows, rule_problems = validate_values(values.frame, catalogue, divisions, edition)
    provenance, provenance_problems = read_provenance(data_dir)
    problems += rule_problems + check_clusters(clusters.frame, divisions) + provenance_problems
    raise_if(problems)
    assert edition is not None  # a missing or broken editie.yml is one of the problems raised above
    return Inputs(catalogue, divisions, edition, rows, clusters.frame, geodir, values.warnings + clusters.warnings,
                  provenance)


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
