"""A target language mtqa does not know gets no fluency and a note, never a made-up 100."""

from __future__ import annotations

import pytest

from mtqa.config.model import Config
from mtqa.formatters.json_format import to_dict
from mtqa.pipeline.engine import Engine
from mtqa.pipeline.plan import known_language
from mtqa.readers.text import segments_from_text
from mtqa.schema import validate_report

TEXT = "Das ist ein Satz.\nNoch ein Satz hier.\n"


@pytest.mark.parametrize(
    ("code", "known"), [("de", True), ("pt-BR", True), ("zh_Hans", True), ("eu", True), ("zz", False), ("xx-YY", False)]
)
def test_known_languages(code: str, known: bool) -> None:
    assert known_language(code) is known


def test_unknown_target_language_gets_null_fluency_and_a_note(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    report = Engine(Config(lang="zz", dtype="fp32", suggest=False), scorer=tiny_scorer).check([segments_from_text("a.txt", TEXT)])
    document = report.documents[0]
    assert report.summary.fluency is None and document.fluency is None
    assert all(segment.fluency is None for segment in document.segments)
    assert all(word.p_bad is not None for segment in document.segments for word in segment.words)
    assert any("target language zz: not a language mtqa knows" in note for note in report.notes)
    validate_report(to_dict(report))


def test_a_known_language_still_gets_fluency(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    report = Engine(Config(lang="de", dtype="fp32", suggest=False), scorer=tiny_scorer).check([segments_from_text("a.txt", TEXT)])
    assert report.summary.fluency is not None
    assert not any("not a language mtqa knows" in note for note in report.notes)
