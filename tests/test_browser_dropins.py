"""Our drop-ins for the two libraries the site used to bundle (issue 16: a lighter first visit):
``site_src/assets/liim-topo.js`` (topojson-client's ``feature`` and ``mesh``) and
``liim-sort.js`` (tablesort's ``new Tablesort(table)`` and ``refresh()``). Each runs beside the
library itself (the unchanged npm files in ``tests/vendor/``) on the same input in Chromium, and
the results are compared: the coordinates of every gemeente of the site's geometry file, the
segments of the province borders, the order of the rows and the headers' attributes after the
same clicks and keys."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sitebuild import built_site

from generator import paths

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parent / "vendor"
ASSETS = paths.SITE_SRC / "assets"


@pytest.fixture()
def page(browser):
    """A blank page with the libraries as ``Ref`` and our drop-ins as the globals liim.js uses."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    page.evaluate("window.module = undefined")
    for lib in ("topojson-client/topojson-client.min.js", "tablesort/tablesort.min.js", "tablesort/tablesort.number.min.js"):
        page.add_script_tag(path=str(VENDOR / lib))
    page.evaluate("window.Ref = {topojson: window.topojson, Tablesort: window.Tablesort};"
                  "delete window.topojson; delete window.Tablesort;")
    for ours in ("liim-topo.js", "liim-sort.js"):
        page.add_script_tag(path=str(ASSETS / ours))
    assert page.evaluate("window.topojson !== Ref.topojson && window.Tablesort !== Ref.Tablesort")
    yield page
    assert errors == []
    page.close()


# --- TopoJSON --------------------------------------------------------------------------------

SEGMENTS = """(m) => {  // the undirected segments of a MultiLineString, as sorted strings
    const out = new Set();
    m.coordinates.forEach(l => { for (let i = 1; i < l.length; i++) {
        const p = JSON.stringify(l[i - 1]), q = JSON.stringify(l[i]); out.add(p < q ? p + q : q + p); } });
    return Array.from(out).sort();
}"""

COMPARE_TOPO = """([t, segments]) => {
    segments = eval(segments);
    const o = t.objects[Object.keys(t.objects)[0]], province = g => String(g.id || "").charAt(0);
    const filters = {borders: (a, b) => a === b || province(a) !== province(b), outer: (a, b) => a === b, all: null};
    const meshes = {};
    for (const [name, f] of Object.entries(filters)) {
        meshes[name] = [segments(Ref.topojson.mesh(t, o, f || undefined)), segments(topojson.mesh(t, o, f || undefined))];
    }
    return {ref: JSON.stringify(Ref.topojson.feature(t, o)), ours: JSON.stringify(topojson.feature(t, o)), meshes};
}"""


def compare_topology(page, topology: dict) -> dict:
    return page.evaluate(COMPARE_TOPO, [topology, SEGMENTS])


def test_the_site_geometry_decodes_as_with_topojson_client(page):
    """Every gemeente of the built site's geometry file: the same feature (id, properties,
    coordinates to the last bit); the province borders, the outline and all borders: the same segments."""
    topology = json.loads((built_site() / "assets" / "gen" / "gemeenten.json").read_text(encoding="utf-8"))
    out = compare_topology(page, topology)
    assert len(json.loads(out["ours"])["features"]) == 285
    assert out["ours"] == out["ref"]
    for name, (ref, ours) in out["meshes"].items():
        assert len(ours) > 500 and ours == ref, name


def test_reversed_arcs_lines_and_a_topology_without_transform(page):
    """A hand-made topology: reversed arcs (~i), a LineString, a MultiLineString, a hole, no id, no properties."""
    arcs = [[[0, 0], [4, 0], [4, 4]], [[4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [1, 2], [1, 1]], [[4, 0], [6, 2]]]
    geometries = [{"type": "Polygon", "arcs": [[0, 1], [~2]], "id": "a", "properties": {"naam": "A"}},
                  {"type": "MultiPolygon", "arcs": [[[~1, ~0]], [[2]]], "id": 7},
                  {"type": "LineString", "arcs": [3, ~0]},
                  {"type": "MultiLineString", "arcs": [[0], [~3]], "properties": None}]
    for transform in (None, {"scale": [0.5, 0.25], "translate": [3.5, 50.1]}):
        topology = {"type": "Topology", "arcs": arcs,
                    "objects": {"x": {"type": "GeometryCollection", "geometries": geometries}}}
        if transform:
            topology["transform"] = transform
            topology["arcs"] = [[a[0]] + [[q[0] - p[0], q[1] - p[1]] for p, q in zip(a, a[1:])] for a in arcs]
        out = compare_topology(page, topology)
        assert out["ours"] == out["ref"]
        for name, (ref, ours) in out["meshes"].items():
            assert ours == ref, name
        assert len(out["meshes"]["all"][1]) == 2 + 2 + 3 + 1  # the segments of the four arcs, once each


# --- tablesort -------------------------------------------------------------------------------

def table_html(rows: list[list[str]], default: bool) -> str:
    """A table like ours: a text column, a number column with data-sort (words without), an
    interval column, a column of small figures without a sort method, and a text column with ties."""
    head = ('<thead><tr><th>Gemeente</th><th data-sort-method="number">Cijfer</th>'
            '<th data-sort-method="number">Interval</th><th>Rang</th>'
            f'<th{" data-sort-default" if default else ""}>Oordeel</th></tr></thead>')
    body = "".join(f'<tr id="r{i}"><th scope="row">{r[0]}</th>{r[1]}<td>{r[2]}</td><td>{r[3]}</td><td>{r[4]}</td></tr>'
                   for i, r in enumerate(rows))
    return f"{head}<tbody>{body}</tbody>"


def random_rows(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(60):
        n = rng.choice([None, rng.randint(-50, 5000) / 10, 12.5, 0])
        cell = "<td>–</td>" if n is None else f'<td data-sort="{n}">{str(n).replace(".", ",")}</td>'
        low = rng.randint(0, 900) / 10
        rows.append([rng.choice(["Aalst", "aalst", "Zele", "Ieper", "Mesen", "Ham", "ham "]) + ("" if i % 3 else f" {i}"),
                     cell, f"{low}–{low + 3}".replace(".", ","), str(rng.randint(1, 20)),
                     rng.choice(["hoger", "lager", "niet verschillend", ""])])
    return rows


STEPS = """([html, steps]) => {
    const tables = [Ref.Tablesort, Tablesort].map(Sort => {
        const table = document.createElement("table");
        table.innerHTML = html;
        document.body.appendChild(table);
        return {table, sort: new Sort(table)};
    });
    const state = ({table}) => ({
        rows: Array.from(table.tBodies[0].rows, r => r.id).join(" "),
        heads: Array.from(table.tHead.rows[0].cells, th => [th.getAttribute("role"), th.tabIndex, th.getAttribute("aria-sort")])});
    const out = [tables.map(state)];
    for (const [what, col] of steps) {
        for (const t of tables) {
            const th = t.table.tHead.rows[0].cells[col];
            if (what === "click") { th.click(); }
            else if (what === "key") { th.dispatchEvent(new KeyboardEvent("keydown", {key: col === 1 ? "Enter" : "a", bubbles: true})); }
            else {  // change the data (reverse the rows, new figures) and refresh, as liim.js after a switch
                const rows = Array.from(t.table.tBodies[0].rows).reverse();
                rows.forEach((r, i) => { r.cells[1].setAttribute("data-sort", String((i * 37) % 11)); t.table.tBodies[0].appendChild(r); });
                t.sort.refresh();
            }
        }
        out.push(tables.map(state));
    }
    tables.forEach(t => t.table.remove());
    return out;
}"""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tables_sort_as_with_tablesort(page, seed):
    """The same clicks, Enter and other keys and refreshes on one table with tablesort and one with
    ours: the same row order (ties included) and the same role, tabindex and aria-sort of every header."""
    steps = [["click", 1], ["click", 1], ["click", 1], ["click", 0], ["click", 0], ["click", 2], ["refresh", 0],
             ["click", 2], ["click", 3], ["click", 4], ["key", 1], ["key", 0], ["refresh", 0], ["click", 0], ["click", 1]]
    for default in (False, True):
        states = page.evaluate(STEPS, [table_html(random_rows(seed), default), steps])
        for step, (ref, ours) in zip([["start", None]] + steps, states, strict=True):
            assert ours == ref, (default, step)
        orders = {state[0]["rows"] for state in states}
        assert len(orders) > 5  # the steps did reorder the rows
