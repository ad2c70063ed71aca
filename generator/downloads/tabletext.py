"""A table as text, fast: every column formatted once, then joined into lines per file.

pandas' ``to_csv`` formats every float through Python-level wrappers: writing liim-data.csv and its
Excel-ready variant took about 10 s each (cProfile: 4.3 million calls of pandas' float formatter
for the two). Here each column becomes its field texts once (``TextTable``), in a ``Dialect``:
floats with ``export.FLOAT_FORMAT`` and the dialect's decimal mark, integers as digits, text quoted
as the csv module quotes it (pandas' rules: minimal quoting, doubled quotes) or as a JSON string,
missing values empty (``null`` in JSON). A file is then the join of the chosen columns' texts for
its rows, so liim-data.csv, the indicator files and the gemeente files (CSV and JSON) come from the
same texts. The CSV bytes equal those of ``DataFrame.to_csv`` with the same options (tested).
"""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..export import FLOAT_FORMAT


@dataclass(frozen=True)
class Dialect:
    """How fields are written: separator, decimal mark, line end; ``json``: JSON values instead."""

    sep: str
    decimal: str
    newline: str
    json: bool = False

    @property
    def missing(self) -> str:
        """An empty figure or text: nothing in CSV, ``null`` in JSON."""
        return "null" if self.json else ""


PLAIN = Dialect(",", ".", "\n")       # liim-data.csv: comma, decimal point, LF
EXCEL = Dialect(";", ",", "\r\n")     # the Excel-ready variant: semicolon, decimal comma, CRLF
JSON = Dialect(",", ".", "\n", json=True)


def quote(text: str, dialect: Dialect) -> str:
    """One text field: as the csv module writes it (quoted only when needed), or a JSON string."""
    if dialect.json:
        return json.dumps(text, ensure_ascii=False)
    if not text:
        return ""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=dialect.sep, lineterminator=dialect.newline).writerow([text])
    return buffer.getvalue()[: -len(dialect.newline)]


def column_texts(values: pd.Series, dialect: Dialect) -> list[str]:
    """The field text of every value of one column (in row order); each distinct value is formatted
    once (most columns repeat their values: years, codes, names, comparison figures)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # missing values: code -1
    kind = values.dtype.kind
    texts = distinct_texts(uniques, kind, dialect) + [dialect.missing]
    out = np.asarray(texts, dtype=object)[codes]
    if kind == "f":  # factorize holds -0.0 and 0.0 as one value; the formatter tells them apart
        numbers = values.to_numpy()
        zero = numbers == 0
        if zero.any():
            signs = np.signbit(numbers[zero])
            out[zero] = np.where(signs, *distinct_texts(np.array([-0.0, 0.0]), kind, dialect))
    return out.tolist()


def distinct_texts(uniques: Any, kind: str, dialect: Dialect) -> list[str]:
    """The texts of distinct values of a column of dtype ``kind``: floats with FLOAT_FORMAT and the
    dialect's decimal mark (not finite: missing), integers as digits, anything else quoted as text."""
    values = uniques.tolist()
    if kind == "f":
        texts = [FLOAT_FORMAT % v for v in values]
        if not np.isfinite(np.asarray(uniques, dtype=float)).all():
            texts = [t if math.isfinite(v) else dialect.missing for t, v in zip(texts, values)]
        return [t.replace(".", dialect.decimal) for t in texts] if dialect.decimal != "." else texts
    if kind in "iu":
        return [str(v) for v in values]
    return [quote(str(v), dialect) for v in values]


def json_from_csv(texts: list[str]) -> list[str]:
    """JSON values of a numeric column from its texts in the plain CSV dialect (the same digits)."""
    return ["null" if t == "" else t for t in texts]


@dataclass
class TextTable:
    """The field texts of a frame's columns in one dialect, made once per column when first asked."""

    frame: pd.DataFrame
    dialect: Dialect
    numbers_from: TextTable | None = None  # JSON: a plain table of the same frame, whose numbers it reuses
    _texts: dict[str, list[str]] = field(default_factory=dict)

    def column(self, name: str) -> list[str]:
        """The texts of one column."""
        if name not in self._texts:
            values = self.frame[name]
            if self.numbers_from is not None and values.dtype.kind in "fiu":
                self._texts[name] = json_from_csv(self.numbers_from.column(name))
            else:
                self._texts[name] = column_texts(values, self.dialect)
        return self._texts[name]

    def lines(self, columns: Sequence[str], rows: Sequence[int] | None = None) -> list[str]:
        """One line per row (``rows``: only these positions, in their order): the columns' texts joined
        (a JSON array per row in the JSON dialect)."""
        texts = [self.column(c) for c in columns]
        if rows is not None:
            texts = [[column[i] for i in rows] for column in texts]
        if self.dialect.json:
            return ["[" + ",".join(fields) + "]" for fields in zip(*texts)]
        return [self.dialect.sep.join(fields) for fields in zip(*texts)]

    def header(self, columns: Sequence[str]) -> str:
        """The header line of ``columns``."""
        return self.dialect.sep.join(quote(c, self.dialect) for c in columns)


def csv_document(header: str, lines: list[str], rows: Iterable[int] | None, dialect: Dialect) -> str:
    """Header and the lines of ``rows`` (positions; ``None``: every line), each ended by the line end."""
    chosen = lines if rows is None else [lines[i] for i in rows]
    return dialect.newline.join([header, *chosen, ""])
