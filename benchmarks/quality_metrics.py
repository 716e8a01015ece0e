"""The figures ``quality.py`` reports, as pure functions of gold tags, flags and scores.

Kept apart from the runner so each figure has one definition that tests and later benchmarks
can share, and so the runner stays a loop over pairs and modes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

SEVERITIES = ("error", "warning", "info")
ECE_BINS = 10
PAIRWISE_MIN_HTER = 0.3
"""Segments whose post-edit changed at least this share of words: the pe is clearly better."""


def mcc(gold: Sequence[bool], pred: Sequence[bool]) -> float:
    g = np.array(gold, dtype=bool)
    p = np.array(pred, dtype=bool)
    tp, tn = float(np.sum(g & p)), float(np.sum(~g & ~p))
    fp, fn = float(np.sum(~g & p)), float(np.sum(g & ~p))
    d = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / d if d else 0.0


def expected_calibration_error(gold: Sequence[bool], probability: Sequence[float], bins: int = ECE_BINS) -> dict:
    """ECE over equal-width bins, plus the diagram's rows (mean P, BAD rate, count) per bin.

    A word no check scored (P(BAD) 0 because the LM never read it) still counts: a reader sees
    its shading as "fine", so the claim is part of what calibration must answer for.
    """
    g = np.array(gold, dtype=float)
    p = np.clip(np.array(probability, dtype=float), 0.0, 1.0)
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    error = 0.0
    for b in range(bins):
        inside = index == b
        count = int(inside.sum())
        if not count:
            continue
        mean_p, rate = float(p[inside].mean()), float(g[inside].mean())
        error += count / len(p) * abs(mean_p - rate)
        rows.append([round(b / bins, 1), round(mean_p, 3), round(rate, 3), count])
    return {"ece": round(error, 4), "bins": rows}


def tag_spans(text: str) -> list[tuple[int, int]]:
    """The words the bench's tags are for: whitespace tokens of ``mt`` (Chinese MT comes segmented)."""
    return [m.span() for m in re.finditer(r"\S+", text)]


def token_severity(findings: Sequence, tokens: Sequence[tuple[int, int]]) -> list[str | None]:
    """The highest severity of any finding overlapping each token (None: not flagged)."""
    rank = {name: i for i, name in enumerate(reversed(SEVERITIES))}
    out: list[str | None] = []
    for start, end in tokens:
        found = [str(f.severity.value) for f in findings if f.start is not None and f.start < end and start < f.end]
        out.append(max(found, key=rank.__getitem__) if found else None)
    return out


def precision_by_severity(gold: Sequence[bool], severities: Sequence[str | None]) -> dict[str, list[float]]:
    """Per band: [flagged tokens, share BAD], counting each token at its highest severity."""
    out: dict[str, list[float]] = {}
    for band in SEVERITIES:
        picked = [g for g, s in zip(gold, severities) if s == band]
        out[band] = [len(picked), round(float(np.mean(picked)), 3) if picked else float("nan")]
    return out


def pairwise_accuracy(mt_fluency: Sequence[float | None], pe_fluency: Sequence[float | None]) -> dict[str, float]:
    """Share of pairs where the post-edit scores strictly higher; ties and gaps count as misses."""
    wins = [pe is not None and mt is not None and pe > mt for mt, pe in zip(mt_fluency, pe_fluency)]
    ties = [pe is not None and mt is not None and pe == mt for mt, pe in zip(mt_fluency, pe_fluency)]
    return {"pairs": len(wins), "accuracy": round(float(np.mean(wins)), 4) if wins else float("nan"), "ties": sum(ties)}
