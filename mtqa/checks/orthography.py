"""MT305: letters a language spells with another character than the one written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.text.langid import base_language
from mtqa.types import Severity

_CEDILLA = re.compile("[şţŞŢ]")
_TO_COMMA = str.maketrans("şţŞŢ", "șțȘȚ")


def has_cedilla(word: str) -> bool:
    return _CEDILLA.search(word) is not None


def comma_below(word: str) -> str:
    """The word with Romanian's comma-below ș/ț in place of the Turkish cedilla ş/ţ."""
    return word.translate(_TO_COMMA)


class RomanianCedilla(Check):
    """Romanian ş/ţ with a cedilla: Romanian writes ș and ț with a comma below.

    Why: the cedilla forms are Turkish letters that old fonts and keyboards put in their place;
    they look alike but are different characters, so search, spell checkers and sorting treat
    the word as another word ("fişier" is not "fișier"). One finding per word, with the
    comma-below spelling as its fix.
    Example: "Corectaţi datele" → "Corectați datele".
    """

    code = "MT305"
    family = "lexical"
    precision = "medium"
    name = "romanian-cedilla"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        if base_language(ctx.target_lang) != "ro" or not has_cedilla(ctx.text):
            return
        for index, span in enumerate(ctx.spans):
            word = ctx.word(index)
            if has_cedilla(word):
                fixed = comma_below(word)
                message = f"'{word}' uses cedilla ş/ţ; Romanian writes '{fixed}' with comma-below ș/ț"
                yield self.finding(span.start, span.end, message, 0.95, fix=fixed)
