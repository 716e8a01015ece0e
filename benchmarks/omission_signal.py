"""Is there an omission signal in the word features? (issue 16, item 3: a check for dropped content)

MLQE-PE's gap tags mark the places between MT words where the post-editor inserted words. Before
anyone writes an omission check, this asks whether the features mtqa already computes say
where those gaps are: the same gradient-boosted model as ``ablate_context.py``, cross-validated
in 5 folds by segment on dev, over each gap's two neighbouring words (their source-aware
features, zeros past either end) and the gap's position. No LM pass: the dev caches of
``extract_features.py`` and the bench's gap tags.

    python benchmarks/omission_signal.py [--pairs ro-en en-de]

Reports the gap BAD rate, AUC, the best MCC and the precision at 10% and 20% recall, into
``benchmarks/results/omission_signal.json``.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ablate_context import best_mcc, cross_validated  # noqa: E402
from extract_features import BENCH, CACHE  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "omission_signal.json"
PAIRS = ("ro-en", "et-en", "ru-en", "en-de", "en-zh")


def gap_rows(x: np.ndarray, segment: np.ndarray, records: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per gap: [left word's features, right word's features, relative position, at an end]."""
    rows, labels, groups = [], [], []
    width = x.shape[1]
    for index, record in enumerate(records):
        words = x[segment == index]
        tags = record.get("mt_gap_tags") or []
        if len(tags) != len(words) + 1:
            continue
        for gap, tag in enumerate(tags):
            left = words[gap - 1] if gap > 0 else np.zeros(width)
            right = words[gap] if gap < len(words) else np.zeros(width)
            edge = float(gap in (0, len(words)))
            rows.append(np.concatenate([left, right, [gap / max(1, len(words)), edge]]))
            labels.append(int(tag == "BAD"))
            groups.append(index)
    return np.array(rows), np.array(labels), np.array(groups)


def precision_at_recall(y: np.ndarray, p: np.ndarray, recall: float) -> float:
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    needed = recall * y.sum()
    k = int(np.searchsorted(hits, needed)) + 1
    return float(hits[k - 1] / k) if k <= len(y) else 0.0


def measure(pair: str, folds: int) -> dict[str, float] | None:
    from sklearn.metrics import roc_auc_score

    found = sorted(glob.glob(str(CACHE / f"{pair}.dev.all.*.npz")))
    if not found:
        return None
    data = np.load(found[-1])
    path = BENCH / f"{pair}.dev.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {r["id"]: r for r in records}
    ordered = [by_id[str(i)] for i in data["ids"]]
    x, y, groups = gap_rows(data["X_source"], data["segment"], ordered)
    p = cross_validated(x, y, groups, folds)
    return {
        "gaps": len(y),
        "bad_rate": round(float(y.mean()), 4),
        "auc": round(float(roc_auc_score(y, p)), 4),
        "best_mcc": round(best_mcc(y, p), 4),
        "precision_at_recall_0.1": round(precision_at_recall(y, p, 0.1), 4),
        "precision_at_recall_0.2": round(precision_at_recall(y, p, 0.2), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", nargs="*", default=list(PAIRS))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    print("| pair | gaps | BAD rate | AUC | best MCC | precision at 10% recall | at 20% |")
    print("|---|---|---|---|---|---|---|")
    for pair in args.pairs:
        row = measure(pair, args.folds)
        if row is None:
            print(f"{pair}: no dev cache; run extract_features.py --split dev", file=sys.stderr)
            continue
        results[pair] = row
        print(
            f"| {pair} | {row['gaps']:,} | {row['bad_rate']:.3f} | {row['auc']:.3f} | {row['best_mcc']:.3f} | "
            f"{row['precision_at_recall_0.1']:.2f} | {row['precision_at_recall_0.2']:.2f} |",
            flush=True,
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
