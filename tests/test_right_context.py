"""Right-context features: what a word does to the words after it, the same at run time and in training."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from mtqa.lm.base import PassScores, SegmentScores, WordScores
from mtqa.quality.features import RIGHT_FEATURES, RIGHT_SOURCE_FEATURES, compute, feature_names, right_context
from mtqa.text.segment import whitespace_spans

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _word(surprisal: float) -> WordScores:
    return WordScores(surprisal, surprisal, surprisal, 0, 1.0, 1, ())


def _scores(target: list[float], conditioned: list[float] | None) -> SegmentScores:
    def one(values: list[float]) -> PassScores:
        return PassScores(tuple(_word(v) for v in values), tuple(values))

    return SegmentScores(one(target), one(conditioned) if conditioned is not None else None)


def test_a_word_before_surprising_words_carries_their_surprisal() -> None:
    text = "the cat sat on the mat"
    spans = whitespace_spans(text)
    surprisal = [1.0, 2.0, 9.0, 8.0, 1.0, 1.0]
    features = compute(text, spans, _scores(surprisal, [0.5] * 6), "en", source="x", source_lang="ro")
    assert features.names[-3:] == RIGHT_FEATURES + RIGHT_SOURCE_FEATURES
    # "the": the next word is 2.0, then 9.0, 8.0, 1.0 (offsets 2-4 summed, 1-4 maxed)
    assert features.column("right_surprisal_sum")[0] == 18.0
    assert features.column("right_surprisal_max")[0] == 9.0
    # PMI of the next three words of "cat": (9-0.5) + (8-0.5) + (1-0.5)
    assert np.isclose(features.column("right_pmi_sum")[1], 16.5)
    assert features.column("right_surprisal_sum")[-1] == 0.0  # nothing after the last word
    assert features.column("right_surprisal_max")[-1] == 0.0


def test_target_only_rows_have_no_source_columns() -> None:
    names = feature_names(with_source=False)
    assert names[-2:] == RIGHT_FEATURES
    assert not set(RIGHT_SOURCE_FEATURES) & set(names)


def test_training_adds_the_same_columns_to_caches_extracted_before_them() -> None:
    """train_head.add_right_columns must reproduce compute()'s columns segment by segment, or
    the head would be trained on numbers it never sees at run time."""
    from train_head import add_right_columns

    rng = np.random.default_rng(0)
    segments = [("a b c d e", 5), ("f g", 2), ("h i j", 3)]
    full: dict[str, list[np.ndarray]] = {"source": [], "target": []}
    for text, n in segments:
        target, conditioned = list(rng.uniform(0, 10, n)), list(rng.uniform(0, 10, n))
        scores = _scores(target, conditioned)
        full["source"].append(compute(text, whitespace_spans(text), scores, "en", source="x", source_lang="ro").matrix)
        full["target"].append(compute(text, whitespace_spans(text), _scores(target, None), "en").matrix)
    width = {kind: len(feature_names(kind == "source")) for kind in full}
    dropped = {kind: len(RIGHT_FEATURES) + (len(RIGHT_SOURCE_FEATURES) if kind == "source" else 0) for kind in full}
    data = {
        "segment": np.repeat(np.arange(len(segments)), [n for _, n in segments]),
        **{f"X_{k}": np.concatenate(full[k])[:, : width[k] - dropped[k]] for k in full},
        **{f"names_{k}": np.array(feature_names(k == "source")[: width[k] - dropped[k]]) for k in full},
    }
    added = add_right_columns(data)
    for kind in full:
        assert list(added[f"names_{kind}"]) == list(feature_names(kind == "source"))
        assert np.allclose(added[f"X_{kind}"], np.concatenate(full[kind]))


def test_right_context_of_an_empty_segment() -> None:
    assert right_context(np.zeros((0, 2), np.float32), ["surprisal", "pmi"]).shape == (0, 3)
