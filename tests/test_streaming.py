"""Large files are streamed, not read whole: same text, same errors, bounded memory.

The streaming decoder must give exactly what decoding the whole file at once gave (the reader
before streaming, kept here as ``whole_file_text``), wherever the chunks are cut: inside a
CRLF, inside a multi-byte character, inside a BOM. Tiny chunk sizes make every boundary case
happen in small inputs. Then: the line-based readers produce the segments the whole-text
parsers produce, memory stays far below the file's size, a growing file stops at the limit,
and the word budget stops reading early.
"""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.errors import InputError
from mtqa.readers import decode, read_document
from mtqa.readers.decode import bom_encoding, iter_lines, read_text_file
from mtqa.readers.jsonl import iter_jsonl, parse_jsonl
from mtqa.readers.pairing import file_lines, pair_segments
from mtqa.readers.text import parse_text
from mtqa.readers.tsv import parse_tsv
from mtqa.types import Document, Segment

CHUNK_SIZES = (1, 2, 3, 4, 5, 7, 64, None)  # None: the default chunk size


def whole_file_text(data: bytes) -> str:
    """The reader before streaming: BOM or strict UTF-8 on all bytes at once, then LF newlines.

    Returns the text, or the InputError cause it raised, so results and errors compare alike.
    """
    detected = bom_encoding(data)
    encoding, skip = detected if detected is not None else ("utf-8", 0)
    head = data[:8192]
    if detected is None and len(head) >= 4 and not len(head) % 2:
        even, odd = head[0::2], head[1::2]
        if any(z.count(0) == len(z) and 0 not in t for z, t in ((even, odd), (odd, even))):
            return "looks like UTF-16 without a byte-order mark; save it as UTF-8"
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        return f"not valid {encoding.upper()} (byte 0x{data[offset]:02x} at offset {offset})"
    return text.replace("\r\n", "\n").replace("\r", "\n")


def streamed_text(path: Path, chunk_bytes: int | None, max_bytes: int = 10**8) -> str:
    try:
        return read_text_file(path, max_bytes, chunk_bytes=chunk_bytes)
    except InputError as error:
        return error.cause


def streamed_lines(path: Path, chunk_bytes: int | None) -> list[str] | str:
    try:
        return list(iter_lines(path, 10**8, chunk_bytes=chunk_bytes))
    except InputError as error:
        return error.cause


# --------------------------------------------------------------------------- decoding

CORPUS: dict[str, bytes] = {
    "empty": b"",
    "ascii": b"Hello there.\nSecond line.\n",
    "crlf-everywhere": b"a\r\nb\r\n\r\nc\r\n",
    "lone-cr": b"a\rb\r\rc\r",
    "cr-then-lf-lines": b"\r\n\r\r\n\n\r",
    "only-cr": b"\r",
    "multibyte": "é€😀 naïve 😀\r\nend".encode(),
    "utf8-bom": b"\xef\xbb\xbf" + "Héllo\r\nwörld".encode(),
    "utf8-bom-only": b"\xef\xbb\xbf",
    "utf16-le-bom": b"\xff\xfe" + "Wide 😀 text\r\nline\r".encode("utf-16-le"),
    "utf16-be-bom": b"\xfe\xff" + "Big 😀 end\rline".encode("utf-16-be"),
    "utf32-le-bom": b"\xff\xfe\x00\x00" + "Four 😀\r\n".encode("utf-32-le"),
    "utf32-be-bom": b"\x00\x00\xfe\xff" + "Four 😀\r\n".encode("utf-32-be"),
    "invalid-late": b"ok line\r\n" * 40 + b"\xff tail",
    "invalid-after-crlf-cut": b"ab\r" + b"\n\xe9",
    "truncated-at-end": b"abc" + "€".encode()[:2],
    "encoded-surrogate": b"abcd" + b"\xed\xa0\x80" + b"more",
    "overlong": b"abc\xc0\xafdef",
    "utf16-lone-surrogate": b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8" + "cd".encode("utf-16-le"),
    "utf16-odd-length": b"\xff\xfe" + "abc".encode("utf-16-le") + b"x",
    "utf16-without-bom": "Hello there, no mark".encode("utf-16-le"),
    "nul-in-utf8": b"a\x00b\nc",
}


@pytest.mark.parametrize("chunk_bytes", CHUNK_SIZES)
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_streaming_matches_whole_file_decoding(tmp_path: Path, name: str, chunk_bytes: int | None) -> None:
    data = CORPUS[name]
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    expected = whole_file_text(data)
    assert streamed_text(path, chunk_bytes) == expected
    lines = streamed_lines(path, chunk_bytes)
    assert lines == (expected.split("\n") if isinstance(lines, list) else expected)


@pytest.mark.parametrize(
    ("data", "chunk_bytes", "expected"),
    [
        (b"a\r\nb", 2, "a\nb"),  # the CRLF is cut: "a\r" | "\nb"
        (b"a\r\rb", 2, "a\n\nb"),  # a CR ending a chunk, a lone CR starting the next
        (b"ab\r", 3, "ab\n"),  # a CR ends the file
        (b"\r\n", 1, "\n"),
        ("é😀".encode(), 1, "é😀"),  # each byte its own chunk
        (b"\xef\xbb\xbfhi", 1, "hi"),  # the BOM is cut into three chunks
        (b"\xff\xfe" + "h\r\ni".encode("utf-16-le"), 3, "h\ni"),
    ],
)
def test_chunk_boundaries_by_hand(tmp_path: Path, data: bytes, chunk_bytes: int, expected: str) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    assert read_text_file(path, 1000, chunk_bytes=chunk_bytes) == expected


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"ok\n" * 10_000 + b"\xff", "not valid UTF-8 (byte 0xff at offset 30000)"),
        (b"x" * 4095 + "é".encode()[:1] + b"(", "not valid UTF-8 (byte 0xc3 at offset 4095)"),  # cut at 4096
        (b"x" * 4094 + b"\xed\xa0\x80", "not valid UTF-8 (byte 0xed at offset 4094)"),  # a surrogate, cut
        (b"x" * 9000 + "€".encode()[:2], "not valid UTF-8 (byte 0xe2 at offset 9000)"),  # cut short at the end
        (
            b"\xff\xfe" + "ab".encode("utf-16-le") * 3000 + b"\x00\xdc",
            "not valid UTF-16-LE (byte 0x00 at offset 12002)",
        ),
    ],
)
def test_bad_byte_past_the_first_chunk_is_at_its_file_offset(tmp_path: Path, data: bytes, cause: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    for chunk_bytes in (4096, 1000, 7):
        with pytest.raises(InputError) as caught:
            read_text_file(path, 10**6, chunk_bytes=chunk_bytes)
        assert caught.value.cause == cause


def test_bomless_utf16_is_sniffed_over_many_small_chunks(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Hello there, no mark. ".encode("utf-16-le") * 1000)
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        read_text_file(path, 10**6, chunk_bytes=3)


_FRAGMENTS = [b"a", b" ", b"\r", b"\n", b"\r\n", "é".encode(), "€".encode(), "😀".encode(), b"\xff", b"\xed\xa0\x80", b"\xe2\x82"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bom=st.sampled_from([b"", b"", b"\xef\xbb\xbf"]),
    fragments=st.lists(st.sampled_from(_FRAGMENTS), max_size=40),
    chunk_bytes=st.integers(min_value=1, max_value=17),
)
def test_any_utf8_input_any_chunking(tmp_path: Path, bom: bytes, fragments: list[bytes], chunk_bytes: int) -> None:
    data = bom + b"".join(fragments)
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    assert streamed_text(path, chunk_bytes) == whole_file_text(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]),
    text=st.text(alphabet=st.sampled_from(["a", "\r", "\n", "é", "😀"]), max_size=20),
    damage=st.one_of(st.none(), st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255))),
    chunk_bytes=st.integers(min_value=1, max_value=9),
)
def test_any_utf16_utf32_input_any_chunking(
    tmp_path: Path, encoding: str, text: str, damage: tuple[int, int] | None, chunk_bytes: int
) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}
    body = bytearray(text.encode(encoding))
    if damage is not None and body:
        body[damage[0] % len(body)] = damage[1]
    data = bom[encoding] + bytes(body)
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    assert streamed_text(path, chunk_bytes) == whole_file_text(data)


# --------------------------------------------------------------------------- size limit


def test_a_file_that_grows_while_read_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size checked on open is no promise: the limit holds for the bytes actually read.

    The file grows after the first chunks (the first 8 KiB are read to choose the encoding) and
    before the end was seen; reading whatever the file has become would never stop on a log
    that is still written to.
    """
    monkeypatch.chdir(tmp_path)
    path = Path("growing.txt")
    path.write_bytes(b"line\n" * 2000)  # 10,000 bytes: passes the size check on open
    lines = iter_lines(path, 12_000, chunk_bytes=1000)
    assert next(lines) == "line"
    with path.open("ab") as handle:
        handle.write(b"more\n" * 1000)
    seen = 1
    with pytest.raises(InputError) as caught:
        for _ in lines:
            seen += 1
    assert str(caught.value) == "growing.txt: file is over the limit of 12000 bytes"
    assert seen <= 12_000 // 5  # nothing past the limit was handed on


def test_exactly_the_limit_is_read_in_any_chunking(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"0123456789" * 10)
    for chunk_bytes in (1, 7, 10, 100, None):
        assert read_text_file(path, 100, chunk_bytes=chunk_bytes) == "0123456789" * 10
    with pytest.raises(InputError, match=r"file is 100 bytes, over the limit of 99 bytes"):
        read_text_file(path, 99, chunk_bytes=7)


# --------------------------------------------------------------------------- parsers


def whole_text_document(path: Path, parse: Callable[[str, str, str], list[Segment]], sides: dict[str, Path]) -> Document:
    """What read_document built before streaming: parse the whole text, pair whole side files."""
    shown = path.name
    text = whole_file_text(path.read_bytes())
    segments = parse(text, shown, "en")
    if sides:
        target_lines = len(file_lines(text))
        lines = {role: file_lines(whole_file_text(side.read_bytes())) for role, side in sides.items()}
        assert all(len(found) == target_lines for found in lines.values())
        segments = pair_segments(segments, source_lines=lines.get("source"), reference_lines=lines.get("reference"))
    return Document(
        path=shown,
        segments=tuple(segments),
        source_path=sides["source"].name if "source" in sides else None,
        reference_path=sides["reference"].name if "reference" in sides else None,
        input_format={parse_text: "text", parse_jsonl: "jsonl", parse_tsv: "tsv"}[parse],
    )


TEXT = (
    "The meeting lasted two hours. Prices rose.\r\nA wrapped line\r\ncontinues here.\r\n\r\n"
    "Naïve café owners 😀 complained.\r\rLone CR paragraph.\rSecond line.\n\n\n"
    "Last paragraph, no newline at the end."
)
JSONL = "\r\n".join(
    [
        json.dumps({"mt": "Short target 😀.", "src": "Kurz.", "id": 7, "extra": {"a": [1, 2]}}),
        "",
        "   ",
        json.dumps({"ref": "R", "mt": "Naïve\ttabbed  words ."}, ensure_ascii=False),
        json.dumps({"mt": "\\ud800 lone surrogate escape"}),
    ]
)
TSV = "source\ttarget\tid\r\nKurz.\tShort 😀.\t1\r\n\r\nLang.\tLong  text .\t2\n"


@pytest.mark.parametrize(
    ("name", "content", "parse"),
    [("doc.txt", TEXT, parse_text), ("doc.jsonl", JSONL, parse_jsonl), ("doc.tsv", TSV, parse_tsv)],
)
@pytest.mark.parametrize("chunk_bytes", [1, 3, 5, None])
def test_streamed_formats_match_whole_text_parsing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: str,
    parse: Callable[[str, str, str], list[Segment]],
    chunk_bytes: int | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    if chunk_bytes is not None:
        monkeypatch.setattr(decode, "CHUNK_BYTES", chunk_bytes)
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + content.encode())
    document = read_document(name)
    assert document.segments  # the corpus is not trivially empty
    assert document == whole_text_document(path, parse, {})


@pytest.mark.parametrize("chunk_bytes", [1, 4, None])
def test_line_aligned_side_files_are_streamed_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int | None
) -> None:
    monkeypatch.chdir(tmp_path)
    if chunk_bytes is not None:
        monkeypatch.setattr(decode, "CHUNK_BYTES", chunk_bytes)
    target = tmp_path / "doc.txt"
    target.write_bytes("First sentence. Second one.\r\nThird line.\rFourth 😀.\r\n".encode())
    sides = {"source": tmp_path / "src.txt", "reference": tmp_path / "ref.txt"}
    sides["source"].write_bytes("Erster Satz. Zweiter.\r\nDritte Zeile.\rVierte 😀.".encode())
    sides["reference"].write_bytes(b"\xff\xfe" + "R1\r\nR2\nR3\r\n".encode("utf-16-le"))
    document = read_document("doc.txt", source="src.txt", reference="ref.txt")
    assert [segment.source for segment in document.segments][-1] == "Vierte 😀."
    assert document == whole_text_document(target, parse_text, sides)
    sides["source"].write_bytes(b"one\r\ntwo\r\nthree\r\nfour\r\n")
    with pytest.raises(InputError, match=r"^doc\.txt: src\.txt has 4 lines but doc\.txt has 3$"):
        read_document("doc.txt", source="src.txt")


def test_text_signature_parsers_delegate_to_the_line_parsers() -> None:
    """``parse_jsonl(text, path, lang)`` is what the tests and integrations call; it must stay."""
    assert parse_jsonl(JSONL.replace("\r\n", "\n"), "x.jsonl", "en") == list(iter_jsonl(JSONL.split("\r\n"), "x.jsonl", "en"))


# --------------------------------------------------------------------------- memory


def _peak_bytes(read: Callable[[], object]) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = read()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_large_jsonl_is_never_held_whole(tmp_path: Path) -> None:
    """An 8 MB JSONL file whose records are mostly ignored annotations reads in well under its
    own size. Reading it whole holds the raw bytes and the decoded text together, at least twice
    the file's size (ASCII text is one byte a character), before any line is parsed."""
    line = json.dumps({"mt": "Short target.", "src": "Kurz.", "annotations": "x" * 4000}) + "\n"
    path = tmp_path / "big.jsonl"
    path.write_text(line * (8_000_000 // len(line)), encoding="utf-8")
    size = path.stat().st_size
    peak, document = _peak_bytes(lambda: read_document(path))
    assert isinstance(document, Document) and len(document.segments) == 8_000_000 // len(line)
    assert peak < size // 2, f"peak {peak / size:.2f}× the file's size"


def test_large_text_is_never_held_whole(tmp_path: Path) -> None:
    """The segments of a text file hold all its text (about 1.2× its size here), so the bound is
    2×: streaming adds about a megabyte to them, while reading whole adds the raw bytes, the
    decoded text and its list of lines (3× measured before streaming)."""
    paragraph = " ".join(["the meeting lasted two hours and prices rose"] * 40) + ".\r\n\r\n"
    path = tmp_path / "big.txt"
    path.write_bytes(paragraph.encode() * (8_000_000 // len(paragraph)))
    size = path.stat().st_size
    peak, document = _peak_bytes(lambda: read_document(path))
    assert isinstance(document, Document) and len(document.segments) == 8_000_000 // len(paragraph)
    assert peak < 2 * size, f"peak {peak / size:.2f}× the file's size"


# --------------------------------------------------------------------------- word budget


def _budget_message(path: str, total: int, budget: int) -> str:
    """The engine's message (tests/test_hostile.py::test_word_budget_counts_every_segment)."""
    return f"{path}: {total} words or more, over the per-file budget of {budget} (max-words); split the file or raise the budget"


@pytest.mark.parametrize(
    ("name", "record"),
    [("doc.txt", "One two three.\n\n"), ("doc.jsonl", json.dumps({"mt": "One two three ."}) + "\n")],
)
def test_word_budget_stops_reading_a_streamed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, record: str
) -> None:
    """A bad byte far past the budget is never reached: reading stopped at the budget."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(record.encode() * 100_000 + b"\xff")
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_document(name)
    with pytest.raises(InputError) as caught:
        read_document(name, max_words=10)
    words_per_record = 3 if name.endswith(".txt") else 4  # JSONL words are whitespace tokens
    total = words_per_record * (10 // words_per_record + 1)
    assert str(caught.value) == _budget_message(name, total, 10)


def test_word_budget_within_limit_and_for_whole_text_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text("One two three.\nFour five six.\n", encoding="utf-8")
    assert len(read_document("doc.txt", max_words=6).segments) == 2
    with pytest.raises(InputError) as caught:
        read_document("doc.txt", max_words=5)
    assert str(caught.value) == _budget_message("doc.txt", 6, 5)
    (tmp_path / "doc.md").write_text("# One two\n\nThree four five.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document("doc.md", max_words=4)
    assert str(caught.value) == _budget_message("doc.md", 5, 4)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_a_file_abandoned_on_an_error_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonl"
    path.write_bytes(b'{"mt": "a"}\n{"mt": 3}\n' + b'{"mt": "b"}\n' * 100_000)

    def open_on_path() -> int:
        fds = Path("/proc/self/fd")
        return sum(1 for fd in os.listdir(fds) if os.path.realpath(fds / fd) == str(path.resolve()))

    with pytest.raises(InputError, match='line 2: "mt" must be a string') as caught:
        read_document(path)
    assert caught.value is not None and open_on_path() == 0
