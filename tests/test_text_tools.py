"""Detokenization, segmentation and candidate generation: the pieces around the model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtqa.corrections.candidates import CorrectionRequest, candidates
from mtqa.text.detok import detokenize
from mtqa.text.segment import split_sentences, whitespace_spans, word_spans
from mtqa.types import Span


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


def test_chinese_is_segmented_into_words_not_characters() -> None:
    text = "我们 like 北京"
    assert [text[s.start : s.end] for s in word_spans(text, lang="zh")] == ["我们", "like", "北京"]


def test_thai_without_a_segmenter_counts_characters() -> None:
    text = "ไทย ok"
    assert [text[s.start : s.end] for s in word_spans(text)] == ["ไ", "ท", "ย", "ok"]


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


# --------------------------------------------------------------------------- segmenter properties

_SEGMENTER_PIECES = st.sampled_from(
    ["Mr. ", "e.g. ", ". ", "! ", "?", "word", "don't", "well-known", " ", "\n", "\u2028", "日本語。", "…", "\u200b",
     "\u202e", "1.5", "»", '"', "A.", "\t", "\x00", "\u0301", "_", "’", "‐"]
)  # fmt: skip
_SEGMENTER_TEXT = st.lists(st.one_of(_SEGMENTER_PIECES, st.text(max_size=4)), max_size=30).map("".join)


@given(_SEGMENTER_TEXT, st.sampled_from(["en", "fr", "ja", "xx", ""]))
def test_property_sentences_cover_every_character_once(text: str, lang: str) -> None:
    """Any text, any language code: sentence spans are in order, trimmed, never empty, and
    every non-space character is in exactly one of them."""
    covered: list[int] = []
    previous = 0
    for span in split_sentences(text, lang):
        assert previous <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        covered += range(span.start, span.end)
        previous = span.end
    assert {i for i, char in enumerate(text) if not char.isspace()} <= set(covered)


@given(_SEGMENTER_TEXT, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=8))
def test_property_word_spans_slice_to_words_outside_exclusions(text: str, raw: list[tuple[int, int]]) -> None:
    """Word spans are ordered, disjoint, in bounds, slice to a word with a letter or digit, and
    none overlaps an excluded span; the same words as testing every exclusion one by one."""
    excluded = tuple(Span(start, start + width) for start, width in raw)
    spans = word_spans(text, excluded)
    previous = 0
    for span in spans:
        assert previous <= span.start < span.end <= len(text)
        assert any(char.isalnum() for char in text[span.start : span.end])
        assert not any(span.start < e.end and e.start < span.end for e in excluded)
        previous = span.end
    assert list(spans) == _word_spans_one_by_one(text, excluded)


def _word_spans_one_by_one(text: str, excluded: tuple[Span, ...]) -> list[Span]:
    """word_spans as it was written before exclusions were bisected: every exclusion tested."""
    from mtqa.text.cjk import cjk_words
    from mtqa.text.segment import _CJK, _NO_SPACE_SCRIPTS, _WORD, _split_no_space

    spans: list[Span] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if any(start < e.end and e.start < end for e in excluded):
            continue
        if _CJK.search(match.group()):
            spans += cjk_words(text, start, end, None)
        else:
            spans += _split_no_space(text, start, end) if _NO_SPACE_SCRIPTS.search(match.group()) else [Span(start, end)]
    return spans


def test_a_sentence_splitter_panic_costs_only_the_split() -> None:
    # sentencex 1.0.32 panics (a Rust slice inside U+2028) on this text; found by hypothesis.
    text = "M\x0c\u2028. \x0c- . Mr."
    spans = split_sentences(text, "en")
    assert spans and all(text[s.start : s.end].strip() for s in spans)


@pytest.mark.parametrize("space", ["\u00a0", "\u0085", "\u2009", "\u202f", "\u2028", "\u3000"])
def test_a_multibyte_space_before_a_stop_prints_no_rust_panic(space: str, capfd: pytest.CaptureFixture[str]) -> None:
    # sentencex panics on "M<space>." for every space wider than one byte, and Rust writes the
    # panic to the process's stderr, which no Python exception handler can hold back.
    text = f"Je suis M{space}. Dupont. Bonjour{space}à tous."
    spans = split_sentences(text, "fr")
    assert "panicked" not in capfd.readouterr().err
    assert [text[s.start : s.end] for s in spans][-1].endswith("à tous.")


def test_segmented_chinese_is_read_without_spaces() -> None:
    # MLQE-PE's en-zh MT comes segmented by spaces, as tagged; the LM must read it as written.
    text = "2013   年   12   月   29   日   ，   柏 格林 通过 他 的   LE7ELS   播客 。"
    natural, mapped = detokenize(text, whitespace_spans(text))
    assert natural == "2013 年 12 月 29 日，柏格林通过他的 LE7ELS 播客。"
    assert [natural[s.start : s.end] for s in mapped] == text.split()
