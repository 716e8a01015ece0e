"""Quality heads: JSON round trips, tree export faithful to scikit-learn, bands, shipped heads."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.quality.features import WordFeatures, feature_names
from mtqa.quality.head import Bands, Calibration, LogisticHead, Tree, TreeHead, builtin_head, head_from_dict
from mtqa.types import Severity


def test_trees_match_scikit_learn() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 3))
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0.5)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(x, y)
    trees = tuple(
        Tree(
            feature=p.nodes["feature_idx"].astype(np.int64),
            threshold=p.nodes["num_threshold"],
            missing_left=p.nodes["missing_go_to_left"].astype(bool),
            left=p.nodes["left"].astype(np.int64),
            right=p.nodes["right"].astype(np.int64),
            is_leaf=p.nodes["is_leaf"].astype(bool),
            value=p.nodes["value"],
        )
        for (p,) in model._predictors
    )
    head = TreeHead("t", "1", ("a", "b", "c"), float(model._baseline_prediction.ravel()[0]), trees)
    features = WordFeatures(("c", "a", "b"), x[:, [2, 0, 1]])  # columns are found by name
    assert np.allclose(head.raw(features), model.decision_function(x))
    again = head_from_dict(head.to_dict())
    assert np.allclose(again.p_bad(features), head.p_bad(features))


def test_logistic_round_trip_and_language_calibration() -> None:
    pooled = Calibration(0.5, 0.1, 0.4, Bands(0.8, 0.4))
    romanian = Calibration(1.0, -1.0, 0.3, Bands(0.7, 0.3))
    head = LogisticHead("l", "1", ("a",), np.zeros(1), np.ones(1), np.array([2.0]), -1.0, pooled, {"ro": romanian})
    features = WordFeatures(("a",), np.array([[0.0], [1.0]], dtype=np.float32))
    raw = np.array([-1.0, 1.0])
    assert np.allclose(head.p_bad(features), 1 / (1 + np.exp(-(0.5 * raw + 0.1))))
    assert np.allclose(head.p_bad(features, "ro"), 1 / (1 + np.exp(-(raw - 1.0))))
    assert np.allclose(head.p_bad(features, "zh"), head.p_bad(features))
    again = head_from_dict(head.to_dict())
    assert np.allclose(again.p_bad(features, "ro"), head.p_bad(features, "ro"))
    assert again.calibration_for("ro") == romanian


@pytest.mark.parametrize(("p", "severity"), [(0.95, Severity.ERROR), (0.5, Severity.WARNING), (0.1, Severity.INFO)])
def test_bands(p: float, severity: Severity) -> None:
    assert Bands(error=0.9, warning=0.4).severity(p) is severity


@pytest.mark.parametrize("with_source", [True, False])
def test_shipped_heads_read_only_known_features(with_source: bool) -> None:
    head = builtin_head(with_source)
    assert set(head.features) <= set(feature_names(with_source))
    for calibration in (head.calibration, *head.by_language.values()):
        assert 0 < calibration.threshold < 1
        assert calibration.bands.warning <= calibration.bands.error


def test_fluency_uses_the_language_map_when_there_is_one() -> None:
    from mtqa.quality.fluency import FluencyModel, LinearMap

    model = FluencyModel("f", "1", ("a",), (10.0,), 0.0, {"ro": LinearMap((20.0,), 5.0)})
    assert model.predict({"a": 1.0}) == 10.0
    assert model.predict({"a": 1.0}, "ro") == 25.0
    assert model.predict({"a": 1.0}, "zh") == 10.0
    assert model.predict({"a": 100.0}) == 100.0  # clipped to the DA scale
    assert FluencyModel.from_dict(model.to_dict()) == model
