"""Converted weights that are what they say they are.

A converted built-in model is a folder of files in the user cache: anything can damage them (a
full disk, a killed copy, a stray write, an attacker). Used silently, damaged weights give
fluency 0 with exit 0, and their scores go into the score cache under an unchanged signature.
So the conversion records every file's size, sha256 and the sha256 of its head (for
safetensors, the length-prefixed header that says where each tensor is) in ``mtqa-model.json``,
and every load checks:

* each file's size and head, which is cheap (a few kilobytes read);
* the full sha256 of any file whose size or mtime differs from when it was last verified
  (recorded in ``mtqa-verified.json``), since a write that keeps the size still moves the mtime;
* the full sha256 of every file on ``mtqa models verify`` and ``mtqa models prefetch``.

A mismatch is a ModelError naming the file (exit 2); ``mtqa models`` shows the folder as broken,
and ``prefetch`` converts it again. It is never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import tempfile
from pathlib import Path
from typing import Any

from mtqa.errors import ModelError

META_FILE = "mtqa-model.json"
VERIFIED_FILE = "mtqa-verified.json"
_HEAD_BYTES = 1 << 16
_MAX_HEADER = 100_000_000
"""A safetensors header is a few hundred kilobytes; a longer length prefix means damage."""


def _head_length(path: Path, size: int) -> int:
    """How much of a file its head digest covers: the safetensors header, or the first 64 KiB."""
    if path.suffix != ".safetensors":
        return min(size, _HEAD_BYTES)
    with path.open("rb") as handle:
        prefix = handle.read(8)
    if len(prefix) < 8:
        return size
    (header,) = struct.unpack("<Q", prefix)
    return min(size, 8 + header) if header <= _MAX_HEADER else min(size, _HEAD_BYTES)


def _digest(path: Path, limit: int | None = None) -> str:
    digest = hashlib.sha256()
    left = limit
    with path.open("rb") as handle:
        while left is None or left > 0:
            block = handle.read(1 << 20 if left is None else min(1 << 20, left))
            if not block:
                break
            digest.update(block)
            if left is not None:
                left -= len(block)
    return digest.hexdigest()


def _recorded_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name not in {META_FILE, VERIFIED_FILE})


def record(folder: Path) -> dict[str, dict[str, Any]]:
    """At conversion: name → size, sha256 and head sha256 of every file of the folder."""
    files: dict[str, dict[str, Any]] = {}
    for path in _recorded_files(folder):
        size = path.stat().st_size
        files[path.name] = {"size": size, "sha256": _digest(path), "head_sha256": _digest(path, _head_length(path, size))}
    _save_verified(folder, {name: _stamp(folder / name) for name in files})
    return files


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _load_verified(folder: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((folder / VERIFIED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_verified(folder: Path, stamps: dict[str, list[int]]) -> None:
    """Best effort: without the record, the next load digests the files again."""
    with contextlib.suppress(OSError):
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{VERIFIED_FILE}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(stamps, stream)
            os.replace(name, folder / VERIFIED_FILE)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)


def verify(folder: Path, meta: dict[str, Any], *, full: bool = False) -> None:
    """Raise ModelError (naming the file) unless the folder holds exactly what was converted."""
    files = meta.get("files")
    if not isinstance(files, dict) or not files:
        raise ModelError(f"{folder / META_FILE}: records no file digests (converted by an older mtqa)")
    verified = _load_verified(folder)
    changed = False
    for name, expected in files.items():
        path = folder / name
        where = f"model file {path}"
        try:
            size = path.stat().st_size
            if not isinstance(expected, dict) or size != expected.get("size"):
                raise ModelError(f"{where}: damaged (size {size}, expected {expected.get('size')})")
            if _digest(path, _head_length(path, size)) != expected.get("head_sha256"):
                raise ModelError(f"{where}: damaged (its header does not match the conversion)")
            if full or verified.get(name) != _stamp(path):
                if _digest(path) != expected.get("sha256"):
                    raise ModelError(f"{where}: damaged (sha256 does not match the conversion)")
                verified[name] = _stamp(path)
                changed = True
        except FileNotFoundError:
            raise ModelError(f"{where}: missing") from None
        except OSError as error:
            raise ModelError(f"{where}: cannot read ({error.strerror or error})") from None
    if changed:
        _save_verified(folder, verified)


def read_meta(folder: Path) -> dict[str, Any]:
    """``mtqa-model.json`` as a dict, or a ModelError naming it."""
    path = folder / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: missing") from None
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: unreadable ({error})") from None
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in ("version", "sha256")):
        raise ModelError(f"{path}: not an mtqa model record")
    return meta
