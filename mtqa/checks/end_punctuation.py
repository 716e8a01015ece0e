"""MT107: the closing punctuation must say what the source's says, in the target's own script.

A question must stay a question and a colon that introduces a value must stay, while each
writing system marks them its own way: "。" and "？" in Chinese and Japanese, "؟" in Arabic, ";" as
the Greek question mark, "।" in Hindi, a space before "?" in French, and no full stop at all in
Thai. Marks are compared after mapping them onto one set, so conventions are never findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.masking import blank
from mtqa.text.surface_tokens import placeholders
from mtqa.types import Severity

_END_MARKS = {
    ".": ".", "。": ".", "｡": ".", "．": ".", "।": ".", "॥": ".", "۔": ".", "։": ".", "።": ".", "။": ".", "។": ".", "།": ".",
    "!": "!", "！": "!", "¡": "!",
    "?": "?", "？": "?", "؟": "?", "¿": "?",
    ":": ":", "：": ":",
    ";": ";", "；": ";", "؛": ";",
    "…": "…", "⋯": "…",
}  # fmt: skip
_GREEK_QUESTION = frozenset(";\u037e")
"""Greek writes its question mark as ";" (U+037E, which NFC turns into ";")."""
_NO_FULL_STOP = frozenset({"th", "lo"})
"""Thai and Lao end sentences with a space or nothing: a source's full stop has no counterpart."""
_FULL_STOP_OPTIONAL = frozenset({"zh", "vi", "fa"})
"""Languages whose UI text often leaves the final full stop out: Django's human catalogs do in
11–18% of their sentences for zh_Hans, vi and fa, against 0–6% for the 19 others measured, so
there a dropped one is style (info), not a slip."""
_CLOSERS = "\"'”’»)]}」』›“‘«‹"
"""Closing quotes and brackets: at the end of a string "“" and "«" close too (German „…“, Danish »…«)."""
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
OTHER = "other"
_DESCRIBED = {"": "no end punctuation", ".": "'.'", "!": "'!'", "?": "'?'", ":": "':'", ";": "';'", "…": "'…'"}
_WORD = re.compile(r"[^\W\d_]+")
SENTENCE_WORDS = 3
"""A source of at least this many words that ends with a full stop is a sentence, and a sentence
that loses its full stop is a warning: on Django's human catalogs that happens to 0–6% of such
sentences in most languages, while labels ("Jan.", "6 a.m.") drop or gain one by convention."""


def _without_closers(text: str) -> str:
    """``text`` without the closing quotes, brackets and tags at its end: "… <code>x</code>."
    ends with "." (read backwards, so a string ending in thousands of tags costs one pass)."""
    end = len(text)
    while end:
        if text[end - 1].isspace() or text[end - 1] in _CLOSERS:
            end -= 1
            continue
        start = text.rfind("<", 0, end) if text[end - 1] == ">" else -1
        if start < 0 or not _TAG.fullmatch(text, start, end):
            break
        end = start
    return text[:end]


def end_mark(text: str, lang: str | None = None) -> str:
    """The closing mark, "" for none (a letter or digit), OTHER for marks not compared."""
    stripped = _without_closers(text)
    if not stripped:
        return ""
    if stripped.endswith("..."):
        return "…"
    last = stripped[-1]
    if lang == "el" and last in _GREEK_QUESTION:
        return "?"
    if last in _END_MARKS:
        return _END_MARKS[last]
    return "" if last.isalnum() else OTHER


def _is_sentence(source: str) -> bool:
    """Enough words, placeholders aside, to be a sentence rather than a label or an abbreviation."""
    source = blank(source, placeholders(source))
    words = _WORD.findall(source)
    unspaced = " " not in source.strip() and not source.isascii()  # Chinese, Japanese, Thai
    return len(words) >= SENTENCE_WORDS or (unspaced and sum(map(len, words)) >= 4)


class EndPunctuationMismatch(Check):
    """End punctuation mismatch: the target ends with different punctuation than the source.

    Why: a question turned into a statement, a sentence that lost its full stop, or a colon that
    introduced a value and disappeared are all visible in the product. Each script's own marks
    count as the same ("。", "？", "؟", Greek ";"), as do "..." and "…", and spacing before a mark
    (French "Nom :") is the target's convention. A full stop added to or dropped from a label of
    one or two words is style (info); one dropped from a sentence is a warning.
    Example: src "Salvați modificările?" → mt "Save the changes."
    """

    code = "MT107"
    family = "source-surface"
    precision = "high"
    name = "end-punctuation-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole or not ctx.text.strip():
            return
        src, tgt = end_mark(source, ctx.source_lang), end_mark(ctx.text, ctx.target_lang)
        if src == tgt or OTHER in (src, tgt):
            return
        if src == "." and not tgt and ctx.target_lang in _NO_FULL_STOP:
            return
        message = f"the source ends with {_DESCRIBED.get(src, repr(src))}, the target with {_DESCRIBED.get(tgt, repr(tgt))}"
        if {src, tgt} <= {"", ".", "…"}:
            # An ellipsis that became a full stop, or a full stop added to or dropped from a label, is style.
            if src == "." and not tgt and _is_sentence(source) and ctx.target_lang not in _FULL_STOP_OPTIONAL:
                yield self.finding(None, None, message + ": the sentence lost its full stop", 0.6)
            else:
                yield self.finding(None, None, message, 0.4, severity=Severity.INFO)
            return
        yield self.finding(None, None, message, 0.7)
