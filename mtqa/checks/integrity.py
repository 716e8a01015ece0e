"""MT0xx: the segment itself is broken before any language question arises."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.types import Severity

CHARS_PER_WORD = 8
"""The LM reads at most ``max_segment_words`` words of a segment, and at most this many
characters a word: a megabyte "word" or a run of invisible characters costs tokens, not words."""
_TROUBLE_RUN = re.compile(r"([\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069])\1*")


class EmptySegment(Check):
    """Empty segment: the translation is empty or only whitespace.

    Why: an empty target usually means the MT system or a pipeline step dropped the text;
    readers of the translated file see nothing where the source had content.
    Example: a JSONL line {"src": "Bonjour", "mt": ""}.
    """

    code = "MT001"
    family = "input-integrity"
    precision = "very-high"
    name = "empty-segment"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        if not ctx.text.strip():
            has_source = bool(ctx.segment.source and ctx.segment.source.strip())
            severity = Severity.ERROR if has_source else Severity.WARNING
            yield self.finding(None, None, "segment is empty", 1.0, severity=severity)


class EncodingTrouble(Check):
    """Encoding trouble: replacement characters, control or invisible direction characters.

    Why: U+FFFD marks bytes that were decoded with the wrong encoding somewhere upstream;
    control, zero-width and bidi characters are invisible in review but break rendering and
    search, and bidi overrides can make text display differently from what it is.
    Example: "Caf\ufffd au lait", or a U+202E right-to-left override inside an English sentence.
    """

    code = "MT002"
    family = "input-integrity"
    precision = "very-high"
    name = "encoding-trouble"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        # A run of one character is one finding: a file of 200,000 zero-width spaces has one
        # problem, not 200,000.
        for match in _TROUBLE_RUN.finditer(ctx.text):
            char, start, end = match.group(1), match.start(), match.end()
            times = f"{end - start} × " if end - start > 1 else ""
            if char == "\ufffd":
                yield self.finding(start, end, f"{times}replacement character U+FFFD: text was mis-decoded upstream", 1.0)
            else:
                yield self.finding(start, end, f"{times}invisible control character U+{ord(char):04X}", 0.9)


class LongSegment(Check):
    """Segment too long to score whole: the language model read only its first words.

    Why: the model scores long segments in overlapping windows, but a segment of thousands of
    words (a paragraph with no sentence ends, a minified blob, a megabyte "word") would cost
    minutes of model time and says little as one sentence. Beyond ``max-segment-words`` words
    (and 8 characters a word) the rest gets the rule checks only; this finding says where the
    model's evidence stops, so a clean report on such text is not mistaken for a full one.
    Example: a 3,000-word line of text without a full stop.
    """

    code = "MT003"
    family = "input-integrity"
    precision = "very-high"
    name = "long-segment"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        if ctx.scored_words is None:
            return
        limit = ctx.max_segment_words
        rule = f"max-segment-words = {limit}, at most {limit * CHARS_PER_WORD} characters"
        if ctx.scored_words < len(ctx.spans):
            what = f"segment has {len(ctx.spans)} words; the language model scored only the first {ctx.scored_words}"
        elif ctx.spans:
            what = f"segment has {len(ctx.text)} characters; the language model scored it only up to its last word"
        else:
            what = f"segment has {len(ctx.text)} characters and no words; the language model did not score it"
        yield self.finding(None, None, f"{what} ({rule})", 1.0)


_BIDI_RUN = re.compile(r"([\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069])\1*")
_BIDI_NAMES = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}


class BidiControlNotInSource(Check):
    """Bidi control in the translation that its source does not have.

    Why: bidirectional controls (overrides, embeddings, isolates, marks) change how text is
    displayed without changing what it says: "Trojan Source". A translation may need marks its
    source lacks (Arabic or Hebrew next to Latin text), but an override that appears only in
    the target is how a translated string is made to read as something else in review, in a
    UI or in a terminal. Only with a source to compare against; MT002 flags them in any text.
    Example: source "Pay the invoice today", target "Pay the \u202eeciovni\u202c today".
    """

    code = "MT004"
    family = "input-integrity"
    precision = "very-high"
    name = "bidi-control-not-in-source"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if source is None:
            return
        for match in _BIDI_RUN.finditer(ctx.text):
            char = match.group(1)
            if char in source:
                continue
            name = f"U+{ord(char):04X} {_BIDI_NAMES[char]}"
            message = f"bidi control {name} is in the translation but not in its source"
            yield self.finding(match.start(), match.end(), message, 1.0)
