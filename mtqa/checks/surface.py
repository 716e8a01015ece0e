"""MT1xx: source-aware surface checks that need no language model."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.types import Severity

_LETTERS = re.compile(r"[^\W\d_]")


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


class TargetIdenticalToSource(Check):
    """Target identical to source: the segment was not translated.

    Why: MT systems and translation-memory steps sometimes pass text through unchanged; in a
    different target language that is an untranslated segment. Short strings made only of
    names, numbers or codes are left alone.
    Example: src "Apasă butonul de pornire" → mt "Apasă butonul de pornire".
    """

    code = "MT101"
    name = "identical-to-source"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.text.strip():
            return
        if ctx.source_lang and ctx.source_lang == ctx.target_lang:
            return
        if _normalise(source) != _normalise(ctx.text):
            return
        if len(_LETTERS.findall(ctx.text)) < 8 or len(ctx.text.split()) < 3:
            return
        yield self.finding(None, None, "target is identical to the source: not translated", 0.95)
