"""Readers: every format, and the promise that offsets map back to the right file position."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.errors import InputError, UsageError
from mtqa.readers import (
    SUPPORTED_EXTENSIONS,
    display_path,
    expand_paths,
    read_document,
    read_text_file,
)
from mtqa.readers.text import segments_from_text
from mtqa.text.segment import word_spans
from mtqa.types import Document, Segment, Span

# --------------------------------------------------------------------------- helpers


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def file_lines_of(text: str) -> list[str]:
    """The file as an editor shows it: BOM hidden, any newline convention."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def words(segment: Segment) -> list[str]:
    spans = segment.word_spans if segment.word_spans is not None else word_spans(segment.text)
    return [segment.text[span.start : span.end] for span in spans]


def assert_words_round_trip(document: Document, lines: list[str]) -> None:
    """Every word's mapped (line, column) shows that very word in the file."""
    for segment in document.segments:
        spans = segment.word_spans if segment.word_spans is not None else word_spans(segment.text)
        for span in spans:
            word = segment.text[span.start : span.end]
            line, column = segment.position(span.start)
            assert lines[line - 1][column - 1 : column - 1 + len(word)] == word, (segment, word)


def assert_chars_round_trip(document: Document, lines: list[str]) -> None:
    """Stronger: every non-space character of every segment sits where position() says."""
    for segment in document.segments:
        for offset, char in enumerate(segment.text):
            if char.isspace():
                continue
            line, column = segment.position(offset)
            assert lines[line - 1][column - 1] == char, (segment, offset)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path so that Document.path is short and predictable."""
    monkeypatch.chdir(tmp_path)


# --------------------------------------------------------------------------- registry


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == {
        ".txt": "text",
        ".md": "markdown",
        ".markdown": "markdown",
        ".jsonl": "jsonl",
        ".tsv": "tsv",
        ".po": "po",
        ".pot": "po",
        ".xlf": "xliff",
        ".xliff": "xliff",
        ".json": "json",
        ".srt": "srt",
    }


# --------------------------------------------------------------------------- text


def test_text_paragraphs_and_sentences(tmp_path: Path) -> None:
    content = "First sentence here. Second one\ncontinues on the next line.\n\n  Indented paragraph.\n"
    path = write(tmp_path, "a.txt", content)
    document = read_document(path)
    assert document.path == "a.txt"
    assert document.input_format == "text"
    texts = [s.text for s in document.segments]
    assert texts == [
        "First sentence here.",
        "Second one continues on the next line.",
        "Indented paragraph.",
    ]
    first, second, third = document.segments
    assert (first.line, first.column) == (1, 1)
    assert (second.line, second.column) == (1, 22)
    assert second.line_breaks == (10,)
    assert second.position(11) == (2, 1)  # "continues"
    assert second.position(second.text.index("line")) == (2, 23)
    assert (third.line, third.column) == (4, 3)
    assert [s.index for s in document.segments] == [0, 1, 2]
    assert [s.id for s in document.segments] == ["1", "2", "3"]
    assert all(s.word_spans is None and s.exact_positions for s in document.segments)
    assert all(s.path == "a.txt" for s in document.segments)
    assert_words_round_trip(document, file_lines_of(content))
    assert_chars_round_trip(document, file_lines_of(content))


def test_text_multiline_paragraph_with_indented_continuations(tmp_path: Path) -> None:
    content = (
        "The meeting   lasted long.\n"
        "    Vladimir Poutine discussed the\n"
        "\tsituation. Then they\n"
        "left.   Everyone was tired\n"
        "\n\n\n"
        "Last line. Mr. Smith agreed.  "
    )
    path = write(tmp_path, "b.txt", content)
    document = read_document(path)
    lines = file_lines_of(content)
    assert_words_round_trip(document, lines)
    assert_chars_round_trip(document, lines)
    poutine = next(s for s in document.segments if "Poutine" in s.text)
    assert poutine.position(poutine.text.index("Poutine")) == (2, 14)
    left = next(s for s in document.segments if s.text.startswith("Then"))
    assert (left.line, left.column) == (3, 13)
    assert left.position(left.text.index("left")) == (4, 1)
    last = document.segments[-1]
    assert last.line == 8
    assert "Smith" in last.text or any("Smith" in s.text for s in document.segments)


def test_text_crlf_and_lone_cr(tmp_path: Path) -> None:
    content = "One line here.\r\nSecond line\r\nwraps.\r\n\r\nOld Mac\rline."
    path = write(tmp_path, "crlf.txt", content)
    document = read_document(path)
    assert all("\r" not in s.text for s in document.segments)
    assert [s.text for s in document.segments] == ["One line here.", "Second line wraps.", "Old Mac line."]
    assert [(s.line, s.column) for s in document.segments] == [(1, 1), (2, 1), (5, 1)]
    assert document.segments[2].position(8) == (6, 1)
    assert_chars_round_trip(document, file_lines_of(content))


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
)
def test_boms(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = "Héllo wörld.\r\nZweite Zeile 😀."
    path = write(tmp_path, "bom.txt", bom + text.encode(encoding))
    assert read_text_file(path, 1000) == "Héllo wörld.\nZweite Zeile 😀."
    document = read_document(path)
    assert (document.segments[0].line, document.segments[0].column) == (1, 1)
    assert_words_round_trip(document, file_lines_of(text))


def test_invalid_utf8_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", b"good text \xff more")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.path == "bad.txt"
    assert caught.value.cause == "not valid UTF-8 (byte 0xff at offset 10)"
    assert str(caught.value) == "bad.txt: not valid UTF-8 (byte 0xff at offset 10)"
    assert "\n" not in str(caught.value)


def test_invalid_utf16_after_bom_reports_file_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "bad16.txt", b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    with pytest.raises(InputError, match=r"not valid UTF-16-LE \(byte 0x00 at offset 6\)"):
        read_text_file(path, 1000)


def test_bomless_utf16_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "Hello there".encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        read_text_file(path, 1000)


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "x" * 101)
    with pytest.raises(InputError) as caught:
        read_document(path, max_bytes=100)
    assert caught.value.cause == "file is 101 bytes, over the limit of 100 bytes"
    assert read_text_file(path, 101) == "x" * 101


def test_directory_as_file(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_text_file(tmp_path / "folder.txt", 100)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        read_document(tmp_path / "nope.txt")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "text")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_document(path)
    finally:
        path.chmod(0o644)


def test_permission_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as the chmod test, but also when the suite runs as root."""
    path = write(tmp_path, "locked.txt", "text")

    real_open = os.open

    def refuse(name: object, *args: object, **kwargs: object) -> int:
        if os.fspath(name) == os.fspath(path):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert (caught.value.path, caught.value.cause) == ("locked.txt", "permission denied")


def test_empty_and_blank_files(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "empty.txt", "")).segments == ()
    assert read_document(write(tmp_path, "blank.txt", "\n \n\t\n")).segments == ()


def test_unknown_extension_reads_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.rst", "A sentence. Another one.")
    document = read_document(path)
    assert document.input_format == "text"
    assert len(document.segments) == 2


def test_input_format_override_and_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "data.txt", '{"mt": "Hello world ."}\n')
    assert read_document(path, input_format="jsonl").segments[0].text == "Hello world ."
    assert read_document(path, input_format="md").input_format == "markdown"
    with pytest.raises(UsageError, match="unknown input format"):
        read_document(path, input_format="docx")


def test_display_path(tmp_path: Path) -> None:
    path = write(tmp_path, "sub/dir/x.txt", "Hi.")
    assert display_path(path) == "sub/dir/x.txt"
    assert display_path("sub/../sub/dir/x.txt") == "sub/dir/x.txt"
    assert read_document(path.resolve()).path == "sub/dir/x.txt"
    outside = Path("/definitely/not/under/cwd.txt")
    assert display_path(outside) == "/definitely/not/under/cwd.txt"


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfLine one.\r\nLine two.\r"
    path = write(tmp_path, "keep.txt", raw)
    read_document(path)
    assert path.read_bytes() == raw


def test_segments_from_text_api() -> None:
    document = segments_from_text("<text>", "Hello there.\r\nGood bye.", source="Hallo.\nTschüss.", lang="en")
    assert document.path == "<text>"
    assert [(s.text, s.source, s.line) for s in document.segments] == [
        ("Hello there.", "Hallo.", 1),
        ("Good bye.", "Tschüss.", 2),
    ]
    with pytest.raises(InputError, match="the reference has 1 lines but <text> has 2"):
        segments_from_text("<text>", "a\nb", reference="x")


# --------------------------------------------------------------------------- source / reference


def test_source_and_reference_pair_by_line(tmp_path: Path) -> None:
    target = write(tmp_path, "t.txt", "One. Two.\nThree wraps\nonto here.\n\nFour.\n")
    source = write(tmp_path, "s.txt", "Eins. Zwei.\nDrei\nhier.\n\nVier.")
    reference = write(tmp_path, "r.txt", "R1\nR2\nR3\n\nR5\n")
    document = read_document(target, source=source, reference=reference)
    assert document.source_path == "s.txt"
    assert document.reference_path == "r.txt"
    assert [(s.text, s.source, s.reference) for s in document.segments] == [
        ("One.", "Eins. Zwei.", "R1"),
        ("Two.", "Eins. Zwei.", "R1"),
        ("Three wraps onto here.", "Drei", "R2"),
        ("Four.", "Vier.", "R5"),
    ]


def test_source_misaligned(tmp_path: Path) -> None:
    target = write(tmp_path, "t.txt", "a\nb\nc\n")
    source = write(tmp_path, "s.txt", "a\nb\n")
    with pytest.raises(InputError) as caught:
        read_document(target, source=source)
    assert caught.value.path == "t.txt"
    assert caught.value.cause == "s.txt has 2 lines but t.txt has 3"


def test_source_crlf_counts_like_target(tmp_path: Path) -> None:
    target = write(tmp_path, "t.md", "# Title\n\nBody text.\n")
    source = write(tmp_path, "s.txt", "# Titel\r\n\r\nText.")
    document = read_document(target, source=source)
    assert [(s.text, s.source) for s in document.segments] == [("Title", "# Titel"), ("Body text.", "Text.")]


@pytest.mark.parametrize("name", ["x.jsonl", "x.tsv"])
def test_source_with_structured_input_is_an_error(tmp_path: Path, name: str) -> None:
    target = write(tmp_path, name, "")
    source = write(tmp_path, "s.txt", "")
    with pytest.raises(InputError, match="--source/--ref apply to text files"):
        read_document(target, source=source)
    with pytest.raises(InputError, match="put src/ref in the file"):
        read_document(target, reference=source)


# --------------------------------------------------------------------------- markdown

MARKDOWN = """\
---
title: Front matter is not checked
---
# Heading words ##

Prose with `inline code wrd` and https://example.com/pth?q=zzz plus www.exmpl.org too.
See [the manual](https://docs.example.com/guide) or <https://auto.link/xyzzy> and <span class="hl">this</span>.
Mail me at someone@example.com &amp; thanks.

> Quoted text starts here
> and continues. Second quoted sentence.

- First item
  wraps here.
2. Ordered item

```python
def not_checked(): pass
```

    indented code is skipped too

<div>
html block not checked
</div>

| Name | Value \\| pipe |
|------|-------|
| left cell | `cde` |
"""


def test_markdown_blocks(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.md", MARKDOWN)
    document = read_document(path)
    assert document.input_format == "markdown"
    texts = [s.text for s in document.segments]
    assert texts[0] == "Heading words"
    assert (document.segments[0].line, document.segments[0].column) == (4, 3)
    joined = " ".join(texts)
    for skipped in ("Front", "not_checked", "indented", "html block", "title:"):
        assert skipped not in joined
    assert "First item   wraps here." in texts
    assert "Ordered item" in texts
    assert "Quoted text starts here   and continues." in texts
    quoted = document.segments[texts.index("Quoted text starts here   and continues.")]
    assert (quoted.line, quoted.column) == (10, 3)
    assert quoted.position(quoted.text.index("and")) == (11, 3)
    assert texts[-4:] == ["Name", "Value \\| pipe", "left cell", "`cde`"]
    lines = file_lines_of(MARKDOWN)
    assert_words_round_trip(document, lines)
    assert_chars_round_trip(document, lines)


def test_markdown_excludes_code_urls_and_markup(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.md", MARKDOWN)
    document = read_document(path)
    all_words = {word for segment in document.segments for word in words(segment)}
    for hidden in ("wrd", "pth", "zzz", "exmpl", "docs", "guide", "xyzzy", "span", "hl", "amp", "someone", "cde"):
        assert hidden not in all_words, hidden
    for kept in ("Prose", "with", "and", "plus", "too", "See", "manual", "this", "Mail", "thanks"):
        assert kept in all_words, kept
    prose = next(s for s in document.segments if s.text.startswith("Prose"))
    assert prose.word_spans is not None
    plain = next(s for s in document.segments if s.text == "Heading words")
    assert plain.word_spans is None  # nothing excluded: the engine's own segmenter decides


def test_markdown_inline_code_across_lines_and_sentences(tmp_path: Path) -> None:
    content = "Run `make\ntest foo.` to start. Then rest.\n"
    document = read_document(write(tmp_path, "c.md", content))
    all_words = [w for s in document.segments for w in words(s)]
    assert "make" not in all_words and "foo" not in all_words and "test" not in all_words
    assert "Run" in all_words and "rest" in all_words
    assert_words_round_trip(document, file_lines_of(content))


def test_markdown_code_and_urls_do_not_end_sentences(tmp_path: Path) -> None:
    content = "Run `make. Then` now. See https://example.com/a. Next one. Visit www.x.org/b.\n"
    document = read_document(write(tmp_path, "s.md", content))
    assert [s.text for s in document.segments] == [
        "Run `make. Then` now.",
        "See https://example.com/a.",
        "Next one.",
        "Visit www.x.org/b.",
    ]


def test_markdown_ignore_comment(tmp_path: Path) -> None:
    content = (
        "<!-- mtqa: ignore[MT301,MT4] -->\n"
        "Suppressed paragraph. Two sentences\n"
        "over two lines.\n"
        "\n"
        "Not suppressed.\n"
        "\n"
        "<!-- mtqa: ignore -->\n"
        "# All codes\n"
        "\n"
        "<!-- mtqa: ignore[MT1] -->\n"
        "```\ncode\n```\n"
        "After the fence, not suppressed.\n"
        "\n"
        "<!-- mtqa: ignore[mt201] -->\n"
        "| cell a | cell b |\n|---|---|\n| c | d |\n"
    )
    document = read_document(write(tmp_path, "i.md", content))
    codes = {s.text: s.ignore_codes for s in document.segments}
    assert codes["Suppressed paragraph."] == ("MT301", "MT4")
    assert codes["Two sentences over two lines."] == ("MT301", "MT4")
    assert codes["Not suppressed."] == ()
    assert codes["All codes"] == ("MT",)
    assert codes["After the fence, not suppressed."] == ()
    assert codes["cell a"] == codes["d"] == ("MT201",)


def test_markdown_crlf_bom_and_setext(tmp_path: Path) -> None:
    content = "\ufeffTitle line\r\n==========\r\n\r\n* item *one*\r\n* item two\r\n"
    path = write(tmp_path, "s.md", content)
    document = read_document(path)
    assert [s.text for s in document.segments] == ["Title line", "item *one*", "item two"]
    assert [(s.line, s.column) for s in document.segments] == [(1, 1), (4, 3), (5, 3)]
    assert_chars_round_trip(document, file_lines_of(content))


def test_markdown_nested_containers(tmp_path: Path) -> None:
    content = "> - nested item in a quote\n>   that wraps\n>\n> > Deeper quote here.\n1.  Spaced ordered\n    item.\n"
    document = read_document(write(tmp_path, "n.md", content))
    texts = [s.text for s in document.segments]
    assert "Deeper quote here." in texts
    assert all(">" not in t for t in texts)
    assert_chars_round_trip(document, file_lines_of(content))


def test_markdown_unclosed_front_matter_is_text(tmp_path: Path) -> None:
    content = "---\nNot front matter after all.\n"
    document = read_document(write(tmp_path, "f.md", content))
    assert [s.text for s in document.segments] == ["Not front matter after all."]


# --------------------------------------------------------------------------- jsonl


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        '{"src": "Hallo Welt .", "mt": " Hello  world , \\"quoted\\" ", "ref": "Hello world .", "id": 7, "extra": [1]}',
        "",
        '   {"note": "the key \\"mt\\": \\"x\\" in text", "mt":"Second ."}   ',
        '{"mt": "Third", "id": "abc", "src": null}',
    ]
    path = write(tmp_path, "d.jsonl", "\n".join(lines) + "\n")
    document = read_document(path)
    assert document.input_format == "jsonl"
    first, second, third = document.segments
    assert first.text == ' Hello  world , "quoted" '
    assert (first.source, first.reference, first.id) == ("Hallo Welt .", "Hello world .", "7")
    assert [first.text[s.start : s.end] for s in first.word_spans or ()] == ["Hello", "world", ",", '"quoted"']
    assert first.exact_positions is False
    assert (first.line, first.column) == (1, lines[0].index('" Hello') + 2)
    assert (second.line, second.id) == (3, "3")
    assert second.column == lines[2].index('"Second') + 2
    assert second.position(3) == (second.line, second.column)
    assert (third.id, third.source, third.index) == ("abc", None, 2)


def test_jsonl_text_is_never_resplit(tmp_path: Path) -> None:
    mt = "First sentence. Second sentence! Third?\tTabs and  spaces "
    document = read_document(write(tmp_path, "one.jsonl", json.dumps({"mt": mt}) + "\n"))
    assert len(document.segments) == 1
    assert document.segments[0].text == mt


@pytest.mark.parametrize(
    ("line", "cause"),
    [
        ('{"mt": "ok"', "line 2: invalid JSON (Expecting ',' delimiter at column 12)"),
        ('["mt"]', "line 2: expected a JSON object, found an array"),
        ('{"src": "x"}', 'line 2: no "mt" field'),
        ('{"mt": 3}', 'line 2: "mt" must be a string, found a number'),
        ('{"mt": "x", "ref": ["y"]}', 'line 2: "ref" must be a string, found an array'),
        ("[" * 10_000 + "]" * 10_000, "line 2: invalid JSON (nested too deeply)"),
    ],
)
def test_jsonl_errors(tmp_path: Path, line: str, cause: str) -> None:
    path = write(tmp_path, "bad.jsonl", '{"mt": "fine"}\n' + line + "\n")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.path == "bad.jsonl"
    assert caught.value.cause == cause


def test_jsonl_deep_nesting_inside_object(tmp_path: Path) -> None:
    line = '{"mt": "x", "deep": ' + "[" * 10_000 + "]" * 10_000 + "}"
    with pytest.raises(InputError, match="line 1: invalid JSON"):
        read_document(write(tmp_path, "deep.jsonl", line))


def test_jsonl_bom_and_crlf(tmp_path: Path) -> None:
    content = '\ufeff{"mt": "A b ."}\r\n{"mt": "C"}\r\n'
    document = read_document(write(tmp_path, "b.jsonl", content))
    assert [(s.text, s.line, s.column) for s in document.segments] == [("A b .", 1, 9), ("C", 2, 9)]


# --------------------------------------------------------------------------- tsv


def test_tsv_positional_columns(tmp_path: Path) -> None:
    content = 'Hallo .\tHello , "world" .\tHi .\nZwei\tTwo\tDeux\n'
    document = read_document(write(tmp_path, "p.tsv", content))
    first, second = document.segments
    assert (first.source, first.text, first.reference) == ("Hallo .", 'Hello , "world" .', "Hi .")
    assert [first.text[s.start : s.end] for s in first.word_spans or ()] == ["Hello", ",", '"world"', "."]
    assert (first.line, first.column, first.id) == (1, 9, "1")
    assert (second.line, second.column, second.id) == (2, 6, "2")
    assert first.exact_positions is False


def test_tsv_single_and_two_columns(tmp_path: Path) -> None:
    one = read_document(write(tmp_path, "one.tsv", "Only mt here .\n\n  Second  \n"))
    assert [(s.text, s.source, s.line) for s in one.segments] == [("Only mt here .", None, 1), ("  Second  ", None, 3)]
    two = read_document(write(tmp_path, "two.tsv", "src\tmt\n"))
    assert two.segments == ()  # a header and no rows
    pair = read_document(write(tmp_path, "pair.tsv", "Quelle\tZiel\n"))
    assert [(s.source, s.text) for s in pair.segments] == [("Quelle", "Ziel")]


def test_tsv_header_maps_columns_by_name(tmp_path: Path) -> None:
    content = "ID\tReference\tTarget\tSource\nx1\tThe ref\tThe mt\tDie Quelle\n"
    document = read_document(write(tmp_path, "h.tsv", content))
    (segment,) = document.segments
    assert (segment.id, segment.reference, segment.text, segment.source) == ("x1", "The ref", "The mt", "Die Quelle")
    assert (segment.line, segment.column) == (2, len("x1\tThe ref\t") + 1)


def test_tsv_header_needs_every_cell_known(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "n.tsv", "source\tNot a header\n"))
    assert [(s.source, s.text) for s in document.segments] == [("source", "Not a header")]


def test_tsv_wrong_column_count(tmp_path: Path) -> None:
    path = write(tmp_path, "w.tsv", "a\tb\tc\nd\te\tf\ng\th\n")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.cause == "line 3: expected 3 columns, found 2"


def test_tsv_too_many_columns_without_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 1: expected 1 to 3 columns"):
        read_document(write(tmp_path, "four.tsv", "a\tb\tc\td\n"))


def test_tsv_header_without_mt(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 1: header has no mt/target column"):
        read_document(write(tmp_path, "nomt.tsv", "src\tref\na\tb\n"))


# --------------------------------------------------------------------------- expand_paths


def make_tree(root: Path) -> None:
    write(root, "b.txt", "B.")
    write(root, "a.md", "A.")
    write(root, "data.jsonl", '{"mt": "x"}')
    write(root, "z.TSV", "x")
    write(root, "script.py", "print('no')")
    write(root, ".hidden.txt", "hidden")
    write(root, ".git/config.txt", "x")
    write(root, ".venv/lib.txt", "x")
    write(root, "node_modules/pkg/readme.md", "x")
    write(root, "reports/mtqa-report.txt", "x")
    write(root, "__pycache__/x.txt", "x")
    write(root, "env/pyvenv.cfg", "home = /usr")
    write(root, "env/lib/notes.txt", "x")
    write(root, "sub/deeper/c.markdown", "C.")
    write(root, "sub/binary.txt", b"PNG\x00\x01\x02")
    write(root, "sub/utf16.txt", b"\xff\xfe" + "Wide text.".encode("utf-16-le"))


def test_expand_directory(tmp_path: Path) -> None:
    make_tree(tmp_path / "docs")
    notes: list[str] = []
    found = expand_paths(["docs"], notes)
    assert [p.as_posix() for p in found] == [
        "docs/a.md",
        "docs/b.txt",
        "docs/data.jsonl",
        "docs/z.TSV",
        "docs/sub/utf16.txt",
        "docs/sub/deeper/c.markdown",
    ]
    assert "skipped docs/.hidden.txt: hidden file" in notes
    assert "skipped docs/.git: hidden folder" in notes
    assert any(n.startswith("skipped docs/.venv: ") for n in notes)
    assert any(n.startswith("skipped docs/node_modules: ") for n in notes)
    assert any(n.startswith("skipped docs/reports: ") for n in notes)
    assert any(n.startswith("skipped docs/__pycache__: ") for n in notes)
    assert "skipped docs/env: virtual environment" in notes
    assert any(n.startswith("skipped docs/sub/binary.txt: looks binary") for n in notes)
    assert not any("script.py" in n for n in notes)
    assert read_document(found[4]).segments[0].text == "Wide text."


def test_expand_is_deterministic_and_deduplicated(tmp_path: Path) -> None:
    make_tree(tmp_path / "docs")
    first = expand_paths(["docs", "docs/b.txt", str(tmp_path / "docs" / "a.md")], [])
    second = expand_paths(["docs"], [])
    assert first == second


def test_expand_explicit_files_any_extension(tmp_path: Path) -> None:
    write(tmp_path, "notes.rst", "Text.")
    write(tmp_path, ".hidden.txt", "Text.")
    notes: list[str] = []
    assert expand_paths(["notes.rst", Path(".hidden.txt")], notes) == [Path("notes.rst"), Path(".hidden.txt")]
    assert notes == []


def test_expand_explicit_hidden_or_reports_folder_is_walked(tmp_path: Path) -> None:
    write(tmp_path, "reports/r.txt", "R.")
    write(tmp_path, ".ci/c.txt", "C.")
    assert expand_paths(["reports", ".ci"], []) == [Path("reports/r.txt"), Path(".ci/c.txt")]


def test_expand_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        expand_paths(["missing.txt"], [])
    assert (caught.value.path, caught.value.cause) == ("missing.txt", "no such file or directory")
    write(tmp_path, "empty/.hidden.md", "x")
    write(tmp_path, "empty/code.py", "x")
    notes: list[str] = []
    with pytest.raises(InputError) as caught:
        expand_paths(["empty"], notes)
    assert (caught.value.path, caught.value.cause) == ("empty", "no checkable files in directory")


def test_expand_symlink_loop_terminates(tmp_path: Path) -> None:
    write(tmp_path, "loop/a.txt", "A.")
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "again")
    os.symlink("self.txt", tmp_path / "loop" / "self.txt")  # a link to itself
    notes: list[str] = []
    found = expand_paths(["loop"], notes)
    assert found == [Path("loop/a.txt")]
    assert "skipped loop/again: symbolic link to a folder, not followed" in notes
    assert any(n.startswith("skipped loop/self.txt: ") for n in notes)
    with pytest.raises(InputError, match="symbolic link loop"):
        expand_paths(["loop/self.txt"], [])
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        expand_paths(["dangling.txt"], [])


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    ["\n", "\r\n", "\r", "\n\n", " ", "  ", "\t", ".", ". ", "! ", "?", "Mr. ", "e.g. ", "word", "Ünïcödé", "日本語",
     "don't", "well-known", "\u2028", "\x0c", "\x00", "\ufeff", "…", "»", "'", "-", "1.5", "\u0301"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)
_MARKDOWN_PIECES = st.sampled_from(
    ["# ", "## ", "> ", "- ", "* ", "1. ", "    ", "```\n", "`", "|", " | ", "---\n", "===\n", "[a](http://b.c/d)",
     "<!-- mtqa: ignore[MT1] -->\n", "<b>", "</b>", "**", "_", "&amp;", "https://x.y/z", "\\|", "\n", "\n\n", "\r\n",
     "Word", "two words", ". ", "\t"]
)  # fmt: skip
_MARKDOWN = st.lists(st.one_of(_MARKDOWN_PIECES, _PIECES, st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_property_text_positions_round_trip(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "prop.txt", text)
    try:
        document = read_document(path)
    except InputError:
        return
    lines = file_lines_of(text)
    assert_words_round_trip(document, lines)
    assert_chars_round_trip(document, lines)
    for segment in document.segments:
        assert segment.text and not segment.text[0].isspace() and not segment.text[-1].isspace()
        assert "\n" not in segment.text and "\r" not in segment.text
    covered = {
        segment.position(offset)
        for segment in document.segments
        for offset, char in enumerate(segment.text)
        if not char.isspace()
    }
    in_file = {(n, c) for n, line in enumerate(lines, 1) for c, char in enumerate(line, 1) if not char.isspace()}
    assert covered == in_file  # no text is lost or duplicated


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_MARKDOWN)
def test_property_markdown_positions_round_trip(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "prop.md", text)
    try:
        document = read_document(path)
    except InputError:
        return
    lines = file_lines_of(text)
    assert_words_round_trip(document, lines)
    assert_chars_round_trip(document, lines)
    for segment in document.segments:
        for span in segment.word_spans or ():
            assert isinstance(span, Span) and 0 <= span.start < span.end <= len(segment.text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mt=st.text(), src=st.none() | st.text(), extra=st.dictionaries(st.text(max_size=3), st.integers(), max_size=3))
def test_property_jsonl_text_is_exact(tmp_path: Path, mt: str, src: str | None, extra: dict[str, int]) -> None:
    record: dict[str, object] = {k: v for k, v in extra.items() if k not in {"src", "ref", "id"}}
    record["mt"] = mt
    if src is not None:
        record["src"] = src
    line = json.dumps(record, ensure_ascii=False)
    path = write(tmp_path, "prop.jsonl", "\n" + line + "\n")
    (segment,) = read_document(path).segments
    assert segment.text == mt
    assert segment.line == 2
    assert json.JSONDecoder().raw_decode(line, segment.column - 2)[0] == mt  # column is just inside the quote


# Fragments of every format, so that random files get far into each parser rather than failing
# at the first byte; some are valid, most combinations are not.
_FORMAT_PIECES = {
    "text": ["word", ". ", "\n", "\r\n", "\r", "\n\n", "\ufeff", "\x00", "\u200b", "日本"],
    "markdown": ["# ", "> ", "- ", "```\n", "`", "|", "---\n", "[a](b)", "<!-- mtqa: ignore[MT1] -->", "<b>", "\n\n", "text"],
    "jsonl": ['{"mt": "', '"}', "{", "}", '"src": ', '"ref": ', '"id": ', ", ", ":", "[", "]", "\\u00e9", "\\ud800", "\\", "null",
              "1", "\n", "text"],
    "tsv": ["\t", "\n", "src", "mt", "ref", "id", "target", '"', "\x00", "\r\n", "text"],
    "po": ["msgid ", "msgstr ", "msgctxt ", "msgid_plural ", "msgstr[0] ", "msgstr[1] ", '"', '\\"', "\\n", "\\t", "\n",
           "#, fuzzy\n", "#~ ", "# mtqa: ignore[MT3]\n", '"Language: fr\\n"\n', "text"],
    "xliff": ['<xliff version="1.2">', '<xliff version="2.0" trgLang="de">', "</xliff>", "<file>", "</file>",
              '<trans-unit id="1">', "</trans-unit>", '<unit id="u">', "</unit>", "<segment>", "</segment>", "<source>",
              "</source>", "<target>", "</target>", '<g id="1">', "</g>", '<x id="2"/>', "<ph>", "</ph>", "&amp;", "&lt;",
              "<![CDATA[", "]]>", "<note>", "</note>", '<cp hex="D800"/>', '<cp hex="41"/>', "<!DOCTYPE x>", "text"],
    "json": ["{", "}", "[", "]", '"k": ', '"', ", ", ":", "\\n", "\\u00e9", "\\ud83d", "\\udc00", "null", "1.5", "true", "\n",
             "text"],
    "srt": ["1\n", "00:00:01,000 --> 00:00:02,000\n", "\n", "<i>", "</i>", "{\\an8}", "text", "-->", "99:99:99,9\n"],
}  # fmt: skip
_ENCODED = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
# Valid JSON whose strings may hold lone surrogates ("\ud800" escapes): legal JSON, illegal text.
_ANY_CHARS = st.lists(st.characters() | st.sampled_from(["\ud800", "\udc80", "\udfff", "\ud83d"]), max_size=8).map("".join)
_VALID = {
    "jsonl": st.lists(
        st.fixed_dictionaries({"mt": _ANY_CHARS}, optional={"src": _ANY_CHARS, "ref": _ANY_CHARS, "id": _ANY_CHARS}), max_size=4
    ).map(lambda records: "\n".join(json.dumps(r) for r in records)),
    "json": st.recursive(
        _ANY_CHARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_ANY_CHARS, inner, max_size=3), max_leaves=8
    ).map(lambda value: json.dumps({"root": value})),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fmt=st.sampled_from(sorted(_FORMAT_PIECES)))
def test_property_readers_raise_only_input_errors(tmp_path: Path, data: st.DataObject, fmt: str) -> None:
    """Any file in any format: a Document or an InputError, nothing else; and every word of a
    Document's segments lies inside its text, maps to a line of the file, and holds no lone
    surrogate (which no UTF-8 report or tokenizer could take)."""
    pieces = st.one_of(st.sampled_from(_FORMAT_PIECES[fmt]), st.text(max_size=4))
    text = data.draw(st.lists(pieces, max_size=30).map("".join) | _VALID.get(fmt, st.nothing()))
    raw = data.draw(
        st.one_of(
            st.just(text.encode("utf-8", "surrogatepass")),
            st.binary(max_size=64),
            st.tuples(_ENCODED, st.binary(max_size=32)).map(b"".join),
        )
    )
    path = write(tmp_path, f"fuzz.{fmt}", raw)
    try:
        document = read_document(path, input_format=fmt)
    except InputError:
        return
    file_lines = max(1, raw.count(b"\n") + raw.count(b"\r") + 1)
    for segment in document.segments:
        for value in (segment.text, segment.source or "", segment.reference or "", segment.id or ""):
            assert not any("\ud800" <= char <= "\udfff" for char in value), value
        spans = segment.word_spans if segment.word_spans is not None else word_spans(segment.text)
        previous = 0
        for span in spans:
            assert previous <= span.start < span.end <= len(segment.text)
            line, column = segment.position(span.start)
            assert 1 <= line <= file_lines and column >= 1
            previous = span.end
