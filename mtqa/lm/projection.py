"""The vocabulary projection: log-prob, entropy, rank and top alternatives of each scored token.

Gemma's 262k-entry output layer costs more than the transformer itself, so hidden states are
projected onto the vocabulary only at the positions being scored, in chunks, and every statistic
comes out of that one projection.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mtqa.lm.alignment import TOP_K
from mtqa.lm.torch_runtime import torch

HEAD_CHUNK_ROWS = 64
"""Scored positions per vocabulary projection: 64 rows keep the matrix product efficient (1.6×
faster than 16) while the chunk's logits stay small (64 × 262k in bf16 is 34 MB; 256 rows in
fp32 with temporaries once held ~1.3 GB at peak)."""
HEAD_BLOCK_ROWS = 8
"""Rows per pass over the logits after the projection: 8 × 262k floats (8 MB) fit in cache."""


class VocabularyHead:
    """A model's output layer with the buffers its statistics reuse from call to call."""

    def __init__(self, head: Any, softcap: float | None) -> None:
        self._head = head
        self._softcap = softcap
        self._logits: torch.Tensor | None = None
        self._block_buffers: tuple[torch.Tensor, torch.Tensor] | None = None

    def stats(self, hidden: torch.Tensor, targets: torch.Tensor, *, full: bool) -> tuple[np.ndarray, ...]:
        """Log-prob, entropy, rank and top-k of each target, from one vocabulary projection.

        The projection runs over HEAD_CHUNK_ROWS positions at a time (a matrix product wants
        many rows), but everything after it runs on HEAD_BLOCK_ROWS rows, in place, with one
        ``exp``: a block of Gemma's 262k logits then stays in the CPU cache across the six
        passes over it. That is 2.2× faster than log_softmax and softmax on the whole chunk.

        Every chunk is projected into the same preallocated buffer, so the 32 MB of logits are
        not allocated again per chunk (see ``_block_stats`` for why that matters).
        """
        k = TOP_K if full else 1
        parts: list[list[np.ndarray]] = [[], [], [], [], []]
        for start in range(0, hidden.shape[0], HEAD_CHUNK_ROWS):
            projected = self._project(hidden[start : start + HEAD_CHUNK_ROWS])
            chunk_targets = targets[start : start + HEAD_CHUNK_ROWS]
            for block in range(0, projected.shape[0], HEAD_BLOCK_ROWS):
                stats = self._block_stats(
                    projected[block : block + HEAD_BLOCK_ROWS], chunk_targets[block : block + HEAD_BLOCK_ROWS], k, full
                )
                for part, values in zip(parts, stats):
                    part.append(values)
        if not parts[0]:
            empty = np.zeros(0, dtype=np.float32)
            return empty, empty, empty.astype(np.int64), np.zeros((0, k), np.int64), np.zeros((0, k), np.float32)
        logprob = np.concatenate(parts[0])
        if not full:
            n = len(logprob)
            return (
                logprob,
                np.zeros(n, np.float32),
                np.zeros(n, np.int64),
                np.zeros((n, 1), np.int64),
                np.zeros((n, 1), np.float32),
            )
        return (logprob, *(np.concatenate(p) for p in parts[1:]))

    def _project(self, hidden: torch.Tensor) -> torch.Tensor:
        """The output layer on up to HEAD_CHUNK_ROWS positions, written into one reused buffer
        (valid until the next call). The weights are already in the compute dtype (bf16
        weights under bf16), so autocast has nothing to add and is left out of the product."""
        if not isinstance(self._head, torch.nn.Linear):
            return self._head(hidden)
        weight = self._head.weight
        rows = hidden.shape[0]
        if self._logits is None or self._logits.dtype != weight.dtype:
            self._logits = torch.empty((HEAD_CHUNK_ROWS, weight.shape[0]), dtype=weight.dtype)
        out = self._logits[:rows]
        with torch.autocast("cpu", enabled=False):
            torch.matmul(hidden.to(weight.dtype), weight.t(), out=out)
        if self._head.bias is not None:
            out.add_(self._head.bias)
        return out

    def _block_stats(self, projected: torch.Tensor, targets: torch.Tensor, k: int, full: bool) -> list[np.ndarray]:
        """Shifted by the row maximum m, the logits are f = logit - m, the normaliser is
        log Σ exp f, and the entropy is log Σ exp f - Σ exp(f)·f / Σ exp f.

        Every vocabulary-wide step writes into two float buffers reused across blocks: no
        temporary as large as the block is allocated. Counting a boolean mask (it widens to
        int64 first) or ``vecdot`` would allocate one, and those 8 to 16 MB temporaries, freed
        between the small arrays kept per block, made glibc grow the heap by up to a gigabyte
        in a long document.
        """
        rows, vocabulary = projected.shape
        if self._block_buffers is None or self._block_buffers[0].shape[1] != vocabulary:
            self._block_buffers = (
                torch.empty((HEAD_BLOCK_ROWS, vocabulary), dtype=torch.float32),
                torch.empty((HEAD_BLOCK_ROWS, vocabulary), dtype=torch.float32),
            )
        shifted, scratch = (buffer[:rows] for buffer in self._block_buffers)
        shifted.copy_(projected)
        if self._softcap:
            shifted.div_(self._softcap).tanh_().mul_(self._softcap)
        shifted.sub_(shifted.amax(dim=-1, keepdim=True))
        target = shifted.gather(1, targets[:, None])
        if full:
            rank = torch.gt(shifted, target, out=scratch).sum(-1).to(torch.int64)  # exact below 2^24
            top = torch.topk(shifted, k, dim=-1)
        exps = torch.exp(shifted, out=scratch)
        total = exps.sum(-1)
        log_total = torch.log(total)
        out = [(target[:, 0] - log_total).numpy()]
        if full:
            entropy = log_total - exps.mul_(shifted).sum(-1) / total
            out += [entropy.numpy(), rank.numpy(), top.indices.numpy(), (top.values - log_total[:, None]).numpy()]
        return out
