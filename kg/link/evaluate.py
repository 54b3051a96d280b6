"""`kg link-eval DIR`: the linker's pairwise precision and recall on hand-linked real reports.

DIR holds `reports/NAME.claims.yaml` (hand annotations in the claims interchange format, with
the articles beside them) and `pairs.yaml`:

    tracked:
      - id: de-patriot-2023
        members:
          - {document: NAME, index: 0}   # index into NAME.claims.yaml's commitments (0-based)
    unsure_pairs:                        # optional: judgement calls, left out unless asked for
      - {a: {document: NAME, index: 1}, b: {document: OTHER, index: 0}, truth: different}

The reports are ingested into a store in memory through kg.ingest.ingest_paths, as `kg ingest`
would (linking on), and the tracked commitments read back from it. Every pair of annotated
commitments is then a pair the truth calls same or different, and the linker grouped or not.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.claims.io import load_claims
from kg.ingest import Outcome, Preparer, ingest_paths
from kg.link.reports import Report, StoreReader
from kg.link.score import score
from kg.link.settings import LinkSettings, default_settings
from kg.store import GraphStore

Key = tuple[str, int]  # (document name without .claims.yaml, index in its commitments)
_ITEM = re.compile(r"^commitments\[(\d+)\]")


@dataclass
class Evaluation:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    left_out: int = 0
    wrong: list[tuple[str, Key, Key, str]] = field(default_factory=list)  # (kind, a, b, why)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(member: dict) -> Key:
    return (str(member["document"]).removesuffix(".claims.yaml"), int(member["index"]))


def evaluate(folder: Path, preparer: Preparer, settings: LinkSettings | None = None, *,
             include_unsure: bool = False) -> Evaluation:
    settings = settings or default_settings()
    reports_dir = folder / "reports" if (folder / "reports").is_dir() else folder
    truth = yaml.safe_load((folder / "pairs.yaml").read_text(encoding="utf-8"))
    same_truth: dict[Key, str] = {_key(m): entry["id"] for entry in truth.get("tracked", []) for m in entry["members"]}
    unsure = {frozenset((_key(u["a"]), _key(u["b"]))) for u in truth.get("unsure_pairs", []) or []}

    store = GraphStore(None)
    files = sorted(reports_dir.glob("*.claims.yaml"))
    results = ingest_paths(store, files, preparer, link=True, settings=settings)
    failed = [r.message for r in results if r.outcome is Outcome.FAILED]
    if failed:
        raise ValueError("some reports could not be ingested:\n" + "\n".join(m or "" for m in failed))
    iri_of: dict[Key, str] = {}
    for path in files:
        mapped = preparer.document_graph(load_claims(path), str(path))
        for iri, label in mapped.items.items():
            if match := _ITEM.match(label):
                iri_of[(path.name.removesuffix(".claims.yaml"), int(match.group(1)))] = iri
    group_of = {row["c"].value: row["t"].value for row in store.query(
        "SELECT ?t ?c WHERE { GRAPH ?t { ?t a ck:TrackedCommitment ; ck:report ?c } }")}
    reader = StoreReader(store.raw, settings)
    reports: dict[str, Report | None] = {}

    def report(key: Key) -> Report | None:
        iri = iri_of[key]
        if iri not in reports:
            document = next((row["d"].value for row in store.query(
                "SELECT ?d ?c WHERE { GRAPH ?d { ?c a ck:Commitment } }", {"c": _node(iri)})), None)
            reports[iri] = reader.report(document, iri) if document else None
        return reports[iri]

    found = Evaluation()
    keys = sorted(k for k in iri_of if k in same_truth or k[0] in {d for d, _ in same_truth})
    for a, b in itertools.combinations(keys, 2):
        if not include_unsure and frozenset((a, b)) in unsure:
            found.left_out += 1
            continue
        same = a in same_truth and same_truth.get(a) == same_truth.get(b)
        grouped = group_of.get(iri_of[a]) is not None and group_of.get(iri_of[a]) == group_of.get(iri_of[b])
        if same and grouped:
            found.true_positive += 1
        elif grouped:
            found.false_positive += 1
            found.wrong.append(("linked, but different", a, b, _why(report(a), report(b), settings)))
        elif same:
            found.false_negative += 1
            found.wrong.append(("the same, not linked", a, b, _why(report(a), report(b), settings)))
        else:
            found.true_negative += 1
    return found


def _node(iri: str):  # noqa: ANN202 - a pyoxigraph term
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _why(a: Report | None, b: Report | None, settings: LinkSettings) -> str:
    """What the linker made of the pair on its own (the group may differ: a rule of the group, a
    link through another report)."""
    if a is None or b is None:
        return "a report is missing from the store"
    edge = score(a, b, settings)
    facts = f"{a.type}/{a.status}/{a.day} vs {b.type}/{b.status}/{b.day}"
    if a.committer != b.committer:
        return f"different committers ({a.committer.rsplit('/', 1)[-1]}, {b.committer.rsplit('/', 1)[-1]}); {facts}"
    if edge is None:
        return f"no link on their own (a hard rule or a score under {settings.threshold}); {facts}"
    return f"score {edge.score}: {'; '.join(edge.reasons)}; {facts}"


def report_lines(result: Evaluation) -> list[str]:
    lines = [f"{kind}: {a[0]}[{a[1]}] ~ {b[0]}[{b[1]}]\n    {why}" for kind, a, b, why in result.wrong]
    lines.append(f"pairs: {result.true_positive} linked and the same, {result.false_positive} linked but different, "
                 f"{result.false_negative} the same but not linked, {result.true_negative} apart and different"
                 + (f"; {result.left_out} unsure pairs left out" if result.left_out else ""))
    lines.append(f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}")
    return lines
