"""Every site renders into its own docs folder, so that two builds side by side never share one."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build as build_module
from generator import paths
from generator.cli import main
from generator.docsdir import copy_hand_written, docs_dir_for, docs_dir_of


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def contents(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("out", "expected"), [
    (paths.SITE, paths.SITE_SRC),                                       # what `mkdocs serve` shows
    (paths.DEMO_SITE, paths.ROOT / ".liim-docs-site-demo"),
    (Path("/tmp/x/site"), Path("/tmp/x/.liim-docs-site")),              # another site named site
])
def test_docs_dir_of(out, expected):
    assert docs_dir_of(out) == expected


def test_copy_holds_exactly_the_hand_written_files_and_keeps_the_generated_ones(tmp_path):
    source, target = tmp_path / "site_src", tmp_path / "docs"
    write(source, {"index.md": "# Home v2\n", "methodologie.md": "# M\n", "assets/liim.css": "a{}\n",
                   "gemeenten/gent.md": "van een andere build\n", "assets/gen/liim.min.js": "x\n",
                   "wat-is-nieuw.md": "gegenereerd\n", ".snippets/demo-melding.md": "demo\n"})
    write(target, {"index.md": "# Home v1\n", "weg.md": "niet meer in site_src\n",
                   "gemeenten/aalst.md": "vorige build\n", "assets/gen/kaarten/d1.json": "{}\n"})
    copy_hand_written(target, source)
    assert contents(target) == {"index.md": "# Home v2\n", "methodologie.md": "# M\n", "assets/liim.css": "a{}\n",
                                "gemeenten/aalst.md": "vorige build\n", "assets/gen/kaarten/d1.json": "{}\n"}


def test_an_unchanged_file_is_not_written_again(tmp_path):
    source, target = tmp_path / "site_src", tmp_path / "docs"
    write(source, {"index.md": "# Home\n"})
    copy_hand_written(target, source)
    before = (target / "index.md").stat().st_mtime_ns
    copy_hand_written(target, source)
    assert (target / "index.md").stat().st_mtime_ns == before


def test_a_site_other_than_site_gets_its_own_docs(tmp_path):
    docs = docs_dir_for(tmp_path / "site-demo")
    assert docs == tmp_path / ".liim-docs-site-demo"
    assert (docs / "index.md").read_bytes() == (paths.SITE_SRC / "index.md").read_bytes()
    assert not (docs / "gemeenten").exists()


@pytest.mark.parametrize("out", ["site-demo", "elders/site"])
def test_the_build_command_renders_each_site_into_its_own_docs(tmp_path, monkeypatch, out):
    """`make -j2 site demo` runs two builds at once: each must render into its own folder."""
    seen = {}
    monkeypatch.setattr(build_module, "build", lambda *args, **kwargs: seen.update(kwargs))
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / out)])
    assert result.exit_code == 0, result.output
    assert seen["docs_dir"] == docs_dir_of(tmp_path / out) != paths.SITE_SRC
