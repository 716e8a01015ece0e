"""Speed of mtqa against the raw model, measured in one run on the same machine and text.

Reports medians of ``--repeats`` runs:
- raw forward throughput: the model's own forward pass (``model(ids).logits`` + log-softmax, as
  anyone would call it) with the scorer's batch shapes, in target tokens per second: once over
  the target alone, once over the target behind the source prompt as well (both passes);
- the scoring stage (reading, segmenting, forward passes, features, head, checks; no
  corrections) through ``Engine.check`` on the same text, target-only and source-conditioned,
  and its ratio to the raw forward;
- corrections, separately, as seconds per word that gets suggestions;
- the seed through the CLI: cold (empty model cache: GGUF conversion included), warm (model
  ready, score cache off), re-checked (score cache warm), and ``mtqa --help``; peak RSS;
- scaling: 1×, 10× and 100× the seed, seconds per segment;
- a 1,000-segment bench file with sources: first check and re-check (empty, then warm score
  cache), and their ratio;
- with ``--with-10k`` (or alone with ``--only-10k``), 1,000 and 10,000 bench rows with the
  score cache off, to show time growing linearly.

    python benchmarks/speed.py [--repeats 3] [--skip-cold] [--skip-scaling] [--with-10k | --only-10k]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_3f0d0fdb232e6503.txt"
BENCH = ROOT.parent / "shared" / "bench"
SOURCED = BENCH / "ro-en.dev.jsonl"
SOURCED_SEGMENTS = 60
QUICK = ["--no-reports", "--no-suggest", "--lang", "en", "--source-lang", "ro"]
"""Scaling runs: no files written, no corrections, languages given (nothing detected)."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    code: int


_PEAK_RSS_REPORTER = """
import atexit, os, runpy, sys

def report():
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["MTQA_BENCH_RSS_FILE"], "w", encoding="ascii") as out:
        out.write(peak)

atexit.register(report)
sys.argv = ["mtqa", *sys.argv[1:]]
runpy.run_module("mtqa", run_name="__main__")
"""


def _descendant_peaks_kb(pid: int, seen: dict[int, int]) -> None:
    """Record the VmHWM of every process below ``pid`` (the tokenizer process), as last seen."""
    try:
        listings = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for task in listings:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found = [int(c) for c in children.read().split()]
        except OSError:
            continue
        for child in found:
            try:
                with open(f"/proc/{child}/status", encoding="ascii") as status:
                    peak = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
            except OSError:
                continue
            seen[child] = max(seen.get(child, 0), peak)
            _descendant_peaks_kb(child, seen)


def run_cli(args: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """One CLI run in a fresh process, with its wall time and its peak RSS.

    The peak is the CLI process's VmHWM, read as it exits, plus the VmHWM of each process it
    starts (the tokenizer process), sampled every 50 ms while they run: the sum bounds what
    they held at once. wait4's ru_maxrss would not do: Linux carries the high-water mark
    across exec, so a child forked from a process that holds the model reports that
    process's peak instead of its own (it said 1.1 GB for the 0.38 GB tokenizer process).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss", encoding="ascii") as rss:
        child_env = {**(env or os.environ), "MTQA_BENCH_RSS_FILE": rss.name}
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _PEAK_RSS_REPORTER, *args],
            cwd=ROOT,
            env=child_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        helpers: dict[int, int] = {}
        while process.poll() is None:
            _descendant_peaks_kb(process.pid, helpers)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        peak_kb = float(rss.read() or "nan") + sum(helpers.values())
    return Run(seconds, peak_kb / 1024, process.returncode)


@contextlib.contextmanager
def fresh_score_cache() -> Iterator[dict[str, str]]:
    """An environment whose score cache starts empty, sharing the converted model and the
    frequency index with the user's cache so that nothing but scores is computed again."""
    from mtqa.storage.cache_root import cache_root

    real = cache_root()
    with tempfile.TemporaryDirectory() as folder:
        for shared in ("models", "lexicon"):
            if (real / shared).exists():
                (Path(folder) / shared).symlink_to(real / shared)
        yield {**os.environ, "MTQA_CACHE_DIR": folder, "MTQA_CACHE": "true"}


def cli_supports(flag: str) -> bool:
    done = subprocess.run([sys.executable, "-m", "mtqa", "check", "--help"], cwd=ROOT, capture_output=True, text=True)
    return flag in done.stdout


def sourced_records(limit: int) -> list[dict]:
    lines = SOURCED.read_text(encoding="utf-8").splitlines()[:limit]
    return [{"src": r["src"], "mt": r["mt"], "id": r["id"]} for r in map(json.loads, lines)]


def documents(folder: Path, target_only: bool):  # type: ignore[no-untyped-def]
    from mtqa.readers import read_document

    if target_only:
        return [read_document(SEED)]
    path = folder / "sourced.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in sourced_records(SOURCED_SEGMENTS)]
    path.write_text("".join(lines), encoding="utf-8")
    return [read_document(path)]


def raw_forward(scorer, sequences: list[list[int]]) -> float:  # type: ignore[no-untyped-def]
    """Seconds for plain ``model(input_ids).logits`` + log-softmax over ``sequences``, batched
    as the scorer batches (length-sorted, same token budget), with the scorer's dtype."""
    import torch

    from mtqa.lm.transformers_scorer import MAX_BATCH_SIZE, MAX_BATCH_TOKENS

    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    batches: list[list[int]] = []
    for index in order:
        width = len(sequences[index])
        if batches and (len(batches[-1]) + 1) * width <= MAX_BATCH_TOKENS and len(batches[-1]) < MAX_BATCH_SIZE:
            batches[-1].append(index)
        else:
            batches.append([index])
    started = time.perf_counter()
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=scorer._bf16):
        for batch in batches:
            width = max(len(sequences[i]) for i in batch)
            ids = torch.full((len(batch), width), scorer._pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                ids[row, : len(sequences[i])] = torch.tensor(sequences[i])
                mask[row, : len(sequences[i])] = 1
            logits = scorer._model(input_ids=ids, attention_mask=mask).logits
            torch.log_softmax(logits.float(), dim=-1)
    return time.perf_counter() - started


def raw_sequences(scorer, docs, sourced: bool) -> tuple[list[list[int]], int]:  # type: ignore[no-untyped-def]
    """The token sequences the scorer's passes run over, and the number of target tokens."""
    from mtqa.lm.prompt import source_prompt

    sequences = []
    targets = 0
    for doc in docs:
        for segment in doc.segments:
            ids = scorer._tokenize(segment.text)
            targets += len(ids)
            sequences.append(scorer._bos + ids)
            if sourced and segment.source:
                prompt = scorer._tokenize(source_prompt(segment.source, "ro", "en"))
                sequences.append(scorer._bos + prompt + ids)
    return sequences, targets


def scoring_stage(scorer, docs, suggest: bool) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Seconds for ``Engine.check`` (score cache off), and words that got suggestions."""
    from mtqa.config.model import Config
    from mtqa.pipeline.engine import Engine

    config = Config(lang="en", source_lang="ro", suggest=suggest, dtype="auto")
    engine = Engine(config, scorer=scorer)
    started = time.perf_counter()
    report = engine.check(docs)
    seconds = time.perf_counter() - started
    corrected = sum(1 for d in report.documents for s in d.segments for f in s.findings if f.suggestions)
    return seconds, corrected


def write_repeated(folder: Path, times: int) -> Path:
    """The seed ``times`` over, as separate paragraphs, so segment count scales exactly."""
    text = SEED.read_text(encoding="utf-8").strip() + "\n\n"
    path = folder / f"seed-x{times}.txt"
    path.write_text(text * times, encoding="utf-8")
    return path


def write_bench_10k(folder: Path) -> Path:
    """10,000 ro-en rows with sources: the bench's 8,000 (train, then dev), then its first
    2,000 again. Checked with the score cache off, a repeated row costs what a new one does."""
    lines = [
        line
        for split in ("train", "dev")
        for line in (BENCH / f"ro-en.{split}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    path = folder / "ro-en-10000.jsonl"
    path.write_text("\n".join((lines + lines)[:10_000]) + "\n", encoding="utf-8")
    return path


def ten_thousand_rows(folder: Path, quick: Sequence[str]) -> list[tuple[str, str]]:
    """Scaling at 1k and 10k bench rows, both with the score cache off, in one sitting."""
    rows = []
    runs = {
        count: run_cli(["check", str(path), *quick, "--no-cache"])
        for count, path in ((1_000, write_bench(folder, 1000)), (10_000, write_bench_10k(folder)))
    }
    for count, run in runs.items():
        label = f"{count:,} ro-en bench rows with source, --no-cache, s (s per segment), peak RSS MB"
        rows.append((label, f"{run.seconds:.1f} ({run.seconds / count:.3f}), {run.peak_rss_mb:.0f}"))
    rows.append(("10k / 1k time ratio", f"{runs[10_000].seconds / runs[1_000].seconds:.1f}"))
    return rows


def write_bench(folder: Path, count: int) -> Path:
    path = folder / f"ro-en-{count}.jsonl"
    lines = SOURCED.read_text(encoding="utf-8").splitlines()[:count]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--model", default="gemma3-270m")
    parser.add_argument("--with-10k", action="store_true", help="add 1k and 10k bench rows, cache off (~35 min)")
    parser.add_argument("--only-10k", action="store_true", help="measure only the 1k and 10k bench rows")
    args = parser.parse_args()
    if args.only_10k:
        with tempfile.TemporaryDirectory() as scratch:
            rows = ten_thousand_rows(Path(scratch), QUICK)
        print_rows(rows, args.repeats)
        return

    from mtqa.lm.transformers_scorer import TransformersScorer

    scorer = TransformersScorer.load(args.model)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        plain = documents(folder, target_only=True)
        sourced = documents(folder, target_only=False)
        scoring_stage(scorer, plain, suggest=False)  # warm-up: lexicons, kernels
        for name, docs, is_sourced in (("target-only", plain, False), ("source-conditioned", sourced, True)):
            sequences, targets = raw_sequences(scorer, docs, is_sourced)
            raw = statistics.median(targets / raw_forward(scorer, sequences) for _ in range(args.repeats))
            stage = statistics.median(targets / scoring_stage(scorer, docs, suggest=False)[0] for _ in range(args.repeats))
            segments = sum(len(d.segments) for d in docs)
            rows.append((f"raw forward, {name} ({segments} segments, {targets} target tokens), target tokens/s", f"{raw:.0f}"))
            rows.append((f"mtqa scoring stage, {name}, target tokens/s", f"{stage:.0f} ({stage / raw:.2f}× raw)"))
        base, _ = scoring_stage(scorer, plain, suggest=False)
        with_suggestions, corrected = scoring_stage(scorer, plain, suggest=True)
        per_word = (with_suggestions - base) / max(1, corrected)
        rows.append(("corrections on the seed, s per word with suggestions", f"{per_word:.2f} ({corrected} words)"))
        del scorer

        no_cache = ["--no-cache"] if cli_supports("--no-cache") else []
        seed = str(SEED.relative_to(ROOT))
        check = ["check", seed, "--no-reports"]
        if not args.skip_cold:
            with tempfile.TemporaryDirectory() as cache:
                cold = run_cli([*check, *no_cache], {**os.environ, "MTQA_CACHE_DIR": cache})
            rows.append(("seed check, cold (empty model cache: GGUF conversion included), s", f"{cold.seconds:.1f}"))
        warm_runs = [run_cli([*check, *no_cache]) for _ in range(args.repeats)]
        warm = statistics.median(r.seconds for r in warm_runs)
        rows.append(("seed check, warm (model ready, score cache off), s", f"{warm:.1f}"))
        rows.append(("seed check, warm, peak RSS, MB", f"{max(r.peak_rss_mb for r in warm_runs):.0f}"))
        if no_cache:
            with fresh_score_cache() as env:
                run_cli(check, env)  # fills the score cache
                again = statistics.median(run_cli(check, env).seconds for _ in range(args.repeats))
            rows.append(("seed re-check (score cache warm), s", f"{again:.2f}"))
        help_time = statistics.median(run_cli(["--help"]).seconds for _ in range(args.repeats))
        rows.append(("`mtqa --help`, s", f"{help_time:.2f}"))

        if not args.skip_scaling:
            quick = QUICK
            for times in (1, 10, 100):
                path = write_repeated(folder, times)
                repeats = args.repeats if times < 100 else 1
                seconds = statistics.median(run_cli(["check", str(path), *quick, *no_cache]).seconds for _ in range(repeats))
                segments = 19 * times
                label = f"seed ×{times} ({segments} segments, target-only), s (s per segment)"
                rows.append((label, f"{seconds:.1f} ({seconds / segments:.3f})"))
            bench = write_bench(folder, 1000)
            with fresh_score_cache() as env:
                first = run_cli(["check", str(bench), *quick], env)
                again = statistics.median(run_cli(["check", str(bench), *quick], env).seconds for _ in range(args.repeats))
            label = "1,000 bench segments with source, first check (both passes), s (s per segment)"
            rows.append((label, f"{first.seconds:.1f} ({first.seconds / 1000:.3f})"))
            rows.append(("1,000 bench segments, re-check (score cache), s", f"{again:.2f}"))
            rows.append(("re-check speed-up", f"{first.seconds / again:.0f}×"))
            rows.append(("1,000 bench segments, first check, peak RSS, MB", f"{first.peak_rss_mb:.0f}"))
            if args.with_10k:
                rows += ten_thousand_rows(folder, quick)

    print_rows(rows, args.repeats)


def print_rows(rows: Sequence[tuple[str, str]], repeats: int) -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {repeats} runs where repeated")
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
