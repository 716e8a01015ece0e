"""XML as a flat list of start/text/end events, each with its line and column in the file.

ElementTree drops positions, and findings must point at the right character of a ``<target>``.
expat knows where every event starts, so this drives defusedxml's parser (the pure-Python
ElementTree parser with expat underneath, hardened against entity expansion and external
references) with a target that records the position of each event. Character data is not
buffered, so each text chunk's position is exact: expat reports entities and CDATA contents as
chunks of their own, which is what lets ``&amp;`` (five columns, one character) map back.

Any DOCTYPE entity declaration (a billion-laughs bomb, an external entity) is refused before
it can expand, and every way the file can fail becomes one ``InputError`` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from mtqa.errors import InputError

_EXPAT_POSITION = re.compile(r":\s*line \d+, column \d+\s*$")


@dataclass(frozen=True)
class Start:
    """An element's start tag at (line, column) of its ``<``; names without namespaces."""

    name: str
    namespace: str
    attrs: dict[str, str]
    line: int
    column: int


@dataclass(frozen=True)
class End:
    name: str
    line: int
    column: int


@dataclass(frozen=True)
class Text:
    """Character data whose first character is at (line, column); entities come decoded."""

    text: str
    line: int
    column: int


Event = Start | End | Text


def xml_events(text: str, path: str) -> list[Event]:
    """Every element and text chunk of ``text`` in document order; 1-based positions."""
    recorder = _Recorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    expat = parser.parser
    expat.buffer_text = False
    recorder.locate = lambda: (expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
    try:
        parser.feed(text)
        parser.close()
    except EntitiesForbidden as error:
        raise InputError(path, f"entity declarations are not allowed (entity {error.name!r} in the DOCTYPE)") from None
    except ExternalReferenceForbidden as error:
        raise InputError(path, f"external references are not allowed ({error.system_id or error.public_id})") from None
    except DefusedXmlException as error:
        raise InputError(path, f"unsafe XML refused ({type(error).__name__})") from None
    except ParseError as error:
        line, column = error.position
        message = _EXPAT_POSITION.sub("", str(error))
        raise InputError(path, f"line {line}, column {column + 1}: invalid XML ({message})") from None
    return recorder.events


class _Recorder:
    """An ElementTree parser target that keeps events instead of building a tree."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.locate = lambda: (1, 1)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, name = _split(tag)
        line, column = self.locate()
        self.events.append(Start(name, namespace, {_split(key)[1]: value for key, value in attrs.items()}, line, column))

    def end(self, tag: str) -> None:
        line, column = self.locate()
        self.events.append(End(_split(tag)[1], line, column))

    def data(self, chunk: str) -> None:
        line, column = self.locate()
        self.events.append(Text(chunk, line, column))

    def close(self) -> None:
        return None


def _split(tag: str) -> tuple[str, str]:
    """``{namespace}name`` → (namespace, name)."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
