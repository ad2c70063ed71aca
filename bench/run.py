"""`make bench`: build the demo site and measure time, memory and page weights.

Prints a table and writes bench/results.json. Every figure is measured here,
on this machine; nothing is estimated. Page weights are what headless
Chromium requests on a visit (served from 127.0.0.1), each file counted raw
and gzip -9, the way a web server would send it.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the generator and bench packages
from bench.growth import archive_data, growth_table  # noqa: E402
from bench.sitesize import folder_bytes, print_sizes, size_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
BUDGETS = {
    # issue "Cost that does not grow with the years" (16)
    "build_over_mkdocs": 2.0, "one_indicator_over_full": 1 / 3, "rebuild_unchanged_s": 2,
    "indicator_first_visit_gz": 100_000, "first_visit_over_naive_html": 0.1, "indicator_second_visit_gz": 15_000,
    "site_bytes": 120_000_000, "further_edition_bytes": 15_000_000, "archive_count_spread": 0.10,
    # earlier issues ("Performance budget", "Real figures")
    "full_build_s": 60, "peak_memory_mb": 1536, "gemeente_page_gz": 80_000, "foreign_requests": 0, "import_s": 10,
}
RUNNER = """
import json, resource, sys
from pathlib import Path
from generator.build import build
from generator.docsdir import docs_dir_for
t = build(Path(sys.argv[1]), None, Path(sys.argv[2]), docs_dir=docs_dir_for(Path(sys.argv[2])))
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
json.dump({"stages": t.stages, "peak_kb": peak}, open(sys.argv[3], "w"))
"""
ARCHIVED = (2020, 2021, 2022, 2023, 2024)  # the five archived editions of the spread measurement


def sizes(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, 9))


def timed_build(data: Path, out: Path) -> dict:
    """One build in a child process: wall time, stage times, peak memory of the process tree."""
    stages_file = WORK / "stages.json"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(data), str(out), str(stages_file)], cwd=ROOT,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"build mislukt:\n{proc.stderr[-3000:]}")
    measured = json.loads(stages_file.read_text())
    return {"wall_s": round(wall, 2), "stages_s": {k: round(v, 2) for k, v in measured["stages"].items()},
            "peak_memory_mb": round(measured["peak_kb"] / 1024, 1)}


def change_one_indicator(data: Path) -> str:
    """Revise one figure in one indicator's file (as a supplier's correction would)."""
    path = data / "waarden" / "d1.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines[1:], start=1):
        cells = line.rstrip("\n").split(",")
        if cells[2] == "44021" and cells[3] == "totaal" and cells[4]:
            cells[4] = str(int(cells[4]) + 1)
            lines[i] = ",".join(cells) + "\n"
            break
    path.write_text("".join(lines), encoding="utf-8")
    return str(path.relative_to(data))


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def local_file(site: Path, url: str) -> Path:
    path = site / urlparse(url).path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


def visit_weights(site: Path, pages: list[str]) -> dict:
    """Bytes each page adds to what the browser already loaded (first page: everything)."""
    from playwright.sync_api import sync_playwright
    server, base = serve(site)
    results, loaded, foreign = {}, set(), []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            for rel in pages:
                requests.clear()
                page.goto(base + rel)
                page.wait_for_load_state("networkidle")
                foreign += [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
                new = [u for u in dict.fromkeys(requests) if urlparse(u).hostname == "127.0.0.1" and u not in loaded]
                loaded.update(new)
                files = [local_file(site, u) for u in new]
                raw, gz = map(sum, zip(*[sizes(f.read_bytes()) for f in files if f.is_file()])) if files else (0, 0)
                results[rel] = {"requests": len(new), "raw": raw, "gzip": gz}
            browser.close()
    finally:
        server.shutdown()
    return {"pages": results, "foreign_requests": foreign}


def naive_baseline(data: Path, out: Path) -> dict:
    """folium's default Choropleth of D1 (newest year) with the geometry embedded, as folium writes it."""
    import folium
    import pandas as pd

    from generator.divisions import load_divisions
    from generator.geodata import locate_geodata
    gdf = load_divisions(locate_geodata(None)).geometry("2025")
    rows = pd.read_csv(data / "waarden" / "d1.csv", dtype={"nis": str})
    newest = rows[(rows.jaar == rows.jaar.max()) & (rows.groep == "totaal") & rows.noemer.notna()]
    values = newest.assign(waarde=newest.teller / newest.noemer * 100)[["nis", "waarde"]]
    m = folium.Map(location=[51.04, 4.24], zoom_start=8)
    folium.Choropleth(geo_data=gdf.to_json(), data=values, columns=["nis", "waarde"], key_on="feature.properties.nis",
                      fill_color="YlGnBu", legend_name="D1 (%)").add_to(m)
    out.mkdir(parents=True, exist_ok=True)
    m.save(out / "index.html")
    html = (out / "index.html").read_bytes()
    import re
    external = sorted(set(re.findall(rb'(?:src|href)="(https?://[^"]+)"', html)))
    raw, gz = sizes(html)
    hosts = sorted({urlparse(u.decode()).hostname for u in external})
    return {"raw": raw, "gzip": gz, "external_files": len(external), "external_hosts": hosts,
            "note": "alleen de HTML zelf; de externe bestanden en kaarttegels komen daar nog bij"}


# folium's default CDN files (folium.Map.default_js/default_css) and where the npm registry has them
NAIVE_NPM = {
    "leaflet@1.9.3": ["dist/leaflet.js", "dist/leaflet.css"],
    "jquery@3.7.1": ["dist/jquery.min.js"],
    "bootstrap@5.2.2": ["dist/js/bootstrap.bundle.min.js", "dist/css/bootstrap.min.css"],
    "@fortawesome/fontawesome-free@6.2.0": ["css/all.min.css"],
    "leaflet.awesome-markers@2.0.5": ["dist/leaflet.awesome-markers.js", "dist/leaflet.awesome-markers.css"],
}


def naive_assets(folder: Path) -> dict:
    """Weigh the files folium's page pulls from CDNs, fetched from the npm registry (same versions
    where published). Fonts, glyphicons, the rotate css and map tiles are not counted."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = gz = 0
    counted: list[str] = []
    for package, files in NAIVE_NPM.items():
        proc = subprocess.run(["npm", "pack", package, "--silent"], cwd=folder, capture_output=True, text=True)
        if proc.returncode:
            continue
        tarball = folder / proc.stdout.strip().splitlines()[-1]
        subprocess.run(["tar", "xzf", tarball.name, "-C", ".", "--one-top-level=" + tarball.stem], cwd=folder, check=True)
        for name in files:
            path = folder / tarball.stem / "package" / name
            if path.is_file():
                r, g = sizes(path.read_bytes())
                raw, gz, counted = raw + r, gz + g, counted + [f"{package}/{name}"]
    return {"raw": raw, "gzip": gz, "files": counted}


def largest(folder: Path, pattern: str) -> dict:
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_size)
    raw, gz = sizes(files[-1].read_bytes())
    return {"file": files[-1].name, "raw": raw, "gzip": gz, "count": len(files)}


def timed_import() -> dict:
    """`liim import` of every raw file in data/bronnen.yml into a fresh folder, in a child process."""
    from generator import paths
    target = WORK / "import"
    target.mkdir(parents=True)
    shutil.copyfile(paths.IMPORT_SOURCES, target / "bronnen.yml")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "import", "--data", str(target)], cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"import mislukt:\n{proc.stderr[-3000:]}")
    rows = sum(1 for f in (target / "waarden").glob("*.csv") for _ in f.open()) - len(list((target / "waarden").glob("*.csv")))
    return {"wall_s": round(time.perf_counter() - start, 2), "rows": rows}


def machine() -> dict:
    """What the figures were measured on."""
    import platform
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "onbekend")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cores": os.cpu_count(), "cpu": model, "memory_gb": memory, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "date": time.strftime("%Y-%m-%d")}


def measure(growth: bool = True) -> dict:
    from generator import paths
    shutil.rmtree(WORK, ignore_errors=True)
    data, site = WORK / "data", WORK / "site"
    shutil.copytree(paths.DEMO_DATA_DIR, data, ignore=shutil.ignore_patterns("*.md"))
    r: dict = {"machine": machine(), "import": timed_import()}
    r["full_build"] = timed_build(data, site)
    r["site_size"] = size_table(site)
    r["rebuild_unchanged"] = timed_build(data, site)
    weights = visit_weights(site, ["indicatoren/d1/", "indicatoren/d2/", "gemeenten/antwerpen/"])
    r["pages"], r["foreign_requests"] = weights["pages"], len(weights["foreign_requests"])
    geometry = site / paths.GEOMETRY_ASSET
    r["shared_geometry"] = dict(zip(("raw", "gzip"), sizes(geometry.read_bytes())))
    r["largest_pdf"] = largest(site / "downloads" / "gemeenten", "*.pdf")
    r["changed_file"] = change_one_indicator(data)
    r["rebuild_one_indicator_changed"] = timed_build(data, site)
    r["naive"] = naive_baseline(data, WORK / "naive")
    r["naive_assets"] = naive_assets(WORK / "npm")
    r["naive_first_visit"] = {k: r["naive"][k] + r["naive_assets"][k] for k in ("raw", "gzip")}
    r["ratios"] = ratios(r)
    shutil.rmtree(site, ignore_errors=True)
    r["archives"] = archive_spread(r)
    if growth:
        try:
            r["growth"] = growth_table(WORK, timed_build, folder_bytes)
        except (SystemExit, Exception) as err:  # the other figures still count: say what went wrong
            r["growth_error"] = str(err)[-2000:]
    return r


def ratios(r: dict) -> dict:
    full, first = r["full_build"], r["pages"]["indicatoren/d1/"]
    return {"build_over_mkdocs": round(full["wall_s"] / full["stages_s"]["mkdocs build"], 2),
            "one_indicator_over_full": round(r["rebuild_one_indicator_changed"]["wall_s"] / full["wall_s"], 3),
            "first_visit_over_naive_html": round(first["gzip"] / r["naive"]["gzip"], 3),
            "first_visit_over_naive_first_visit": round(first["gzip"] / r["naive_first_visit"]["gzip"], 3),
            "second_visit_over_naive_html": round(r["pages"]["indicatoren/d2/"]["gzip"] / r["naive"]["gzip"], 3)}


def archive_spread(r: dict) -> dict:
    """The same demo with five archived editions instead of one: build time and size per edition.

    Cold builds on two cores vary by about ±15 s, more than the 10 % budget: the builds alternate
    (the first full build with one edition, then 5, 1, 5, each cold into a folder of its own) and
    the spread compares the medians."""
    data = WORK / "data-5-edities"
    archive_data(data, ARCHIVED)
    fives, ones = [], [r["full_build"]["wall_s"]]
    for run in (1, 2):
        site = WORK / f"site-5-edities-{run}"
        five = timed_build(data, site)
        fives.append(five["wall_s"])
        if run == 1:
            size = size_table(site)
            ones.append(timed_build(WORK / "data", WORK / "site-1-editie-2")["wall_s"])
            shutil.rmtree(WORK / "site-1-editie-2", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
    one_total, one_archive = r["site_size"]["total"], sum(r["site_size"]["archived_editions"].values())
    further = (size["total"] - one_total) / (len(ARCHIVED) - 1)
    return {"one": {"wall_s": ones, "site_bytes": one_total, "archive_bytes": one_archive},
            "five": {"wall_s": fives, "site_bytes": size["total"],
                     "archived_editions": size["archived_editions"], "stages_s": five["stages_s"]},
            "spread": round(statistics.median(fives) / statistics.median(ones) - 1, 3),
            "further_edition_bytes": round(further)}


def checks(r: dict) -> list[tuple[str, str, str, bool]]:
    """Every measured figure against its budget: (meting, waarde, budget, ok)."""
    b, p, q, a = BUDGETS, r["pages"], r["ratios"], r["archives"]
    full, one = r["full_build"], r["rebuild_one_indicator_changed"]
    return [
        ("volledige build", f"{full['wall_s']} s (mkdocs {full['stages_s']['mkdocs build']} s)",
         f"≤ {b['build_over_mkdocs']:g} × mkdocs-fase: {q['build_over_mkdocs']} ×", q["build_over_mkdocs"] <= b["build_over_mkdocs"]),
        ("volledige build, absoluut", f"{full['wall_s']} s", f"≤ {b['full_build_s']} s (eerder budget)",
         full["wall_s"] <= b["full_build_s"]),
        ("herbouw, één indicator gewijzigd", f"{one['wall_s']} s = {q['one_indicator_over_full']} × volledig",
         "≤ 1/3 × volledige build", q["one_indicator_over_full"] <= b["one_indicator_over_full"]),
        ("herbouw, niets gewijzigd", f"{r['rebuild_unchanged']['wall_s']} s", f"≤ {b['rebuild_unchanged_s']} s",
         r["rebuild_unchanged"]["wall_s"] <= b["rebuild_unchanged_s"]),
        ("piekgeheugen", f"{full['peak_memory_mb']} MB", f"≤ {b['peak_memory_mb']} MB", full["peak_memory_mb"] <= b["peak_memory_mb"]),
        ("omvang site (demo, 1 archiefeditie)", f"{r['site_size']['total'] / 1e6:.1f} MB", f"≤ {b['site_bytes'] // 10**6} MB",
         r["site_size"]["total"] <= b["site_bytes"]),
        ("elke verdere archiefeditie", f"{a['further_edition_bytes'] / 1e6:.1f} MB", f"≤ {b['further_edition_bytes'] // 10**6} MB",
         a["further_edition_bytes"] <= b["further_edition_bytes"]),
        ("build met 5 i.p.v. 1 archiefeditie", f"mediaan {statistics.median(a['five']['wall_s']):.1f} s van "
         f"{' / '.join(map(str, a['five']['wall_s']))} ({a['spread']:+.1%} t.o.v. 1: "
         f"{' / '.join(map(str, a['one']['wall_s']))} s)", "≤ 10 % verschil (medianen)",
         abs(a["spread"]) <= b["archive_count_spread"]),
        ("indicatorpagina, eerste bezoek", kb(p["indicatoren/d1/"]) + f", {p['indicatoren/d1/']['requests']} verzoeken",
         f"≤ {b['indicator_first_visit_gz'] // 1000} KB gzip", p["indicatoren/d1/"]["gzip"] <= b["indicator_first_visit_gz"]),
        ("eerste bezoek / naïeve HTML (gzip)", str(q["first_visit_over_naive_html"]), f"≤ {b['first_visit_over_naive_html']}",
         q["first_visit_over_naive_html"] <= b["first_visit_over_naive_html"]),
        ("tweede indicatorpagina", kb(p["indicatoren/d2/"]), f"≤ {b['indicator_second_visit_gz'] // 1000} KB gzip",
         p["indicatoren/d2/"]["gzip"] <= b["indicator_second_visit_gz"]),
        ("gemeentepagina (na indicatorpagina's)", kb(p["gemeenten/antwerpen/"]), f"≤ {b['gemeente_page_gz'] // 1000} KB gzip",
         p["gemeenten/antwerpen/"]["gzip"] <= b["gemeente_page_gz"]),
        ("gedeelde geometrie", kb(r["shared_geometry"]), "≤ 200 KB gzip", r["shared_geometry"]["gzip"] <= 200_000),
        ("grootste PDF", kb(r["largest_pdf"]), "≤ 300 KB", r["largest_pdf"]["raw"] <= 300_000),
        ("naïeve folium-kaart (alleen HTML)", kb(r["naive"]), f"+ {r['naive']['external_files']} bestanden van "
         f"{len(r['naive']['external_hosts'])} andere hosts", True),
        ("verzoeken naar andere hosts", str(r["foreign_requests"]), "0", r["foreign_requests"] == 0),
        ("import van alle ruwe bestanden (liim import)", f"{r['import']['wall_s']} s ({r['import']['rows']} rijen)",
         f"≤ {b['import_s']} s", r["import"]["wall_s"] <= b["import_s"]),
    ] + growth_checks(r.get("growth", {}))


def growth_checks(growth: dict) -> list[tuple[str, str, str, bool]]:
    """One row per growth step: time and size against the ×1 build of the same kind."""
    return [(f"groei: {key.replace('x', '×')}", f"{e['wall_s']} s (×{e['time_ratio']}), {e['site_bytes'] / 1e6:.0f} MB "
             f"(×{e['size_ratio']})", f"lineair: ≤ ×{key.rsplit('x', 1)[1]}", e["linear_or_better"])
            for key, e in growth.items()]


def kb(entry: dict) -> str:
    return f"{entry['gzip'] / 1000:.1f} KB gzip ({entry['raw'] / 1000:.0f} KB)"


def main() -> None:
    results = measure(growth="--zonder-groei" not in sys.argv)
    rows = checks(results)
    results["budgets"] = [{"meting": a, "waarde": b, "budget": c, "ok": d} for a, b, c, d in rows]
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    m = results["machine"]
    print(f"gemeten op {m['cpu']}, {m['cores']} kernen, {m['memory_gb']} GB, Python {m['python']}, {m['date']}\n")
    width = max(len(a) for a, *_ in rows)
    for name, value, budget, ok in rows:
        print(f"{name:<{width}}  {value:<44} {budget:<34} {'ok' if ok else 'TE VEEL'}")
    print("\nfasen (volledige build):")
    for stage, seconds in results["full_build"]["stages_s"].items():
        print(f"  {stage:<44} {seconds:6.2f} s")
    print_sizes(results["site_size"])
    if "growth_error" in results:
        print(f"\ngroeitabel mislukt: {results['growth_error']}")
    print(f"\n{RESULTS.relative_to(ROOT)} geschreven")


if __name__ == "__main__":
    main()
