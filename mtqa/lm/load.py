"""The one place a run loads the transformers scorer, so every path gets the fast start."""

from __future__ import annotations

from mtqa.lm.base import Scorer


def load_transformers(spec: str, dtype: str) -> Scorer:
    """Load ``spec``, with a built-in model's tokenizer read in a child process meanwhile.

    The child must start before torch is imported, so this module imports neither.
    """
    from mtqa.lm.tokenizer_process import start_builtin

    tokenizer = start_builtin(spec)
    from mtqa.lm.transformers_scorer import TransformersScorer

    return TransformersScorer.load(spec, dtype=dtype, tokenizer=tokenizer)
