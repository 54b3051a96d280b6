"""The linker's commands: `kg link` (curated links, a full recomputation) and `kg link-eval DIR`.

Registered on the `kg` group by kg/cli.py; errors leave through kg.cli's one translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("link")
@click.option("--store", "store_path", type=str, default=None,
              help="Folder of the Oxigraph store, or a SPARQL server as sparql+http://host:port/path (user and password "
                   "from KG_STORE_USER and KG_STORE_PASSWORD) [env KG_STORE; default ./data/store].")
@click.option("--curated", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A curated links file (same_as / distinct_from pairs of commitment ids) to put in the store.")
@click.option("--rebuild", is_flag=True, help="Recompute every committer's tracked commitments from the store.")
def link(store_path: str | None, curated: Path | None, rebuild: bool) -> None:
    """Keep the tracked commitments (reports of one commitment, linked) in step with the store.

    Ingestion and the API relink on every write; this puts a curated links file in the store
    (its word wins over the linker's) or recomputes everything (a store written before linking).
    """
    from kg.cli import _open, _run
    from kg.link.curated import write_curated
    from kg.link.linker import Linker
    from kg.validate import Validator

    store = _open(store_path)
    linker = Linker(store, validator=_run(Validator))
    if curated is not None:
        pairs = _run(lambda: write_curated(store, curated))
        click.echo(f"{pairs} curated pair(s) from {curated}")
    result = _run(linker.rebuild if rebuild else linker.sync)
    store.flush()
    click.echo(f"{result.committers} committer(s) recomputed: {result.written} tracked commitment(s) written, "
               f"{result.removed} removed")


@click.command("link-eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--include-unsure", is_flag=True, help="Count the pairs pairs.yaml marks unsure too.")
@click.option("--settings", "settings_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Another linking.yaml to try (default: the package's).")
def link_eval(folder: Path, include_unsure: bool, settings_path: Path | None) -> None:
    """Pairwise precision, recall and F1 of the linker on hand-linked reports.

    FOLDER holds reports/NAME.claims.yaml and pairs.yaml (see kg/link/evaluate.py); the reports
    are ingested into a store in memory as `kg ingest` would, and every wrong pair is printed.
    """
    from kg.cli import _run
    from kg.ingest import Preparer, load_default_gazetteer
    from kg.link.evaluate import evaluate, report_lines
    from kg.link.settings import load_settings
    from kg.validate import Validator

    preparer = _run(lambda: Preparer(load_default_gazetteer(), Validator()))
    try:
        result = _run(lambda: evaluate(folder, preparer, load_settings(settings_path), include_unsure=include_unsure))
    except (ValueError, KeyError, OSError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo("\n".join(report_lines(result)))
