"""The score cache's guard: the scorer's numbers for fixed requests, recorded per scoring version.

Cached scores are keyed on ``codec.SCORING_VERSION``, not on the scoring code's source, so a
refactor keeps the cache. A change that moves the numbers must bump the version; this test is
what notices when it was forgotten. It scores with the tiny random-weight model (fixed seed),
whose every code path (windows, batching, word mapping, the source prompt, document context,
continuations) is the real scorer's. Numbers are compared with a tolerance, so a different
CPU's last bits do not fail.

To re-record after a deliberate change: bump ``SCORING_VERSION``, then run
``MTQA_RECORD_SCORES=1 pytest tests/test_scoring_version.py`` and commit the new JSON file.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import build_tiny_model

from mtqa.lm.base import Continuation, PassScores, ScoreRequest
from mtqa.lm.codec import SCORING_VERSION
from mtqa.text.segment import word_spans

RECORDED = Path(__file__).parent / "golden" / f"scoring-{SCORING_VERSION}.json"
SOURCE = "Vladimir Putin a declarat că jurnaliștii au fost lăsați în sala de judecată."
TEXTS = [
    "Vladimir Poutine said that journalists were not allowed in the courtroom.",
    "The meeting lasted two hours, and everyone agreed on the plan.",
    "A very long sentence " + "that keeps going and going " * 12 + "until the end.",
]
CONTINUATIONS = [
    Continuation("Vladimir", " Putin said"),
    Continuation("Vladimir", " Poutine said"),
    Continuation("Vladimir", " Putin said", SOURCE, "ro", "en"),
]
TOLERANCE = 1e-3


def requests() -> list[ScoreRequest]:
    plain = [ScoreRequest(text, word_spans(text)) for text in TEXTS]
    with_source = ScoreRequest(TEXTS[0], word_spans(TEXTS[0]), SOURCE, "ro", "en")
    with_context = ScoreRequest(TEXTS[1], word_spans(TEXTS[1]), context=TEXTS[0])
    return [*plain, with_source, with_context]


def _pass(scores: PassScores) -> dict[str, Any]:
    return {
        "words": [[w.surprisal, w.surprisal_max, w.surprisal_first, w.rank_first, w.entropy, w.n_tokens] for w in scores.words],
        "alternatives": [[text for text, _ in w.alternatives[:3]] for w in scores.words],
        "tokens": list(scores.token_surprisals),
    }


def observed(scorer: Any) -> dict[str, Any]:
    scored = scorer.score(requests())
    return {
        "target": [_pass(s.target) for s in scored],
        "conditioned": [_pass(s.conditioned) if s.conditioned is not None else None for s in scored],
        "continuations": list(scorer.score_continuations(CONTINUATIONS)),
    }


def _mismatches(expected: Any, actual: Any, where: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict) and expected.keys() == actual.keys():
        return [m for key in expected for m in _mismatches(expected[key], actual[key], f"{where}.{key}")]
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [m for i, (e, a) in enumerate(zip(expected, actual)) for m in _mismatches(e, a, f"{where}[{i}]")]
    if isinstance(expected, float) and isinstance(actual, (int, float)):
        return [] if math.isclose(expected, actual, abs_tol=TOLERANCE) else [f"{where}: {expected} -> {actual}"]
    return [] if expected == actual else [f"{where}: {expected!r} -> {actual!r}"]


@pytest.fixture(scope="module")
def guard_scorer():  # type: ignore[no-untyped-def]
    """The tiny model with weights drawn here, not by transformers' own initializers, which may
    change between releases (transformers is not pinned) without the scorer changing at all."""
    import torch

    from mtqa.lm.transformers_scorer import TransformersScorer

    model, tokenizer = build_tiny_model()
    generator = torch.Generator().manual_seed(20261208)
    with torch.no_grad():
        for name, parameter in sorted(model.named_parameters()):
            if name.endswith("norm.weight"):
                parameter.fill_(1.0)
            else:
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.05)
    return TransformersScorer(model, tokenizer, "tiny-random", dtype="fp32")


def test_the_scorer_gives_the_numbers_recorded_for_this_scoring_version(guard_scorer) -> None:  # type: ignore[no-untyped-def]
    actual = observed(guard_scorer)
    if os.environ.get("MTQA_RECORD_SCORES") == "1":
        RECORDED.write_text(json.dumps(actual, indent=0) + "\n", encoding="utf-8")
    if not RECORDED.exists():
        pytest.fail(f"no scores recorded for SCORING_VERSION {SCORING_VERSION}: see this module's docstring")
    mismatches = _mismatches(json.loads(RECORDED.read_text(encoding="utf-8")), actual)
    assert not mismatches, (
        f"the scorer's numbers changed but codec.SCORING_VERSION is still {SCORING_VERSION}, so stale cached "
        f"scores would be served: bump it and re-record (module docstring). First differences: {mismatches[:5]}"
    )


def test_the_guard_notices_a_moved_number() -> None:
    recorded = {"target": [{"words": [[1.25, 2.0]], "alternatives": [["the"]]}]}
    moved = {"target": [{"words": [[1.25, 2.01]], "alternatives": [["the"]]}]}
    renamed = {"target": [{"words": [[1.25, 2.0]], "alternatives": [["a"]]}]}
    assert _mismatches(recorded, json.loads(json.dumps(recorded))) == []
    assert _mismatches(recorded, moved) == [".target[0].words[0][1]: 2.0 -> 2.01"]
    assert len(_mismatches(recorded, renamed)) == 1
