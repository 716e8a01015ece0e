"""Error bands set from dev data: the floor holds on every pair, or the band stays closed.

Synthetic P(BAD) and tags with known precision at each threshold, so a band that is one step
too low (or a pair that is ignored) fails here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import error_bands


def _words(bad_above: float, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """P(BAD) evenly over [0, 1); words at or above ``bad_above`` are BAD, half of the rest too."""
    p = np.arange(n) / n
    gold = (p >= bad_above) | (np.arange(n) % 2 == 0)
    return p, gold


def test_the_band_is_the_lowest_threshold_that_meets_the_floor() -> None:
    p, gold = _words(0.8)
    band = error_bands.lowest_threshold(p, gold, floor=0.75, start=0.5)
    count, precision = error_bands.precision_at(p, gold, band)
    assert precision >= 0.75 and count >= error_bands.MIN_FLAGS
    lower = round(band - 0.005, 3)
    assert error_bands.precision_at(p, gold, lower)[1] < 0.75


def test_the_strictest_pair_sets_a_shared_band() -> None:
    easy, hard = _words(0.6), _words(0.85)
    shared = error_bands.error_band({"ro-en": easy, "ru-en": hard}, floor=0.75, warning=0.4)
    assert shared == error_bands.lowest_threshold(*hard, floor=0.75, start=0.4)
    assert shared > error_bands.lowest_threshold(*easy, floor=0.75, start=0.4)
    for p, gold in (easy, hard):
        assert error_bands.precision_at(p, gold, shared)[1] >= 0.75


def test_a_floor_no_threshold_reaches_closes_the_band() -> None:
    p = np.linspace(0, 1, 400)
    gold = np.arange(400) % 3 == 0  # a third BAD at every P: never 0.75
    assert error_bands.lowest_threshold(p, gold, floor=0.75, start=0.3) == error_bands.CLOSED


def test_too_few_flagged_words_cannot_open_the_band() -> None:
    p = np.zeros(400)
    p[:10] = 0.95  # ten perfect flags: below MIN_FLAGS
    gold = p > 0.5
    assert error_bands.lowest_threshold(p, gold, floor=0.75, start=0.3) == error_bands.CLOSED


def test_the_band_never_opens_below_the_warning_threshold() -> None:
    p, gold = _words(0.0)  # every word BAD: any threshold meets the floor
    assert error_bands.error_band({"ro-en": (p, gold)}, floor=0.75, warning=0.45) == pytest.approx(0.45)


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(clipped / (1 - clipped))


def test_reband_sets_each_calibration_from_the_pairs_it_serves() -> None:
    from mtqa.quality.head import Bands, Calibration, LogisticHead

    identity = Calibration(1.0, 0.0, 0.4, Bands(error=0.4, warning=0.4))
    head = LogisticHead(
        name="logistic-source",
        version="1",
        features=("z",),
        mean=np.zeros(1),
        scale=np.ones(1),
        coef=np.ones(1),
        intercept=0.0,
        calibration=identity,
        by_language={"ro": identity},
    )
    ro, ru = _words(0.6), _words(0.85)
    dev = {
        "ro-en": (_logit(ro[0])[:, None], ro[1], ("z",)),
        "ru-en": (_logit(ru[0])[:, None], ru[1], ("z",)),
    }
    rebanded, lines = error_bands.reband(head, "source", dev)
    ro_band = rebanded.calibration_for("ro").bands.error
    assert ro_band == pytest.approx(error_bands.lowest_threshold(*ro, floor=0.75, start=0.4), abs=1e-3)
    assert rebanded.calibration.bands.error == pytest.approx(max(ro_band, error_bands.lowest_threshold(*ru, 0.75, 0.4)), abs=1e-3)
    assert rebanded.calibration_for("ro").bands.warning == 0.4
    assert rebanded.version == error_bands.BANDS_VERSION
    assert len(lines) == 3  # ro on ro-en; the pooled one on both pairs


def test_words_mt401_cannot_report_are_left_out(tmp_path: Path) -> None:
    """Punctuation and words another check reports never become MT401 errors, so they can't
    count toward (or against) its band."""
    rows = [
        ["s-1", True, 0.9, ["MT401/error"], "bad"],
        ["s-1", True, 0.9, [], "."],
        ["s-1", False, 0.9, ["MT301/error"], "Name"],
        ["s-1", False, 0.2, ["MT401/warning"], "ok"],
    ]
    (tmp_path / "xx-en.source.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    claimed = error_bands.claimed_by_rules(tmp_path, "xx-en", "source", 4)
    assert claimed is not None and claimed.tolist() == [False, True, True, False]
    assert error_bands.claimed_by_rules(tmp_path, "yy-en", "source", 4) is None
    with pytest.raises(SystemExit):
        error_bands.claimed_by_rules(tmp_path, "xx-en", "source", 5)  # a dump of other data
