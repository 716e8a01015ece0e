"""Bidi and other invisible characters in reports, and MT004 (issue 18, "Trojan Source")."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from report_factory import make_report

from mtqa.checks import CHECKS_BY_CODE
from mtqa.config.model import Config
from mtqa.formatters import OutputFormat, render
from mtqa.formatters.invisible import INVISIBLE, visible
from mtqa.pipeline.engine import Engine
from mtqa.readers import read_document
from mtqa.types import Report

HOSTILE = "Pay the \u202eeciovni\u202c today\u200b \u2066now\u2069 \x1b[2J."
SOURCE = "Plătiți factura azi \u200f."


def _with_text(report: Report, text: str, source: str | None) -> Report:
    """The standard report with its first segment's text (and source) replaced."""
    document = report.documents[0]
    first = dataclasses.replace(document.segments[0], text=text, source=source, findings=(), words=())
    return dataclasses.replace(report, documents=(dataclasses.replace(document, segments=(first, *document.segments[1:])),))


def test_html_shows_every_invisible_character_as_a_marker_with_a_badge() -> None:
    page = render(_with_text(make_report(), HOSTILE, SOURCE), OutputFormat.HTML)
    assert not INVISIBLE.search(page), "an invisible character reached the page raw"
    for code in ("202E", "202C", "200B", "2066", "2069", "001B", "200F"):
        assert f"&lt;U+{code}&gt;" in page
    assert page.count("⚠ hidden characters") == 1


def test_a_clean_report_has_no_badge() -> None:
    assert "⚠ hidden characters" not in render(make_report(), OutputFormat.HTML)


def test_visible() -> None:
    assert visible("a\u202eb\tc\nd") == "a<U+202E>b\tc\nd"
    assert re.fullmatch(r"[^\u202e]*", visible(HOSTILE))


def test_mt004_flags_bidi_controls_the_source_lacks(tmp_path: Path, tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    records = [{"src": SOURCE, "mt": HOSTILE}, {"src": "Hello \u200f world", "mt": "Salut \u200f lume"}, {"mt": HOSTILE}]
    (tmp_path / "pairs.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    config = Config(select=("MT004",), suggest=False)
    report = Engine(config, scorer=tiny_scorer).check([read_document(tmp_path / "pairs.jsonl")])
    found = [[f.message for f in segment.findings] for segment in report.documents[0].segments]
    assert found == [
        [
            "bidi control U+202E RIGHT-TO-LEFT OVERRIDE is in the translation but not in its source",
            "bidi control U+202C POP DIRECTIONAL FORMATTING is in the translation but not in its source",
            "bidi control U+2066 LEFT-TO-RIGHT ISOLATE is in the translation but not in its source",
            "bidi control U+2069 POP DIRECTIONAL ISOLATE is in the translation but not in its source",
        ],
        [],  # the source has the mark too
        [],  # no source: MT002 reports them
    ]
    assert CHECKS_BY_CODE["MT004"].severity.value == "error"
