"""The per-file word budget (``max-words``), checked while a file is still being read.

The engine checks the budget too, on every document it is given; checking it here as well lets
a streamed file stop being read at the first segment over the budget instead of being read,
decoded and parsed to its end first. The message is the engine's, word for word, so the user
sees the same error whichever check comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from mtqa.errors import InputError
from mtqa.text.segment import word_spans
from mtqa.types import Segment


def over_budget(path: str, total: int, budget: int) -> InputError:
    """The error for a file found to have ``total`` words against a budget of ``budget``."""
    over = f"{total} words or more, over the per-file budget of {budget} (max-words)"
    return InputError(path, f"{over}; split the file or raise the budget")


def within_budget(segments: Iterable[Segment], path: str, budget: int | None) -> Iterator[Segment]:
    """``segments`` as they come, raising as soon as their words add up to more than ``budget``.

    Words are counted as the engine counts them (the format's own words, else the segmenter's),
    so a file passes here exactly when it passes there. None means no budget.
    """
    if budget is None:
        yield from segments
        return
    total = 0
    for segment in segments:
        total += len(segment.word_spans if segment.word_spans is not None else word_spans(segment.text))
        if total > budget:
            raise over_budget(path, total, budget)
        yield segment
