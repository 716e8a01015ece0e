"""Heads per target language: German and Chinese targets get their own head and fluency map,
every other target the English ones, and the English files stay what the seed was scored with."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.quality.features import WordFeatures, feature_names
from mtqa.quality.head import builtin_head
from mtqa.quality.shipped import TRAINED_TARGETS, QualityModels


@pytest.fixture(scope="module")
def models() -> QualityModels:
    return QualityModels.builtin()


@pytest.mark.parametrize("with_source", [True, False])
@pytest.mark.parametrize("lang", TRAINED_TARGETS)
def test_a_trained_target_has_its_own_head(models: QualityModels, with_source: bool, lang: str) -> None:
    head = models.head(with_source, lang)
    assert head.target_languages == (lang,)
    assert head is not models.head(with_source, "en")
    assert models.head(with_source, f"{lang}-CH" if lang == "de" else "zh-Hans") is head  # by base language
    assert models.fluency_for(with_source, lang) is not models.fluency_for(with_source, "en")
    assert set(head.features) <= set(feature_names(with_source))
    calibration = head.calibration
    assert 0 < calibration.threshold <= calibration.bands.error < 1


@pytest.mark.parametrize("with_source", [True, False])
def test_other_targets_fall_back_to_english(models: QualityModels, with_source: bool) -> None:
    english = models.head(with_source, "en")
    assert english.target_languages == ("en",)
    assert models.head(with_source, "fr") is english and models.head(with_source, None) is english
    assert models.fluency_for(with_source, "ja") is models.fluency_for(with_source, "en")


def test_the_english_head_is_the_one_the_engine_used_before(models: QualityModels) -> None:
    for with_source in (True, False):
        assert models.head(with_source, "en").to_dict() == builtin_head(with_source).to_dict()


def test_calibrated_targets_and_signature(models: QualityModels) -> None:
    assert models.calibrated_targets == {"en", *TRAINED_TARGETS}
    for with_source in (True, False):
        for lang in ("en", *TRAINED_TARGETS):
            assert models.head(with_source, lang).signature in models.signature


def test_a_german_head_scores_german_features(models: QualityModels) -> None:
    names = feature_names(False)
    features = WordFeatures(names, np.zeros((3, len(names)), dtype=np.float32))
    p_bad = models.head(False, "de").p_bad(features)
    assert p_bad.shape == (3,) and np.all((p_bad >= 0) & (p_bad <= 1))
