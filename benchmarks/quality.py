"""Detection quality on the bench dev sets, through mtqa's public Python API.

Per pair and mode (source-aware, target-only): word MCC (BAD positive; a word is flagged when
any finding overlaps it), precision and recall of BAD, AUC and expected calibration error of
``p_bad``, precision by severity band and by code and severity, Pearson and Spearman of segment fluency
against the human score (DA z for MLQE-PE, MQM z for zh-en), and with ``--pairwise`` the share
of clearly post-edited segments (HTER >= 0.3) whose post-edit scores above the MT. The
correction figures use 1:1 word substitutions between ``mt`` and its post-edit (difflib).

LM scores come from the score cache when it holds them (the extraction fills it), so a rerun
costs minutes; ``--no-cache`` measures the model cold. Results go to
``benchmarks/results/quality.json`` with the commit.

    python benchmarks/quality.py --correction-sample 0 [--pairs en-de] [--modes target] [--pairwise]
    python benchmarks/quality.py --corrections-only --pairs ro-en --correction-sample 100
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from correction_metrics import count_substitutions, figures, flagged_rows, write_rows  # noqa: E402
from quality_metrics import (  # noqa: E402
    PAIRWISE_MIN_HTER,
    expected_calibration_error,
    mcc,
    pairwise_accuracy,
    precision_by_severity,
    tag_spans,
    token_severity,
)

import mtqa  # noqa: E402
from mtqa.config.model import Config  # noqa: E402
from mtqa.corrections.confidence import fix_default, use_raw_shares  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
PAIRS = ("ro-en", "et-en", "ru-en", "zh-en", "en-de", "en-zh")
MODES = ("source", "target")
RESULTS = ROOT / "benchmarks" / "results" / "quality.json"


def write_sample(records: list[dict], folder: Path, name: str, target_only: bool) -> Path:
    path = folder / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            row = {"id": r["id"], "mt": r["mt"]}
            if not target_only:
                row["src"] = r.get("src_raw") or r["src"]
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


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


def _dump_words(path: Path, records: list[dict], segments) -> None:  # type: ignore[no-untyped-def]
    """One JSON line per tagged token: segment id, gold BAD, P(BAD), the findings on it (code/severity)
    and the token itself.

    ``fit_evidence.py`` fits the combined P(wrong) from these, so it needs no LM pass of its own."""
    with path.open("w", encoding="utf-8") as handle:
        for record, segment in zip(records, segments):
            tokens = tag_spans(record["mt"])
            for (start, end), tag, prob in zip(tokens, record["mt_word_tags"], p_bad_of(segment, tokens)):
                on_token = [f for f in segment.findings if f.start is not None and f.start < end and start < f.end]
                codes = sorted({f"{f.code}/{f.severity.value}" for f in on_token})
                token = record["mt"][start:end]
                handle.write(json.dumps([record["id"], tag == "BAD", round(prob, 4), codes, token], ensure_ascii=False) + "\n")


def evaluate(pair: str, records: list[dict], config: Config, folder: Path, target_only: bool, dump: Path | None = None) -> dict:
    from scipy.stats import pearsonr, spearmanr
    from sklearn.metrics import roc_auc_score

    started = time.time()
    report = mtqa.check_files([write_sample(records, folder, pair, target_only)], config=config)
    seconds = time.time() - started
    segments = report.documents[0].segments
    gold: list[bool] = []
    pred: list[bool] = []
    probs: list[float] = []
    severities: list[str | None] = []
    by_code: dict[str, list[int]] = {}
    for record, segment in zip(records, segments):
        tokens = tag_spans(record["mt"])
        assert segment.text == record["mt"] and len(tokens) == len(record["mt_word_tags"])
        gold += [t == "BAD" for t in record["mt_word_tags"]]
        pred += flags_of(segment, tokens)
        probs += p_bad_of(segment, tokens)
        severities += token_severity(segment.findings, tokens)
        for finding in segment.findings:
            if finding.start is None:
                continue
            for (start, end), tag in zip(tokens, record["mt_word_tags"]):
                if finding.start < end and start < finding.end:
                    by_code.setdefault(f"{finding.code}/{finding.severity.value}", []).append(tag == "BAD")
    if dump is not None:
        _dump_words(dump, records, segments)
    g, p = np.array(gold), np.array(pred)
    human = np.array([r["da"] if r.get("da") is not None else r["mqm_z"] for r in records], dtype=float)
    fluency = np.array([s.fluency if s.fluency is not None else np.nan for s in segments], dtype=float)
    known = np.isfinite(fluency)
    calibration = expected_calibration_error(gold, probs)
    return {
        "segments": len(records),
        "words": len(gold),
        "bad_rate": round(float(g.mean()), 4),
        "word_mcc": mcc(gold, pred),
        "precision_bad": float((g & p).sum() / max(1, p.sum())),
        "recall_bad": float((g & p).sum() / max(1, g.sum())),
        "auc_p_bad": float(roc_auc_score(g, probs)),
        "ece_p_bad": calibration["ece"],
        "reliability": calibration["bins"],
        "precision_by_severity": precision_by_severity(gold, severities),
        "fluency_pearson": float(pearsonr(fluency[known], human[known])[0]),
        "fluency_spearman": float(spearmanr(fluency[known], human[known])[0]),
        "document_fluency": report.documents[0].fluency,
        "seconds": seconds,
        "precision_by_code": {code: [len(v), round(float(np.mean(v)), 3)] for code, v in sorted(by_code.items())},
    }


def pairwise(pair: str, records: list[dict], config: Config, folder: Path, target_only: bool) -> dict[str, float]:
    """Does fluency rank the human post-edit above its faulty MT? Same tokenization on both sides."""
    chosen = [r for r in records if r.get("pe") and (r.get("hter") or 0.0) >= PAIRWISE_MIN_HTER]
    if not chosen:
        return {}
    edited = [dict(r, mt=r["pe"]) for r in chosen]
    fluencies = []
    for name, sample in ((f"{pair}-mt", chosen), (f"{pair}-pe", edited)):
        report = mtqa.check_files([write_sample(sample, folder, name, target_only)], config=config)
        fluencies.append([s.fluency for s in report.documents[0].segments])
    return pairwise_accuracy(fluencies[0], fluencies[1])


def correction_figures(
    pair: str, records: list[dict], config: Config, folder: Path, target_only: bool, dump: Path | None = None
) -> dict[str, float]:
    """Checks the sample with suggestions on; see correction_metrics for what is counted."""
    if not any(r.get("pe") for r in records):
        return {}
    mode = "target" if target_only else "source"
    started = time.time()
    report = mtqa.check_files([write_sample(records, folder, f"{pair}-corr", target_only)], config=config)
    seconds = time.time() - started
    rows = [
        row for record, segment in zip(records, report.documents[0].segments) for row in flagged_rows(record, segment, pair, mode)
    ]
    if dump is not None:
        write_rows(dump, rows)
    return dict(figures(rows, count_substitutions(records), fix_default()), seconds=seconds)


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def _row(pair: str, mode: str, r: dict) -> str:
    bands = r["precision_by_severity"]
    cells = " | ".join(f"{bands[b][1]:.2f} ({int(bands[b][0])})" if bands[b][0] else "–" for b in ("error", "warning"))
    pairwise_cell = f"{r['pairwise']['accuracy']:.2f}" if r.get("pairwise") else "–"
    return (
        f"| {pair} | {mode} | {r['word_mcc']:.3f} | {r['precision_bad']:.2f} | {r['recall_bad']:.2f} | {r['auc_p_bad']:.3f} "
        f"| {r['ece_p_bad']:.3f} | {cells} | {r['fluency_pearson']:.3f} | {pairwise_cell} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", nargs="*", default=list(PAIRS))
    parser.add_argument("--modes", nargs="*", choices=MODES, default=list(MODES), help="with the source, without, or both")
    parser.add_argument("--limit", type=int, default=None, help="segments per pair (random, seed 0)")
    parser.add_argument("--correction-sample", type=int, default=100, help="segments per pair checked with suggestions")
    parser.add_argument("--split", choices=("dev", "train"), default="dev", help="train: to fit suggestion confidence")
    parser.add_argument("--dump-suggestions", type=Path, default=None, help="folder for flagged words' suggestions")
    parser.add_argument("--raw-confidence", action="store_true", help="suggestions keep their softmax shares (for fitting)")
    parser.add_argument("--corrections-only", action="store_true", help="only the correction figures (skip detection)")
    parser.add_argument("--pairwise", action="store_true", help="also score post-edits: fluency(pe) > fluency(mt)?")
    parser.add_argument("--no-cache", action="store_true", help="measure the model cold, not the score cache")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--dump-words", type=Path, default=None, help="folder for per-token P(BAD), gold and findings")
    parser.add_argument("--model", default="gemma3-270m")
    parser.add_argument("--dtype", choices=("auto", "fp32", "bf16"), default="auto", help="compare bf16 with fp32 quality")
    args = parser.parse_args()
    # Each pair names its languages, as a PO or XLIFF file would.
    for folder_arg in (args.dump_words, args.dump_suggestions):
        if folder_arg:
            folder_arg.mkdir(parents=True, exist_ok=True)
    if args.raw_confidence:
        use_raw_shares()
    base = Config(model=args.model, dtype=args.dtype, cache=not args.no_cache)
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for pair in args.pairs:
            path = BENCH / f"{pair}.{args.split}.jsonl"
            if not path.exists():
                continue
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            if args.limit:
                records = sorted(random.Random(0).sample(records, min(args.limit, len(records))), key=lambda r: r["id"])
            source, target = pair.split("-")
            for mode in args.modes:
                target_only = mode == "target"
                config = base.with_overrides(lang=target, source_lang=None if target_only else source)
                quiet = config.with_overrides(suggest=False)
                dump = args.dump_words / f"{pair}.{mode}.jsonl" if args.dump_words else None
                row: dict = {} if args.corrections_only else evaluate(pair, records, quiet, folder, target_only, dump)
                if args.pairwise and not args.corrections_only:
                    row["pairwise"] = pairwise(pair, records, quiet, folder, target_only)
                if args.correction_sample:
                    sample = random.Random(1).sample(records, min(args.correction_sample, len(records)))
                    dump_to = args.dump_suggestions / f"{pair}.{args.split}.{mode}.jsonl" if args.dump_suggestions else None
                    row["corrections"] = correction_figures(pair, sample, config, folder, target_only, dump_to)
                results.setdefault(pair, {})[mode] = row
                print(pair, mode, json.dumps({k: v for k, v in row.items() if k != "reliability"}), flush=True)
    payload = {"commit": _commit(), "split": args.split, "limit": args.limit, "cache": not args.no_cache, "results": results}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    if args.corrections_only:
        return
    print(f"commit {payload['commit']}")
    print("| pair | input | word MCC | P(BAD) | R(BAD) | AUC | ECE | error prec. (n) | warning prec. (n) | fluency r | pe > mt |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for pair, modes in results.items():
        for mode, r in modes.items():
            print(_row(pair, mode, r))


if __name__ == "__main__":
    main()
