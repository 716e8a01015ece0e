"""The scorer's numbers against a plain full-softmax reference, on a tiny random model."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from conftest import TINY_LAYERS

from mtqa.lm.base import Continuation, ScoreRequest
from mtqa.lm.prompt import source_prompt
from mtqa.lm.transformers_scorer import TransformersScorer
from mtqa.text.segment import word_spans

TEXT = "Trump and Putin spoke for translators with their foreign ministers present."


def reference_token_logprobs(model, tokenizer, prefix_ids: list[int], ids: list[int]) -> np.ndarray:  # type: ignore[no-untyped-def]
    with torch.no_grad():
        logits = model(torch.tensor([prefix_ids + ids])).logits[0]
    logp = torch.log_softmax(logits.float(), dim=-1)
    start = len(prefix_ids)
    return np.array([logp[start + i - 1, ids[i]].item() for i in range(len(ids))])


def reference_continuation(model, tokenizer, prompt_ids: list[int], item: Continuation) -> float:  # type: ignore[no-untyped-def]
    """The log-prob of the item's text after prompt and prefix, from one unpadded full pass."""
    context = tokenizer(item.prefix, add_special_tokens=False)["input_ids"]
    rest = tokenizer(item.prefix + item.text, add_special_tokens=False)["input_ids"][len(context) :]
    return float(reference_token_logprobs(model, tokenizer, prompt_ids + context, rest).sum())


def test_target_pass_matches_full_softmax(tiny_model, tiny_scorer) -> None:
    model, tokenizer = tiny_model
    ids = tokenizer(TEXT, add_special_tokens=False)["input_ids"]
    expected = -reference_token_logprobs(model, tokenizer, [tokenizer.bos_token_id], ids)
    (result,) = tiny_scorer.score([ScoreRequest(TEXT, word_spans(TEXT))])
    assert np.allclose(result.target.token_surprisals, expected, atol=1e-4)
    assert result.conditioned is None
    assert len(result.target.words) == len(word_spans(TEXT))


def test_conditioned_pass_uses_the_prompt(tiny_model, tiny_scorer) -> None:
    model, tokenizer = tiny_model
    source = "Trump și Putin au vorbit."
    prompt = [tokenizer.bos_token_id] + tokenizer(source_prompt(source, "ro", "en"), add_special_tokens=False)["input_ids"]
    ids = tokenizer(TEXT, add_special_tokens=False)["input_ids"]
    expected = -reference_token_logprobs(model, tokenizer, prompt, ids)
    (result,) = tiny_scorer.score([ScoreRequest(TEXT, word_spans(TEXT), source=source, source_lang="ro")])
    assert result.conditioned is not None
    assert np.allclose(result.conditioned.token_surprisals, expected, atol=1e-4)
    assert not np.allclose(result.conditioned.token_surprisals, result.target.token_surprisals)


def test_word_scores_aggregate_their_tokens(tiny_model, tiny_scorer) -> None:
    (result,) = tiny_scorer.score([ScoreRequest(TEXT, word_spans(TEXT))])
    total_words = sum(w.surprisal for w in result.target.words)
    # Every token but the final period belongs to a word.
    assert total_words == pytest.approx(sum(result.target.token_surprisals[:-1]), rel=1e-4)
    for word in result.target.words:
        assert word.n_tokens >= 1
        assert word.surprisal_max <= word.surprisal + 1e-6
        assert len(word.alternatives) == 8
        assert all(lp <= 0 for _, lp in word.alternatives)


def test_batching_does_not_change_scores(tiny_scorer) -> None:
    texts = [TEXT, "Short one.", "The reporters were then initiated and the meeting continued after a while."]
    together = tiny_scorer.score([ScoreRequest(t, word_spans(t)) for t in texts])
    for text, batched in zip(texts, together):
        (alone,) = tiny_scorer.score([ScoreRequest(text, word_spans(text))])
        assert np.allclose(alone.target.token_surprisals, batched.target.token_surprisals, atol=1e-4)


def test_long_segments_are_windowed_not_resplit(tiny_scorer, monkeypatch) -> None:
    import mtqa.lm.alignment as module

    monkeypatch.setattr(module, "WINDOW_TOKENS", 16)
    monkeypatch.setattr(module, "WINDOW_OVERLAP", 4)
    text = " ".join([TEXT] * 6)
    (result,) = tiny_scorer.score([ScoreRequest(text, word_spans(text))])
    assert len(result.target.words) == len(word_spans(text))
    assert all(math.isfinite(s) for s in result.target.token_surprisals)


def test_continuations_prefer_the_model_choice(tiny_model, tiny_scorer) -> None:
    model, tokenizer = tiny_model
    prefix = "Trump and Putin"
    items = [Continuation(prefix, " spoke"), Continuation(prefix, " spoke for")]
    first, longer = tiny_scorer.score_continuations(items)
    assert longer < first  # one more token can only lower the total log-prob
    ids = tokenizer(prefix + " spoke", add_special_tokens=False)["input_ids"]
    reference = reference_token_logprobs(model, tokenizer, [tokenizer.bos_token_id], ids)
    n_prefix = len(tokenizer(prefix, add_special_tokens=False)["input_ids"])
    assert first == pytest.approx(float(reference[n_prefix:].sum()), abs=1e-3)


def test_continuations_sharing_a_prefix_match_full_sequences(tiny_model, tiny_scorer) -> None:
    """Candidates of one word share the prefix's cache; each total must still equal the
    log-prob of its own full sequence, across groups, lengths and a source prompt."""
    model, tokenizer = tiny_model
    source = "Trump și Putin au vorbit."
    items = [
        Continuation("Trump and Putin", " spoke for translators"),
        Continuation("Trump and Putin", " met"),
        Continuation("Trump and Putin", " spoke with their foreign ministers"),
        Continuation("The cat sat", " on the mat."),
        Continuation("Trump and Putin", " met", source=source, source_lang="ro"),
    ]
    totals = tiny_scorer.score_continuations(items)
    bos = [tokenizer.bos_token_id]
    for item, total in zip(items, totals):
        prefix = bos
        if item.source:
            prefix = bos + tokenizer(source_prompt(item.source, "ro", "en"), add_special_tokens=False)["input_ids"]
        assert total == pytest.approx(reference_continuation(model, tokenizer, prefix, item), abs=1e-3)
    assert totals[1] != pytest.approx(totals[4], abs=1e-3)  # the source changes the numbers


def test_continuations_respect_a_sliding_window(tiny_model) -> None:
    """Gemma's local layers measure their window in cache positions, padding included. Words
    batched together must still score as their own unpadded sequences, short prefixes that fit
    the window and long ones that cross it alike."""
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    _, tokenizer = tiny_model
    torch.manual_seed(0)
    config = Gemma3TextConfig(
        vocab_size=len(tokenizer),
        **TINY_LAYERS,
        num_key_value_heads=1,
        head_dim=8,
        sliding_window=12,
        layer_types=["sliding_attention", "full_attention"],
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = Gemma3ForCausalLM(config).eval()
    scorer = TransformersScorer(model, tokenizer, "tiny-gemma", dtype="fp32")
    long_prefix = "Trump and Putin spoke for translators with their foreign ministers present and"
    items = [
        Continuation("Trump", " met"),
        Continuation("Trump", " spoke for"),
        Continuation("The cat", " sat on"),
        Continuation(long_prefix, " the meeting went on"),
        Continuation(long_prefix, " they"),
    ]
    totals = scorer.score_continuations(items)
    bos = [tokenizer.bos_token_id]
    for item, total in zip(items, totals):
        assert total == pytest.approx(reference_continuation(model, tokenizer, bos, item), abs=1e-3)


def test_slow_tokenizer_is_refused(tiny_model) -> None:
    from mtqa.errors import ModelError

    model, _tokenizer = tiny_model

    class Slow:
        is_fast = False

    with pytest.raises(ModelError):
        TransformersScorer(model, Slow(), "x")
