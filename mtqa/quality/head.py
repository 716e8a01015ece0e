"""The quality head: word features in, calibrated P(BAD) out.

Heads are JSON files (coefficients, never pickles), so loading one runs no code. Each names the
feature columns it was trained on, its flag threshold (chosen on dev to maximise MCC) and its
severity bands. Two heads ship for English targets, one for source-aware input and one for
target-only text, and a pair for each target language trained on its own (mtqa.quality.shipped).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from mtqa.errors import ModelError
from mtqa.quality.features import WordFeatures
from mtqa.types import Severity


@dataclass(frozen=True)
class Bands:
    """P(BAD) at or above ``error`` is an error, above ``warning`` a warning, else info."""

    error: float
    warning: float

    def severity(self, p_bad: float) -> Severity:
        if p_bad >= self.error:
            return Severity.ERROR
        if p_bad >= self.warning:
            return Severity.WARNING
        return Severity.INFO


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of the head's raw score, and the flag threshold and bands that go with it.

    Fitted on dev per source language: the train splits have other BAD rates than dev (ro-en
    train is 32% BAD, dev 18%), so raw scores are not probabilities until calibrated.
    """

    a: float
    b: float
    threshold: float
    bands: Bands

    def probability(self, raw: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-(self.a * raw + self.b))))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        return cls(float(data["a"]), float(data["b"]), float(data["threshold"]), Bands(**data["bands"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "threshold": self.threshold,
            "bands": {"error": self.bands.error, "warning": self.bands.warning},
        }


UNCALIBRATED = Calibration(1.0, 0.0, 0.5, Bands(error=0.9, warning=0.5))


class _Calibrated:
    """What both head kinds share: language-specific calibration on top of a raw score."""

    name: str
    version: str
    calibration: Calibration
    by_language: Mapping[str, Calibration]
    target_languages: tuple[str, ...]
    """Target languages the head was trained and calibrated on. Elsewhere its P(BAD) is still
    reported, but a finding from it is never more than info (see SuspectWord)."""

    @property
    def signature(self) -> str:
        return f"{self.name}@{self.version}"

    def raw(self, features: WordFeatures) -> np.ndarray:
        raise NotImplementedError

    def calibration_for(self, language: str | None) -> Calibration:
        return self.by_language.get(language or "", self.calibration)

    def p_bad(self, features: WordFeatures, language: str | None = None) -> np.ndarray:
        if features.matrix.shape[0] == 0:
            return np.zeros(0, dtype=np.float64)
        return self.calibration_for(language).probability(self.raw(features))

    def _calibration_dict(self) -> dict[str, Any]:
        return {
            "target_languages": list(self.target_languages),
            "calibration": self.calibration.to_dict(),
            "by_language": {lang: c.to_dict() for lang, c in sorted(self.by_language.items())},
        }


DEFAULT_TARGET_LANGUAGES = ("en",)
"""What heads written before ``target_languages`` existed were trained on: English targets."""


def _target_languages(data: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(lang) for lang in data.get("target_languages", DEFAULT_TARGET_LANGUAGES))


def _calibrations(data: dict[str, Any]) -> tuple[Calibration, dict[str, Calibration]]:
    default = Calibration.from_dict(data["calibration"]) if "calibration" in data else UNCALIBRATED
    return default, {lang: Calibration.from_dict(c) for lang, c in data.get("by_language", {}).items()}


@dataclass(frozen=True)
class LogisticHead(_Calibrated):
    name: str
    version: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: Calibration = UNCALIBRATED
    by_language: Mapping[str, Calibration] = field(default_factory=dict)
    target_languages: tuple[str, ...] = DEFAULT_TARGET_LANGUAGES

    def raw(self, features: WordFeatures) -> np.ndarray:
        columns = [features.names.index(n) for n in self.features]
        x = (features.matrix[:, columns].astype(np.float64) - self.mean) / self.scale
        return np.asarray(x @ self.coef + self.intercept)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogisticHead:
        default, by_language = _calibrations(data)
        return cls(
            name=str(data["name"]),
            version=str(data["version"]),
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            calibration=default,
            by_language=by_language,
            target_languages=_target_languages(data),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "logistic",
            "name": self.name,
            "version": self.version,
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            **self._calibration_dict(),
        }


@dataclass(frozen=True)
class Tree:
    """One regression tree as flat arrays; ``left``/``right`` index into the same arrays."""

    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    is_leaf: np.ndarray
    value: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        node = np.zeros(x.shape[0], dtype=np.int64)
        rows = np.arange(x.shape[0])
        while True:
            active = ~self.is_leaf[node]
            if not active.any():
                return self.value[node]
            current = node[active]
            values = x[rows[active], self.feature[current]]
            go_left = np.where(np.isnan(values), self.missing_left[current], values <= self.threshold[current])
            node[active] = np.where(go_left, self.left[current], self.right[current])


@dataclass(frozen=True)
class TreeHead(_Calibrated):
    """Gradient-boosted trees (trained with scikit-learn), stored as JSON arrays.

    Trees catch interactions a linear head cannot (a rare word is only suspect where the LM
    was also surprised); on the bench they add about 0.05 MCC over the logistic head.
    """

    name: str
    version: str
    features: tuple[str, ...]
    baseline: float
    trees: tuple[Tree, ...]
    calibration: Calibration = UNCALIBRATED
    by_language: Mapping[str, Calibration] = field(default_factory=dict)
    target_languages: tuple[str, ...] = DEFAULT_TARGET_LANGUAGES

    def raw(self, features: WordFeatures) -> np.ndarray:
        columns = [features.names.index(n) for n in self.features]
        x = features.matrix[:, columns].astype(np.float64)
        total = np.full(x.shape[0], self.baseline)
        for tree in self.trees:
            total += tree.predict(x)
        return total

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeHead:
        trees = tuple(
            Tree(
                feature=np.asarray(t["feature"], dtype=np.int64),
                threshold=np.asarray(t["threshold"], dtype=np.float64),
                missing_left=np.asarray(t["missing_left"], dtype=bool),
                left=np.asarray(t["left"], dtype=np.int64),
                right=np.asarray(t["right"], dtype=np.int64),
                is_leaf=np.asarray(t["is_leaf"], dtype=bool),
                value=np.asarray(t["value"], dtype=np.float64),
            )
            for t in data["trees"]
        )
        default, by_language = _calibrations(data)
        return cls(
            name=str(data["name"]),
            version=str(data["version"]),
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            trees=trees,
            calibration=default,
            by_language=by_language,
            target_languages=_target_languages(data),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "trees",
            "name": self.name,
            "version": self.version,
            "features": list(self.features),
            "baseline": self.baseline,
            **self._calibration_dict(),
            "trees": [
                {
                    "feature": t.feature.tolist(),
                    "threshold": t.threshold.tolist(),
                    "missing_left": t.missing_left.astype(int).tolist(),
                    "left": t.left.tolist(),
                    "right": t.right.tolist(),
                    "is_leaf": t.is_leaf.astype(int).tolist(),
                    "value": t.value.tolist(),
                }
                for t in self.trees
            ],
        }


Head = LogisticHead | TreeHead


def head_from_dict(data: dict[str, Any]) -> Head:
    kind = data.get("kind", "logistic")
    if kind == "trees":
        return TreeHead.from_dict(data)
    if kind == "logistic":
        return LogisticHead.from_dict(data)
    raise ModelError(f"unknown quality head kind {kind!r}")


def builtin_head(with_source: bool) -> Head:
    """The shipped head for this kind of input (package data under mtqa/quality/heads/)."""
    name = "head-source.json" if with_source else "head-target.json"
    text = resources.files("mtqa.quality.heads").joinpath(name).read_text(encoding="utf-8")
    return head_from_dict(json.loads(text))
