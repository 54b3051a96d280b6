"""Score the extractor on the shared evaluation set: `python -m kg.extract.evaluate` (`make eval`).

Runs the extractor over every text of ../shared/eval/dev (relative to the repository root) and
the seed article, writes one `NAME.json` per text into a temporary folder, and prints the shared
scorer's lines for each half of the dev set apart: the half the rules were developed on
(dev-01..15, dev-21..35) and the half held back (dev-16..20, dev-36..40), then the seed. Beside
the scorer's micro totals it prints the attribute agreement over the matched commitments (the
scorer gives that per file only) and the extraction speed.

    python -m kg.extract.evaluate [--shared DIR] [--half developed|held-back|all] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kg.claims.io import claims_to_mapping
from kg.extract.article import read_article

if TYPE_CHECKING:
    from kg.extract import Extractor

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_73c4d19ee7ae6c07.txt"
HELD_BACK = frozenset([*range(16, 21), *range(36, 41)])
_NUMBER = re.compile(r"^dev-(\d+)")


def half_of(name: str) -> str:
    """`developed` or `held-back` for a dev file name (dev-16..20 and dev-36..40 are held back)."""
    match = _NUMBER.match(name)
    return "held-back" if match and int(match.group(1)) in HELD_BACK else "developed"


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _extractor() -> Extractor:
    """The process's extractor (built and warmed up once: the dev set and the seed share it)."""
    from kg.extract import Extractor
    from kg.gazetteer import load_gazetteer

    extractor = Extractor(load_gazetteer())
    extractor.extract("Warm-up. France will send troops to Ukraine.", document="warmup.txt", published=None)
    return extractor


def extract_folder(texts: list[Path], out: Path) -> dict[str, float]:
    """Extract every text into out/NAME.json; returns timing (seconds, characters)."""
    extractor = _extractor()
    chars, cpu = 0, 0.0
    for path in texts:
        text, published, name = read_article(path)
        started = time.process_time()
        claims = extractor.extract(text, document=name, published=published)
        cpu += time.process_time() - started
        chars += len(text)
        stem = path.name[: -len(".txt")]
        (out / f"{stem}.json").write_text(json.dumps(claims_to_mapping(claims), ensure_ascii=False, default=str),
                                          encoding="utf-8")
    return {"cpu_s": cpu, "chars": chars, "articles": len(texts)}


def score_half(scorer: ModuleType, gold: Path, predicted: Path, names: list[str]) -> dict[str, Any]:
    """The scorer's corpus totals over `names`, plus the micro attribute agreement."""
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp)
        for name in names:
            (subset / f"{name}.expected.yaml").symlink_to(gold / f"{name}.expected.yaml")
        result = scorer.score_corpus(subset, predicted)
    agreed = checked = 0
    by_key: dict[str, list[int]] = {}
    for name in names:
        one = scorer.score(scorer.load(str(gold / f"{name}.expected.yaml")),
                           scorer.load(str(predicted / f"{name}.json")))
        for key, ratio in one["attributes"]["by_key"].items():
            hit, total = map(int, ratio.split("/"))
            agreed, checked = agreed + hit, checked + total
            pair = by_key.setdefault(key, [0, 0])
            pair[0] += hit
            pair[1] += total
    result["micro"]["attribute_agreement"] = round(agreed / checked, 3) if checked else None
    result["micro"]["attributes_by_key"] = {k: f"{h}/{t}" for k, (h, t) in sorted(by_key.items())}
    return result


def print_half(title: str, result: dict[str, Any]) -> None:
    print(f"== {title}")
    for name, f in result["files"].items():
        r = f["refusals"]
        refusals = f", refusals {r['matched']}/{r['expected']} ({r['predicted']} predicted)" if r["expected"] or r["predicted"] else ""
        print(f"{name}: F1={f['f1']} ({f['matched']}/{f['expected']} found, {f['counted_predicted']} counted){refusals}")
    m = result["micro"]
    print(f"refusals P={m['refusals_precision']} R={m['refusals_recall']} "
          f"({m['refusals_matched']}/{m['refusals_expected']} found, {m['refusals_predicted']} predicted)")
    print(f"attribute agreement {m['attribute_agreement']} {m['attributes_by_key']}")
    print(f"micro P={m['precision']} R={m['recall']} F1={m['f1']} "
          f"({m['matched']}/{m['expected']} found, {m['counted_predicted']} counted predictions)")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.extract.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default: ../shared)")
    parser.add_argument("--half", choices=("developed", "held-back", "all"), default="all")
    parser.add_argument("--keep", type=Path, help="write the predictions here (kept) instead of a temporary folder")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--also", type=Path, action="append", default=[], metavar="DIR",
                        help="another folder of NAME.txt with NAME.expected.yaml (kept outside the repository) "
                             "to score apart, e.g. texts annotated after the rules were written")
    args = parser.parse_args(argv)
    gold = args.shared / "eval" / "dev"
    if not gold.is_dir():
        print(f"no evaluation set at {gold}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.shared)
    texts = sorted(gold.glob("*.txt"))
    if args.half != "all":
        texts = [t for t in texts if half_of(t.name) == args.half]
    with contextlib.ExitStack() as stack:
        if args.keep:
            out = args.keep
            out.mkdir(parents=True, exist_ok=True)
        else:
            out = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        timing = extract_folder(texts, out)
        names = [t.name[: -len(".txt")] for t in texts]
        results: dict[str, Any] = {}
        for half in ("developed", "held-back"):
            chosen = [n for n in names if half_of(n) == half]
            if chosen:
                results[half] = score_half(scorer, gold, out, chosen)
        for folder in (f.resolve() for f in args.also):
            extra = sorted(t for t in folder.glob("*.txt") if (folder / f"{t.stem}.expected.yaml").is_file())
            if not extra:
                print(f"no annotated texts (NAME.txt with NAME.expected.yaml) in {folder}", file=sys.stderr)
                return 2
            extra_out = out / f"also-{len([k for k in results if k.startswith('also:')])}"
            extra_out.mkdir(parents=True, exist_ok=True)
            extra_timing = extract_folder(extra, extra_out)
            results[f"also:{folder}"] = score_half(scorer, folder, extra_out, [t.stem for t in extra])
            for key in ("articles", "chars", "cpu_s"):
                timing[key] += extra_timing[key]
        seed_gold = args.shared / "eval" / "seed-000.expected.yaml"
        if seed_gold.is_file():
            extract_folder([SEED], out)
            with contextlib.redirect_stdout(io.StringIO()):
                seed = scorer.score(scorer.load(str(seed_gold)), scorer.load(str(out / f"{SEED.stem}.json")))
            results["seed"] = seed
    if args.json:
        print(json.dumps({**results, "timing": timing}, indent=2, ensure_ascii=False, default=str))
        return 0
    titles = {"developed": "developed-on half (dev-01..15, dev-21..35)",
              "held-back": "held-back half (dev-16..20, dev-36..40)"}
    for half in ("developed", "held-back"):
        if half in results:
            print_half(titles[half], results[half])
    for key in results:
        if key.startswith("also:"):
            print_half(key[len("also:"):], results[key])
    if "seed" in results:
        c, a = results["seed"]["commitments"], results["seed"]["attributes"]
        print(f"== seed: P={c['precision']} R={c['recall']} F1={c['f1']} "
              f"({c['matched']}/{c['expected']} found); attribute agreement {a['agreement']}")
    if timing["cpu_s"] > 0:
        print(f"speed: {timing['articles'] / timing['cpu_s']:.1f} articles per CPU-second "
              f"(mean {timing['chars'] / max(1, timing['articles']):.0f} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
