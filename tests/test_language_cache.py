"""langdetect's answers come back from the score cache, so a re-check runs no detection."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtqa.text.langid
from mtqa.lm.cache import ScoreCache
from mtqa.pipeline.language_cache import SIGNATURE, language_key, languages_from_cache
from mtqa.text.langid import LanguageMemo

TEXTS = [
    "Der Vertrag wurde gestern unterzeichnet und sofort veröffentlicht.",
    "The contract was signed yesterday and published at once.",
    "123 456",
]


def test_answers_are_stored_then_served_without_detecting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    memo = LanguageMemo()
    with languages_from_cache(TEXTS, cache, memo):
        first = [memo.detect(text) for text in TEXTS]
    assert first[0] is not None and first[0][0] == "de"
    assert first[2] is None  # nothing to go on: stored as such, not detected again either

    def refuse(text: str) -> object:
        raise AssertionError(f"langdetect ran on {text!r}")

    monkeypatch.setattr(mtqa.text.langid, "detect_langs", refuse)
    fresh = LanguageMemo()
    with languages_from_cache(TEXTS, ScoreCache(tmp_path / "scores.sqlite3"), fresh):
        again = [fresh.detect(text) for text in TEXTS]
    assert again == first


def test_only_detected_texts_are_stored(tmp_path: Path) -> None:
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    memo = LanguageMemo()
    with languages_from_cache(TEXTS, cache, memo):
        memo.detect(TEXTS[1])
    stored = cache.get_many([language_key(text) for text in TEXTS])
    assert list(stored) == [language_key(TEXTS[1])]


def test_a_foreign_value_is_detected_anew(tmp_path: Path) -> None:
    cache = ScoreCache(tmp_path / "scores.sqlite3")
    cache.put_many(SIGNATURE, [(language_key(TEXTS[0]), b"\x00not json")])
    memo = LanguageMemo()
    with languages_from_cache(TEXTS, cache, memo):
        assert memo.detect(TEXTS[0]) is not None


def test_no_cache_still_detects() -> None:
    memo = LanguageMemo()
    with languages_from_cache(TEXTS, None, memo):
        detected = memo.detect(TEXTS[1])
    assert detected is not None and detected[0] == "en"


def test_two_memos_share_nothing() -> None:
    first = LanguageMemo()
    first.remember({TEXTS[1]: ("xx", 0.99)})  # a planted answer stays in its own memo
    assert first.detect(TEXTS[1]) == ("xx", 0.99)
    second = LanguageMemo()
    detected = second.detect(TEXTS[1])
    assert detected is not None and detected[0] == "en"


def test_the_memo_is_bounded() -> None:
    memo = LanguageMemo(limit=2)
    memo.remember({"a": None, "b": None})
    memo.remember({"c": None})
    assert memo.remembered(["a", "b", "c"]) == {"c": None}
