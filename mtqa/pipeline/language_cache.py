"""langdetect's answers kept in the score cache next to the LM's, so a re-check detects nothing.

MT202 runs langdetect on every segment of six words or more. At about 3 ms a segment that was
half the time of re-checking 1,000 unchanged segments from the cache, so the answers are stored
under their own signature (langdetect's version and mtqa's code digest, like every key) and
handed to the check stage's :class:`~mtqa.text.langid.LanguageMemo` before the checks run.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from mtqa.lm.cache import LANGUAGE_SIGNATURE_PREFIX, ScoreCache
from mtqa.lm.codec import digest
from mtqa.text.langid import Detected, LanguageMemo

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
def languages_from_cache(texts: Sequence[str], cache: ScoreCache | None, memo: LanguageMemo) -> Iterator[None]:
    """Around the checks: put the stored answers for ``texts`` in ``memo``, then store the new ones."""
    if cache is None or not cache.enabled:
        yield
        return
    keys = {text: language_key(text) for text in texts}
    found = cache.get_many(list(keys.values()))
    stored: dict[str, Detected] = {}
    for text, key in keys.items():
        try:
            if key in found:
                stored[text] = _decode(found[key])
        except ValueError:
            continue
    memo.remember(stored)
    yield
    fresh = memo.remembered(text for text in keys if text not in stored)
    cache.put_many(SIGNATURE, [(keys[text], json.dumps(answer)) for text, answer in fresh.items()])
