"""Tokens that must survive translation unchanged: numbers, placeholders, markup, URLs, e-mails.

Pure functions over strings, shared by the MT1xx checks and by ``mtqa fix`` (which must not
"correct" a placeholder). Each token keeps its span in the text, so a check can point at the
exact characters; comparison is on a normalised ``key``, so "1,000" in a source matches
"1 000" or "1.000" in a target.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "SurfaceToken",
    "any_of",
    "emails",
    "glued_number_tokens",
    "glued_numbers",
    "leading_trailing",
    "numbers",
    "placeholders",
    "unmatched",
    "urls",
]


@dataclass(frozen=True)
class SurfaceToken:
    """``text`` as written; ``keys`` are the normalised readings any of which may match."""

    text: str
    start: int
    end: int
    keys: frozenset[str]


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


class _Spans:
    """Spans to test others against for overlap, by bisection: a string of 20,000 inline tags
    must not cost 20,000 × 20,000 comparisons."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.reach[before - 1] > start

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none already here (so ends stay in start order)."""
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.reach.insert(index, end)


def _western(text: str) -> str:
    """Digits of every script as ASCII digits ("٢٥", "১৫", "２２") and the Arabic decimal and group
    separators as "." and ",": one character for one, so offsets stay."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else _ARABIC_SEPARATORS.get(c, c) for c in text)


def numbers(text: str) -> list[SurfaceToken]:
    """Quantities, leaving out digits inside placeholders ("%1$s"), URLs and e-mail addresses,
    which their own checks compare whole."""
    inside = _Spans([(t.start, t.end) for t in (*placeholders(text), *urls(text), *emails(text))])
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
    inside = _Spans([(t.start, t.end) for t in (*placeholders(text), *urls(text), *emails(text))])
    return [
        SurfaceToken(text[m.start() : m.end()], m.start(), m.end(), frozenset({m.group().lstrip("0") or "0"}))
        for m in _GLUED.finditer(_western(text))
        if not inside.overlaps(m.start(), m.end())
    ]


# --- placeholders and markup -------------------------------------------------------------------

_PRINTF = (
    r"%(?:(?P<position>\d+)\$|\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\))?"
    r"(?P<spec>[-+0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|z|j|t)?[diouxXeEfFgGaAcCsSpnr@])"
)
_BRACE = r"\{(?P<field>\d+|[A-Za-z_]\w*)?(?P<path>(?:\.[A-Za-z_]\w*|\[[^\[\]{}\s]+\])*)(?P<conversion>![rsa])?(?::[^{}]*)?\}"
_PLACEHOLDER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # {{mustache}}, {{{triple}}}, ${template}, then ICU {name} / {0} / {count, plural, ...}:
    # only the argument name is a placeholder; the text inside plural branches is translatable.
    ("mustache", re.compile(r"\{\{\{?\s*[^{}\s]+\s*\}?\}\}")),
    ("dollar", re.compile(r"\$\{[^{}\s]+\}")),
    # ICU arguments, and the inline codes mtqa's XLIFF reader writes ({x:1}, {g:1}…{/g:1}).
    ("icu", re.compile(r"\{\s*(/?[A-Za-z0-9_.\-]+(?::[A-Za-z0-9_.\-]+)?)\s*\}")),
    # Python str.format fields the ICU pattern leaves: automatic "{}", conversions "{name!r}",
    # indexing "{0[1]}" and format specs "{:>10}" (before printf: "{:%d.%m}" holds no "%d").
    ("brace", re.compile(_BRACE)),
    # printf: %s %d %1$s %.2f %-5d %'d %(name)r %@ — not "%%", and not "50% of" (a space flag
    # would make every percent sign before a word a placeholder).
    ("printf", re.compile(_PRINTF)),
    # A named printf placeholder that lost its conversion ("%(name)" for "%(name)s"): it matches
    # nothing in the source, so the lost "%(name)s" is reported rather than silently ignored.
    ("broken", re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)")),
    # HTML/XML tags, which XLIFF inline codes and HTML-bearing strings carry.
    ("tag", re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[^<>]*?)?/?>")),
)
_PERCENT_ESCAPE = re.compile(r"%%")
_ICU_HEAD = re.compile(r"\{\s*([A-Za-z0-9_.\-]+)\s*,\s*(?:plural|select|selectordinal|number|date|time|spellout|ordinal)\b")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w:.-]*)")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")


def _tag_key(tag: str) -> str:
    """Attribute values may be translated (alt, title), so a tag matches on its name, its shape
    and the names of its attributes: a renamed or dropped ``href`` breaks the link."""
    name_match = _TAG_NAME.match(tag)
    if name_match is None:
        return tag
    name = name_match.group(1).lower()
    if tag.startswith("</"):
        return f"</{name}>"
    closed = tag.endswith("/>")
    inner_end = len(tag) - (2 if closed else 1)
    names = sorted({m.group(1).lower() for m in _ATTRIBUTE.finditer(tag, name_match.end(), inner_end)})
    shape = "".join(f" {attribute}" for attribute in names)
    return f"<{name}{shape}/>" if closed else f"<{name}{shape}>"


def _printf_key(match: re.Match[str], taken: list[int]) -> str:
    """Named placeholders match by name and spec; the others by the argument they format, so that
    "%s … %d" may become "%2$d … %1$s" but not "%d … %s". Flags, width and precision are part
    of the spec: "%#100s" printed as "%10s" is another layout."""
    spec = match.group("spec")
    if match.group("name") is not None:
        return f"%({match.group('name')}){spec}"
    position = match.group("position")
    if position is None:
        taken[0] += 1 + spec.count("*")  # a "*" width or precision takes an argument of its own
        position = str(taken[0])
    return f"%{position}${spec}"


def _brace_key(match: re.Match[str], taken: list[int]) -> str:
    """"{}" is the next argument, as str.format numbers it; a format spec may be localised
    ("{:%d.%m.%Y}"), so only the field, its path and its conversion must match."""
    field = match.group("field")
    if field is None:
        field = str(taken[0])
        taken[0] += 1
    return "{" + field + match.group("path") + (match.group("conversion") or "") + "}"


def placeholders(text: str) -> list[SurfaceToken]:
    """Placeholders and tags in text order; each character belongs to at most one placeholder
    and at most one tag (attribute values may hold placeholders)."""
    masked = _PERCENT_ESCAPE.sub("  ", text)
    taken, tags = _Spans(()), _Spans(())  # a tag may hold placeholders: <a href="%(link)s">
    claimed: list[tuple[str, re.Match[str]]] = []
    for kind, pattern in _PLACEHOLDER_PATTERNS:
        layer = tags if kind == "tag" else taken
        matches = [*_ICU_HEAD.finditer(masked), *pattern.finditer(masked)] if kind == "icu" else pattern.finditer(masked)
        for match in matches:
            if not layer.overlaps(match.start(), match.end()):
                layer.add(match.start(), match.end())
                claimed.append((kind, match))
    claimed.sort(key=lambda item: item[1].start())
    printf_taken, brace_taken = [0], [0]  # arguments used so far by automatic numbering
    found: list[SurfaceToken] = []
    for kind, match in claimed:
        if kind == "icu":
            key = "{" + match.group(1) + "}"
        elif kind == "tag":
            key = _tag_key(match.group())
        elif kind == "printf":
            key = _printf_key(match, printf_taken)
        elif kind == "brace":
            key = _brace_key(match, brace_taken)
        else:
            key = re.sub(r"\s+", "", match.group())
        found.append(SurfaceToken(text[match.start() : match.end()], match.start(), match.end(), frozenset({key})))
    return found


# --- URLs and e-mail addresses -----------------------------------------------------------------

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'“”«»]+|\bwww\.[^\s<>\"'“”«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_TRAILING = ".,;:!?)]}’”»…。，；：！？）"


def _trimmed(pattern: re.Pattern[str], text: str, fold: bool) -> list[SurfaceToken]:
    found = []
    for match in pattern.finditer(text):
        value = match.group()
        while value and value[-1] in _TRAILING:
            if value[-1] == ")" and value.count("(") >= value.count(")"):
                break  # https://en.wikipedia.org/wiki/Foo_(bar)
            value = value[:-1]
        key = value.lower() if fold else value
        found.append(SurfaceToken(value, match.start(), match.start() + len(value), frozenset({key.rstrip("/")})))
    return found


def urls(text: str) -> list[SurfaceToken]:
    return _trimmed(_URL, text, fold=False)


def emails(text: str) -> list[SurfaceToken]:
    return _trimmed(_EMAIL, text, fold=True)


# --- comparison --------------------------------------------------------------------------------


def unmatched(
    source: Sequence[SurfaceToken], target: Sequence[SurfaceToken]
) -> tuple[list[SurfaceToken], list[SurfaceToken]]:
    """(source tokens with no partner in the target, target tokens with no partner in the source),
    pairing greedily one-to-one on any shared key, so duplicates count."""
    queues: dict[str, deque[int]] = defaultdict(deque)  # key → target positions, in text order
    for position, token in enumerate(target):
        for key in token.keys:
            queues[key].append(position)
    used: set[int] = set()
    missing: list[SurfaceToken] = []
    for token in source:
        partner: int | None = None
        for key in token.keys:
            queue = queues.get(key)
            while queue and queue[0] in used:
                queue.popleft()
            if queue and (partner is None or queue[0] < partner):
                partner = queue[0]
        if partner is None:
            missing.append(token)
        else:
            used.add(partner)
    return missing, [token for position, token in enumerate(target) if position not in used]


def leading_trailing(text: str) -> tuple[str, str]:
    """The whitespace a string starts and ends with, which UI strings rely on for layout."""
    if not text.strip():
        return text, ""
    head = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return head, tail


def any_of(tokens: Iterable[SurfaceToken]) -> str:
    return ", ".join(f"'{t.text}'" for t in tokens)
