"""CLI behaviour with exact exit codes, on the tiny model saved as a local folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli import app
from mtqa.schema import validate_report

runner = CliRunner()


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_missing_file_is_one_line_exit_2(env: Path) -> None:
    result = runner.invoke(app, ["check", "nope.txt"])
    assert result.exit_code == 2
    assert "nope.txt" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_malformed_jsonl_names_file_and_line(env: Path) -> None:
    (env / "bad.jsonl").write_text('{"mt": "fine"}\n{"mt": broken\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "bad.jsonl"])
    assert result.exit_code == 2
    assert "bad.jsonl" in result.output and "line 2" in result.output
    assert "Traceback" not in result.output


def test_undecodable_bytes_exit_2(env: Path) -> None:
    (env / "latin.txt").write_bytes("café au lait".encode("latin-1"))
    result = runner.invoke(app, ["check", "latin.txt"])
    assert result.exit_code == 2
    assert "latin.txt" in result.output and "UTF-8" in result.output


def test_empty_directory_exit_2(env: Path) -> None:
    (env / "empty").mkdir()
    result = runner.invoke(app, ["check", "empty"])
    assert result.exit_code == 2
    assert "empty" in result.output


def test_json_report_to_stdout_validates(env: Path) -> None:
    (env / "doc.txt").write_text("The meeting lasted two hours.\nEveryone agreed.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    validate_report(report)
    assert report["summary"]["segments"] == 2
    assert "model:path:" in report["signature"]
    assert not (env / "reports").exists()  # --format without --output writes no files


def test_default_text_writes_json_and_html_reports(env: Path) -> None:
    (env / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    before = (env / "doc.txt").read_bytes()
    result = runner.invoke(app, ["check", "doc.txt", "--fail-on", "never", "--output-dir", "out"])
    assert result.exit_code == 0, result.output
    assert "fluency" in result.output
    validate_report(json.loads((env / "out" / "mtqa-report.json").read_text(encoding="utf-8")))
    assert "<html" in (env / "out" / "mtqa-report.html").read_text(encoding="utf-8")
    assert (env / "doc.txt").read_bytes() == before


def test_fail_on_and_min_fluency_set_the_exit_code(env: Path) -> None:
    (env / "doc.txt").write_text("The the meeting lasted two hours.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--no-reports", "--select", "MT303", "--fail-on", "warning"])
    assert result.exit_code == 1
    assert "MT303" in result.output
    result = runner.invoke(app, ["check", "doc.txt", "--no-reports", "--select", "MT303", "--fail-on", "error"])
    assert result.exit_code == 0
    result = runner.invoke(
        app, ["check", "doc.txt", "--no-reports", "--select", "MT303", "--fail-on", "never", "--min-fluency", "101"]
    )
    assert result.exit_code == 1


def test_several_formats_into_output_dir(env: Path) -> None:
    (env / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--format", "json,html", "--output-dir", "d", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert (env / "d" / "mtqa-report.json").exists() and (env / "d" / "mtqa-report.html").exists()


def test_source_misalignment_exit_2(env: Path) -> None:
    (env / "t.txt").write_text("One.\nTwo.\n", encoding="utf-8")
    (env / "s.txt").write_text("Unu.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "t.txt", "--source", "s.txt"])
    assert result.exit_code == 2
    assert "s.txt" in result.output


def test_unknown_format_is_usage_error(env: Path) -> None:
    (env / "doc.txt").write_text("Fine.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--format", "pdf"])
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_rules_and_explain() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "MT201" in result.output and "MT301" in result.output
    result = runner.invoke(app, ["explain", "MT201"])
    assert result.exit_code == 0 and "Poutine" in result.output
    result = runner.invoke(app, ["explain", "MT999"])
    assert result.exit_code == 2


def test_reports_get_ordinary_permissions(env: Path) -> None:
    (env / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--format", "json", "--output", "r.json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    current = os.umask(0)
    os.umask(current)
    assert (env / "r.json").stat().st_mode & 0o777 == 0o666 & ~current
