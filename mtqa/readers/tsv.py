"""Bilingual TSV: ``src<TAB>mt[<TAB>ref]``, or any column order with a header row.

A header is recognised only when every cell of the first row is a known column name, so a
translation that happens to read "Source" is never mistaken for one. Cells are taken verbatim
(QUOTE_NONE): a quote character in a translation is text, not CSV syntax. Rows are parsed as
their lines arrive, so a file is streamed, never held whole.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator

from mtqa.errors import InputError
from mtqa.readers.structured import record_segment
from mtqa.types import Segment

_COLUMN_NAMES = {
    "src": "src",
    "source": "src",
    "mt": "mt",
    "target": "mt",
    "ref": "ref",
    "reference": "ref",
    "id": "id",
}
_POSITIONAL = {1: ("mt",), 2: ("src", "mt"), 3: ("src", "mt", "ref")}


def parse_tsv(text: str, path: str, lang: str) -> list[Segment]:
    """One segment per non-empty row; empty lines are skipped, ``lang`` is unused."""
    return list(iter_tsv(text.split("\n"), path, lang))


def iter_tsv(lines: Iterable[str], path: str, lang: str) -> Iterator[Segment]:
    """One segment per non-empty row of ``lines`` (LF-split), yielded as each row is read.

    The first row decides the columns (a header, or their count), so nothing after it needs to
    be looked at before it is parsed.
    """
    del lang
    rows = _rows(lines, path)
    first_row = next(rows, None)
    if first_row is None:
        return
    first_number, first = first_row
    columns = _header(first, path, first_number)
    if columns is None:
        columns = _positional(first, path, first_number)
        rows = itertools.chain([first_row], rows)
    expected = len(first)
    for index, (number, cells) in enumerate(rows):
        if len(cells) != expected:
            raise InputError(path, f"line {number}: expected {expected} columns, found {len(cells)}")
        yield _segment(columns, cells, path=path, index=index, line=number)


def _positional(cells: list[str], path: str, number: int) -> tuple[str, ...]:
    """Column roles of a file without a header, by how many columns its first row has."""
    columns = _POSITIONAL.get(len(cells))
    if columns is None:
        raise InputError(
            path,
            f"line {number}: expected 1 to 3 columns (src, mt, ref), found {len(cells)}; add a header row naming the columns",
        )
    return columns


def _segment(columns: tuple[str, ...], cells: list[str], *, path: str, index: int, line: int) -> Segment:
    mt_index = columns.index("mt")
    record = dict(zip(columns, cells, strict=True))
    return record_segment(
        path=path,
        index=index,
        mt=cells[mt_index],
        line=line,
        column=1 + sum(len(cell) + 1 for cell in cells[:mt_index]),
        source=record.get("src"),
        reference=record.get("ref"),
        record_id=record.get("id"),
    )


def _rows(lines: Iterable[str], path: str) -> Iterator[tuple[int, list[str]]]:
    """(file line number, cells) for every non-empty line.

    One csv reader reads all lines, as a file would be read; ``current`` remembers which line it
    was last given, because with QUOTE_NONE every row is exactly one line.
    """
    current = 0

    def feed() -> Iterator[str]:
        nonlocal current
        for number, line in enumerate(lines, start=1):
            if line:
                current = number
                yield line

    reader = csv.reader(feed(), delimiter="\t", quoting=csv.QUOTE_NONE)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(path, f"line {current}: {error}") from None
        yield current, cells


def _header(cells: list[str], path: str, number: int) -> tuple[str, ...] | None:
    """Column roles named by a header row, or None when the row is data."""
    names = [cell.strip().lower() for cell in cells]
    if not all(name in _COLUMN_NAMES for name in names):
        return None
    roles = tuple(_COLUMN_NAMES[name] for name in names)
    if len(set(roles)) != len(roles):
        raise InputError(path, f"line {number}: header names a column twice")
    if "mt" not in roles:
        raise InputError(path, f"line {number}: header has no mt/target column")
    return roles
