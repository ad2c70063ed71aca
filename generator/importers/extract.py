"""What every publisher reader returns: the figures of one file in long form."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import Problem

# One row per variable × year × area. ``variabele`` is the publisher's column name (Statbel)
# or variable label (Provincies in Cijfers); ``nis`` a 5-digit NIS code (or 99991);
# ``cijfer`` a float, NaN for a figure the publisher suppressed (it becomes ``geheim``; a figure
# that simply does not exist gives no row); ``regel`` the 1-based
# line (CSV/TXT) or sheet row (XLSX) the figure was read from.
EXTRACT_COLUMNS = ("variabele", "jaar", "nis", "cijfer", "regel")


@dataclass
class Extract:
    """Figures read from one publisher file, with everything wrong found on the way."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # e.g. {"datum_export": "2025-03-14"}


def empty_extract(problems: list[Problem] | None = None) -> Extract:
    """An extract without figures (the file could not be read), carrying its problems."""
    frame = pd.DataFrame({
        "variabele": pd.Series(dtype=object), "jaar": pd.Series(dtype="int64"),
        "nis": pd.Series(dtype=object), "cijfer": pd.Series(dtype=float), "regel": pd.Series(dtype="int64")})
    return Extract(frame, list(problems or []))
