"""Fit the suggestion confidence and its two thresholds on train suggestions (issue 17, item 4).

Input: the rows ``quality.py --split train --raw-confidence --dump-suggestions DIR`` writes, one
per flagged MT word that the post-edit kept, replaced 1:1 or deleted, with the suggestions mtqa
offered there and their softmax shares. Every offered suggestion is a training example, right
when it is the post-edit's word. A logistic model over ``CandidateEvidence.features`` maps it to a
probability; then, on the top suggestions ranked by that probability:

* ``offer_min``: the lowest confidence at which the top suggestions shown on words the
  post-editor replaced one for one are the post-edit's word at least OFFER_PRECISION of the time
  (the issue's "top-1 precision of offered suggestions"). Where no confidence reaches it with
  MIN_ROWS substitutions behind it, ``offer_min`` is OFFER_FLOOR: a suggestion less likely than
  that to be the reviewer's word is withheld, the rest show their calibrated confidence
  (withholding all of them would also hide "Putin" for "Poutine");
* ``fix_min``: the lowest at which top suggestions are right at least FIX_PRECISION of the time
  over every flagged word, a suggestion on a word the post-editor kept counting as wrong, since
  ``mtqa fix`` would change it: ``fix``'s default ``--min-confidence``. Where no confidence
  reaches it, it is 1.0 and ``fix`` changes nothing unless told a threshold.

Dev is kept for measuring (``quality.py`` on dev with the shipped file), so its figures are out
of sample. Writes ``mtqa/quality/heads/suggestion-confidence.json`` and
``benchmarks/results/suggestion_confidence.json``.

    python benchmarks/fit_suggestion_confidence.py /work/logs/sugg
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from correction_metrics import SUBSTITUTED, figures, matches, read_rows  # noqa: E402
from quality_metrics import expected_calibration_error  # noqa: E402

from mtqa.checks import CHECKS_BY_CODE  # noqa: E402
from mtqa.corrections.confidence import FILE, UNFITTED_FIX_MIN, Calibration, Slot, evidence_for  # noqa: E402
from mtqa.corrections.suggest import SHOWN_CONFIDENCE  # noqa: E402

OFFER_PRECISION = 0.6
"""The issue's precision of offered suggestions (ro-en's target), over flagged 1:1 substitutions."""
FIX_PRECISION = 0.8
"""``fix``'s, over every flagged word it would change: a word the post-editor kept counts as wrong."""
OFFER_FLOOR = 0.03
"""A suggestion right less than once in about 33 tries is noise a reviewer learns to skip, and
``fix`` must never apply it. On the dev dumps of 2026-12-07 it withheld 814 of 1,096
suggestions, 7 of them right (0.9%); the ones shown were right 5.7% of the time."""
MIN_ROWS = 30
"""A threshold must keep at least this many train suggestions, or its precision is noise."""
VERSION = "1"
HEADS = ROOT / "mtqa" / "quality" / "heads"
RESULTS = ROOT / "benchmarks" / "results" / "suggestion_confidence.json"


def examples(rows: list[dict]) -> tuple[list[dict[str, float]], list[bool], list[int]]:
    """Features and labels for every offered suggestion, and the row index each belongs to."""
    features, labels, owners = [], [], []
    for owner, row in enumerate(rows):
        check = CHECKS_BY_CODE[row["suggesting_code"]]
        offered = [(text, share) for text, share in row["suggestions"]]
        slot = Slot(
            row["word"],
            check.suggestion_similarity > 0,
            not check.original_is_foreign,
            row["source"] if check.corrects_from_source else None,
            row["pair"].split("-")[1],
            row["flag_confidence"],
            row["flag_error"],
            row["p_bad"],
        )
        for (text, _), evidence in zip(offered, evidence_for(offered, slot)):
            features.append(evidence.features())
            labels.append(matches(text, row["wanted"]))
            owners.append(owner)
    return features, labels, owners


def calibrated(rows: list[dict], model: Calibration) -> list[dict]:
    """The rows as the shipped pipeline would have shown them: confidences calibrated, and those
    below ``offer_min`` dropped (the raw dump holds the same candidates and shares)."""
    out = []
    for row in rows:
        features, _, _ = examples([row]) if row["suggestions"] else ([], [], [])
        kept = []
        for (text, _), feature in zip(row["suggestions"], features):
            confidence = model.probability(feature)
            if confidence >= max(model.offer_min, SHOWN_CONFIDENCE):
                kept.append((text, round(confidence, 3)))
        out.append(dict(row, suggestions=kept))
    return out


def evaluate(folder: Path, results: Path, model: Calibration) -> dict[str, dict[str, dict[str, float]]]:
    """Dev figures per pair and mode, from ``quality.py --raw-confidence`` dumps of the dev split."""
    counts = json.loads(results.read_text(encoding="utf-8"))["results"]
    out: dict[str, dict[str, dict[str, float]]] = {}
    for path in sorted(folder.glob("*.dev.*.jsonl")):
        pair, _, mode = path.name.split(".")[:3]
        rows = read_rows([path])
        substitutions = counts[pair][mode]["corrections"]["substitutions"]
        out.setdefault(pair, {})[mode] = {
            "raw": figures(rows, substitutions, UNFITTED_FIX_MIN),
            "calibrated": figures(calibrated(rows, model), substitutions, model.fix_min),
        }
    return out


def threshold(top_confidence: np.ndarray, right: np.ndarray, precision: float) -> float:
    """The lowest confidence whose suggestions at or above it are right at least ``precision`` of the time."""
    order = np.argsort(-top_confidence)
    hits = np.cumsum(right[order])
    counts = np.arange(1, len(order) + 1)
    ok = (hits / counts >= precision) & (counts >= MIN_ROWS)
    if not ok.any():
        return 1.0
    last = int(np.flatnonzero(ok)[-1])
    return round(float(top_confidence[order][last]), 3)


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dumps", type=Path, help="folder of quality.py --dump-suggestions rows (train, raw shares)")
    parser.add_argument("--dev", type=Path, default=None, help="folder of the same rows for the dev split, to measure on")
    parser.add_argument("--dev-results", type=Path, default=None, help="quality.py's --output for that dev run")
    args = parser.parse_args()
    rows = [r for r in read_rows(sorted(args.dumps.glob("*.train.*.jsonl"))) if r["suggestions"]]
    features, labels, owners = examples(rows)
    names = list(features[0])
    x = np.array([[f[n] for n in names] for f in features])
    y = np.array(labels, dtype=float)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    probability = model.predict_proba(x)[:, 1]
    first = np.array([f["first"] == 1.0 for f in features])
    top, top_right = probability[first], y[first]
    substituted = np.array([rows[o]["op"] == SUBSTITUTED for o in owners])[first]
    offer_min = threshold(top[substituted], top_right[substituted], OFFER_PRECISION)
    offer_reached = offer_min < 1.0
    if not offer_reached:
        offer_min = OFFER_FLOOR  # abstaining everywhere would hide the seed's right answers too
    fix_min = threshold(top, top_right, FIX_PRECISION)
    calibration = {
        "version": VERSION,
        "intercept": round(float(model.intercept_[0]), 4),
        "weights": {n: round(float(w), 4) for n, w in zip(names, model.coef_[0])},
        "offer_min": offer_min,
        "fix_min": fix_min,
        "offer_threshold_reached": offer_reached,
        "fitted_on": f"{len(rows)} flagged MLQE-PE train words with suggestions ({len(y)} suggestions), by {Path(__file__).name}",
    }
    (HEADS / FILE).write_text(json.dumps(calibration, indent=1) + "\n", encoding="utf-8")
    shown = top >= offer_min
    summary = {
        "calibration": calibration,
        "train_suggestions": len(y),
        "train_rows": len(rows),
        "raw_top1_precision": round(float(top_right.mean()), 3),
        "offered_share_of_rows": round(float(shown.mean()), 3),
        "offered_precision": round(float(top_right[shown].mean()), 3) if shown.any() else None,
        "fix_share_of_rows": round(float((top >= fix_min).mean()), 3),
        "ece_raw_shares": expected_calibration_error(labels, [f_share(f) for f in features])["ece"],
        "ece_calibrated_in_sample": expected_calibration_error(labels, list(probability))["ece"],
        "by_pair": {},
    }
    for pair in sorted({r["pair"] for r in rows}):
        inside = np.array([rows[o]["pair"] == pair for o in owners])[first]
        summary["by_pair"][pair] = {
            "rows": int(inside.sum()),
            "raw_top1_precision": round(float(top_right[inside].mean()), 3),
            "offered": int((inside & shown).sum()),
            "offered_precision": round(float(top_right[inside & shown].mean()), 3) if (inside & shown).any() else None,
        }
    if args.dev and args.dev_results:
        shipped = Calibration(VERSION, calibration["intercept"], calibration["weights"], offer_min, fix_min)
        summary["dev"] = evaluate(args.dev, args.dev_results, shipped)
    RESULTS.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))


def f_share(features: dict[str, float]) -> float:
    """The raw share back from its logit, for the uncalibrated ECE."""
    return float(1.0 / (1.0 + np.exp(-features["logit_share"])))


if __name__ == "__main__":
    main()
