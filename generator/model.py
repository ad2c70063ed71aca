"""Typed records shared between stages.

The stages communicate through these records and one pandas table, the
*harmonised table* (see ``TABLE_COLUMNS``): one row per indicator × jaar ×
current gemeente × groep, figures already mapped to today's division and
compared with Vlaanderen, the cluster and the province.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - imports for type hints only
    import pandas as pd

    from .catalogue import Catalogue
    from .divisions import Divisions

# Status values in the harmonised table.
STATUS_OK = ""
STATUS_PROVISIONAL = "voorlopig"   # shown with a mark
STATUS_SECRET = "geheim"           # suppressed: no figure, never derivable
STATUS_MERGER = "fusie"            # 'waarde' figure not available because of a merger
STATUS_MISSING = "ontbreekt"       # no row delivered for this gemeente
PUBLISHED = (STATUS_OK, STATUS_PROVISIONAL)  # the statuses that carry a figure on the site
STATUS_LABELS = {
    STATUS_OK: "",
    STATUS_PROVISIONAL: "voorlopig cijfer",
    STATUS_SECRET: "geheim (niet gepubliceerd)",
    STATUS_MERGER: "niet beschikbaar door fusie",
    STATUS_MISSING: "geen gegevens",
}



def is_published(status: object) -> bool:
    """A row with this status shows its figure (everything else is geheim, fusie or missing)."""
    return status in PUBLISHED


# Special NIS codes in the input.
NIS_VLAANDEREN = "02000"      # the official Flemish total (optional)
NIS_UNLOCATED = "99991"       # not attributable: counts in Vlaanderen, no map area

# Columns of the harmonised export liim-data.csv (the public contract), in order.
EXPORT_COLUMNS = (
    "indicator", "jaar", "nis", "gemeente", "groep", "teller", "noemer", "waarde",
    "status", "vlaanderen", "cluster", "cluster_waarde", "provincie", "provincie_waarde",
    # uncertainty and significance (appended, so readers of the first 14 columns keep working)
    "ondergrens", "bovengrens", "klein_aantal", "t_o_v_vlaanderen", "t_o_v_cluster",
    "kloof", "kloof_ondergrens", "kloof_bovengrens",
)
# The significance verdicts (t_o_v_vlaanderen, t_o_v_cluster, t_o_v_eerder), see generator/intervals.py.
HIGHER, LOWER, SIMILAR = "hoger", "lager", "gelijk"
# Extra columns the in-memory table carries for the pages (not exported in liim-data.csv).
EXTRA_COLUMNS = (
    "vlaanderen_status",   # "" | "onvolledig" (a geheim row is missing from the computed total)
    "cluster_status",      # "" | "onvolledig"
    "provincie_status",    # "" | "onvolledig"
    "rang",                # rank in Flanders (1 = highest figure), NaN without figure
    "rang_van",            # number of gemeenten ranked
    "vlaanderen_teller", "vlaanderen_noemer",  # the sums behind the Flemish figure
    "cluster_teller", "cluster_noemer",
    "provincie_teller", "provincie_noemer",
    "eerder_jaar",         # year of the figure five editions earlier (NaN when there is none)
    "t_o_v_eerder",        # hoger | lager | gelijk | "": the figure against that of eerder_jaar
)
TABLE_COLUMNS = EXPORT_COLUMNS + EXTRA_COLUMNS
# The comparison figures (Monitor.references; liim-vergelijking.csv): one row per indicator ×
# jaar × groep × niveau (vlaanderen, cluster, provincie) and naam (of the cluster or province).
REFERENCE_COLUMNS = (
    "indicator", "jaar", "groep", "niveau", "naam", "teller", "noemer", "waarde", "status",
    "ondergrens", "bovengrens", "klein_aantal", "kloof", "kloof_ondergrens", "kloof_bovengrens",
)

@dataclass(frozen=True)
class Gemeente:
    """A gemeente of today's division, with everything the pages need about it."""

    nis: str
    naam: str
    slug: str
    provincie: str
    cluster: str
    clusternaam: str
    # old gemeenten merged into this one, all waves: ((nis, naam, merger date), ...)
    voorgangers: tuple[tuple[str, str, str], ...] = field(default=())


@dataclass(frozen=True)
class Edition:
    """One yearly publication (declared in ``DIR/editie.yml``)."""

    jaar: int
    publicatiedatum: str  # ISO date
    indicatoren: tuple[str, ...]  # codes with data in this edition
    demo: bool = False  # synthetic demo figures: the site says so


@dataclass(frozen=True)
class SourceRecord:
    """One raw publisher file behind the figures (from ``DIR/waarden/bronnen.yml``)."""

    id: str
    uitgever: str
    titel: str
    adres: str
    licentie: str
    datum: str
    bestand: str
    sha256: str
    indicatoren: tuple[str, ...]
    jaren: tuple[int, ...]  # (first, last)


@dataclass(frozen=True)
class Provenance:
    """Where the figures of an edition come from; empty for the synthetic demo."""

    sources: tuple[SourceRecord, ...] = ()
    unused: tuple[tuple[str, str], ...] = ()  # (file, reason) of raw files the edition does not read
    cluster_rule: str = ""  # the rule that formed the clusters, in words

    def for_indicator(self, code: str) -> tuple[SourceRecord, ...]:
        return tuple(s for s in self.sources if code in s.indicatoren)


@dataclass(frozen=True)
class Monitor:
    """Everything the render stages (pages, maps, downloads) read; built once per build."""

    catalogue: Catalogue
    divisions: Divisions
    edition: Edition
    gemeenten: dict  # nis -> Gemeente, sorted by name
    table: pd.DataFrame  # TABLE_COLUMNS
    provenance: Provenance = field(default_factory=Provenance)
    references: pd.DataFrame | None = None  # REFERENCE_COLUMNS (compare.reference_table)

    @cached_property
    def reference_rows(self) -> dict[tuple, Any]:
        """(indicator, jaar, groep, niveau, naam) → that row of ``references`` (a named tuple with
        REFERENCE_COLUMNS as fields); niveau is vlaanderen, cluster or provincie, naam the cluster's
        or province's name (``compare.VLAANDEREN`` for the Flemish row)."""
        if self.references is None:
            return {}
        return {(r.indicator, int(r.jaar), r.groep, r.niveau, r.naam): r
                for r in self.references.itertuples(index=False)}

    def reference(self, indicator: str, jaar: int, groep: str, niveau: str, naam: str) -> Any:
        """One row of ``references``, or ``None``."""
        return self.reference_rows.get((indicator, int(jaar), groep, niveau, naam))

    def rows(self, indicator: str) -> pd.DataFrame:
        """The harmonised rows of one indicator."""
        return self.table[self.table["indicator"] == indicator]
