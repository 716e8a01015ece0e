"""Cache keys and the stored form of scores.

Keys are sha256 digests, so the cache never holds the segment or source text. Segment scores
are stored as zlib-compressed JSON arrays, continuation log-probs as plain doubles. JSON because
a cache file is data another user could plant, and decoding JSON into typed fields can yield
wrong numbers at worst, never run code (pickle could); arrays rather than objects because field
names repeated per word would triple the size.
Python's float repr round-trips, so decoded scores equal the computed ones bit for bit. The only
text stored is the model's top alternative tokens, which corrections need.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from typing import Any

from mtqa import __version__
from mtqa.lm.base import Continuation, PassScores, ScoreRequest, SegmentScores, WordScores

SCHEMA = 1
"""Bump when the key recipe or the value layout changes: the cache file name carries it, so old
files are simply never read again."""


SCORING_VERSION = "07380c78c5226666"
"""Bump when the scorer's numbers change: every cached score and log-prob is keyed on it.

Until 2026-12-08 the key held a digest of the scoring modules' source, so a comment or a
refactor retired the whole cache and a 35,000-segment feature extraction had to start over.
Now the numbers themselves are the guard: ``tests/test_scoring_version.py`` scores fixed
requests with the tiny model and compares them with the values recorded for this version, so
a change that moves them fails until this string is bumped and the values re-recorded. The
string kept the last source digest, so the caches written before the change stay valid.
"""


def code_version() -> str:
    """The mtqa version plus the scoring version: a release or a scoring change retires the cache."""
    return f"{__version__}:{SCORING_VERSION}"


def digest(parts: list[Any]) -> bytes:
    text = json.dumps([SCHEMA, code_version(), *parts], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).digest()


def request_key(signature: str, request: ScoreRequest) -> bytes:
    """Everything ``Scorer.score`` reads, under the scorer's signature (weights, dtype, prompt).

    Only LM outputs are cached; the QE head and the features are recomputed from them on every
    run, so a new head version reuses the scores and needs no place in the key.
    """
    words = [[span.start, span.end] for span in request.words]
    fields = ["score", signature, request.text, words, request.source, request.source_lang, request.target_lang]
    # Appended only when set, so keys made before document context existed stay valid.
    return digest([*fields, request.context] if request.context else fields)


def continuation_key(signature: str, item: Continuation) -> bytes:
    return digest(["cont", signature, item.prefix, item.text, item.source, item.source_lang, item.target_lang])


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":")).encode("ascii"), 6)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("ascii"))


def _pass_to_list(scores: PassScores) -> list[Any]:
    words = [
        [w.surprisal, w.surprisal_max, w.surprisal_first, w.rank_first, w.entropy, w.n_tokens, [list(a) for a in w.alternatives]]
        for w in scores.words
    ]
    return [words, list(scores.token_surprisals)]


def _pass_from_list(value: list[Any]) -> PassScores:
    words, surprisals = value
    return PassScores(
        words=tuple(
            WordScores(
                surprisal=float(s),
                surprisal_max=float(s_max),
                surprisal_first=float(s_first),
                rank_first=int(rank),
                entropy=float(entropy),
                n_tokens=int(n_tokens),
                alternatives=tuple((sys.intern(str(text)), float(logprob)) for text, logprob in alternatives),
            )
            for s, s_max, s_first, rank, entropy, n_tokens, alternatives in words
        ),
        token_surprisals=tuple(float(x) for x in surprisals),
    )


def encode_scores(scores: SegmentScores) -> bytes:
    conditioned = _pass_to_list(scores.conditioned) if scores.conditioned is not None else None
    return _pack([_pass_to_list(scores.target), conditioned])


def decode_scores(blob: bytes) -> SegmentScores:
    """ValueError for anything that is not what ``encode_scores`` wrote."""
    try:
        target, conditioned = _unpack(blob)
        return SegmentScores(_pass_from_list(target), _pass_from_list(conditioned) if conditioned is not None else None)
    except (zlib.error, UnicodeDecodeError, TypeError, KeyError, IndexError) as exc:
        raise ValueError(f"unreadable cached scores: {exc}") from exc


def decode_logprob(value: object) -> float:
    """Continuation log-probs are stored as SQLite REALs (IEEE doubles, so exact) without any
    packing; ValueError for anything else found in their place."""
    if not isinstance(value, float):
        raise ValueError("unreadable cached log-prob: not a number")
    return value
