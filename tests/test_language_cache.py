"""langdetect's answers come back from the score cache, so a re-check runs no detection."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtqa.text.langid
from mtqa.lm.cache import ScoreCache
from mtqa.pipeline.language_cache import SIGNATURE, language_key, languages_from_cache
from mtqa.text.langid import detect_language

TEXTS = [
    "Der Vertrag wurde gestern unterzeichnet und sofort veröffentlicht.",
    "The contract was signed yesterday and published at once.",
    "123 456",
]


@pytest.fixture(autouse=True)
def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mtqa.text.langid, "_KNOWN", {})


def test_answers_are_stored_then_served_without_detecting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    with languages_from_cache(TEXTS, cache):
        first = [detect_language(text) for text in TEXTS]
    assert first[0] is not None and first[0][0] == "de"
    assert first[2] is None  # nothing to go on: stored as such, not detected again either

    def refuse(text: str) -> object:
        raise AssertionError(f"langdetect ran on {text!r}")

    monkeypatch.setattr(mtqa.text.langid, "_KNOWN", {})
    monkeypatch.setattr(mtqa.text.langid, "detect_langs", refuse)
    with languages_from_cache(TEXTS, ScoreCache(tmp_path / "scores.sqlite3")):
        again = [detect_language(text) for text in TEXTS]
    assert again == first


def test_only_detected_texts_are_stored(tmp_path: Path) -> None:
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    with languages_from_cache(TEXTS, cache):
        detect_language(TEXTS[1])
    stored = cache.get_many([language_key(text) for text in TEXTS])
    assert list(stored) == [language_key(TEXTS[1])]


def test_a_foreign_value_is_detected_anew(tmp_path: Path) -> None:
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    cache.put_many(SIGNATURE, [(language_key(TEXTS[0]), b"\x00not json")])
    with languages_from_cache(TEXTS, cache):
        assert detect_language(TEXTS[0]) is not None


def test_no_cache_still_detects() -> None:
    with languages_from_cache(TEXTS, None):
        detected = detect_language(TEXTS[1])
    assert detected is not None and detected[0] == "en"
