"""Token-to-word alignment and job planning, the scorer's pure-Python parts, without a model."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from mtqa.lm import alignment
from mtqa.lm.alignment import TOP_K, TokenStats, batches, pass_scores, trimmed_spans, windows
from mtqa.types import Span


def stats(logprobs: list[float]) -> TokenStats:
    n = len(logprobs)
    return TokenStats(
        np.array(logprobs, np.float32),
        np.full(n, 0.5, np.float32),
        np.arange(n, dtype=np.int64),
        np.tile(np.arange(TOP_K, dtype=np.int64), (n, 1)),
        np.full((n, TOP_K), -1.0, np.float32),
    )


def test_alignment_imports_no_torch() -> None:
    code = "import sys, mtqa.lm.alignment; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_windows_score_every_token_once_with_left_context(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(alignment, "WINDOW_TOKENS", 4)
    monkeypatch.setattr(alignment, "WINDOW_OVERLAP", 2)
    ids = list(range(100, 110))
    jobs = windows([1], ids, owner=3, kind="target")
    scored = [token for job in jobs for token in job.ids[job.score_from :]]
    assert scored == ids
    assert [job.first_target for job in jobs] == [0, 4, 8]
    assert jobs[1].ids == [1, 102, 103, 104, 105, 106, 107] and jobs[1].score_from == 3
    assert windows([1], [], 0, "target") == []


def test_batches_hold_one_padded_width_within_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(alignment, "MAX_BATCH_TOKENS", 64)
    lengths = [9, 2, 5, 17, 3, 30, 16, 33]
    jobs = [alignment.Job(list(range(n)), 1, i, "target", 0) for i, n in enumerate(lengths)]
    planned = batches(jobs)
    assert sorted(i for batch in planned for i in batch) == list(range(len(lengths)))
    widths = []
    for batch in planned:
        (width,) = {alignment.padded_width(lengths[i]) for i in batch}  # never mixed widths
        assert len(batch) * width <= 64 or len(batch) == 1
        widths.append(width)
    assert widths == sorted(widths) and alignment.padded_width(17) == 32 and alignment.padded_width(16) == 16


def test_a_row_is_batched_the_same_whatever_else_is_in_the_run() -> None:
    """The batch a job lands in holds only jobs of its own padded width, so its padded shape
    depends on its own length, not on which other files are checked with it."""
    mine = alignment.Job(list(range(12)), 1, 0, "target", 0)
    others = [alignment.Job(list(range(n)), 1, i + 1, "target", 0) for i, n in enumerate([40, 3, 100, 15])]
    for companions in ([], others, others[::-1]):
        jobs = [*companions, mine]
        (batch,) = [b for b in batches(jobs) if len(jobs) - 1 in b]
        assert {alignment.padded_width(len(jobs[i].ids)) for i in batch} == {16}


def test_pass_scores_sum_the_tokens_of_each_word() -> None:
    text = "unhappy cat"
    spans = [(0, 2), (2, 7), (7, 11)]  # "un" "happy" " cat"
    words = (Span(0, 7), Span(8, 11))
    scores = pass_scores([(0, stats([-1.0, -2.0, -0.5]))], 3, trimmed_spans(text, spans), words, lambda token: f"t{token}")
    first, second = scores.words
    assert first.surprisal == 3.0 and first.surprisal_max == 2.0 and first.surprisal_first == 1.0 and first.n_tokens == 2
    assert second.surprisal == 0.5 and second.n_tokens == 1 and second.rank_first == 2
    assert second.alternatives[0] == ("t0", -1.0)
    assert scores.token_surprisals == (1.0, 2.0, 0.5)


def test_words_sharing_one_token_both_get_its_scores() -> None:
    spans = [(0, 5)]
    words = (Span(0, 2), Span(3, 5))  # two words in one token
    scores = pass_scores([(0, stats([-4.0]))], 1, spans, words, str)
    assert [w.surprisal for w in scores.words] == [4.0, 4.0]


def test_trimmed_spans_drop_the_leading_space() -> None:
    assert trimmed_spans("a  b", [(0, 1), (1, 4)]) == [(0, 1), (3, 4)]
