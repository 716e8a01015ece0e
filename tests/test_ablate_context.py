"""The context ablation's derived columns (benchmarks/ablate_context.py) never cross a segment."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import ablate_context


def test_right_window_stays_inside_its_segment() -> None:
    values = np.array([1.0, 2.0, 3.0, 4.0, 10.0, 20.0])
    segment = np.array([0, 0, 0, 0, 1, 1])
    summed = ablate_context._window(values, segment, range(2, 5), "sum")
    assert summed.tolist() == [3.0 + 4.0, 4.0, 0.0, 0.0, 0.0, 0.0]
    top = ablate_context._window(values, segment, range(1, 5), "max")
    assert top.tolist() == [4.0, 4.0, 4.0, 0.0, 20.0, 0.0]


def test_sentence_columns_are_relative_to_each_sentence() -> None:
    names = ["surprisal", "pmi"]
    x = np.array([[2.0, 0.0], [4.0, 0.0], [9.0, 1.0], [3.0, 1.0]])
    segment = np.array([0, 0, 1, 1])
    base = ablate_context.extra_columns(x, names, segment, "base")
    assert base.shape == (4, 2)
    full = ablate_context.extra_columns(x, names, segment, "sentence")
    assert full[:, 2].tolist() == [-1.0, 1.0, 3.0, -3.0]  # minus the sentence mean
    assert full[:, 3].tolist() == [0.5, 1.0, 1.0, 3.0 / 9.0]  # over the sentence max
    assert ablate_context.extra_columns(x, names, segment, "both").shape == (4, 2 + 3 + 3)
