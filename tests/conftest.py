"""Shared fixtures: a tiny random-weight causal LM (no files, seconds to build) for plumbing tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_3f0d0fdb232e6503.txt"
BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(Path(__file__).resolve().parent))
REQUIRE_BENCH = os.environ.get("MTQA_REQUIRE_BENCH") == "1"
"""Set by .ci/run: CI has ../shared, so a test skipped for want of ../shared/bench is a failure there."""

from mtqa.lexicon.frequency_index import index_path  # noqa: E402  (after the path set-up above)

WORDFREQ_INDEX = index_path()
"""Where the session's tests find wordfreq's tables, fixed before any test moves MTQA_CACHE_DIR."""


TINY_LAYERS = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4}
"""The tiny models' size, whatever their architecture: fast enough for plumbing tests."""


def build_tiny_model():  # type: ignore[no-untyped-def]
    """A 2-layer Llama with random weights and a BPE tokenizer trained on the seed text."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    extra = ["Translate from Romanian to English.", "Romanian: English:", "The cat sat on the mat."]
    corpus = [*SEED.read_text(encoding="utf-8").splitlines(), *extra]
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600, special_tokens=["<pad>", "<s>", "</s>", "<unk>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tokenizer.train_from_iterator(corpus, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=fast.vocab_size,
        **TINY_LAYERS,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id,
        pad_token_id=fast.pad_token_id,
    )
    model = LlamaForCausalLM(config).eval()
    return model, fast


@pytest.fixture(autouse=True)
def _shared_wordfreq_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that move MTQA_CACHE_DIR to a temporary folder would each copy wordfreq's tables
    anew (about 12 s); the index depends only on wordfreq's version, so they all share the
    machine's own."""
    monkeypatch.setenv("MTQA_WORDFREQ_INDEX", str(WORDFREQ_INDEX))


@pytest.fixture(autouse=True)
def _private_score_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests score afresh and never touch the user's score cache: MTQA_CACHE=false reaches
    ``mtqa`` subprocesses (the real-model tests measure the model, not the cache), and the
    Python API, whose Config() ignores the environment, gets a private cache file.
    Cache tests turn it back on with their own MTQA_CACHE_DIR."""
    import mtqa.lm.cache

    folder = tmp_path_factory.mktemp("score-cache")
    monkeypatch.setenv("MTQA_CACHE", "false")
    monkeypatch.setattr(mtqa.lm.cache, "default_path", lambda: folder / "scores.sqlite3")


@pytest.fixture(scope="session")
def tiny_model():  # type: ignore[no-untyped-def]
    return build_tiny_model()


@pytest.fixture(scope="session")
def tiny_scorer(tiny_model):  # type: ignore[no-untyped-def]
    from mtqa.lm.transformers_scorer import TransformersScorer

    model, tokenizer = tiny_model
    return TransformersScorer(model, tokenizer, "tiny-random", dtype="fp32")


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The tiny model saved as a local folder, to exercise ``--model PATH`` end to end."""
    model, tokenizer = tiny_model
    folder = tmp_path_factory.mktemp("tiny-model")
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def pytest_sessionstart(session: pytest.Session) -> None:
    if REQUIRE_BENCH and not (BENCH / "ro-en.dev.jsonl").exists():
        raise pytest.UsageError(f"MTQA_REQUIRE_BENCH=1 but {BENCH / 'ro-en.dev.jsonl'} is missing")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under MTQA_REQUIRE_BENCH=1, a skip whose reason names ../shared/bench fails the test instead."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_BENCH and report.skipped and "shared/bench" in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"skipped under MTQA_REQUIRE_BENCH=1: {report.longrepr}"
