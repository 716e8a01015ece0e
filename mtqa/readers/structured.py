"""What bilingual line formats (JSONL, TSV) share: one segment per record, never re-split.

Their words are the whitespace tokens of ``mt``, punctuation included, because that is how
word-tagged QE data counts them; evaluation against such data is then exact.
"""

from __future__ import annotations

from mtqa.readers.decode import replace_surrogates
from mtqa.text.segment import whitespace_spans
from mtqa.types import Segment


def record_segment(
    *,
    path: str,
    index: int,
    mt: str,
    line: int,
    column: int,
    source: str | None,
    reference: str | None,
    record_id: str | None,
) -> Segment:
    """A segment whose text is ``mt`` exactly; positions point at the start of the string."""
    mt = replace_surrogates(mt)
    return Segment(
        path=path,
        index=index,
        text=mt,
        line=line,
        column=column,
        source=replace_surrogates(source) if source is not None else None,
        reference=replace_surrogates(reference) if reference is not None else None,
        id=replace_surrogates(record_id) if record_id is not None else str(line),
        exact_positions=False,
        word_spans=whitespace_spans(mt),
    )
