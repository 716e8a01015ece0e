"""Per-word features for the quality head, from the LM passes, the lexicon and the word's shape.

Why these: a wrong word is surprising itself (surprisal, rank), makes the next word surprising
(the spike), sits where the LM was confident (low entropy), is rare or foreign in the target
language, and, with a source, is no more likely given the source than without it (low PMI).
The same features of the neighbouring words give the head context. The column order is part
of each head's file, so a head never reads a feature it was not trained on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mtqa.lexicon.frequency import lexicon
from mtqa.lm.base import PassScores, SegmentScores, WordScores
from mtqa.text.langid import base_language
from mtqa.types import Span

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")

BASE_FEATURES = (
    "surprisal",
    "surprisal_max",
    "surprisal_first",
    "log_rank",
    "entropy",
    "n_tokens",
    "zipf",
    "foreignness",
    "length",
    "is_capitalized",
    "is_upper",
    "has_digit",
    "is_punct",
    "is_first",
    "is_last",
    "rel_position",
    "name_slot",
)
SOURCE_FEATURES = ("cond_surprisal", "cond_surprisal_first", "cond_log_rank", "pmi", "in_source", "source_len_ratio")
TRAINED_SOURCE_LANGUAGES = ("ro", "et", "ru")
"""Source languages the head has training data for. Each gets an indicator feature, because
errors and their signals differ by language pair; other languages leave them all zero, which
the head also saw in training (language dropout) and treats as 'some other language'."""
LANGUAGE_FEATURES = tuple(f"src_lang_{code}" for code in TRAINED_SOURCE_LANGUAGES)
CONTEXT_FEATURES = ("surprisal_first", "surprisal", "zipf", "log_rank")
RIGHT_FEATURES = ("right_surprisal_sum", "right_surprisal_max")
RIGHT_SOURCE_FEATURES = ("right_pmi_sum",)
"""What a word does to the words after it, which a causal LM shows only there: a wrong word
makes the next few surprising, and with a source their PMI low. On dev, cross-validated
(benchmarks/ablate_context.py), they add 0.01-0.02 word MCC on the English targets and nothing
on German and Chinese. A head reads only the columns it was trained on, so the shipped heads,
trained before these existed, ignore them until they are retrained."""


def right_feature_names(with_source: bool) -> tuple[str, ...]:
    return RIGHT_FEATURES + (RIGHT_SOURCE_FEATURES if with_source else ())


def feature_names(with_source: bool) -> tuple[str, ...]:
    own = BASE_FEATURES + (SOURCE_FEATURES + LANGUAGE_FEATURES if with_source else ())
    context_own = CONTEXT_FEATURES + (("pmi",) if with_source else ())
    neighbours = tuple(f"prev_{n}" for n in context_own) + tuple(f"next_{n}" for n in context_own)
    return own + neighbours + right_feature_names(with_source)


@dataclass(frozen=True)
class WordFeatures:
    names: tuple[str, ...]
    matrix: np.ndarray
    """One row per word, columns in ``names`` order."""

    def column(self, name: str) -> np.ndarray:
        return self.matrix[:, self.names.index(name)]


def _name_slot(scores: WordScores) -> float:
    """Share of the LM's top alternatives that are capitalized: does it expect a name here?"""
    mass = 0.0
    capital = 0.0
    for text, logprob in scores.alternatives:
        p = math.exp(logprob)
        stripped = text.strip()
        if not stripped or not _LETTER.search(stripped[0]):
            continue
        mass += p
        if stripped[0].isupper():
            capital += p
    return capital / mass if mass > 0 else 0.0


def _own_features(words: Sequence[str], target: PassScores, lang: str, source_lang: str | None) -> list[dict[str, float]]:
    lex = lexicon(lang)
    extra = (source_lang,) if source_lang else ()
    rows = []
    count = len(words)
    for i, (word, scores) in enumerate(zip(words, target.words)):
        letters = bool(_LETTER.search(word))
        frequency = lex.zipf(word) if letters else 7.0
        foreign = lex.foreignness(word, extra)[0] if letters and frequency < 4.0 else 0.0
        rows.append(
            {
                "surprisal": scores.surprisal,
                "surprisal_max": scores.surprisal_max,
                "surprisal_first": scores.surprisal_first,
                "log_rank": math.log1p(scores.rank_first),
                "entropy": scores.entropy,
                "n_tokens": float(scores.n_tokens),
                "zipf": frequency,
                "foreignness": foreign,
                "length": float(len(word)),
                "is_capitalized": float(word[:1].isupper()),
                "is_upper": float(word.isupper() and len(word) > 1),
                "has_digit": float(bool(_DIGIT.search(word))),
                "is_punct": float(not letters and not _DIGIT.search(word)),
                "is_first": float(i == 0),
                "is_last": float(i == count - 1),
                "rel_position": i / max(1, count - 1),
                "name_slot": _name_slot(scores),
            }
        )
    return rows


def _source_tokens(source: str) -> set[str]:
    return {t.lower() for t in re.findall(r"[^\W_]+", source)}


def compute(
    text: str,
    spans: Sequence[Span],
    scores: SegmentScores,
    lang: str,
    source: str | None = None,
    source_lang: str | None = None,
) -> WordFeatures:
    """Feature rows for each word; source features only when a conditioned pass exists."""
    words = [text[s.start : s.end] for s in spans]
    with_source = scores.conditioned is not None and source is not None
    rows = _own_features(words, scores.target, lang, source_lang)
    if with_source and scores.conditioned is not None and source is not None:
        in_source = _source_tokens(source)
        ratio = len(source) / max(1, len(text))
        for row, word, cond in zip(rows, words, scores.conditioned.words):
            row["cond_surprisal"] = cond.surprisal
            row["cond_surprisal_first"] = cond.surprisal_first
            row["cond_log_rank"] = math.log1p(cond.rank_first)
            row["pmi"] = row["surprisal"] - cond.surprisal
            row["in_source"] = float(word.lower() in in_source)
            row["source_len_ratio"] = ratio
            for code, name in zip(TRAINED_SOURCE_LANGUAGES, LANGUAGE_FEATURES):
                row[name] = float(base_language(source_lang or "") == code)
    names = feature_names(with_source)
    context = CONTEXT_FEATURES + (("pmi",) if with_source else ())
    word_level = names[: len(names) - len(right_feature_names(with_source))]
    own = word_level[: len(word_level) - 2 * len(context)]
    matrix = np.zeros((len(rows), len(names)), dtype=np.float32)
    for i, row in enumerate(rows):
        prev_row = rows[i - 1] if i > 0 else None
        next_row = rows[i + 1] if i + 1 < len(rows) else None
        values = [row[n] for n in own]
        values += [prev_row[n] if prev_row else 0.0 for n in context]
        values += [next_row[n] if next_row else 0.0 for n in context]
        matrix[i, : len(word_level)] = values
    matrix[:, len(word_level) :] = right_context(matrix[:, : len(word_level)], word_level)
    return WordFeatures(names=names, matrix=matrix)


def _ahead(values: np.ndarray, first: int, last: int) -> np.ndarray:
    """Row i holds values[i+first .. i+last] (0 past the segment's end), one column per offset."""
    out = np.zeros((len(values), last - first + 1), dtype=np.float64)
    for column, k in enumerate(range(first, last + 1)):
        if k < len(values):
            out[: len(values) - k, column] = values[k:]
    return out


def right_context(matrix: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """The RIGHT_FEATURES columns (and RIGHT_SOURCE_FEATURES when ``names`` has PMI) of one
    segment's feature rows. Training adds them to cached matrices with this same function."""
    surprisal = matrix[:, list(names).index("surprisal")].astype(np.float64)
    columns = [_ahead(surprisal, 2, 4).sum(axis=1), _ahead(surprisal, 1, 4).max(axis=1, initial=0.0)]
    if "pmi" in names:
        columns.append(_ahead(matrix[:, list(names).index("pmi")].astype(np.float64), 1, 3).sum(axis=1))
    return np.column_stack(columns).astype(matrix.dtype) if len(matrix) else np.zeros((0, len(columns)), matrix.dtype)
