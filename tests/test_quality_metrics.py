"""The figures the quality benchmark reports: each against a hand-computed value.

The benchmark itself needs the bench and the model (``benchmarks/quality.py``); these are its
pure parts, so a wrong ECE or a band counted twice fails here, not silently in BENCHMARKS.md.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import quality_metrics as qm

from mtqa.types import Severity


@dataclass(frozen=True)
class _Finding:
    start: int | None
    end: int | None
    severity: Severity


def test_mcc_is_one_for_perfect_flags_and_zero_without_flags() -> None:
    gold = [True, False, True, False]
    assert qm.mcc(gold, gold) == pytest.approx(1.0)
    assert qm.mcc(gold, [False] * 4) == 0.0
    assert qm.mcc(gold, [not g for g in gold]) == pytest.approx(-1.0)


def test_ece_is_zero_when_each_bin_matches_its_rate() -> None:
    gold = [True, False] * 50  # half BAD, all at P 0.5
    result = qm.expected_calibration_error(gold, [0.5] * 100)
    assert result["ece"] == pytest.approx(0.0)
    assert result["bins"] == [[0.5, 0.5, 0.5, 100]]


def test_ece_weighs_each_bin_by_its_share_of_words() -> None:
    # 80 words at P 0.1, of which 8 BAD (calibrated); 20 at P 0.9, none BAD (off by 0.9).
    gold = [True] * 8 + [False] * 72 + [False] * 20
    probability = [0.1] * 80 + [0.9] * 20
    assert qm.expected_calibration_error(gold, probability)["ece"] == pytest.approx(0.2 * 0.9)


def test_probability_one_falls_in_the_top_bin() -> None:
    assert qm.expected_calibration_error([True], [1.0])["bins"] == [[0.9, 1.0, 1.0, 1]]


def test_each_token_counts_once_at_its_highest_severity() -> None:
    tokens = qm.tag_spans("Poutine a dit bonjour")
    findings = [
        _Finding(0, 7, Severity.WARNING),
        _Finding(0, 7, Severity.ERROR),
        _Finding(10, 13, Severity.INFO),
        _Finding(None, None, Severity.ERROR),  # a segment-level finding marks no word
    ]
    severities = qm.token_severity(findings, tokens)
    assert severities == ["error", None, "info", None]
    bands = qm.precision_by_severity([True, False, False, True], severities)
    assert bands["error"] == [1, 1.0]
    assert bands["info"] == [1, 0.0]
    assert bands["warning"][0] == 0 and math.isnan(bands["warning"][1])


def test_segmented_chinese_tokens_are_the_whitespace_ones() -> None:
    assert qm.tag_spans("他 说 了 。") == [(0, 1), (2, 3), (4, 5), (6, 7)]


def test_pairwise_counts_ties_and_missing_fluency_as_misses() -> None:
    result = qm.pairwise_accuracy([50.0, 60.0, 70.0, None], [55.0, 60.0, 65.0, 80.0])
    assert result == {"pairs": 4, "accuracy": 0.25, "ties": 1}
