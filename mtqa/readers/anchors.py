"""Building a string together with the file position of every character in it.

Structured formats decode their strings (PO and JSON escapes, XML entities, inline tags turned
into placeholders, strings continued over several lines), so a character's offset in the
segment no longer says where it sits in the file. Readers append the decoded pieces here with
the position each piece came from, and get back the text and the ``Segment.anchors`` that map
any offset to its true line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Anchor = tuple[int, int, int]
"""(offset in the text, 1-based file line, 1-based file column)."""


@dataclass
class AnchoredText:
    """A mutable builder; ``text`` and ``anchors`` are read once everything is appended."""

    parts: list[str] = field(default_factory=list)
    points: list[Anchor] = field(default_factory=list)
    length: int = 0

    def verbatim(self, chunk: str, line: int, column: int) -> None:
        """``chunk`` as it stands in the file from (line, column); newlines move to the next line."""
        for number, piece in enumerate(chunk.split("\n")):
            if number:
                self._anchor(line, column)  # the newline itself sits at the end of its line
                self._append("\n")
                line, column = line + 1, 1
            self._anchor(line, column)
            self._append(piece)
            column += len(piece)

    def decoded(self, text: str, line: int, column: int) -> None:
        """``text`` stands for markup at (line, column): an escape, an entity, an inline tag.

        Every character of it maps to that markup's first character; what follows must be
        appended with its own position.
        """
        for char in text:
            self._anchor(line, column, contiguous=False)
            self._append(char)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def anchors(self) -> tuple[Anchor, ...]:
        return tuple(self.points)

    def _anchor(self, line: int, column: int, *, contiguous: bool = True) -> None:
        """Record that the next character is at (line, column), unless that is already implied."""
        if self.points:
            offset, last_line, last_column = self.points[-1]
            if offset == self.length:
                self.points[-1] = (self.length, line, column)  # nothing was appended since
                return
            implied = last_line == line and last_column + self.length - offset == column
            if contiguous and implied:
                return
        self.points.append((self.length, line, column))

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)
