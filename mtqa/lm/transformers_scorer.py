"""The Scorer implemented on a transformers causal LM, tuned for a small CPU.

Why it is shaped like this:
- Gemma's 262k-entry output layer costs more than the transformer itself, so hidden states are
  projected onto the vocabulary only at the positions being scored, in chunks, and log-prob,
  entropy, rank and top alternatives come out of that one projection.
- Sequences are sorted by length and batched under a token budget, so padding stays small.
- The target is tokenized once; the source-conditioned pass only puts a prompt in front of the
  same token ids, so the two passes compare token by token (PMI).
- Long segments are scored in overlapping windows, never re-split.
"""

from __future__ import annotations

import inspect
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# oneDNN caches a bf16 matrix-multiply primitive for every input shape it meets (up to 1,024),
# and batches of text come in many shapes. With the head's buffers reused, a 1,000-segment check
# peaked at 1.53 GB with that cache and 1.30 GB without it (BENCHMARKS.md); the corrections,
# which once paid for rebuilding primitives per word, now run in two calls per batch. Set
# before torch first uses oneDNN; a user's own setting wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0")

import torch

from mtqa.errors import ModelError
from mtqa.lm.base import Continuation, PassScores, ScoreRequest, SegmentScores, WordScores
from mtqa.lm.models import DEFAULT_MODEL
from mtqa.lm.prompt import source_prompt
from mtqa.lm.registry import resolve
from mtqa.lm.signature import scorer_signature, uses_bf16
from mtqa.lm.tokenizer_process import TokenizerProcess, TokenizerProcessError, special_tokens
from mtqa.types import Span

TOP_K = 8
WINDOW_TOKENS = 384
WINDOW_OVERLAP = 64
MAX_BATCH_TOKENS = 4096
MAX_BATCH_SIZE = 16
HEAD_CHUNK_ROWS = 64
"""Scored positions per vocabulary projection: 64 rows keep the matrix product efficient (1.6×
faster than 16) while the chunk's logits stay small (64 × 262k in bf16 is 34 MB; 256 rows in
fp32 with temporaries once held ~1.3 GB at peak)."""
HEAD_BLOCK_ROWS = 8
"""Rows per pass over the logits after the projection: 8 × 262k floats (8 MB) fit in cache."""
CONTINUATION_BATCH_TOKENS = 4096
"""Cached key/value positions held at once by a batch of correction candidates: for the
default model 18 KB each in bf16, so a batch's copied cache stays under 80 MB."""


def _from_pretrained(
    location: str, bf16: bool, builtin: bool = False, tokenizer: TokenizerProcess | None = None
) -> tuple[Any, Any]:
    """Load tokenizer and model, trying the local Hugging Face cache before the network.

    The tokenizer loads beside the model: in the child process ``tokenizer`` when the caller
    started one (it overlaps the imports too), else on a second thread, which overlaps only
    the weights. With bf16 the weights are loaded as bf16: half the memory, and no per-call
    casts, where fp32 weights under autocast kept a second, bf16 copy of every matrix as well.
    """
    from concurrent.futures import ThreadPoolExecutor

    from transformers import AutoModelForCausalLM

    def load_model(local_only: bool) -> Any:
        # safetensors only: a model folder must never be able to run code through pickle.
        weights = torch.bfloat16 if bf16 else torch.float32
        return AutoModelForCausalLM.from_pretrained(location, dtype=weights, local_files_only=local_only, use_safetensors=True)

    for local_only in (True, False):
        try:
            if tokenizer is None:
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtqa-tokenizer") as pool:
                    loading = pool.submit(_load_tokenizer, location, local_only, builtin)
                    model = load_model(local_only)
                    return loading.result(), model
            model = load_model(local_only)
            try:
                return tokenizer.ready(), model
            except TokenizerProcessError:
                tokenizer.close()
                return _load_tokenizer(location, local_only, builtin), model
        except OSError:
            if not local_only:
                raise
    raise AssertionError("unreachable")


def _load_tokenizer(location: str, local_only: bool, builtin: bool) -> Any:
    """The built-in models' folders are written by mtqa with a ``tokenizer.json``, which the
    generic fast tokenizer reads directly: AutoTokenizer would first parse the 33 MB file in
    Python and scan every model module transformers has (1.5 s more). Only the tokenizer.json
    pipeline matters, since mtqa adds BOS itself; tests compare both on the built-in model."""
    if builtin:
        from transformers import PreTrainedTokenizerFast

        special = special_tokens(Path(location))
        return PreTrainedTokenizerFast(tokenizer_file=str(Path(location) / "tokenizer.json"), **special)
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(location, local_files_only=local_only)


@dataclass
class _Job:
    """One forward sequence; tokens from ``score_from`` on are scored."""

    ids: list[int]
    score_from: int
    owner: int
    kind: str
    first_target: int
    """Index, among the owner's target tokens, of the first token this job scores."""


@dataclass
class _SharedPrefix:
    """The candidates of one flagged word: the ids they share, and what follows for each."""

    shared: list[int]
    owners: list[int]
    rests: list[list[int]]


@dataclass
class _TokenStats:
    logprob: np.ndarray
    entropy: np.ndarray
    rank: np.ndarray
    top_ids: np.ndarray
    top_logprob: np.ndarray


class TransformersScorer:
    """Scores segments with any transformers causal LM (built-in alias, hub id or folder)."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        signature: str,
        *,
        multilingual: bool = True,
        dtype: str = "auto",
        threads: int | None = None,
    ) -> None:
        if not getattr(tokenizer, "is_fast", False):
            raise ModelError("the model's tokenizer has no fast version, which mtqa needs for offsets")
        self._model = model.eval()
        self._tokenizer = tokenizer
        self._decoder = model.get_decoder()
        self._head = model.get_output_embeddings()
        self._logits: torch.Tensor | None = None
        self._block_buffers: tuple[torch.Tensor, torch.Tensor] | None = None
        self._softcap = getattr(model.config, "final_logit_softcapping", None)
        self._multilingual = multilingual
        self._bf16 = uses_bf16(dtype)
        self._bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
        if not self._bos:
            eos = tokenizer.eos_token_id
            self._bos = [eos] if eos is not None else []
        self._pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        self._token_texts: dict[int, str] = {}
        # transformers 5.2x renamed ``past_key_values`` to ``cache``; 4.5x knows only the old name.
        parameters = inspect.signature(self._decoder.forward).parameters
        self._cache_argument = "cache" if "cache" in parameters else "past_key_values"
        torch.set_num_threads(threads or os.cpu_count() or 1)
        # Built by the torch-free function the score cache uses, so the two always agree.
        self._signature = scorer_signature(signature, self._bf16)

    @classmethod
    def load(
        cls,
        spec: str = DEFAULT_MODEL,
        *,
        dtype: str = "auto",
        threads: int | None = None,
        tokenizer: TokenizerProcess | None = None,
    ) -> TransformersScorer:
        """``tokenizer``: the model's tokenizer already loading in a child process (see
        ``mtqa.lm.tokenizer_process.start_builtin``, which must run before torch is imported)."""
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        from huggingface_hub.utils import logging as hub_logging

        hub_logging.set_verbosity_error()
        resolved = resolve(spec)
        bf16 = uses_bf16(dtype)
        try:
            loaded_tokenizer, model = _from_pretrained(
                resolved.load_from, bf16, builtin=resolved.builtin is not None, tokenizer=tokenizer
            )
        except OSError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load model {spec!r}: {first_line}") from exc
        return cls(model, loaded_tokenizer, resolved.signature, multilingual=resolved.multilingual, dtype=dtype, threads=threads)

    @property
    def signature(self) -> str:
        return self._signature

    @property
    def conditions_on_source(self) -> bool:
        return self._multilingual

    @property
    def loaded(self) -> bool:
        return True  # built with its weights

    @property
    def cache(self) -> None:
        return None

    # ---- public API -------------------------------------------------------------------------

    def score(self, requests: Sequence[ScoreRequest]) -> list[SegmentScores]:
        encodings = [self._encode_target(request.text) for request in requests]
        jobs: list[_Job] = []
        for owner, (request, (ids, _)) in enumerate(zip(requests, encodings)):
            jobs.extend(self._windows(self._bos, ids, owner, "target"))
            if request.source and self._multilingual:
                prompt = self._bos + self._tokenize(source_prompt(request.source, request.source_lang, request.target_lang))
                jobs.extend(self._windows(prompt, ids, owner, "cond"))
        stats = self._run(jobs, full=True)
        self._learn_token_texts(np.concatenate([stat.top_ids.ravel() for stat in stats]) if stats else np.zeros(0, np.int64))
        per_owner: dict[tuple[int, str], list[tuple[int, _TokenStats]]] = {}
        for job, stat in zip(jobs, stats):
            per_owner.setdefault((job.owner, job.kind), []).append((job.first_target, stat))
        results = []
        for owner, (request, (ids, spans)) in enumerate(zip(requests, encodings)):
            target = self._pass_scores(per_owner.get((owner, "target"), []), len(ids), spans, request.words)
            cond_parts = per_owner.get((owner, "cond"))
            conditioned = self._pass_scores(cond_parts, len(ids), spans, request.words) if cond_parts else None
            results.append(SegmentScores(target=target, conditioned=conditioned))
        return results

    def score_continuations(self, items: Sequence[Continuation]) -> list[float]:
        """Total log-prob of each item's text after its prefix.

        The candidates for one flagged word share everything up to the word (the source prompt
        and the left context), so that part runs once per word and its key/value cache is
        copied to each candidate: with a source prompt that is most of every sequence. The
        words themselves are batched, so a document's corrections cost two forward calls per
        batch, not two per word (each call pays for every layer's kernels again).
        """
        groups: dict[tuple[int, ...], list[tuple[int, list[int]]]] = {}
        for owner, item in enumerate(items):
            prefix_ids = self._bos
            if item.source and self._multilingual:
                prefix_ids = self._bos + self._tokenize(source_prompt(item.source, item.source_lang, item.target_lang))
            encoding = self._tokenizer(item.prefix + item.text, add_special_tokens=False, return_offsets_mapping=True)
            ids = list(encoding["input_ids"])
            boundary = len(item.prefix)
            first = next((i for i, (_, end) in enumerate(encoding["offset_mapping"]) if end > boundary), len(ids))
            context = ids[:first][-WINDOW_TOKENS:]
            groups.setdefault(tuple(prefix_ids + context), []).append((owner, ids[first:]))
        shared_groups: list[_SharedPrefix] = []
        unshared: list[_Job] = []
        for shared, members in groups.items():
            members = [(owner, rest) for owner, rest in members if rest]
            if not members:
                continue
            if not shared:  # a model with neither BOS nor EOS and nothing before the word
                unshared += [_Job(rest, 1, owner, "cont", 0) for owner, rest in members]
            else:
                shared_groups.append(_SharedPrefix(list(shared), [o for o, _ in members], [r for _, r in members]))
        totals = np.zeros(len(items), np.float64)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            for batch in self._prefix_batches(shared_groups):
                hidden = self._continuation_hidden(batch)
                targets = [token for group in batch for rest in group.rests for token in rest]
                owners = [o for group in batch for o, rest in zip(group.owners, group.rests) for _ in rest]
                logprob = self._head_stats(hidden, torch.tensor(targets, dtype=torch.long), full=False)[0]
                np.add.at(totals, np.array(owners), logprob)
        for job, stat in zip(unshared, self._run(unshared, full=False)):
            totals[job.owner] = float(stat.logprob.sum())
        return [float(total) for total in totals]

    def _prefix_batches(self, groups: Sequence[_SharedPrefix]) -> list[list[_SharedPrefix]]:
        """Groups of similar prefix length, under a budget of cached key/value positions.

        Prefixes are right-padded to the longest in the batch. A sliding-window layer measures
        its window in cache positions, padding included, so a batch whose padded length would
        reach the window holds a single prefix (no padding, as if run alone).
        """
        window = getattr(self._model.config, "sliding_window", None) or math.inf
        batches: list[list[_SharedPrefix]] = []
        current: list[_SharedPrefix] = []
        for group in sorted(groups, key=lambda g: len(g.shared)):
            trial = [*current, group]
            length = len(group.shared) + max(len(rest) for g in trial for rest in g.rests)
            rows = sum(len(g.rests) for g in trial)
            if current and (rows * length > CONTINUATION_BATCH_TOKENS or length >= window):
                batches.append(current)
                trial = [group]
            current = trial
        if current:
            batches.append(current)
        return batches

    def _continuation_hidden(self, groups: Sequence[_SharedPrefix]) -> torch.Tensor:
        """Hidden states that predict each token of each rest after its prefix, in order.

        The prefixes run once, right-padded, with a cache; the cache rows are then copied to
        each prefix's rests, which run as one right-padded batch. A rest's position ids go on
        from its own prefix's length and its mask hides the other prefixes' padding, so each
        row computes what its unpadded sequence would. The first token of every rest is
        predicted by its prefix's last position, the others by the rest's own positions.
        """
        lengths = [len(group.shared) for group in groups]
        width = max(lengths)
        prefix_ids = torch.full((len(groups), width), self._pad, dtype=torch.long)
        prefix_mask = torch.zeros((len(groups), width), dtype=torch.long)
        for row, group in enumerate(groups):
            prefix_ids[row, : lengths[row]] = torch.tensor(group.shared, dtype=torch.long)
            prefix_mask[row, : lengths[row]] = 1
        prefix = self._decoder(input_ids=prefix_ids, attention_mask=prefix_mask, use_cache=True)
        cache = prefix.cache if self._cache_argument == "cache" else prefix.past_key_values
        owners = [row for row, group in enumerate(groups) for _ in group.rests]
        cache.reorder_cache(torch.tensor(owners, dtype=torch.long))
        rests = [rest for group in groups for rest in group.rests]
        rest_width = max(len(rest) for rest in rests)
        input_ids = torch.full((len(rests), rest_width), self._pad, dtype=torch.long)
        attention = torch.zeros((len(rests), width + rest_width), dtype=torch.long)
        positions = torch.zeros((len(rests), rest_width), dtype=torch.long)
        for row, (owner, rest) in enumerate(zip(owners, rests)):
            input_ids[row, : len(rest)] = torch.tensor(rest, dtype=torch.long)
            attention[row, : lengths[owner]] = 1
            attention[row, width : width + len(rest)] = 1
            positions[row] = torch.arange(lengths[owner], lengths[owner] + rest_width)
        after = self._decoder(
            input_ids=input_ids,
            attention_mask=attention,
            position_ids=positions,
            use_cache=True,
            **{self._cache_argument: cache},
        )
        last_shared = prefix.last_hidden_state[torch.arange(len(groups)), torch.tensor(lengths) - 1]
        rows = [
            torch.cat([last_shared[owner : owner + 1], after.last_hidden_state[row, : len(rest) - 1]])
            for row, (owner, rest) in enumerate(zip(owners, rests))
        ]
        return torch.cat(rows)

    # ---- tokenization -----------------------------------------------------------------------

    def _tokenize(self, text: str) -> list[int]:
        return list(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def _encode_target(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and their character spans, with the leading space trimmed off each span."""
        encoding = self._tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        spans = []
        for start, end in encoding["offset_mapping"]:
            while start < end and text[start].isspace():
                start += 1
            spans.append((start, end))
        return list(encoding["input_ids"]), spans

    def _windows(self, prefix: list[int], ids: list[int], owner: int, kind: str) -> list[_Job]:
        if not ids:
            return []
        jobs = []
        for start in range(0, len(ids), WINDOW_TOKENS):
            context = ids[max(0, start - WINDOW_OVERLAP) : start]
            chunk = ids[start : start + WINDOW_TOKENS]
            jobs.append(_Job(prefix + context + chunk, len(prefix) + len(context), owner, kind, start))
        return jobs

    # ---- the forward passes -----------------------------------------------------------------

    def _batches(self, jobs: Sequence[_Job]) -> list[list[int]]:
        """Length-sorted batches under a token budget, so little compute goes to padding."""
        order = sorted(range(len(jobs)), key=lambda i: len(jobs[i].ids))
        batches: list[list[int]] = []
        current: list[int] = []
        for index in order:
            width = len(jobs[index].ids)
            if current and ((len(current) + 1) * width > MAX_BATCH_TOKENS or len(current) >= MAX_BATCH_SIZE):
                batches.append(current)
                current = []
            current.append(index)
        if current:
            batches.append(current)
        return batches

    def _run(self, jobs: Sequence[_Job], *, full: bool) -> list[_TokenStats]:
        results: list[_TokenStats | None] = [None] * len(jobs)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            for batch in self._batches(jobs):
                for index, stat in zip(batch, self._forward([jobs[i] for i in batch], full=full)):
                    results[index] = stat
        return [r for r in results if r is not None]

    def _forward(self, jobs: Sequence[_Job], *, full: bool) -> list[_TokenStats]:
        width = max(len(job.ids) for job in jobs)
        input_ids = torch.full((len(jobs), width), self._pad, dtype=torch.long)
        attention = torch.zeros((len(jobs), width), dtype=torch.long)
        rows: list[int] = []
        cols: list[int] = []
        targets: list[int] = []
        sizes: list[int] = []
        for b, job in enumerate(jobs):
            input_ids[b, : len(job.ids)] = torch.tensor(job.ids, dtype=torch.long)
            attention[b, : len(job.ids)] = 1
            positions = range(job.score_from - 1, len(job.ids) - 1)
            rows.extend([b] * len(positions))
            cols.extend(positions)
            targets.extend(job.ids[p + 1] for p in positions)
            sizes.append(len(positions))
        hidden = self._decoder(input_ids=input_ids, attention_mask=attention).last_hidden_state
        picked = hidden[torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long)]
        stats = self._head_stats(picked, torch.tensor(targets, dtype=torch.long), full=full)
        out = []
        offset = 0
        for size in sizes:
            out.append(_TokenStats(*(array[offset : offset + size] for array in stats)))
            offset += size
        return out

    def _head_stats(self, hidden: torch.Tensor, targets: torch.Tensor, *, full: bool) -> tuple[np.ndarray, ...]:
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

    # ---- from tokens to words ---------------------------------------------------------------

    def _learn_token_texts(self, token_ids: np.ndarray) -> None:
        """Look up the strings of many tokens in two tokenizer calls, not two per token: with the
        tokenizer in a child process each call is a round trip (2,000 of them on the seed)."""
        new = [int(i) for i in np.unique(token_ids) if int(i) not in self._token_texts]
        if not new:
            return
        pieces = self._tokenizer.convert_ids_to_tokens(new)
        texts = self._tokenizer.batch_decode([[i] for i in new])
        for token_id, piece, text in zip(new, pieces, texts):
            initial = (piece or "").startswith(("▁", "Ġ", " "))
            self._token_texts[token_id] = f" {text.strip()}" if initial else text.strip()

    def _token_text(self, token_id: int) -> str:
        """Decoded token; a leading space marks a token that starts a new word. The one string
        per token is shared by every alternative that names it: a block of 1,024 segments
        holds hundreds of thousands of them."""
        if token_id not in self._token_texts:
            self._learn_token_texts(np.array([token_id]))
        return self._token_texts[token_id]

    def _pass_scores(
        self,
        parts: list[tuple[int, _TokenStats]],
        n_tokens: int,
        spans: list[tuple[int, int]],
        words: tuple[Span, ...],
    ) -> PassScores:
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
            alternatives = tuple((self._token_text(int(top_ids[first, j])), float(top_lp[first, j])) for j in range(TOP_K))
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
