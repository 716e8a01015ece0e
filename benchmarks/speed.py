"""Speed of mtqa against the raw model, measured in one run on the same text.

Reports, as medians of several repeats:
- raw forward throughput: the model's own forward pass (full logits, as anyone would call it)
  over the seed's sentences, batched the same way, in target tokens per second;
- mtqa's scoring pass over the same sentences (target-only, and with a source prompt);
- their ratio;
- the seed checked end to end through the CLI, cold (empty model cache: includes converting the
  GGUF weights) and warm, and `mtqa --help`.

    python benchmarks/speed.py [--repeats 3] [--skip-cold]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_3f0d0fdb232e6503.txt"


def seed_requests():  # type: ignore[no-untyped-def]
    from mtqa.lm.base import ScoreRequest
    from mtqa.readers import read_document
    from mtqa.segment import word_spans

    document = read_document(SEED)
    return [ScoreRequest(s.text, word_spans(s.text)) for s in document.segments]


def raw_forward(scorer, requests) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Plain ``model(input_ids).logits`` with the scorer's batching and dtype."""
    import torch

    model = scorer._model
    tokenizer = scorer._tokenizer
    sequences = [scorer._bos + tokenizer(r.text, add_special_tokens=False)["input_ids"] for r in requests]
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    n_target = sum(len(s) - 1 for s in sequences)
    started = time.perf_counter()
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=scorer._bf16):
        for start in range(0, len(order), 16):
            batch = [sequences[i] for i in order[start : start + 16]]
            width = max(len(s) for s in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, seq in enumerate(batch):
                ids[row, : len(seq)] = torch.tensor(seq)
                mask[row, : len(seq)] = 1
            logits = model(input_ids=ids, attention_mask=mask).logits
            torch.log_softmax(logits.float(), dim=-1)
    return time.perf_counter() - started, n_target


def scoring_pass(scorer, requests) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    results = scorer.score(requests)
    elapsed = time.perf_counter() - started
    return elapsed, sum(len(r.target.token_surprisals) for r in results)


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--model", default="gemma3-270m")
    args = parser.parse_args()

    from mtqa.lm.base import ScoreRequest
    from mtqa.lm.transformers_scorer import TransformersScorer

    scorer = TransformersScorer.load(args.model)
    requests = seed_requests()
    sourced = [ScoreRequest(r.text, r.words, source=r.text, source_lang="fr") for r in requests]
    scoring_pass(scorer, requests[:2])  # warm-up
    rows: dict[str, list[float]] = {"raw": [], "target": [], "source": []}
    tokens = 0
    for _ in range(args.repeats):
        seconds, tokens = raw_forward(scorer, requests)
        rows["raw"].append(tokens / seconds)
        seconds, tokens = scoring_pass(scorer, requests)
        rows["target"].append(tokens / seconds)
        seconds, tokens = scoring_pass(scorer, sourced)
        rows["source"].append(tokens / seconds)
    raw = statistics.median(rows["raw"])
    target = statistics.median(rows["target"])
    source = statistics.median(rows["source"])

    mtqa = [sys.executable, "-m", "mtqa"]
    check = [*mtqa, "check", str(SEED.relative_to(ROOT)), "--no-reports"]
    cold = None
    if not args.skip_cold:
        with tempfile.TemporaryDirectory() as cache:
            cold = timed(check, {**os.environ, "MTQA_CACHE_DIR": cache})
    warm = statistics.median(timed(check) for _ in range(args.repeats))
    help_time = statistics.median(timed([*mtqa, "--help"]) for _ in range(args.repeats))

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"model: {scorer.signature}; seed: {len(requests)} sentences, {tokens} target tokens; median of {args.repeats}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| raw forward (model(...).logits + log_softmax), tokens/s | {raw:.0f} |")
    print(f"| mtqa scoring pass, target-only, tokens/s | {target:.0f} ({target / raw:.2f}× raw) |")
    print(f"| mtqa scoring pass, source-conditioned (both passes), target tokens/s | {source:.0f} ({source / raw:.2f}× raw) |")
    if cold is not None:
        print(f"| seed check, cold (empty cache: GGUF conversion included), s | {cold:.1f} |")
    print(f"| seed check, warm, s | {warm:.1f} |")
    print(f"| `mtqa --help`, s | {help_time:.2f} |")


if __name__ == "__main__":
    main()
