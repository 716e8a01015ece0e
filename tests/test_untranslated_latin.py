"""MT101 on short copies: in a non-Latin target Latin words are untranslated whatever their
frequency (acronyms, names with digits or inner capitals and code literals aside); a language,
month or weekday name the target writes otherwise (CLDR) is untranslated anywhere."""

from __future__ import annotations

import pytest
from test_source_surface import severities

from mtqa.checks.surface import TargetIdenticalToSource
from mtqa.types import Severity


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Mon", "ru", [Severity.ERROR]),
        ("Nov.", "ja", [Severity.ERROR]),
        ("Uzbek", "zh", [Severity.ERROR]),
        ("Site maps", "uk", [Severity.ERROR]),
        ("IPv4", "ru", []),
        ("URL", "ja", []),
        ("p.m.", "zh", []),
        ("None", "ru", []),
        ("Mon", "fr", [Severity.WARNING]),  # not by frequency (many languages write "Mon"), but CLDR says "lun."
        ("Nov", "de", []),  # German writes "Nov." too
        ("Afrikaans", "fr", []),  # and French "afrikaans"
    ],
)
def test_latin_copies_in_non_latin_targets(text: str, lang: str, expected: list[Severity]) -> None:
    assert severities(TargetIdenticalToSource(), text, text, src="en", tgt=lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Image", "ro", [Severity.WARNING]),  # Romanian writes "imagine"; web text leaks "image"
        ("midnight", "ro", [Severity.WARNING]),
        ("Forbidden", "ro", [Severity.WARNING]),  # below the Romanian list's floor, not in its dictionary
        ("Status", "ro", []),  # a Romanian word
        ("Email", "ro", []),
        ("Image", "de", []),  # das Image: German too
    ],
)
def test_copies_judged_by_the_targets_word_forms(text: str, lang: str, expected: list[Severity]) -> None:
    assert severities(TargetIdenticalToSource(), text, text, src="en", tgt=lang) == expected


def test_word_forms_answer_none_without_a_dictionary() -> None:
    from mtqa.lexicon.word_forms import is_known_form

    assert is_known_form("imagine", "ro") is True
    assert is_known_form("image", "ro") is False
    assert is_known_form("image", "xx") is None
    assert is_known_form("imagem", "pt-BR") is True
    assert is_known_form("图像", "zh") is None
