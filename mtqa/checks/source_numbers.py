"""MT102: numbers must carry over from the source, by value.

Quantities are compared by value ("1,500" = "1 500"; "two" = "2"; "vingt" = "20"; "9月" = "September"), and the
digits inside names and versions ("IPv4", "H2O", "1.2.3") as digits, since "IPv4" turned into
"IPv6" or "Django 5.2.1" into "5.2.7" is a wrong fact as much as a changed quantity is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.text.langid import base_language
from mtqa.text.surface_tokens import SurfaceToken, any_of, glued_number_tokens, numbers, unmatched
from mtqa.types import Severity

# Digits written as words, so "2 heures" → "two hours" is not a number mismatch. Small numbers
# are the ones translators and MT systems spell out.
_NUMBER_WORDS: dict[str, str] = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "it": "zero uno due tre quattro cinque sei sette otto nove dieci undici dodici",
    "pt": "zero um dois três quatro cinco seis sete oito nove dez onze doze",
    "nl": "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf",
    "ro": "zero unu doi trei patru cinci șase șapte opt nouă zece unsprezece doisprezece",
    "et": "null üks kaks kolm neli viis kuus seitse kaheksa üheksa kümme üksteist kaksteist",
    "ru": "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать",
}
# Month names stand for the month's number ("9月" is "September"; "1.03" may be "1 March").
_MONTHS: dict[str, str] = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie",
    "et": "jaanuar veebruar märts aprill mai juuni juuli august september oktoober november detsember",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
_LARGE_SCALES = (
    "million billion trillion quadrillion quintillion sextillion septillion octillion nonillion decillion"
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_EXTRA_NUMBER_WORDS = {
    "0": "midnight",
    "1": "a an une ein eine una uno o una одна одно jan",
    "2": "două two both deux две feb",
    "3": "mar",
    "4": "apr",
    "5": "may",
    "6": "jun",
    "7": "jul",
    "8": "aug octal",
    "9": "sep sept",
    "10": "oct decimal",
    "11": "nov",
    "12": "dozen douzaine dutzend docena dec noon",
    "16": "hexadecimal",
    "1000": "thousand",
    **{str(10 ** (3 * power)): word for power, word in enumerate(_LARGE_SCALES.split(), start=2)},
    str(10**100): "googol",
}
"""Month abbreviations ("Sept." is "9月"), the clock's named hours, the bases that Japanese and
Chinese write with digits ("decimal" is "10進数"), and the large scales a translation may write
as a power ("quadrillion" as "1000的5次方")."""


def _number_word_values() -> dict[str, frozenset[str]]:
    """Every value a word may stand for: "sept" is 7 in French and September in English."""
    values: dict[str, set[str]] = defaultdict(set)
    for words in _NUMBER_WORDS.values():
        for number, word in enumerate(words.split()):
            values[word].add(str(number))
    for months in _MONTHS.values():
        for month, word in enumerate(months.split(), start=1):
            values[word].add(str(month))
    for digits, words in _EXTRA_NUMBER_WORDS.items():
        for word in words.split():
            values[word].add(digits)
    # Weekdays by number: ISO counts from Monday, Vietnamese ("Thứ 2" is Monday) from Sunday.
    for day, name in enumerate(_WEEKDAYS.split(), start=1):
        values[name] |= {str(day), str(day % 7 + 1)}
        values[name[:3]] |= {str(day), str(day % 7 + 1)}
    return {word: frozenset(found) for word, found in values.items()}


NUMBER_WORD_VALUES = _number_word_values()
_WORD = re.compile(r"[^\W\d_]+")


# Chinese/Japanese numerals, read one character at a time (CJK words have no spaces): "近千"
# ("nearly a thousand") is a "1,000" in an English target.
_CJK_NUMERALS = {
    "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
    "十": "10", "百": "100", "千": "1000", "万": "10000", "萬": "10000", "亿": "100000000", "億": "100000000",
}  # fmt: skip


def _spelled_numbers(text: str) -> set[str]:
    words = {value for w in _WORD.findall(text.lower()) for value in NUMBER_WORD_VALUES.get(w, ())}
    return words | {_CJK_NUMERALS[c] for c in text if c in _CJK_NUMERALS}


SPELLED_OUT_MAX = 100_000
"""Whole numbers up to this are looked for spelled out in the other text's language as well."""


@lru_cache(maxsize=4096)
def _number_in_words(value: int, lang: str) -> str | None:
    """``value`` written out in ``lang`` by num2words ("vingt", "douăzeci și doi"), hyphens as
    spaces; None for a language num2words does not write."""
    from num2words import num2words

    try:
        words = str(num2words(value, lang=lang))
    except (NotImplementedError, OverflowError, ValueError, KeyError, TypeError):
        return None
    return " ".join(words.lower().replace("-", " ").split())


def _written_out(token: SurfaceToken, other_words: str, lang: str) -> bool:
    """Whether the other text (``other_words``: its words lower-cased, space-separated and
    space-padded) writes one of the token's values out in words: "the top 20 economies" for
    "les vingt premières économies", "22" for "zweiundzwanzig"."""
    for key in token.keys:
        if key.isdigit() and int(key) <= SPELLED_OUT_MAX:
            words = _number_in_words(int(key), lang)
            if words and f" {words} " in other_words:
                return True
    return False


def _forgiven(tokens: list[SurfaceToken], other_text: str, other_lang: str | None = None) -> list[SurfaceToken]:
    """The tokens the other text does not write in words, as a list's word or by num2words."""
    spelled = _spelled_numbers(other_text)
    tokens = [t for t in tokens if not t.keys & spelled]
    if not tokens or not other_lang:
        return tokens
    lang = base_language(other_lang)
    other_words = " " + " ".join(_WORD.findall(other_text.lower())) + " "
    return [t for t in tokens if not _written_out(t, other_words, lang)]


# "1000的5次方" (Chinese: 1000 to the 5th power), "10의 21제곱" (Korean) and "10^15" are one number.
_POWER = re.compile(r"(\d+)(?:\s*的\s*(\d+)\s*次方|\s*의\s*(\d+)\s*제곱|\^(\d+))")


def _tokens(text: str) -> list[SurfaceToken]:
    """Quantities and the digits of names, in text order: either kind may stand for the other
    ("G20" in the source, "the 20 largest economies" in the target)."""
    found = [*numbers(text), *glued_number_tokens(text)]
    powers = []
    covered = bytearray(len(text))
    for power in _POWER.finditer(text):
        base, exponent = int(power.group(1)), int(power.group(2) or power.group(3) or power.group(4))
        if exponent <= 400:
            powers.append(SurfaceToken(power.group(), power.start(), power.end(), frozenset({str(base**exponent)})))
            covered[power.start() : power.end()] = b"\x01" * (power.end() - power.start())
    if powers:
        found = [t for t in found if not any(covered[t.start : t.end])] + powers
    return sorted(found, key=lambda t: t.start)


def _glued(token: SurfaceToken, text: str) -> bool:
    return token.start > 0 and text[token.start - 1].isalpha()


class NumberMismatch(Check):
    """Number mismatch: a number in the target that is not in the source, or the reverse.

    Why: MT systems change digits more often than people expect — a dropped zero, a year off by
    one, decimal commas read as thousands separators — and a wrong number is a wrong fact.
    Group and decimal separators are compared by value ("1,500" = "1 500" = "1.500"), numbers
    written as words count as the digit (small ones and month names from mtqa's lists, any whole
    number up to 100,000 as num2words writes it in the other text's language: "vingt" is 20,
    "douăzeci și doi" 22), and the digits inside names and versions ("IPv4", "COVID-19",
    "1.2.3") are compared too.
    Example: src "Compania a raportat 50 de milioane" → mt "The company reported 15 million".
    """

    code = "MT102"
    family = "source-surface"
    precision = "high"
    name = "number-mismatch"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source:
            return
        missing, extra = unmatched(_tokens(source), _tokens(ctx.text))
        # A lost zero is usually a negation ("0 of 5 selected" → "none of 5 selected").
        missing = [t for t in _forgiven(missing, ctx.text, ctx.target_lang) if "0" not in t.keys] if ctx.source_is_whole else []
        extra = _forgiven(extra, source, ctx.source_lang)
        changed = bool(missing) and bool(extra)
        for token in extra:
            message = f"number '{token.text}' is not in the source"
            if len(missing) == 1:
                message += f" (the source has '{missing[0].text}')"
            yield self.finding(
                token.start,
                token.end,
                message,
                0.9 if changed else 0.7,
                severity=Severity.ERROR if changed else Severity.WARNING,
            )
        if missing and not extra:
            # A name whose digits are gone ("H2O" → "water") may have been translated whole.
            names_only = all(_glued(token, source) for token in missing)
            yield self.finding(
                None,
                None,
                f"source number(s) {any_of(missing)} missing from the target",
                0.6 if names_only else 0.75,
                severity=Severity.WARNING if names_only else None,
            )
