"""P(wrong) (issue 16, item 4): the head's P(BAD) and the findings on a word, in one probability."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mtqa.pipeline.assemble import segment_result, word_tags
from mtqa.pipeline.score import SegmentAnalysis
from mtqa.quality.evidence import EvidenceModel, logit, tag
from mtqa.quality.head import UNCALIBRATED
from mtqa.quality.shipped import QualityModels
from mtqa.types import Finding, Segment, Severity, Span

MODEL = EvidenceModel(
    "evidence-test", "1", intercept=-0.2, slope=0.9, tags={"MT201/error": (2.5, -0.5)}, severities={"error": 1.0}
)


def test_no_finding_is_a_recalibrated_p_bad() -> None:
    expected = 1 / (1 + math.exp(-(-0.2 + 0.9 * logit(0.3))))
    assert MODEL.p_wrong(0.3, []) == pytest.approx(expected)


def test_a_known_code_adds_its_weight_and_its_severity() -> None:
    bare = MODEL.p_wrong(0.06, [])
    rare_code = MODEL.p_wrong(0.06, ["MT999/error"])  # unseen code: only the severity's weight
    known = MODEL.p_wrong(0.06, ["MT201/error"])
    assert bare < rare_code < known
    # Two findings of one severity count the severity once.
    assert MODEL.p_wrong(0.06, ["MT999/error", "MT998/error"]) == pytest.approx(rare_code)


def test_a_reliable_rule_can_flatten_the_slope() -> None:
    """With the tag's own slope (-0.5 here), P(BAD) moves P(wrong) less on flagged words."""
    spread_flagged = MODEL.p_wrong(0.5, ["MT201/error"]) - MODEL.p_wrong(0.05, ["MT201/error"])
    expected = 1 / (1 + math.exp(-(-0.2 + 2.5 + 1.0 + (0.9 - 0.5) * logit(0.05))))
    assert MODEL.p_wrong(0.05, ["MT201/error"]) == pytest.approx(expected)
    assert spread_flagged < MODEL.p_wrong(0.5, []) - MODEL.p_wrong(0.05, [])


def test_round_trip_through_json_dict() -> None:
    assert EvidenceModel.from_dict(MODEL.to_dict()) == MODEL
    assert MODEL.signature == "evidence-test@1"


def test_extreme_p_bad_stays_finite() -> None:
    assert 0.0 < MODEL.p_wrong(0.0, []) < MODEL.p_wrong(1.0, []) < 1.0


@pytest.mark.parametrize("with_source", [True, False])
def test_shipped_models_let_an_error_finding_outweigh_a_low_p_bad(with_source: bool) -> None:
    """The issue's case: "Poutine" flagged at error by MT201 carried P(BAD) 0.06. Fitted on dev,
    an error finding must lift the word well above a word with no finding at the same P(BAD)."""
    model = QualityModels.builtin().evidence[with_source]
    assert model.slope > 0
    plain = model.p_wrong(0.06, [])
    flagged = model.p_wrong(0.06, [tag("MT201", "error")])
    assert flagged > max(0.4, 3 * plain)


def _finding(code: str, severity: Severity, start: int, end: int) -> Finding:
    return Finding(code, severity, start, end, 1, start + 1, "x", "m", 0.9)


def test_segment_result_gives_each_word_its_own_evidence() -> None:
    segment = Segment(path="t.txt", index=0, text="Vladimir Poutine spoke", line=1, column=1)
    spans = (Span(0, 8), Span(9, 16), Span(17, 22))
    state = SegmentAnalysis(None, None, np.array([0.1, 0.06, 0.1]), 50.0, UNCALIBRATED)
    found = (_finding("MT201", Severity.ERROR, 9, 16),)
    assert word_tags(spans[1], found) == ["MT201/error"] and word_tags(spans[0], found) == []
    result = segment_result(segment, spans, state, found, {}, True, True, MODEL)
    words = {w.text: w for w in result.words}
    assert words["Poutine"].p_bad == 0.06
    assert words["Poutine"].p_wrong == pytest.approx(MODEL.p_wrong(0.06, ["MT201/error"]), abs=1e-4)
    assert words["spoke"].p_wrong == pytest.approx(MODEL.p_wrong(0.1, []), abs=1e-4)
    rules_only = segment_result(segment, spans, state, found, {}, False, True, MODEL)
    assert all(w.p_bad is None and w.p_wrong is None for w in rules_only.words)
