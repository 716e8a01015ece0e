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
MEMO_LIMIT = 65_536


def detect_language(text: str) -> Detected:
    """Best language and its probability, or None when the text has nothing to go on."""
    _seed_langdetect()
    try:
        ranked = detect_langs(without_markup(text))
    except LangDetectException:
        ranked = []
    return (ranked[0].lang, float(ranked[0].prob)) if ranked else None


@cache
def _seed_langdetect() -> None:
    """langdetect samples at random: seeded once, before its first detection (and not as a side
    effect of importing mtqa), it gives the same answer for the same text in every run."""
    DetectorFactory.seed = 0


class LanguageMemo:
    """Answers already known, owned by one check stage and handed to the checks in their context.

    langdetect costs about 3 ms a segment, half of a re-check served from the cache, so answers
    are remembered, and can be handed in from the score cache. The memo is an object rather than
    module state so that two engines, or two tests, never see each other's answers. Bounded: a
    corpus brings new texts without end.
    """

    def __init__(self, limit: int = MEMO_LIMIT) -> None:
        self._known: dict[str, Detected] = {}
        self._limit = limit

    def detect(self, text: str) -> Detected:
        if text not in self._known:
            self.remember({text: detect_language(text)})
        return self._known[text]

    def remember(self, answers: Mapping[str, Detected]) -> None:
        """Take answers computed earlier (same langdetect, same seed) as if detected now."""
        if len(self._known) + len(answers) > self._limit:
            self._known.clear()
        self._known.update(answers)

    def remembered(self, texts: Iterable[str]) -> dict[str, Detected]:
        """The answers known for ``texts``, detected by this memo or remembered."""
        return {text: self._known[text] for text in texts if text in self._known}


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


def detect_document_language(texts: list[str], default: str = "en", memo: LanguageMemo | None = None) -> str:
    """The language of a document from a sample of its text; short texts fall back to default.
    With ``memo``, a sample already detected (a one-segment document) is not detected again."""
    sample = without_markup(" ".join(texts)[:20_000])[:5000]
    by_script = script_language(sample)
    if by_script is not None:
        return by_script
    if len(sample.split()) < 3:
        return default
    detected = memo.detect(sample) if memo is not None else detect_language(sample)
    if detected is None:
        return default
    return base_language(detected[0])
