"""One CSS and one JavaScript file of our own per page (issue 16: a lighter first visit):
generator/mkdocs_hooks.py joins and minifies the sources listed under ``extra.bundles`` in
mkdocs.yml. Here: the joining, the rebased ``url()``s, where the bundles are written, that every
source of ours is in a bundle, and that the minified scripts still parse and compute the same."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import mkdocs_hooks, paths
from generator.formatting import format_number

ASSETS = paths.SITE_SRC / "assets"


def mkdocs_extra() -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load(paths.MKDOCS_YML.read_text(encoding="utf-8"), Loader=Loader)


def test_css_urls_are_rebased_to_the_bundle_folder():
    css = ('.a{background:url(images/layers.png)}.b{background:url("images/x 1.png")}'
           ".c{behavior:url(#default#VML)}.d{background:url(data:image/png;base64,AAAA)}"
           ".e{background:url(https://example.org/x.png)}.f{background:url(/abs.png)}")
    out = mkdocs_hooks._rebase_css_urls(css, "assets/vendor/leaflet/leaflet.css", "assets/gen/liim.min.css")
    assert "url(../vendor/leaflet/images/layers.png)" in out
    assert 'url("../vendor/leaflet/images/x 1.png")' in out
    for untouched in ("url(#default#VML)", "url(data:image/png;base64,AAAA)", "url(https://example.org/x.png)", "url(/abs.png)"):
        assert untouched in out


def test_bundle_joins_in_order_minifies_ours_and_keeps_licences(tmp_path):
    (tmp_path / "a.js").write_text("/* our comment */\nvar first = 1 ;   // more\n", encoding="utf-8")
    (tmp_path / "lib.min.js").write_text("/*! lib v1 (c) Someone, MIT */\nvar second=2\n//# sourceMappingURL=lib.min.js.map\n",
                                         encoding="utf-8")
    (tmp_path / "b.js").write_text("var third = [1,\n  2];\n", encoding="utf-8")
    js = mkdocs_hooks.bundle_text(tmp_path, "gen/x.min.js", ["a.js", "lib.min.js", "b.js"])
    assert "our comment" not in js and "more" not in js
    assert "/*! lib v1 (c) Someone, MIT */" in js
    assert "sourceMappingURL" not in js
    assert js.index("first") < js.index("second") < js.index("third")
    assert "var second=2;\n" in js  # no semicolon lost between files
    (tmp_path / "s.css").write_text("/* c */\n.x {\n  color : red ;\n}\n", encoding="utf-8")
    assert mkdocs_hooks.bundle_text(tmp_path, "gen/x.min.css", ["s.css"]).strip() == ".x{color:red}"
    with pytest.raises(FileNotFoundError, match="ontbreekt"):
        mkdocs_hooks.bundle_text(tmp_path, "gen/x.min.js", ["nope.js"])


def test_every_stylesheet_and_script_of_ours_is_in_a_bundle():
    config = mkdocs_extra()
    bundles = config["extra"]["bundles"]
    sources = [s for files in bundles.values() for s in files]
    assert len(sources) == len(set(sources))
    for source in sources:
        assert (paths.SITE_SRC / source).is_file(), source
    ours = sorted(f"assets/{p.name}" for p in ASSETS.glob("liim*") if p.suffix in (".css", ".js"))
    assert ours and set(ours) <= set(sources)
    # the pages load the bundles, nothing else of ours (no map library: liim.js draws SVG)
    assert config["extra_css"] == ["assets/gen/liim.min.css"]
    assert config["extra_javascript"] == ["assets/gen/liim.min.js"]


def test_the_pages_load_the_bundles_the_hook_makes():
    from mkdocs.config import load_config
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(paths.SITE_SRC))
    made = mkdocs_hooks.make_bundles(config)
    assert sorted(made) == ["assets/gen/liim-vergelijk.min.js", "assets/gen/liim-zoeker.min.js",
                            "assets/gen/liim.min.css", "assets/gen/liim.min.js"]
    assert sorted(config["extra"]["page_bundles"]) == ["assets/gen/liim-vergelijk.min.js", "assets/gen/liim-zoeker.min.js"]
    assert list(config["extra_css"]) == ["assets/gen/liim.min.css"]
    assert [str(s) for s in config["extra_javascript"]] == ["assets/gen/liim.min.js"]
    for url in re.findall(r"url\(([^)#]+)\)", made["assets/gen/liim.min.css"]):  # images, seen from assets/gen/
        assert not url.startswith("data:") and (paths.SITE_SRC / "assets" / "gen" / url).resolve().is_file(), url


def test_bundles_are_written_into_the_docs_folder_only_when_changed(tmp_path):
    """on_config writes the bundles where mkdocs then finds them; an unchanged bundle is left alone
    (mkdocs serve watches the folder)."""
    from mkdocs.config import load_config
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "a.js").write_text("var a = 1;\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(docs))
    config["extra"]["bundles"] = {"assets/gen/x.min.js": ["assets/a.js"]}
    mkdocs_hooks.on_config(config)
    bundle = docs / "assets" / "gen" / "x.min.js"
    assert bundle.read_text(encoding="utf-8") == "var a=1;\n"
    stamp = bundle.stat().st_mtime_ns
    mkdocs_hooks.on_config(config)
    assert bundle.stat().st_mtime_ns == stamp


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_minified_scripts_parse_and_compute_the_same(tmp_path):
    config = mkdocs_extra()
    for name, sources in config["extra"]["bundles"].items():
        if name.endswith(".js"):
            bundle = tmp_path / Path(name).name
            bundle.write_text(mkdocs_hooks.bundle_text(paths.SITE_SRC, name, sources), encoding="utf-8")
            subprocess.run([NODE, "--check", str(bundle)], check=True, capture_output=True)
    liim = tmp_path / "liim.min.js"
    liim.write_text(mkdocs_hooks.bundle_text(paths.SITE_SRC, "x.min.js", ["assets/liim.js"]), encoding="utf-8")
    cases = [(1234.5, 1), (2.675, 2), (-0.04, 1), (999.96, 1), (123456789, 0)]
    script = (f"const L=require({json.dumps(str(liim))});"
              f"console.log(JSON.stringify({json.dumps(cases)}.map(c=>[L.formatNumber(c[0],c[1]),L.parseDutch('1 234,5 %')])));")
    out = json.loads(subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout)
    assert [o[0] for o in out] == [format_number(v, d) for v, d in cases]
    assert all(o[1] == 1234.5 for o in out)


def test_the_search_shim_runs_before_material():
    """liim-sitezoeken.js must run before material's bundle: first in our bundle, and main.html
    loads our scripts before material's (the very file material's base.html would load)."""
    from mkdocs.config import load_config
    assert mkdocs_extra()["extra"]["bundles"]["assets/gen/liim.min.js"][0] == "assets/liim-sitezoeken.js"
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(paths.SITE_SRC))
    theme_base = next(Path(d) / "base.html" for d in config["theme"].dirs if (Path(d) / "base.html").is_file())
    material_loads = re.findall(r"'(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)'", theme_base.read_text(encoding="utf-8"))
    assert [mkdocs_hooks.material_bundle(config)] == material_loads
    main = (paths.TEMPLATES / "overrides" / "main.html").read_text(encoding="utf-8")
    block = main[main.index("{% block scripts"):]
    assert block.index("config.extra_javascript") < block.index("material_bundle")


def test_an_incremental_build_serves_the_changed_script(tmp_path):
    """A change to one of our scripts alone leaves every page as it was (an incremental build
    renders none again), so the pages' bundle must be the same file, rewritten."""
    from generator import incremental
    from generator.build import mkdocs_build, swap_into
    docs = tmp_path / "docs"
    shutil.copytree(paths.SITE_SRC / "assets", docs / "assets", ignore=shutil.ignore_patterns("gen"))
    (docs / "index.md").write_text("# Home\n\nTekst.\n", encoding="utf-8")
    settings = {"demo": True, "date": "2025-12-15", "edition": 2025}
    site = tmp_path / "site"
    before = incremental.docs_state(docs, settings)
    swap_into(mkdocs_build(docs, site, **settings), site)
    incremental.write_state(site, before)
    script = docs / "assets" / "liim.js"
    script.write_text(script.read_text(encoding="utf-8").replace('var MISSING = "\\u2013";', 'var MISSING = "\\u2014";'),
                      encoding="utf-8")
    shutil.rmtree(docs / "assets" / "gen")  # as every build's render stage does
    unchanged = incremental.unchanged_files(incremental.read_state(site), incremental.docs_state(docs, settings))
    assert unchanged is not None and "index.md" in unchanged  # a dirty build: the page is not rendered again
    swap_into(mkdocs_build(docs, site, unchanged=unchanged, **settings), site)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/gen/liim.min.js"' in page
    assert "\\u2014" in (site / "assets" / "gen" / "liim.min.js").read_text(encoding="utf-8")


def test_page_bundles_go_only_to_the_pages_that_need_them():
    """The finder's and the compare page's scripts (extra.page_bundles): an indicator page loads
    neither, nor does a gemeente page (liim-melding.js loads the finder's after a merged gemeente's
    redirect); a page with the finder or the A-Z filter and the compare page load theirs."""
    bundles = mkdocs_extra()["extra"]["page_bundles"]
    finder, compare = "assets/gen/liim-zoeker.min.js", "assets/gen/liim-vergelijk.min.js"
    assert mkdocs_hooks.page_scripts("indicatoren/d1/", '<div class="liim-insluiten" data-liim="jaar">', bundles) == []
    assert mkdocs_hooks.page_scripts("", '<form class="liim-zoeker" data-liim="zoeker">', bundles) == [finder]
    assert mkdocs_hooks.page_scripts("gemeenten/", '<div data-liim="filter" hidden>', bundles) == [finder]
    assert mkdocs_hooks.page_scripts("gemeenten/antwerpen/", "<h1>Antwerpen</h1>", bundles) == []
    assert mkdocs_hooks.page_scripts("vergelijk/", '<div id="liim-vergelijk" class="liim-vergelijk">', bundles) == [compare]
    assert mkdocs_hooks.page_scripts("vergelijk/lier/", '<table class="liim-vergelijk-tabel">', bundles) == []
    assert mkdocs_hooks.page_scripts("x/", "", None) == []


def test_the_redirect_notice_loader_names_the_finder_bundle():
    """liim-melding.js (in liim.min.js) turns its own address into the finder bundle's: both
    bundles lie in one folder, and the finder's script holds the notice it loads it for."""
    bundles = mkdocs_extra()["extra"]["bundles"]
    shared, finder = bundles["assets/gen/liim.min.js"], bundles["assets/gen/liim-zoeker.min.js"]
    assert "assets/liim-melding.js" in shared and "assets/liim-melding.js" not in finder
    loader = (ASSETS / "liim-melding.js").read_text(encoding="utf-8")
    assert 'replace(/liim\\.min\\.js([?#].*)?$/, "liim-zoeker.min.js")' in loader
    assert "function initNotice()" in (ASSETS / "liim-zoeker.js").read_text(encoding="utf-8")


def test_the_page_bundles_reach_their_pages(tmp_path):
    """main.html loads a page's own bundle after ours and before material's; another page does
    without it."""
    from generator.build import mkdocs_build
    docs = tmp_path / "docs"
    shutil.copytree(paths.SITE_SRC / "assets", docs / "assets", ignore=shutil.ignore_patterns("gen"))
    (docs / "index.md").write_text('# Home\n\n<form class="liim-zoeker" data-liim="zoeker"></form>\n', encoding="utf-8")
    (docs / "vergelijk").mkdir()
    (docs / "vergelijk" / "index.md").write_text('# Vergelijk\n\n<div id="liim-vergelijk"></div>\n', encoding="utf-8")
    (docs / "andere.md").write_text("# Andere\n\nTekst.\n", encoding="utf-8")
    site = mkdocs_build(docs, tmp_path / "site", demo=True, date="2025-12-15", edition=2025)
    home = (site / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', home)
    assert scripts.index("assets/gen/liim.min.js") < scripts.index("assets/gen/liim-zoeker.min.js") \
        < next(i for i, s in enumerate(scripts) if "javascripts/bundle." in s)
    assert "liim-vergelijk.min.js" not in home
    compare = (site / "vergelijk" / "index.html").read_text(encoding="utf-8")
    assert 'src="../assets/gen/liim-vergelijk.min.js"' in compare and "liim-zoeker.min.js" not in compare
    other = (site / "andere" / "index.html").read_text(encoding="utf-8")
    assert "liim-zoeker" not in other and "liim-vergelijk.min.js" not in other
    assert (site / "assets" / "gen" / "liim-zoeker.min.js").is_file()
