"""``mtqa cache info`` and ``mtqa cache clear``: looking into the score cache from outside a run.

Apart from the cache itself (``cache.py``) because these open the file on their own, briefly,
while other runs may be using it, and never create it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.lm import cache
from mtqa.lm.cache import BUSY_TIMEOUT, LANGUAGE_SIGNATURE_PREFIX, connect, is_corrupt, sidecars, transaction


@dataclass(frozen=True)
class ModelEntries:
    signature: str
    segments: int
    continuations: int


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    exists: bool
    size_bytes: int
    """The file plus its write-ahead log."""
    entries: int
    models: tuple[ModelEntries, ...]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, *sidecars(path)) if p.exists())


def cache_info(path: Path | None = None) -> CacheInfo:
    """What the cache holds; never creates the file. MtqaError (one line) if it can't be read."""
    path = path or cache.default_path()  # looked up at call time: MTQA_CACHE_DIR may change
    if not path.exists():
        return CacheInfo(path, False, 0, 0, ())
    try:
        connection = connect(path, BUSY_TIMEOUT)
        try:
            rows = connection.execute(
                "SELECT m.signature, typeof(e.value) = 'real', count(*) FROM entries e JOIN models m ON m.id = e.model "
                "GROUP BY m.signature, typeof(e.value) = 'real' ORDER BY m.signature"
            ).fetchall()
        finally:
            connection.close()
    except (sqlite3.Error, OSError) as exc:
        raise MtqaError(f"score cache {path} can't be read: {exc}") from exc
    counts: dict[str, list[int]] = {}
    for signature, is_continuation, count in rows:
        counts.setdefault(signature, [0, 0])[int(is_continuation)] += count
    models = tuple(ModelEntries(sig, seg, cont) for sig, (seg, cont) in counts.items())
    entries = sum(m.segments + m.continuations for m in models)
    return CacheInfo(path, True, _size(path), entries, models)


def clear_cache(path: Path | None = None) -> int:
    """Empty the cache and give its space back; returns the number of entries dropped.

    Rows are deleted rather than the file unlinked, so a run using the cache at the same time
    keeps a consistent database. A file that is not a database at all is simply removed.
    """
    path = path or cache.default_path()  # looked up at call time: MTQA_CACHE_DIR may change
    if not path.exists():
        return 0
    try:
        connection = connect(path, BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        if not is_corrupt(exc):
            raise MtqaError(f"score cache {path} can't be cleared: {exc}") from exc
        for item in (path, *sidecars(path)):
            item.unlink(missing_ok=True)
        return 0
    except OSError as exc:
        raise MtqaError(f"score cache {path} can't be cleared: {exc}") from exc
    try:
        with transaction(connection):
            (count,) = connection.execute("SELECT count(*) FROM entries").fetchone()
            connection.execute("DELETE FROM entries")
            connection.execute("DELETE FROM models")
    except sqlite3.Error as exc:
        connection.close()
        raise MtqaError(f"score cache {path} can't be cleared: {exc}") from exc
    try:
        # Giving the space back is a bonus: another run reading right now may prevent it.
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        connection.close()
    return int(count)


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def describe(info: CacheInfo) -> str:
    """``mtqa cache info``: where, how big, and for which models."""
    if not info.exists:
        return f"path: {info.path}\nsize: 0 B (not created yet)\nentries: 0\n"
    models = [m for m in info.models if not m.signature.startswith(LANGUAGE_SIGNATURE_PREFIX)]
    answers = sum(m.segments for m in info.models if m.signature.startswith(LANGUAGE_SIGNATURE_PREFIX))
    segments = sum(m.segments for m in models)
    continuations = sum(m.continuations for m in models)
    kinds = f"{segments} segments, {continuations} continuations" + (f", {answers} language answers" if answers else "")
    lines = [f"path: {info.path}", f"size: {_human(info.size_bytes)}", f"entries: {info.entries} ({kinds})"]
    lines += [f"model {m.signature}: {m.segments} segments, {m.continuations} continuations" for m in models]
    if answers:
        lines.append(f"language answers (langdetect, for MT202): {answers}")
    return "\n".join(lines) + "\n"
