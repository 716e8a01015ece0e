"""One row per output format: every ``--format`` choice has a name, an extension and a function."""

from __future__ import annotations

from mtqa.formatters import FORMATS, OutputFormat


def test_every_choice_has_exactly_one_row() -> None:
    assert [fmt.name for fmt in FORMATS] == [member.value for member in OutputFormat]
    assert len({fmt.extension for fmt in FORMATS}) == len(FORMATS)  # report files never collide
    assert OutputFormat.SARIF.extension == "sarif" and OutputFormat.GITHUB.extension == "github.txt"
