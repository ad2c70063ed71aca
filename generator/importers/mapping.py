"""Turn a publisher file's variables into canonical rows, as ``data/bronnen.yml`` maps them.

Each variable of a source goes to the teller, noemer or waarde of an indicator × groep.
Several variables with the same indicator, groep and rol are summed (e.g. the three
foreign origin groups of Statbel form the teller of D2 'totaal'); a figure is only
written when every variable it sums is present for that year and gemeente. A rate
or average published without its counts cannot be a teller or noemer: the mapping
says so at its line.
"""
from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from ..catalogue import Catalogue
from ..errors import Problem
from ..model import STATUS_SECRET
from ..tables import VALUE_COLUMNS
from .extract import Extract
from .incijfers import is_rate_label
from .sources import SourceFile, Target

ROLES = ("teller", "noemer", "waarde")
RATE_WORDS = ("avg", "average", "mean", "median", "rate", "ratio")  # Statbel's English column names


def is_rate(variable: str) -> bool:
    """A variable that is a rate, share or average rather than a count or sum."""
    words = variable.lower().replace("_", " ").split()
    if words[:1] == ["total"]:  # a sum, even when reconstructed from an average (total_income_from_avg)
        return False
    return is_rate_label(variable) or any(w in RATE_WORDS for w in words)


def check_targets(source: SourceFile, catalogue: Catalogue, shown: str, found: set[str]) -> list[Problem]:
    """Every mapping line: a known indicator and group, a rol its soort needs, a count for a
    teller or noemer, a variable the file has; and every indicator × groep complete."""
    problems: list[Problem] = []
    for target in source.targets:
        problems += check_target(target, catalogue, shown, found)
    for (indicator, groep), targets in by_group(source.targets).items():
        if indicator not in catalogue:
            continue
        roles = {t.rol for t in targets}
        problems += [Problem(shown, targets[0].line, f"{indicator} {groep}: geen variabele met rol '{rol}' (bron '{source.id}')",
                             f"een {catalogue.get(indicator).soort} heeft {' en '.join(catalogue.get(indicator).roles)} nodig")
                     for rol in catalogue.get(indicator).roles if rol not in roles]
    return problems


def check_target(target: Target, catalogue: Catalogue, shown: str, found: set[str]) -> list[Problem]:
    """One mapping line."""
    where = f"variabele '{target.variable}'"
    if target.indicator not in catalogue:
        return [Problem(shown, target.line, f"{where}: onbekende indicator '{target.indicator}'",
                        "gebruik een code uit data/indicatoren.yml")]
    ind = catalogue.get(target.indicator)
    problems = []
    if target.groep not in ind.group_codes:
        problems.append(Problem(shown, target.line, f"{where}: onbekende groep '{target.groep}' voor {ind.code}",
                                f"groepen van {ind.code}: {', '.join(ind.group_codes)}"))
    if target.rol not in ind.roles:
        problems.append(Problem(shown, target.line, f"{where}: rol '{target.rol}' hoort niet bij {ind.code} ({ind.soort})",
                                f"een {ind.soort} heeft {' en '.join(ind.roles)}"))
    if target.rol in ("teller", "noemer") and is_rate(target.variable):
        problems.append(Problem(shown, target.line, f"{where} is een verhouding (aandeel, cijfer per 1 000 of gemiddelde) "
                                f"zonder teller en noemer: ze kan geen {target.rol} zijn",
                                "gebruik de aantallen waaruit ze berekend is; zonder die aantallen kan de indicator niet"))
    if target.variable not in found:
        shown_found = ", ".join(sorted(found)[:12]) + (" …" if len(found) > 12 else "")
        problems.append(Problem(shown, target.line, f"{where} komt niet voor in het bronbestand",
                                f"variabelen in het bestand: {shown_found}"))
    return problems


def by_group(targets: tuple[Target, ...]) -> dict[tuple[str, str], list[Target]]:
    groups: dict[tuple[str, str], list[Target]] = defaultdict(list)
    for target in targets:
        groups[(target.indicator, target.groep)].append(target)
    return dict(groups)


def canonical_rows(extract: Extract, source: SourceFile, catalogue: Catalogue, shown: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Canonical rows (strings, ``VALUE_COLUMNS`` + ``bestand``, ``regel``) and warnings about
    figures left out because a variable they need is missing."""
    frames, warnings = [], []
    for (indicator, groep), targets in sorted(by_group(source.targets).items()):
        roles = {rol: [t.variable for t in targets if t.rol == rol] for rol in catalogue.get(indicator).roles}
        figures, dropped = combine(extract.frame, roles)
        if dropped:
            warnings.append(Problem(shown, 0, f"{indicator} {groep}: {dropped} cijfer(s) weggelaten omdat een variabele "
                                    "ontbreekt voor dat jaar en die gemeente ('-' in het bestand)"))
        if "noemer" in figures and (empty := int((figures["noemer"] == 0).sum())):
            warnings.append(Problem(shown, 0, f"{indicator} {groep}: {empty} keer noemer 0: geen cijfer voor die gemeente "
                                    "en dat jaar, maar de totalen blijven volledig"))
        figures["indicator"], figures["groep"] = indicator, groep
        frames.append(figures)
    if not frames:
        return pd.DataFrame(columns=[*VALUE_COLUMNS, "regel", "bestand"]), warnings
    out = pd.concat(frames, ignore_index=True)
    for rol in ROLES:
        out[rol] = [number_text(v) for v in out[rol]] if rol in out else ""
    out["jaar"] = out["jaar"].astype(int).astype(str)
    out["bestand"] = shown
    return out[[*VALUE_COLUMNS, "regel", "bestand"]], warnings


def combine(frame: pd.DataFrame, roles: dict[str, list[str]]) -> tuple[pd.DataFrame, int]:
    """Per (jaar, nis): the sum of each rol's variables where all of them are present, and
    ``geheim`` where the publisher suppressed any of them (then no figure at all)."""
    sums = []
    for rol, variables in roles.items():
        part = frame[frame["variabele"].isin(variables)].assign(hidden=lambda f: f["cijfer"].isna())
        agg = part.groupby(["jaar", "nis"], sort=True).agg(**{rol: ("cijfer", "sum"), f"n_{rol}": ("cijfer", "size"),
                                                              f"s_{rol}": ("hidden", "max"), f"r_{rol}": ("regel", "min")})
        sums.append((rol, agg, len(set(variables))))
    joined = pd.concat([agg for _, agg, _ in sums], axis=1, join="outer")
    complete = pd.Series(True, index=joined.index)
    secret = pd.Series(False, index=joined.index)
    for rol, _, needed in sums:
        complete &= joined[f"n_{rol}"].fillna(0) == needed
        secret |= joined[f"s_{rol}"].fillna(False).astype(bool)
    kept = joined[complete | secret].reset_index()
    kept["status"] = [STATUS_SECRET if s else "" for s in secret[complete | secret]]
    kept.loc[kept["status"] == STATUS_SECRET, list(roles)] = float("nan")
    kept["regel"] = kept[[f"r_{rol}" for rol, _, _ in sums]].min(axis=1).astype(int)
    return kept[["jaar", "nis", *roles, "status", "regel"]], int((~(complete | secret)).sum())


def number_text(value: float) -> str:
    """A figure as written in a canonical table: integers without decimals, others to the cent."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")
