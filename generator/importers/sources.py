"""The raw publisher files behind the open-data edition: ``data/bronnen.yml``.

Each entry names one file as its publisher hands it out (address, sha256, licence,
which reader reads it, on which municipal division it is delivered, and which of its
variables is the teller, noemer or waarde of which indicator and group). The files
themselves are never committed: ``locate`` finds them, in this order, in
``--bronnen DIR``, ``$LIIM_BRONNEN_DIR``, the git-ignored cache ``.cache/bronnen/``
and ``../shared/realdata``, and otherwise downloads them from ``download`` (when the
entry has one) into the cache. Every file is checked against its sha256 sum.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..errors import Problem
from ..geodata import fetch_file, sha256_of
from ..yamlnodes import compose, yaml_problem

ENTRY_KEYS = ("id", "bestand", "sha256", "uitgever", "titel", "adres", "licentie", "datum", "lezer", "indeling")
OPTIONAL_KEYS = ("download", "variabelen", "opmerking")
UNUSED_KEYS = ("bestand", "sha256", "reden")
TARGET_KEYS = ("indicator", "groep", "rol")


@dataclass(frozen=True)
class Target:
    """Where one variable of a source goes: the teller, noemer or waarde of an indicator × groep."""

    variable: str
    indicator: str
    groep: str
    rol: str
    line: int


@dataclass(frozen=True)
class SourceFile:
    """One raw file of ``bronnen.yml``."""

    id: str
    bestand: str      # relative to the raw-files folder (the layout of ../shared/realdata)
    sha256: str
    uitgever: str
    titel: str
    adres: str        # where a maintainer downloads the file (the publisher's page)
    licentie: str
    datum: str        # the source's own date (reference date or export date), as the publisher gives it
    lezer: str        # a reader of generator.importers.READERS
    indeling: str     # "jaar" or a division key ("2025": history recalculated to today's gemeenten)
    line: int
    download: str = ""
    opmerking: str = ""
    targets: tuple[Target, ...] = field(default=())


@dataclass(frozen=True)
class UnusedFile:
    """A raw file the edition does not read, with the reason (shown in the documentation)."""

    bestand: str
    sha256: str
    reden: str
    line: int


@dataclass
class SourceList:
    """The checked ``bronnen.yml``."""

    path: Path
    shown: str
    sources: list[SourceFile] = field(default_factory=list)
    unused: list[UnusedFile] = field(default_factory=list)
    clusters: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_source_list(path: Path = paths.IMPORT_SOURCES, shown: str | None = None) -> SourceList:
    """Read ``bronnen.yml``; every problem is collected with its line."""
    shown = shown or str(path)
    result = SourceList(path, shown)
    try:
        data, root = compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        result.problems.append(Problem(shown, 0, f"bronnenlijst onleesbaar: {err}", "controleer pad en codering (UTF-8)"))
        return result
    except yaml.MarkedYAMLError as err:
        result.problems.append(yaml_problem(err, shown))
        return result
    if not isinstance(data, dict) or not isinstance(data.get("bronnen"), list):
        result.problems.append(Problem(shown, 0, "de bronnenlijst heeft een lijst 'bronnen' nodig",
                                       "zie docs/onderhoud.md voor een voorbeeld"))
        return result
    for item, node in zip(data["bronnen"], section(root, "bronnen")):
        source, problems = parse_source(item, node, shown)
        result.problems += problems
        if source is not None:
            result.sources.append(source)
    for item, node in zip(data.get("niet_gebruikt") or [], section(root, "niet_gebruikt")):
        unused, problems = parse_unused(item, node, shown)
        result.problems += problems
        result.unused += [unused] if unused else []
    result.clusters = data.get("clusters") or {}
    result.problems += duplicate_ids(result)
    return result


def section(root: yaml.Node, name: str) -> list[yaml.Node]:
    """The item nodes of the top-level list ``name`` (for their line marks)."""
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value == name and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def child_lines(node: yaml.Node, name: str) -> dict[str, int]:
    """Line of every key of the mapping at ``name`` below ``node``."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if key.value == name and isinstance(value, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return {}


def parse_source(item: object, node: yaml.Node, shown: str) -> tuple[SourceFile | None, list[Problem]]:
    """One entry of ``bronnen``: required keys, then its variables."""
    line = node.start_mark.line + 1
    if not isinstance(item, dict):
        return None, [Problem(shown, line, "een bron is een mapping met " + ", ".join(ENTRY_KEYS))]
    problems = [Problem(shown, line, f"bron '{item.get('id', '?')}': veld '{k}' ontbreekt") for k in ENTRY_KEYS if k not in item]
    problems += [Problem(shown, line, f"bron '{item.get('id', '?')}': onbekend veld '{k}'",
                         "toegelaten: " + ", ".join(ENTRY_KEYS + OPTIONAL_KEYS))
                 for k in item if k not in ENTRY_KEYS + OPTIONAL_KEYS]
    if problems:
        return None, problems
    targets, problems = parse_targets(item.get("variabelen") or {}, child_lines(node, "variabelen"), shown, item["id"])
    fields = {k: str(item[k]) for k in ENTRY_KEYS}
    extra = {k: str(item.get(k) or "") for k in ("download", "opmerking")}
    return SourceFile(**fields, **extra, line=line, targets=targets), problems


def parse_targets(variables: object, lines: dict[str, int], shown: str, source: str) -> tuple[tuple[Target, ...], list[Problem]]:
    """``variable: {indicator, groep, rol}`` or a list of such mappings (one variable, several uses)."""
    if not isinstance(variables, dict):
        return (), [Problem(shown, 0, f"bron '{source}': 'variabelen' moet per variabele indicator, groep en rol geven")]
    targets, problems = [], []
    for variable, spec in variables.items():
        line = lines.get(str(variable), 0)
        for one in spec if isinstance(spec, list) else [spec]:
            if not isinstance(one, dict) or any(k not in one for k in TARGET_KEYS) or set(one) - set(TARGET_KEYS):
                problems.append(Problem(shown, line, f"variabele '{variable}': verwacht {{indicator, groep, rol}}",
                                        f"{variable}: {{indicator: D1, groep: totaal, rol: teller}}"))
                continue
            indicator, groep, rol = (str(one[k]).strip() for k in TARGET_KEYS)
            targets.append(Target(str(variable), indicator, groep, rol, line))
    return tuple(targets), problems


def parse_unused(item: object, node: yaml.Node, shown: str) -> tuple[UnusedFile | None, list[Problem]]:
    line = node.start_mark.line + 1
    if not isinstance(item, dict) or any(k not in item for k in UNUSED_KEYS):
        return None, [Problem(shown, line, "een niet gebruikt bestand heeft bestand, sha256 en reden")]
    return UnusedFile(str(item["bestand"]), str(item["sha256"]), str(item["reden"]), line), []


def duplicate_ids(result: SourceList) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for source in result.sources:
        if source.id in seen:
            problems.append(Problem(result.shown, source.line,
                                    f"bron-id '{source.id}' komt twee keer voor (ook op regel {seen[source.id]})"))
        seen.setdefault(source.id, source.line)
    return problems


# ------------------------------------------------------------------- locating


def search_folders(given: Path | None = None) -> list[Path]:
    """Where raw files are looked for, in order: --bronnen, $LIIM_BRONNEN_DIR, cache, ../shared/realdata."""
    env = os.environ.get(paths.REALDATA_ENV)
    folders = [given, Path(env) if env else None, paths.REALDATA_CACHE, paths.SHARED_REALDATA]
    return [f for f in folders if f is not None]


def locate(source: SourceFile, given: Path | None = None) -> tuple[Path | None, Problem | None]:
    """The verified local copy of a raw file, or the problem that prevents it."""
    wrong: list[str] = []
    named = {f for f in search_folders(given) if f not in (paths.REALDATA_CACHE, paths.SHARED_REALDATA)}
    for folder in search_folders(given):
        candidate = folder / source.bestand
        if candidate.is_file():
            if sha256_of(candidate) == source.sha256:
                return candidate, None
            wrong.append(str(candidate))
            if folder in named:  # a folder the user named: its file is the one meant, never a fallback
                break
    url = source.download
    if url and not wrong:  # nothing local at all
        target = paths.REALDATA_CACHE / source.bestand
        try:
            fetch_file(url, target)
        except (OSError, ValueError) as err:  # URLError is an OSError
            return None, Problem(source.bestand, 0, f"downloaden van {url} mislukt: {err}",
                                 f"download het bestand zelf van {source.adres} en geef de map met --bronnen DIR")
        if sha256_of(target) == source.sha256:
            return target, None
        wrong.append(str(target))
    if wrong:
        return None, Problem(wrong[0], 0, "sha256 klopt niet met data/bronnen.yml: het bestand is gewijzigd of van een andere versie",
                             "werk sha256 in data/bronnen.yml bij als dit de nieuwe versie is, en controleer de indeling")
    where = ", ".join(str(f) for f in search_folders(given))
    return None, Problem(source.bestand, 0, f"bronbestand niet gevonden (gezocht in {where})",
                         f"download het van {source.adres or 'de uitgever'} en geef de map met --bronnen DIR")
