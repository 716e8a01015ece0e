"""Baselines: accept today's findings so that CI fails only on new ones.

A baseline file lists the fingerprints of the findings a run produced. Fingerprints hash the
code, the file, the flagged text and its context — not line numbers — so entries keep matching
when unrelated lines move. Applying a baseline drops matching findings before the gate, so
counts and pass/fail reflect only what is new. Entries that no longer match anything are
reported as stale (never failing the run), but only for files this run checked with the
entry's code selected: a run over part of a tree says nothing about the rest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

from mtqa import __version__
from mtqa.errors import InputError
from mtqa.storage.paths import display_path
from mtqa.storage.reading import read_regular_bytes
from mtqa.types import DocumentResult, Report

BASELINE_VERSION = 1
DEFAULT_BASELINE = Path(".mtqa-baseline.json")
_ENTRY_FIELDS = ("fingerprint", "code", "path", "text", "message")
_STALE_SHOWN = 3
MAX_BASELINE_BYTES = 50_000_000
"""A baseline of a million findings is under 300 MB of JSON … but one of a few thousand, as
real ones are, is well under a megabyte; 50 MB keeps a hostile file from eating memory."""


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    code: str
    path: str
    text: str
    message: str

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.path, self.code, self.text, self.fingerprint)


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()

    @cached_property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(entry.fingerprint for entry in self.entries)


@dataclass(frozen=True)
class Applied:
    """Documents without the accepted findings, how many were dropped, and the stale entries."""

    documents: tuple[DocumentResult, ...]
    suppressed: int
    stale: tuple[BaselineEntry, ...]


def from_report(report: Report) -> Baseline:
    entries = {
        finding.fingerprint: BaselineEntry(finding.fingerprint, finding.code, document.path, finding.text, finding.message)
        for document, _, finding in report.iter_findings()
    }
    return Baseline(tuple(sorted(entries.values(), key=BaselineEntry.sort_key)))


def dumps(baseline: Baseline, created: datetime | None = None) -> str:
    moment = (created or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    data = {
        "version": BASELINE_VERSION,
        "mtqa_version": __version__,
        "created": moment,
        "entries": [
            {name: getattr(entry, name) for name in _ENTRY_FIELDS}
            for entry in sorted(baseline.entries, key=BaselineEntry.sort_key)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def load_baseline(path: Path) -> Baseline:
    """Read a baseline; a missing or malformed file is a one-line InputError naming it."""
    name = display_path(path)
    if not os.path.lexists(path):
        raise InputError(name, "no such baseline file (create it with 'mtqa baseline')")
    raw = read_regular_bytes(path, MAX_BASELINE_BYTES, name)  # no FIFO, device or endless file
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(name, f"not a baseline file: {exc}") from None
    except RecursionError:
        raise InputError(name, "not a baseline file: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of over 4,300 digits
        raise InputError(name, f"not a baseline file: {exc}") from None
    return Baseline(_entries(data, name))


def _entries(data: Any, name: str) -> tuple[BaselineEntry, ...]:
    if not isinstance(data, dict) or "entries" not in data:
        raise InputError(name, "not a baseline file: expected an object with 'entries'")
    if data.get("version") != BASELINE_VERSION:
        raise InputError(name, f"unsupported baseline version {data.get('version')!r} (expected {BASELINE_VERSION})")
    raw = data["entries"]
    if not isinstance(raw, list):
        raise InputError(name, "not a baseline file: 'entries' must be a list")
    entries = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not all(isinstance(item.get(f), str) for f in _ENTRY_FIELDS):
            raise InputError(name, f"entry {index}: expected strings {', '.join(_ENTRY_FIELDS)}")
        entries.append(BaselineEntry(*(item[f] for f in _ENTRY_FIELDS)))
    return tuple(entries)


def apply_baseline(documents: Sequence[DocumentResult], baseline: Baseline, judged: Callable[[BaselineEntry], bool]) -> Applied:
    """Drop findings the baseline accepts; ``judged`` says which entries this run could have matched."""
    accepted = baseline.fingerprints
    seen: set[str] = set()
    suppressed = 0
    kept_documents = []
    for document in documents:
        segments = []
        for segment in document.segments:
            seen.update(f.fingerprint for f in segment.findings)
            kept = tuple(f for f in segment.findings if f.fingerprint not in accepted)
            suppressed += len(segment.findings) - len(kept)
            segments.append(replace(segment, findings=kept) if len(kept) != len(segment.findings) else segment)
        kept_documents.append(replace(document, segments=tuple(segments)))
    stale = tuple(e for e in baseline.entries if e.fingerprint not in seen and judged(e))
    return Applied(tuple(kept_documents), suppressed, stale)


def stale_note(stale: Sequence[BaselineEntry]) -> str:
    shown = ", ".join(f"{e.path} {e.code} '{e.text}'" if e.text else f"{e.path} {e.code}" for e in stale[:_STALE_SHOWN])
    more = f", and {len(stale) - _STALE_SHOWN} more" if len(stale) > _STALE_SHOWN else ""
    plural = "entry no longer matches" if len(stale) == 1 else "entries no longer match"
    return f"baseline: {len(stale)} stale {plural} a finding ({shown}{more}); run 'mtqa baseline' to refresh it"
