"""Clusters of comparable gemeenten from a public, documented rule on open data.

The rule (``clusters`` in ``data/bronnen.yml``): the 13 centrumsteden of the Flemish
urban policy form one cluster; every other gemeente falls in a class of inhabitants
on 1 January of the newest year of the population source (Statbel). A supplier's own
cluster file (``liim import --clusters FILE``) replaces the rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..divisions import Division
from ..errors import Problem
from ..formatting import format_number
from .extract import Extract

CENTRUMSTEDEN = ("C", "Centrumsteden")


@dataclass(frozen=True)
class ClusterRule:
    """The documented rule: which source counts inhabitants, the centrumsteden, the class limits."""

    bron: str
    variabele: str
    centrumsteden: tuple[str, ...]
    grenzen: tuple[int, ...]
    line: int = 0


def read_rule(raw: dict, shown: str) -> tuple[ClusterRule | None, list[Problem]]:
    """``clusters:`` of bronnen.yml: bevolking {bron, variabele}, centrumsteden, klassen."""
    try:
        rule = ClusterRule(str(raw["bevolking"]["bron"]), str(raw["bevolking"]["variabele"]),
                           tuple(str(c).zfill(5) for c in raw["centrumsteden"]),
                           tuple(sorted(int(k) for k in raw["klassen"])))
    except (KeyError, TypeError, ValueError) as err:
        return None, [Problem(shown, 0, f"'clusters' is onvolledig ({err})",
                              "geef bevolking: {bron, variabele}, centrumsteden: [NIS-codes] en klassen: [grenzen]")]
    return rule, []


def class_names(limits: tuple[int, ...]) -> list[tuple[str, str]]:
    """(code, name) of each class of inhabitants: K1 the smallest."""
    lows, highs = (0, *limits), (*limits, None)
    names = []
    for index, (low, high) in enumerate(zip(lows, highs, strict=True), start=1):
        if high is None:
            text = f"Gemeenten met {format_number(low, 0)} of meer inwoners (zonder centrumsteden)"
        elif low == 0:
            text = f"Gemeenten met minder dan {format_number(high, 0)} inwoners"
        else:
            text = f"Gemeenten met {format_number(low, 0)} tot {format_number(high, 0)} inwoners"
        names.append((f"K{index}", text))
    return names


def clusters_from_rule(rule: ClusterRule, population: Extract, current: Division, shown: str) -> tuple[pd.DataFrame, int, list[Problem]]:
    """``nis, cluster, clusternaam`` for every current gemeente, and the population year used."""
    frame = population.frame[population.frame["variabele"] == rule.variabele]
    year = int(frame["jaar"].max())
    counts = frame[frame["jaar"] == year].set_index("nis")["cijfer"]
    missing = sorted(set(current.names) - set(counts.index))
    problems = [Problem(shown, 0, f"clusters: geen inwonertal voor {n} {current.names[n]} in {year}",
                        f"de bron '{rule.bron}' moet voor {year} alle gemeenten van de indeling {current.key} bevatten")
                for n in missing]
    problems += [Problem(shown, 0, f"clusters: centrumstad {n} is geen gemeente van de indeling {current.key}")
                 for n in rule.centrumsteden if n not in current.names]
    names = class_names(rule.grenzen)
    rows = []
    for nis in sorted(current.names):
        if nis in rule.centrumsteden:
            rows.append((nis, *CENTRUMSTEDEN))
        elif nis in counts.index:
            rows.append((nis, *names[sum(counts[nis] >= limit for limit in rule.grenzen)]))
    return pd.DataFrame(rows, columns=["nis", "cluster", "clusternaam"]), year, problems


def rule_text(rule: ClusterRule, year: int, publisher: str) -> str:
    """The rule in words, for the methodology page and every gemeente page."""
    classes = "; ".join(name[0].lower() + name[1:] for _, name in class_names(rule.grenzen))
    return (f"De {len(rule.centrumsteden)} centrumsteden van het Vlaamse stedenbeleid vormen één cluster. "
            f"De andere gemeenten zijn ingedeeld naar hun aantal inwoners op 1 januari {year} ({publisher}): {classes}.")


def write_clusters(frame: pd.DataFrame, path: Path) -> None:
    frame.sort_values("nis").to_csv(path, index=False, lineterminator="\n")
