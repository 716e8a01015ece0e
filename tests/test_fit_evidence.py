"""Fitting P(wrong) (benchmarks/fit_evidence.py) on synthetic dumps with known precision."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import fit_evidence


def _rows() -> list[tuple[str, bool, float, list[str]]]:
    rows = []
    for i in range(400):
        rows.append((f"s-{i % 50}", i % 10 < 2, 0.2, []))  # 20% BAD, P(BAD) 0.2: calibrated
    for i in range(40):
        rows.append((f"s-{i % 50}", i % 10 < 8, 0.05, ["MT201/error"]))  # a rule the head missed: 80% BAD
    for i in range(40):
        rows.append((f"s-{i % 50}", i % 2 == 0, 0.5, ["MT401/warning"]))
    return rows


def test_floors_are_shrunk_precision_and_mt401_gets_none() -> None:
    floors, severity_floors = fit_evidence.precision_floors(_rows())
    assert severity_floors == {"error": 0.8}  # MT401 counts toward no severity floor
    assert floors["MT201/error"] == pytest.approx((32 + 20 * 0.8) / 60)
    assert floors["MT401/warning"] == 0.0


def test_a_rule_the_head_missed_lifts_p_wrong() -> None:
    model = fit_evidence.fit(_rows(), "evidence-test")
    assert model.p_wrong(0.05, ["MT201/error"]) >= 0.75
    assert model.p_wrong(0.2, []) == pytest.approx(0.2, abs=0.03)


def test_out_of_fold_report_per_pair() -> None:
    report = fit_evidence.out_of_fold({"xx-en": _rows()}, "evidence-test")["xx-en"]
    assert report["words"] == 480 and report["error_words"] == 40
    assert report["error_mean_p_wrong"] > report["error_mean_p_bad"] + 0.5
