"""One edition as "Wat is nieuw" compares it: a small typed view, from a Monitor or a frozen edition.

The comparison (``diff.py``) needs far less than a ``Monitor``: every figure's key, value and
status, the edition's year and date, the names of its gemeenten, the indicators in catalogue
order (name, unit, decimals, group labels) and the mergers it knew. A frozen edition
(``archive.py``) keeps exactly that: the table as its open data (``liim-data.csv``) and the
rest as ``editie.json`` (``to_record``/``from_record``), so it is never validated again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .catalogue import Group, Indicator
from .divisions import Merger
from .model import Monitor

COLUMNS = ["indicator", "jaar", "nis", "groep", "waarde", "status"]


@dataclass(frozen=True)
class IndicatorInfo:
    """What the report says of an indicator: code and name, group labels, how a figure is written."""

    code: str
    naam: str
    eenheid: str
    decimalen: int
    groepen: tuple[Group, ...]

    @classmethod
    def of(cls, ind: Indicator) -> IndicatorInfo:
        return cls(ind.code, ind.naam, ind.eenheid, ind.decimalen, tuple(ind.groepen))

    @property
    def group_codes(self) -> tuple[str, ...]:
        return tuple(g.code for g in self.groepen)


@dataclass(frozen=True, eq=False)
class EditionView:
    """An edition's figures (``COLUMNS``) with what the report needs to name and order them."""

    jaar: int
    publicatiedatum: str  # ISO date
    table: pd.DataFrame  # COLUMNS: one row per indicator × jaar × nis × groep
    gemeenten: dict[str, str]  # nis → naam: the gemeenten of the division the table is on
    indicators: tuple[IndicatorInfo, ...]  # catalogue order
    mergers: tuple[Merger, ...] = ()  # the mergers this edition knew
    demo: bool = False

    @classmethod
    def of(cls, monitor: Monitor) -> EditionView:
        """The view of a harmonised edition."""
        return cls(monitor.edition.jaar, monitor.edition.publicatiedatum, monitor.table[COLUMNS],
                   {nis: g.naam for nis, g in monitor.gemeenten.items()},
                   tuple(IndicatorInfo.of(i) for i in monitor.catalogue), tuple(monitor.divisions.mergers),
                   monitor.edition.demo)

    @property
    def division(self) -> frozenset[str]:
        """The codes of the division the edition is published on."""
        return frozenset(self.gemeenten)

    def indicator(self, code: str) -> IndicatorInfo | None:
        """The indicator ``code`` of this edition's catalogue, or ``None``."""
        return next((i for i in self.indicators if i.code == code), None)

    def to_record(self) -> dict[str, Any]:
        """Everything but the table, as plain JSON data (``editie.json`` of a frozen edition)."""
        return {
            "jaar": self.jaar, "publicatiedatum": self.publicatiedatum, "demo": self.demo,
            "gemeenten": dict(sorted(self.gemeenten.items())),
            "indicatoren": [{"code": i.code, "naam": i.naam, "eenheid": i.eenheid, "decimalen": i.decimalen,
                             "groepen": [{"code": g.code, "naam": g.naam} for g in i.groepen]}
                            for i in self.indicators],
            "fusies": [{"oud_nis": m.old_nis, "oud_naam": m.old_naam, "nieuw_nis": m.new_nis,
                        "nieuw_naam": m.new_naam, "datum": m.datum} for m in self.mergers],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any], table: pd.DataFrame) -> EditionView:
        """The view ``to_record`` describes, with its ``table``; a missing key raises ``KeyError``."""
        indicators = tuple(IndicatorInfo(i["code"], i["naam"], i["eenheid"], int(i["decimalen"]),
                                         tuple(Group(g["code"], g["naam"]) for g in i["groepen"]))
                           for i in record["indicatoren"])
        mergers = tuple(Merger(m["oud_nis"], m["oud_naam"], m["nieuw_nis"], m["nieuw_naam"], m["datum"])
                        for m in record["fusies"])
        return cls(int(record["jaar"]), str(record["publicatiedatum"]), table[COLUMNS],
                   {str(k): str(v) for k, v in record["gemeenten"].items()}, indicators, mergers,
                   bool(record.get("demo", False)))


def as_view(edition: EditionView | Monitor) -> EditionView:
    """``edition`` as a view (a Monitor is viewed, a view is itself)."""
    return edition if isinstance(edition, EditionView) else EditionView.of(edition)
