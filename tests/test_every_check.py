"""Issue 15 item 7: every code in ALL_CHECKS runs on hand-built inputs with golden findings.

Like ruff's one fixture per rule: tests/check_cases.py holds, for each code, at least one
input the check must flag (with its golden findings) and one it must not. Checks run directly
through a CheckContext; the model checks get hand-made p_bad, surprisals and fluency.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from check_cases import CASES

from mtqa.checks import ALL_CHECKS, CHECKS_BY_CODE, CheckContext
from mtqa.checks.base import MetricThresholds
from mtqa.lexicon.glossary import Glossary, RequiredTerm
from mtqa.lm.base import PassScores, SegmentScores, WordScores
from mtqa.quality.head import Bands
from mtqa.text.segment import whitespace_spans
from mtqa.types import Metric, Segment, Severity


def _scores(surprisals: list[float]) -> SegmentScores:
    words = tuple(WordScores(s, s, s, 0, 1.0, 1, ()) for s in surprisals)
    return SegmentScores(PassScores(words, tuple(surprisals)), None)


def context(source: str | None, target: str, options: dict[str, Any]) -> CheckContext:
    segment = Segment(path="x.po", index=0, text=target, line=1, column=1, source=source, exact_positions=False)
    spans = tuple(whitespace_spans(target))
    glossary = Glossary()
    if "glossary" in options:
        term, translation = options["glossary"]
        glossary = Glossary(allowed=(translation,), required=(RequiredTerm(term, (translation,)),))
    doc = options.get("doc")
    return CheckContext(
        segment=segment,
        spans=spans,
        target_lang=options.get("tgt", "en"),
        source_lang=options.get("src", "ro"),
        scores=_scores(options["surprisal"]) if "surprisal" in options else None,
        features=None,
        p_bad=np.array(options.get("p_bad", [0.0] * len(spans)), dtype=float),
        threshold=0.4,
        bands=Bands(error=0.8, warning=0.55),
        allowed_terms=glossary.allowed_lower,
        metrics={"chrF": Metric(options["chrf"], "chrF")} if "chrf" in options else {},
        document_metrics={k: Metric(v, k) for k, v in doc.items()} if doc else None,
        thresholds=MetricThresholds(**options.get("thresholds", {})),
        fluency=options.get("fluency"),
        min_segment_fluency=options.get("min_fluency"),
        glossary=glossary,
        scored_words=options.get("scored_words"),
    )


def observed(code: str, source: str | None, target: str, options: dict[str, Any]) -> list[tuple[Severity, str | None, str]]:
    ctx = context(source, target, options)
    found = []
    for finding in CHECKS_BY_CODE[code]().run(ctx):
        assert finding.code == code
        span = target[finding.start : finding.end] if finding.start is not None and finding.end is not None else None
        found.append((finding.severity, span, finding.message))
    return found


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_check_case(case: tuple) -> None:
    code, _, source, target, options, expected = case
    found = observed(code, source, target, options)
    assert len(found) == len(expected), found
    for (severity, span, message), (want_severity, want_span, want_message) in zip(found, expected, strict=True):
        assert (severity, span) == (want_severity, want_span), found
        assert want_message in message, found


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[c.code for c in ALL_CHECKS])
def test_every_check_has_a_flagging_and_a_clean_case(check: type) -> None:
    rows = [c for c in CASES if c[0] == check.code]
    assert any(row[5] for row in rows), f"{check.code}: no case it must flag"
    assert any(not row[5] for row in rows), f"{check.code}: no case it must not flag"


def test_every_case_names_a_known_code_and_ids_are_unique() -> None:
    assert {c[0] for c in CASES} <= set(CHECKS_BY_CODE), {c[0] for c in CASES} - set(CHECKS_BY_CODE)
    ids = [(c[0], c[1]) for c in CASES]
    assert len(ids) == len(set(ids))
