"""Fuzzing every reader (issue 18): random bytes, truncated files and deep nesting.

For any bytes in a file of any format, reading it either gives a Document or raises an
InputError naming the file: never another exception, a hang or a traceback. Hypothesis runs a
fixed number of examples per format (``MTQA_FUZZ_EXAMPLES``, 40 by default: about a minute in
all), so CI's time budget is fixed; a larger number fuzzes longer locally.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.errors import InputError
from mtqa.readers import read_document
from mtqa.readers.registry import FORMATS

EXAMPLES = int(os.environ.get("MTQA_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

SAMPLES: dict[str, bytes] = {
    "text": "Hello world.\r\nSecond line \u202e here.\n".encode(),
    "markdown": b"# Title\n\n> quoted *text* with [a link](http://x.y) and `code`\n\n- item\n",
    "jsonl": b'{"src": "Bonjour", "mt": "Hello", "id": 1}\n{"mt": "Again \\u00e9"}\n',
    "tsv": b"src\tmt\nBonjour\tHello\nMerci\tThanks\n",
    "po": b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
    b'msgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "file"\nmsgid_plural "files"\nmsgstr[0] "fichier"\nmsgstr[1] "fichiers"\n',
    "xliff": b'<xliff version="1.2"><file source-language="fr" target-language="en"><body>'
    b'<trans-unit id="1"><source>Bonjour <g id="1">x</g></source><target>Hello <g id="1">x</g></target></trans-unit>'
    b"</body></file></xliff>\n",
    "json": b'{"menu": {"file": ["Open", "Save"], "n": 3, "deep": {"a": "Text"}}}\n',
    "srt": b"1\n00:00:01,000 --> 00:00:02,000\n<i>Hello</i> there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n",
}
NESTERS = {
    "json": lambda n: b'{"a": ' * n + b'"x"' + b"}" * n,
    "jsonl": lambda n: b'{"mt": "x", "e": ' + b"[" * n + b"]" * n + b"}\n",
    "xliff": lambda n: SAMPLES["xliff"].replace(b"Hello", b'<g id="1">' * n + b"Hi" + b"</g>" * n, 1),
    "markdown": lambda n: b"> " * n + b"deep\n",
    "po": lambda n: b'msgid "a"\nmsgstr "' + b"\\" * n + b'"\n',
}
SUFFIX = {
    "text": ".txt", "markdown": ".md", "jsonl": ".jsonl", "tsv": ".tsv",
    "po": ".po", "xliff": ".xlf", "json": ".json", "srt": ".srt",
}  # fmt: skip


def _read(folder: Path, fmt: str, data: bytes) -> None:
    path = folder / f"fuzz{SUFFIX[fmt]}"
    path.write_bytes(data)
    try:
        document = read_document(path, max_words=100_000)
    except InputError as error:
        assert error.path.endswith(path.name) and "\n" not in str(error)
        return
    for segment in document.segments:
        assert isinstance(segment.text, str)


def test_every_format_has_a_sample() -> None:
    assert set(SAMPLES) == set(FORMATS) == set(SUFFIX)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes(fmt: str, data: bytes, tmp_path: Path) -> None:
    _read(tmp_path, fmt, data)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@FUZZ
@given(cut=st.integers(min_value=0, max_value=400), flip=st.integers(min_value=0, max_value=400), byte=st.integers(0, 255))
def test_truncated_and_flipped(fmt: str, cut: int, flip: int, byte: int, tmp_path: Path) -> None:
    sample = bytearray(SAMPLES[fmt][: len(SAMPLES[fmt]) - cut % (len(SAMPLES[fmt]) + 1)])
    if sample:
        sample[flip % len(sample)] = byte
    _read(tmp_path, fmt, bytes(sample))


@pytest.mark.parametrize("fmt", sorted(NESTERS))
@FUZZ
@given(depth=st.integers(min_value=1, max_value=50_000))
def test_deep_nesting(fmt: str, depth: int, tmp_path: Path) -> None:
    _read(tmp_path, fmt, NESTERS[fmt](depth))
