"""From tokens to words, and the forward jobs that cover a segment: no torch here.

The scorer (mtqa.lm.transformers_scorer) cuts each segment's token ids into windowed jobs,
batches them by length, and gets back per-token statistics; this module turns those into the
per-word scores the features read. Being plain Python and numpy, it is tested without a model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mtqa.lm.base import PassScores, WordScores
from mtqa.types import Span

TOP_K = 8
WINDOW_TOKENS = 384
WINDOW_OVERLAP = 64
MAX_BATCH_TOKENS = 4096
MAX_BATCH_SIZE = 16
BUCKET_TOKENS = 16
"""Sequences are padded to a multiple of this many tokens and batched only with others of the
same padded width. A row's numbers then depend on its own length alone: in bf16, padding a
sequence to a longer batch-mate's width changed its log-probs by up to 0.14 nats, so the same
segment scored differently depending on which files ran with it (issue 18). Rows of one width
give the same numbers whatever else is in the batch."""


@dataclass
class Job:
    """One forward sequence; tokens from ``score_from`` on are scored."""

    ids: list[int]
    score_from: int
    owner: int
    kind: str
    first_target: int
    """Index, among the owner's target tokens, of the first token this job scores."""


@dataclass
class TokenStats:
    logprob: np.ndarray
    entropy: np.ndarray
    rank: np.ndarray
    top_ids: np.ndarray
    top_logprob: np.ndarray


def windows(prefix: list[int], ids: list[int], owner: int, kind: str) -> list[Job]:
    """Long segments are scored in overlapping windows, never re-split."""
    if not ids:
        return []
    jobs = []
    for start in range(0, len(ids), WINDOW_TOKENS):
        context = ids[max(0, start - WINDOW_OVERLAP) : start]
        chunk = ids[start : start + WINDOW_TOKENS]
        jobs.append(Job(prefix + context + chunk, len(prefix) + len(context), owner, kind, start))
    return jobs


def padded_width(tokens: int) -> int:
    """The width a sequence of ``tokens`` is padded to: the next multiple of BUCKET_TOKENS."""
    return -(-tokens // BUCKET_TOKENS) * BUCKET_TOKENS


def batches(jobs: Sequence[Job]) -> list[list[int]]:
    """Batches of one padded width each, under a token budget, in order of width."""
    order = sorted(range(len(jobs)), key=lambda i: (padded_width(len(jobs[i].ids)), i))
    out: list[list[int]] = []
    current: list[int] = []
    current_width = 0
    for index in order:
        width = padded_width(len(jobs[index].ids))
        full = (len(current) + 1) * width > MAX_BATCH_TOKENS or len(current) >= MAX_BATCH_SIZE
        if current and (width != current_width or full):
            out.append(current)
            current = []
        current.append(index)
        current_width = width
    if current:
        out.append(current)
    return out


def trimmed_spans(text: str, offsets: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token character spans with the leading space trimmed off each."""
    spans = []
    for start, end in offsets:
        while start < end and text[start].isspace():
            start += 1
        spans.append((start, end))
    return spans


def pass_scores(
    parts: list[tuple[int, TokenStats]],
    n_tokens: int,
    spans: list[tuple[int, int]],
    words: tuple[Span, ...],
    token_text: Callable[[int], str],
) -> PassScores:
    """One pass's per-word scores from its jobs' token statistics (``parts``: first target
    token index and stats of each job). ``token_text`` names a token for the alternatives."""
    logprob = np.zeros(n_tokens, np.float32)
    entropy = np.zeros(n_tokens, np.float32)
    rank = np.zeros(n_tokens, np.int64)
    top_ids = np.zeros((n_tokens, TOP_K), np.int64)
    top_lp = np.zeros((n_tokens, TOP_K), np.float32)
    for first, stat in parts:
        size = len(stat.logprob)
        logprob[first : first + size] = stat.logprob
        entropy[first : first + size] = stat.entropy
        rank[first : first + size] = stat.rank
        top_ids[first : first + size] = stat.top_ids
        top_lp[first : first + size] = stat.top_logprob
    word_scores = []
    token_index = 0
    for word in words:
        while token_index < n_tokens and spans[token_index][1] <= word.start:
            token_index += 1
        members = []
        probe = token_index
        while probe < n_tokens and spans[probe][0] < word.end:
            if spans[probe][1] > word.start:
                members.append(probe)
            probe += 1
        if not members:
            # A word hidden inside a neighbour's token: borrow the nearest token's scores.
            members = [min(token_index, n_tokens - 1)] if n_tokens else []
        if not members:
            word_scores.append(WordScores(0.0, 0.0, 0.0, 0, 0.0, 0, ()))
            continue
        surprisals = [-float(logprob[m]) for m in members]
        first = members[0]
        alternatives = tuple((token_text(int(top_ids[first, j])), float(top_lp[first, j])) for j in range(TOP_K))
        word_scores.append(
            WordScores(
                surprisal=sum(surprisals),
                surprisal_max=max(surprisals),
                surprisal_first=surprisals[0],
                rank_first=int(rank[first]),
                entropy=float(entropy[first]),
                n_tokens=len(members),
                alternatives=alternatives,
            )
        )
    token_surprisals = tuple(-float(x) for x in logprob if math.isfinite(float(x)))
    return PassScores(words=tuple(word_scores), token_surprisals=token_surprisals)
