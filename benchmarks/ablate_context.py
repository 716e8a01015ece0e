"""Ablation for issue 16 item 3: is wider context in the features worth a new head?

The shipped features see one word either side. This asks whether more of the sentence helps,
before anyone pays for re-extraction and retraining: the extra columns are derived from the
cached dev features alone (no LM pass), and each arm is the same gradient-boosted model,
cross-validated by segment on dev, so the arms differ only in their columns.

Arms:
- ``base``: the cached columns, as the shipped heads see them.
- ``right``: plus the surprisal that follows the word (sum and max over the next 2-4 words, and
  the next 3 words' PMI with a source): the spike a wrong word causes downstream.
- ``sentence``: plus the word's surprisal against its sentence (minus the sentence mean, over
  the sentence max) and the sentence's mean: a word is surprising for this sentence, or the whole
  sentence is hard.
- ``both``: right and sentence together.

    python benchmarks/ablate_context.py [--pairs ro-en en-de] [--folds 5]
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results" / "ablate_context.json"
PAIRS = ("ro-en", "et-en", "ru-en", "en-de", "en-zh", "zh-en")
ARMS = ("base", "right", "sentence", "both")


def _window(values: np.ndarray, segment: np.ndarray, offsets: range, reduce: str) -> np.ndarray:
    """Sum or max of ``values`` at the given offsets inside the same segment (0 outside it)."""
    out = np.zeros(len(values))
    for k in offsets:
        shifted = np.zeros(len(values))
        same = np.zeros(len(values), dtype=bool)
        if k > 0:
            shifted[:-k] = values[k:]
            same[:-k] = segment[k:] == segment[:-k]
        shifted = np.where(same, shifted, 0.0)
        out = out + shifted if reduce == "sum" else np.maximum(out, shifted)
    return out


def _per_segment(values: np.ndarray, segment: np.ndarray, reduce: str) -> np.ndarray:
    groups = np.unique(segment, return_inverse=True)[1]
    if reduce == "mean":
        table = np.bincount(groups, weights=values) / np.bincount(groups)
    else:
        table = np.full(groups.max() + 1, -np.inf)
        np.maximum.at(table, groups, values)
    return table[groups]


def extra_columns(x: np.ndarray, names: list[str], segment: np.ndarray, arm: str) -> np.ndarray:
    surprisal = x[:, names.index("surprisal")]
    columns: list[np.ndarray] = []
    if arm in ("right", "both"):
        columns += [
            _window(surprisal, segment, range(2, 5), "sum"),
            _window(surprisal, segment, range(1, 5), "max"),
        ]
        if "pmi" in names:
            columns.append(_window(x[:, names.index("pmi")], segment, range(1, 4), "sum"))
    if arm in ("sentence", "both"):
        mean = _per_segment(surprisal, segment, "mean")
        top = _per_segment(surprisal, segment, "max")
        columns += [surprisal - mean, surprisal / np.maximum(top, 1e-6), mean]
    return np.column_stack([x, *columns]) if columns else x


def best_mcc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import matthews_corrcoef

    return max(float(matthews_corrcoef(y, p >= t)) for t in np.quantile(p, np.linspace(0.5, 0.98, 25)))


def cross_validated(x: np.ndarray, y: np.ndarray, segment: np.ndarray, folds: int) -> np.ndarray:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    out = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, segment):
        model = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=31, min_samples_leaf=40, l2_regularization=1.0, random_state=0
        ).fit(x[train], y[train])
        out[test] = model.predict_proba(x[test])[:, 1]
    return out


def ablate(pair: str, mode: str, folds: int) -> dict[str, dict[str, float]] | None:
    from sklearn.metrics import roc_auc_score

    found = sorted(glob.glob(str(CACHE / f"{pair}.dev.all.*.npz")))
    if not found:
        return None
    data = np.load(found[-1])
    x, names = data[f"X_{mode}"], [str(n) for n in data[f"names_{mode}"]]
    y, segment = data["y"], data["segment"]
    keep = x[:, names.index("is_punct")] == 0  # punctuation is tagged OK by convention
    rows = {}
    for arm in ARMS:
        full = extra_columns(x, names, segment, arm)[keep]
        p = cross_validated(full, y[keep], segment[keep], folds)
        rows[arm] = {"auc": round(float(roc_auc_score(y[keep], p)), 4), "mcc": round(best_mcc(y[keep], p), 4)}
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", nargs="*", default=list(PAIRS))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, dict] = {}
    print("| pair | input | " + " | ".join(f"{a} MCC (AUC)" for a in ARMS) + " |")
    print("|---|---|" + "---|" * len(ARMS))
    for pair in args.pairs:
        for mode in ("source", "target"):
            rows = ablate(pair, mode, args.folds)
            if rows is None:
                print(f"{pair}: no dev cache; run extract_features.py --split dev", file=sys.stderr)
                break
            results.setdefault(pair, {})[mode] = rows
            cells = " | ".join(f"{rows[a]['mcc']:.3f} ({rows[a]['auc']:.3f})" for a in ARMS)
            print(f"| {pair} | {mode} | {cells} |", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
