"""Suppression is airtight: a property-based test over random data with ``geheim`` cells and mergers.

Hypothesis draws figures for a fixed set of gemeenten covering the merger chains
(Antwerpen + Borsbeek 2025, Lievegem 2019, Pajottegem 2025, Beveren-Kruibeke-Zwijndrecht
2025, plus Gent, Mechelen and Aalst), for 2015 (division 2018), 2020 (division 2024) and
2025 (today's), for a count (I2) and a ratio (D1, groups totaal and eu14), marks some
cells ``geheim``, and optionally adds the official Flemish I2 count (02000, the true total
*including* the secret cells) and figures for every other gemeente ("complete", so that
the Flemish total is complete whenever nothing is secret).

Everything the site and the downloads publish is rendered and read back as text:
liim-data.csv/.json, the indicator pages of D1 and I2 with their map (and the lazily
loaded series JSON), the theme pages, the gemeente pages, and the downloads of the
involved gemeenten (PDF, XLSX, CSV, JSON, per-indicator CSV and SVG).

The checker (``leaks``) then demands that

* no secret figure appears: the teller and noemer of a geheim cell, nor its ratio;
* no figure appears from which a secret could be derived by subtraction: the true sums
  (and ratio) of a merged gemeente with a geheim predecessor, and the true totals (and
  ratio) of a cluster, province or Vlaanderen with a geheim member — in any spelling the
  site uses (``1234567``, ``1 234 567`` with U+202F or a space, ``1.234.567``; ratios as
  the 6-decimal CSV float) and, exactly, in the comparison columns of liim-data.csv;
* a merged gemeente with a geheim predecessor is itself geheim (no partial sum);
* the same for what is computed from figures: no bound of a 95 % interval of a secret cell or
  of a total that includes one (the bounds reveal the figure as surely as the figure itself),
  no gap between groups (kloof, eu14 − buiten-eu) with a geheim side, and a geheim row of
  liim-data.csv has no interval and no gap.

and ``missing`` checks the positive side, so a pipeline that drops everything fails too:
every allowed figure is in liim-data.csv with its Wilson interval (recomputed here from the
textbook formula) and its gap, the comparison columns are the sums over the published
members, and the figures of the newest year are found in the pages, the PDF and the XLSX by
the same matcher that looks for leaks.

``test_checker_finds_a_leak`` breaks the rules on purpose (monkeypatched) and requires
Hypothesis to find a counterexample: the checker itself is tested.

Two gaps this test found are pinned by their own tests: the official Flemish *ratio*
(D1 02000) must not be published when it includes a geheim member, and a geheim group
must not be derivable as totaal minus the other groups.

Runtime: about 3 s per example (the PDFs are compiled in a forked worker, typst never runs
in this process, and read back with PDFium); the checker reads each text once for the integers it
spells (``spelled_integers``) and looks only for those, instead of one regular expression with every
number over every text per question (that was 40 % of the time).
"""
from __future__ import annotations

import dataclasses
import functools
import io
import itertools
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from support import make_data_dir, pdf_text, write_catalogue_with_median

from generator import compare as compare_module
from generator import harmonise as harmonise_module
from generator import pages, paths
from generator.catalogue import load_catalogue
from generator.downloads import write_downloads
from generator.export import export_frame, write_csv, write_json
from generator.model import NIS_VLAANDEREN
from generator.monitor import load_inputs, make_monitor
from generator.provinces import province_of

pytestmark = pytest.mark.site  # renders every output (pages, downloads) of many generated cases


# D1 split by nationality group, each group with its own noemer: a catalogue of this test's own
# (the real D1 has Statbel's totaal only), so complementary suppression between groups is tested;
# buiten-eu is the reference group, so eu14 carries a gap (kloof) with its interval.
@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    path = write_catalogue_with_median(tmp_path_factory.mktemp("catalogus"), d1_nationaliteit=True)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["indelingen"]["nationaliteit"]["referentiegroep"] = REFERENCE_GROUP
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    loaded = load_catalogue(path)
    assert loaded.get("D1").gap_reference == REFERENCE_GROUP
    return loaded


@pytest.fixture
def data_dir(tmp_path, divisions, catalogue):
    def factory(rows: dict[str, str] | None = None, name: str = "data") -> Path:
        return with_catalogue(make_data_dir(tmp_path / name, divisions, catalogue, rows), catalogue)
    return factory


def with_catalogue(folder: Path, catalogue) -> Path:
    """The data folder carries the test's catalogue (load_inputs prefers DIR/indicatoren.yml)."""
    (folder / "indicatoren.yml").write_bytes(Path(catalogue.path).read_bytes())
    return folder

# ------------------------------------------------------------------------------ the world

YEARS = (2015, 2020, 2025)
# (indicator, groep): a count, and a ratio with three groups (the others are lazily loaded on the map);
# eu14 has a gap to the reference group buiten-eu
SERIES = (("I2", "totaal"), ("D1", "totaal"), ("D1", "eu14"), ("D1", "buiten-eu"))
REFERENCE_GROUP = "buiten-eu"
GAPS = (("D1", "eu14"),)  # (indicator, groep) with a kloof to REFERENCE_GROUP
RATIO = {"I2": False, "D1": True}
SCALE = {"I2": 1, "D1": 100}

_PAJOTTEGEM = ("23023", "23024", "23032")
_BKZ = ("46003", "46013", "11056")  # Zwijndrecht (11056) moved from the province of Antwerpen
CHAINS: dict[str, dict[int, tuple[str, ...]]] = {  # today's NIS -> year -> codes valid in that year's division
    "11002": {2015: ("11002", "11007"), 2020: ("11002", "11007"), 2025: ("11002",)},
    "44085": {2015: ("44036", "44072", "44080"), 2020: ("44085",), 2025: ("44085",)},
    "23106": {2015: _PAJOTTEGEM, 2020: _PAJOTTEGEM, 2025: ("23106",)},
    "46030": {2015: _BKZ, 2020: _BKZ, 2025: ("46030",)},
    "44021": {y: ("44021",) for y in YEARS},
    "12025": {y: ("12025",) for y in YEARS},
    "41002": {y: ("41002",) for y in YEARS},
}
INVOLVED = tuple(sorted(CHAINS))
# one cell per series × year × delivered code: (indicator, groep, jaar, code, today's code)
CELLS = tuple((ind, groep, jaar, code, cur) for ind, groep in SERIES for cur in INVOLVED
              for jaar in YEARS for code in CHAINS[cur][jaar])
INT_SLOTS = sum(2 if RATIO[c[0]] else 1 for c in CELLS)
LOW, HIGH = 1_000_003, 9_999_991  # distinctive: 7 digits, never a year, a rank or a coordinate


@dataclasses.dataclass(frozen=True)
class Example:
    figures: dict  # cell -> (teller, noemer or None): the true figures, also of the secret cells
    secret: frozenset  # cells delivered as geheim (no figures)
    official: bool  # an I2 02000 row per year, equal to the true total including the secret cells
    complete: bool  # every other gemeente has figures too (small, from a separate range)
    ratio_official: bool = False  # a D1 02000 row per year (true ratio including the secret cells)

    def _repr_pretty_(self, printer, cycle) -> None:  # how Hypothesis prints a counterexample
        printer.text(repr(self))

    def __repr__(self) -> str:  # short enough to read in a failure report
        secret = ", ".join(f"{i} {g} {j} {c}" for i, g, j, c, _ in sorted(self.secret))
        return (f"Example(secret=[{secret}], official={self.official}, complete={self.complete}, "
                f"ratio_official={self.ratio_official})")


@st.composite
def examples(draw, official=st.booleans(), complete=st.booleans(), ratio_official=st.just(False),  # noqa: B008 - strategies
             secret_in=CELLS) -> Example:
    numbers = draw(st.lists(st.integers(LOW, HIGH), min_size=INT_SLOTS, max_size=INT_SLOTS, unique=True))
    it = iter(numbers)
    figures = {}
    for cell in CELLS:
        if RATIO[cell[0]]:
            teller, noemer = sorted((next(it), next(it)))
            figures[cell] = (teller, noemer)
        else:
            figures[cell] = (next(it), None)
    secret = draw(st.sets(st.sampled_from(secret_in), min_size=1, max_size=5))
    return Example(figures, frozenset(secret), draw(official), draw(complete), draw(ratio_official))


def filler(divisions) -> dict:
    """(indicator, groep, jaar, code, today's code) -> figures for every gemeente outside CHAINS."""
    involved = {(j, code) for cur in INVOLVED for j in YEARS for code in CHAINS[cur][j]}
    out = {}
    for jaar in YEARS:
        for code in sorted(divisions.for_year(jaar).names):
            if (jaar, code) in involved:
                continue
            cur = divisions.successor(code, jaar)
            assert cur not in CHAINS, f"CHAINS misses predecessor {code} of {cur} in {jaar}"
            for k, (ind, groep) in enumerate(SERIES):
                teller = 10_000 + (int(code) * 37 + jaar * 11 + k * 101) % 80_000  # 5 digits
                noemer = teller + 100_000 + (int(code) * 13 + jaar) % 700_000 if RATIO[ind] else None
                out[(ind, groep, jaar, code, cur)] = (teller, noemer)
    return out


# ------------------------------------------------------------------------------ the oracle


@dataclasses.dataclass
class Figure:
    """A true figure (all contributions) next to what may be published (the published ones)."""

    true_t: int = 0
    true_n: int = 0
    pub_t: int = 0
    pub_n: int = 0
    secret: bool = False
    parts: int = 0
    published: int = 0  # parts that are not secret

    def add(self, teller, noemer, secret: bool) -> None:
        self.true_t += teller
        self.true_n += noemer or 0
        self.parts += 1
        if secret:
            self.secret = True
        else:
            self.pub_t += teller
            self.pub_n += noemer or 0
            self.published += 1


def ratio(teller: int, noemer: int, scale: int) -> float:
    return teller / noemer * scale if noemer else math.nan


Z = 1.959963984540054


def wilson(teller: int, noemer: int, scale: int) -> tuple[float, float]:
    """The Wilson score interval (textbook formula), on the figure's scale."""
    if not noemer:
        return math.nan, math.nan
    p, n = teller / noemer, noemer
    centre, half = p + Z * Z / (2 * n), Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - half) / (1 + Z * Z / n) * scale, (centre + half) / (1 + Z * Z / n) * scale


def derived(teller: int, noemer: int, scale: int) -> set[float]:
    """A ratio and the bounds of its interval: each reveals the figure."""
    return {ratio(teller, noemer, scale), *wilson(teller, noemer, scale)}


def gap(first: tuple[int, int], reference: tuple[int, int], scale: int) -> float:
    return ratio(*first, scale) - ratio(*reference, scale)


@dataclasses.dataclass
class Oracle:
    """Expected figures: per today's gemeente, and per cluster/province/Vlaanderen."""

    gemeenten: dict  # (ind, groep, jaar, cur) -> Figure
    groups: dict  # (ind, groep, jaar, level, key) -> Figure (pub_*: over published members)

    @classmethod
    def of(cls, example: Example, extra: dict) -> Oracle:
        gemeenten: dict = {}
        cells = {**example.figures, **extra}
        # complementary suppression: one secret group makes every group of that gemeente-year secret
        secret_cells = {(ind, jaar, cur) for ind, _, jaar, _, cur in example.secret}
        for (ind, groep, jaar, code, cur), (teller, noemer) in cells.items():
            secret = (ind, groep, jaar, code, cur) in example.secret or (ind, jaar, cur) in secret_cells
            gemeenten.setdefault((ind, groep, jaar, cur), Figure()).add(teller, noemer, secret)
        groups: dict = {}
        for (ind, groep, jaar, cur), f in gemeenten.items():
            for level, key in (("vlaanderen", ""), ("provincie", province_of(cur)), ("cluster", province_of(cur))):
                g = groups.setdefault((ind, groep, jaar, level, key), Figure())
                g.add(f.true_t, f.true_n, f.secret)  # a secret member counts only in the true total
        return cls(gemeenten, groups)

    def published_group(self, ind, groep, jaar, level, key, example: Example) -> float:
        """What the comparison column must show: the official Flemish figure (02000) only when no
        member is geheim, else the total over the published members; nothing without any."""
        g = self.groups[(ind, groep, jaar, level, key)]
        official = level == "vlaanderen" and not g.secret and (
            example.ratio_official if RATIO[ind] else example.official and example.complete)
        if official:  # (a count: only when complete, else the computed total is 'onvolledig' anyway)
            return ratio(g.true_t, g.true_n, SCALE[ind]) if RATIO[ind] else float(g.true_t)
        if not g.published:
            return math.nan  # a total of nothing is no figure
        return ratio(g.pub_t, g.pub_n, SCALE[ind]) if RATIO[ind] else float(g.pub_t)

    def forbidden(self, example: Example) -> tuple[set[int], set[str]]:
        """Integers and 6-decimal ratio texts that must appear nowhere."""
        ints: set[int] = set()
        ratios: set[float] = set()
        for cell in example.secret:
            teller, noemer = example.figures[cell]
            ints |= {teller} | ({noemer} if noemer else set())
            if noemer:
                ratios |= derived(teller, noemer, SCALE[cell[0]])
        for (ind, _, _, _), f in self.gemeenten.items():
            if f.secret and f.parts > 1:  # merged gemeente minus its other predecessors
                ints |= {f.true_t} | ({f.true_n} if RATIO[ind] else set())
                if RATIO[ind]:
                    ratios |= derived(f.true_t, f.true_n, SCALE[ind])
        for (ind, _, _, _, _), g in self.groups.items():
            if g.secret:  # a total minus the other members
                ints |= {g.true_t} | ({g.true_n} if RATIO[ind] else set())
                if RATIO[ind]:
                    true, pub = derived(g.true_t, g.true_n, SCALE[ind]), derived(g.pub_t, g.pub_n, SCALE[ind])
                    ratios |= {r for r in true if csv_float(r) not in {csv_float(x) for x in pub}}
        ratios |= self.forbidden_gaps()
        texts = {csv_float(r) for r in ratios if len(csv_float(r).partition(".")[2]) >= 4}
        return ints, texts

    def gap_pairs(self):
        """(figure of the group, figure of the reference group, place key) for every gap that exists."""
        for ind, groep in GAPS:
            for key, f in self.gemeenten.items():
                if key[:2] == (ind, groep):
                    yield f, self.gemeenten[(ind, REFERENCE_GROUP, *key[2:])], key
            for key, g in self.groups.items():
                if key[:2] == (ind, groep):
                    yield g, self.groups[(ind, REFERENCE_GROUP, *key[2:])], key

    def forbidden_gaps(self) -> set[float]:
        """A gap whose either side includes a geheim figure: the true difference reveals it."""
        out = set()
        for f, ref, key in self.gap_pairs():
            if f.secret or ref.secret:
                true = gap((f.true_t, f.true_n), (ref.true_t, ref.true_n), SCALE[key[0]])
                pub = gap((f.pub_t, f.pub_n), (ref.pub_t, ref.pub_n), SCALE[key[0]])
                if csv_float(true) != csv_float(pub):
                    out.add(true)
        return out

    def allowed(self, example: Example) -> tuple[set[int], set[str]]:
        """Integers and ratio texts that are legitimately published."""
        ints: set[int] = set()
        texts: set[str] = set()
        for (ind, _groep, _jaar, _cur), f in self.gemeenten.items():
            if not f.secret:
                ints |= {f.true_t} | ({f.true_n} if RATIO[ind] else set())
                if RATIO[ind]:
                    texts |= {csv_float(r) for r in derived(f.true_t, f.true_n, SCALE[ind])}
        for f, ref, key in self.gap_pairs():
            texts.add(csv_float(gap((f.pub_t, f.pub_n), (ref.pub_t, ref.pub_n), SCALE[key[0]])))
        for (ind, groep, jaar, level, key), _ in self.groups.items():
            value = self.published_group(ind, groep, jaar, level, key, example)
            if math.isnan(value):
                continue
            if RATIO[ind]:
                texts.add(csv_float(value))
            else:
                ints.add(int(value))
        return ints, texts


def csv_float(value: float) -> str:
    """A ratio as liim-data.csv writes it: rounded to 6 decimals, ``%.10g``."""
    return f"{round(value, 6):.15g}"  # as generator/export.py writes figures (FLOAT_FORMAT)


# ------------------------------------------------------------------------------ input


def input_rows(example: Example, extra: dict, oracle: Oracle) -> str:
    lines = []
    for (ind, groep, jaar, code, cur), (teller, noemer) in sorted({**example.figures, **extra}.items()):
        if (ind, groep, jaar, code, cur) in example.secret:
            lines.append(f"{ind},{jaar},{code},{groep},,,,geheim")
        else:
            lines.append(f"{ind},{jaar},{code},{groep},{teller},{noemer if noemer else ''},,")
    for ind, groep in SERIES:
        for jaar in YEARS:
            g = oracle.groups[(ind, groep, jaar, "vlaanderen", "")]
            if ind == "I2" and example.official:
                lines.append(f"I2,{jaar},{NIS_VLAANDEREN},{groep},{g.true_t},,,")
            if RATIO[ind] and example.ratio_official:
                lines.append(f"{ind},{jaar},{NIS_VLAANDEREN},{groep},{g.true_t},{g.true_n},,")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ render and read back


def render_everything(example: Example, folder: Path, divisions, catalogue, extra: dict, oracle: Oracle):
    """Build the monitor, render every output of interest into ``folder``; return (monitor, texts)."""
    data = with_catalogue(make_data_dir(folder / "data", divisions, catalogue,
                                        {"rows.csv": input_rows(example, extra, oracle)}), catalogue)
    monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
    out = folder / "out"
    frame = export_frame(monitor.table)
    write_csv(frame, out / "export" / "liim-data.csv")
    write_json(frame, out / "export" / "liim-data.json")
    docs = out / "docs"
    by_indicator = dict(tuple(monitor.table.groupby("indicator", sort=False)))
    for code in ("D1", "I2"):
        pages.write_indicator_page(monitor, catalogue.get(code), by_indicator.get(code), docs)
    for theme in {catalogue.get(code).thema for code in ("D1", "I2")}:
        pages.render("thema.md.j2", docs / "themas" / f"{theme}.md", theme=catalogue.theme(theme),
                     rows=pages.theme_rows(monitor, by_indicator, theme))
    totals = monitor.table[monitor.table["groep"] == "totaal"]
    for nis in INVOLVED:
        pages.write_gemeente_page(monitor, monitor.gemeenten[nis], totals[totals["nis"] == nis], docs)
    write_downloads(monitor, out / "downloads", workers=1, gemeenten=list(INVOLVED))
    return monitor, read_outputs(out)


def read_outputs(out: Path) -> dict[str, str]:
    """Relative path -> extracted text of every file written."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = path.relative_to(out).as_posix()
        if path.suffix == ".zip":
            continue  # byte copies of liim-data.csv and liim-vergelijking.csv, read above
        if path.suffix == ".pdf":
            texts[name] = pdf_text(path)
        elif path.suffix == ".xlsx":
            texts[name] = workbook_text(path)
        else:
            texts[name] = path.read_text(encoding="utf-8")
    return texts


def workbook_text(path: Path) -> str:
    """Every cell as text; numbers as integer or ``%.10g`` (the separators are the matcher's business)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, bool) or value is None:
                    continue
                if isinstance(value, (int, float)):
                    out.append(str(int(value)) if float(value).is_integer() else f"{value:.15g}")
                else:
                    out.append(str(value))
    wb.close()
    return "\n".join(out)


SEPARATORS = (" ", ".")  # besides none: whitespace (U+202F on the site, U+00A0, a space, a line break in a
# PDF, made one space by ``flat``) or a dot — the same separator throughout a number
# Not preceded by a digit or by a decimal point after a digit (a fraction such as a coordinate);
# a comma before is fine (CSV), Dutch decimal commas never carry 7 digits.


@functools.lru_cache(maxsize=256)
def flat(text: str) -> str:
    """Every run of whitespace (U+202F, U+00A0 and line breaks included) as one space."""
    return re.sub(r"\s+", " ", text)


def flatten(texts: dict[str, str]) -> dict[str, str]:
    return {name: flat(text) for name, text in texts.items()}


# digits, and digits again after one space or point: where numbers are spelled (``1 234 567``, ``0.5``)
DIGIT_RUNS = re.compile(r"\d+(?:[ .]\d+)*")
SEPARATOR = re.compile(r"([ .])")


@functools.lru_cache(maxsize=256)
def spelled_integers(text: str) -> frozenset[str]:
    """The digits of every integer the flattened ``text`` spells where a number may begin (not after a
    digit, nor after a decimal point after a digit), in any of the site's spellings (``1234567``,
    ``1 234 567``, ``1.234.567``): one scan, so that a file is searched only for the numbers it shows."""
    found = set()
    for token in set(DIGIT_RUNS.findall(text)):
        if token.isdecimal():
            found.add(token)
            continue
        parts = SEPARATOR.split(token)
        runs, seps = parts[0::2], ["", *parts[1::2]]  # seps[i]: what precedes runs[i]
        for i, run in enumerate(runs):
            if seps[i] == ".":
                continue  # 1.234: no number begins at 234
            found.add(run)
            digits, j = run, i + 1
            while len(run) <= 3 and j < len(runs) and len(runs[j]) == 3 and seps[j] == seps[i + 1]:
                digits, j = digits + runs[j], j + 1
                found.add(digits)
    return frozenset(found)


def spellings(number: int) -> set[str]:
    groups = f"{number:,}".split(",")
    return {sep.join(groups) for sep in ("",) + SEPARATORS}


def integer_hits(number: int, text: str) -> list[tuple[int, int, int, str]]:
    """(start, number, end, digits) of every spelling of ``number`` in ``text`` where a number may
    begin (not after a digit, nor after a decimal point after a digit) and ends (before a non-digit)."""
    hits = []
    for spelling in spellings(number):
        start = text.find(spelling)
        while start >= 0:
            end = start + len(spelling)
            before = text[max(0, start - 2):start]
            if not (before[-1:].isdecimal() or (before[-1:] == "." and before[:1].isdecimal())) \
                    and not text[end:end + 1].isdecimal():
                hits.append((start, number, end, str(number)))
            start = text.find(spelling, start + 1)
    return hits


def first_of_each_place(hits: list[tuple[int, object, int, str]]) -> set[str]:
    """What one left-to-right pass finds, as a regular expression does: (start, rank, end, what) sorted,
    the first hit at each place, none inside the one before."""
    found, free_from = set(), 0
    for start, _, end, what in sorted(hits):
        if start >= free_from:
            found.add(what)
            free_from = end
    return found


def find_integers(numbers, texts: dict[str, str]) -> dict[str, set[str]]:
    """File name -> the integers of ``numbers`` (as digits) the flattened text shows in any spelling;
    at one place the smallest, none inside another."""
    wanted = sorted(numbers)
    found = {}
    for name, text in texts.items():
        spelled = spelled_integers(text)
        hits = [hit for number in wanted if str(number) in spelled for hit in integer_hits(number, text)]
        if hits:
            found[name] = first_of_each_place(hits)
    return found


def find_ratios(texts_: set[str], texts: dict[str, str]) -> dict[str, set[str]]:
    """File name -> the ratios of ``texts_`` as liim-data.csv/.json and the workbooks write them
    (``45.123457``), not after a digit or a point, not followed by a digit; at one place the longest."""
    found = {}
    for name, text in texts.items():
        hits = []
        for ratio_text in texts_:
            start = text.find(ratio_text)
            while start >= 0:
                end = start + len(ratio_text)
                if not (start and (text[start - 1].isdecimal() or text[start - 1] == ".")) \
                        and not (end < len(text) and text[end].isdecimal()):
                    hits.append((start, -len(ratio_text), end, ratio_text))
                start = text.find(ratio_text, start + 1)
        if hits:
            found[name] = first_of_each_place(hits)
    return found


# ------------------------------------------------------------------------------ the checker


def read_export(texts: dict[str, str]) -> dict[tuple, dict]:
    """liim-data.csv as records by (indicator, groep, jaar, nis)."""
    frame = pd.read_csv(io.StringIO(texts["export/liim-data.csv"]), dtype={"nis": str, "status": str},
                        keep_default_na=False, na_values=[""])
    frame["status"] = frame["status"].fillna("")
    return {(r["indicator"], r["groep"], int(r["jaar"]), r["nis"]): r for r in frame.to_dict("records")}


COMPARISONS = {"vlaanderen": "vlaanderen", "provincie": "provincie_waarde", "cluster": "cluster_waarde"}
UNCERTAINTY = ("ondergrens", "bovengrens", "kloof", "kloof_ondergrens", "kloof_bovengrens")


def comparisons(export: dict[tuple, dict]):
    """(record, level, group key, published column value) for every row of liim-data.csv."""
    for (ind, groep, jaar, nis), r in export.items():
        for level, column in COMPARISONS.items():
            key = "" if level == "vlaanderen" else province_of(nis)  # clusters = provinces (tests/support)
            yield (ind, groep, jaar, level, key), r[column]


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 2e-6 or (math.isnan(a) and math.isnan(b))


def leaks(example: Example, oracle: Oracle, texts: dict[str, str]) -> list[str]:
    """Every way a secret is shown or can be derived; empty when suppression holds."""
    found = []
    ints, ratio_texts = oracle.forbidden(example)
    flat = flatten(texts)
    for name, hits in find_integers(ints, flat).items():
        found += [f"{name}: forbidden figure {hit}" for hit in sorted(hits)]
    for name, hits in find_ratios(ratio_texts, flat).items():
        found += [f"{name}: forbidden ratio {hit}" for hit in sorted(hits)]
    export = read_export(texts)
    for (ind, groep, jaar, cur), f in oracle.gemeenten.items():
        r = export.get((ind, groep, jaar, cur))
        if f.secret and (r is None or r["status"] != "geheim"
                         or not all(pd.isna(r[c]) for c in ("teller", "noemer", "waarde") + UNCERTAINTY)):
            found.append(f"liim-data.csv: {ind} {groep} {jaar} {cur} has a geheim part but is not geheim: {r}")
    reported = set()
    for group, shown in comparisons(export):
        g = oracle.groups.get(group)
        if g is None or not g.secret or group in reported:
            continue
        ind = group[0]
        true = ratio(g.true_t, g.true_n, SCALE[ind]) if RATIO[ind] else float(g.true_t)
        pub = ratio(g.pub_t, g.pub_n, SCALE[ind]) if RATIO[ind] else float(g.pub_t)
        if not close(true, pub) and close(shown, true):  # equal to the published members' figure: no secret
            found.append(f"liim-data.csv: {group} shows {shown}, the total including a geheim member")
            reported.add(group)
    return found


def missing(example: Example, oracle: Oracle, texts: dict[str, str]) -> list[str]:
    """Allowed figures that are not published (or wrong): the pipeline must not simply drop things."""
    problems = []
    export = read_export(texts)
    for (ind, groep, jaar, cur), f in oracle.gemeenten.items():
        if f.secret:
            continue
        r = export.get((ind, groep, jaar, cur))
        waarde = ratio(f.true_t, f.true_n, SCALE[ind]) if RATIO[ind] else float(f.true_t)
        noemer = f.true_n if RATIO[ind] else math.nan
        if r is None or r["status"] != "" or not close(r["teller"], f.true_t) or not close(r["noemer"], noemer) \
                or not close(r["waarde"], waarde):
            problems.append(f"liim-data.csv: {ind} {groep} {jaar} {cur} is {r}, expected teller {f.true_t} "
                            f"noemer {noemer} waarde {waarde}")
        elif RATIO[ind]:
            lower, upper = wilson(f.true_t, f.true_n, SCALE[ind])
            if not (close(r["ondergrens"], lower) and close(r["bovengrens"], upper)):
                problems.append(f"liim-data.csv: {ind} {groep} {jaar} {cur} interval {r['ondergrens']}–"
                                f"{r['bovengrens']}, expected {lower}–{upper}")
    for f, ref, key in oracle.gap_pairs():
        r = export.get(key) if len(key) == 4 else None
        if r is not None and not f.secret and not ref.secret:
            expected = gap((f.true_t, f.true_n), (ref.true_t, ref.true_n), SCALE[key[0]])
            if not close(r["kloof"], expected) or not r["kloof_ondergrens"] < expected < r["kloof_bovengrens"]:
                problems.append(f"liim-data.csv: {key} kloof {r['kloof']}, expected {expected} inside its interval")
    wrong = {}
    for group, shown in comparisons(export):
        if group in oracle.groups:
            expected = oracle.published_group(*group, example)
        else:  # a province without any figure (only when not complete)
            expected = math.nan
        if not close(shown, expected):
            wrong[group] = f"liim-data.csv: {group} shows {shown}, expected {expected}"
    problems += list(wrong.values())
    if not any(name.startswith(f"docs/{paths.MAP_SERIES_DIR}/") for name in texts):
        problems.append("the lazily loaded map series of D1 was not written")
    problems += visible_in_outputs(example, oracle, texts)
    return problems


def visible_in_outputs(example: Example, oracle: Oracle, texts: dict[str, str]) -> list[str]:
    """The same matcher that looks for leaks does find the published figures of 2025 in every kind of
    output: otherwise a leak in that output would go unnoticed."""
    problems = []
    page_of = {}
    for name, text in texts.items():
        m = re.search(r"<dt[^>]*>NIS-code</dt> <dd[^>]*>(\d{5})</dd>", text) if name.startswith("docs/gemeenten/") else None
        if m:
            page_of[m.group(1)] = name
    for cur in INVOLVED:
        i2 = oracle.gemeenten[("I2", "totaal", 2025, cur)]
        d1 = oracle.gemeenten[("D1", "totaal", 2025, cur)]
        expect = {}
        data_files = ("export/liim-data.csv", "export/liim-data.json", f"downloads/gemeenten/{cur}.csv",
                      f"downloads/gemeenten/{cur}.json")
        if not i2.secret:  # a count: shown on the pages, in the reports and the workbook
            for name in (page_of.get(cur, f"gemeente page of {cur}"), f"downloads/gemeenten/{cur}.pdf",
                         f"downloads/gemeenten/{cur}.xlsx", "docs/indicatoren/i2.md") + data_files:
                expect.setdefault(name, set()).add(i2.true_t)
        if not d1.secret:  # teller and noemer of a ratio ("16 van 22"): the gemeente page, the reports, the data
            for name in (page_of.get(cur, f"gemeente page of {cur}"), f"downloads/gemeenten/{cur}.pdf",
                         f"downloads/gemeenten/{cur}.xlsx") + data_files:
                expect.setdefault(name, set()).update({d1.true_t, d1.true_n})
        for name, numbers in expect.items():
            if name not in texts:
                problems.append(f"{name}: not written")
                continue
            seen = find_integers(numbers, flatten({name: texts[name]})).get(name, set())
            problems += [f"{name}: published 2025 figure {n} of {cur} not found" for n in numbers if str(n) not in seen]
    return problems


# ------------------------------------------------------------------------------ the tests

# No shrinking: an example costs seconds (the PDFs); a counterexample prints its secret cells anyway.
FAST = settings(max_examples=12, deadline=None, derandomize=True, database=None, print_blob=False,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


_FOLDERS = itertools.count()


def run_example(example: Example, tmp_path: Path, divisions, catalogue) -> tuple[Oracle, dict[str, str]]:
    """Render one example into a fresh folder; its oracle and the texts of every output."""
    extra = filler(divisions) if example.complete else {}
    oracle = Oracle.of(example, extra)
    forbidden_ints, forbidden_texts = oracle.forbidden(example)
    allowed_ints, allowed_texts = oracle.allowed(example)
    # a forbidden number that equals a legitimate one by coincidence (a sum of random figures) says nothing
    assume(not (forbidden_ints & allowed_ints) and not (forbidden_texts & allowed_texts))
    _, texts = render_everything(example, tmp_path / f"example-{next(_FOLDERS)}", divisions, catalogue,
                                 extra, oracle)
    return oracle, texts


def test_no_secret_figure_is_published_or_derivable(tmp_path, divisions, catalogue):
    @FAST
    @given(examples())
    def check(example):
        oracle, texts = run_example(example, tmp_path, divisions, catalogue)
        assert leaks(example, oracle, texts) == []
        assert missing(example, oracle, texts) == []
    check()


# --- the checker can fail: break the rules and let Hypothesis find the counterexample


def official_count_always_used(original):
    """compare.vlaanderen, but the 02000 figure is used even when a member is geheim."""
    def vlaanderen(df, h, kinds):
        out = original(df, h, kinds)
        official = h.official[h.official["status"] != "geheim"].assign(_published=True)
        stated = compare_module.summarise(official, compare_module.GROUP, kinds)
        merged = out.merge(stated[compare_module.GROUP + ["figure"]], on=compare_module.GROUP, how="left")
        out["vlaanderen"] = merged["figure"].where(merged["figure"].notna(), merged["vlaanderen"]).to_numpy()
        return out
    return vlaanderen


def secret_predecessor_ignored(original):
    """harmonise.aggregate, but a geheim predecessor is skipped: the partial sum is published."""
    def aggregate(df, catalogue):
        df = df.assign(status=df["status"].where(~((df["status"] == "geheim") & (df["verwacht"] > 1)), ""))
        return original(df, catalogue)
    return aggregate


BREAKAGES = {
    "official count always used": (compare_module, "vlaanderen", official_count_always_used,
                                   dict(official=st.just(True))),
    # the partial sum is published, Vlaanderen looks complete, so the official count (including
    # the secret) is used: official count minus the published gemeenten = the secret
    "geheim predecessor ignored": (harmonise_module, "aggregate", secret_predecessor_ignored,
                                   dict(official=st.just(True), complete=st.just(True),
                                        secret_in=tuple(c for c in CELLS if c[0] == "I2"
                                                        and len(CHAINS[c[4]][c[2]]) > 1))),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_checker_finds_a_leak(breakage, tmp_path, divisions, catalogue, monkeypatch):
    module, name, wrap, strategy_args = BREAKAGES[breakage]
    monkeypatch.setattr(module, name, wrap(getattr(module, name)))
    reports = []

    @FAST
    @given(examples(**strategy_args))
    def check(example):
        oracle, texts = run_example(example, tmp_path, divisions, catalogue)
        found = leaks(example, oracle, texts)
        reports.append(found)
        assert found == []

    with pytest.raises(AssertionError):
        check()
    assert reports and reports[-1], "Hypothesis found no leak although the rule was broken"
    assert any("forbidden figure" in leak for leak in reports[-1]), reports[-1]


def test_official_ratio_with_a_geheim_member(tmp_path, divisions, catalogue):
    @settings(FAST, max_examples=4)
    @given(examples(ratio_official=st.just(True), official=st.just(False),
                    secret_in=tuple(c for c in CELLS if c[0] == "D1")))
    def check(example):
        oracle, texts = run_example(example, tmp_path, divisions, catalogue)
        assert leaks(example, oracle, texts) == []
    check()


def test_a_geheim_group_is_not_the_totaal_minus_the_other_groups(data_dir):
    body = ("D1,2025,44021,totaal,3000,10000,,\nD1,2025,44021,eu14,,,,geheim\n"
            "D1,2025,44021,eu-nieuw,1000,10000,,\nD1,2025,44021,buiten-eu,1500,10000,,\n")
    monitor = make_monitor(load_inputs(data_dir({"rows.csv": body}), paths.SHARED_GEODATA))
    frame = export_frame(monitor.table)
    rows = frame[(frame["indicator"] == "D1") & (frame["nis"] == "44021") & (frame["jaar"] == 2025)]
    tellers = rows.set_index("groep")["teller"]
    assert tellers["eu14"] != tellers["eu14"]  # NaN: the geheim group itself is hidden ...
    derivable = tellers[["totaal", "eu-nieuw", "buiten-eu"]].notna().all()
    assert not derivable, f"eu14 = {tellers['totaal']} - {tellers['eu-nieuw']} - {tellers['buiten-eu']}"
