"""Score bench segments once and cache their word features, labels and sentence aggregates.

Training the head and measuring it both read these caches, so the expensive LM passes run once
per (pair, split, sample, signature). Features come from ``Engine.analyse``: exactly what the
checks see at run time. Output: ``benchmarks/.cache/<pair>.<split>.<n>.npz`` (no pickles).

    python benchmarks/extract_features.py --split train --limit 1500
    python benchmarks/extract_features.py --split dev
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtqa.config.model import Config  # noqa: E402
from mtqa.lm.base import SegmentScores  # noqa: E402
from mtqa.pipeline.engine import Engine  # noqa: E402
from mtqa.quality.features import compute  # noqa: E402
from mtqa.quality.fluency import AGGREGATES, aggregates  # noqa: E402
from mtqa.text.segment import whitespace_spans  # noqa: E402
from mtqa.types import Document, Segment  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
CACHE = ROOT / "benchmarks" / ".cache"
PAIRS = ("ro-en", "et-en", "ru-en", "zh-en", "en-de", "en-zh")


def load_records(pair: str, split: str, limit: int | None, seed: int = 0) -> list[dict]:
    path = BENCH / f"{pair}.{split}.jsonl"
    if not path.exists():
        return []
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit and limit < len(records):
        records = random.Random(seed).sample(records, limit)
        records.sort(key=lambda r: int(r["id"].rsplit("-", 1)[1]))
    return records


def sentence_target(record: dict) -> float:
    """The human score to correlate with: DA z for MLQE-PE, MQM z for zh-en."""
    value = record["da"] if record.get("da") is not None else record.get("mqm_z")
    return float(value) if value is not None else float("nan")


def cache_path(pair: str, split: str, limit: int | None, signature: str) -> Path:
    tag = hashlib.sha256(signature.encode()).hexdigest()[:8]
    return CACHE / f"{pair}.{split}.{limit or 'all'}.{tag}.npz"


def target_language(pair: str) -> str:
    return pair.split("-")[1]


def extract(pair: str, split: str, limit: int | None, engine: Engine) -> Path | None:
    records = load_records(pair, split, limit)
    if not records:
        return None
    target = cache_path(pair, split, limit, engine.scorer.signature)
    if target.exists():
        print(f"{pair}.{split}: cached at {target}", flush=True)
        return target
    segments = tuple(
        Segment(
            path=f"{pair}.{split}",
            index=i,
            text=r["mt"],
            line=i + 1,
            column=1,
            source=r.get("src_raw") or r["src"],
            id=r["id"],
            exact_positions=False,
            word_spans=whitespace_spans(r["mt"]),
        )
        for i, r in enumerate(records)
    )
    started = time.time()
    analyses = engine.analyse([Document(path=f"{pair}.{split}", segments=segments)])
    elapsed = time.time() - started
    rows_src, rows_tgt, labels, seg_of_word, agg_src, agg_tgt = [], [], [], [], [], []
    for index, (record, analysis) in enumerate(zip(records, analyses)):
        scores = analysis.scores
        assert scores is not None and analysis.features is not None
        source_features = analysis.features
        target_scores = SegmentScores(target=scores.target, conditioned=None)
        target_features = compute(analysis.score_text, analysis.score_spans, target_scores, target_language(pair))
        rows_src.append(source_features.matrix)
        rows_tgt.append(target_features.matrix)
        labels.extend(1 if t == "BAD" else 0 for t in record["mt_word_tags"])
        seg_of_word.extend([index] * len(record["mt_word_tags"]))
        zero = np.zeros(len(record["mt_word_tags"]))
        agg_src.append([aggregates(scores, zero, 0.5, len(zero))[n] for n in AGGREGATES])
        agg_tgt.append([aggregates(target_scores, zero, 0.5, len(zero))[n] for n in AGGREGATES])
    n_tokens = sum(len(a.scores.target.token_surprisals) for a in analyses if a.scores)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        target,
        X_source=np.concatenate(rows_src),
        X_target=np.concatenate(rows_tgt),
        names_source=np.array(source_features.names),
        names_target=np.array(target_features.names),
        y=np.array(labels, dtype=np.int8),
        segment=np.array(seg_of_word, dtype=np.int32),
        agg_source=np.array(agg_src),
        agg_target=np.array(agg_tgt),
        human=np.array([sentence_target(r) for r in records]),
        da_mean=np.array([r.get("da_mean") if r.get("da_mean") is not None else np.nan for r in records], dtype=float),
        ids=np.array([r["id"] for r in records]),
        seconds=np.array(elapsed),
        target_tokens=np.array(n_tokens),
    )
    print(
        f"{pair}.{split}: {len(records)} segments, {n_tokens} target tokens in {elapsed:.0f}s "
        f"({n_tokens / elapsed:.0f} tok/s, both passes) -> {target}",
        flush=True,
    )
    return target


class _Log:
    """A line on stdout every ~500 segments: a multi-hour job in the background must say where it is.

    The score cache stores every chunk as it is scored, so a stopped run resumes where it was.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._started = time.time()
        self._last = 0

    def __call__(self, done: int, total: int) -> None:
        if done - self._last >= 500 or done == total:
            self._last = done
            elapsed = time.time() - self._started
            print(f"  {self._name}: {done}/{total} segments scored, {elapsed:.0f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "dev"), required=True)
    parser.add_argument("--pairs", nargs="*", default=list(PAIRS))
    parser.add_argument("--limit", type=int, default=None, help="random sample per pair (seed 0)")
    parser.add_argument("--model", default="gemma3-270m")
    args = parser.parse_args()
    engines: dict[tuple[str, str], Engine] = {}
    for pair in args.pairs:
        source, target = pair.split("-")
        if (source, target) not in engines:  # one model load per language pair
            # No per-file time budget: a 7,000-segment split is one "file" of several hours.
            config = Config(model=args.model, lang=target, source_lang=source, suggest=False, timeout=None)
            engines[source, target] = Engine(config, progress=_Log(f"{source}-{target}"))
        extract(pair, args.split, args.limit, engines[source, target])


if __name__ == "__main__":
    main()
