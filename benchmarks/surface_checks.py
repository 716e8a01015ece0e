"""How often the model-free source checks (MT102–MT107) fire on ../shared/bench dev, and how
often they are right.

Span findings are right when a word they cover is tagged BAD; segment-level findings are judged
by the mean HTER of the segments they fire on, against the split's mean. No model is loaded, so
this runs in seconds: ``python benchmarks/surface_checks.py``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from mtqa.checks.base import CheckContext
from mtqa.checks.source_surface import (
    EndPunctuationMismatch,
    LengthRatio,
    LinkMismatch,
    NumberMismatch,
    PlaceholderMismatch,
    WhitespaceMismatch,
)
from mtqa.quality.head import Bands
from mtqa.text.segment import whitespace_spans
from mtqa.types import Segment

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
CHECKS = (NumberMismatch(), PlaceholderMismatch(), LinkMismatch(), LengthRatio(), WhitespaceMismatch(), EndPunctuationMismatch())


def evaluate(path: Path) -> dict[str, object]:
    fires: Counter[str] = Counter()
    span_right: Counter[str] = Counter()
    span_total: Counter[str] = Counter()
    segment_hter: defaultdict[str, list[float]] = defaultdict(list)
    all_hter: list[float] = []
    segments = 0
    source_lang = path.name[:2]
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        segments += 1
        if record.get("hter") is not None:
            all_hter.append(record["hter"])
        mt = record["mt"]
        segment = Segment(path=path.name, index=0, text=mt, line=1, column=1, source=record["src"], exact_positions=False)
        spans = tuple(whitespace_spans(record["mt"]))
        ctx = CheckContext(
            segment=segment,
            spans=spans,
            target_lang="en",
            source_lang=source_lang,
            scores=None,
            features=None,
            p_bad=np.zeros(len(spans)),
            threshold=0.5,
            bands=Bands(0.8, 0.5),
        )
        tags = record["mt_word_tags"]
        for check in CHECKS:
            for finding in check.run(ctx):
                fires[finding.code] += 1
                if finding.start is not None and finding.end is not None:
                    covered = [i for i, s in enumerate(spans) if s.start < finding.end and finding.start < s.end]
                    span_total[finding.code] += 1
                    span_right[finding.code] += any(tags[i] == "BAD" for i in covered)
                elif record.get("hter") is not None:
                    segment_hter[finding.code].append(record["hter"])
    return {
        "segments": segments,
        "mean_hter": round(float(np.mean(all_hter)), 3) if all_hter else None,
        "fires": dict(sorted(fires.items())),
        "span_precision": {code: f"{span_right[code]}/{span_total[code]}" for code in sorted(span_total)},
        "segment_mean_hter": {code: round(float(np.mean(v)), 3) for code, v in sorted(segment_hter.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    for pair in ("ro-en", "et-en", "ru-en", "zh-en"):
        path = BENCH / f"{pair}.{args.split}.jsonl"
        if path.exists():
            print(pair, json.dumps(evaluate(path)))


if __name__ == "__main__":
    main()
