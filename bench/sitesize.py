"""The size table of `make bench`: bytes on disk of a built site, by folder."""
from __future__ import annotations

from pathlib import Path

MB = 1_000_000


def folder_bytes(folder: Path) -> int:
    """Apparent size of every file below ``folder`` (what a host such as GitHub Pages counts)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def size_table(site: Path) -> dict:
    """Total, each top-level folder (files at the top together as "(bestanden)"), the parts of
    ``downloads/`` by kind of file and each archived edition."""
    top: dict[str, int] = {}
    for entry in sorted(site.iterdir()):
        key = entry.name + "/" if entry.is_dir() else "(bestanden)"
        top[key] = top.get(key, 0) + (folder_bytes(entry) if entry.is_dir() else entry.stat().st_size)
    kinds: dict[str, int] = {}
    downloads = site / "downloads"
    for p in downloads.rglob("*") if downloads.is_dir() else []:
        if p.is_file():
            where = "gemeenten/" if p.parent.name == "gemeenten" else "indicatoren/" if p.parent.name == "indicatoren" else ""
            kind = where + ("*-excel.csv" if p.name.endswith("-excel.csv") else "*" + "".join(p.suffixes[-1:]))
            kinds[kind] = kinds.get(kind, 0) + p.stat().st_size
    archive = site / "archief"
    editions = {p.name: folder_bytes(p) for p in sorted(archive.iterdir()) if p.is_dir()} if archive.is_dir() else {}
    return {"total": sum(top.values()), "folders": dict(sorted(top.items(), key=lambda kv: -kv[1])),
            "downloads": dict(sorted(kinds.items(), key=lambda kv: -kv[1])), "archived_editions": editions}


def print_sizes(table: dict) -> None:
    """The size table as text, largest first."""
    print(f"\nomvang van de site (demo): {table['total'] / MB:.1f} MB")
    for name, size in table["folders"].items():
        print(f"  {name:<28} {size / MB:8.1f} MB")
    print("  downloads/ naar soort:")
    for name, size in table["downloads"].items():
        print(f"    {name:<26} {size / MB:8.1f} MB")
    for year, size in table["archived_editions"].items():
        print(f"  archief/{year}/{'':<15} {size / MB:8.1f} MB")
