"""Markdown tables from a results file: `python -m bench.report [bench/results.json]`.

docs/performance.md pastes this output, so the tables there can be regenerated from any run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.run import DEFAULT_RESULTS, _fmt


def _get(data: Any, *keys: Any) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_fmt(c) if not isinstance(c, str) else c for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(results: dict[str, Any]) -> str:
    sizes = list(results["sizes"])
    machine = results.get("machine", {})
    out = [f"Run of {results.get('started')} ({results.get('elapsed_s')} s): `{results.get('command')}`; "
           f"{machine.get('cpus')} CPUs ({machine.get('cpu', '?')}), {machine.get('memory_gib')} GiB, "
           f"Python {machine.get('python')}, pyoxigraph {machine.get('pyoxigraph')}, rdflib {machine.get('rdflib')}, "
           f"pyshacl {machine.get('pyshacl')}, rdflib-endpoint {machine.get('rdflib-endpoint')}. "
           f"Generator v{results.get('generator_version')}, seed {results.get('seed')}, "
           f"{results.get('per_doc')} commitments per document, {results.get('format')} files.", ""]
    loads = [f"n={s}: {', '.join(f'{v:.1f}' for v in _get(results, 'sizes', s, 'load_average_before') or [])}"
             for s in sizes]
    out += [f"Load average (1, 5, 15 min) when each size started: {'; '.join(loads)}.", ""]

    rows = []

    def row(label: str, *keys: Any, fn: Any = None) -> None:
        values = []
        for size in sizes:
            value = _get(results["sizes"][size], *keys)
            values.append(fn(value) if fn and value is not None else value)
        rows.append([label, *values])

    row("triples in the store", "triples")
    row("triples ingested (document graphs, actors restated)", "triples_ingested")
    row("documents", "corpus", "documents")
    row("ingest, sequential: triples/s (wall)", "ingest_sequential", "triples_per_s")
    row("ingest, sequential: triples per CPU-second", "ingest_sequential", "triples_per_cpu_s")
    row("ingest, 2 workers: triples/s (wall)", "ingest_workers2", "triples_per_s")
    row("ingest, 2 workers: triples per CPU-second", "ingest_workers2", "triples_per_cpu_s")
    row("ingest peak RSS MiB (sequential)", "ingest_sequential", "peak_rss_mb")
    row("ingest peak RSS MiB (2 workers: main / worker)", "ingest_workers2",
        fn=lambda v: f"{_fmt(v.get('peak_rss_mb'))} / {_fmt(v.get('workers_peak_rss_mb'))}")
    row("kg serve: answering / commitment catalogue built, s",
        fn=lambda v: f"{_fmt(v.get('server_ready_s'))} / {_fmt(v.get('catalogue_ready_s'))}")
    for label, key in (("REST GET /actors/{id}/commitments", "actor_commitments"),
                       ("REST GET /commitments/{id}", "commitment"),
                       ("REST GET /commitments?type=&limit=50 (paging)", "commitments_list"),
                       ("REST GET /events?limit=50 (paging)", "events_list")):
        row(f"{label} p50 / p99 ms", "rest", key,
            fn=lambda v: f"{_fmt(v.get('median_ms'))} / {_fmt(v.get('p99_ms'))}" if "median_ms" in v else "-")
    row("REST actor commitments, heaviest actor, median ms", "rest", "actor_commitments", "heaviest_actor",
        fn=lambda v: f"{_fmt(v.get('median_ms'))} ({_fmt(v.get('commitments'))} commitments)")
    row("SHACL batch (100 commitments) ingest ms, empty / full store", "shacl_batch",
        fn=lambda v: f"{_fmt(v.get('ingest_empty_ms'))} / {_fmt(v.get('ingest_full_ms'))}")
    row("  of which SHACL validation ms, empty / full", "shacl_batch",
        fn=lambda v: f"{_fmt(v.get('validate_empty_ms'))} / {_fmt(v.get('validate_full_ms'))}")
    row("kg serve peak RSS MiB (main / query worker)", "kg_server_memory",
        fn=lambda v: f"{_fmt(v.get('main_peak_rss_mb'))} / {_fmt(v.get('max_child_peak_rss_mb'))}")
    row("rdflib-endpoint peak RSS MiB", "rdflib_endpoint_memory",
        fn=lambda v: _fmt(v.get("main_peak_rss_mb")))
    out.append(_table(["", *[f"n={s}" for s in sizes]], rows))
    out.append("")

    for size in sizes:
        queries = _get(results, "sizes", size, "sparql") or {}
        if not queries:
            continue
        out.append(f"SPARQL at n={size} ({_fmt(_get(results, 'sizes', size, 'triples'))} triples), median ms "
                   f"(runs): this project's /sparql over HTTP, raw pyoxigraph in-process, rdflib-endpoint over HTTP.")
        out.append("")
        qrows = []
        for name, q in queries.items():
            def cell(peer: str) -> str:
                p = q.get(peer) or {}
                return f"{_fmt(p.get('median_ms'), 2)} ({p.get('n', 0)})" if p.get("median_ms") is not None else \
                    ("error" if p.get("error") else "-")
            agree = [q.get("kg_agrees_with_raw"), q.get("rdflib_agrees_with_raw")]
            qrows.append([name, _fmt(q.get("rows")), cell("kg_sparql"), cell("raw_pyoxigraph"), cell("rdflib_endpoint"),
                          _fmt(q.get("ratio_vs_raw"), 2), _fmt(q.get("speedup_vs_rdflib"), 1),
                          "/".join("yes" if a else ("NO" if a is False else "-") for a in agree)])
        out.append(_table(["query", "rows", "/sparql", "raw pyoxigraph", "rdflib-endpoint", "/sparql ÷ raw",
                           "rdflib ÷ /sparql", "same rows (kg/rdflib)"], qrows))
        out.append("")

    for size in sizes:
        load = _get(results, "sizes", size, "load")
        if not load:
            continue
        cpu = load.get("cpu_s") or {}
        out.append(f"Load phase at n={size}: {load['clients']} clients ("
                   + (f"mean think time {load['think_s']:g} s" if load.get("think_s") else "closed loop")
                   + f", SPARQL share {load['sparql_share']:g}) and a writer (a {load.get('write_per_doc')}-commitment document every "
                   f"{load['write_interval_s']:g} s) for {load['duration_s']:g} s ({load['elapsed_s']:g} s until the "
                   f"last answer): {_fmt(load['answered_per_s'])} requests/s answered. CPU seconds: server "
                   f"{_fmt(cpu.get('server_main'))}, query workers {_fmt(cpu.get('server_query_workers'))}, load "
                   f"generator {_fmt(cpu.get('load_generator'))}.")
        out.append("")
        lrows = []
        for name, label in (("rest", "REST read"), ("sparql", "SPARQL"), ("write", "write (POST /documents)")):
            c = load["classes"][name]
            lrows.append([label, _fmt(c.get("answered_per_s")), _fmt(c.get("p50_ms")), _fmt(c.get("p99_ms")),
                          _fmt(c.get("answered")), _fmt(c.get("refused")), _fmt(c.get("errors"))])
        out.append(_table(["route class", "answered/s", "p50 ms", "p99 ms", "answered", "refused (503)", "errors"],
                          lrows))
        out.append("")
        out.append(f"Documents written {load['documents_written']}, missing afterwards {load['documents_missing']} "
                   f"(through /sparql: {_fmt(load.get('documents_missing_sparql'))}).")
        out.append("")

    extraction = results.get("extraction", {})
    if extraction.get("articles_per_s") is not None:
        out.append(f"Extraction: {_fmt(extraction['articles_per_s'])} articles per CPU-second, "
                   f"{_fmt(extraction.get('articles_per_wall_s'))} per wall-clock second, one process, "
                   f"{extraction.get('articles')} articles of median {_fmt(extraction.get('median_chars'), 0)} "
                   f"characters (the seed article is {extraction.get('seed_chars')}); median "
                   f"{_fmt(extraction.get('median_ms_per_article'), 2)} ms per article"
                   + (f"; the seed article alone: {_fmt(extraction['seed_article_only_per_cpu_s'])} per CPU-second."
                      if extraction.get("seed_article_only_per_cpu_s") else "."))
    else:
        out.append(f"Extraction: not measured ({extraction.get('reason')}).")
    out.append("")
    summary = results.get("summary", {})
    out.append(f"Targets, at n={results.get('largest')} ({_fmt(summary.get('triples'))} triples):")
    out.append("")
    trows = [[c["target"], _fmt(c["value"], 2), c["verdict"]] for c in results.get("targets", [])]
    out.append(_table(["target", "measured", "verdict"], trows))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0]) if args else DEFAULT_RESULTS
    print(render(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
