"""The on-disk frequency index must give wordfreq's numbers exactly: the heads were trained on them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from wordfreq import get_frequency_list, top_n_list, zipf_frequency

from mtqa.lexicon.frequency import FOREIGN_CANDIDATES
from mtqa.lexicon.frequency_index import (
    FrequencyIndex,
    _WordfreqTables,
    build_index,
    foreign_frequencies,
    frequency_session,
    open_foreign_frequencies,
)

CRAFTED = [
    "Poutine", "PUTIN", "Litiger", "chome", "l'homme", "dell'anno", "state-of-the-art", "e-mail", "don't",
    "1999", "2024", "3,5", "12th", "x2", "A4", "Straße", "İstanbul", "ISTANBUL", "Łódź", "über", "ÇOK",
    "zzqxv", "", "   ", "...", "—", "co-op", "naïve", "Ångström", "the", "de", "und",
]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FrequencyIndex]:
    built = open_foreign_frequencies(FOREIGN_CANDIDATES)
    assert isinstance(built, FrequencyIndex), "the index could not be built or opened"
    yield built
    built.close()


def sample_words(lang: str) -> list[str]:
    """Common words, words from the rarest buckets (the ones foreignness is about), capitalised
    and upper-cased forms, and the crafted cases: tokenization, numbers, apostrophes, casing."""
    common = top_n_list(lang, 2000)[::5]
    buckets = get_frequency_list(lang)
    rare = [word for bucket in buckets[-60::6] for word in bucket[:25]]
    return [*common, *rare, *(w.capitalize() for w in rare[:80]), *(w.upper() for w in common[:80]), *CRAFTED]


@pytest.mark.parametrize("lang", FOREIGN_CANDIDATES)
def test_index_equals_wordfreq(index: FrequencyIndex, lang: str) -> None:
    words = sample_words(lang)
    pairs = [(word, index.zipf(word, lang), zipf_frequency(word, lang)) for word in words]
    different = [pair for pair in pairs if pair[1] != pair[2]]
    assert not different, different[:10]
    assert any(zipf_frequency(w, lang) > 0 for w in words) and any(zipf_frequency(w, lang) == 0 for w in words)


def test_a_corrupt_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"this is not an SQLite file" * 100)
    monkeypatch.setenv("MTQA_WORDFREQ_INDEX", str(path))
    rebuilt = open_foreign_frequencies(("fr",))
    assert isinstance(rebuilt, FrequencyIndex)
    assert rebuilt.zipf("bonjour", "fr") == zipf_frequency("bonjour", "fr") > 3


def test_an_index_missing_a_language_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "index.sqlite3"
    build_index(path, ("fr",))
    monkeypatch.setenv("MTQA_WORDFREQ_INDEX", str(path))
    with pytest.raises(sqlite3.DatabaseError):
        FrequencyIndex(path, ("fr", "de"))
    widened = open_foreign_frequencies(("fr", "de"))
    assert isinstance(widened, FrequencyIndex)
    assert widened.zipf("Straße", "de") == zipf_frequency("Straße", "de") > 3


def test_an_unwritable_cache_falls_back_to_wordfreq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MTQA_WORDFREQ_INDEX", str(blocker / "index.sqlite3"))
    fallback = open_foreign_frequencies(("fr",))
    assert isinstance(fallback, _WordfreqTables)
    assert fallback.zipf("bonjour", "fr") == zipf_frequency("bonjour", "fr")
    assert not list(tmp_path.glob("**/*.tmp"))


def test_a_session_opens_the_index_once_and_closes_it() -> None:
    assert isinstance(foreign_frequencies(("fr",)), _WordfreqTables)  # no session: nothing held open
    with frequency_session():
        opened = foreign_frequencies(("fr",))
        assert isinstance(opened, FrequencyIndex)
        with frequency_session():  # a nested session shares the outer one
            assert foreign_frequencies(("fr",)) is opened
        assert opened.zipf("bonjour", "fr") == zipf_frequency("bonjour", "fr")
    with pytest.raises(sqlite3.ProgrammingError):  # closed with the session
        opened.zipf("bonjour", "fr")
