"""Load and validate the indicator catalogue (``data/indicatoren.yml``).

Validation happens in three passes over one YAML parse, and collects every
problem before raising a single ``CatalogueError``:

1. YAML syntax (and duplicate mapping keys, which PyYAML would silently drop);
2. the JSON Schema ``data/indicatoren.schema.json`` (unknown keys, missing
   fields, wrong types and enum values);
3. rules the schema cannot express: unique codes, known thema and indeling
   references, ``totaal`` as first group, teller/noemer according to soort,
   schaal according to eenheid.

Lines come from the ``yaml.compose`` node marks and are 1-based.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import yaml

from . import paths
from .catalogue_rules import (  # noqa: F401 - the vocabulary is part of this module's interface
    INTERVAL_BY_UNIT,
    PERCENTAGE_UNITS,
    ROLES_BY_SOORT,
    SCALE_BY_UNIT,
    SMALL_NOEMER,
    SOORTEN,
    TOTAL_GROUP,
    allowed_fix,
    as_list,
    extra_keys,
    schema_message,
    soort_rules,
)
from .errors import CatalogueError, Problem, raise_if
from .yamlnodes import compose, error_line

JsonPath = tuple[str | int, ...]

if TYPE_CHECKING:  # pragma: no cover - pandas only for type hints; loading the catalogue stays light
    import pandas as pd


# --------------------------------------------------------------------- records


@dataclass(frozen=True)
class Group:
    """One group of an indeling (``vreemd`` → ``Vreemde herkomst``)."""

    code: str
    naam: str


@dataclass(frozen=True)
class Theme:
    """One of the seven themes."""

    code: str
    naam: str
    omschrijving: str


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue, with its indeling resolved."""

    code: str
    naam: str
    thema: str
    soort: str  # ratio | aantal | waarde
    eenheid: str  # % | ‰ | aantal | euro
    schaal: int
    decimalen: int
    indeling: str
    indeling_naam: str
    groepen: tuple[Group, ...]
    richting: str  # hoger-beter | lager-beter | neutraal
    bron: str
    teller: str  # "" for soort waarde
    noemer: str  # "" unless soort ratio
    definitie: str
    doelgroep: str
    eerste_editie: int | None
    line: int  # line of the indicator in the catalogue file
    licentie: str = ""  # reuse terms of the source, shown beside every figure
    # "totaal": every group is a share of the total's noemer (e.g. of all inhabitants);
    # "groep": each group has a noemer of its own (e.g. a rate within that group)
    groepsnoemer: str = "groep"
    meetjaren: tuple[int, ...] = ()  # the only years with a figure (e.g. election years); () = every year
    interval: str = ""  # "wilson" | "poisson" | "" (no interval): the method of its 95 % intervals
    klein_aantal: int = SMALL_NOEMER  # a figure with a noemer below this is marked "klein aantal"
    referentiegroep: str = ""  # the group the others are compared with (gaps), "" for none

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def available(self) -> bool:
        return self.eerste_editie is not None

    @property
    def is_percentage(self) -> bool:
        return self.eenheid in PERCENTAGE_UNITS

    @property
    def roles(self) -> tuple[str, ...]:
        """The figures a row of this indicator carries: teller and noemer, teller, or waarde."""
        return ROLES_BY_SOORT[self.soort]

    @property
    def gap_reference(self) -> str:
        """The reference group of the gaps between groups: only when each group has its own noemer
        and the figures have intervals; "" otherwise."""
        own_noemer = self.soort == "ratio" and self.groepsnoemer == "groep"
        return self.referentiegroep if own_noemer and self.interval else ""

    @property
    def group_codes(self) -> tuple[str, ...]:
        return tuple(group.code for group in self.groepen)


@dataclass(frozen=True)
class Catalogue:
    """The validated catalogue: themes and indicators in file order."""

    path: Path
    themes: tuple[Theme, ...]
    indicators: tuple[Indicator, ...]
    _by_code: dict[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {ind.code: ind for ind in self.indicators})

    def get(self, code: str) -> Indicator:
        """The indicator with ``code``; ``KeyError`` if unknown."""
        return self._by_code[code]

    @property
    def soorten(self) -> dict[str, str]:
        """Indicator code → soort (ratio, aantal, waarde)."""
        return {ind.code: ind.soort for ind in self.indicators}

    def attribute(self, codes: pd.Series, name: str) -> pd.Series:
        """One field of each row's indicator (vectorised), e.g. ``interval`` or ``klein_aantal``."""
        return codes.map({ind.code: getattr(ind, name) for ind in self.indicators})

    def figure(self, codes: pd.Series, teller: pd.Series, noemer: pd.Series, other: pd.Series) -> pd.Series:
        """The figure of each row by its indicator's soort (vectorised): teller / noemer × schaal for a
        ratio, the teller for an aantal, ``other`` for a waarde (the given value, or a median)."""
        import numpy as np
        import pandas as pd
        kind = codes.map(self.soorten)
        scale = codes.map({ind.code: float(ind.schaal) for ind in self.indicators}).astype(float)
        values = np.select([kind == "ratio", kind == "aantal"], [teller / noemer * scale, teller], other)
        return pd.Series(values, index=codes.index, dtype=float)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def by_theme(self, theme_code: str) -> tuple[Indicator, ...]:
        """Indicators of one theme in file order; ``KeyError`` if the theme is unknown."""
        self.theme(theme_code)
        return tuple(ind for ind in self.indicators if ind.thema == theme_code)

    def theme(self, code: str) -> Theme:
        """The theme with ``code``; ``KeyError`` if unknown."""
        for theme in self.themes:
            if theme.code == code:
                return theme
        raise KeyError(code)


# ----------------------------------------------------------------- entry point


def catalogue_path(data_dir: Path) -> Path:
    """The catalogue a data folder is read with: its own ``indicatoren.yml``, else ``data/indicatoren.yml``."""
    own = Path(data_dir) / "indicatoren.yml"
    return own if own.exists() else paths.CATALOGUE


def load_catalogue(path: Path = paths.CATALOGUE) -> Catalogue:
    """Read, validate and return the catalogue; raise ``CatalogueError`` with every problem."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError([Problem(where, 0, f"catalogus onleesbaar: {exc}",
                                      "controleer pad en codering (UTF-8)")]) from exc
    data, root, problems = _parse(text, where)
    raise_if(problems, CatalogueError)
    if data is None or root is None:
        raise CatalogueError([Problem(where, 0, "catalogus is leeg",
                                      "vul themas, indelingen en indicatoren in")])
    checker = _Checker(where, data, root)
    problems = checker.duplicate_keys(root, ()) + checker.schema_problems() + checker.rule_problems()
    raise_if(problems, CatalogueError)
    return _build(Path(path), data, checker)


# --------------------------------------------------------------------- parsing


def _parse(text: str, where: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Compose (for line marks) and construct (for data) the YAML in one pass."""
    try:
        data, root = compose(text)
        return data, root, []
    except yaml.MarkedYAMLError as exc:
        reason = exc.problem or exc.context or "onleesbare YAML"
        return None, None, [Problem(where, error_line(exc), f"YAML-syntaxfout: {reason}",
                                    "controleer inspringing, dubbele punten en aanhalingstekens")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(where, 0, f"YAML-fout: {exc}", "")]


@lru_cache(maxsize=4)
def _validator(schema_path: Path = paths.CATALOGUE_SCHEMA) -> jsonschema.Draft202012Validator:
    """The JSON Schema validator for the catalogue (checked once)."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _child(node: yaml.Node, part: str | int, *, key: bool = False) -> yaml.Node | None:
    """The value node (or key node) at ``part`` below ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node if key else value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


# -------------------------------------------------------------------- checking


class _Checker:
    """Collects problems for one parsed catalogue; knows how to map paths to lines."""

    def __init__(self, where: str, data: Any, root: yaml.Node):
        self.where = where
        self.data = data
        self.root = root

    # --- locating

    def line(self, path: JsonPath, *, key: bool = False) -> int:
        """1-based line of the deepest node found along ``path``."""
        node = self.root
        for index, part in enumerate(path):
            last = index == len(path) - 1
            child = _child(node, part, key=key and last)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    def subject(self, path: JsonPath) -> str:
        """Who a problem at ``path`` concerns: 'indicator D1', "thema 'x'", ..."""
        section = path[0] if path else None
        item = self._item(path)
        if section == "indicatoren" and len(path) > 1:
            code = item.get("code") if isinstance(item, dict) else None
            return f"indicator {code}" if isinstance(code, str) and code else f"indicator nr. {int(path[1]) + 1}"
        if section == "themas" and len(path) > 1:
            code = item.get("code") if isinstance(item, dict) else None
            return f"thema '{code}'" if isinstance(code, str) else f"thema nr. {int(path[1]) + 1}"
        if section == "indelingen" and len(path) > 1:
            return f"indeling '{path[1]}'"
        return "catalogus"

    def _item(self, path: JsonPath) -> Any:
        try:
            return self.data[path[0]][path[1]]
        except (KeyError, IndexError, TypeError):
            return None

    def problem(self, path: JsonPath, message: str, fix: str = "", *, key: bool = False) -> Problem:
        return Problem(self.where, self.line(path, key=key), f"{self.subject(path)}: {message}", fix)

    # --- pass 1: duplicate keys (PyYAML keeps the last one silently)

    def duplicate_keys(self, node: yaml.Node, path: JsonPath) -> list[Problem]:
        problems: list[Problem] = []
        if isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                problems += self.duplicate_keys(child, path + (index,))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                name = str(key_node.value)
                line = key_node.start_mark.line + 1
                if name in seen:
                    problems.append(Problem(
                        self.where, line,
                        f"{self.subject(path + (name,))}: sleutel '{name}' komt twee keer voor "
                        f"(regels {seen[name]} en {line})", "verwijder of hernoem een van beide"))
                seen.setdefault(name, line)
                problems += self.duplicate_keys(value_node, path + (name,))
        return problems

    # --- pass 2: JSON Schema

    def schema_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for error in _validator().iter_errors(self.data):
            problems += self._from_schema_error(error)
        return problems

    def _from_schema_error(self, error: jsonschema.ValidationError) -> list[Problem]:
        path: JsonPath = tuple(error.absolute_path)
        kind = error.validator
        if kind == "additionalProperties":
            return [self.problem(path + (name,), f"onbekend veld '{name}'", allowed_fix(error.schema),
                                 key=True) for name in extra_keys(error)]
        if kind == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            return [self.problem(path, f"verplicht veld '{name}' ontbreekt",
                                 f"voeg '{name}:' toe") for name in missing]
        message, fix = schema_message(error, path)
        return [self.problem(path, message, fix)]

    # --- pass 3: rules beyond the schema

    def rule_problems(self) -> list[Problem]:
        if not isinstance(self.data, dict):
            return []
        themes = self._theme_codes()
        problems = self._indeling_problems()
        seen: dict[str, int] = {}
        for index, item in enumerate(as_list(self.data.get("indicatoren"))):
            if not isinstance(item, dict):
                continue
            path: JsonPath = ("indicatoren", index)
            problems += self._duplicate_code(item, path, seen)
            problems += self._reference_problems(item, path, themes)
            problems += self._soort_problems(item, path)
        return problems

    def _theme_codes(self) -> set[str]:
        codes: set[str] = set()
        for item in as_list(self.data.get("themas")):
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                codes.add(item["code"])
        return codes

    def _indeling_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        indelingen = self.data.get("indelingen")
        for name, indeling in (indelingen.items() if isinstance(indelingen, dict) else ()):
            groepen = indeling.get("groepen") if isinstance(indeling, dict) else None
            if isinstance(groepen, dict) and groepen and next(iter(groepen)) != TOTAL_GROUP:
                problems.append(self.problem(
                    ("indelingen", name, "groepen"),
                    f"de eerste groep moet '{TOTAL_GROUP}' zijn, niet '{next(iter(groepen))}'",
                    f"zet '{TOTAL_GROUP}:' bovenaan de groepen"))
            reference = indeling.get("referentiegroep") if isinstance(indeling, dict) else None
            others = [g for g in groepen if g != TOTAL_GROUP] if isinstance(groepen, dict) else []
            if isinstance(reference, str) and reference not in others:
                problems.append(self.problem(
                    ("indelingen", name, "referentiegroep"), f"referentiegroep '{reference}' is geen groep "
                    "van deze indeling (of is 'totaal')", "kies een van: " + ", ".join(others)))
        return problems

    def _duplicate_code(self, item: dict[str, Any], path: JsonPath, seen: dict[str, int]) -> list[Problem]:
        code = item.get("code")
        if not isinstance(code, str):
            return []
        line = self.line(path)
        if code in seen:
            return [self.problem(path, f"code '{code}' komt twee keer voor (regels {seen[code]} en {line})",
                                 "geef elke indicator een eigen code")]
        seen[code] = line
        return []

    def _reference_problems(self, item: dict[str, Any], path: JsonPath, themes: set[str]) -> list[Problem]:
        problems: list[Problem] = []
        indelingen = self.data.get("indelingen")
        known_indelingen = set(indelingen) if isinstance(indelingen, dict) else set()
        thema, indeling = item.get("thema"), item.get("indeling")
        if isinstance(thema, str) and thema not in themes:
            problems.append(self.problem(path + ("thema",), f"onbekend thema '{thema}'",
                                         "bekende thema's: " + ", ".join(sorted(themes))))
        if isinstance(indeling, str) and indeling not in known_indelingen:
            problems.append(self.problem(path + ("indeling",), f"onbekende indeling '{indeling}'",
                                         "bekende indelingen: " + ", ".join(sorted(known_indelingen))))
        return problems

    def _soort_problems(self, item: dict[str, Any], path: JsonPath) -> list[Problem]:
        return [self.problem(path + (field_name,) if field_name in item else path, message, fix)
                for field_name, message, fix in soort_rules(item)]


# -------------------------------------------------------------------- building


def _build(path: Path, data: dict[str, Any], checker: _Checker) -> Catalogue:
    """Turn validated data into records."""
    themes = tuple(Theme(t["code"], t["naam"], t["omschrijving"]) for t in data["themas"])
    threshold = data.get("klein_aantal", SMALL_NOEMER)
    indicators = tuple(_indicator(item, data["indelingen"], checker.line(("indicatoren", index)), threshold)
                       for index, item in enumerate(data["indicatoren"]))
    return Catalogue(path=path, themes=themes, indicators=indicators)


def _interval_method(item: dict[str, Any]) -> str:
    """The declared method ("geen" = none), else the default of a ratio's unit."""
    method = item.get("interval")
    if method is not None:
        return "" if method == "geen" else method
    return INTERVAL_BY_UNIT.get(item["eenheid"], "") if item["soort"] == "ratio" else ""


def _indicator(item: dict[str, Any], indelingen: dict[str, Any], line: int, threshold: int) -> Indicator:
    indeling = indelingen[item["indeling"]]
    return Indicator(
        code=item["code"], naam=item["naam"], thema=item["thema"], soort=item["soort"],
        eenheid=item["eenheid"], schaal=item["schaal"], decimalen=item["decimalen"],
        indeling=item["indeling"], indeling_naam=indeling["naam"],
        groepen=tuple(Group(code, naam) for code, naam in indeling["groepen"].items()),
        richting=item["richting"], bron=item["bron"],
        teller=item.get("teller", ""), noemer=item.get("noemer", ""),
        definitie=item["definitie"], doelgroep=item["doelgroep"],
        eerste_editie=item["eerste_editie"], line=line, licentie=item.get("licentie", ""),
        groepsnoemer=item.get("groepsnoemer", "groep"), meetjaren=tuple(item.get("meetjaren", ())),
        interval=_interval_method(item), klein_aantal=item.get("klein_aantal", threshold),
        referentiegroep=indeling.get("referentiegroep", ""),
    )
