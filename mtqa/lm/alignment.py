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


def batches(jobs: Sequence[Job]) -> list[list[int]]:
    """Length-sorted batches under a token budget, so little compute goes to padding."""
    order = sorted(range(len(jobs)), key=lambda i: len(jobs[i].ids))
    out: list[list[int]] = []
    current: list[int] = []
    for index in order:
        width = len(jobs[index].ids)
        if current and ((len(current) + 1) * width > MAX_BATCH_TOKENS or len(current) >= MAX_BATCH_SIZE):
            out.append(current)
            current = []
        current.append(index)
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
