"""``--timeout``: a per-file time budget, checked between pipeline stages and batches.

What counts towards a file's time: reading and parsing it, segmenting it, its share of each
scoring batch (batches mix files; a batch's time is shared out by the words each file has in
it), running the checks on its segments, and its share of the correction batch (by the number
of words it asks corrections for). Loading the model is not counted: it happens once per run,
and the first ever use of a built-in model converts it, which takes far longer than checking.

The budget is checked when a stage or batch ends, never by interrupting one: no signal is
raised inside library code, so a file is never left half-written and the score cache never
half-updated. A run can therefore overrun by up to one batch (64 segments) or one stage. A file
over its budget stops the run with an InputError naming it (exit code 2 from the CLI).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from mtqa.errors import InputError, UsageError
from mtqa.lm.base import Scorer


class FileClock:
    """Seconds spent per file; ``timeout=None`` only keeps the books."""

    def __init__(self, timeout: float | None) -> None:
        if timeout is not None and not timeout > 0:
            raise UsageError(f"timeout must be a positive number of seconds, not {timeout:g}")
        self.timeout = timeout
        self.spent: dict[str, float] = defaultdict(float)

    @property
    def enabled(self) -> bool:
        return self.timeout is not None

    def charge(self, shares: Mapping[str, float], seconds: float, stage: str) -> None:
        """Share ``seconds`` out by ``shares`` (any non-negative weights), then enforce the budget."""
        total = sum(shares.values())
        if total <= 0:
            return
        for path, weight in shares.items():
            self.spent[path] += seconds * weight / total
        self.check(shares, stage)

    def check(self, paths: Mapping[str, float] | list[str], stage: str) -> None:
        if self.timeout is None:
            return
        for path in paths:
            if self.spent[path] > self.timeout:
                raise InputError(path, f"took longer than the --timeout of {self.timeout:g} s (stopped while {stage})")

    @contextmanager
    def model_work(self, scorer: Scorer, shares: Mapping[str, float], stage: str) -> Iterator[None]:
        """Charge a batch of model work by ``shares``, unless the batch is the one that loaded the
        model: loading happens once a run, and converting a built-in model takes minutes."""
        was_loaded = scorer.loaded
        start = time.monotonic()
        yield
        if was_loaded or not scorer.loaded:
            self.charge(shares, time.monotonic() - start, stage)

    @contextmanager
    def timing(self, path: str, stage: str) -> Iterator[None]:
        """Charge the time the block takes to one file; a block that raises is not charged."""
        start = time.monotonic()
        yield
        self.charge({path: 1.0}, time.monotonic() - start, stage)


__all__ = ["FileClock"]
