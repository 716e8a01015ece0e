"""Placeholders and markup: printf and brace formats, ICU arguments, tags, with comparable keys.

The one placeholder grammar of mtqa: MT103 compares these, and word checks skip them
(mtqa.text.markup).
"""

from __future__ import annotations

import re

from mtqa.text.surface_token import Spans, SurfaceToken

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
    taken, tags = Spans(()), Spans(())  # a tag may hold placeholders: <a href="%(link)s">
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
