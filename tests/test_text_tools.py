"""Detokenization, segmentation and candidate generation: the pieces around the model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtqa.correct import CorrectionRequest, candidates
from mtqa.detok import detokenize
from mtqa.segment import split_sentences, whitespace_spans, word_spans


def test_detokenize_keeps_every_token() -> None:
    text = 'Trump , a Republican who said " hello " ( really ) , paid 50 % .'
    spans = whitespace_spans(text)
    natural, mapped = detokenize(text, spans)
    assert natural == 'Trump, a Republican who said "hello" (really), paid 50%.'
    assert [natural[s.start : s.end] for s in mapped] == text.split()


@given(st.lists(st.sampled_from(["a", "word", ",", ".", '"', "(", ")", "'s", "%", "$", "n't"]), max_size=30))
def test_detokenize_round_trips_tokens(tokens: list[str]) -> None:
    text = " ".join(tokens)
    natural, mapped = detokenize(text, whitespace_spans(text))
    assert [natural[s.start : s.end] for s in mapped] == tokens


def test_words_skip_punctuation_and_keep_inner_marks() -> None:
    text = "Trump’s non-interference, 2016 — “honor”."
    assert [text[s.start : s.end] for s in word_spans(text)] == ["Trump’s", "non-interference", "2016", "honor"]


def test_cjk_characters_are_words() -> None:
    text = "我们 like 北京"
    assert [text[s.start : s.end] for s in word_spans(text)] == ["我", "们", "like", "北", "京"]


def test_sentences_are_trimmed_spans() -> None:
    text = "  He left. She stayed!  "
    assert [text[s.start : s.end] for s in split_sentences(text)] == ["He left.", "She stayed!"]


def test_spelling_candidates_include_the_stem_family() -> None:
    text = "They agreed to focus on improving relations rather than Litiger the past."
    start = text.index("Litiger")
    request = CorrectionRequest(text, start, start + 7, None, None, None, "en", min_similarity=0.6)
    found = [c.lower() for c in candidates(request)]
    assert any(c.startswith("litigat") for c in found)
    assert all(c != "litiger" for c in found)
