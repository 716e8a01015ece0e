"""Scoring correction candidates: many short continuations of a few shared prefixes.

The candidates for one flagged word share everything up to the word (the source prompt and the
left context), so that part runs once per word and its key/value cache is copied to each
candidate: with a source prompt that is most of every sequence. The words themselves are
batched, so a document's corrections cost two forward calls per batch, not two per word (each
call pays for every layer's kernels again).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mtqa.lm.alignment import padded_width
from mtqa.lm.torch_runtime import torch

CONTINUATION_BATCH_TOKENS = 4096
"""Cached key/value positions held at once by a batch of correction candidates: for the
default model 18 KB each in bf16, so a batch's copied cache stays under 80 MB."""


@dataclass
class SharedPrefix:
    """The candidates of one flagged word: the ids they share, and what follows for each."""

    shared: list[int]
    owners: list[int]
    rests: list[list[int]]


@dataclass
class PrefixBatch:
    """Groups run together, and the widths their prefixes and rests are padded to."""

    groups: list[SharedPrefix]
    prefix_width: int
    rest_width: int


def prefix_batches(groups: Sequence[SharedPrefix], window: float) -> list[PrefixBatch]:
    """Groups batched only with groups of the same padded shape, under a budget of cached
    key/value positions.

    Prefixes and rests are right-padded to a multiple of BUCKET_TOKENS that depends on the
    group alone, so a candidate's score does not depend on which other words are corrected in
    the same run (issue 18). A sliding-window layer measures its window (``window``,
    ``math.inf`` for none) in cache positions, padding included, so a group whose padded length
    would reach it runs alone and unpadded, as before.
    """
    batches: list[PrefixBatch] = []
    current: list[SharedPrefix] = []
    current_shape = (0, 0)
    for group in sorted(groups, key=_shape):
        shape = _shape(group)
        rows = sum(len(g.rests) for g in current) + len(group.rests)
        if shape[0] + shape[1] >= window:
            batches.append(PrefixBatch([group], len(group.shared), max(len(rest) for rest in group.rests)))
            continue
        if current and (shape != current_shape or rows * sum(shape) > CONTINUATION_BATCH_TOKENS):
            batches.append(PrefixBatch(current, *current_shape))
            current = []
        current.append(group)
        current_shape = shape
    if current:
        batches.append(PrefixBatch(current, *current_shape))
    return batches


def _shape(group: SharedPrefix) -> tuple[int, int]:
    return padded_width(len(group.shared)), padded_width(max(len(rest) for rest in group.rests))


def sliding_window(model: Any) -> float:
    return getattr(model.config, "sliding_window", None) or math.inf


def continuation_hidden(decoder: Any, pad: int, cache_argument: str, batch: PrefixBatch) -> torch.Tensor:
    """Hidden states that predict each token of each rest after its prefix, in order.

    The prefixes run once, right-padded, with a cache; the cache rows are then copied to
    each prefix's rests, which run as one right-padded batch. A rest's position ids go on
    from its own prefix's length and its mask hides the other prefixes' padding, so each
    row computes what its unpadded sequence would. The first token of every rest is
    predicted by its prefix's last position, the others by the rest's own positions.
    """
    groups = batch.groups
    lengths = [len(group.shared) for group in groups]
    width = batch.prefix_width
    prefix_ids = torch.full((len(groups), width), pad, dtype=torch.long)
    prefix_mask = torch.zeros((len(groups), width), dtype=torch.long)
    for row, group in enumerate(groups):
        prefix_ids[row, : lengths[row]] = torch.tensor(group.shared, dtype=torch.long)
        prefix_mask[row, : lengths[row]] = 1
    prefix = decoder(input_ids=prefix_ids, attention_mask=prefix_mask, use_cache=True)
    cache = prefix.cache if cache_argument == "cache" else prefix.past_key_values
    owners = [row for row, group in enumerate(groups) for _ in group.rests]
    cache.reorder_cache(torch.tensor(owners, dtype=torch.long))
    rests = [rest for group in groups for rest in group.rests]
    rest_width = batch.rest_width
    input_ids = torch.full((len(rests), rest_width), pad, dtype=torch.long)
    attention = torch.zeros((len(rests), width + rest_width), dtype=torch.long)
    positions = torch.zeros((len(rests), rest_width), dtype=torch.long)
    for row, (owner, rest) in enumerate(zip(owners, rests)):
        input_ids[row, : len(rest)] = torch.tensor(rest, dtype=torch.long)
        attention[row, : lengths[owner]] = 1
        attention[row, width : width + len(rest)] = 1
        positions[row] = torch.arange(lengths[owner], lengths[owner] + rest_width)
    after = decoder(
        input_ids=input_ids,
        attention_mask=attention,
        position_ids=positions,
        use_cache=True,
        **{cache_argument: cache},
    )
    last_shared = prefix.last_hidden_state[torch.arange(len(groups)), torch.tensor(lengths) - 1]
    rows = [
        torch.cat([last_shared[owner : owner + 1], after.last_hidden_state[row, : len(rest) - 1]])
        for row, (owner, rest) in enumerate(zip(owners, rests))
    ]
    return torch.cat(rows)
