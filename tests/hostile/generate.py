"""Write the hostile-input corpus into a folder and return its case table.

Every case is built here from a few lines of code, never checked in as a blob: binary files,
broken encodings, newline oddities, empty and oversized files, pathological words and
segments, invisible characters, malformed structured files, XML entity bombs, deep nesting,
symlink loops, unreadable files, FIFOs, hostile file names and misaligned source files.

Each case gets a folder of its own (``root/<name>``); mtqa runs with that folder as its working
directory, so paths in messages are short and predictable. A case says what ``mtqa check``
must do with it: the exit code, a regex that must match the named stream, and, for exit 2, the
file the one-line error must name. ``Case.run`` puts the cases that could hang or blow up a
process if a guard failed (huge inputs, deep nesting, entity bombs, loops, FIFOs) in a separate
process under a hard timeout. Run ``python tests/hostile/generate.py DIR`` to look at the corpus.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Model-loading cases: JSON to stdout, the gate never fails, no corrections (they are slow and
# covered by a few cases that keep them on).
REPORT = ("--format", "json", "--fail-on", "never")
FAST = (*REPORT, "--no-suggest")
TEN_MB = 10 * 1024 * 1024
SIZE_LIMIT = 20_000_000
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    """Arguments after ``mtqa check``; the runner adds ``--isolated`` and an output folder."""
    exit_code: int
    pattern: str
    """A regex that must match ``stream`` (stderr or stdout)."""
    stream: str = "stderr"
    names: str | None = None
    """For exit 2: the file (as shown) that the one-line error must name."""
    run: str = "inline"
    """Where the case runs: "inline" (the test's own process, under an alarm), "shared" (one
    process for all such cases, each under an alarm, the process under a hard timeout: cases
    that could hang if a guard failed, but load the model) or "own" (``python -m mtqa`` of its
    own under a hard timeout: the real entry point, for hangs in code no alarm interrupts and
    for what a real stdout/stderr does with the output)."""
    timeout: float = 120.0
    env: dict[str, str] = field(default_factory=dict)
    isolated: bool = True
    """Add ``--isolated`` (ignore config files); off for the case that passes ``--config``."""
    inputs: tuple[str, ...] = ()
    """Files the case reads, relative to its folder (every file there is hashed anyway)."""
    what: str = ""
    command: str = "check"
    """The mtqa command: ``check`` (the runner adds its output folder), ``fix``, ``baseline``,
    ``config`` or ``models``."""
    outputs: tuple[str, ...] = ()
    """Files of the case's folder the command may create or change (relative, as hash_tree
    names them); every other file must be byte-, mode- and mtime-identical afterwards, and
    every declared one must exist."""


Builder = Callable[[Path], Case]
BUILDERS: dict[str, Builder] = {}


def case(name: str) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        if name in BUILDERS:
            raise ValueError(f"duplicate case {name}")
        BUILDERS[name] = build
        return build

    return register


CASE_NAMES: list[str] = []  # filled below, once every builder is registered


def generate(folder: Path, names: list[str] | None = None) -> list[Case]:
    """Write the chosen cases (all by default) under ``folder`` and return their table."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for name in names or list(BUILDERS):
        root = folder / name
        root.mkdir()
        built = BUILDERS[name](root)
        if built.name != name:
            raise ValueError(f"case {name} calls itself {built.name}")
        cases.append(built)
    return cases


def write(root: Path, name: str | bytes, content: str | bytes, encoding: str = "utf-8") -> str:
    path = Path(os.fsdecode(name)) if isinstance(name, bytes) else Path(name)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return str(path)


GOOD = "The meeting lasted two hours.\nEveryone agreed to meet again next week.\n"


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


# ----------------------------------------------------------------------------- structured formats


@case("malformed-jsonl")
def _bad_jsonl(root: Path) -> Case:
    name = write(root, "bad.jsonl", '{"mt": "fine"}\n{"mt": "also fine"}\n{"mt": broken\n{"mt": "never read"}\n')
    return Case("malformed-jsonl", (name,), 2, r"bad\.jsonl: line 3: invalid JSON", names=name)


@case("jsonl-wrong-types")
def _jsonl_types(root: Path) -> Case:
    name = write(root, "types.jsonl", '{"mt": "fine"}\n{"mt": 42}\n')
    return Case("jsonl-wrong-types", (name,), 2, r'types\.jsonl: line 2: "mt" must be a string, found a number', names=name)


@case("jsonl-lone-surrogate")
def _jsonl_surrogate(root: Path) -> Case:
    name = write(root, "surrogate.jsonl", '{"mt": "caf\\ud800 au lait", "src": "\\udfff", "id": "\\ud83d"}\n')
    return Case("jsonl-lone-surrogate", (name, *FAST), 0, r"replacement character U\+FFFD", "stdout")


@case("jsonl-deep-nesting")
def _jsonl_deep(root: Path) -> Case:
    name = write(root, "deep.jsonl", '{"mt": "x", "extra": ' + "[" * 10_000 + "]" * 10_000 + "}\n")
    return Case(
        "jsonl-deep-nesting", (name,), 2, r"deep\.jsonl: line 1: invalid JSON \(nested too deeply\)", names=name, run="own"
    )


@case("tsv-wrong-column-count")
def _tsv(root: Path) -> Case:
    name = write(root, "pairs.tsv", "Bonjour\tHello\nMerci\tThanks\nOui\tYes\textra\n")
    return Case("tsv-wrong-column-count", (name,), 2, r"pairs\.tsv: line 3: expected 2 columns, found 3", names=name)


@case("tsv-nul-byte")
def _tsv_nul(root: Path) -> Case:
    name = write(root, "nul.tsv", "Bonjour\tHel\x00lo\n")
    return Case("tsv-nul-byte", (name, *FAST), 0, r"invisible control character U\+0000", "stdout")


@case("po-broken-quoting")
def _po_quoting(root: Path) -> Case:
    text = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Hello"\nmsgstr "Bonjour\n\nmsgid "Bye"\nmsgstr "Au revoir"\n'
    name = write(root, "broken.po", text)
    return Case("po-broken-quoting", (name,), 2, r"broken\.po: line 6: ", names=name)


@case("po-stray-text")
def _po_stray(root: Path) -> Case:
    name = write(root, "stray.po", 'msgid "Hello"\nmsgstr "Bonjour"\nthis is not PO\n')
    return Case("po-stray-text", (name,), 2, r"stray\.po: line 3: invalid PO file", names=name)


_XLIFF_HEAD = '<xliff version="1.2"><file source-language="fr" target-language="en"><body>'
_XLIFF_TAIL = "</body></file></xliff>\n"


@case("xliff-billion-laughs")
def _laughs(root: Path) -> Case:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n{chr(10).join(entities)}\n]>\n{_XLIFF_HEAD}'
        f'<trans-unit id="1"><source>x</source><target>&lol9;</target></trans-unit>{_XLIFF_TAIL}'
    )
    name = write(root, "laughs.xlf", text)
    return Case("xliff-billion-laughs", (name,), 2, r"laughs\.xlf: entity declarations are not allowed", names=name, run="own")


def _refused_doctype(root: Path, case_id: str, filename: str, doctype: str, target: str = "y") -> Case:
    """An XLIFF file whose DOCTYPE declares entities: refused before anything is resolved."""
    text = (
        f'<?xml version="1.0"?>\n{doctype}\n'
        f'{_XLIFF_HEAD}<trans-unit id="1"><source>x</source><target>{target}</target></trans-unit>{_XLIFF_TAIL}'
    )
    name = write(root, filename, text)
    pattern = re.escape(filename) + ": (entity declarations|external references) are not allowed"
    return Case(case_id, (name,), 2, pattern, names=name)


@case("xliff-external-entity")
def _xxe(root: Path) -> Case:
    doctype = '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _refused_doctype(root, "xliff-external-entity", "xxe.xlf", doctype, target="&xxe;")


@case("xliff-parameter-entity")
def _xxe_parameter(root: Path) -> Case:
    doctype = '<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>'
    return _refused_doctype(root, "xliff-parameter-entity", "param.xlf", doctype)


@case("xliff-external-dtd")
def _external_dtd(root: Path) -> Case:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://example.invalid/xliff.dtd">\n'
        f'{_XLIFF_HEAD}<trans-unit id="1"><source>Bonjour</source><target>Good morning.</target></trans-unit>{_XLIFF_TAIL}'
    )
    name = write(root, "dtd.xlf", text)
    return Case(
        "xliff-external-dtd",
        (name, *FAST),
        0,
        r'"text": "Good morning\."',
        "stdout",
        what="the external DTD is never fetched (no network); the file is read as it is",
    )


@case("xliff-malformed")
def _bad_xml(root: Path) -> Case:
    name = write(root, "bad.xlf", f'{_XLIFF_HEAD}\n<trans-unit id="1"><source>x</source><target>y</trans-unit>{_XLIFF_TAIL}')
    return Case("xliff-malformed", (name,), 2, r"bad\.xlf: line 2, column \d+: invalid XML \(mismatched tag\)", names=name)


@case("xliff-deep-nesting")
def _xliff_deep(root: Path) -> Case:
    inner = '<g id="1">' * 10_000 + "Deep text." + "</g>" * 10_000
    text = f'{_XLIFF_HEAD}<trans-unit id="1"><source>x</source><target>{inner}</target></trans-unit>{_XLIFF_TAIL}'
    name = write(root, "deep.xlf", text)
    return Case("xliff-deep-nesting", (name, *FAST), 0, r'"documents": 1', "stdout", run="shared")


@case("json-nested-10000-deep")
def _json_deep(root: Path) -> Case:
    name = write(root, "deep.json", '{"a": ' * 10_000 + '"text"' + "}" * 10_000 + "\n")
    return Case("json-nested-10000-deep", (name,), 2, r"deep\.json: invalid JSON \(nested too deeply\)", names=name, run="own")


@case("json-lone-surrogate")
def _json_surrogate(root: Path) -> Case:
    name = write(root, "strings.json", '{"greeting": "Hello \\udc80 world.", "bye": "Goodbye."}\n')
    return Case("json-lone-surrogate", (name, *FAST), 0, r"replacement character U\+FFFD", "stdout")


@case("srt-malformed-timing")
def _srt(root: Path) -> Case:
    name = write(root, "subs.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03 -> 00:00:04\nBye.\n")
    return Case("srt-malformed-timing", (name,), 2, r"subs\.srt: line 6: malformed timing", names=name)


@case("markdown-deep-blockquote")
def _markdown_deep(root: Path) -> Case:
    name = write(root, "quote.md", "> " * 5_000 + "Deeply quoted text.\n")
    return Case("markdown-deep-blockquote", (name, *FAST), 0, r'"documents": 1', "stdout", run="shared")


# ----------------------------------------------------------------------------- files and folders


@case("symlink-loop-in-folder")
def _symlink_loop(root: Path) -> Case:
    write(root, "docs/a.txt", GOOD)
    os.symlink("..", root / "docs" / "up")  # docs/up/docs/up/... for ever
    os.symlink(".", root / "docs" / "here")
    os.symlink("self.txt", root / "docs" / "self.txt")
    return Case(
        "symlink-loop-in-folder",
        ("docs", *FAST),
        0,
        r"skipped docs/here: symbolic link to a folder, not followed",
        run="shared",
        timeout=60,
    )


@case("symlink-loop-named")
def _symlink_named(root: Path) -> Case:
    os.symlink("loop.txt", root / "loop.txt")
    return Case("symlink-loop-named", ("loop.txt",), 2, r"loop\.txt: symbolic link loop", names="loop.txt", run="own")


@case("unreadable-file")
def _unreadable(root: Path) -> Case:
    name = write(root, "secret.txt", GOOD)
    os.chmod(root / name, 0)
    if IS_ROOT:  # root reads any file: the honest expectation is a normal check
        return Case("unreadable-file", (name, *FAST), 0, r'"text": "The meeting lasted two hours\."', "stdout", what="as root")
    return Case("unreadable-file", (name,), 2, r"secret\.txt: permission denied", names=name)


@case("unreadable-folder-in-walk")
def _unreadable_folder(root: Path) -> Case:
    write(root, "docs/good.txt", GOOD)
    write(root, "docs/locked/hidden.txt", GOOD)
    os.chmod(root / "docs" / "locked", 0)
    if IS_ROOT:
        return Case(
            "unreadable-folder-in-walk", ("docs", *FAST), 0, r'"path": "docs/locked/hidden\.txt"', "stdout", what="as root"
        )
    return Case("unreadable-folder-in-walk", ("docs", *FAST), 0, r"skipped docs/locked: cannot list \(Permission denied\)")


@case("directory-named-like-file")
def _dir_like_file(root: Path) -> Case:
    (root / "chapter.txt").mkdir()
    write(root, "chapter.txt/notes.py", "print('not text')\n")
    return Case(
        "directory-named-like-file", ("chapter.txt",), 2, r"chapter\.txt: no checkable files in directory", names="chapter.txt"
    )


@case("directory-as-source")
def _dir_as_source(root: Path) -> Case:
    name = write(root, "target.txt", GOOD)
    (root / "source.txt").mkdir()
    return Case(
        "directory-as-source", (name, "--source", "source.txt"), 2, r"source\.txt: is a directory, not a file", names="source.txt"
    )


@case("source-fewer-lines")
def _source_short(root: Path) -> Case:
    target = write(root, "target.txt", "One.\nTwo.\nThree.\n")
    source = write(root, "source.txt", "Un.\nDeux.\n")
    return Case(
        "source-fewer-lines",
        (target, "--source", source),
        2,
        r"target\.txt: source\.txt has 2 lines but target\.txt has 3",
        names="target.txt",
    )


@case("reference-more-lines")
def _ref_long(root: Path) -> Case:
    target = write(root, "target.txt", "One.\nTwo.\n")
    reference = write(root, "ref.txt", "One.\nTwo.\nThree.\n")
    return Case(
        "reference-more-lines", (target, "--ref", reference), 2, r"ref\.txt has 3 lines but target\.txt has 2", names="target.txt"
    )


@case("fifo-named-like-text")
def _fifo(root: Path) -> Case:
    os.mkfifo(root / "pipe.txt")
    return Case(
        "fifo-named-like-text",
        ("pipe.txt", *FAST),
        2,
        r"pipe\.txt: not a regular file \(a named pipe\)",
        names="pipe.txt",
        run="own",
        timeout=60,
        what="opening a FIFO with no writer would block for ever",
    )


@case("fifo-in-folder")
def _fifo_in_folder(root: Path) -> Case:
    write(root, "docs/good.txt", GOOD)
    os.mkfifo(root / "docs" / "pipe.txt")
    return Case("fifo-in-folder", ("docs", *FAST), 0, r"skipped docs/pipe\.txt: not a regular file", run="shared", timeout=60)


@case("device-named-like-text")
def _device(root: Path) -> Case:
    os.symlink("/dev/zero", root / "zero.txt")
    return Case(
        "device-named-like-text",
        ("zero.txt",),
        2,
        r"zero\.txt: not a regular file \(a character device\)",
        names="zero.txt",
        run="own",
    )


# ----------------------------------------------------------------------------- hostile names


@case("file-name-with-markup")
def _markup_name(root: Path) -> Case:
    name = write(root, '"><img src=x onerror=alert(1)>.txt', "caf\xe9".encode("latin-1"))
    return Case("file-name-with-markup", (name,), 2, r'"><img src=x onerror=alert\(1\)>\.txt: not valid UTF-8', names=name)


@case("file-name-with-newline")
def _newline_name(root: Path) -> Case:
    name = write(root, "two\nlines.txt", "caf\xe9".encode("latin-1"))
    return Case("file-name-with-newline", (name,), 2, r"two\\nlines\.txt: not valid UTF-8", names="two\\nlines.txt", run="own")


@case("file-name-with-terminal-escape")
def _escape_name(root: Path) -> Case:
    name = write(root, "\x1b[2J\x1b[31mred.txt", "caf\xe9".encode("latin-1"))
    return Case(
        "file-name-with-terminal-escape",
        (name,),
        2,
        r"\\x1b\[2J\\x1b\[31mred\.txt: not valid UTF-8",
        names="\\x1b[2J\\x1b[31mred.txt",
    )


@case("file-name-not-utf8")
def _bytes_name(root: Path) -> Case:
    write(root, b"docs/caf\xe9.txt", GOOD)
    return Case("file-name-not-utf8", ("docs", *FAST), 0, r'"path": "docs/caf\\\\xe9\.txt"', "stdout", run="own")


# ----------------------------------------------------------------------------- side files


@case("glossary-not-utf8")
def _glossary(root: Path) -> Case:
    name = write(root, "doc.txt", GOOD)
    glossary = write(root, "terms.txt", "Café\n", "latin-1")
    return Case(
        "glossary-not-utf8", (name, "--glossary", glossary), 2, r"terms\.txt: line 1: glossary is not valid UTF-8", names=glossary
    )


@case("baseline-not-json")
def _baseline(root: Path) -> Case:
    name = write(root, "doc.txt", GOOD)
    baseline = write(root, "base.json", "{not json")
    return Case("baseline-not-json", (name, "--baseline", baseline), 2, r"base\.json", names=baseline)


@case("config-not-toml")
def _config(root: Path) -> Case:
    name = write(root, "doc.txt", GOOD)
    config = write(root, "mtqa.toml", "[tool.mtqa\nselect = \n")
    return Case("config-not-toml", (name, "--config", config), 2, r"mtqa\.toml", names=config, isolated=False)


from hostile import safety_cases  # noqa: E402, F401  (registers issue 18's cases into BUILDERS)

CASE_NAMES.extend(BUILDERS)


def hash_tree(root: Path) -> dict[str, str]:
    """sha256 of every regular file under ``root`` (links, FIFOs and devices by kind, never opened)."""
    import hashlib

    hashes: dict[str, str] = {}
    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=lambda error: None):
        for name in [*filenames, *dirnames]:
            path = Path(folder) / name
            key = os.fsencode(path.relative_to(root)).decode("utf-8", "backslashreplace")
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                hashes[key] = "link:" + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                hashes[key] = f"dir:{stat.S_IMODE(info.st_mode):o}"
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                try:
                    with path.open("rb") as handle:
                        for block in iter(lambda: handle.read(1 << 20), b""):
                            digest.update(block)
                except PermissionError:  # not root: mode and mtime still show a change
                    digest.update(b"unreadable")
                hashes[key] = f"{digest.hexdigest()}:{stat.S_IMODE(info.st_mode):o}:{info.st_mtime_ns}"
            else:
                hashes[key] = f"special:{stat.S_IFMT(info.st_mode):o}"
    return hashes


if __name__ == "__main__":  # pragma: no cover - a manual look at the corpus
    target = Path(sys.argv[1])
    for item in generate(target):
        print(json.dumps({"name": item.name, "args": item.args, "exit": item.exit_code, "pattern": item.pattern}))
