"""Detection quality on the bench dev sets, through mtqa's public Python API.

Per pair: word MCC (BAD positive; a word is flagged when any finding overlaps it), precision
and recall of BAD, AUC of ``p_bad``, Pearson and Spearman of segment fluency against the human
score (DA z for MLQE-PE, MQM z for zh-en), and the correction figures on 1:1 word substitutions
between ``mt`` and its post-edit (difflib), for a sample of segments checked with suggestions.

    python benchmarks/quality.py [--pairs ro-en et-en] [--limit N] [--correction-sample 150]
    python benchmarks/quality.py --target-only     # the head plain-text users get (no source)
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mtqa  # noqa: E402
from mtqa.config.model import Config  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
PAIRS = ("ro-en", "et-en", "ru-en", "zh-en", "en-de", "en-zh")


def mcc(gold: list[bool], pred: list[bool]) -> float:
    g = np.array(gold)
    p = np.array(pred)
    tp, tn = float(np.sum(g & p)), float(np.sum(~g & ~p))
    fp, fn = float(np.sum(~g & p)), float(np.sum(g & ~p))
    d = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / d if d else 0.0


def write_sample(records: list[dict], folder: Path, name: str, target_only: bool) -> Path:
    path = folder / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            row = {"id": r["id"], "mt": r["mt"]}
            if not target_only:
                row["src"] = r.get("src_raw") or r["src"]
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def tag_spans(text: str) -> list[tuple[int, int]]:
    """The words the bench's tags are for: whitespace tokens of ``mt`` (Chinese MT comes segmented)."""
    import re

    return [m.span() for m in re.finditer(r"\S+", text)]


def flags_of(segment, tokens: list[tuple[int, int]]) -> list[bool]:  # type: ignore[no-untyped-def]
    spans = [(f.start, f.end) for f in segment.findings if f.start is not None]
    return [any(s < end and start < e for s, e in spans) for start, end in tokens]


def p_bad_of(segment, tokens: list[tuple[int, int]]) -> list[float]:  # type: ignore[no-untyped-def]
    """Each tagged token's P(BAD): the highest of mtqa's words inside it (jieba may split a token)."""
    values = []
    for start, end in tokens:
        inside = [w.p_bad or 0.0 for w in segment.words if w.start < end and start < w.end]
        values.append(max(inside, default=0.0))
    return values


def substitutions(record: dict) -> list[tuple[int, str]]:
    """1:1 word substitutions from MT to post-edit: (MT word index, post-edited word)."""
    if not record.get("pe"):
        return []
    mt, pe = record["mt"].split(), record["pe"].split()
    matcher = difflib.SequenceMatcher(a=mt, b=pe, autojunk=False)
    return [(i1, pe[j1]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op == "replace" and i2 - i1 == 1 and j2 - j1 == 1]


def evaluate(pair: str, records: list[dict], config: Config, folder: Path, target_only: bool) -> dict[str, float]:
    from scipy.stats import pearsonr, spearmanr
    from sklearn.metrics import roc_auc_score

    started = time.time()
    report = mtqa.check_files([write_sample(records, folder, pair, target_only)], config=config)
    seconds = time.time() - started
    segments = report.documents[0].segments
    gold: list[bool] = []
    pred: list[bool] = []
    probs: list[float] = []
    by_code: dict[str, list[int]] = {}
    for record, segment in zip(records, segments):
        tokens = tag_spans(record["mt"])
        assert segment.text == record["mt"] and len(tokens) == len(record["mt_word_tags"])
        gold += [t == "BAD" for t in record["mt_word_tags"]]
        pred += flags_of(segment, tokens)
        probs += p_bad_of(segment, tokens)
        for finding in segment.findings:
            if finding.start is None:
                continue
            for (start, end), tag in zip(tokens, record["mt_word_tags"]):
                if finding.start < end and start < finding.end:
                    by_code.setdefault(finding.code, []).append(tag == "BAD")
    g, p = np.array(gold), np.array(pred)
    human = np.array([r["da"] if r.get("da") is not None else r["mqm_z"] for r in records], dtype=float)
    fluency = np.array([s.fluency for s in segments])
    return {
        "segments": len(records),
        "word_mcc": mcc(gold, pred),
        "precision_bad": float((g & p).sum() / max(1, p.sum())),
        "recall_bad": float((g & p).sum() / max(1, g.sum())),
        "auc_p_bad": float(roc_auc_score(g, probs)),
        "fluency_pearson": float(pearsonr(fluency, human)[0]),
        "fluency_spearman": float(spearmanr(fluency, human)[0]),
        "seconds": seconds,
        "precision_by_code": {code: [len(v), round(float(np.mean(v)), 3)] for code, v in sorted(by_code.items())},
    }


def correction_figures(pair: str, records: list[dict], config: Config, folder: Path, target_only: bool) -> dict[str, float]:
    chosen = [r for r in records if substitutions(r)]
    if not chosen:
        return {}
    started = time.time()
    report = mtqa.check_files([write_sample(chosen, folder, f"{pair}-corr", target_only)], config=config)
    seconds = time.time() - started
    total = flagged = offered = top1 = top3 = 0
    for record, segment in zip(chosen, report.documents[0].segments):
        for index, wanted in substitutions(record):
            total += 1
            start, end = tag_spans(record["mt"])[index]
            overlapping = [f for f in segment.findings if f.start is not None and f.start < end and start < f.end]
            if not overlapping:
                continue
            flagged += 1
            suggestions = [s.text.lower() for f in overlapping for s in f.suggestions]
            offered += bool(suggestions)
            top1 += bool(suggestions) and suggestions[0] == wanted.lower()
            top3 += wanted.lower() in suggestions[:3]
    return {
        "substitutions": total,
        "flagged": flagged / max(1, total),
        "offered_when_flagged": offered / max(1, flagged),
        "top1_when_flagged": top1 / max(1, flagged),
        "top3_when_flagged": top3 / max(1, flagged),
        "top1_precision_offered": top1 / max(1, offered),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", nargs="*", default=list(PAIRS))
    parser.add_argument("--limit", type=int, default=None, help="segments per pair (random, seed 0)")
    parser.add_argument("--correction-sample", type=int, default=100, help="segments per pair checked with suggestions")
    parser.add_argument("--target-only", action="store_true", help="drop the source: measure the target-only head")
    parser.add_argument("--corrections-only", action="store_true", help="only the correction figures (skip detection)")
    parser.add_argument("--model", default="gemma3-270m")
    parser.add_argument("--dtype", choices=("auto", "fp32", "bf16"), default="auto", help="compare bf16 with fp32 quality")
    args = parser.parse_args()
    # Measure the model, not the cache. Each pair names its languages, as a PO or XLIFF file would.
    base = Config(model=args.model, dtype=args.dtype, cache=False)
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for pair in args.pairs:
            path = BENCH / f"{pair}.dev.jsonl"
            if not path.exists():
                continue
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            if args.limit:
                records = sorted(random.Random(0).sample(records, min(args.limit, len(records))), key=lambda r: r["id"])
            source, target = pair.split("-")
            config = base.with_overrides(lang=target, source_lang=None if args.target_only else source)
            row: dict = (
                {}
                if args.corrections_only
                else evaluate(pair, records, config.with_overrides(suggest=False), folder, args.target_only)
            )
            sample = random.Random(1).sample(records, min(args.correction_sample, len(records)))
            corrections = correction_figures(pair, sample, config, folder, args.target_only) if sample else {}
            row["corrections"] = corrections  # type: ignore[assignment]
            results[pair] = row
            print(pair, json.dumps(row), flush=True)
    header = "| pair | word MCC | P(BAD) | R(BAD) | AUC p_bad | fluency Pearson | Spearman | corr. flagged | any sugg. "
    header += "| top-1 | top-3 |"
    print(header)
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for pair, r in results.items():
        c = r["corrections"] or {}
        if args.corrections_only:
            print(pair, json.dumps(c))
            continue
        print(
            f"| {pair} | {r['word_mcc']:.3f} | {r['precision_bad']:.2f} | {r['recall_bad']:.2f} | {r['auc_p_bad']:.3f} "
            f"| {r['fluency_pearson']:.3f} | {r['fluency_spearman']:.3f} | {c.get('flagged', 0):.2f} "
            f"| {c.get('offered_when_flagged', 0):.2f} | {c.get('top1_when_flagged', 0):.2f} "
            f"| {c.get('top3_when_flagged', 0):.2f} |"
        )


if __name__ == "__main__":
    main()
