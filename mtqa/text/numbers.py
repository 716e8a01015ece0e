"""Numbers in a segment and the readings they may match in another language's notation.

"1,000" in a source matches "1 000" or "1.000" in a target, "3 million" matches "300万", and a
digit glued to a word ("IPv4", "COVID-19") is compared as part of a name.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from mtqa.text.links import emails, urls
from mtqa.text.placeholders import placeholders
from mtqa.text.surface_token import Spans, SurfaceToken

# --- numbers ---------------------------------------------------------------------------------

# A digit run not glued to a Latin, Greek or Cyrillic letter before it ("H5N6", "MP3" are names,
# not quantities; a CJK character before a digit is ordinary text), with
# optional group separators and one decimal part. Ordinal and unit suffixes ("15th", "3km") are
# allowed after it: the number is still the number.
_NUMBER = re.compile(
    r"(?<![A-Za-zÀ-ɏͰ-ϿЀ-ӿ])(?<![\d.,])[-−–]?\d+"
    r"(?:(?:[,.'’\u00a0\u202f]|(?<=\d) (?=\d{3}\b))\d{3})*(?:[.,]\d+)?"
)
_DOTTED = re.compile(r"(?<![\d.,])\d+(?:\.\d+){2,}(?!\d)")
_GROUP = re.compile(r"[,.'’\u00a0\u202f ]")
_SCALE_WORDS: dict[str, int] = {
    word: scale
    for scale, words in (
        (10**3, "thousand thousands mii mie tuhat tuhande тысяч тысячи тысяча тыс 千"),
        (10**4, "万 萬"),
        (10**6, "million millions milioane milion miljon miljonit миллион миллиона миллионов млн mio millionen millones milioni"),
        (10**8, "亿 億"),
        (10**9, "billion billions miliarde miliard miljard miljardit миллиард миллиарда миллиардов млрд mrd milliards"),
    )
    for word in words.split()
}
_CJK_SCALES = "千万萬亿億"
_SCALE_AFTER = re.compile(r"\s*([^\W\d_]+|[千万萬亿億])")
_ARABIC_SEPARATORS = {"٫": ".", "٬": ","}


def _scaled(keys: frozenset[str], scale: int) -> set[str]:
    """"1,5 miliarde" and "15亿" both mean 1500000000; compare the products too (in decimal
    arithmetic, so 2.4 × 10⁶ is exactly 2400000)."""
    scaled = set()
    for key in keys:
        try:
            value = Decimal(key) * scale
        except InvalidOperation:
            continue
        scaled.add(_decimal_key(value))
    return scaled


def _decimal_key(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# "21时" is "9 p.m." in an English target: a 24-hour clock hour also matches its 12-hour form.
_HOUR_AFTER = re.compile(r"\s*(?:时|時|点|點|h\b|Uhr\b|:\s*\d\d)")


def _number_keys(text: str) -> frozenset[str]:
    """Every value ``text`` can denote: "1,500" is 1500 (English) or 1.5 (German), and which one
    is meant depends on the language, so both readings are kept and any shared one matches."""
    sign = "-" if text[:1] in "-−–" else ""
    body = text.lstrip("-−–")
    keys = set()
    if all(len(group) == 3 for group in _GROUP.split(body)[1:]):
        keys.add(sign + (_GROUP.sub("", body).lstrip("0") or "0"))
    for decimal in (",", "."):
        head, _, tail = body.rpartition(decimal)
        if body.count(decimal) == 1 and tail.isdigit():
            whole = _GROUP.sub("", head).lstrip("0") or "0"
            fraction = tail.rstrip("0")
            keys.add(sign + (f"{whole}.{fraction}" if fraction else whole))
    return frozenset(keys)


def _western(text: str) -> str:
    """Digits of every script as ASCII digits ("٢٥", "১৫", "２２") and the Arabic decimal and group
    separators as "." and ",": one character for one, so offsets stay."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else _ARABIC_SEPARATORS.get(c, c) for c in text)


def numbers(text: str) -> list[SurfaceToken]:
    """Quantities, leaving out digits inside placeholders ("%1$s"), URLs and e-mail addresses,
    which their own checks compare whole."""
    inside = Spans([(t.start, t.end) for t in (*placeholders(text), *urls(text), *emails(text))])
    plain = _western(text)
    found = []
    for run in _DOTTED.finditer(plain):
        parts = run.group().split(".")
        if inside.overlaps(run.start(), run.end()) or all(len(part) == 3 for part in parts[1:]):
            continue  # "1.000.000" is one number with group separators
        # A version, an address or a date ("1.2.3", "192.168.0.1", "31.12.2024"): each part is a
        # number of its own, so a changed last part is seen and a reordered date still matches.
        offset = run.start()
        for part in parts:
            end = offset + len(part)
            found.append(SurfaceToken(text[offset:end], offset, end, frozenset({part.lstrip("0") or "0"})))
            offset = end + 1
        inside.add(run.start(), run.end())
    for match in _NUMBER.finditer(plain):
        value = match.group()
        if inside.overlaps(match.start(), match.end()):
            continue
        keys = _number_keys(value)
        after = _SCALE_AFTER.match(plain, match.end())
        word = after.group(1) if after else ""
        # CJK has no spaces: "万人次" is the scale "万" and a classifier.
        scale = _SCALE_WORDS.get(word[0] if word and word[0] in _CJK_SCALES else word.lower().rstrip("."))
        if scale:
            keys = keys | _scaled(keys, scale)
        if _HOUR_AFTER.match(plain, match.end()) and value.isdigit() and 13 <= int(value) <= 23:
            keys = keys | {str(int(value) - 12)}
        if value == "00" and plain[: match.start()].rstrip().endswith(":"):
            continue  # the minutes of "2:00"; the hour carries the information
        found.append(SurfaceToken(text[match.start() : match.end()], match.start(), match.end(), keys))
    found.sort(key=lambda t: t.start)
    return found


_GLUED = re.compile(r"(?<=[A-Za-zÀ-ɏͰ-ϿЀ-ӿ])\d+")


def glued_numbers(text: str) -> set[str]:
    """The values of ``glued_number_tokens``."""
    return {min(t.keys) for t in glued_number_tokens(text)}


def glued_number_tokens(text: str) -> list[SurfaceToken]:
    """The digits of names ("IPv4", "H2O", "G7") as tokens: "IPv4" turned into "IPv6" is a wrong
    fact as much as "4" turned into "6" is, while the letters around them may be transliterated."""
    inside = Spans([(t.start, t.end) for t in (*placeholders(text), *urls(text), *emails(text))])
    return [
        SurfaceToken(text[m.start() : m.end()], m.start(), m.end(), frozenset({m.group().lstrip("0") or "0"}))
        for m in _GLUED.finditer(_western(text))
        if not inside.overlaps(m.start(), m.end())
    ]
