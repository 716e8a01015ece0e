"""The correction benchmark's alignment and figures, and the confidence fit's thresholds (pure, no model)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import correction_metrics as cm
from fit_suggestion_confidence import threshold


def test_alignment_tells_kept_substituted_and_deleted_words_apart() -> None:
    aligned = cm.aligned_words("yesterday we visit the museum and and left", "yesterday we visited the museum and left")
    assert aligned[0] == (cm.KEPT, "yesterday")
    assert aligned[2] == (cm.SUBSTITUTED, "visited")
    assert sorted(i for i, (op, _) in aligned.items() if op == cm.DELETED) in ([5], [6])
    assert len(aligned) == 8


def test_a_longer_rewrite_has_no_single_right_answer() -> None:
    aligned = cm.aligned_words("he gave up smoking", "he quit cigarettes")
    assert set(aligned) == {0}


def row(op: str, wanted: str, *suggestions: tuple[str, float]) -> dict:
    return {"op": op, "wanted": wanted, "suggestions": list(suggestions)}


def test_figures_count_a_suggestion_on_a_kept_word_as_wrong() -> None:
    rows = [
        row(cm.SUBSTITUTED, "Putin", ("Putin", 0.9)),
        row(cm.SUBSTITUTED, "sunny", ("hot", 0.6), ("sunny", 0.3)),
        row(cm.SUBSTITUTED, "cordial"),  # flagged, nothing offered
        row(cm.KEPT, "Trump", ("is", 0.85)),
        row(cm.DELETED, "", ("", 0.7)),
    ]
    figures = cm.figures(rows, substitutions=4, min_confidence=0.8)
    assert figures["flagged"] == 0.75
    assert figures["top1_when_flagged"] == 1 / 3 and figures["top3_when_flagged"] == 2 / 3
    assert figures["top1_precision_offered"] == 0.5  # the issue's: among flagged substitutions offered one
    assert figures["top1_precision_all_offered"] == 0.5  # fix's: Putin and the deletion of 4
    assert figures["fix_applied"] == 2 and figures["fix_precision"] == 0.5  # Putin right, "is" wrong


def test_threshold_is_the_lowest_confidence_that_keeps_the_precision() -> None:
    confidence = np.linspace(1.0, 0.01, 100)
    right = np.array([True] * 40 + [True, False] * 30)  # 40 sure hits, then a coin
    chosen = threshold(confidence, right, 0.8)
    assert right[confidence >= chosen].mean() >= 0.8
    assert right[confidence >= chosen - 0.02].mean() < 0.8  # one more step down falls below it
    assert 0.3 < chosen < 0.6
    assert threshold(confidence, np.zeros(100, dtype=bool), 0.5) == 1.0  # never reached: offer nothing
