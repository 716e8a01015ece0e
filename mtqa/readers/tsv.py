"""Bilingual TSV: ``src<TAB>mt[<TAB>ref]``, or any column order with a header row.

A header is recognised only when every cell of the first row is a known column name, so a
translation that happens to read "Source" is never mistaken for one. Cells are taken verbatim
(QUOTE_NONE): a quote character in a translation is text, not CSV syntax.
"""

from __future__ import annotations

import csv

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
    del lang
    rows = _rows(text, path)
    if not rows:
        return []
    first_number, first = rows[0]
    columns = _header(first, path, first_number)
    if columns is not None:
        rows = rows[1:]
    else:
        columns = _POSITIONAL.get(len(first))
        if columns is None:
            raise InputError(
                path,
                f"line {first_number}: expected 1 to 3 columns (src, mt, ref), found {len(first)};"
                " add a header row naming the columns",
            )
    expected = len(first)
    mt_index = columns.index("mt")
    segments: list[Segment] = []
    for number, cells in rows:
        if len(cells) != expected:
            raise InputError(path, f"line {number}: expected {expected} columns, found {len(cells)}")
        record = dict(zip(columns, cells, strict=True))
        segments.append(
            record_segment(
                path=path,
                index=len(segments),
                mt=cells[mt_index],
                line=number,
                column=1 + sum(len(cell) + 1 for cell in cells[:mt_index]),
                source=record.get("src"),
                reference=record.get("ref"),
                record_id=record.get("id"),
            )
        )
    return segments


def _rows(text: str, path: str) -> list[tuple[int, list[str]]]:
    """(file line number, cells) for every non-empty line."""
    numbered = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line]
    reader = csv.reader((line for _, line in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: list[tuple[int, list[str]]] = []
    for number, _ in numbered:
        try:
            cells = next(reader)
        except csv.Error as error:
            raise InputError(path, f"line {number}: {error}") from None
        rows.append((number, cells))
    return rows


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
