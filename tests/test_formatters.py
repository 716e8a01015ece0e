"""Formatter tests: the JSON contract, golden output, and that the HTML page escapes user text.

Regenerate golden files after an intended change with ``MTQA_UPDATE_GOLDEN=1 pytest
tests/test_formatters.py`` and review the diff.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from mtqa.checks import rule_table
from mtqa.formatters import FORMATTERS, FormatOptions, OutputFormat, render
from mtqa.formatters.html import (
    TEMPLATE,
    Piece,
    _environment,
    build_pieces,
    code_counts,
    csp_hash,
    fluency_chart,
    json_for_script,
    unplaced_findings,
)
from mtqa.formatters.json_format import format_json, from_dict, to_dict
from mtqa.formatters.text import format_text
from mtqa.schema import load_report_schema, validate_report
from mtqa.types import Finding, Report, Severity, Suggestion, Word

try:
    from report_factory import XSS_ATTR, XSS_SCRIPT, make_report
except ImportError:  # tests/ became a package
    from tests.report_factory import XSS_ATTR, XSS_SCRIPT, make_report

GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def report() -> Report:
    return make_report(suppressed=2)


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MTQA_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; run with MTQA_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


# --- registry ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_output_format_has_a_formatter(fmt: OutputFormat, report: Report) -> None:
    assert fmt in FORMATTERS
    out = render(report, fmt)
    assert isinstance(out, str) and out.endswith("\n")


def test_render_accepts_format_names(report: Report) -> None:
    assert render(report, "json") == render(report, OutputFormat.JSON, FormatOptions())
    with pytest.raises(ValueError):
        render(report, "yaml")


def test_format_options_reject_unknown_fail_on() -> None:
    assert FormatOptions(fail_on="never").fail_on == "never"
    with pytest.raises(ValueError):
        FormatOptions(fail_on="errors")


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_formatters_are_pure(fmt: OutputFormat, report: Report) -> None:
    before = copy.deepcopy(report)
    assert render(report, fmt) == render(report, fmt)
    assert report == before


# --- JSON -------------------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_json_validates_against_schema(report: Report) -> None:
    data = json.loads(format_json(report, FormatOptions()))
    validate_report(data)


def test_json_contract_shape(report: Report) -> None:
    data = json.loads(format_json(report, FormatOptions()))
    assert list(data) == ["mtqa_version", "schema", "signature", "summary", "documents", "notes"]
    assert list(data["summary"]) == [
        "documents",
        "segments",
        "words",
        "findings",
        "fluency",
        "passed",
        "suppressed",
    ]
    assert list(data["summary"]["findings"]) == ["error", "warning", "info"]
    doc = data["documents"][1]
    assert list(doc) == [
        "path",
        "source_path",
        "reference_path",
        "target_lang",
        "source_lang",
        "fluency",
        "metrics",
        "segments",
    ]
    assert doc["metrics"]["BLEU"] == {"score": 31.26, "signature": doc["metrics"]["BLEU"]["signature"]}
    assert data["documents"][0]["metrics"] == {"BLEU": None, "chrF": None, "TER": None}
    seg = data["documents"][0]["segments"][1]
    assert list(seg) == [
        "id",
        "line",
        "column",
        "text",
        "source",
        "reference",
        "fluency",
        "metrics",
        "words",
        "findings",
    ]
    assert list(seg["words"][0]) == ["start", "end", "text", "p_bad", "p_wrong"]
    finding = seg["findings"][0]
    assert list(finding) == [
        "code",
        "severity",
        "start",
        "end",
        "line",
        "column",
        "text",
        "message",
        "confidence",
        "suggestions",
        "fingerprint",
    ]
    assert finding["severity"] == "warning"
    segment_level = [f for f in seg["findings"] if f["start"] is None]
    assert segment_level and segment_level[0]["end"] is None


def test_json_text_is_utf8_indented_with_trailing_newline(report: Report) -> None:
    out = format_json(report, FormatOptions())
    assert "Zürich" in out and "\\u00fc" not in out
    assert out.startswith('{\n  "mtqa_version"')
    assert out.endswith("}\n") and not out.endswith("\n\n")


def test_json_rounds_floats(report: Report) -> None:
    doc = report.documents[0]
    seg = doc.segments[0]
    noisy_seg = dataclasses.replace(
        seg,
        fluency=63.04999,
        words=(dataclasses.replace(seg.words[0], p_bad=0.123456789), *seg.words[1:]),
        findings=(dataclasses.replace(seg.findings[0], confidence=0.97777777),),
    )
    noisy = dataclasses.replace(report, documents=(dataclasses.replace(doc, segments=(noisy_seg,)),))
    out = to_dict(noisy)["documents"][0]["segments"][0]
    assert out["fluency"] == 63.0
    assert out["words"][0]["p_bad"] == 0.1235
    assert out["findings"][0]["confidence"] == 0.978


def test_json_refuses_nan(report: Report) -> None:
    broken = dataclasses.replace(report, summary=dataclasses.replace(report.summary, fluency=float("nan")))
    with pytest.raises(ValueError):
        format_json(broken, FormatOptions())


def test_round_trip(report: Report) -> None:
    assert from_dict(to_dict(report)) == report
    assert from_dict(json.loads(format_json(report, FormatOptions()))) == report


def test_from_dict_accepts_reports_without_extensions(report: Report) -> None:
    data = to_dict(report)
    del data["notes"]
    del data["summary"]["suppressed"]
    validate_report(data)
    back = from_dict(data)
    assert back.notes == () and back.summary.suppressed == 0


def test_reports_from_before_p_wrong_still_read_and_shade(report: Report) -> None:
    data = to_dict(report)
    for document in data["documents"]:
        for segment in document["segments"]:
            for word in segment["words"]:
                del word["p_wrong"]
    validate_report(data)
    back = from_dict(data)
    assert all(w.p_wrong is None for d in back.documents for s in d.segments for w in s.words)
    assert 'data-pbad="0.8123"' in render(back, "html") and "data-pwrong" not in render(back, "html")


def test_html_shades_by_p_wrong(report: Report) -> None:
    """The factory's "Poutine" has P(BAD) 0.81 and P(wrong) 0.90: shading and tooltip follow P(wrong)."""
    page = render(report, "html")
    span = re.search(r'<span class="w h(\d)[^"]*"[^>]*data-pbad="0.8123" data-pwrong="0.9021"', page)
    assert span is not None and span.group(1) == "9"
    assert "P(wrong) 0.90, P(bad) from the model alone 0.81" in page


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(extra=1),
        lambda d: d["summary"].update(extra=1),
        lambda d: d["documents"][0].pop("metrics"),
        lambda d: d["documents"][0]["segments"][0]["findings"][0].update(severity="fatal"),
        lambda d: d["documents"][0]["segments"][0]["words"][0].update(p_bad=1.5),
        lambda d: d["documents"][0]["segments"][0]["words"][0].update(p_wrong=-0.1),
        lambda d: d["documents"][1]["metrics"].update(BLEU={"score": 1.0}),
        lambda d: d["documents"][0]["segments"][0]["findings"][0].update(fingerprint="xyz"),
        lambda d: d.update(schema=2),
    ],
)
def test_schema_rejects_contract_violations(mutate: object, report: Report) -> None:
    data = to_dict(report)
    mutate(data)  # type: ignore[operator]
    with pytest.raises(jsonschema.ValidationError):
        validate_report(data)


def test_golden_json(report: Report) -> None:
    assert_golden("report.json", format_json(report, FormatOptions()))


# --- text -------------------------------------------------------------------------------------


def test_golden_text(report: Report) -> None:
    assert_golden("report.txt", format_text(report, FormatOptions()))


def test_text_color_uses_ansi_only_when_asked(report: Report) -> None:
    plain = format_text(report, FormatOptions())
    colored = format_text(report, FormatOptions(color=True))
    assert "\x1b[" not in plain
    assert "\x1b[31m" in colored and "\x1b[33m" in colored and "\x1b[36m" in colored and "\x1b[1m" in colored
    assert ANSI.sub("", colored) == plain


def test_text_lines_are_sorted_and_segment_level_findings_have_no_suggestions(report: Report) -> None:
    lines = format_text(report, FormatOptions()).splitlines()
    finding_lines = lines[: lines.index("")]
    keys = []
    for line in finding_lines:
        path, row, col, _ = line.split(":", 3)
        keys.append((path, int(row), int(col)))
    assert keys == sorted(keys)
    assert "seeds/000_putin.txt:2:1: MT402 warning sentence fluency 41.5 is below 50" in finding_lines
    assert "seeds/000_putin.txt:1:45: MT201 error 'Poutine' is French; the English name is 'Putin' → Putin, Poutin" in (
        finding_lines
    )


def test_text_totals_suppressed_and_notes(report: Report) -> None:
    lines = format_text(report, FormatOptions()).splitlines()
    assert lines[-2] == (
        "2 errors, 3 warnings, 3 info in 2 documents (6 segments, 55 words); fluency 62.4; gate FAILED (2 suppressed by baseline)"
    )
    assert lines[-1] == "note: skipped reports/old.html: generated report"
    assert "data/news.en.txt: fluency 79.6, 3 segments; BLEU 31.3, chrF 58.4, TER 52.1" in lines
    passed = format_text(make_report(passed=True, notes=()), FormatOptions()).splitlines()
    assert passed[-1].endswith("; gate passed")


def test_text_max_findings(report: Report) -> None:
    lines = format_text(report, FormatOptions(max_findings=2)).splitlines()
    assert lines[2] == "… 6 more findings not shown (see the JSON or HTML report)"
    assert lines[3] == ""


def test_text_neutralises_terminal_escapes(report: Report) -> None:
    doc = report.documents[0]
    seg = doc.segments[0]
    evil = dataclasses.replace(seg.findings[0], message="bad\x1b[2J\u202eword\nnext")
    doc = dataclasses.replace(doc, segments=(dataclasses.replace(seg, findings=(evil,)),))
    out = format_text(dataclasses.replace(report, documents=(doc,)), FormatOptions())
    assert "\x1b" not in out and "\u202e" not in out
    assert "bad\\u001b[2J\\u202eword\\u000anext" in out


# --- HTML -------------------------------------------------------------------------------------


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    """Collects what the tests inspect, and fails on mis-nested or unclosed elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)


@pytest.fixture
def page(report: Report) -> str:
    return render(report, OutputFormat.HTML)


@pytest.fixture
def parsed(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker


def test_html_is_well_formed(parsed: _Checker) -> None:
    assert parsed.errors == []
    assert parsed.stack == []


def test_html_escapes_user_text(page: str, parsed: _Checker) -> None:
    assert XSS_SCRIPT not in page and "<script>alert(1)" not in page
    assert XSS_ATTR not in page
    assert "<img" not in page
    assert "<b>is not</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Only our own two script elements exist, and neither holds user text unescaped.
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert not any("alert(1)" in s for s in parsed.scripts)


def test_html_has_csp_and_no_external_resources(page: str, parsed: _Checker) -> None:
    csp = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    policy = dict(part.strip().split(" ", 1) for part in csp[0]["content"].split(";"))
    assert policy["default-src"] == "'none'" and policy["img-src"] == "data:"
    assert "unsafe-inline" not in csp[0]["content"]
    # The hashes allow exactly the page's own stylesheet and (executable) script.
    style = page[page.index("<style>") + len("<style>") : page.index("</style>")]
    script = parsed.scripts[-1]
    assert policy["style-src"] == csp_hash(style) and policy["script-src"] == csp_hash(script)
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in parsed.tags)
    for _tag, attrs in parsed.tags:
        for name in ("src", "href"):
            value = attrs.get(name, "")
            assert not value or value.startswith(("#", "data:")), (name, value)
    assert "http://" not in page.replace("http-equiv", "") and "https://" not in page


def test_html_flagged_words_carry_severity_class(report: Report, parsed: _Checker) -> None:
    spans = {
        (int(a["data-start"]), int(a["data-end"]), i): a
        for i, (t, a) in enumerate(parsed.tags)
        if t == "span" and "data-start" in a
    }
    word_spans = [a for a in spans.values() if "w" in a["class"].split()]
    total_words = sum(len(s.words) for d in report.documents for s in d.segments)
    assert len(word_spans) == total_words
    for doc in report.documents:
        for seg in doc.segments:
            for word in seg.words:
                hits = [
                    f
                    for f in seg.findings
                    if f.start is not None and f.end is not None and f.start < word.end and word.start < f.end
                ]
                if not hits:
                    continue
                worst = max((f.severity for f in hits), key=lambda s: s.rank)
                matching = [
                    a
                    for (start, end, _), a in spans.items()
                    if (start, end) == (word.start, word.end) and f"sev-{worst.value}" in a["class"].split()
                ]
                assert matching, (doc.path, word)
                assert all(a.get("tabindex") == "0" and a.get("aria-describedby") for a in matching)
                assert all("flag" in a["class"].split() for a in matching)


def test_html_shows_scores_suggestions_and_segment_findings(page: str) -> None:
    assert "62.4" in page  # overall fluency
    assert "Putin" in page and "litigate" in page
    assert 'class="fi fi-count sev-warning"' in page and "sentence fluency 41.5 is below 50" in page
    assert "chrF 21.40 is below 30" in page
    assert "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3" in page
    assert "L&#39;entreprise a déclaré 50 millions" in page  # source side by side
    assert "The company reported a profit of 50 million euros." in page  # reference
    assert 'id="sort-worst"' in page and 'data-filter-sev="error"' in page and 'data-filter-code="MT301"' in page
    assert 'class="legend"' in page


def test_html_embedded_json_is_escaped(page: str, parsed: _Checker) -> None:
    data = json.loads(parsed.scripts[0])
    assert data["findings"] == {"error": 2, "warning": 3, "info": 3}
    assert json_for_script({"t": "</script><!--&"}) == '{"t": "\\u003c/script\\u003e\\u003c!--\\u0026"}'


def test_html_template_is_autoescaped() -> None:
    env = _environment()
    assert env.autoescape(TEMPLATE) is True  # type: ignore[operator]


def _finding(start: int | None, end: int | None, severity: Severity = Severity.WARNING) -> Finding:
    return Finding("MT999", severity, start, end, 1, 1, "", "m", 0.5, (Suggestion("x", 0.5),))


def test_pieces_cover_text_exactly() -> None:
    text = "Go to http://x.io now, Litiger!"
    words = (Word(0, 2, "Go", 0.1), Word(3, 5, "to", 0.2), Word(18, 21, "now", 0.0), Word(23, 30, "Litiger", 0.9))
    url = _finding(6, 17)
    bad = _finding(23, 30, Severity.ERROR)
    segment_level = _finding(None, None)
    out_of_range = _finding(40, 45)
    pieces = build_pieces(text, words, (url, bad, segment_level, out_of_range))
    assert "".join(p.text for p in pieces) == text
    assert [p.kind for p in pieces] == ["word", "gap", "word", "gap", "span", "gap", "word", "gap", "word", "gap"]
    assert pieces[4] == Piece("span", "http://x.io", 6, 17, None, (url,))
    assert pieces[8].severity is Severity.ERROR and pieces[8].heat == 9
    assert unplaced_findings((url, bad, segment_level, out_of_range), pieces) == [segment_level, out_of_range]


def test_pieces_finding_over_several_words_flags_each() -> None:
    text = "the the end"
    words = (Word(0, 3, "the", 0.1), Word(4, 7, "the", 0.5), Word(8, 11, "end", 0.0))
    repeat = _finding(0, 7, Severity.INFO)
    pieces = build_pieces(text, words, (repeat,))
    assert [p.findings for p in pieces if p.kind == "word"] == [(repeat,), (repeat,), ()]


def test_html_counts_findings_by_code(report: Report, page: str) -> None:
    rows = code_counts(report, rule_table())
    total = sum(len(seg.findings) for doc in report.documents for seg in doc.segments)
    assert sum(r.count for r in rows) == total
    assert [r.count for r in rows] == sorted((r.count for r in rows), reverse=True)
    mt301 = next(r for r in rows if r.code == "MT301")
    assert mt301.count == 2 and mt301.summary.startswith("Non-word")
    # Each finding is counted once by the page, even when it spans several words.
    assert len(re.findall(r'class="[^"]*\bfi-count\b', page)) == total


def test_html_fluency_chart_has_a_bar_per_segment(report: Report, page: str) -> None:
    doc = report.documents[0]
    assert page.count('<svg class="chart"') == len(report.documents)
    for seg in doc.segments:
        assert f"line {seg.line}: fluency {seg.fluency:.1f}" in page
    from mtqa.formatters.html_views import document_view

    chart = document_view(doc, 1).chart
    assert [b.height for b in chart.bars] == [s.fluency for s in doc.segments]
    assert [b.band for b in chart.bars] == ["mid", "bad", "mid"]
    assert fluency_chart([]).bars == []
