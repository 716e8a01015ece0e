"""MT102–MT107: what must carry over from the source unchanged — numbers, placeholders, links,
the rough length, the whitespace and the closing punctuation.

These need no model and are near-certain when they fire, which is why resource-file gates lean
on them. Checks that compare the whole source with the whole target only run when the segment
is the whole of its source unit (``CheckContext.source_is_whole``): a sentence cut from a
line-aligned paragraph shares its source line with its neighbours, so "missing from the target"
would be wrong for it, while "not in the source" still holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.surface_tokens import (
    SurfaceToken,
    any_of,
    emails,
    glued_numbers,
    leading_trailing,
    numbers,
    placeholders,
    unmatched,
    urls,
)
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
_EXTRA_NUMBER_WORDS = {
    "1": "a an une ein eine una uno o una одна одно",
    "2": "două two both deux две",
    "12": "dozen douzaine dutzend docena",
}


def _number_word_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for words in _NUMBER_WORDS.values():
        for number, word in enumerate(words.split()):
            values.setdefault(word, str(number))
    for months in _MONTHS.values():
        for month, word in enumerate(months.split(), start=1):
            values.setdefault(word, str(month))
    for digits, words in _EXTRA_NUMBER_WORDS.items():
        for word in words.split():
            values.setdefault(word, digits)
    return values


NUMBER_WORD_VALUES = _number_word_values()
_WORD = re.compile(r"[^\W\d_]+")


# Chinese/Japanese numerals, read one character at a time (CJK words have no spaces): "近千"
# ("nearly a thousand") is a "1,000" in an English target.
_CJK_NUMERALS = {
    "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
    "十": "10", "百": "100", "千": "1000", "万": "10000", "萬": "10000", "亿": "100000000", "億": "100000000",
}  # fmt: skip


def _spelled_numbers(text: str) -> set[str]:
    words = {NUMBER_WORD_VALUES[w] for w in _WORD.findall(text.lower()) if w in NUMBER_WORD_VALUES}
    return words | {_CJK_NUMERALS[c] for c in text if c in _CJK_NUMERALS}


def _forgiven(tokens: list[SurfaceToken], other_text: str) -> list[SurfaceToken]:
    spelled = _spelled_numbers(other_text)
    return [t for t in tokens if not t.keys & spelled]


class NumberMismatch(Check):
    """Number mismatch: a number in the target that is not in the source, or the reverse.

    Why: MT systems change digits more often than people expect — a dropped zero, a year off by
    one, decimal commas read as thousands separators — and a wrong number is a wrong fact.
    Group and decimal separators are compared by value ("1,500" = "1 500" = "1.500"), and small
    numbers written as words ("two") count as the digit.
    Example: src "Compania a raportat 50 de milioane" → mt "The company reported 15 million".
    """

    code = "MT102"
    name = "number-mismatch"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source:
            return
        missing, extra = unmatched(numbers(source), numbers(ctx.text))
        missing = [t for t in _forgiven(missing, ctx.text) if not t.keys & glued_numbers(ctx.text)] if ctx.source_is_whole else []
        extra = [t for t in _forgiven(extra, source) if not t.keys & glued_numbers(source)]
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
            yield self.finding(None, None, f"source number(s) {any_of(missing)} missing from the target", 0.75)


class PlaceholderMismatch(Check):
    """Placeholder mismatch: a printf/ICU/mustache placeholder or markup tag differs from the source.

    Why: a dropped or altered placeholder crashes the program that formats the string or shows
    the user raw syntax; a lost tag breaks the markup. Positional printf placeholders may be
    reordered ("%1$s"), and tag attributes may be translated; names and conversions may not.
    Example: src "Salut {name}, ai %d mesaje" → mt "Hi {nume}, you have messages".
    """

    code = "MT103"
    name = "placeholder-mismatch"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if source is None:
            return
        missing, extra = unmatched(placeholders(source), placeholders(ctx.text))
        for token in extra:
            yield self.finding(token.start, token.end, f"placeholder '{token.text}' is not in the source", 0.95)
        if missing and ctx.source_is_whole:
            yield self.finding(None, None, f"placeholder(s) {any_of(missing)} from the source are missing", 0.95)


class LinkMismatch(Check):
    """URL or e-mail mismatch: a link or address in the source is missing or altered in the target.

    Why: MT systems translate words inside URLs, drop them, or "correct" e-mail addresses; the
    result looks fine and leads nowhere.
    Example: src "Scrieți la suport@firma.ro" → mt "Write to support@firma.ro".
    """

    code = "MT104"
    name = "link-mismatch"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if source is None:
            return
        for extract in (urls, emails):
            missing, extra = unmatched(extract(source), extract(ctx.text))
            for token in extra:
                hint = f" (the source has '{missing[0].text}')" if len(missing) == 1 else ""
                yield self.finding(token.start, token.end, f"'{token.text}' is not in the source{hint}", 0.9)
            if missing and not extra and ctx.source_is_whole:
                yield self.finding(None, None, f"{any_of(missing)} from the source is missing", 0.9)


# Characters of text per unit of meaning, relative to English, from the median non-space
# length ratio on ../shared/bench train (ro, et, ru) and dev (zh); the others from common
# localisation expansion tables. Unknown languages count as 1.0.
LENGTH_FACTORS: dict[str, float] = {
    "en": 1.0,
    "ro": 1.04,
    "et": 0.97,
    "ru": 0.97,
    "zh": 0.30,
    "ja": 0.40,
    "ko": 0.45,
    "de": 1.15,
    "fr": 1.12,
    "es": 1.10,
    "it": 1.08,
    "pt": 1.08,
    "nl": 1.12,
    "pl": 1.05,
    "cs": 0.98,
    "fi": 1.05,
    "sv": 1.0,
}
LENGTH_BAND = (0.5, 2.0)
"""Outside this, after the language factors: fewer than 0.5% of bench segments (ro, et, ru)."""
MIN_SOURCE_UNITS = 20.0
"""Shorter sources are too noisy for a ratio (English-equivalent non-space characters)."""


def _units(text: str, lang: str | None) -> float:
    return len("".join(text.split())) / LENGTH_FACTORS.get((lang or "").split("-")[0], 1.0)


class LengthRatio(Check):
    """Length out of band: the target is far shorter or longer than its source.

    Why: a translation at less than half the expected length usually lost a clause; one at more
    than twice it usually repeats itself or hallucinated. Lengths are compared after a
    per-language expansion factor (Chinese needs a third of the characters English does).
    Example: src "Guvernul a anunțat ieri noi măsuri pentru sprijinirea fermierilor" → mt "The government".
    """

    code = "MT105"
    name = "length-ratio"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole or not ctx.text.strip():
            return
        source_units = _units(source, ctx.source_lang)
        if source_units < MIN_SOURCE_UNITS:
            return
        ratio = _units(ctx.text, ctx.target_lang) / source_units
        low, high = LENGTH_BAND
        if low <= ratio <= high:
            return
        kind = "shorter" if ratio < low else "longer"
        confidence = min(0.95, 0.6 + 0.3 * abs(ratio - (low if ratio < low else high)) / (low if ratio < low else high))
        yield self.finding(None, None, f"target is {ratio:.2f}× the expected length of the source: much {kind}", confidence)


class WhitespaceMismatch(Check):
    """Whitespace mismatch: leading or trailing spaces, tabs or newlines differ from the source.

    Why: UI strings are concatenated at run time; "Total: " losing its trailing space glues
    words together on screen, and a lost trailing newline breaks console output.
    Example: src "Total: " → mt "Total:".
    """

    code = "MT106"
    name = "whitespace-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if source is None or not ctx.source_is_whole or not source.strip() or not ctx.text.strip():
            return
        for side, src, tgt in zip(("leading", "trailing"), leading_trailing(source), leading_trailing(ctx.text)):
            if src != tgt:
                yield self.finding(None, None, f"{side} whitespace {src!r} in the source but {tgt!r} in the target", 0.9)


# Sentence-final marks and their equivalents in other scripts. ";" is left out: it is the Greek
# question mark after NFC, and a semicolon elsewhere, so it can't be compared.
_END_MARKS = {".": ".", "。": ".", "।": ".", "!": "!", "！": "!", "?": "?", "？": "?", "؟": "?", ":": ":", "：": ":", "…": "…"}
_CLOSERS = "\"'”’»)]}」』"
OTHER = "other"


def _end_mark(text: str) -> str:
    """The closing mark, "" for none (a letter or digit), OTHER for marks not compared."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    if not stripped:
        return ""
    if stripped.endswith("..."):
        return "…"
    last = stripped[-1]
    if last in _END_MARKS:
        return _END_MARKS[last]
    return "" if last.isalnum() else OTHER


class EndPunctuationMismatch(Check):
    """End punctuation mismatch: the target ends with different punctuation than the source.

    Why: a question turned into a statement, a label that gained a full stop, or a colon that
    introduced a value and disappeared are all visible in the product. Equivalent marks in
    other scripts ("。", "？") count as the same.
    Example: src "Salvați modificările?" → mt "Save the changes."
    """

    code = "MT107"
    name = "end-punctuation-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole or not ctx.text.strip():
            return
        src, tgt = _end_mark(source), _end_mark(ctx.text)
        if src == tgt or {src, tgt} <= {".", "…"} or OTHER in (src, tgt):
            return
        described = {"": "no end punctuation", ".": "'.'", "!": "'!'", "?": "'?'", ":": "':'", "…": "'…'"}
        message = f"the source ends with {described.get(src, repr(src))}, the target with {described.get(tgt, repr(tgt))}"
        # A full stop added to or dropped from a headline is style; a question that became a
        # statement, or a lost colon, changes what the reader sees.
        minor = "" in (src, tgt) and {src, tgt} <= {"", ".", "…"}
        yield self.finding(None, None, message, 0.4 if minor else 0.7, severity=Severity.INFO if minor else None)
