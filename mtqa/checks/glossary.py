"""MT11x: the translation must use the terminology the glossary prescribes."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.types import Severity


class RequiredTermMissing(Check):
    """Required term missing: the source uses a glossary term, the target lacks its translation.

    Why: product names, legal terms and UI labels have one approved translation; an MT system
    that paraphrases them ("Sign in" for the required "Log in") produces text that reads fine
    and is still wrong for the product. Each ``source<TAB>target`` line of the ``--glossary``
    file is a requirement; several lines with one source term list alternatives. Matching is
    case-insensitive on word boundaries. The finding is about the whole segment, since the
    missing word has no position.
    Example: glossary "Anmelden<TAB>Log in"; src "Klicken Sie auf Anmelden" → mt "Click Sign in".
    """

    code = "MT110"
    family = "source-surface"
    precision = "high"
    name = "required-term-missing"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.text.strip():
            return
        for term in ctx.glossary.required:
            if term.missing_in(source, ctx.text):
                wanted = " or ".join(f"'{t}'" for t in term.targets)
                yield self.finding(None, None, f"source has '{term.source}' but the target lacks the glossary term {wanted}", 0.9)
