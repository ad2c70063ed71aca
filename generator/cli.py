"""The ``liim`` command line (also ``python -m generator``)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import paths
from .errors import GeneratorError, ValidationError

DATA = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.DATA_DIR,
                    show_default="data/", help="Map met indicatoren.yml, editie.yml, clusters.csv en waarden/.")
GEODATA = click.option("--geodata", "geodata_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                       help="Map met de grensbestanden (anders $LIIM_GEODATA_DIR, geodata/cache/, ../shared/geodata, download).")


def say(message: str) -> None:
    click.echo(message, err=True)


def report(err: GeneratorError) -> None:
    """Print every problem as ``path:line: message`` and exit non-zero."""
    if isinstance(err, ValidationError):
        for problem in err.problems:
            say(str(problem))
        say(f"{len(err.problems)} probleem/problemen gevonden; er is niets gebouwd.")
    else:
        say(f"fout: {err}")
    sys.exit(1)


@click.group()
@click.version_option(package_name="liim")
def main() -> None:
    """Lokale Inburgerings- en Integratiemonitor: bouw de statische site."""


@main.command()
@DATA
@GEODATA
def validate(data_dir: Path, geodata_dir: Path | None) -> None:
    """Controleer de invoer; meld elk probleem met bestand en regel."""
    from .monitor import validate_only
    try:
        inputs = validate_only(data_dir, geodata_dir)
    except GeneratorError as err:
        report(err)
    for warning in inputs.warnings:
        say(f"waarschuwing: {warning}")
    say(f"{len(inputs.rows)} rijen in orde ({data_dir}).")


@main.command()
@DATA
@GEODATA
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.SITE, show_default="site/")
@click.option("--force", is_flag=True, help="Bouw opnieuw, ook als niets gewijzigd is sinds de vorige build.")
def build(data_dir: Path, geodata_dir: Path | None, out_dir: Path, force: bool) -> None:
    """Bouw de site: valideren, harmoniseren, pagina's, kaarten, downloads, mkdocs."""
    from .build import build as run_build
    from .docsdir import docs_dir_for
    start = time.perf_counter()
    try:
        run_build(data_dir, geodata_dir, out_dir, progress=say, docs_dir=docs_dir_for(out_dir), force=force)
    except GeneratorError as err:
        report(err)
    say(f"Site gebouwd in {out_dir} ({time.perf_counter() - start:.1f} s).")


@main.command("import")
@DATA
@GEODATA
@click.option("--bronnen", "sources_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Map met de ruwe bestanden van de uitgevers (anders $LIIM_BRONNEN_DIR, .cache/bronnen/, "
                   "../shared/realdata, download).")
@click.option("--clusters", "clusters_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Clusterbestand van een leverancier (nis,cluster,clusternaam) in plaats van de regel uit bronnen.yml.")
def import_command(data_dir: Path, geodata_dir: Path | None, sources_dir: Path | None, clusters_file: Path | None) -> None:
    """Lees de ruwe bestanden (Statbel, Provincies in Cijfers) in tot canonieke tabellen in DIR/waarden/."""
    from .catalogue import catalogue_path, load_catalogue
    from .divisions import load_divisions
    from .geodata import locate_geodata
    from .importers.run import import_sources
    try:
        catalogue = load_catalogue(catalogue_path(data_dir))
        divisions = load_divisions(locate_geodata(geodata_dir))
        result = import_sources(data_dir, catalogue, divisions, sources_dir, clusters_file)
    except GeneratorError as err:
        report(err)
    for warning in result.warnings:
        say(f"waarschuwing: {warning}")
    for source, rows in result.tables.items():
        say(f"{source}: {rows} rijen")
    say(f"{sum(result.tables.values())} rijen uit {len(result.tables)} bronnen geschreven in {data_dir / 'waarden'} "
        f"({result.seconds['totaal']:.1f} s).")


@main.command("demo-data")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.DEMO_DATA_DIR,
              show_default="build/demo-data/")
@click.option("--editie", "edition", type=int, default=None,
              help="Editiejaar: cijfers tot en met dit jaar (standaard het eerste jaar van de huidige gemeente-indeling).")
@click.option("--archief", "archive", type=int, multiple=True, default=None,
              help="Eerdere editie(s), bevroren in DIR/archief/<jaar>/ (herhaalbaar; standaard het jaar voor de editie).")
@GEODATA
def demo_data(out_dir: Path, edition: int | None, archive: tuple[int, ...] | None, geodata_dir: Path | None) -> None:
    """Schrijf de synthetische demodata (vaste seed)."""
    from .catalogue import load_catalogue
    from .demo import write_demo
    from .divisions import load_divisions
    from .geodata import locate_geodata
    try:
        catalogue = load_catalogue(paths.CATALOGUE)
        divisions = load_divisions(locate_geodata(geodata_dir))
        edition = edition or divisions.current.first_year  # no edition literal: it follows the geodata
        archive = archive or (edition - 1,)
        files = write_demo(out_dir, catalogue, divisions, edition, tuple(y for y in archive if y < edition), geodata_dir)
    except GeneratorError as err:
        report(err)
    say(f"{len(files)} bestanden geschreven in {out_dir}.")


@main.command("archive")
@click.argument("year", metavar="JAAR", type=int)
@DATA
@click.option("--uit", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Datamap waarin archief/JAAR/ komt (standaard de map van --data).")
@GEODATA
@click.option("--opnieuw", "again", is_flag=True,
              help="Bevries opnieuw, ook als de editie al bevroren is (een gepubliceerde editie hoort niet te veranderen).")
def archive(year: int, data_dir: Path, out_dir: Path | None, geodata_dir: Path | None, again: bool) -> None:
    """Bevries editie JAAR uit de datamap tot een onveranderlijk archief in archief/JAAR/.

    Doe dit voor je de gegevens van de volgende editie in de datamap zet: de site toont
    de bevroren editie daarna ongewijzigd onder /archief/JAAR/."""
    from .archive import freeze_edition
    try:
        frozen = freeze_edition(data_dir, year, out_dir, geodata_dir, again)
    except GeneratorError as err:
        report(err)
    say(f"Editie {frozen.jaar} bevroren in {frozen.folder}: {frozen.bestand} ({frozen.bestanden} bestanden, "
        f"{frozen.grootte / 1e6:.1f} MB, sha256 {frozen.sha256[:12]}…) en bevroren.yml. Bewerk ze nooit met de hand.")
    if frozen.folder.resolve() == Path(data_dir).resolve():
        say(f"De invoerbestanden in {frozen.folder} (editie.yml, clusters.csv, waarden/) worden niet meer gelezen "
            "en mogen weg.")


@main.command()
@click.argument("old_dir", metavar="OUD", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new_dir", metavar="NIEUW", type=click.Path(exists=True, file_okay=False, path_type=Path))
@GEODATA
@click.option("--drempel", "threshold", type=click.FloatRange(min=0), default=0.05, show_default=True,
              help="Relatieve drempel voor herziene cijfers (0.05 = 5 %).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Schrijf het verslag (Markdown) naar dit bestand in plaats van naar de uitvoer.")
def diff(old_dir: Path, new_dir: Path, geodata_dir: Path | None, threshold: float, out_file: Path | None) -> None:
    """Vergelijk twee datamappen (editie OUD en NIEUW): wat is nieuw, herzien, geheim of gefuseerd."""
    from .diff import write_diff
    try:
        text = write_diff(old_dir, new_dir, geodata_dir, threshold, out_file)
    except GeneratorError as err:
        report(err)
    if out_file is None:
        click.echo(text, nl=False)
    else:
        say(f"Verslag geschreven in {out_file}.")


if __name__ == "__main__":  # pragma: no cover
    main()
