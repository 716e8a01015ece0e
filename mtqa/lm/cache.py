"""The score cache: one SQLite file in the user cache folder, shared by every run on the machine.

Why it is built like this:
- WAL mode with a busy timeout and short write transactions, so two runs (two CI jobs, an
  editor and a terminal) read and write at the same time; ``INSERT OR IGNORE`` makes a race to
  store the same scores harmless, as both computed the same numbers.
- The cache is an accelerator, never a dependency: a corrupt file, a lock held beyond the
  timeout, a read-only folder or a full disk cost one warning line and a recompute, never a
  failed check. A file that is not a database is moved aside and started afresh.
- Rows remember when they were last used (to the day, so a re-check writes nothing), and the
  least recently used are dropped once the live data passes the size limit.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from mtqa.lm.codec import SCHEMA
from mtqa.storage.cache_root import cache_root

BUSY_TIMEOUT = 5.0
"""Seconds to wait for another run's write before giving up on the cache for this run."""
DEFAULT_MAX_BYTES = 2 * 1024**3
REFRESH_AFTER = 86_400
"""A hit older than this (seconds) gets its last-used time refreshed; younger hits write nothing."""
LANGUAGE_SIGNATURE_PREFIX = "langdetect@"
"""Rows stored by mtqa.pipeline.language_cache: language answers, not LM scores."""
CHUNK = 500
"""Keys per ``IN (...)`` query, well under SQLite's bound-parameter limit."""
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

_TABLES = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS models (id INTEGER PRIMARY KEY, signature TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS entries (
    key BLOB NOT NULL PRIMARY KEY, model INTEGER NOT NULL, value BLOB NOT NULL, used INTEGER NOT NULL
);
PRAGMA user_version = {SCHEMA};
COMMIT;
"""

Warn = Callable[[str], None]


def default_path() -> Path:
    """Next to the converted models, so MTQA_CACHE_DIR moves (and a CI cache keeps) both."""
    return cache_root() / f"scores-v{SCHEMA}.sqlite3"


def _warn_on_stderr(message: str) -> None:
    sys.stderr.write(f"mtqa: warning: {message}\n")
    sys.stderr.flush()


def is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc)
    return "not a database" in text or "malformed" in text


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """An open, migrated connection; raises sqlite3.Error or OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        _set_up(connection, time.monotonic() + timeout)
    except BaseException:
        connection.close()
        raise
    return connection


def _set_up(connection: sqlite3.Connection, deadline: float) -> None:
    """WAL mode and the tables, retried until ``deadline`` while another run holds the file.

    Switching a new file to WAL while a second run is creating its tables fails at once with
    "database is locked": SQLite does not call the busy handler for a journal-mode change, so
    two runs starting together on an empty cache would otherwise drop it.
    """
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                connection.executescript(_TABLES)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            if connection.in_transaction:
                connection.rollback()
            time.sleep(0.02)


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the write lock up front, so it waits (busy timeout)
    at BEGIN rather than failing halfway through."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


class ScoreCache:
    """Cached values by key, for one process; opened on first use, shut off on first failure."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        timeout: float = BUSY_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        warn: Warn = _warn_on_stderr,
    ) -> None:
        self.path = path or default_path()
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._warn = warn
        self._connection: sqlite3.Connection | None = None
        self._disabled = False
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        """A connection can't cross processes; a copy reopens the file when it needs it."""
        state = self.__dict__.copy()
        state.update(_connection=None, _lock=None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _lock=threading.Lock())

    @property
    def enabled(self) -> bool:
        """False once the cache has failed in this process; everything is recomputed then."""
        return not self._disabled

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Any]:
        """The stored value of each key that has one."""
        if not keys:
            return {}
        with self._lock:
            connection = self._open()
            if connection is None:
                return {}
            found: dict[bytes, Any] = {}
            stale: list[bytes] = []
            now = int(time.time())
            try:
                unique = list(dict.fromkeys(keys))
                for start in range(0, len(unique), CHUNK):
                    chunk = unique[start : start + CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(f"SELECT key, value, used FROM entries WHERE key IN ({marks})", chunk)
                    for key, value, used in rows:
                        found[key] = value
                        if used < now - REFRESH_AFTER:
                            stale.append(key)
            except sqlite3.Error as exc:
                self._give_up(exc)
                return {}
            if stale:
                try:
                    with transaction(connection):
                        connection.executemany("UPDATE entries SET used = ? WHERE key = ?", [(now, k) for k in stale])
                except sqlite3.Error as exc:
                    self._give_up(exc)  # what was read is still good
            return found

    def put_many(self, model: str, items: Sequence[tuple[bytes, Any]]) -> None:
        """Store values computed by the scorer whose signature is ``model``."""
        if not items:
            return
        with self._lock:
            connection = self._open()
            if connection is None:
                return
            now = int(time.time())
            try:
                with transaction(connection):
                    model_id = self._model_id(connection, model)
                    connection.executemany(
                        "INSERT OR IGNORE INTO entries (key, model, value, used) VALUES (?, ?, ?, ?)",
                        [(key, model_id, value, now) for key, value in items],
                    )
                self._evict(connection)
            except sqlite3.Error as exc:
                self._give_up(exc)

    def disable(self, reason: str) -> None:
        """Stop using the cache in this process, with one warning."""
        with self._lock:
            self._give_up(RuntimeError(reason))

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # ---- internals --------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        if self._disabled or self._connection is not None:
            return self._connection
        try:
            self._connection = connect(self.path, self._timeout)
        except sqlite3.Error as exc:
            if not is_corrupt(exc):
                self._give_up(exc)
                return None
            try:
                aside = self._move_aside()
                self._connection = connect(self.path, self._timeout)
            except (sqlite3.Error, OSError) as again:
                self._give_up(again)
                return None
            self._warn(f"score cache {self.path} was unreadable ({exc}); moved it to {aside.name} and started afresh")
        except OSError as exc:
            self._give_up(exc)
        return self._connection

    def _move_aside(self) -> Path:
        aside = self.path.with_name(self.path.name + ".corrupt")
        os.replace(self.path, aside)
        for sidecar in sidecars(self.path):
            sidecar.unlink(missing_ok=True)
        return aside

    def _give_up(self, exc: BaseException) -> None:
        """Warn once and carry on without the cache; the scores are recomputed."""
        if self._connection is not None:
            with suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None
        if isinstance(exc, sqlite3.Error) and is_corrupt(exc):
            with suppress(OSError):
                self._move_aside()
        if not self._disabled:
            self._disabled = True
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self._warn(f"score cache {self.path} unusable ({reason}); scoring without it")

    @staticmethod
    def _model_id(connection: sqlite3.Connection, model: str) -> int:
        """Looked up in every write transaction: ``mtqa cache clear`` may have run meanwhile."""
        connection.execute("INSERT OR IGNORE INTO models (signature) VALUES (?)", (model,))
        (model_id,) = connection.execute("SELECT id FROM models WHERE signature = ?", (model,)).fetchone()
        return int(model_id)

    def _evict(self, connection: sqlite3.Connection) -> None:
        """Drop the least recently used rows once the live data passes the limit, down to 80%."""
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        live = (pages - free) * page_size
        if live <= self._max_bytes:
            return
        (total,) = connection.execute("SELECT count(*) FROM entries").fetchone()
        drop = max(1, int(total * (1 - 0.8 * self._max_bytes / live)))
        with transaction(connection):
            connection.execute("DELETE FROM entries WHERE key IN (SELECT key FROM entries ORDER BY used LIMIT ?)", (drop,))


# ---- `mtqa cache info` and `mtqa cache clear` ------------------------------------------------
