"""langdetect's answers kept in the score cache next to the LM's, so a re-check detects nothing.

MT202 runs langdetect on every segment of six words or more. At about 3 ms a segment that was
half the time of re-checking 1,000 unchanged segments from the cache, so the answers are stored
under their own signature (langdetect's version and mtqa's code digest, like every key) and
handed to ``mtqa.langid`` before the checks run.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from mtqa.langid import Detected, remember, remembered
from mtqa.lm.cache import LANGUAGE_SIGNATURE_PREFIX, ScoreCache
from mtqa.lm.codec import digest

SIGNATURE = f"{LANGUAGE_SIGNATURE_PREFIX}{importlib.metadata.version('langdetect')}:seed=0"


def language_key(text: str) -> bytes:
    return digest(["langdetect", SIGNATURE, text])


def _decode(value: object) -> Detected:
    """A stored answer, or ValueError for anything that is not one (then it is detected anew)."""
    if not isinstance(value, str):
        raise ValueError("not an answer")
    answer = json.loads(value)
    if answer is None:
        return None
    if isinstance(answer, list) and len(answer) == 2 and isinstance(answer[0], str) and isinstance(answer[1], float):
        return answer[0], answer[1]
    raise ValueError("not an answer")


@contextmanager
def languages_from_cache(texts: Sequence[str], cache: ScoreCache | None) -> Iterator[None]:
    """Around the checks: remember the stored answers for ``texts``, then store the new ones."""
    if cache is None or not cache.enabled:
        yield
        return
    keys = {language_key(text): text for text in dict.fromkeys(texts)}
    stored: dict[str, Detected] = {}
    for key, value in cache.get_many(list(keys)).items():
        try:
            stored[keys[key]] = _decode(value)
        except ValueError:
            continue
    remember(stored)
    yield
    fresh = remembered(text for text in keys.values() if text not in stored)
    by_text = {text: key for key, text in keys.items()}
    cache.put_many(SIGNATURE, [(by_text[text], json.dumps(answer)) for text, answer in fresh.items()])
