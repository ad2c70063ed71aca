"""Material's main stylesheet purged of what the site never uses (issue 16: a lighter first visit):
generator/csspurge.py, run by generator/mkdocs_hooks.py after every build. Here: the rules of the
purge on small stylesheets, and on material's own stylesheet and script, that what material's
script switches on at run time stays (search, active link, header title, back-to-top) while a
component the site does not have goes; on the built site, the stylesheet its pages load."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator import csspurge, mkdocs_hooks, paths
from generator.csspurge import SiteNames, purge_css


def selectors(css: str) -> list[str]:
    """Every selector of every style rule (inside @media too), as written."""
    out = []
    for prelude in re.findall(r"([^{}@;]+)\{[^{}]*\}", css):
        depth, start = 0, 0
        for i, char in enumerate(prelude + ","):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                out.append(prelude[start:i].strip())
                start = i + 1
    return out


def test_a_selector_needs_every_class_and_id_it_names():
    css = ".a{color:red}.a .b{color:blue}#c .a{margin:0}p{padding:0}.a,.z{top:0}"
    out = purge_css(css, {"a", "c"})
    assert selectors(out) == [".a", "#c .a", "p", ".a"]
    assert ".b" not in out and ".z" not in out


def test_not_needs_nothing_is_where_and_has_need_one_argument():
    css = ".a:not(.gone){x:1}:is(.gone,.a) p{x:2}:where(.gone) p{x:3}.a:has(.gone){x:4}"
    assert selectors(purge_css(css, {"a"})) == [".a:not(.gone)", ":is(.gone,.a) p"]


def test_media_and_supports_are_purged_inside_and_dropped_when_empty():
    css = "@media screen{.a{x:1}.gone{x:2}}@media print{.gone{x:3}}@supports (display:grid){.a{x:4}}"
    out = purge_css(css, {"a"})
    assert out.strip() == "@media screen{.a{x:1}}@supports (display:grid){.a{x:4}}"


def test_a_list_with_a_vendor_pseudo_is_kept_or_dropped_whole():
    """A browser that does not know ``::-moz-selection`` ignores the whole rule: dropping only the
    impossible selector would let it apply where it never did."""
    css = ".a::-moz-selection,.gone::selection{x:1}.gone::-webkit-scrollbar,.gone2{x:2}"
    out = purge_css(css, {"a"})
    assert ".a::-moz-selection,.gone::selection{x:1}" in out
    assert "x:2" not in out


def test_keyframes_and_custom_properties_stay_only_when_referred_to():
    css = (":root{--used:1px;--gone:url(x.svg);--chained:2px;--via:var(--chained)}"
           ".a{width:var(--used);height:var(--via);animation:spin 1s}.gone{animation:fade 1s}"
           "@keyframes spin{to{x:1}}@keyframes fade{to{x:2}}")
    out = purge_css(css, {"a"})
    assert "--used:1px" in out and "--via:var(--chained)" in out and "--chained:2px" in out
    assert "--gone" not in out and "x.svg" not in out
    assert "@keyframes spin" in out and "fade" not in out


def test_elements_and_writing_direction_that_no_page_has():
    css = "kbd{x:1}p kbd{x:2}[dir=rtl] .a{x:3}[dir=ltr] .a{x:4}.a>p{x:5}"
    out = purge_css(css, SiteNames(frozenset({"a"}), frozenset({"p", "html"}), frozenset({"ltr"})))
    assert selectors(out) == ["[dir=ltr] .a", ".a>p"]


def test_site_names_from_pages_and_scripts(tmp_path):
    """Classes and ids of the pages; of our scripts the words of their strings but a selector's;
    of material's scripts only the parts of blocks the pages have; not the words of a script no
    page runs."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text(
        '<body dir="ltr"><div class="md-nav x" id="top"><kbd>k</kbd></div>'
        '<script src="../ours.js"></script><script src="../assets/javascripts/theme.js"></script>'
        '<script>var inline = "in-page";</script></body>', encoding="utf-8")
    (tmp_path / "ours.js").write_text('el.classList.add("ours-added"); q(".ours-looked-for"); o = {tip: el.firstChild}',
                                      encoding="utf-8")
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "theme.js").write_text(
        'a.classList.add("md-nav__link--active");b.classList.add("md-version__current");'
        'c=`md-tag--${t}`', encoding="utf-8")
    (tmp_path / "worker.js").write_text('x.className = "from-a-worker"', encoding="utf-8")
    names = csspurge.site_names(tmp_path)
    for name in ("md-nav", "x", "top", "ours-added", "md-nav__link--active", "in-page"):
        assert names.has_word(name), name
    for name in ("ours-looked-for", "tip", "md-version__current", "from-a-worker"):  # tip: code, not a string
        assert not names.has_word(name), name
    assert {"kbd", "div", "body"} <= names.tags and names.directions == {"ltr"}


# --- material's own stylesheet and script -------------------------------------------------

def material_files() -> tuple[Path, Path]:
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(paths.SITE_SRC))
    css, _ = mkdocs_hooks.material_stylesheet(config)
    theme = next(Path(d) for d in config["theme"].dirs if (Path(d) / mkdocs_hooks.material_bundle(config)).is_file())
    return css, theme / mkdocs_hooks.material_bundle(config)


PAGE = """<!doctype html><html lang="nl"><body dir="ltr">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">
<header class="md-header" data-md-component="header"><nav class="md-header__inner md-grid">
<div class="md-header__title" data-md-component="header-title"><div class="md-header__ellipsis">
<div class="md-header__topic"><span class="md-ellipsis">Titel</span></div></div></div>
<div class="md-search" data-md-component="search"><div class="md-search__inner"><form class="md-search__form">
<input class="md-search__input"><label class="md-search__icon md-icon" for="__search"></label></form>
<div class="md-search__output"><div class="md-search__scrollwrap"><div class="md-search-result" data-md-component="search-result">
<div class="md-search-result__meta"></div><ol class="md-search-result__list"></ol></div></div></div></div></div>
</nav></header>
<main class="md-main"><div class="md-content"><article class="md-content__inner md-typeset"><p>Tekst</p></article></div>
<nav class="md-nav md-nav--secondary"><ul class="md-nav__list"><li class="md-nav__item">
<a class="md-nav__link" href="#a">A</a></li></ul></nav></main>
<button class="md-top md-icon" data-md-component="top" hidden>Terug</button>
<script src="assets/javascripts/bundle.js"></script></body></html>"""


@pytest.fixture(scope="module")
def purged_material(tmp_path_factory) -> str:
    """Material's stylesheet purged for one page like ours, with material's script beside it."""
    site = tmp_path_factory.mktemp("site")
    css, bundle = material_files()
    (site / "assets" / "javascripts").mkdir(parents=True)
    shutil.copyfile(bundle, site / "assets" / "javascripts" / "bundle.js")
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    return purge_css(css.read_text(encoding="utf-8"), csspurge.site_names(site))


def test_what_materials_script_switches_on_stays(purged_material):
    """None of these classes is on the page: material's script sets them while one reads."""
    found = selectors(purged_material)
    for needed in ("[data-md-toggle=search]:checked~.md-header .md-search__inner",  # the search open
                   ".md-search-result__item", ".md-search-result__link",        # its results
                   ".md-nav__link--active",                                     # the link of the section in view
                   ".md-header__title--active .md-header__topic",               # the header title swap
                   ".md-header--shadow", ".md-top[hidden]"):                   # back to top
        assert any(needed in s for s in found), needed


def test_a_component_the_site_lacks_goes(purged_material):
    css, _ = material_files()
    original = css.read_text(encoding="utf-8")
    for absent in (".danger>.admonition-title", ".md-version__current", ".md-annotation", ".tabbed-labels",
                   ".md-tooltip2", ".highlight .kd", "mermaid", "[dir=rtl]"):
        assert absent in original, absent
        assert absent not in purged_material, absent
    assert "sourceMappingURL" not in purged_material
    assert len(gzip.compress(purged_material.encode(), 9)) < 0.5 * len(gzip.compress(original.encode(), 9))


# --- the built site ---------------------------------------------------------------------------

@pytest.mark.site
def test_the_pages_load_the_purged_stylesheet():
    from sitebuild import built_site
    site = built_site()
    page = (site / "indicatoren" / "d1" / "index.html").read_text(encoding="utf-8")
    href = re.search(r'href="\.\./\.\./(assets/stylesheets/main\.[0-9a-f]+\.min\.css)"', page).group(1)
    served = (site / href).read_text(encoding="utf-8")
    assert not (site / f"{href}.map").exists()
    assert len(gzip.compress(served.encode(), 9)) <= 9_500, "material's stylesheet: meer dan 9,5 KB gzip"
    for needed in (".md-nav__link--active", ".md-header__title--active", ".md-search__inner", ".md-top"):
        assert needed in served, needed
    assert ".admonition" in served  # the pages have an "info" admonition
    assert ".danger>.admonition-title" not in served
