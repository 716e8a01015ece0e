"""PO plural forms: every msgstr[n] is read, at its own position, and checked against nplurals."""

from __future__ import annotations

from pathlib import Path

from mtqa.readers import read_document

HEADER = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals={n}; plural=(n != 1);\\n"\n\n'


def write(tmp_path: Path, nplurals: int, forms: int) -> Path:
    body = 'msgid "one file"\nmsgid_plural "%d files"\n' + "".join(f'msgstr[{i}] "form {i}"\n' for i in range(forms))
    path = tmp_path / "plural.po"
    path.write_text(HEADER.format(n=nplurals) + body, encoding="utf-8")
    return path


def test_forms_from_ten_up_are_read_whole_and_where_they_are(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, 13, 13))
    assert [s.text for s in document.segments] == [f"form {i}" for i in range(13)]
    assert [s.id for s in document.segments][10:] == ["one file[10]", "one file[11]", "one file[12]"]
    first_form_line = 8  # the header takes 5 lines, then msgid and msgid_plural
    assert [s.line for s in document.segments] == list(range(first_form_line, first_form_line + 13))
    assert document.segments[12].column == len('msgstr[12] "') + 1
    assert document.notes == ()


def test_a_count_other_than_nplurals_is_said(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, 3, 2))
    assert len(document.segments) == 2
    (note,) = document.notes
    assert "plural.po: 1 plural entries have a number of msgstr[n] forms other than the header's nplurals=3" in note
    assert "'one file'" in note


def test_the_note_reaches_the_report(tmp_path: Path) -> None:
    from mtqa import check_files
    from mtqa.config.model import Config

    report = check_files([write(tmp_path, 3, 2)], config=Config(fast=True))
    assert any("nplurals=3" in note for note in report.notes)
