"""Words of Chinese and Japanese text, from maintained segmenters.

Chinese and Japanese are written without spaces, so a character is not a word: "监督" is one
word ("supervise"), and flagging "监" and "督" separately tells a reviewer nothing. Chinese is
segmented by jieba, Japanese by SudachiPy with the dictionary from the ``sudachidict-core``
package (both ship their dictionaries in their PyPI packages, so this works offline). Each
segmenter is loaded once, on first use, so a run without CJK text never pays for it.
Offsets are code points into the text, as everywhere in mtqa.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from mtqa.types import Span

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_WORDLIKE = re.compile(r"[^\W_]")
CJK_CHARS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
CJK_CHAR = re.compile(f"[{CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+|[^{CJK_CHARS}]+")
WORD = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")
"""A word of a language written with spaces: letters and digits with inner apostrophes and
hyphens (mtqa.text.segment's definition, kept here so both modules read the same one)."""


def segmenter_language(text: str, lang: str | None) -> str:
    """Which segmenter reads a run of CJK text: the target language's, else what the script says.

    Kana only occur in Japanese; Han characters alone are read as Chinese unless the document
    is Japanese (a Japanese string may well be all kanji).
    """
    base = (lang or "").lower().split("-")[0].split("_")[0]
    if base in ("zh", "ja"):
        return base
    return "ja" if _KANA.search(text) else "zh"


def cjk_words(text: str, start: int, end: int, lang: str | None) -> Iterator[Span]:
    """Word spans of ``text[start:end]`` (a run of CJK and other letters), punctuation dropped.

    Only the CJK characters go to the segmenter: a Latin term written against them
    ("same-originリクエスト") stays one word, as it would between spaces.
    """
    run = text[start:end]
    japanese = segmenter_language(run, lang) == "ja"
    for part in _CJK_RUN.finditer(run):
        offset = start + part.start()
        if not CJK_CHAR.match(part.group()):
            for word in WORD.finditer(part.group()):
                yield Span(offset + word.start(), offset + word.end())
            continue
        pieces = _japanese(part.group()) if japanese else _chinese(part.group())
        for piece_start, piece_end in pieces:
            if _WORDLIKE.search(part.group()[piece_start:piece_end]):
                yield Span(offset + piece_start, offset + piece_end)


def _chinese(run: str) -> list[tuple[int, int]]:
    return [(begin, stop) for _, begin, stop in _jieba().tokenize(run)]


def _japanese(run: str) -> list[tuple[int, int]]:
    return [(morpheme.begin(), morpheme.end()) for morpheme in _sudachi().tokenize(run)]


@cache
def quiet_jieba() -> None:
    """jieba announces building its dictionary on stderr; a checker's stderr is for errors."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


@cache
def _jieba() -> Any:
    import jieba

    quiet_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@cache
def _sudachi() -> Any:
    from sudachipy import Dictionary, SplitMode

    # Mode C keeps named entities and compounds whole ("メールアドレス", "e-mail address"),
    # the unit a reviewer reads as one word.
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def script_counts(text: str) -> tuple[int, int, int, int]:
    """(kana, han, hangul, other letters) in ``text``: the evidence for script-based detection."""
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    hangul = len(_HANGUL.findall(text))
    letters = sum(1 for char in text if char.isalpha())
    return kana, han, hangul, max(0, letters - kana - han - hangul)
