"""MT401's thresholds, on hand-made P(bad) values (no model needed)."""

from __future__ import annotations

import numpy as np

from mtqa.checks.base import CheckContext
from mtqa.checks.lm_checks import SuspectWord
from mtqa.quality.head import Bands
from mtqa.text.segment import whitespace_spans
from mtqa.types import Segment, Severity


def flagged(text: str, p_bad: list[float]) -> list[tuple[str, Severity]]:
    spans = tuple(whitespace_spans(text))
    ctx = CheckContext(
        segment=Segment(path="x", index=0, text=text, line=1, column=1),
        spans=spans,
        target_lang="en",
        source_lang=None,
        scores=None,
        features=None,
        p_bad=np.array(p_bad),
        threshold=0.4,
        bands=Bands(error=0.8, warning=0.55),
    )
    return [(text[f.start : f.end], f.severity) for f in SuspectWord().run(ctx) if f.start is not None and f.end is not None]


def test_sentences_flag_from_the_threshold_with_banded_severity() -> None:
    text = "the cat sat on mat"
    expected = [("cat", Severity.INFO), ("sat", Severity.WARNING), ("on", Severity.ERROR)]
    assert flagged(text, [0.1, 0.45, 0.6, 0.9, 0.2]) == expected


def test_short_ui_strings_flag_only_at_the_error_band() -> None:
    assert flagged("Open file", [0.45, 0.7]) == []
    assert flagged("Open file now", [0.85, 0.7, 0.1]) == [("Open", Severity.ERROR)]
    assert flagged("Open the file now", [0.45, 0.1, 0.1, 0.1]) == [("Open", Severity.INFO)]
