"""Is P(source | target) worth a pass? Sentence-level reverse-direction scoring on dev (issue 16, item 3).

The source-conditioned LM is asked the other way round: the *source* is scored after a prompt
holding the MT (and, for the pairwise test, the post-edit). Its mean token surprisal, and its
PMI against the source scored alone, are added to the shipped source-aware fluency aggregates,
and a ridge map is cross-validated on the same dev sample (10 folds): the gain over the
aggregates alone says whether the extra pass carries what the forward passes miss. Scores go
through the score cache, so a rerun costs nothing.

    python benchmarks/reverse_direction.py --pairs ro-en ru-en --limit 300
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_features import cache_path, load_records  # noqa: E402

from mtqa.config.model import Config  # noqa: E402
from mtqa.lm.base import ScoreRequest  # noqa: E402
from mtqa.pipeline.engine import Engine  # noqa: E402
from mtqa.text.segment import whitespace_spans  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "reverse_direction.json"


def reverse_scores(engine: Engine, records: list[dict], field: str, pair: str) -> np.ndarray:
    """Per record: mean surprisal of the source alone, given the ``field`` text, and their difference."""
    source_lang, target_lang = pair.split("-")
    requests = [ScoreRequest(r["src"], whitespace_spans(r["src"]), r[field], target_lang, source_lang) for r in records]
    rows = []
    for start in range(0, len(requests), 64):
        for scores in engine.scorer.score(requests[start : start + 64]):
            assert scores.conditioned is not None
            alone = float(np.mean(scores.target.token_surprisals))
            given = float(np.mean(scores.conditioned.token_surprisals))
            rows.append([alone, given, alone - given])
    return np.array(rows)


def measure(pair: str, limit: int) -> dict:
    from sklearn.linear_model import RidgeCV
    from sklearn.model_selection import cross_val_predict

    records = load_records(pair, "dev", limit)
    source_lang, target_lang = pair.split("-")
    engine = Engine(Config(lang=target_lang, source_lang=source_lang, suggest=False, timeout=None))
    started = time.time()
    mt = reverse_scores(engine, records, "mt", pair)
    pe = reverse_scores(engine, records, "pe", pair)
    seconds = time.time() - started
    signature = engine.scorer.signature
    with np.load(cache_path(pair, "dev", None, signature), allow_pickle=False) as dev:
        where = {str(i): k for k, i in enumerate(dev["ids"])}
        rows = np.array([where[r["id"]] for r in records])
        aggregates, human = dev["agg_source"][rows], dev["human"][rows]

    def cv_pearson(x: np.ndarray) -> float:
        predicted = cross_val_predict(RidgeCV(alphas=[0.1, 1.0, 10.0]), x, human, cv=10)
        return round(float(np.corrcoef(predicted, human)[0, 1]), 3)

    edited = np.array([(r.get("hter") or 0.0) >= 0.3 for r in records])
    return {
        "segments": len(records),
        "pearson_reverse_given_mt": round(float(np.corrcoef(mt[:, 1], human)[0, 1]), 3),
        "pearson_reverse_pmi": round(float(np.corrcoef(mt[:, 2], human)[0, 1]), 3),
        "cv_pearson_aggregates": cv_pearson(aggregates),
        "cv_pearson_aggregates_and_reverse": cv_pearson(np.c_[aggregates, mt[:, 1:]]),
        "pairwise_segments": int(edited.sum()),
        "pairwise_source_likelier_given_pe": round(float(np.mean(pe[edited, 1] < mt[edited, 1])), 3),
        "seconds_both_passes_mt_and_pe": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", nargs="*", default=["ro-en", "ru-en"])
    parser.add_argument("--limit", type=int, default=300, help="random dev segments per pair (seed 0)")
    args = parser.parse_args()
    results = {pair: measure(pair, args.limit) for pair in args.pairs}
    print(json.dumps(results, indent=1))
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
