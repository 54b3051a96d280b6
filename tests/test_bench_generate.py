"""The benchmark's corpus generator and a smoke run of its harness (bench/, docs/performance.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench import generate
from bench.run import SUMMARY_KEYS
from bench.targets import TARGETS
from kg.claims.io import load_claims
from kg.claims.vocabulary import CommitmentType, EventKind, Status

ROOT = Path(__file__).resolve().parent.parent


def _files(corpus: generate.Corpus) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in corpus.files}


def test_same_seed_gives_the_same_files_and_another_seed_others(tmp_path: Path) -> None:
    first = generate.generate_corpus(120, seed=11, per_doc=40, cache_dir=tmp_path / "a")
    again = generate.generate_corpus(120, seed=11, per_doc=40, cache_dir=tmp_path / "b")
    other = generate.generate_corpus(120, seed=12, per_doc=40, cache_dir=tmp_path / "c")

    assert first.documents == 3 and len(first.files) == 3
    assert _files(first) == _files(again)
    assert first.manifest["sha256"] == again.manifest["sha256"]
    assert first.path.name == again.path.name  # the cache key: size, seed, per_doc, format, pool, version
    assert first.manifest["sha256"] != other.manifest["sha256"]
    assert set(_files(first).values()).isdisjoint(_files(other).values())


def test_a_cached_corpus_is_reused_and_a_partial_one_is_not(tmp_path: Path) -> None:
    corpus = generate.generate_corpus(30, seed=3, per_doc=10, cache_dir=tmp_path)
    stamp = corpus.files[0].stat().st_mtime_ns
    assert generate.generate_corpus(30, seed=3, per_doc=10, cache_dir=tmp_path).files[0].stat().st_mtime_ns == stamp

    (corpus.path / "MANIFEST.json").unlink()  # as if a run had been killed before finishing
    rebuilt = generate.generate_corpus(30, seed=3, per_doc=10, cache_dir=tmp_path)
    assert (rebuilt.path / "MANIFEST.json").is_file()
    assert _files(rebuilt) == {p.name: p.read_bytes() for p in corpus.files}


def test_the_corpus_covers_the_whole_format(tmp_path: Path) -> None:
    corpus = generate.generate_corpus(400, seed=5, per_doc=100, cache_dir=tmp_path)
    documents = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in corpus.files]
    commitments = [c for d in documents for c in d["commitments"]]
    events = [e for d in documents for e in d["events"]]
    actors = [a for d in documents for a in d["actors"]]

    assert len(commitments) == 400 and corpus.manifest["commitments"] == 400
    assert {c["type"] for c in commitments} == {t.value for t in CommitmentType}
    # every status of a commitment; `refused` records a refusal, which the generator (bench/) does
    # not write yet
    assert {c["status"] for c in commitments} == {s.value for s in Status} - {"refused"}
    assert {e["kind"] for e in events} == {k.value for k in EventKind}
    assert {a["kind"] for a in actors} >= {"state", "person", "organisation"}
    assert all(a.get("role") for a in actors if a["kind"] == "person")
    assert all(c.get("quote") for c in commitments)
    currencies = Counter(c["currency"] for c in commitments if "amount" in c)
    assert len(currencies) >= 3 and all("currency" in c for c in commitments if "amount" in c)
    quantities = [c["quantity"] for c in commitments if "quantity" in c]
    assert any(isinstance(q["value"], int) for q in quantities) and any(isinstance(q["value"], str) for q in quantities)
    assert all("condition" in c for c in commitments if c["status"] == "conditional")
    for key in ("beneficiary", "target", "counterparty", "announced_by", "proposed_by", "attributed_to", "date",
                "quote_start", "components"):
        assert any(key in c for c in commitments), key
    assert all(e["participants"] for e in events)
    assert any("extracted_by" in d for d in documents) and any("extracted_by" not in d for d in documents)


def test_generated_claims_pass_the_model_and_shacl_through_the_real_preparer(tmp_path: Path, preparer, store) -> None:
    from kg.ingest import Outcome, ingest_paths

    corpus = generate.generate_corpus(200, seed=7, per_doc=50, cache_dir=tmp_path)
    for path in corpus.files:
        load_claims(path)  # the claims model accepts every file

    results = ingest_paths(store, [corpus.docs_dir], preparer)

    assert [r.outcome for r in results] == [Outcome.WRITTEN] * 4, [r.message for r in results if r.message]
    assert sum(r.triples for r in results) > 200 * 12
    stats = store.stats()
    assert stats.commitments == 200 and stats.documents == 4
    # quote offsets point into the text the generator wrote them for
    data, text = generate.document_data(generate.actor_pool(), 7, 0, 50, "bench-s7-")
    for item in data["commitments"] + data["events"]:
        if "quote_start" in item:
            assert text[item["quote_start"]:item["quote_end"]] == item["quote"]


def test_the_harness_smoke_run_prints_every_key_last(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "50", "--per-doc", "10", "--skip-peers", "--skip-workers",
         "--repeats", "2", "--rest-requests", "10", "--shacl-runs", "1", "--stages", "2", "--extract-articles", "3",
         "--load-duration", "2", "--load-clients", "5", "--load-write-interval", "0.25", "--concurrent-seconds", "1",
         "--corpora", str(tmp_path / "corpora"), "--work-dir", str(tmp_path / "work"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    summary = json.loads(last)
    assert set(SUMMARY_KEYS) <= set(summary)
    assert summary["triples"] > 0 and summary["ingest_triples_per_s"] > 0
    assert summary["shacl_batch_ms_empty_store"] > 0 and summary["peak_rss_mb"] > 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["summary"]["triples"] == summary["triples"]
    assert len(results["targets"]) == len(TARGETS)
    assert {check["verdict"] for check in results["targets"]} <= {"PASS", "FAIL", "n/a"}
    # issue 15's figures that need no peer: the REST route alone and with 16 clients, the catalogue both ways
    assert summary["rest_p99_ms_16_clients"] > 0 and summary["catalogue_ready_s_without_snapshot"] > 0
    # the load phase ran, and what the writer wrote could be read back (its speed is not checked here)
    load = results["sizes"]["50"]["load"]
    assert load["classes"]["rest"]["answered"] > 0 and load["classes"]["sparql"]["requests"] > 0
    assert load["documents_written"] > 0 and summary["load_missing_documents"] == 0
    assert summary["load_requests_per_s"] > 0 and summary["load_errors"] is not None
    assert "PASS" in done.stdout or "FAIL" in done.stdout


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_both_file_formats_read_back_the_same(tmp_path: Path, fmt: str) -> None:
    corpus = generate.generate_corpus(20, seed=9, per_doc=20, fmt=fmt, cache_dir=tmp_path)
    claims = load_claims(corpus.files[0])
    data, _ = generate.document_data(generate.actor_pool(), 9, 0, 20, "bench-s9-")
    assert len(claims.commitments) == 20 and claims.document == data["document"]
