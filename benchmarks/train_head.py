"""Train the word-level quality heads and the fluency models from cached bench features.

Reproducible: fixed seeds, fixed train sample (see extract_features.py), scikit-learn.
- Heads: logistic regression on standardized word features, fitted on the train splits
  (ro-en, et-en, ru-en). Platt calibration and the flag threshold (max mean MCC over pairs)
  are chosen on dev, as the bench README advises, since ro-en train is distributed unlike dev.
- Fluency: ridge regression from sentence aggregates (LM surprisal, P(BAD) summaries) to the
  raw 0–100 DA score (``da_mean``) of the train splits.
Writes mtqa/heads/{head,fluency}-{source,target}.json and prints dev numbers.

    python benchmarks/train_head.py [--train-limit 1500]
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtqa.fluency import AGGREGATES, FluencyModel  # noqa: E402
from mtqa.head import Bands, LogisticHead  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
HEADS = ROOT / "mtqa" / "heads"
TRAIN_PAIRS = ("ro-en", "et-en", "ru-en")
DEV_PAIRS = ("ro-en", "et-en", "ru-en", "zh-en")
HEAD_VERSION = "1"


def load(pair: str, split: str, limit: str) -> dict[str, np.ndarray] | None:
    found = sorted(glob.glob(str(CACHE / f"{pair}.{split}.{limit}.*.npz")))
    if not found:
        return None
    with np.load(found[-1], allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def mcc(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(gold & pred))
    tn = float(np.sum(~gold & ~pred))
    fp = float(np.sum(~gold & pred))
    fn = float(np.sum(gold & ~pred))
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    keep = np.isfinite(x) & np.isfinite(y)
    return float(np.corrcoef(x[keep], y[keep])[0, 1])


def fit_head(kind: str, train: list[dict], dev: dict[str, dict]) -> tuple[LogisticHead, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression

    names = [str(n) for n in train[0][f"names_{kind}"]]
    x = np.concatenate([d[f"X_{kind}"] for d in train]).astype(np.float64)
    y = np.concatenate([d["y"] for d in train]).astype(int)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    best: tuple[float, LogisticRegression] | None = None
    for c in (0.01, 0.1, 1.0):
        model = LogisticRegression(C=c, max_iter=3000, random_state=0)
        model.fit((x - mean) / scale, y)
        score = np.mean([_dev_mcc(model, mean, scale, d[f"X_{kind}"], d["y"]) for d in dev.values()])
        print(f"  {kind} head C={c}: mean dev MCC (best threshold) {score:.3f}")
        if best is None or score > best[0]:
            best = (score, model)
    assert best is not None
    model = best[1]
    logits = {p: ((d[f"X_{kind}"] - mean) / scale) @ model.coef_[0] + model.intercept_[0] for p, d in dev.items()}
    # Platt scaling on pooled dev logits: train priors differ from dev (ro-en train is 32% BAD).
    platt = LogisticRegression(C=1e6, max_iter=1000)
    pooled_z = np.concatenate(list(logits.values()))[:, None]
    pooled_y = np.concatenate([d["y"] for d in dev.values()]).astype(int)
    platt.fit(pooled_z, pooled_y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probs = {p: 1 / (1 + np.exp(-(a * z + b))) for p, z in logits.items()}
    thresholds = np.linspace(0.05, 0.8, 76)
    mean_mcc = [np.mean([mcc(dev[p]["y"].astype(bool), probs[p] >= t) for p in dev]) for t in thresholds]
    threshold = float(thresholds[int(np.argmax(mean_mcc))])
    error_band = _precision_band(np.concatenate(list(probs.values())), pooled_y, threshold)
    head = LogisticHead(
        name=f"logistic-{kind}",
        version=HEAD_VERSION,
        features=tuple(names),
        mean=mean,
        scale=scale,
        coef=model.coef_[0].astype(np.float64),
        intercept=float(model.intercept_[0]),
        threshold=round(threshold, 3),
        bands=Bands(error=round(error_band, 3), warning=round(threshold, 3)),
        calibration=(a, b),
    )
    scores = {p: mcc(dev[p]["y"].astype(bool), probs[p] >= threshold) for p in dev}
    return head, scores


def _dev_mcc(model, mean, scale, x, y) -> float:  # type: ignore[no-untyped-def]
    p = model.predict_proba((x - mean) / scale)[:, 1]
    gold = y.astype(bool)
    return max(mcc(gold, p >= t) for t in np.quantile(p, np.linspace(0.5, 0.97, 24)))


def _precision_band(p: np.ndarray, y: np.ndarray, threshold: float, precision: float = 0.6) -> float:
    """The lowest P(BAD) above which at least ``precision`` of flagged dev words are BAD."""
    for t in np.linspace(threshold, 0.99, 95):
        flagged = p >= t
        if flagged.sum() >= 20 and y[flagged].mean() >= precision:
            return float(t)
    return 0.99


def segment_p_bad(head: LogisticHead, data: dict[str, np.ndarray], kind: str) -> list[np.ndarray]:
    from mtqa.features import WordFeatures

    names = tuple(str(n) for n in data[f"names_{kind}"])
    p = head.p_bad(WordFeatures(names, data[f"X_{kind}"]))
    return [p[data["segment"] == i] for i in range(len(data["human"]))]


def aggregate_matrix(head: LogisticHead, data: dict[str, np.ndarray], kind: str) -> np.ndarray:
    """Sentence aggregates with the P(BAD) columns filled in from ``head``."""
    agg = data[f"agg_{kind}"].copy()
    columns = {n: i for i, n in enumerate(AGGREGATES)}
    for i, p in enumerate(segment_p_bad(head, data, kind)):
        agg[i, columns["mean_p_bad"]] = p.mean() if p.size else 0.0
        agg[i, columns["max_p_bad"]] = p.max() if p.size else 0.0
        agg[i, columns["share_flagged"]] = (p >= head.threshold).mean() if p.size else 0.0
    return agg


def fit_fluency(kind: str, head: LogisticHead, train: list[dict], dev: dict[str, dict]) -> tuple[FluencyModel, dict[str, float]]:
    from sklearn.linear_model import Ridge

    x = np.concatenate([aggregate_matrix(head, d, kind) for d in train])
    y = np.concatenate([d["da_mean"] for d in train])
    model = Ridge(alpha=1.0, random_state=0).fit(x, y)
    fluency = FluencyModel(
        name=f"ridge-{kind}",
        version=HEAD_VERSION,
        features=AGGREGATES,
        coef=tuple(float(c) for c in model.coef_),
        intercept=float(model.intercept_),
    )
    scores = {}
    for pair, data in dev.items():
        agg = aggregate_matrix(head, data, kind)
        predicted = np.array([fluency.predict(dict(zip(AGGREGATES, row))) for row in agg])
        scores[pair] = pearson(predicted, data["human"])
    return fluency, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-limit", default="1500")
    args = parser.parse_args()
    train = [d for p in TRAIN_PAIRS if (d := load(p, "train", args.train_limit)) is not None]
    dev = {p: d for p in DEV_PAIRS if (d := load(p, "dev", "all")) is not None}
    if not train or not dev:
        raise SystemExit("run benchmarks/extract_features.py for train and dev first")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for kind in ("source", "target"):
        head, word_scores = fit_head(kind, train, dev)
        fluency, fluency_scores = fit_fluency(kind, head, train, dev)
        (HEADS / f"head-{kind}.json").write_text(json.dumps(head.to_dict(), indent=1) + "\n", encoding="utf-8")
        (HEADS / f"fluency-{kind}.json").write_text(json.dumps(fluency.to_dict(), indent=1) + "\n", encoding="utf-8")
        summary[kind] = {"word_mcc": word_scores, "fluency_pearson": fluency_scores}
        print(f"{kind}: threshold {head.threshold}, error band {head.bands.error}")
        for pair in dev:
            print(f"  {pair}: head MCC {word_scores[pair]:.3f}  fluency Pearson {fluency_scores[pair]:.3f}")
    print(json.dumps({"commit": commit, "train_segments_per_pair": args.train_limit, "dev": summary}, indent=1))


if __name__ == "__main__":
    main()
