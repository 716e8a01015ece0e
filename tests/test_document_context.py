"""Document context: the preceding segments of running text as the target pass's left context."""

from __future__ import annotations

import numpy as np
import pytest
from test_lm import reference_token_logprobs

from mtqa.config.keys import KEYS_BY_NAME, Invalid
from mtqa.config.model import Config
from mtqa.lm.base import ScoreRequest
from mtqa.lm.codec import request_key
from mtqa.pipeline.plan import DocumentContext, plan, prepare
from mtqa.readers.text import segments_from_text
from mtqa.text.segment import word_spans
from mtqa.types import Document

TEXT = "Putin met Trump in Hamburg."
CONTEXT = "Vladimir Putin arrived on Friday.\nThe talks lasted two hours."


def test_the_target_pass_reads_the_context_first(tiny_model, tiny_scorer) -> None:
    model, tokenizer = tiny_model
    prefix = [tokenizer.bos_token_id] + tokenizer(CONTEXT + "\n", add_special_tokens=False)["input_ids"]
    ids = tokenizer(TEXT, add_special_tokens=False)["input_ids"]
    expected = -reference_token_logprobs(model, tokenizer, prefix, ids)
    (alone,) = tiny_scorer.score([ScoreRequest(TEXT, word_spans(TEXT))])
    (result,) = tiny_scorer.score([ScoreRequest(TEXT, word_spans(TEXT), context=CONTEXT)])
    assert np.allclose(result.target.token_surprisals, expected, atol=1e-4)
    assert len(result.target.words) == len(word_spans(TEXT))
    assert not np.allclose(result.target.token_surprisals, alone.target.token_surprisals)


def test_the_conditioned_pass_keeps_its_prompt(tiny_scorer) -> None:
    request = ScoreRequest(TEXT, word_spans(TEXT), source="Putin l-a întâlnit pe Trump.", source_lang="ro")
    (plain,) = tiny_scorer.score([request])
    (with_context,) = tiny_scorer.score([ScoreRequest(**{**request.__dict__, "context": CONTEXT})])
    assert plain.conditioned is not None and with_context.conditioned is not None
    assert np.allclose(plain.conditioned.token_surprisals, with_context.conditioned.token_surprisals, atol=1e-5)


def test_the_cache_key_names_the_context() -> None:
    alone = ScoreRequest(TEXT, word_spans(TEXT))
    assert request_key("sig", alone) != request_key("sig", ScoreRequest(TEXT, word_spans(TEXT), context=CONTEXT))
    assert request_key("sig", alone) == request_key("sig", ScoreRequest(TEXT, word_spans(TEXT), context=""))


def test_the_budget_keeps_whole_recent_segments() -> None:
    context = DocumentContext(6)
    for text in ("One two three.", "Four five.", "Six seven eight nine."):
        context.add(text, word_spans(text))
    assert context.text() == "Four five.\nSix seven eight nine."
    long = "Ten eleven twelve thirteen fourteen fifteen sixteen."
    context.add(long, word_spans(long))
    assert context.text() == "eleven twelve thirteen fourteen fifteen sixteen."
    off = DocumentContext(0)
    off.add("One two.", word_spans("One two."))
    assert off.text() == ""


def _requests(document: Document, words: int) -> list[ScoreRequest]:
    config = Config(lang="en", context_words=words)
    return [p.request for p in plan([prepare(document, config)], config, True) if p.request]


def test_running_text_gets_the_preceding_sentences() -> None:
    document = segments_from_text("a.txt", "First sentence here.\n\nSecond one follows. Third comes last.\n")
    requests = _requests(document, 50)
    assert [r.context for r in requests] == ["", "First sentence here.", "First sentence here.\nSecond one follows."]
    assert all(not r.context for r in _requests(document, 0))


def test_catalog_strings_are_read_alone() -> None:
    document = segments_from_text("a.txt", "First sentence here.\nSecond one follows.\n")
    catalog = Document("a.po", document.segments, input_format="po")
    assert all(not r.context for r in _requests(catalog, 50))


def test_the_setting_takes_zero_and_refuses_negatives() -> None:
    key = KEYS_BY_NAME["context-words"]
    assert key.parse("0") == 0
    assert key.parse("80") == 80
    with pytest.raises(Invalid):
        key.parse("-1")
