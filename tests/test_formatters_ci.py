"""The CI formats: SARIF (against the committed schema), JUnit XML, GitHub workflow commands and
the Markdown job summary, on the hand-built report (which carries hostile strings), plus one CLI
run on the tiny model that writes every format at once."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from mtqa.checks import ALL_CHECKS, rule_table
from mtqa.cli.app import app
from mtqa.formatters import FormatOptions, OutputFormat, render
from mtqa.formatters.github import DEFAULT_MAX_FINDINGS, escape_data, escape_property, format_github
from mtqa.formatters.junit import format_junit
from mtqa.formatters.markdown import escape, format_markdown
from mtqa.formatters.sarif import artifact_uri, format_sarif
from mtqa.schema import validate_report
from mtqa.types import DocumentResult, FailOn, Finding, Report, SegmentResult, Severity, Suggestion

try:
    from report_factory import XSS_SCRIPT, make_report
except ImportError:  # tests/ became a package
    from tests.report_factory import XSS_SCRIPT, make_report

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@pytest.fixture
def report() -> Report:
    return make_report(suppressed=2)


def all_findings(report: Report) -> list[tuple[DocumentResult, SegmentResult, Finding]]:
    return [(d, s, f) for d in report.documents for s in d.segments for f in s.findings]


def with_segment(report: Report, segment: SegmentResult) -> Report:
    """The report with ``segment`` appended to its first document."""
    doc = report.documents[0]
    doc = dataclasses.replace(doc, segments=(*doc.segments, segment))
    return dataclasses.replace(report, documents=(doc, *report.documents[1:]))


def finding(**changes: Any) -> Finding:
    base = Finding(
        code="MT301",
        severity=Severity.WARNING,
        start=0,
        end=4,
        line=9,
        column=1,
        text="Word",
        message="'Word' is not a word",
        confidence=0.5,
        suggestions=(Suggestion("word", 0.8),),
        fingerprint="0123456789abcdef",
    )
    return dataclasses.replace(base, **changes)


def segment(text: str, findings: tuple[Finding, ...], line: int = 9, column: int = 1) -> SegmentResult:
    return SegmentResult(
        id="extra",
        line=line,
        column=column,
        text=text,
        source=None,
        reference=None,
        fluency=50.0,
        metrics={},
        words=(),
        findings=findings,
    )


# --- SARIF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(report: Report) -> dict[str, Any]:
    return json.loads(format_sarif(report, FormatOptions(rules=rule_table())))


def test_sarif_validates_against_the_official_schema(report: Report, sarif_validator: jsonschema.protocols.Validator) -> None:
    data = sarif(report)
    sarif_validator.validate(data)
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert data["version"] == "2.1.0"
    # The schema has teeth: a level SARIF does not know is rejected.
    data["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(data)


def test_sarif_rules_describe_every_check(report: Report) -> None:
    (run,) = sarif(report)["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtqa" and driver["version"] == report.mtqa_version
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert len(rules) == len(driver["rules"])
    for check in ALL_CHECKS:
        rule = rules[check.code]
        assert rule["name"] == check.name
        assert rule["shortDescription"]["text"] == check.summary()
        assert rule["fullDescription"]["text"] == rule["help"]["text"] == check.explanation()
        assert rule["defaultConfiguration"]["level"] == LEVELS[check.severity.value]
        assert rule["properties"]["precision"] in {"very-high", "high", "medium", "low"}
    # A code outside the registry (a report from another mtqa version) still gets a rule.
    doc = report.documents[0]
    segment = doc.segments[0]
    foreign = dataclasses.replace(segment.findings[0], code="MT999")
    other = dataclasses.replace(
        report, documents=(dataclasses.replace(doc, segments=(dataclasses.replace(segment, findings=(foreign,)),)),)
    )
    (other_run,) = sarif(other)["runs"]
    other_rules = {rule["id"]: i for i, rule in enumerate(other_run["tool"]["driver"]["rules"])}
    assert "MT999" not in {c.code for c in ALL_CHECKS}
    assert other_run["results"][0]["ruleIndex"] == other_rules["MT999"]


def test_sarif_results_map_findings(report: Report) -> None:
    (run,) = sarif(report)["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    expected = all_findings(report)
    assert len(results) == len(expected)
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [d.path for d in report.documents]
    for result, (doc, _seg, f) in zip(results, expected):
        assert result["ruleId"] == f.code == rules[result["ruleIndex"]]["id"]
        assert result["level"] == LEVELS[f.severity.value]
        assert result["partialFingerprints"] == {"mtqaFingerprint/v1": f.fingerprint}
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == doc.path
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert run["artifacts"][physical["artifactLocation"]["index"]]["location"]["uri"] == doc.path
        region = physical["region"]
        if f.start is None:
            assert region == {"startLine": f.line, "startColumn": f.column}
        else:
            assert region == {
                "startLine": f.line,
                "startColumn": f.column,
                "endColumn": f.column + len(f.text),
                "snippet": {"text": f.text},
            }


def test_sarif_message_lists_top_suggestions(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    litiger = next(r for r in results if r["locations"][0]["physicalLocation"]["region"].get("snippet") == {"text": "Litiger"})
    assert litiger["message"]["text"] == "'Litiger' is not an English word. Suggestions: 'litigate', 'litigating', 'lift'."
    fluency = next(r for r in results if r["ruleId"] == "MT402")
    assert fluency["message"]["text"] == "sentence fluency 41.5 is below 50"


def test_sarif_fix_replaces_the_flagged_word_in_the_file(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    doc = report.documents[0]
    lines = {s.line: s.text for s in doc.segments}  # each seed segment is a whole file line at column 1
    poutine = next(r for r in results if r["ruleId"] == "MT201")
    (fix,) = poutine["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == doc.path
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    line = lines[region["startLine"]]
    fixed = line[: region["startColumn"] - 1] + replacement["insertedContent"]["text"] + line[region["endColumn"] - 1 :]
    assert "Vladimir Putin discussed" in fixed and "Poutine" not in fixed
    # No fix for segment-level findings, findings without suggestions, or spans with whitespace
    # (they may cross a line break the report cannot see).
    for result in results:
        if result["ruleId"] in ("MT402", "MT103", "MT501", "MT302"):
            assert "fixes" not in result, result["ruleId"]


def test_sarif_approximate_positions_get_no_span_or_fix(report: Report) -> None:
    # A structured record: every finding points at the start of the target string (7, 12).
    seg = segment("Prix: le Word ici", (finding(start=9, end=13, line=7, column=12),), line=7, column=12)
    results = sarif(with_segment(report, seg))["runs"][0]["results"]
    (result,) = [r for r in results if r["properties"]["segment"] == "extra"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 12,
        "snippet": {"text": "Word"},
    }
    assert "fixes" not in result


def test_sarif_uris() -> None:
    assert artifact_uri("docs/Zürich notes.md") == ("docs/Z%C3%BCrich%20notes.md", "%SRCROOT%")
    assert artifact_uri("/srv/mt/a b.txt") == ("file:///srv/mt/a%20b.txt", None)
    assert artifact_uri("C:\\mt\\a.txt") == ("file:///C:/mt/a.txt", None)
    if os.sep == "/":  # a backslash is part of a POSIX name (or of mtqa's escape for a newline)
        assert artifact_uri("new\\nline.txt") == ("new%5Cnline.txt", "%SRCROOT%")
    else:
        assert artifact_uri("sub\\dir\\a.txt") == ("sub/dir/a.txt", "%SRCROOT%")


# --- JUnit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fail_on", [f.value for f in FailOn])
def test_junit_counts_follow_fail_on(report: Report, fail_on: str) -> None:
    root = ET.fromstring(format_junit(report, FormatOptions(fail_on=fail_on)))
    gate = FailOn(fail_on)
    failing_segments = [s for d in report.documents for s in d.segments if any(gate.fails(f.severity) for f in s.findings)]
    failing_findings = [f for _, _, f in all_findings(report) if gate.fails(f.severity)]
    assert root.tag == "testsuites"
    assert int(root.get("tests", "")) == report.summary.segments == len(root.findall("./testsuite/testcase"))
    assert int(root.get("failures", "")) == len(failing_segments)
    assert len(root.findall(".//failure")) == len(failing_findings)
    assert sorted(f.get("type") for f in root.iter("failure")) == sorted(f.code for f in failing_findings)
    for suite, doc in zip(root.findall("testsuite"), report.documents):
        assert suite.get("name") == doc.path
        assert int(suite.get("tests", "")) == len(doc.segments) == len(suite.findall("testcase"))
        failed = sum(1 for s in doc.segments if any(gate.fails(f.severity) for f in s.findings))
        assert int(suite.get("failures", "")) == failed
        assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    # What does not fail is still shown, in system-out.
    below = [f for _, _, f in all_findings(report) if not gate.fails(f.severity)]
    out = "\n".join(e.text or "" for e in root.iter("system-out"))
    assert out.count("code: ") == len(below)


def test_junit_testcases_name_segments(report: Report) -> None:
    root = ET.fromstring(format_junit(report, FormatOptions()))
    cases = root.findall("./testsuite/testcase")
    assert cases[0].get("classname") == "seeds.000_putin"
    assert cases[0].get("name") == "line 1: In a longer-than-expected meeting, Vladimir Poutine …"
    assert cases[0].get("file") == "seeds/000_putin.txt" and cases[0].get("line") == "1"
    assert cases[3].get("classname") == "data.news_en"
    (failure,) = cases[0].findall("failure")
    assert failure.get("type") == "MT201"
    assert failure.get("message") == "MT201 error: 'Poutine' is French; the English name is 'Putin'"
    assert "suggestions: Putin (0.91), Poutin (0.12)" in (failure.text or "")
    # Hostile text comes back intact after parsing, so it was escaped, not dropped.
    assert XSS_SCRIPT in (cases[2].get("name") or "")


def test_junit_drops_characters_xml_cannot_carry(report: Report) -> None:
    evil = "bad\x00\x01\x0b\x1b\ud800word\ufffe"
    seg = segment(f"{evil} text", (finding(severity=Severity.ERROR, message=f"{evil}\nmessage", text=evil),))
    out = format_junit(with_segment(report, seg), FormatOptions())
    root = ET.fromstring(out)  # parses: nothing forbidden survived
    failure = root.findall("./testsuite/testcase")[len(report.documents[0].segments)].find("failure")
    assert failure is not None
    assert failure.get("message") == "MT301 error: badword\nmessage"
    assert "text: badword" in (failure.text or "")


# --- GitHub -----------------------------------------------------------------------------------


def test_github_escaping_rules() -> None:
    assert escape_data("50% off\r\nnext: a, b") == "50%25 off%0D%0Anext: a, b"
    assert escape_property("dir:a,b%/x\ny") == "dir%3Aa%2Cb%25/x%0Ay"
    assert escape_data("%0A") == "%250A"  # % first, or a literal "%0A" would turn into a newline
    assert escape_data("\x1b[31mred\u202e") == "\\u001b[31mred\\u202e"


def test_github_annotations_escape_user_text(report: Report) -> None:
    seg = segment("x", (finding(message="line one\nline two 100%", line=3, column=5, start=2, end=6),))
    doc = DocumentResult(
        path="dir,with:odd/file.txt",
        source_path=None,
        reference_path=None,
        target_lang="en",
        source_lang=None,
        fluency=50.0,
        metrics={},
        segments=(seg,),
    )
    out = format_github(dataclasses.replace(report, documents=(doc,), notes=()), FormatOptions())
    lines = out.splitlines()
    assert lines[1] == (
        "::warning file=dir%2Cwith%3Aodd/file.txt,line=3,col=5,endColumn=9,title=MT301::line one%0Aline two 100%25 → word"
    )


def test_github_orders_most_severe_first_and_summarises(report: Report) -> None:
    lines = format_github(report, FormatOptions()).splitlines()
    assert lines[0].startswith("::error title=mtqa gate::mtqa gate failed")
    annotations = [line for line in lines if " file=" in line]
    assert len(annotations) == len(all_findings(report))
    rank = {"error": 3, "warning": 2, "notice": 1}
    ranks = [rank[line[2:].split(" ", 1)[0]] for line in annotations]
    assert ranks == sorted(ranks, reverse=True)
    assert annotations[0].startswith("::error file=data/news.en.txt,line=1,col=22,endColumn=24,title=MT101::")
    assert annotations[1] == (
        "::error file=seeds/000_putin.txt,line=1,col=45,endColumn=52,title=MT201::"
        "'Poutine' is French; the English name is 'Putin' → Putin, Poutin"
    )
    assert "::warning file=seeds/000_putin.txt,line=2,col=1,title=MT402::sentence fluency 41.5 is below 50" in annotations
    assert "::notice title=mtqa note::skipped reports/old.html: generated report" in lines
    assert lines[-1] == (
        "::notice title=mtqa::mtqa: 2 errors, 3 warnings, 3 info in 2 documents, 6 segments; fluency 62.4; gate failed"
    )
    passed = format_github(make_report(passed=True, notes=()), FormatOptions()).splitlines()
    assert not any(line.startswith("::error title=mtqa gate") for line in passed)
    assert passed[-1].endswith("gate passed")


def test_github_cap_and_closing_count(report: Report) -> None:
    lines = format_github(report, FormatOptions(max_findings=3)).splitlines()
    annotations = [line for line in lines if " file=" in line]
    assert [re.search(r"title=(MT\d+)::", line).group(1) for line in annotations] == ["MT101", "MT201", "MT402"]  # type: ignore[union-attr]
    assert "::notice title=mtqa::5 more findings not annotated (2 warnings, 3 info); see the SARIF, JSON or HTML report" in lines


def test_github_default_cap(report: Report) -> None:
    many = tuple(finding(start=i, end=i + 1, column=i + 1, text="x", fingerprint="") for i in range(DEFAULT_MAX_FINDINGS + 7))
    big = with_segment(report, segment("x" * 80, many))
    lines = format_github(big, FormatOptions()).splitlines()
    assert sum(1 for line in lines if " file=" in line) == DEFAULT_MAX_FINDINGS
    assert any(
        line.startswith(f"::notice title=mtqa::{len(all_findings(big)) - DEFAULT_MAX_FINDINGS} more findings") for line in lines
    )


def test_github_gate_failed_on_fluency_alone(report: Report) -> None:
    doc = report.documents[1]
    clean = dataclasses.replace(doc, segments=tuple(dataclasses.replace(s, findings=()) for s in doc.segments))
    failed = dataclasses.replace(
        report,
        documents=(clean,),
        summary=dataclasses.replace(report.summary, passed=False, documents=1, segments=3),
        notes=("gate: data/news.en.txt: fluency 79.6 is below --min-fluency 90",),
    )
    lines = format_github(failed, FormatOptions()).splitlines()
    assert lines[0] == "::error title=mtqa gate::mtqa gate failed: data/news.en.txt: fluency 79.6 is below --min-fluency 90"
    assert lines[-1].endswith("no findings in 1 document, 3 segments; fluency 62.4; gate failed")
    assert len(lines) == 2


# --- Markdown ---------------------------------------------------------------------------------


def markdown_tokens(text: str) -> list[Any]:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    return md.parse(text)


def test_markdown_escape() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape(XSS_SCRIPT) == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert escape("*bold* _it_ `code` [x](y)\nnext") == "\\*bold\\* \\_it\\_ \\`code\\` \\[x\\]\\(y\\) next"


def test_markdown_user_text_cannot_inject_markup_or_break_tables(report: Report) -> None:
    hostile = f"pipe | here {XSS_SCRIPT} `tick` <b>x</b>\n| new | row |"
    seg = segment(hostile, (finding(severity=Severity.ERROR, start=0, end=4, text=hostile, message=hostile),))
    out = format_markdown(with_segment(report, seg), FormatOptions())
    tokens = markdown_tokens(out)
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(out)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The only raw HTML is our own <sub> around the signature.
    raw = [c.content for t in tokens if t.children for c in t.children if c.type == "html_inline"]
    raw += [t.content for t in tokens if t.type == "html_block"]
    assert raw == ["<sub>", "</sub>"]
    # Every table row has as many cells as its header.
    row_cells: list[int] = []
    for t in tokens:
        if t.type == "tr_open":
            row_cells.append(0)
        elif t.type in ("th_open", "td_open"):
            row_cells[-1] += 1
        elif t.type == "table_close":
            assert len(set(row_cells)) == 1, row_cells
            row_cells = []
    assert "pipe | here" in html


def test_markdown_summary_content(report: Report) -> None:
    out = format_markdown(report, FormatOptions(rules=rule_table()))
    assert out.startswith("## mtqa: ❌ gate failed\n")
    assert "| 🔴 error | 2 |" in out and "| 🟠 warning | 3 |" in out and "| 🔵 info | 3 |" in out
    assert "| `MT201` | foreign\\-word | 1 |  |  |" in out
    assert "| document | segments | findings | fluency | BLEU | chrF | TER |" in out
    assert "| data/news\\.en\\.txt | 3 | 2 | 79.6 | 31.26 | 58.40 | 52.13 |" in out
    assert "| seeds/000\\_putin\\.txt | 3 | 6 | 54.0 | – | – | – |" in out
    assert "2 findings suppressed by the baseline." in out
    assert "<sub>signature: mtqa\\:0\\.1\\.0\\|model" in out
    worst = out[out.index("### Worst findings") :]
    assert worst.index("Poutine") < worst.index("Litiger")  # errors first
    assert format_markdown(make_report(passed=True), FormatOptions()).startswith("## mtqa: ✅ gate passed\n")


def test_markdown_caps_worst_findings(report: Report) -> None:
    out = format_markdown(report, FormatOptions(max_findings=2))
    worst = out[out.index("### Worst findings") : out.index("### Notes")]
    assert len([line for line in worst.splitlines() if line.startswith("| ")]) == 2 + 2  # header, rule, two rows
    assert "…and 6 more findings (see the HTML or JSON report)." in worst


# --- registry and CLI -------------------------------------------------------------------------


def test_extensions_are_distinct() -> None:
    extensions = {fmt: fmt.extension for fmt in OutputFormat}
    assert len(set(extensions.values())) == len(extensions)
    assert extensions[OutputFormat.SARIF] == "sarif" and extensions[OutputFormat.JUNIT] == "xml"
    assert extensions[OutputFormat.MARKDOWN] == "md" and extensions[OutputFormat.TEXT] == "txt"


runner = CliRunner()


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_writes_every_ci_format(env: Path, sarif_validator: jsonschema.protocols.Validator) -> None:
    (env / "doc.txt").write_text("The meeting lasted two hours.\nVladimir Poutine arrived late.\n", encoding="utf-8")
    formats = "json,html,sarif,junit,markdown,github"
    result = runner.invoke(app, ["check", "doc.txt", "--format", formats, "--output-dir", "d", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (env / "d").iterdir())
    assert written == sorted(f"mtqa-report.{ext}" for ext in ("json", "html", "sarif", "xml", "md", "github.txt"))
    data = json.loads((env / "d" / "mtqa-report.json").read_text(encoding="utf-8"))
    validate_report(data)
    sarif_data = json.loads((env / "d" / "mtqa-report.sarif").read_text(encoding="utf-8"))
    sarif_validator.validate(sarif_data)
    findings = [f for d in data["documents"] for s in d["segments"] for f in s["findings"]]
    assert len(sarif_data["runs"][0]["results"]) == len(findings)
    root = ET.fromstring((env / "d" / "mtqa-report.xml").read_text(encoding="utf-8"))
    assert len(root.findall("./testsuite/testcase")) == data["summary"]["segments"]
    assert root.findall(".//failure") == []  # --fail-on never
    assert (env / "d" / "mtqa-report.md").read_text(encoding="utf-8").startswith("## mtqa: ✅ gate passed")
    assert re.search(r"^::notice title=mtqa::mtqa: ", (env / "d" / "mtqa-report.github.txt").read_text(), re.M)


def test_cli_sarif_to_stdout(env: Path) -> None:
    (env / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--format", "sarif", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["version"] == "2.1.0"
    assert not (env / "reports").exists()


def test_render_by_name(report: Report) -> None:
    assert render(report, "junit").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
