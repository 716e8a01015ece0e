"""MT4xx: what the language model and the trained quality head say."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.types import Severity

SHORT_STRING_WORDS = 3
UNCALIBRATED_SEVERITY = Severity.INFO
"""MT401's severity in a target language the head was not calibrated on."""


class SuspectWord(Check):
    """Suspect word: the quality head gives the word a high probability of being wrong.

    Why: many MT errors are real, well-spelled words in the wrong place — a mistranslated
    verb, a wrong preposition, a lost negation. The head reads the LM's surprisal at the word
    and at the next word, its entropy and rank, the word's frequency and shape and, with a
    source, how much the source raises or lowers its likelihood, and outputs a calibrated
    P(BAD). Severity comes from P(BAD) bands, not from this class's default.
    Example: "journalists are not allowed in the courtroom" where the source says they were
    let into the room. Strings of one to three words are flagged only at the error band.
    The head is calibrated on English targets (MLQE-PE ro/et/ru-en), and German and Chinese
    targets have heads of their own (en-de, en-zh) that flag only where 60% of their flags are
    right. In any other target language its P(BAD) is reported, but its findings are info,
    never a warning or an error, because on good human French, Romanian or Japanese the
    English head flagged 20–140 words per 100 segments at error (BENCHMARKS.md, false alarms).
    The report's notes say so.
    """

    code = "MT401"
    family = "language-model"
    suggestion_similarity = 0.0
    generic = True
    precision = "medium"
    name = "suspect-word"
    severity = Severity.WARNING
    needs_model = True

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        # A UI string of one to three words ("Save", "Open file") gives the model almost no
        # context, so its surprisal is mostly noise: flag only at the error band.
        threshold = max(ctx.threshold, ctx.bands.error) if len(ctx.spans) <= SHORT_STRING_WORDS else ctx.threshold
        for index, span in enumerate(ctx.spans):
            p_bad = float(ctx.p_bad[index]) if index < len(ctx.p_bad) else 0.0
            if p_bad < threshold:
                continue
            word = ctx.word(index)
            if ctx.is_allowed(word) or not any(c.isalnum() for c in word):
                continue
            message = f"'{word}' is unlikely to be right here (P(bad) {p_bad:.2f})"
            severity = ctx.bands.severity(p_bad) if ctx.calibrated_target else UNCALIBRATED_SEVERITY
            yield self.finding(span.start, span.end, message, p_bad, severity=severity, correctable=True)


class LowFluencySegment(Check):
    """Low-fluency segment: the sentence scores below --min-segment-fluency.

    Why: some translations are wrong everywhere and nowhere in particular — word salad,
    garbled syntax — so no single word stands out. The fluency score (0–100, calibrated to
    human DA scores) catches them; this check turns a threshold on it into a finding.
    Example: "The clear central idea Trump to normalize relations were exposed."
    """

    code = "MT402"
    family = "language-model"
    suggestion_similarity = 0.0
    precision = "medium"
    name = "low-fluency"
    severity = Severity.ERROR
    needs_model = True

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        if ctx.min_segment_fluency is None or ctx.fluency is None or not ctx.text.strip():
            return
        if ctx.fluency < ctx.min_segment_fluency:
            message = f"fluency {ctx.fluency:.1f} is below the minimum of {ctx.min_segment_fluency:g}"
            yield self.finding(None, None, message, 0.8)
