"""Is an unknown word a typo, a compound, or a form the frequency list never saw?

wordfreq lists the common words of a language, and English words come in few forms. Other
languages build words the list can't hold: German and Dutch glue nouns together
("Bestandspad", "Verbindungsstreepjes"), Romance verbs take clitics ("elimínelos"), Slavic
adjectives have dozens of endings. A word missing from the list is therefore weak evidence
there. A typo is stronger evidence: one edit away from a common word, and inside the word
("Forumlar" for "Formular", "mindestends" for "mindestens") rather than at its ending, where
the change is more likely an inflection ("Enviau" beside "enviar").
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from mtqa.lexicon.frequency import lexicon

COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "no", "nn", "fi", "et", "hu", "is", "af", "lb"})
"""Languages that write compounds as one word."""
MIN_PART = 3
PART_ZIPF = 2.5
"""How common each part of a compound must be: rare parts make any string split somehow."""
LINKS = ("s", "es", "en", "n", "e")
"""Linking letters between compound parts ("Bestand-s-pad", "Arbeit-s-zeit")."""
TYPO_MIN_LENGTH = 5
MAX_LENGTH = 40
"""Longer "words" (a pasted hash, a 50,000-letter run) are neither compounds nor typos worth
the quadratic search."""
TYPO_NEIGHBOUR_ZIPF = 3.0


def is_compound(word: str, lang: str) -> bool:
    """Whether ``word`` splits into two (or three) common words of a compounding language."""
    return lang in COMPOUNDING and len(word) <= MAX_LENGTH and _splits(word.lower(), lang, 2)


def _splits(word: str, lang: str, parts: int) -> bool:
    lex = lexicon(lang)
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        if not _known_part(left, lang):
            continue
        if lex.zipf(right) >= PART_ZIPF or (parts > 1 and len(right) >= 2 * MIN_PART and _splits(right, lang, parts - 1)):
            return True
    return False


def _known_part(left: str, lang: str) -> bool:
    lex = lexicon(lang)
    if lex.zipf(left) >= PART_ZIPF:
        return True
    return any(
        left.endswith(link) and len(left) - len(link) >= MIN_PART and lex.zipf(left[: -len(link)]) >= PART_ZIPF
        for link in LINKS
    )


_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿăâîąęėįųūœаеёиоуыэюяіїєαεηιοωυ")


@lru_cache(maxsize=4096)
def likely_typo_of(word: str, lang: str) -> str | None:
    """The common word that ``word`` is one slip away from, when the slip looks like a typo.

    Typing slips swap two letters ("Forumlar") or drop or double a consonant ("Intoduceți",
    "mindestends"). A changed letter or an extra vowel is what inflection and related words look
    like ("Enviau" beside "envieu", "indicați" beside "indicații"), and so is any change at the
    very end, so those don't count.
    """
    if not TYPO_MIN_LENGTH <= len(word) <= MAX_LENGTH:
        return None
    lex = lexicon(lang)
    query = word.lower()
    for near in lex.near_spellings(query, 8):
        if OSA.distance(query, near) != 1 or lex.zipf(near) < TYPO_NEIGHBOUR_ZIPF:
            continue
        if _typing_slip(query, near):
            return near
    return None


def _typing_slip(word: str, near: str) -> bool:
    """Whether one edit turning ``near`` into ``word`` is a swap, or a consonant dropped or
    added, away from the word's last letter."""
    prefix = 0
    while prefix < min(len(word), len(near)) and word[prefix] == near[prefix]:
        prefix += 1
    if len(word) == len(near):  # a swap of two neighbours, or a substitution
        swapped = prefix + 1 < len(word) and word[prefix] == near[prefix + 1] and word[prefix + 1] == near[prefix]
        return swapped and prefix + 2 < len(word)
    longer = word if len(word) > len(near) else near
    changed = longer[prefix]
    return changed not in _VOWELS and prefix < len(longer) - 1
