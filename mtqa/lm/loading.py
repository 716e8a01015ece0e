"""Loading a transformers model and its tokenizer, from the local cache before the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtqa.lm.tokenizer_process import TokenizerProcess, TokenizerProcessError, special_tokens
from mtqa.lm.torch_runtime import torch


def from_pretrained(
    location: str,
    bf16: bool,
    builtin: bool = False,
    tokenizer: TokenizerProcess | None = None,
    revision: str | None = None,
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
        return AutoModelForCausalLM.from_pretrained(
            location, dtype=weights, local_files_only=local_only, use_safetensors=True, **_revision(revision)
        )

    for local_only in (True, False):
        try:
            if tokenizer is None:
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtqa-tokenizer") as pool:
                    loading = pool.submit(load_tokenizer, location, local_only, builtin, revision)
                    model = load_model(local_only)
                    return loading.result(), model
            model = load_model(local_only)
            try:
                return tokenizer.ready(), model
            except TokenizerProcessError:
                tokenizer.close()
                return load_tokenizer(location, local_only, builtin, revision), model
        except OSError:
            if not local_only:
                raise
    raise AssertionError("unreachable")


def _revision(revision: str | None) -> dict[str, str]:
    """The hub revision the signature names: the weights loaded must be the ones it says."""
    return {"revision": revision} if revision else {}


def load_tokenizer(location: str, local_only: bool, builtin: bool, revision: str | None = None) -> Any:
    """The built-in models' folders are written by mtqa with a ``tokenizer.json``, which the
    generic fast tokenizer reads directly: AutoTokenizer would first parse the 33 MB file in
    Python and scan every model module transformers has (1.5 s more). Only the tokenizer.json
    pipeline matters, since mtqa adds BOS itself; tests compare both on the built-in model."""
    if builtin:
        from transformers import PreTrainedTokenizerFast

        special = special_tokens(Path(location))
        return PreTrainedTokenizerFast(tokenizer_file=str(Path(location) / "tokenizer.json"), **special)
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(location, local_files_only=local_only, **_revision(revision))
