"""The Scorer implemented on a transformers causal LM, tuned for a small CPU.

Why it is shaped like this:
- The output layer is projected only at the positions being scored (mtqa.lm.projection).
- Sequences are sorted by length and batched under a token budget, so padding stays small, and
  long segments are scored in overlapping windows, never re-split (mtqa.lm.alignment, which
  also maps tokens back to words).
- The target is tokenized once; the source-conditioned pass only puts a prompt in front of the
  same token ids, so the two passes compare token by token (PMI).
- Correction candidates share their prefix's key/value cache (mtqa.lm.continuations).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from mtqa.errors import ModelError
from mtqa.lm.alignment import (
    MAX_BATCH_SIZE,
    MAX_BATCH_TOKENS,
    WINDOW_TOKENS,
    Job,
    TokenStats,
    batches,
    padded_width,
    pass_scores,
    trimmed_spans,
    windows,
)
from mtqa.lm.base import Continuation, ScoreRequest, SegmentScores
from mtqa.lm.continuations import SharedPrefix, continuation_hidden, prefix_batches, sliding_window
from mtqa.lm.loading import from_pretrained, load_tokenizer
from mtqa.lm.models import DEFAULT_MODEL
from mtqa.lm.projection import VocabularyHead
from mtqa.lm.prompt import source_prompt
from mtqa.lm.registry import resolve
from mtqa.lm.signature import scorer_signature, uses_bf16
from mtqa.lm.tokenizer_process import TokenizerProcess
from mtqa.lm.torch_runtime import torch

__all__ = ["MAX_BATCH_SIZE", "MAX_BATCH_TOKENS", "TransformersScorer", "from_pretrained", "load_tokenizer"]

CONTEXT_TOKENS = 192
"""The most tokens of document context the target pass reads: about 140 English words, a
paragraph or two, which keeps a short sentence's sequence within a few padded widths."""

# Kept under their old names for callers that load pieces directly (tests, benchmarks).
_from_pretrained = from_pretrained
_load_tokenizer = load_tokenizer


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
        self._vocabulary = VocabularyHead(model.get_output_embeddings(), getattr(model.config, "final_logit_softcapping", None))
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
            loaded_tokenizer, model = from_pretrained(
                resolved.load_from,
                bf16,
                builtin=resolved.builtin is not None,
                tokenizer=tokenizer,
                revision=resolved.revision,
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
        jobs: list[Job] = []
        for owner, (request, (ids, _)) in enumerate(zip(requests, encodings)):
            jobs.extend(windows(self._bos + self._context_ids(request.context), ids, owner, "target"))
            if request.source and self._multilingual:
                prompt = self._bos + self._tokenize(source_prompt(request.source, request.source_lang, request.target_lang))
                jobs.extend(windows(prompt, ids, owner, "cond"))
        stats = self._run(jobs, full=True)
        self._learn_token_texts(np.concatenate([stat.top_ids.ravel() for stat in stats]) if stats else np.zeros(0, np.int64))
        per_owner: dict[tuple[int, str], list[tuple[int, TokenStats]]] = {}
        for job, stat in zip(jobs, stats):
            per_owner.setdefault((job.owner, job.kind), []).append((job.first_target, stat))
        results = []
        for owner, (request, (ids, spans)) in enumerate(zip(requests, encodings)):
            target = pass_scores(per_owner.get((owner, "target"), []), len(ids), spans, request.words, self._token_text)
            cond_parts = per_owner.get((owner, "cond"))
            conditioned = pass_scores(cond_parts, len(ids), spans, request.words, self._token_text) if cond_parts else None
            results.append(SegmentScores(target=target, conditioned=conditioned))
        return results

    def score_continuations(self, items: Sequence[Continuation]) -> list[float]:
        """Total log-prob of each item's text after its prefix (see mtqa.lm.continuations)."""
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
        shared_groups: list[SharedPrefix] = []
        unshared: list[Job] = []
        for shared, members in groups.items():
            members = [(owner, rest) for owner, rest in members if rest]
            if not members:
                continue
            if not shared:  # a model with neither BOS nor EOS and nothing before the word
                unshared += [Job(rest, 1, owner, "cont", 0) for owner, rest in members]
            else:
                shared_groups.append(SharedPrefix(list(shared), [o for o, _ in members], [r for _, r in members]))
        totals = np.zeros(len(items), np.float64)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            for batch in prefix_batches(shared_groups, sliding_window(self._model)):
                hidden = continuation_hidden(self._decoder, self._pad, self._cache_argument, batch)
                targets = [token for group in batch.groups for rest in group.rests for token in rest]
                owners = [o for group in batch.groups for o, rest in zip(group.owners, group.rests) for _ in rest]
                logprob = self._vocabulary.stats(hidden, torch.tensor(targets, dtype=torch.long), full=False)[0]
                np.add.at(totals, np.array(owners), logprob)
        for job, stat in zip(unshared, self._run(unshared, full=False)):
            totals[job.owner] = float(stat.logprob.sum())
        return [float(total) for total in totals]

    # ---- tokenization -----------------------------------------------------------------------

    def _tokenize(self, text: str) -> list[int]:
        return list(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def _context_ids(self, context: str) -> list[int]:
        """The document's preceding text, ending in a newline so that the target is tokenized as
        it is at the start of a sequence; its last CONTEXT_TOKENS tokens at most."""
        if not context:
            return []
        return self._tokenize(context.rstrip("\n") + "\n")[-CONTEXT_TOKENS:]

    def _encode_target(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and their character spans, with the leading space trimmed off each span."""
        encoding = self._tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        return list(encoding["input_ids"]), trimmed_spans(text, encoding["offset_mapping"])

    # ---- the forward passes -----------------------------------------------------------------

    def _run(self, jobs: Sequence[Job], *, full: bool) -> list[TokenStats]:
        results: list[TokenStats | None] = [None] * len(jobs)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            for batch in batches(jobs):
                for index, stat in zip(batch, self._forward([jobs[i] for i in batch], full=full)):
                    results[index] = stat
        return [r for r in results if r is not None]

    def _forward(self, jobs: Sequence[Job], *, full: bool) -> list[TokenStats]:
        width = padded_width(max(len(job.ids) for job in jobs))  # one width per batch (see batches)
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
        stats = self._vocabulary.stats(picked, torch.tensor(targets, dtype=torch.long), full=full)
        out = []
        offset = 0
        for size in sizes:
            out.append(TokenStats(*(array[offset : offset + size] for array in stats)))
            offset += size
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
