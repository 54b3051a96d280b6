"""The `kg` command line: ingest, validate, query, stats, export, extract, serve.

Errors from the library arrive as kg.errors exceptions and leave here as one readable line and
an exit code, in one place (`_run`), never as a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg import __version__
from kg.config import Settings
from kg.errors import InvalidClaims, KGError, ShapeViolation, StoreError
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.client import ServerClient
    from kg.client_handoff import ServerHandoff

T = TypeVar("T")

store_option = click.option(
    "--store", "store_path", type=str, default=None,
    help="Folder of the Oxigraph store, or a SPARQL server as sparql+http://host:port/path (user and password "
         "from KG_STORE_USER and KG_STORE_PASSWORD) [env KG_STORE; default ./data/store].")


def _settings(**overrides: Any) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _run(action: Callable[[], T]) -> T:
    """Translate the project's errors into a message on stderr and exit status 1."""
    try:
        return action()
    except (InvalidClaims, ShapeViolation) as error:
        click.echo(error.report(), err=True)
        sys.exit(1)
    except KGError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


def _open(store_path: str | None, *, read_only: bool = False) -> GraphStore:
    from kg.store.open import open_store

    settings = _run(lambda: _settings(store=store_path))
    return _run(lambda: open_store(settings, read_only=read_only))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """A knowledge graph of political actors and their commitments."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes preparing documents (reading, extracting, validating) in parallel.")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where documents are read, extracted and validated: here (with --workers processes), or on a "
                   "Dask cluster (needs the dask extra); writing stays here either way.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the scheduler of a running cluster (tcp://host:8786); without it, a local "
                   "cluster of --workers processes (default: one per CPU).")
@click.option("--scheduler-timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              metavar="SECONDS", help="With --scheduler: how long to try reaching the scheduler before giving up.")
@click.option("--no-link", "no_link", is_flag=True,
              help="Do not recompute the tracked commitments as documents are written; `kg link --rebuild` does it "
                   "afterwards, in one pass (for a first load of many documents).")
def ingest(paths: tuple[Path, ...], store_path: str | None, workers: int, quiet: bool, engine: str,
           scheduler: str | None, scheduler_timeout: float, no_link: bool) -> None:
    """Ingest claims files (YAML/JSON) and articles (.txt/.md), folders recursively.

    Each document is validated with SHACL and written in one transaction; a document that fails
    is reported and nothing of it is written. Unchanged documents are skipped. While `kg serve`
    holds the store, the documents are handed to it over its write API, with the token it leaves
    beside the store (<store>.server.json), one at a time (--workers is then not used).
    """
    from kg.ingest import IngestResult, Outcome, Preparer, ingest_paths, load_default_gazetteer
    from kg.sources import discover
    from kg.validate import Validator

    target = _open_for_writing(store_path)
    preparer = _run(lambda: Preparer(load_default_gazetteer(), Validator()))
    total = len(discover(paths, getattr(target, "path", None)))
    counts: dict[Outcome, int] = {}
    with click.progressbar(length=total, label="ingesting", file=sys.stderr,
                           show_pos=True, hidden=total < 10 or quiet) as bar:
        def report(result: IngestResult) -> None:
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
            bar.update(1)
            if result.outcome is Outcome.FAILED:
                click.echo(("\n" if total >= 10 else "") + (result.message or result.source), err=True)
            elif not quiet and total < 10:
                click.echo(f"{result.outcome.value:9} {result.source} ({result.triples} triples)")

        if isinstance(target, GraphStore) and engine == "dask":
            _run(lambda: _ingest_on_dask(target, list(paths), preparer, scheduler, workers, report, link=not no_link,
                                         timeout_s=scheduler_timeout))
            held = len(target)
        elif isinstance(target, GraphStore):
            _run(lambda: ingest_paths(target, list(paths), preparer, workers=workers, progress=report,
                                      link=not no_link))
            held = len(target)
        else:
            from kg.client import ingest_through_server

            if engine == "dask":
                click.echo("--engine dask is not used when the documents go to a running server", err=True)
            if no_link:
                click.echo("--no-link is not used when the documents go to a running server: it links each write",
                           err=True)

            _run(lambda: ingest_through_server(target, list(paths), preparer, progress=report))
            held = _run(target.stored_triples)
    summary = ", ".join(f"{n} {o.value}" for o, n in sorted(counts.items()))
    click.echo(f"{summary or 'nothing to ingest'}; store holds {held} triples")
    if counts.get(Outcome.FAILED):
        sys.exit(1)


def _ingest_on_dask(store: GraphStore, paths: list[Path], preparer: Any, scheduler: str | None, workers: int,
                    report: Callable[[Any], None], *, link: bool = True, timeout_s: float = 10.0) -> None:
    """kg ingest --engine dask: preparation on the cluster (kg.ingest_dask), writing here."""
    from kg.ingest import ingest_paths
    from kg.ingest_dask import dask_client, on_cluster

    local_workers = workers if workers > 1 else (os.cpu_count() or 2)
    with dask_client(scheduler, local_workers, timeout_s=timeout_s) as client:
        ingest_paths(store, paths, preparer, progress=report, prepare=on_cluster(client), link=link)


def _open_for_writing(store_path: str | None) -> "GraphStore | ServerClient":
    """The store, or, when a running `kg serve` holds it, that server (named in the note it leaves)."""
    from kg.client import ServerClient
    from kg.client_handoff import read_handoff

    from kg.store.open import open_store

    settings = _settings(store=store_path)
    if settings.store_url is not None:  # a server takes writes from many clients: nothing to hand over
        return _run(lambda: open_store(settings))
    try:
        return GraphStore.open(settings.store)
    except StoreError as error:
        handoff = _run(lambda: read_handoff(settings.store))
        if handoff is None:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
    click.echo(f"the store is held by `kg serve` at {handoff.url}: handing the documents to it", err=True)
    return ServerClient(handoff, settings.store)


@main.command()
@store_option
def validate(store_path: str | None) -> None:
    """Validate every document in the store against the SHACL shapes; exit 1 if any fails."""
    from kg.rdf.mapping import ACTORS_GRAPH
    from kg.validate import Validator

    store = _open(store_path, read_only=True)
    validator = _run(Validator)
    failures = 0
    graphs = store.graph_iris()
    for iri in graphs:
        # Each document with the actors it mentions; the shared actors graph on its own.
        triples = (store.graph_triples(iri) if iri == ACTORS_GRAPH
                   else store.document_with_actors_triples(iri, ACTORS_GRAPH))
        result = validator.check(triples)
        if not result.conforms:
            failures += 1
            click.echo(f"{iri}: does not conform", err=True)
            for violation in result.violations:
                click.echo(f"  {violation}", err=True)
    # A remote server may leave a document half-written (kg.store.remote): its graph lacks its hash.
    half_written = _run(getattr(store, "half_written", list))
    for iri in half_written:
        click.echo(f"{iri}: half-written (no content hash: a write or delete the server did not finish); "
                   "ingest its file again (or delete the document) to repair it", err=True)
    if failures or half_written:
        if failures:
            click.echo(f"{failures} of {len(graphs)} graphs do not conform", err=True)
        sys.exit(1)
    click.echo(f"conforms: {len(graphs)} graphs, {len(store)} triples")


@main.command()
@click.argument("sparql")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
              default="table", show_default=True)
def query(sparql: str, store_path: str | None, fmt: str) -> None:
    """Run a SPARQL query (text, or a path to a .rq file) over the union of all documents.

    The query is read as `/sparql` reads it: read-only (updates and SERVICE are refused), within
    the same limits of length and nesting (KG_QUERY_MAX_*), and with the same error messages.
    """
    text = _query_text(sparql)
    settings = _settings(store=store_path)
    store = _open(store_path, read_only=True)
    output = _run(lambda: _evaluate(store, text, fmt, settings))
    if isinstance(output, bytes):
        sys.stdout.buffer.write(output)
    else:
        click.echo(output, nl=fmt == "table")


QUERY_FILE_SUFFIXES = (".rq", ".sparql")


def _query_text(argument: str) -> str:
    """The query given, or the text of the file it names: a name that looks like a query file and is
    not one is a missing file, not a query to parse (it read as a SPARQL syntax error)."""
    path = Path(argument)
    looks_like_file = argument.lower().endswith(QUERY_FILE_SUFFIXES) and not any(c.isspace() for c in argument)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):
        is_file = False  # a long inline query is no file name ("File name too long")
    if not (looks_like_file or is_file):
        return argument
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        message = f"{argument}: no such query file"
    except (OSError, UnicodeDecodeError) as error:
        message = f"{argument}: cannot read the query file: {getattr(error, 'strerror', None) or error}"
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _evaluate(store: GraphStore, text: str, fmt: str, settings: Settings) -> str | bytes:
    """Check the query with the endpoint's guard, run it and render it, translating every failure as
    kg.query.sparql.execute does (some only surface while the results are read)."""
    from kg.errors import QueryError, QuerySyntaxError
    from kg.query.guard import QueryLimits, check, explain
    from kg.query.results import kind_of, serialize_graph, serialize_results, table
    from kg.store.oxigraph import runtime_error

    check(store, text, limits=QueryLimits(max_chars=settings.query_max_chars, max_tokens=settings.query_max_tokens,
                                          max_depth=settings.query_max_depth))
    try:
        result = store.query(text)
    except QuerySyntaxError as error:
        raise QuerySyntaxError(explain(text) or str(error)) from None
    kind = kind_of(result)
    if fmt in ("turtle", "ntriples") and kind != "graph":
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; use table, json, csv, tsv or xml")
    try:
        if fmt == "table":
            return table(result)
        if kind == "graph":
            return serialize_graph(result, fmt if fmt in ("turtle", "ntriples") else "turtle")
        return serialize_results(result, fmt)
    except OSError as error:
        raise QueryError(f"query failed: {error}") from None
    except SyntaxError as error:  # evaluation errors pyoxigraph reports late
        raise QueryError(f"SPARQL error: {error}") from None
    except RuntimeError as error:
        raise runtime_error(error) from None


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(store_path: str | None, fmt: str) -> None:
    """Count triples, documents, actors, commitments and events."""
    store = _open(store_path, read_only=True)
    figures = _run(store.stats)
    data = {"triples": figures.triples, "documents": figures.documents, "actors": figures.actors,
            "commitments": figures.commitments, "events": figures.events}
    if fmt == "json":
        click.echo(json.dumps(data))
    else:
        for key, value in data.items():
            click.echo(f"{key:12} {value}")


@main.command()
@store_option
@click.option("--format", "fmt", default="claims", show_default=True,
              type=click.Choice(["claims", "trig", "nquads",
                                 "graphml", "gexf", "cytoscape", "node-link", "dot", "svg"]),
              help="claims files, an RDF dataset (trig, nquads), or a graph for yEd/Gephi/Cytoscape/D3/Graphviz.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="File to write (a folder for claims); standard output when omitted.")
@click.option("--document", "document_id", default=None, help="Only this document (its id, e.g. 000-73c4d19ee7ae6c07).")
@click.option("--claims-format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--view", type=click.Choice(["full", "actors"]), default=None,
              help="Graph formats: 'full' (actors, commitments, events, documents) or 'actors' "
                   "(one edge per commitment, committer to beneficiary) [default full].")
@click.option("--actor", default=None, help="Graph formats: only this actor's neighbourhood (its id, e.g. france).")
@click.option("--depth", type=click.IntRange(1, 10), default=None,
              help="Graph formats, with --actor: actors reachable through at most N commitments or events [default 1].")
@click.option("--type", "type_", default=None, metavar="TYPE",
              help="Graph formats: only commitments of this type (e.g. troop_deployment).")
@click.option("--status", default=None, metavar="STATUS", help="Graph formats: only commitments with this status.")
@click.option("--from", "date_from", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Graph formats: only items dated on or after this day (undated ones are left out).")
@click.option("--to", "date_to", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Graph formats: only items dated on or before this day (undated ones are left out).")
@click.option("--reviewed-only", is_flag=True, help="Graph formats: only reviewed (hand-checked) claims.")
def export(store_path: str | None, fmt: str, output: Path | None, document_id: str | None, claims_format: str,
           view: str | None, actor: str | None, depth: int | None, type_: str | None, status: str | None,
           date_from: Any, date_to: Any, reviewed_only: bool) -> None:
    """Export the store: claims files (one per document), an RDF dataset, or a graph to draw.

    Graph formats: graphml (yEd, Gephi, Cytoscape), gexf (Gephi, with a timeline), cytoscape
    (Cytoscape.js JSON), node-link (D3 JSON), dot and svg (Graphviz).
    """
    graph_options = {"--view": view, "--actor": actor, "--depth": depth, "--type": type_, "--status": status,
                     "--from": date_from, "--to": date_to, "--reviewed-only": reviewed_only or None}
    if fmt in ("claims", "trig", "nquads"):
        given = [name for name, value in graph_options.items() if value is not None]
        if given:
            verb = "apply" if len(given) > 1 else "applies"
            raise click.UsageError(f"{', '.join(given)} {verb} to the graph formats only, not --format {fmt}")
    else:
        if document_id is not None:
            raise click.UsageError("--document applies to --format claims, trig and nquads only")
        if depth is not None and actor is None:
            raise click.UsageError("--depth needs --actor")
        from kg.export.graph import GraphFilter, project, write

        def build() -> Any:
            filters = GraphFilter(actor=actor, depth=depth or 1, type=type_, status=status,
                                  date_from=date_from.date() if date_from else None,
                                  date_to=date_to.date() if date_to else None, reviewed_only=reviewed_only)
            return project(_open(store_path, read_only=True), view or "full", filters)

        graph = _run(build)
        if output is None:
            _run(lambda: write(graph, fmt, sys.stdout.buffer))
            return
        partial = output.with_name(f".{output.name}.partial")

        def save() -> int:  # via a partial file, so a failure never leaves a broken export behind
            from kg.errors import ExportError

            try:
                with partial.open("wb") as out:
                    size = write(graph, fmt, out)
                partial.replace(output)
                return size
            except OSError as error:
                raise ExportError(f"cannot write {output}: {error.strerror or error}") from None
            finally:
                partial.unlink(missing_ok=True)

        size = _run(save)
        click.echo(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
                   f"({fmt}, {view or 'full'} view, {size} bytes) to {output}")
        return
    store = _open(store_path, read_only=True)
    if fmt == "claims":
        from kg.claims.io import dump_claims
        from kg.export.claims import claims_of, write_claims

        if output is None:
            for _, claims in _run(lambda: list(claims_of(store, document_id))):
                click.echo(("---\n" if claims_format == "yaml" else "") + dump_claims(claims, claims_format), nl=False)
            return
        written = _run(lambda: write_claims(store, output, claims_format, document_id))
        click.echo(f"wrote {len(written)} claims file(s) to {output}")
        return
    from kg.export.rdf import dump_dataset

    data = _run(lambda: dump_dataset(store, fmt))
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}")


@main.command()
@click.argument("article", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date (else a leading 'date YYYY-MM-DD' line or front matter).")
@click.option("--document", "document_name", default=None,
              help="The document's name [default: the file's name; for standard input, article-<hash>.txt, "
                   "as POST /documents names posted text].")
@click.option("--format", "fmt", type=click.Choice(["json", "yaml"]), default="yaml", show_default=True)
def extract(article: Path, published: Any, document_name: str | None, fmt: str) -> None:
    """Extract actors, commitments and events from a news article (`-` reads standard input)."""
    from kg.claims.io import dump_claims, model_errors
    from kg.extract import extract as run_extract, read_article
    from kg.ingest import load_default_gazetteer

    from_stdin = str(article) == "-"

    def work() -> str:
        text, found, document = _read_standard_input() if from_stdin else read_article(article)
        with model_errors("standard input" if from_stdin else str(article)):
            claims = run_extract(text, document=document_name or document,
                                 published=published.date() if published else found,
                                 gazetteer=load_default_gazetteer())
        return dump_claims(claims, fmt)

    click.echo(_run(work), nl=False)


def _read_standard_input() -> tuple[str, Any, str]:
    """An article piped in, read as `read_article` reads a file: (text, date from its header, name)."""
    import hashlib

    from kg.claims.io import MAX_FILE_BYTES
    from kg.extract.article import parse_header

    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    source = "standard input"
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidClaims(source, [f"more than {MAX_FILE_BYTES} bytes, over the limit"])
    if b"\x00" in raw[:8192]:
        raise InvalidClaims(source, ["binary data (it holds NUL bytes), not text"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidClaims(source, [f"not UTF-8 text (byte {error.start})"]) from None
    return text, parse_header(text).published, f"article-{hashlib.sha256(raw).hexdigest()[:16]}.txt"


@main.command()
@store_option
@click.option("--host", default=None, help="Address to listen on [default 127.0.0.1].")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port [default 8000].")
@click.option("--read-only", is_flag=True, help="Take no writes: no write token, even from KG_WRITE_TOKEN.")
def serve(store_path: str | None, host: str | None, port: int | None, read_only: bool) -> None:
    """Serve the REST API, the SPARQL endpoint and the web page.

    Writes are on: the write token (KG_WRITE_TOKEN, else a new random one) is left beside the store
    in <store>.server.json, readable only by you, so that `kg ingest` can hand documents to this
    server while it holds the store. The note is removed when the server stops.
    """
    import secrets

    import uvicorn

    from api.access_log import logging_config
    from api.app import create_app
    from api.protocol import ProblemHttpToolsProtocol
    from kg.allocator import limit_arenas, preload_in_children
    from kg.client_handoff import ServerHandoff, client_url, remove_handoff, remove_stale_handoff

    settings = _settings(store=store_path, host=host, port=port)
    limit_arenas(settings.malloc_arenas)  # before any thread or worker process starts
    preload_in_children(settings.query_allocator)  # read when the query workers' fork server starts
    store = _open(store_path)  # the store's lock is ours from here: any note beside it is stale
    token = None if read_only else settings.write_token or secrets.token_urlsafe(32)
    settings = settings.model_copy(update={"write_token": token})
    app = create_app(settings, store)
    _log_like_uvicorn()
    handoff = None
    if store.path is not None:  # a remote store has no folder to leave a note beside: writers write to it
        remove_stale_handoff(settings.store)
    if token is not None and store.path is not None:
        handoff = ServerHandoff(url=client_url(settings.host, settings.port), token=token, pid=os.getpid())
        note = _run(lambda: _leave_note(settings.store, handoff))
        click.echo(f"writes: the write token is in {note} (readable only by you); "
                   f"`kg ingest --store {settings.store} FILE...` hands documents to this server")
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again: by its default action
    # the process would die there, before the `finally` that removes the note.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    # Writes (SHACL, linking) run on a thread and hold the GIL for most of a second at 100k
    # commitments; at Python's 5 ms switch interval a REST request waited for the lock at each of
    # its steps: p99 26-45 ms with one reader beside a stream of writes, 11-12 ms at 0.5 ms.
    sys.setswitchinterval(settings.switch_interval_s)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", http=ProblemHttpToolsProtocol,
                    log_config=logging_config())
    finally:
        if handoff is not None:
            remove_handoff(settings.store, handoff)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _leave_note(store: Path, handoff: "ServerHandoff") -> Path:
    from kg.client_handoff import write_handoff

    try:
        return write_handoff(store, handoff)
    except OSError as error:
        raise StoreError(f"cannot leave the write token beside the store: {error.strerror or error}") from None


def _log_like_uvicorn() -> None:
    """The project's own messages (the catalogue ready, a query worker that failed) beside
    uvicorn's, in its format; uvicorn configures only its own loggers."""
    import logging

    class LevelPrefix(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return f"{record.levelname + ':':<9} {super().format(record)}"

    handler = logging.StreamHandler()
    handler.setFormatter(LevelPrefix("%(message)s"))
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _register_link_commands() -> None:
    """The linker's commands (kg/link/commands.py): `kg link` and `kg link-eval`."""
    from kg.link.commands import link, link_eval

    main.add_command(link)
    main.add_command(link_eval)


_register_link_commands()
