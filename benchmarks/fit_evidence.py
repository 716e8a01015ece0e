"""Fit P(wrong), the head's P(BAD) combined with the findings on a word (``mtqa.quality.evidence``).

Input: the per-token dumps of ``quality.py --dump-words`` (gold BAD, P(BAD), and the findings on
each token as code/severity), so fitting needs no LM pass. One logistic model per kind of input
(with a source, without), pooled over the MLQE-PE dev pairs; zh-en is left out, as for every other
decision, so it stays a pair nothing was fitted on. The calibration reported is out of fold
(five folds of whole segments), so the expected calibration error is not the fit's own.

    python benchmarks/quality.py --correction-sample 0 --dump-words benchmarks/.cache/words
    python benchmarks/fit_evidence.py [--words benchmarks/.cache/words] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality_metrics import expected_calibration_error  # noqa: E402

from mtqa.quality.evidence import EvidenceModel, logit  # noqa: E402

HEADS = ROOT / "mtqa" / "quality" / "heads"
WORDS = ROOT / "benchmarks" / ".cache" / "words"
FIT_PAIRS = ("ro-en", "et-en", "ru-en", "en-de", "en-zh")
MIN_TAG_WORDS = 30
"""A code/severity on fewer fitting words than this gets no weight of its own, only its severity's."""
SEVERITIES = ("error", "warning", "info")
VERSION = "1"
HEAD_CODE = "MT401/"
FOLDS = 5
C = 1.0
SHRINK_WORDS = 20
"""A code's floor is its dev precision shrunk toward its severity's, as if it had this many more
words at the severity's precision: a code seen on 12 words can't claim their exact share."""


def load(folder: Path, pair: str, kind: str) -> list[tuple[str, bool, float, list[str]]]:
    path = folder / f"{pair}.{kind}.jsonl"
    if not path.exists():
        return []
    return [tuple(json.loads(line)[:4]) for line in path.read_text(encoding="utf-8").splitlines()]  # type: ignore[misc]


def design(rows: list[tuple[str, bool, float, list[str]]], tags: list[str]) -> np.ndarray:
    """Columns: logit(P(BAD)); per tag an indicator, then per tag its logit(P(BAD)); per severity."""
    x = np.zeros((len(rows), 1 + 2 * len(tags) + len(SEVERITIES)))
    index = {t: i for i, t in enumerate(tags)}
    for r, (_, _, p_bad, codes) in enumerate(rows):
        evidence = logit(p_bad)
        x[r, 0] = evidence
        for code in codes:
            if code in index:
                x[r, 1 + index[code]] = 1.0
                x[r, 1 + len(tags) + index[code]] = evidence
            x[r, 1 + 2 * len(tags) + SEVERITIES.index(code.rsplit("/", 1)[1])] = 1.0
    return x


def fit(rows: list[tuple[str, bool, float, list[str]]], name: str) -> EvidenceModel:
    from sklearn.linear_model import LogisticRegression

    counts = Counter(code for row in rows for code in row[3])
    tags = sorted(t for t, n in counts.items() if n >= MIN_TAG_WORDS)
    y = np.array([row[1] for row in rows])
    model = LogisticRegression(C=C, max_iter=1000).fit(design(rows, tags), y)
    floors, severity_floors = precision_floors(rows)
    weights = model.coef_[0]
    return EvidenceModel(
        name=name,
        version=VERSION,
        intercept=round(float(model.intercept_[0]), 4),
        slope=round(float(weights[0]), 4),
        tags={
            t: (round(float(o), 4), round(float(s), 4))
            for t, o, s in zip(tags, weights[1 : 1 + len(tags)], weights[1 + len(tags) : 1 + 2 * len(tags)])
        },
        severities={s: round(float(w), 4) for s, w in zip(SEVERITIES, weights[1 + 2 * len(tags) :])},
        floors=floors,
        severity_floors=severity_floors,
    )


def precision_floors(rows: list[tuple[str, bool, float, list[str]]]) -> tuple[dict[str, float], dict[str, float]]:
    """Floors for rule findings. MT401 has none: it is the head's own P(BAD) read at a threshold,
    so it adds no evidence that P(BAD) lacks."""
    by_tag: dict[str, list[bool]] = {}
    by_severity: dict[str, list[bool]] = {}
    for _, gold, _, every_code in rows:
        codes = [code for code in every_code if not code.startswith(HEAD_CODE)]
        for code in codes:
            by_tag.setdefault(code, []).append(gold)
        for severity in {code.rsplit("/", 1)[1] for code in codes}:
            by_severity.setdefault(severity, []).append(gold)
    severity_floors = {s: round(float(np.mean(v)), 4) for s, v in sorted(by_severity.items())}
    floors = {
        t: round((sum(v) + SHRINK_WORDS * severity_floors[t.rsplit("/", 1)[1]]) / (len(v) + SHRINK_WORDS), 4)
        for t, v in sorted(by_tag.items())
    }
    # 0 rather than absent, so that MT401 doesn't fall back to its severity's floor.
    floors |= {code: 0.0 for row in rows for code in row[3] if code.startswith(HEAD_CODE)}
    return dict(sorted(floors.items())), severity_floors


def out_of_fold(by_pair: dict[str, list], name: str) -> dict[str, dict[str, float]]:
    """Per pair: ECE of P(BAD) and of P(wrong) fitted without the word's own segment, and the
    mean of each on words that carry an error finding (the two stories the issue compares)."""
    from sklearn.metrics import roc_auc_score

    segments = sorted({row[0] for rows in by_pair.values() for row in rows})
    fold_of = {sid: i % FOLDS for i, sid in enumerate(segments)}
    pooled = [row for rows in by_pair.values() for row in rows]
    models = [fit([r for r in pooled if fold_of[r[0]] != k], name) for k in range(FOLDS)]
    report = {}
    for pair, rows in by_pair.items():
        gold = [r[1] for r in rows]
        p_bad = [r[2] for r in rows]
        p_wrong = [models[fold_of[r[0]]].p_wrong(r[2], r[3]) for r in rows]
        on_error = [i for i, r in enumerate(rows) if any(c.endswith("/error") for c in r[3])]
        report[pair] = {
            "words": len(rows),
            "ece_p_bad": expected_calibration_error(gold, p_bad)["ece"],
            "ece_p_wrong": expected_calibration_error(gold, p_wrong)["ece"],
            "auc_p_bad": round(float(roc_auc_score(gold, p_bad)), 4),
            "auc_p_wrong": round(float(roc_auc_score(gold, p_wrong)), 4),
            "error_words": len(on_error),
            "error_precision": round(float(np.mean([gold[i] for i in on_error])), 3) if on_error else float("nan"),
            "error_mean_p_bad": round(float(np.mean([p_bad[i] for i in on_error])), 3) if on_error else float("nan"),
            "error_mean_p_wrong": round(float(np.mean([p_wrong[i] for i in on_error])), 3) if on_error else float("nan"),
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=Path, default=WORDS)
    parser.add_argument("--dry-run", action="store_true", help="report only; write no model file")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "evidence.json")
    args = parser.parse_args()
    results = {}
    for kind in ("source", "target"):
        by_pair = {pair: rows for pair in FIT_PAIRS if (rows := load(args.words, pair, kind))}
        if not by_pair:
            sys.exit(f"no dumps for {kind} under {args.words}: run quality.py --dump-words first")
        name = f"evidence-{kind}"
        results[kind] = out_of_fold(by_pair, name)
        model = fit([row for rows in by_pair.values() for row in rows], name)
        for pair, row in results[kind].items():
            print(kind, pair, json.dumps(row))
        print(kind, "model", json.dumps(model.to_dict()))
        if not args.dry_run:
            path = HEADS / f"{name}.json"
            path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
            print(f"wrote {path}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
