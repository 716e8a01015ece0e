"""Language identification with langdetect, seeded so the same text always gets the same answer."""

from __future__ import annotations

from functools import lru_cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0


@lru_cache(maxsize=4096)
def detect_language(text: str) -> tuple[str, float] | None:
    """Best language and its probability, or None when the text has nothing to go on."""
    try:
        ranked = detect_langs(text)
    except LangDetectException:
        return None
    if not ranked:
        return None
    return ranked[0].lang, float(ranked[0].prob)


def base_language(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


def same_language(a: str, b: str) -> bool:
    return base_language(a) == base_language(b)


def detect_document_language(texts: list[str], default: str = "en") -> str:
    """The language of a document from a sample of its text; short texts fall back to default."""
    sample = " ".join(texts)[:5000]
    if len(sample.split()) < 3:
        return default
    detected = detect_language(sample)
    if detected is None:
        return default
    return base_language(detected[0])
