"""XLIFF 1.2 and 2.x: every translated target is a segment, its source alongside.

- 1.2: ``<trans-unit id>`` with ``<source>``/``<target>`` and ``<note>``; languages from the
  first ``<file source-language target-language>``.
- 2.x: ``<unit id>`` whose ``<segment>``s hold ``<source>``/``<target>``, notes in
  ``<notes><note>``; languages from the root's ``srcLang``/``trgLang``. A unit with several
  segments gives ids ``unit/segment`` (the segment's id, or its 1-based place).
- Units marked ``translate="no"``, and targets that are missing or empty, are skipped.
- Inline tags become placeholders in the text, so that later checks can compare them with the
  source's: ``{x:1}`` for a standalone code (``<x/>``, ``<bx/>``, ``<ex/>``, 2.x ``<ph/>``,
  ``<sc/>``, ``<ec/>``…), ``{g:1}``…``{/g:1}`` around the kept text of a paired one (``<g>``,
  ``<pc>``, ``<mrk>``). XLIFF 1.2's ``<ph>``, ``<bpt>``, ``<ept>`` and ``<it>`` hold native
  code, not translatable text, so their content is dropped for the placeholder. ``<cp hex>``
  is the character it stands for. Words inside placeholders are never checked (the segment's
  ``word_spans`` leave them out).
- ``mtqa: ignore[CODE,…]`` in a unit's note suppresses those codes for the unit.
- Positions map every character of a target back to the file, entities and tags included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mtqa.errors import InputError
from mtqa.readers.anchors import AnchoredText
from mtqa.readers.parsed import ParsedFile
from mtqa.readers.suppress import ignore_codes_in
from mtqa.readers.xml_events import End, Event, Start, Text, xml_events
from mtqa.text.segment import word_spans
from mtqa.types import Segment, Span

_NAMESPACE_PREFIX = "urn:oasis:names:tc:xliff:document:"
_NATIVE_CODE_1 = {"ph", "bpt", "ept", "it"}
_STANDALONE = {"x", "bx", "ex", "ph", "sc", "ec", "sm", "em"}


@dataclass
class _Content:
    """A ``<source>`` or ``<target>`` being read: its text, anchors and placeholder spans."""

    line: int
    column: int
    text: AnchoredText = field(default_factory=AnchoredText)
    placeholders: list[Span] = field(default_factory=list)

    def placeholder(self, token: str, line: int, column: int) -> None:
        start = self.text.length
        self.text.decoded(token, line, column)
        self.placeholders.append(Span(start, self.text.length))


@dataclass
class _Pair:
    segment_id: str | None
    source: _Content | None = None
    target: _Content | None = None


@dataclass
class _Unit:
    unit_id: str | None
    translate: bool
    pairs: list[_Pair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_xliff(text: str, path: str, lang: str) -> ParsedFile:
    """Segments of every translated target, in file order; ``lang`` is unused (never re-split)."""
    del lang
    events = xml_events(text, path)
    root = next((event for event in events if isinstance(event, Start)), None)
    if root is None or root.name != "xliff":
        found = f"<{root.name}>" if root is not None else "no element"
        raise InputError(path, f"not an XLIFF file (root is {found}, expected <xliff>)")
    reader = _Reader(path, version_two=_version(root).startswith("2"))
    for event in events:
        reader.feed(event)
    if reader.version_two:
        source_lang, target_lang = root.attrs.get("srcLang"), root.attrs.get("trgLang")
    else:
        source_lang, target_lang = reader.file_languages
    return ParsedFile(tuple(reader.segments), source_lang=source_lang or None, target_lang=target_lang or None)


def _version(root: Start) -> str:
    if root.attrs.get("version"):
        return root.attrs["version"].strip()
    if root.namespace.startswith(_NAMESPACE_PREFIX):
        return root.namespace[len(_NAMESPACE_PREFIX) :]
    return "1.2"


class _Reader:
    """A small state machine over the events; one instance reads one file."""

    def __init__(self, path: str, *, version_two: bool) -> None:
        self.path = path
        self.version_two = version_two
        self.unit_name = "unit" if version_two else "trans-unit"
        self.pair_parent = "segment" if version_two else "trans-unit"
        self.native_code = set() if version_two else _NATIVE_CODE_1
        self.segments: list[Segment] = []
        self.file_languages: tuple[str | None, str | None] = (None, None)
        self.stack: list[str] = []
        self.unit: _Unit | None = None
        self.content: _Content | None = None
        self.content_depth = 0
        self.inline: list[str] = []  # the closing placeholder of each open inline tag ("" if none)
        self.skip_depth = 0  # inside native code: its text is not translatable
        self.note: list[str] | None = None
        self.units = 0

    def feed(self, event: Event) -> None:
        if isinstance(event, Start):
            self._start(event)
            self.stack.append(event.name)
        elif isinstance(event, End):
            self.stack.pop()
            self._end(event)
        else:
            self._text(event)

    def _text(self, event: Text) -> None:
        if self.skip_depth:
            return  # native code inside a placeholder
        if self.content is not None:
            self.content.text.verbatim(event.text, event.line, event.column)
        elif self.note is not None:
            self.note.append(event.text)

    def _start(self, event: Start) -> None:
        parent = self.stack[-1] if self.stack else ""
        if self.skip_depth:
            self.skip_depth += 1
        elif self.content is not None:
            self._inline_start(event, self.content)
        elif event.name == "file" and not self.version_two and self.file_languages == (None, None):
            self.file_languages = (event.attrs.get("source-language"), event.attrs.get("target-language"))
        elif event.name == self.unit_name:
            self.units += 1
            self.unit = _Unit(event.attrs.get("id"), event.attrs.get("translate", "yes").strip().lower() != "no")
            if not self.version_two:
                self.unit.pairs.append(_Pair(None))
        elif self.unit is not None and event.name == "segment" and self.version_two:
            self.unit.pairs.append(_Pair(event.attrs.get("id")))
        elif self.unit is not None and event.name in ("source", "target") and parent == self.pair_parent:
            self.content = _Content(event.line, event.column)
            self.content_depth = len(self.stack) + 1
            setattr(self.unit.pairs[-1], event.name, self.content)
        elif self.unit is not None and event.name == "note":
            self.note = []

    def _inline_start(self, event: Start, content: _Content) -> None:
        """A tag inside a source or target; every one is matched by ``_inline_end``."""
        name = event.name
        character = _code_point(event) if name == "cp" else None
        if character is not None:
            content.text.decoded(character, event.line, event.column)
            self.inline.append("")
            self.skip_depth = 1
            return
        label = _label(name, event.attrs)
        content.placeholder("{" + label + "}", event.line, event.column)
        standalone = name in _STANDALONE or name in self.native_code
        self.inline.append("" if standalone else "{/" + label + "}")
        if name in self.native_code:
            self.skip_depth = 1

    def _end(self, event: End) -> None:
        if self.skip_depth > 1:
            self.skip_depth -= 1
        elif self.skip_depth == 1:
            self.skip_depth = 0
            self._inline_end(event)
        elif self.content is not None and len(self.stack) >= self.content_depth:
            self._inline_end(event)
        elif self.content is not None:
            self.content = None
        elif event.name == "note" and self.note is not None and self.unit is not None:
            self.unit.notes.append("".join(self.note))
            self.note = None
        elif event.name == self.unit_name and self.unit is not None:
            self._emit(self.unit)
            self.unit = None

    def _inline_end(self, event: End) -> None:
        closing = self.inline.pop()
        if closing and self.content is not None:
            self.content.placeholder(closing, event.line, event.column)

    def _emit(self, unit: _Unit) -> None:
        if not unit.translate:
            return
        codes = ignore_codes_in("\n".join(unit.notes))
        unit_id = unit.unit_id if unit.unit_id is not None else str(self.units)
        for place, pair in enumerate(unit.pairs, start=1):
            target = pair.target
            if target is None or not target.text.length:
                continue
            anchors = target.text.anchors
            text = target.text.text
            segment_id = unit_id if len(unit.pairs) == 1 else f"{unit_id}/{pair.segment_id or place}"
            self.segments.append(
                Segment(
                    path=self.path,
                    index=len(self.segments),
                    text=text,
                    line=anchors[0][1],
                    column=anchors[0][2],
                    source=pair.source.text.text if pair.source is not None else None,
                    id=segment_id,
                    exact_positions=False,
                    anchors=anchors,
                    word_spans=word_spans(text, tuple(target.placeholders)) if target.placeholders else None,
                    ignore_codes=codes,
                )
            )


def _code_point(event: Start) -> str | None:
    """The character a 2.x ``<cp hex>`` stands for; None (a placeholder then) if it names none."""
    try:
        value = int(event.attrs.get("hex", ""), 16)
    except ValueError:
        return None
    return chr(value) if 0 < value <= 0x10FFFF else None


def _label(name: str, attrs: dict[str, str]) -> str:
    """``name:id`` for a tag (XLIFF 1.2 ``<mrk>`` uses ``mid``); just ``name`` without an id."""
    tag_id = attrs.get("id") or attrs.get("mid")
    return f"{name}:{tag_id}" if tag_id else name
