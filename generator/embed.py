"""Light pages for a gemeente's own website (an ``<iframe>``), and the snippet that embeds them.

* ``embed/gemeenten/<nis>/index.html``: the gemeente's name, a few key figures (the first
  indicator with figures of each theme, at most five) each beside the Vlaams Gewest, the
  edition, the source and a link to its page on the monitor;
* ``embed/indicatoren/<slug>/index.html``: the indicator's newest map (the classes, fills and
  legend of the SVG maps of the downloads, ``downloads.svgmaps``, on the gemeenten drawn once) and a link to the indicator page.

Standalone HTML, not the MkDocs theme: a few lines of inline CSS, no script, no cookie, nothing
from another host, every link relative (so the page works under any address). Only published
figures appear (``presentation.figure_text``: a geheim figure is its reason, never a number).
``embed_snippet_html`` is the "Insluiten op uw website" block of the gemeente and indicator pages.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pandas as pd
from markupsafe import Markup

from . import paths
from .catalogue import Indicator
from .classes import NO_DATA_COLOUR, class_legend, classed_value, map_classes, special_legend
from .downloads.opendata import indicator_parts
from .downloads.svgmaps import SPECIAL_FILLS, map_fills, with_secret_pattern
from .formatting import decimals_of, format_figure
from .memo import Memo, compute
from .model import STATUS_LABELS, Gemeente, Monitor
from .presentation import BOUNDARY_SOURCE, SERIES, figure_text, group_figure, latest
from .templating import render_html
from .webgeometry import SiteGeometry, choropleth_svg, simplify_coverage

FOLDER = "embed"
KINDS = {"gemeente": "gemeenten", "indicator": "indicatoren"}  # snippet kind → folder under embed/
MARKS = {"(v)": "(v) = voorlopig cijfer", "(o)": "(o) = onvolledig: een gemeente met een geheim of ontbrekend cijfer telt niet mee"}
MAX_KEY_FIGURES = 5
MIN_KEY_FIGURES = 3
SITE_URL = "https://www.inburgering.be/monitor/"  # when mkdocs.yml names none
HEIGHTS = {"gemeente": 420, "indicator": 640}  # iframe height (px) of the snippet
SVG_NAMESPACE = ' xmlns="http://www.w3.org/2000/svg"'  # optional in HTML: left out (no other host named)
MAP_TOLERANCE_M = 500.0  # coarser than the downloads' maps (250 m): a third fewer bytes, the same at 560 px
MAP_WIDTH = 560  # px: the map's drawing width (it scales with the frame; 0.1 px precision)
FILL_MARK, TITLE_MARK = "liim-vul-", "LIIM-TITEL"  # marks in the map drawn once (map_frame)
TITLE_SPACE = 28  # px above the map that choropleth_svg keeps for its title (left out: the page has it)


def site_url() -> str:
    """``site_url`` of mkdocs.yml (read as text: the file has tags plain YAML does not know)."""
    try:
        text = paths.MKDOCS_YML.read_text(encoding="utf-8")
    except OSError:
        return SITE_URL
    match = re.search(r"^site_url:\s*(\S+)\s*$", text, flags=re.MULTILINE)
    url = match.group(1) if match else SITE_URL
    return url if url.endswith("/") else url + "/"


# --------------------------------------------------------------------- the pages


def key_indicators(monitor: Monitor, with_rows: set[str]) -> list:
    """The key figures of a gemeente's embed: the first indicator with figures of each theme,
    topped up in catalogue order to at least three, at most five."""
    chosen = []
    for theme in monitor.catalogue.themes:
        first = next((ind for ind in monitor.catalogue.by_theme(theme.code) if ind.code in with_rows), None)
        if first is not None:
            chosen.append(first)
    for ind in monitor.catalogue:
        if len(chosen) >= MIN_KEY_FIGURES:
            break
        if ind.code in with_rows and ind not in chosen:
            chosen.append(ind)
    order = {ind.code: n for n, ind in enumerate(monitor.catalogue)}
    return sorted(chosen[:MAX_KEY_FIGURES], key=lambda ind: order[ind.code])


def key_rows(monitor: Monitor) -> tuple[list, dict[tuple[str, str], object]]:
    """The key indicators and (code, nis) → the newest row of its first group."""
    t = monitor.table
    firsts = {ind.code: ind.group_codes[0] for ind in monitor.catalogue}
    rows = t[t["groep"] == t["indicator"].map(firsts)]
    indicators = key_indicators(monitor, set(rows["indicator"]))
    newest: dict[tuple[str, str], object] = {}
    for ind in indicators:
        for r in latest(rows[rows["indicator"] == ind.code]).itertuples(index=False):
            newest[(ind.code, r.nis)] = r
    return indicators, newest


def gemeente_figures(indicators: list, newest: dict, nis: str) -> list[dict]:
    """One line per key indicator: the gemeente's figure (or why there is none) and the Flemish one."""
    out = []
    for ind in indicators:
        r = newest.get((ind.code, nis))
        if r is None:
            continue
        out.append({"ind": ind, "jaar": int(r.jaar), "figure": figure_text(r.waarde, r.status, ind),
                    "vlaanderen": group_figure(r.vlaanderen, r.vlaanderen_status, ind)})
    return out


def sources_line(indicators: list) -> str:
    """The distinct sources of the indicators, in order."""
    return "; ".join(dict.fromkeys(ind.bron for ind in indicators if ind.bron))


def marks_note(figures: list[dict]) -> str:
    """The marks that occur in the figures, explained: ``(v) = voorlopig cijfer``, ``(o) = …``."""
    texts = " ".join(f["figure"] + " " + f["vlaanderen"] for f in figures)
    return "; ".join(words for mark, words in MARKS.items() if mark in texts)


def write_gemeente_embed(monitor: Monitor, g: Gemeente, figures: list[dict], sources: str, folder: Path) -> Path:
    return render_html("embed-gemeente.html.j2", folder / g.nis / "index.html", g=g, figures=figures,
                       sources=sources, edition=monitor.edition, series=SERIES, note=marks_note(figures))


def map_frame(geometry: SiteGeometry) -> str:
    """Today's gemeenten drawn once (``webgeometry.choropleth_svg``, as the SVG maps of the downloads,
    simplified to ``MAP_TOLERANCE_M``) with a mark instead of each fill and of the title; ``indicator_svg`` fills in an indicator."""
    current = simplify_coverage(geometry.current, MAP_TOLERANCE_M)
    svg = choropleth_svg(current, {nis: FILL_MARK + nis for nis in current["nis"]}, TITLE_MARK, [], MAP_WIDTH)
    svg = svg.replace(SVG_NAMESPACE, ' class="kaart"', 1)
    svg = re.sub(r'<text [^>]*>' + TITLE_MARK + "</text>", "", svg, count=1)  # the page has the title
    match = re.search(r'viewBox="0 0 (\d+) (\d+)" width="\d+" height="\d+"', svg)
    if match is None:
        raise ValueError("onverwachte SVG-kop van choropleth_svg")
    width, height = int(match.group(1)), int(match.group(2))
    return svg.replace(match.group(0), f'viewBox="0 {TITLE_SPACE} {width} {height - TITLE_SPACE}"', 1)


def indicator_svg(frame: str, ind: Indicator, rows: pd.DataFrame, gemeenten: dict) -> tuple[Markup, list, int]:
    """(inline SVG, legend [(fill, label)], year) of the newest map of the first group: the classes,
    fills and legend of ``downloads.svgmaps`` (geheim hatched, fusie brown, no figure grey)."""
    rows = rows[(rows["groep"] == ind.group_codes[0]) & rows["nis"].isin(set(gemeenten))]
    decimalen = decimals_of(ind)
    shown = (classed_value(v, s, decimalen) for v, s in zip(rows["waarde"], rows["status"], strict=True))
    classes = map_classes([v for v in shown if v is not None], decimalen, ind.richting)
    newest = rows[rows["jaar"] == rows["jaar"].max()]
    fills = map_fills(newest, classes, decimalen)
    legend = class_legend(classes, lambda v: format_figure(v, ind))
    legend += [(SPECIAL_FILLS[s], STATUS_LABELS[s]) for s in special_legend(newest["status"])]
    title = f"{ind.code} {ind.naam}, {int(newest['jaar'].iloc[0])}: kaart per gemeente"
    svg = re.sub(f'fill="{FILL_MARK}(\\d+)"', lambda m: f'fill="{fills.get(m.group(1), NO_DATA_COLOUR)}"', frame)
    svg = svg.replace(f'aria-label="{TITLE_MARK}"', f"aria-label={quoteattr(title)}", 1)
    svg = with_secret_pattern(svg.replace(f"<title>{TITLE_MARK}</title>", f"<title>{escape(title)}</title>", 1))
    return Markup(svg), legend, int(newest["jaar"].iloc[0])  # noqa: S704 - every text in it is escaped


def write_indicator_embeds(monitor: Monitor, geometry: SiteGeometry, folder: Path,
                           memo: Memo = compute) -> list[Path]:
    """``embed/indicatoren/<slug>/index.html`` per indicator with figures: its newest map (``memo``: from
    the previous build when the indicator's rows are unchanged)."""
    frame = map_frame(geometry)
    written = []
    for ind, rows in indicator_parts(monitor.catalogue, monitor.table):
        if rows[rows["groep"] == ind.group_codes[0]].empty:
            continue
        svg, legend, year = memo(indicator_svg, frame, ind, rows, monitor.gemeenten)
        written.append(render_html("embed-indicator.html.j2", folder / ind.slug / "index.html", ind=ind,
                                   year=year, svg=svg, legend=legend, edition=monitor.edition, series=SERIES,
                                   boundaries=BOUNDARY_SOURCE))
    return written


def write_embeds(monitor: Monitor, docs_dir: Path, geometry: SiteGeometry, memo: Memo = compute) -> list[Path]:
    """Every embed page: ``embed/gemeenten/<nis>/`` and ``embed/indicatoren/<slug>/``."""
    indicators, newest = key_rows(monitor)
    sources = sources_line(indicators)
    folder = docs_dir / FOLDER
    written = [write_gemeente_embed(monitor, g, gemeente_figures(indicators, newest, nis), sources,
                                    folder / KINDS["gemeente"])
               for nis, g in monitor.gemeenten.items()]
    return written + write_indicator_embeds(monitor, geometry, folder / KINDS["indicator"], memo)


# ------------------------------------------------------------------- the snippet


def _attr(text: str) -> str:
    """Text for a double-quoted attribute of the iframe code (apostrophes stay readable)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def embed_snippet_html(kind: str, key: str, title: str, root: str = "../../") -> str:
    """The "Insluiten op uw website" block: the iframe code of ``embed/<kind>/<key>/`` (kind
    ``gemeente``: key a NIS code; ``indicator``: key a slug) in a read-only field, and a copy button.

    Without JavaScript the code names the site's address (``site_url`` of mkdocs.yml);
    ``liim-vergelijk.js`` puts in the address of the page it is read on (``root``: from the page
    to the site's root) and shows the copy button. A raw HTML block, without blank lines."""
    if kind not in KINDS:
        raise ValueError(f"onbekende soort insluiting: {kind!r} (kies uit {', '.join(KINDS)})")
    rel = f"{FOLDER}/{KINDS[kind]}/{key}/"
    iframe = (f'<iframe src="{_attr(site_url() + rel)}" title="{_attr(title)}" width="100%" '
              f'height="{HEIGHTS[kind]}" style="border:0" loading="lazy"></iframe>')
    ident = f"liim-insluiten-{kind}-{re.sub(r'[^a-z0-9-]', '-', key.lower())}"
    lines = [
        '<details class="liim-insluiten" data-search-exclude>',
        "<summary>Insluiten op uw website</summary>",
        "<p>Zet deze cijfers op de website van uw gemeente of organisatie: kopieer de code hieronder en "
        "plak ze in de HTML van uw pagina. Het kader toont altijd de cijfers van de nieuwste editie, "
        "zonder cookies.</p>",
        f'<label for="{ident}">HTML-code om in te voegen</label>',
        f'<textarea id="{ident}" rows="3" readonly data-embed-src="{html.escape(root + rel)}">'
        f"{html.escape(iframe, quote=False)}</textarea>",
        '<button type="button" class="md-button liim-insluiten__kopieer" hidden>Code kopiëren</button>',
        '<p class="liim-insluiten__status" role="status"></p>',
        "</details>",
    ]
    return Markup("\n".join(lines))  # noqa: S704 - every value in it is escaped above
