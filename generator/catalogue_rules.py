"""Catalogue rules beyond its JSON Schema, and the Dutch messages of schema errors.

Used by ``catalogue._Checker``; the constants are the catalogue's vocabulary.
"""
from __future__ import annotations

import re
from typing import Any

import jsonschema

PERCENTAGE_UNITS = ("%", "‰")
SOORTEN = ("ratio", "aantal", "waarde")
# The figures each soort is delivered with (its roles), and nothing else.
ROLES_BY_SOORT = {"ratio": ("teller", "noemer"), "aantal": ("teller",), "waarde": ("waarde",)}
SCALE_BY_UNIT = {"%": 100, "‰": 1000, "aantal": 1, "euro": 1}
TOTAL_GROUP = "totaal"
SMALL_NOEMER = 30  # default threshold of "klein aantal" (a noemer below it), see ``klein_aantal``
# The 95 % interval of a ratio by its unit (see generator/intervals.py); none for euro (a mean)
INTERVAL_BY_UNIT = {"%": "wilson", "‰": "poisson"}

JsonPath = tuple[str | int, ...]


def soort_rules(item: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, message, fix) for teller/noemer/eenheid/schaal that do not fit the soort."""
    soort, eenheid, schaal = item.get("soort"), item.get("eenheid"), item.get("schaal")
    rules: list[tuple[str, str, str]] = []
    for name, needed_by in (("teller", ("ratio", "aantal")), ("noemer", ("ratio",))):
        if soort in needed_by and name not in item:
            rules.append((name, f"een {soort} heeft een '{name}'-tekst nodig",
                          f"beschrijf wat de {name} telt"))
        if soort in SOORTEN and soort not in needed_by and name in item:
            rules.append((name, f"een {soort} heeft geen {name}", f"verwijder '{name}'"))
    if soort == "ratio" and eenheid == "aantal":
        rules.append(("eenheid", f"een ratio heeft eenheid %, ‰ of euro (een gemiddelde), niet '{eenheid}'",
                      "gebruik eenheid '%', '‰' of 'euro'"))
    if soort in ("aantal", "waarde") and eenheid in PERCENTAGE_UNITS:
        rules.append(("eenheid", f"een {soort} kan geen eenheid '{eenheid}' hebben",
                      "gebruik soort ratio"))
    rules += interval_rules(soort, eenheid, item.get("interval"))
    expected = SCALE_BY_UNIT.get(eenheid) if isinstance(eenheid, str) else None
    if expected is not None and schaal in (1, 100, 1000) and schaal != expected:
        rules.append(("schaal", f"schaal {schaal} past niet bij eenheid '{eenheid}'",
                      f"gebruik schaal {expected}"))
    return rules


def interval_rules(soort: Any, eenheid: Any, method: Any) -> list[tuple[str, str, str]]:
    """A documented interval method only where it fits: Wilson for shares (%), Poisson for rates
    per 1 000 and counts; none for a waarde or an average in euro."""
    if method == "wilson" and not (soort == "ratio" and eenheid == "%"):
        return [("interval", "Wilson geldt alleen voor aandelen (ratio in %)", "gebruik poisson of geen")]
    if method == "poisson" and not (soort == "aantal" or (soort == "ratio" and eenheid in PERCENTAGE_UNITS)):
        return [("interval", f"het Poisson-interval geldt niet voor een {soort} in {eenheid}",
                 "gebruik 'geen': voor een gemiddelde of een waarde is geen methode gedocumenteerd")]
    return []


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def extra_keys(error: jsonschema.ValidationError) -> list[str]:
    """Keys of ``error.instance`` that neither ``properties`` nor ``patternProperties`` allow."""
    known = error.schema.get("properties", {})
    patterns = list(error.schema.get("patternProperties", {}))
    return [str(name) for name in error.instance
            if name not in known and not any(re.search(p, str(name)) for p in patterns)]


def allowed_fix(schema: dict[str, Any]) -> str:
    if schema.get("properties"):
        return "toegelaten velden: " + ", ".join(schema["properties"])
    return "gebruik kleine letters, cijfers en '-'"


def schema_message(error: jsonschema.ValidationError, path: JsonPath) -> tuple[str, str]:
    """A Dutch message and fix for a schema error other than unknown/missing keys."""
    name = str(path[-1]) if path else "catalogus"
    value, limit = error.instance, error.validator_value
    kind = error.validator
    if kind == "enum":
        return f"ongeldige waarde {value!r} voor '{name}'", "toegelaten: " + ", ".join(map(str, limit))
    if kind == "type":
        return (f"'{name}' heeft het verkeerde type ({type(value).__name__})",
                f"verwacht type: {limit if isinstance(limit, str) else ' of '.join(limit)}")
    if kind == "pattern" and name == "code":
        return f"ongeldige code {value!r}", "hoofdletter D, I, T, O, H, W of P en één cijfer"
    if kind in ("pattern", "minLength") and isinstance(value, str) and not value.strip():
        return f"'{name}' is leeg", f"vul '{name}' in"
    if kind == "pattern":
        return f"ongeldige waarde {value!r} voor '{name}'", f"moet voldoen aan {limit}"
    if kind in ("minimum", "maximum"):
        return f"'{name}' = {value!r} ligt buiten het toegelaten bereik", f"{kind}: {limit}"
    if kind in ("minItems", "minProperties"):
        return f"'{name}' is leeg", f"vul '{name}' in"
    return error.message, ""
