"""Language identification: the script first, then langdetect, seeded so answers repeat.

langdetect guesses from character n-grams and is unreliable on short strings and between
scripts it barely models (it called a Chinese file English, and all-kanji Japanese strings
Korean). The script settles Chinese, Japanese and Korean at once; markup (placeholders, tags,
URLs) is blanked first, so ``%(field_labels)s`` does not make a sentence read as English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from mtqa.text.cjk import script_counts
from mtqa.text.markup import without_markup

Detected = tuple[str, float] | None
_KNOWN: dict[str, Detected] = {}
_KNOWN_LIMIT = 65_536


def detect_language(text: str) -> Detected:
    """Best language and its probability, or None when the text has nothing to go on.

    Answers are remembered (and can be handed in by :func:`remember`, from the score cache),
    because langdetect costs about 3 ms a segment, half of a re-check served from the cache.
    """
    if text in _KNOWN:
        return _KNOWN[text]
    _seed_langdetect()
    try:
        ranked = detect_langs(without_markup(text))
    except LangDetectException:
        ranked = []
    result = (ranked[0].lang, float(ranked[0].prob)) if ranked else None
    if len(_KNOWN) >= _KNOWN_LIMIT:
        _KNOWN.clear()
    _KNOWN[text] = result
    return result


@cache
def _seed_langdetect() -> None:
    """langdetect samples at random: seeded once, before its first detection (and not as a side
    effect of importing mtqa), it gives the same answer for the same text in every run."""
    DetectorFactory.seed = 0


def remember(answers: Mapping[str, Detected]) -> None:
    """Take answers computed earlier (same langdetect, same seed) as if detected now."""
    if len(_KNOWN) + len(answers) >= _KNOWN_LIMIT:
        _KNOWN.clear()
    _KNOWN.update(answers)


def remembered(texts: Iterable[str]) -> dict[str, Detected]:
    """The answers known for ``texts``, detected in this process or remembered."""
    return {text: _KNOWN[text] for text in texts if text in _KNOWN}


def base_language(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


def same_language(a: str, b: str) -> bool:
    return base_language(a) == base_language(b)


def script_language(text: str) -> str | None:
    """'ja', 'ko' or 'zh' when most of the letters are CJK, else None (a job for langdetect).

    Kana mark Japanese even in a mostly-kanji text; Hangul marks Korean; Han alone is Chinese.
    """
    kana, han, hangul, other = script_counts(text)
    cjk = kana + han + hangul
    if cjk < 2 or cjk < other:
        return None
    if hangul > kana + han:
        return "ko"
    return "ja" if kana * 20 >= cjk else "zh"


def detect_document_language(texts: list[str], default: str = "en") -> str:
    """The language of a document from a sample of its text; short texts fall back to default."""
    sample = without_markup(" ".join(texts)[:20_000])[:5000]
    by_script = script_language(sample)
    if by_script is not None:
        return by_script
    if len(sample.split()) < 3:
        return default
    detected = detect_language(sample)
    if detected is None:
        return default
    return base_language(detected[0])
