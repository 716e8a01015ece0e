"""Markdown: check the prose, never the code, URLs or markup around it.

markdown-it-py finds the block structure (with line maps); the segment text is still taken
from the raw file lines, so that offsets map 1:1 to file positions. Inline markup such as
``**bold**`` stays in the text (it has no word characters), while words inside inline code,
URLs, link targets, HTML tags and entities are excluded through ``Segment.word_spans``.

Kept: paragraphs (also inside lists and blockquotes), headings, and table cells (each cell is
its own block, so a row's cells are never glued into one sentence). Skipped: fenced and indented
code, HTML blocks, link reference definitions, and YAML/TOML front matter.

``<!-- mtqa: ignore[MT301,MT4] -->`` on its own line suppresses those code prefixes for the
block right after it (``<!-- mtqa: ignore -->`` suppresses every code).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mtqa.readers.blocks import Block, Piece, block_from_pieces, block_segments
from mtqa.types import Segment, Span

_IGNORE_COMMENT = re.compile(r"<!--\s*mtqa:\s*ignore(?:\[([^\]]*)\])?\s*-->", re.IGNORECASE)
_ALL_CODES = ("MT",)

_EXCLUDED = re.compile(
    "|".join(
        [
            r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)",  # inline code (group 1 is the fence)
            r"<!--.*?-->",  # inline HTML comment
            r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>",  # autolink <https://…>
            r"<[^\s<>@]+@[^\s<>]+>",  # e-mail autolink
            r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>",  # HTML tag
            r"\]\(\s*<[^>\n]*>|\]\(\s*[^\s)]*",  # link or image destination
            r"\]\[[^\]]*\]",  # reference-link label
            r"(?:(?:https?|ftp)://|\bwww\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]",  # bare URL, minus final punctuation
            r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",  # bare e-mail address
            r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",  # entity
        ]
    ),
    re.DOTALL,
)

# Leaf blocks: an ignore comment applies to the first of these after it, whatever it is.
_LEAVES = {"paragraph_open", "heading_open", "table_open", "fence", "code_block", "hr"}
_FALLBACK_PREFIX = re.compile(r"(?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}(?:[ \t]+|$))?")
_FRONT_MATTER_CLOSE = {"---": ("---", "..."), "+++": ("+++",)}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def parse_markdown(text: str, path: str, lang: str) -> list[Segment]:
    """Sentence segments of the prose blocks, in file order."""
    lines = text.split("\n")
    tokens = _parser().parse("\n".join(_blank_front_matter(lines)))
    segments: list[Segment] = []
    pending: tuple[str, ...] | None = None
    table_codes: tuple[str, ...] = ()
    for position, token in enumerate(tokens):
        if token.type == "html_block":
            codes = _ignore_codes(token.content)
            if codes is not None:
                pending = (pending or ()) + codes
                continue
            pending = None
        elif token.type in _LEAVES:
            if token.type == "table_open":
                table_codes = pending or ()
            pending_here, pending = pending, None
            if token.type in {"paragraph_open", "heading_open"}:
                inline = tokens[position + 1]
                heading = token.type == "heading_open"
                block = _inline_block(lines, inline, heading=heading)
                if block is not None:
                    segments += _segments(block, path, lang, len(segments), pending_here or ())
        elif token.type == "tr_open" and token.map is not None:
            for block in _row_cells(lines, token.map[0]):
                segments += _segments(block, path, lang, len(segments), table_codes)
        elif token.type == "table_close":
            table_codes = ()
    return segments


def _segments(block: Block, path: str, lang: str, first_index: int, codes: tuple[str, ...]) -> list[Segment]:
    return block_segments(
        block,
        path=path,
        lang=lang,
        first_index=first_index,
        excluded=excluded_spans(block.text),
        ignore_codes=codes,
    )


def excluded_spans(text: str) -> tuple[Span, ...]:
    """Spans whose words are code, addresses or markup rather than prose."""
    return tuple(Span(*match.span()) for match in _EXCLUDED.finditer(text))


def _ignore_codes(html: str) -> tuple[str, ...] | None:
    """Codes an ``mtqa: ignore`` comment names, or None when the HTML is something else."""
    match = _IGNORE_COMMENT.fullmatch(html.strip())
    if match is None:
        return None
    codes = tuple(code.strip().upper() for code in (match.group(1) or "").split(","))
    return tuple(code for code in codes if code) or _ALL_CODES


def _blank_front_matter(lines: Sequence[str]) -> list[str]:
    """Front matter becomes empty lines, so markdown-it skips it and line numbers stay put."""
    result = list(lines)
    closers = _FRONT_MATTER_CLOSE.get(result[0].rstrip()) if result else None
    if closers is None:
        return result
    for number in range(1, len(result)):
        if result[number].rstrip() in closers:
            result[: number + 1] = [""] * (number + 1)
            break
    return result


def _inline_block(lines: Sequence[str], inline: Token, *, heading: bool) -> Block | None:
    """The raw file text of a paragraph or heading, minus its leading markers.

    markdown-it's content drops container markers (``>``, list bullets, indentation) from each
    line; finding each content line inside its raw line tells where the prose starts.
    """
    if inline.map is None:
        return None
    first_line, end_line = inline.map
    pieces: list[Piece] = []
    for offset, content in enumerate(inline.content.split("\n")):
        number = first_line + offset
        if number >= end_line or number >= len(lines):
            break
        start, end = _locate(lines[number], content, heading=heading)
        if offset == 0:
            start += len(lines[number][start:end]) - len(lines[number][start:end].lstrip())
        pieces.append(Piece(number + 1, start, max(start, end)))
    return block_from_pieces(lines, pieces) if pieces else None


def _locate(raw: str, content: str, *, heading: bool) -> tuple[int, int]:
    """Where ``content`` (one line of a block's content) sits in its ``raw`` file line."""
    trimmed_raw, trimmed = raw.rstrip(), content.rstrip()
    if not heading and trimmed and trimmed_raw.endswith(trimmed):
        return len(trimmed_raw) - len(trimmed), len(trimmed_raw)
    stripped = content.strip()
    found = raw.find(stripped) if stripped else -1
    if found >= 0:
        return found, (found + len(stripped)) if heading else len(trimmed_raw)
    prefix = _FALLBACK_PREFIX.match(raw)
    return (prefix.end() if prefix else 0), len(trimmed_raw)


def _row_cells(lines: Sequence[str], line_index: int) -> list[Block]:
    """One block per non-empty cell of a table row; escaped pipes do not split cells."""
    if line_index >= len(lines):
        return []
    raw = lines[line_index]
    bounds = [-1, *(i for i, char in enumerate(raw) if char == "|" and not _escaped(raw, i))]
    bounds.append(len(raw))
    blocks: list[Block] = []
    for left, right in itertools.pairwise(bounds):
        cell = raw[left + 1 : right]
        stripped = cell.strip()
        if not stripped.strip(">").strip():
            continue
        start = left + 1 + cell.index(stripped[0])
        blocks.append(block_from_pieces(lines, [Piece(line_index + 1, start, start + len(stripped))]))
    return blocks


def _escaped(raw: str, index: int) -> bool:
    """An odd run of backslashes before ``index`` escapes it."""
    backslashes = 0
    while index - backslashes > 0 and raw[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
