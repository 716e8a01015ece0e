"""Does the preceding text help the LM judge a sentence? (issue 16, item 3: document context)

WMT22 zh-en dev is news in document order, with MQM word tags. Each segment is scored
target-only (as plain text is) three ways: alone, and after the last N words of the segments
before it, for each N given. Reported per N: the AUC of the word's summed surprisal and of the
shipped target-only head's P(BAD) against the tags, the head's MCC at its shipped threshold,
the Pearson r of the document fluency with MQM z, and the seconds the pass took. The segments
carry no document ids, so the context runs across document boundaries too (as it would in a
file that holds several articles).

    python benchmarks/document_context.py [--words 0 50 100] [--limit 400]

Results: ``benchmarks/results/document_context.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_features import load_records  # noqa: E402
from quality_metrics import mcc  # noqa: E402

from mtqa.config.model import Config  # noqa: E402
from mtqa.pipeline.engine import Engine  # noqa: E402
from mtqa.text.segment import whitespace_spans  # noqa: E402
from mtqa.types import Document, Segment  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "document_context.json"


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Probability that a BAD word outscores an OK one (ties count half); NaN with one class only."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, score)) if 0 < int(np.sum(y)) < len(y) else float("nan")


def measure(records: list[dict], words: int) -> dict[str, float]:
    segments = tuple(
        Segment(
            path="zh-en.dev",
            index=i,
            text=r["mt"],
            line=i + 1,
            column=1,
            id=r["id"],
            exact_positions=False,
            word_spans=whitespace_spans(r["mt"]),
        )
        for i, r in enumerate(records)
    )
    engine = Engine(Config(lang="en", suggest=False, context_words=words))
    engine.analyse([Document(path="warm-up", segments=segments[:1])])  # the model loads here, untimed
    started = time.time()
    analyses = engine.analyse([Document(path="zh-en.dev", segments=segments, input_format="text")])
    seconds = time.time() - started
    surprisal, p_bad, flagged, tags, fluency, human = [], [], [], [], [], []
    for record, analysis in zip(records, analyses):
        assert analysis.scores is not None
        words_scores = analysis.scores.target.words
        surprisal.extend(w.surprisal for w in words_scores)
        p_bad.extend(analysis.p_bad[: len(words_scores)])
        flagged.extend(analysis.p_bad[: len(words_scores)] >= analysis.calibration.threshold)
        tags.extend(t == "BAD" for t in record["mt_word_tags"][: len(words_scores)])
        fluency.append(analysis.fluency)
        human.append(record.get("mqm_z", np.nan))
    y = np.array(tags, dtype=bool)
    fl, hu = np.array(fluency, dtype=float), np.array(human, dtype=float)
    keep = np.isfinite(fl) & np.isfinite(hu)
    return {
        "words": words,
        "segments": len(records),
        "auc_surprisal": round(auc(y, np.array(surprisal)), 4),
        "auc_p_bad": round(auc(y, np.array(p_bad)), 4),
        "mcc_shipped_threshold": round(mcc(y, np.array(flagged, dtype=bool)), 4),
        "flag_rate": round(float(np.mean(flagged)), 4),
        "fluency_pearson_mqm": round(float(np.corrcoef(fl[keep], hu[keep])[0, 1]), 4),
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", nargs="*", type=int, default=[0, 50, 100])
    parser.add_argument("--limit", type=int, default=None, help="the first N segments (document order kept)")
    args = parser.parse_args()
    records = load_records("zh-en", "dev", None)[: args.limit]
    rows = []
    for words in args.words:
        row = measure(records, words)
        print(json.dumps(row), flush=True)
        rows.append(row)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"commit": commit, "pair": "zh-en", "split": "dev", "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
