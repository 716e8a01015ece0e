"""Hostile-table cases about what a text file holds: bytes, encodings, newlines, sizes, words and
invisible characters."""

from __future__ import annotations

from pathlib import Path

from hostile.table import FAST, GOOD, REPORT, SIZE_LIMIT, TEN_MB, Case, case, write

# ----------------------------------------------------------------------------- binary files


@case("binary-png-named-txt")
def _binary_png(root: Path) -> Case:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    name = write(root, "image.txt", data)
    return Case("binary-png-named-txt", (name,), 2, r"image\.txt: not valid UTF-8 \(byte 0x89 at offset 0\)", names=name)


@case("binary-skipped-in-folder")
def _binary_in_folder(root: Path) -> Case:
    write(root, "docs/photo.txt", b"GIF89a\x01\x00\x01\x00\x00\xff\x00,\x00\x00\x00\x00")
    write(root, "docs/good.txt", GOOD)
    return Case("binary-skipped-in-folder", ("docs", *FAST), 0, r"skipped docs/photo\.txt: looks binary \(NUL byte\)")


@case("nul-bytes-in-text")
def _nul_bytes(root: Path) -> Case:
    name = write(root, "nul.txt", "The cat\x00 sat on the mat.\nIt was\x00\x00 happy.\n")
    return Case("nul-bytes-in-text", (name, *FAST), 0, r'"message": "invisible control character U\+0000"', "stdout")


# ----------------------------------------------------------------------------- encodings


@case("invalid-utf8-latin1")
def _latin1(root: Path) -> Case:
    name = write(root, "latin1.txt", "Café crème brûlée.\n", "latin-1")
    return Case("invalid-utf8-latin1", (name,), 2, r"latin1\.txt: not valid UTF-8 \(byte 0xe9 at offset 3\)", names=name)


@case("mixed-encodings")
def _mixed(root: Path) -> Case:
    data = "Ein schöner Tag.\n".encode() + "He said “no”.\n".encode("cp1252")
    name = write(root, "mixed.txt", data)
    offset = len("Ein schöner Tag.\n".encode()) + len("He said ")
    return Case("mixed-encodings", (name,), 2, rf"mixed\.txt: not valid UTF-8 \(byte 0x93 at offset {offset}\)", names=name)


@case("truncated-utf8-sequence")
def _truncated(root: Path) -> Case:
    name = write(root, "cut.txt", b"Price: 5 " + "€".encode()[:2])
    return Case("truncated-utf8-sequence", (name,), 2, r"cut\.txt: not valid UTF-8 \(byte 0xe2 at offset 9\)", names=name)


@case("utf8-encoded-surrogate")
def _cesu(root: Path) -> Case:
    name = write(root, "cesu.txt", b"Bad \xed\xa0\x80 surrogate.\n")
    return Case("utf8-encoded-surrogate", (name,), 2, r"cesu\.txt: not valid UTF-8 \(byte 0xed at offset 4\)", names=name)


@case("utf16-le-with-bom")
def _utf16_le(root: Path) -> Case:
    name = write(root, "wide.txt", "\ufeffWide text survives.\r\nSecond line.\r\n", "utf-16-le")
    return Case("utf16-le-with-bom", (name, *FAST), 0, r'"text": "Wide text survives\."', "stdout")


@case("utf16-be-with-bom")
def _utf16_be(root: Path) -> Case:
    name = write(root, "wide.txt", "\ufeffBig-endian text.\n", "utf-16-be")
    return Case("utf16-be-with-bom", (name, *FAST), 0, r'"text": "Big-endian text\."', "stdout")


@case("utf32-le-with-bom")
def _utf32(root: Path) -> Case:
    name = write(root, "wider.txt", "\ufeffFour bytes a character.\n", "utf-32-le")
    return Case("utf32-le-with-bom", (name, *FAST), 0, r'"text": "Four bytes a character\."', "stdout")


@case("utf16-without-bom")
def _utf16_no_bom(root: Path) -> Case:
    name = write(root, "nobom.txt", "No byte-order mark here.\n", "utf-16-le")
    return Case("utf16-without-bom", (name,), 2, r"nobom\.txt: looks like UTF-16 without a byte-order mark", names=name)


@case("utf16-bom-odd-length")
def _utf16_odd(root: Path) -> Case:
    name = write(root, "odd.txt", b"\xff\xfe" + "Odd".encode("utf-16-le") + b"\x00\xd8")
    return Case("utf16-bom-odd-length", (name,), 2, r"odd\.txt: not valid UTF-16-LE", names=name)


# ----------------------------------------------------------------------------- newlines, empty


@case("crlf-newlines")
def _crlf(root: Path) -> Case:
    name = write(root, "crlf.txt", "First line here.\r\nSecond line here.\r\n")
    return Case("crlf-newlines", (name, *FAST), 0, r'"line": 2,\s+"column": 1,\s+"text": "Second line here\."', "stdout")


@case("lone-cr-newlines")
def _lone_cr(root: Path) -> Case:
    name = write(root, "mac.txt", "Old Mac line.\r\rThird line here.\r")
    return Case("lone-cr-newlines", (name, *FAST), 0, r'"line": 3,\s+"column": 1,\s+"text": "Third line here\."', "stdout")


@case("empty-file")
def _empty(root: Path) -> Case:
    name = write(root, "empty.txt", b"")
    return Case("empty-file", (name, *FAST), 0, r'"segments": 0', "stdout")


@case("whitespace-only")
def _blank(root: Path) -> Case:
    name = write(root, "blank.txt", " \t\n\r\n\u00a0\u2003\n\n")
    return Case("whitespace-only", (name, *FAST), 0, r'"segments": 0', "stdout")


# ----------------------------------------------------------------------------- sizes and limits


@case("ten-mb-single-line")
def _ten_mb(root: Path) -> Case:
    sentence = "The committee discussed the budget and agreed on the plan. "
    text = sentence * (TEN_MB // len(sentence))
    name = write(root, "huge.txt", text.rstrip() + "\n")
    return Case(
        "ten-mb-single-line",
        (name, *FAST),
        2,
        r"huge\.txt: \d+ words or more, over the per-file budget of \d+ \(max-words\)",
        names=name,
        run="own",
        what="refused by the per-file word budget before the model loads",
    )


@case("over-size-limit")
def _over_limit(root: Path) -> Case:
    path = root / "big.txt"
    with path.open("wb") as handle:  # sparse: the size check must come before any reading
        handle.truncate(SIZE_LIMIT + 1)
    return Case(
        "over-size-limit",
        ("big.txt",),
        2,
        rf"big\.txt: file is {SIZE_LIMIT + 1} bytes, over the limit of {SIZE_LIMIT} bytes",
        names="big.txt",
    )


@case("size-limit-from-environment")
def _env_limit(root: Path) -> Case:
    name = write(root, "small.txt", GOOD * 4)
    return Case(
        "size-limit-from-environment",
        (name,),
        2,
        r"small\.txt: file is \d+ bytes, over the limit of 100 bytes",
        names=name,
        env={"MTQA_MAX_BYTES": "100"},
    )


@case("size-limit-in-folder")
def _folder_limit(root: Path) -> Case:
    write(root, "docs/a.txt", GOOD)
    write(root, "docs/b.txt", GOOD * 10)
    return Case(
        "size-limit-in-folder",
        ("docs",),
        2,
        r"docs/b\.txt: file is \d+ bytes, over the limit of 200 bytes",
        names="docs/b.txt",
        env={"MTQA_MAX_BYTES": "200"},
    )


@case("word-budget-from-environment")
def _word_budget(root: Path) -> Case:
    name = write(root, "many.txt", GOOD * 3)
    return Case(
        "word-budget-from-environment",
        (name,),
        2,
        r"many\.txt: \d+ words or more, over the per-file budget of 10 \(max-words\)",
        names=name,
        env={"MTQA_MAX_WORDS": "10"},
    )


@case("very-long-word")
def _long_word(root: Path) -> Case:
    word = "Donaudampfschifffahrt" * 2500  # 52,500 letters
    name = write(root, "longword.txt", f"The word {word} is long.\nShort line.\n")
    return Case(
        "very-long-word",
        (name, *REPORT),
        0,
        r'"code": "MT003"',
        "stdout",
        run="shared",
        what="suggestions on: candidate generation must not choke on the word",
    )


@case("one-megabyte-word")
def _giant_word(root: Path) -> Case:
    name = write(root, "blob.txt", "x" * 1_000_000 + "\n")
    return Case("one-megabyte-word", (name, *FAST), 0, r'"code": "MT003"', "stdout", run="shared")


@case("long-segment-capped")
def _long_segment(root: Path) -> Case:
    words = " ".join(["the", "report", "said", "that", "prices", "went", "up"] * 430)  # 3,010 words, no full stop
    name = write(root, "long.txt", words + "\n")
    return Case(
        "long-segment-capped",
        (name, *FAST),
        0,
        r'"code": "MT003",[^}]*"message": "segment has 3010 words; the language model scored only the first 1000',
        "stdout",
        what="scored in overlapping windows up to max-segment-words, with a finding that says so",
    )


@case("timeout-per-file")
def _timeout(root: Path) -> Case:
    name = write(root, "slow.txt", GOOD * 50)
    return Case(
        "timeout-per-file",
        (name, "--timeout", "0.000001", *FAST),
        2,
        r"slow\.txt: took longer than the --timeout of 1e-06 s",
        names=name,
    )


# ----------------------------------------------------------------------------- invisible characters


@case("zero-width-characters")
def _zero_width(root: Path) -> Case:
    name = write(root, "zw.txt", "The\u200b cat\u200d sat\u2060 on the\u200c mat.\n")
    return Case("zero-width-characters", (name, *FAST), 0, r"invisible control character U\+200B", "stdout")


@case("bidi-controls")
def _bidi(root: Path) -> Case:
    name = write(root, "bidi.txt", "Pay the \u202eeciovni\u202c today \u2066now\u2069.\n")
    return Case("bidi-controls", (name, *FAST), 0, r"invisible control character U\+202E", "stdout")


@case("zero-width-flood")
def _zero_width_flood(root: Path) -> Case:
    name = write(root, "flood.txt", "Start. " + "\u200b" * 200_000 + " End.\n")
    return Case("zero-width-flood", (name, *FAST), 0, r"200000 × invisible control character U\+200B", "stdout", run="shared")


@case("zero-width-interleaved")
def _zero_width_interleaved(root: Path) -> Case:
    name = write(root, "weave.txt", "a\u200b" * 20_000 + "\n")  # 20,000 words, each followed by one
    return Case("zero-width-interleaved", (name, *FAST), 0, r"invisible control character U\+200B", "stdout", run="shared")


@case("combining-mark-flood")
def _zalgo(root: Path) -> Case:
    name = write(root, "zalgo.txt", "H" + "\u0301\u0316\u0353" * 20_000 + "ello world.\n")
    return Case("combining-mark-flood", (name, *FAST), 0, r'"documents": 1', "stdout", run="shared")


@case("twelve-megabyte-word")
def _twelve_mb_word(root: Path) -> Case:
    name = write(root, "blob.txt", "x" * 12_000_000 + "\n")
    what = "wordfreq, which ran out of memory on it, never sees a word this long"
    return Case("twelve-megabyte-word", (name, *FAST), 0, r'"code": "MT003"', "stdout", run="own", what=what)


@case("sentence-splitter-panic")
def _splitter_panic(root: Path) -> Case:
    # sentencex 1.0.32 panics on a one-letter word, a multi-byte space and a full stop; Rust
    # prints the panic on the process's stderr, so the case runs as a process of its own.
    name = write(root, "fr.txt", "Je suis M\u00a0. Dupont.\nBonjour M\u3000. Martin, à demain.\n")
    what = "no Rust panic reaches stderr"
    return Case("sentence-splitter-panic", (name, "--lang", "fr", *FAST), 0, r'"documents": 1', "stdout", run="own", what=what)
