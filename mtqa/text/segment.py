"""Sentence splitting and word spans.

Sentences come from sentencex (Wikimedia's rule-based splitter for ~300 languages); this module
only keeps the offsets. Words are runs of letters and digits with inner apostrophes and hyphens,
so punctuation is never a word. Chinese and Japanese runs go to their segmenters (mtqa.text.cjk);
Thai, Lao, Khmer and Burmese, which have none here, count each character as a word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import sentencex

from mtqa.text.cjk import CJK_CHAR, WORD, cjk_words
from mtqa.types import Span

_WORD = WORD
_NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
_CJK = CJK_CHAR
_WHITESPACE_TOKEN = re.compile(r"\S+")
_ELIDED = {
    # Articles, pronouns and conjunctions that these languages write joined to the next word
    # with an apostrophe: "l’envoi" is the two words "l’" and "envoi", as a reader sees them.
    "fr": "c d j l m n qu s t jusqu lorsqu puisqu quoiqu quelqu",
    "it": "l d c s m t v un all dall dell nell sull coll quell quest anch bell buon nessun sant tutt",
    "ca": "d l m n s t",
}
_ELISION = {
    lang: re.compile(r"(?i)^(?:" + "|".join(sorted(words.split(), key=len, reverse=True)) + r")['’](?=[^\W\d_])")
    for lang, words in _ELIDED.items()
}


def word_spans(text: str, excluded: tuple[Span, ...] = (), lang: str | None = None) -> tuple[Span, ...]:
    """Word spans of ``text``, skipping any word that overlaps an excluded span (code, URLs,
    placeholders). ``lang`` picks the segmenter for Han characters (Chinese or Japanese)."""
    spans: list[Span] = []
    # Excluded spans sorted by start, with the running maximum of their ends: the spans that
    # start before a word's end overlap it if any of them ends after its start (a bisect per
    # word, where testing every excluded span made 10,000 inline tags take minutes).
    ordered = sorted(excluded, key=lambda e: e.start)
    starts = [e.start for e in ordered]
    reach: list[int] = []
    for e in ordered:
        reach.append(max(e.end, reach[-1]) if reach else e.end)
    for match in _WORD.finditer(text):
        start, end = match.span()
        before = bisect.bisect_left(starts, end)
        if before and reach[before - 1] > start:
            continue
        elision = _ELISION.get((lang or "").split("-")[0])
        head = elision.match(match.group()) if elision else None
        if head:
            spans.append(Span(start, start + head.end()))
            start += head.end()
        if _CJK.search(match.group()):
            spans.extend(cjk_words(text, start, end, lang))
        elif _NO_SPACE_SCRIPTS.search(match.group()):
            spans.extend(_split_no_space(text, start, end))
        else:
            spans.append(Span(start, end))
    return tuple(spans)


def _split_no_space(text: str, start: int, end: int) -> Iterator[Span]:
    """Each Thai (Lao, Khmer, Burmese) character is a word; runs of other letters stay whole."""
    run_start: int | None = None
    for index in range(start, end):
        if _NO_SPACE_SCRIPTS.match(text[index]):
            if run_start is not None:
                yield Span(run_start, index)
                run_start = None
            yield Span(index, index + 1)
        elif run_start is None:
            run_start = index
    if run_start is not None:
        yield Span(run_start, end)


def whitespace_spans(text: str) -> tuple[Span, ...]:
    """Whitespace tokens, punctuation included: the word definition of tagged QE data."""
    return tuple(Span(*m.span()) for m in _WHITESPACE_TOKEN.finditer(text))


_MULTIBYTE_SPACE = re.compile("[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
"""Whitespace that takes more than one byte in UTF-8."""


def _boundaries(lang: str, text: str) -> list[dict[str, int]] | None:
    """sentencex's boundaries, or None when it fails on the text.

    sentencex 1.0.32 is written in Rust, and panics when a one-letter word is followed by a
    multi-byte space and a full stop ("M\u00a0."): it slices the string a byte after the
    space. The panic prints a Rust backtrace on stderr, so those spaces are handed to it as
    plain spaces, which keeps every character offset. Any other panic reaches Python as pyo3's
    PanicException, a BaseException and not an Exception: a splitter's bug must cost a
    sentence split, not the run, so the caller then tries English, and without boundaries the
    text is one sentence."""
    try:
        return list(sentencex.get_sentence_boundaries(lang, _MULTIBYTE_SPACE.sub(" ", text)))
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:
        return None


def split_sentences(text: str, lang: str = "en") -> list[Span]:
    """Sentence spans with surrounding whitespace trimmed; never an empty span."""
    spans: list[Span] = []
    boundaries = _boundaries(lang or "en", text)
    if boundaries is None:
        boundaries = _boundaries("en", text) or []
    covered = 0
    for boundary in boundaries:
        start = max(int(boundary["start_index"]), covered)
        end = int(boundary["end_index"])
        covered = max(covered, end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    if covered < len(text):
        tail = text[covered:]
        stripped = tail.strip()
        if stripped:
            start = covered + tail.index(stripped[0])
            spans.append(Span(start, start + len(stripped)))
    return spans
