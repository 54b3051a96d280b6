"""The suite's targets (issue 15 and the ones before it) and the figures they are checked on.

Each target is (summary key, comparison, threshold, description). The figures the peers bring
(bench/peers.py) are derived here from one size's results, so that bench/run.py only has to merge
`summary_keys(...)` into its summary and print `peer_table(...)`.
"""

from __future__ import annotations

import math
from typing import Any

from bench import peers as peer_module

TARGETS: list[tuple[str, str, float, str]] = [
    # issue 15: against the servers users would pick instead, same quads, same queries, one run
    ("sparql_over_oxigraph_server", "<=", 1.1, "/sparql within 1.1x of Oxigraph's server (geomean)"),
    ("sparql_point_lookup_over_oxigraph_ms", "<=", 1.0, "/sparql point lookup within +1 ms of Oxigraph's server"),
    ("sparql_virtuoso_backend_over_virtuoso", "<=", 1.2, "/sparql on Virtuoso within 1.2x of Virtuoso (geomean)"),
    ("rest_speedup_vs_fastest_sparql_peer", ">=", 20.0, "REST >= 20x the fastest peer's SPARQL, same question"),
    ("rest_p99_ms_16_clients", "<", 100.0, "REST p99 < 100 ms with 16 clients"),
    ("ingest_triples_per_s_first_load", ">=", 100_000.0, "first load with SHACL >= 100,000 triples/s (2 workers)"),
    ("ingest_triples_per_s_into_large_store", ">=", 50_000.0, "one document at a time into the large store >= 50,000 triples/s"),
    ("catalogue_ready_s", "<=", 3.0, "catalogue ready <= 3 s after start (the snapshot kg ingest left)"),
    ("catalogue_ready_s_without_snapshot", "<=", 3.0, "catalogue ready <= 3 s after start, without a snapshot"),
    # The tree's memory as the peak of its summed proportional set sizes (bench.util.TreeMemoryWatch):
    # a sum of per-process peak RSS counts the pages the query workers share with the fork server
    # and each other once per process. The RSS sum is still reported (server_tree_peak_rss_sum_mb).
    ("server_tree_peak_pss_mb", "<", 500.0, "server process tree < 500 MB (peak summed PSS)"),
    ("peers_all_agree", ">=", 1, "every engine returns the same rows"),
    # earlier issues
    ("sparql_ratio_vs_raw_pyoxigraph", "<=", 1.5, "/sparql within 1.5x of raw pyoxigraph"),
    ("rest_actor_commitments_p50_ms", "<", 20.0, "REST actor commitments p50 < 20 ms"),
    ("rest_actor_commitments_p99_ms", "<", 100.0, "REST actor commitments p99 < 100 ms"),
    ("ingest_triples_per_s", ">=", 50_000.0, "ingestion with SHACL >= 50,000 triples/s"),
    ("shacl_batch_full_over_empty", "<=", 1.5, "SHACL batch flat: full store / empty store <= 1.5"),
    ("extract_articles_per_s", ">=", 20.0, "extraction >= 20 articles/s per core (issue 11: a parser costs speed)"),
    ("peak_rss_mb", "<", 1024.0, "peak RSS < 1 GB"),
    ("load_rest_p99_ms", "<", 100.0, "load phase: REST p99 < 100 ms"),
    ("load_errors", "<=", 0, "load phase: errors = 0 (503 refusals apart)"),
    ("load_missing_documents", "<=", 0, "load phase: every written document visible"),
]

# The question the REST route answers, asked by SPARQL (bench/queries/actor_page.rq).
SAME_QUESTION = "actor_page"
POINT_LOOKUP = "commitment_evidence"


def geomean(values: list[float | None]) -> float | None:
    """The geometric mean of the positive, finite values (None, zero and the rest left out), to 3 places."""
    kept = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    return round(math.exp(sum(math.log(v) for v in kept) / len(kept)), 3) if kept else None


def summary_keys(size_result: dict[str, Any]) -> dict[str, Any]:
    """The figures of the targets above that bench/run.py's summary does not make itself."""
    table = peer_module.ratios(size_result)
    out: dict[str, Any] = {}
    if table:
        over_oxigraph = [row.get("kg_over_oxigraph_server") for row in table.values()]
        out["sparql_over_oxigraph_server"] = geomean(over_oxigraph) if all(over_oxigraph) else None
        out["sparql_over_oxigraph_server_worst"] = max((r for r in over_oxigraph if r), default=None)
        out["sparql_over_virtuoso"] = geomean([row.get("kg_over_virtuoso") for row in table.values()])
        point = table.get(POINT_LOOKUP, {})
        if point.get("kg_sparql") and point.get("oxigraph_server"):
            out["sparql_point_lookup_over_oxigraph_ms"] = round(point["kg_sparql"] - point["oxigraph_server"], 2)
        backend = [row.get("kg_on_virtuoso_over_virtuoso") for row in table.values()]
        out["sparql_virtuoso_backend_over_virtuoso"] = geomean(backend) if backend and all(backend) else None
        checked = [row for row in table.values() if any(a is not None for a in row["agree"][2:])]
        out["peers_all_agree"] = (int(all(row["all_agree"] for row in table.values()))
                                  if checked else None)
        question = table.get(SAME_QUESTION, {})
        peer_ms = [question.get(p) for p in ("oxigraph_server", "virtuoso", "rdflib_endpoint")]
        fastest = min((m for m in peer_ms if m), default=None)
        rest = (size_result.get("rest_same_question") or {}).get("alone", {}).get("median_ms")
        if fastest and rest:
            out["rest_speedup_vs_fastest_sparql_peer"] = round(fastest / rest, 1)
            out["rest_same_question_ms"] = rest
            out["fastest_sparql_peer_same_question_ms"] = fastest
    # Better: the Virtuoso backend's /sparql and the same Virtuoso queried directly, timed in turn (bench/remote.py)
    direct = (size_result.get("virtuoso") or {}).get("sparql_over_direct_geomean")
    if direct is not None:
        out["sparql_virtuoso_backend_over_virtuoso"] = direct
    together = (size_result.get("rest_same_question") or {}).get("concurrent") or {}
    out["rest_p99_ms_16_clients"] = together.get("p99_ms")
    out["rest_per_s_16_clients"] = together.get("requests_per_s")
    first = size_result.get("ingest_workers2") or {}
    out["ingest_triples_per_s_first_load"] = first.get("triples_per_s")
    batch = size_result.get("shacl_batch") or {}
    if batch.get("batch_triples") and batch.get("ingest_full_ms"):
        out["ingest_triples_per_s_into_large_store"] = round(batch["batch_triples"] / batch["ingest_full_ms"] * 1000)
    out["catalogue_ready_s"] = size_result.get("catalogue_ready_s")
    out["catalogue_ready_s_without_snapshot"] = (size_result.get("catalogue_without_snapshot") or {}).get(
        "catalogue_ready_s")
    memory = size_result.get("kg_server_memory") or {}
    out["server_tree_peak_pss_mb"] = memory.get("tree_peak_pss_mb")
    out["server_tree_peak_rss_sum_mb"] = memory.get("tree_peak_rss_sum_mb")
    for name in peer_module.PEERS:
        found = (size_result.get("peers") or {}).get(name) or {}
        out[f"{name}_bulk_load_quads_per_s"] = found.get("bulk_load_quads_per_s")
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def peer_table(size: str, size_result: dict[str, Any]) -> list[str]:
    """Per query: every engine's median (ms) and /sparql's ratio to each peer, as text lines."""
    table = peer_module.ratios(size_result)
    if not table or not size_result.get("peers"):
        return []
    columns = ["rows", "kg_sparql", "raw_pyoxigraph", "oxigraph_server", "virtuoso", "rdflib_endpoint",
               "kg_sparql_on_virtuoso", "kg_over_oxigraph_server", "kg_over_virtuoso", "all_agree"]
    heads = ["rows", "/sparql", "raw pyox", "oxigraph srv", "virtuoso", "rdflib-ep", "/sparql on virt",
             "÷ oxigraph", "÷ virtuoso", "same rows"]
    cells = [[name] + [_fmt(row.get(c)) if c != "all_agree" else ("yes" if row.get(c) else "NO") for c in columns]
             for name, row in table.items()]
    rest = size_result.get("rest_same_question") or {}
    if rest.get("alone"):
        cells.append([f"{SAME_QUESTION} by REST", "20", _fmt(rest["alone"].get("median_ms"))] + [""] * 8)
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(["query", *heads])]
    lines = [f"peers at n={size}, median ms (same query text everywhere; ratios: /sparql ÷ peer):"]
    lines.append("  ".join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i])
                           for i, h in enumerate(["query", *heads])))
    for c in cells:
        lines.append("  ".join(v.ljust(widths[i]) if i == 0 else v.rjust(widths[i]) for i, v in enumerate(c)))
    peers = size_result["peers"]
    for name in peer_module.PEERS:
        found = peers.get(name) or {}
        if found.get("error"):
            lines.append(f"  {name}: did not run: {found['error'][:300]}")
            continue
        together = found.get("concurrent") or {}
        lines.append(f"  {name} {found.get('version')}: bulk load {_fmt(found.get('bulk_load_s'))} s "
                     f"({_fmt(found.get('bulk_load_quads_per_s'))} quads/s)"
                     + (f", optimize {_fmt(found.get('optimize_s'))} s" if found.get("optimize_s") is not None else "")
                     + (f"; {together['clients']} clients on {SAME_QUESTION}: {_fmt(together.get('requests_per_s'))}/s, "
                        f"p50 {_fmt(together.get('p50_ms'))} ms, p99 {_fmt(together.get('p99_ms'))} ms"
                        + (f", failed {together['failed_by_status']}" if together.get("failed_by_status") else "")
                        if together else "")
                     + f"; peak RSS {_fmt(found.get('memory_mb'))} MiB")
    together = (peers.get("kg_sparql") or {}).get("concurrent") or {}
    if together:
        lines.append(f"  /sparql {together['clients']} clients on {SAME_QUESTION}: {_fmt(together.get('requests_per_s'))}/s, "
                     f"p50 {_fmt(together.get('p50_ms'))} ms, p99 {_fmt(together.get('p99_ms'))} ms, "
                     f"{together.get('failed')} failed {together.get('failed_by_status') or ''}")
    together = rest.get("concurrent") or {}
    if together:
        lines.append(f"  REST {together['clients']} clients on {SAME_QUESTION}: {_fmt(together.get('requests_per_s'))}/s, "
                     f"p50 {_fmt(together.get('p50_ms'))} ms, p99 {_fmt(together.get('p99_ms'))} ms, "
                     f"{together.get('failed')} failed")
    return lines
