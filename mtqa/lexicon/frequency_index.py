"""wordfreq's frequency tables for the foreign-word comparison, kept on disk in SQLite.

Foreignness asks how common a word is in 14 other languages. wordfreq answers from tables it
loads whole into memory, which took 1.7 s and 450 MB on every run, while a file needs a few
hundred lookups. The tables are copied once (about 12 s, 100 MB, like the model's conversion)
into an SQLite file in the user cache, named by wordfreq's version so an upgrade never reads a
stale copy, and read a word at a time.

The numbers must equal wordfreq's, because the heads were trained on them: tokens come from
wordfreq's own ``lossy_tokenize`` and number smashing, and only the table lookup is replaced.
``tests/test_frequency_index.py`` compares the two on words of every language. Anything that
goes wrong with the file (unwritable cache, corruption, a lock) falls back to wordfreq itself.

The connection lives as long as a :func:`frequency_session`, which the engine opens around
each check, not as long as the process: outside a session the lookups go to wordfreq's own
tables (the same numbers, read from memory).
"""

from __future__ import annotations

import importlib.metadata
import math
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from wordfreq import available_languages, cB_to_freq, lossy_tokenize, read_cBpack, zipf_frequency
from wordfreq.numbers import digit_freq, smash_numbers

from mtqa.storage.environment import process_variable

INDEX_VERSION = 1
MINIMUM_FREQUENCY = 1e-9
"""What ``zipf_frequency(..., minimum=0)`` floors a frequency at: Zipf 0."""


def index_path() -> Path:
    """``MTQA_WORDFREQ_INDEX`` if set, else next to the converted models in the cache folder."""
    configured = process_variable("MTQA_WORDFREQ_INDEX")
    if configured:
        return Path(configured)
    from mtqa.storage.cache_root import cache_root

    version = importlib.metadata.version("wordfreq")
    return cache_root() / "lexicon" / f"wordfreq-{version}-v{INDEX_VERSION}.sqlite3"


class FrequencyIndex:
    """Zipf frequencies of words in a fixed set of languages, read from the SQLite copy."""

    def __init__(self, path: Path, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self._connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        stored = {row[0] for row in self._connection.execute("SELECT lang FROM languages")}
        if not set(languages) <= stored:
            self._connection.close()
            raise sqlite3.DatabaseError(f"index lacks {sorted(set(languages) - stored)}")

    def _frequency(self, token: str, lang: str) -> float | None:
        with self._lock:
            row = self._connection.execute("SELECT bucket FROM freq WHERE lang = ? AND token = ?", (lang, token)).fetchone()
        return None if row is None else float(cB_to_freq(-row[0]))

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def zipf(self, word: str, lang: str) -> float:
        """``wordfreq.zipf_frequency(word, lang)``, step for step, with the lookup on disk."""
        tokens = lossy_tokenize(word, lang)
        if not tokens:
            return 0.0
        one_over_result = 0.0
        for token in tokens:
            smashed = smash_numbers(token)
            frequency = self._frequency(smashed, lang)
            if frequency is None:
                return 0.0
            if smashed != token:
                frequency *= digit_freq(token)
            one_over_result += 1.0 / frequency
        unrounded = max(1.0 / one_over_result, MINIMUM_FREQUENCY)
        rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
        return round(math.log(rounded, 10) + 9, 2)


def build_index(path: Path, languages: tuple[str, ...]) -> None:
    """Write the index for ``languages`` to ``path`` atomically (temp file, then rename), so a
    second process building at the same time, or an interrupted build, never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("CREATE TABLE languages(lang TEXT PRIMARY KEY)")
            connection.execute("CREATE TABLE freq(lang TEXT, token TEXT, bucket INTEGER, PRIMARY KEY(lang, token)) WITHOUT ROWID")
            files = available_languages("best")
            for lang in languages:
                # Later buckets overwrite earlier ones, as in wordfreq.get_frequency_dict.
                buckets = {token: index for index, bucket in enumerate(read_cBpack(files[lang])) for token in bucket}
                connection.executemany(
                    "INSERT INTO freq VALUES (?, ?, ?)", ((lang, token, buckets[token]) for token in sorted(buckets))
                )
                connection.execute("INSERT INTO languages VALUES (?)", (lang,))
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _WordfreqTables:
    """The fallback: wordfreq's in-memory tables, loaded as they are used."""

    def zipf(self, word: str, lang: str) -> float:
        return float(zipf_frequency(word, lang))

    def close(self) -> None:
        """Nothing to close: wordfreq owns its tables."""


Frequencies = FrequencyIndex | _WordfreqTables
_SESSION: ContextVar[dict[tuple[str, ...], Frequencies] | None] = ContextVar("mtqa_frequency_session", default=None)


def open_foreign_frequencies(languages: tuple[str, ...]) -> Frequencies:
    """The index for ``languages``, built if missing or damaged; wordfreq itself if that fails.
    The caller closes it."""
    path = index_path()
    for attempt in range(2):
        try:
            return FrequencyIndex(path, languages)
        except (sqlite3.Error, OSError):
            if attempt:
                break
            try:
                build_index(path, languages)
            except (sqlite3.Error, OSError):
                break
    return _WordfreqTables()


@contextmanager
def frequency_session() -> Iterator[None]:
    """A scope in which the index is opened once, on first use, and closed at the end. Nested
    sessions share the outer one."""
    if _SESSION.get() is not None:
        yield
        return
    opened: dict[tuple[str, ...], Frequencies] = {}
    token = _SESSION.set(opened)
    try:
        yield
    finally:
        _SESSION.reset(token)
        for frequencies in opened.values():
            frequencies.close()


def foreign_frequencies(languages: tuple[str, ...]) -> Frequencies:
    """The session's index for ``languages``; outside a session, wordfreq's tables."""
    opened = _SESSION.get()
    if opened is None:
        return _WordfreqTables()
    if languages not in opened:
        opened[languages] = open_foreign_frequencies(languages)
    return opened[languages]


__all__ = ["FrequencyIndex", "build_index", "foreign_frequencies", "frequency_session", "index_path", "open_foreign_frequencies"]
