"""MT108, MT109, MT117: signs, markers and code that a translation must carry over as they are.

"180°" printed as "180", a dropped "[sic]" or "[1]", "--verbose" translated or
"get_absolute_url()" respaced all change what the reader sees or types, and none of them is a
number, a placeholder or a link. Each is compared with the source after placeholders, links and
e-mail addresses are set aside (their own checks compare them), and each script's variants of a
sign count as the same ("٪" and "％" for "%").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.masking import without_code
from mtqa.types import Severity

_SYMBOLS = "°™©®℠€£$¥₹₽₩₪₺¢§¶†‡‰‱%→←↑↓↔⇒⇐⇔±"
_VARIANTS = str.maketrans({"٪": "%", "％": "%", "＄": "$", "￥": "¥", "￡": "£", "←": "→", "⇐": "⇒"})
"""Script variants ("٪" Arabic, "％" full-width) and mirror images: a right-to-left translation
turns "→" into "←"."""
_SPELLED = {
    "%": re.compile(r"\b(?:per ?cent|pour cent|prozent|por ciento|per cento|procent|процент\w*)\b|パーセント|百分", re.I),
    "°": re.compile(r"\b(?:degrees?|degrés?|grad|grados?|градус\w*)\b|度", re.I),
}
"""A sign written out as a word on the other side is the same sign."""
_MARKER = re.compile(r"\[([^\[\]\n]{1,40})\]")
_EXACT_MARKER = re.compile(r"\d+|[A-Za-z]|[ivx]{1,5}|[IVX]{1,5}|[Ss]ic|SIC|\?|!|…|\.\.\.|\*")
"""Markers that stay as written: footnotes ("[1]", "[a]", "[iv]"), "[sic]", "[?]", "[…]"."""
_OPTION = re.compile(r"(?<![\w-])--[A-Za-z][\w-]*")
_CALL = re.compile(r"\b[A-Za-z_][\w.]*\(\)")


def _outside_tokens(text: str) -> str:
    """The text with placeholders, links and e-mail addresses blanked (offsets kept) and "%%"
    read as "%"."""
    return without_code(text).replace("%%", "% ")


def _signs(text: str) -> Counter[str]:
    """The signs in ``text`` by their common form, HTML entities decoded ("&copy;" is "©")."""
    decoded = html.unescape(text) if "&" in text else text
    return Counter(c for c in decoded.translate(_VARIANTS) if c in _SYMBOLS)


class SymbolMismatch(Check):
    """Symbol mismatch: a sign such as ° ™ © ® € £ $ ¥ § ¶ † ‰ % → differs from the source.

    Why: the sign is part of the fact ("180°" is not "180", "50%" is not "50", "€" is not "$")
    or of the legal text ("™", "©"). A sign the target lost is a warning; one it added is info
    (French writes "n°" for "number"). Script variants ("٪", "％"), mirrored arrows in
    right-to-left text, and the sign spelled out ("50 per cent") count as the same.
    Example: src "Rotiți cu 180°" → mt "Rotate by 180".
    """

    code = "MT108"
    family = "source-surface"
    precision = "high"
    name = "symbol-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source:
            return
        src_text, tgt_text = _outside_tokens(source), _outside_tokens(ctx.text)
        src, tgt = _signs(src_text), _signs(tgt_text)
        for sign in sorted(set(src) | set(tgt)):
            spelled = _SPELLED.get(sign)
            if src[sign] > tgt[sign] and ctx.source_is_whole and not (spelled and spelled.search(tgt_text)):
                yield self.finding(None, None, f"the source has '{sign}' {src[sign]}×, the target {tgt[sign]}×", 0.8)
            elif tgt[sign] > src[sign] and not (spelled and spelled.search(src_text)):
                message = f"'{sign}' is in the target {tgt[sign]}×, in the source {src[sign]}×"
                at = tgt_text.translate(_VARIANTS).rfind(sign)
                start, end = (at, at + 1) if at >= 0 else (None, None)
                yield self.finding(start, end, message, 0.5, severity=Severity.INFO)


def _markers(text: str) -> Counter[str]:
    """Bracketed markers by key: footnotes and "[sic]" as written, other bracketed text (which
    is translated, "[citation needed]") only counted."""
    found: Counter[str] = Counter()
    for match in _MARKER.finditer(text):
        content = match.group(1).strip()
        found[f"[{content.lower()}]" if _EXACT_MARKER.fullmatch(content) else "[…]"] += 1
    return found


class MarkerMismatch(Check):
    """Marker mismatch: a bracketed marker ([sic], [1], [citation needed]) differs from the source.

    Why: editorial markers and footnote references carry meaning the reader relies on: a
    dropped "[sic]" turns a quoted mistake into the translator's, a renumbered "[2]" points at
    the wrong note. Footnotes and "[sic]" must stay as written; other bracketed text may be
    translated but must not disappear.
    Example: src "Cum a spus el: «Eu sunt fericită» [sic]" → mt "As he said: 'I am happy'".
    """

    code = "MT109"
    family = "source-surface"
    precision = "high"
    name = "marker-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source:
            return
        src, tgt = _markers(_outside_tokens(source)), _markers(_outside_tokens(ctx.text))
        lost = src - tgt
        gained = tgt - src
        if lost and ctx.source_is_whole:
            shown = ", ".join(sorted(lost))
            yield self.finding(None, None, f"bracketed marker(s) {shown} from the source are missing", 0.8)
        if gained and not lost:
            shown = ", ".join(sorted(gained))
            yield self.finding(None, None, f"bracketed marker(s) {shown} are not in the source", 0.5, severity=Severity.INFO)


def _code_words(text: str) -> Counter[str]:
    found = (m.group() for pattern in (_OPTION, _CALL) for m in pattern.finditer(text))
    return Counter(token for token in found if not token.endswith("-"))  # "--blank--" is no option


class CodeTokenMismatch(Check):
    """Code token mismatch: a command-line option or function call is not in the target as written.

    Why: "--verbose" translated, or "get_absolute_url()" written "get_absolute_url ()", is
    no longer something the reader can type; the program knows only the original spelling.
    Example: src "Rulați cu --verbose" → mt "Run with --detailed".
    """

    code = "MT117"
    family = "source-surface"
    precision = "high"
    name = "code-token-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole:
            return
        src_text, tgt_text = _outside_tokens(source), _outside_tokens(ctx.text)
        wanted, written = _code_words(src_text), _code_words(tgt_text)
        lost = [token for token, count in wanted.items() if written[token] < count]
        if lost:
            shown = ", ".join(f"'{token}'" for token in lost)
            yield self.finding(None, None, f"{shown} from the source is not in the target as written", 0.8)
