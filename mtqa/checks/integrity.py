"""MT0xx: the segment itself is broken before any language question arises."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.types import Severity

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class EmptySegment(Check):
    """Empty segment: the translation is empty or only whitespace.

    Why: an empty target usually means the MT system or a pipeline step dropped the text;
    readers of the translated file see nothing where the source had content.
    Example: a JSONL line {"src": "Bonjour", "mt": ""}.
    """

    code = "MT001"
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
    name = "encoding-trouble"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        for index, char in enumerate(ctx.text):
            if char == "\ufffd":
                yield self.finding(index, index + 1, "replacement character U+FFFD: text was mis-decoded upstream", 1.0)
            elif _CONTROL.match(char):
                yield self.finding(index, index + 1, f"invisible control character U+{ord(char):04X}", 0.9)
