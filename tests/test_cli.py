"""CLI behaviour with exact exit codes, on the tiny model saved as a local folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.schema import validate_report

runner = CliRunner()


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    return tmp_path


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


# --------------------------------------------------------------------------- the output gate (issue 18)

DOC = "The talks were chome.\n"


def _one_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("a.txt", "a.txt: is an input of this run; refusing to overwrite it"),
        ("link.txt", "link.txt: is an input of this run"),
        ("hard.txt", "hard.txt: is an input of this run"),
        ("src.txt", "src.txt: is an input of this run"),
        ("pipe", "pipe: not a regular file (a named pipe); refusing to replace it"),
        ("/dev/null", "/dev/null: not a regular file (a character device)"),
        ("folder", "folder: is a directory, not a file"),
        ("a.txt/r.json", "a.txt/r.json: cannot create its folder: a.txt is a file"),
    ],
)
def test_output_never_replaces_an_input_or_a_special_file(env: Path, output: str, message: str) -> None:
    (env / "a.txt").write_text(DOC, encoding="utf-8")
    (env / "src.txt").write_text("Discuțiile au fost acasă.\n", encoding="utf-8")
    os.symlink("a.txt", env / "link.txt")
    os.link(env / "a.txt", env / "hard.txt")
    os.mkfifo(env / "pipe")
    (env / "folder").mkdir()
    before = {p.name: (p.lstat().st_ino, p.read_bytes() if p.is_file() else b"") for p in env.iterdir() if not p.is_fifo()}
    result = runner.invoke(app, ["check", "a.txt", "--source", "src.txt", "--format", "json", "-o", output, "--select", "MT3"])
    assert message in _one_error(result)
    after = {p.name: (p.lstat().st_ino, p.read_bytes() if p.is_file() else b"") for p in env.iterdir() if not p.is_fifo()}
    assert after == before and (env / "pipe").is_fifo() and result.stdout == ""


def test_output_dir_that_is_a_file_and_baseline_over_an_input(env: Path) -> None:
    (env / "a.txt").write_text(DOC, encoding="utf-8")
    (env / "out").write_text("a file\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "a.txt", "--output-dir", "out", "--select", "MT3"])
    assert "out/mtqa-report.json: cannot create its folder: out is a file" in _one_error(result)
    result = runner.invoke(app, ["baseline", "a.txt", "-o", "a.txt", "--isolated"])
    assert "a.txt: is an input of this run" in _one_error(result)
    assert (env / "a.txt").read_text(encoding="utf-8") == DOC


def test_output_dash_is_stdout(env: Path) -> None:
    (env / "a.txt").write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["check", "a.txt", "--format", "json", "-o", "-", "--fail-on", "never", "--select", "MT3"])
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["documents"] == 1
    assert sorted(p.name for p in env.iterdir()) == ["a.txt"]


def test_reports_in_the_checked_folder_are_not_read_back(env: Path) -> None:
    (env / "docs").mkdir()
    (env / "docs" / "a.txt").write_text(DOC, encoding="utf-8")
    (env / "mtqa-reports").mkdir()
    (env / "mtqa-reports" / "old.txt").write_text(DOC, encoding="utf-8")
    args = ["check", "docs", "--format", "json,markdown,github", "--output-dir", "docs", "--fail-on", "never", "--select", "MT3"]
    for _ in range(2):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    report = json.loads((env / "docs" / "mtqa-report.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == ["docs/a.txt"]
    assert "skipped docs/mtqa-report.json: an mtqa report" in result.stderr
    result = runner.invoke(app, ["check", ".", "--format", "json", "--fail-on", "never", "--select", "MT3"])
    assert "skipped mtqa-reports: report output folder" in result.stderr


@pytest.mark.parametrize(
    ("args", "environ", "message"),
    [
        (["--min-fluency", "nan"], {}, "--min-fluency must be a finite number, not nan"),
        (["--min-fluency", "inf"], {}, "--min-fluency must be a finite number, not inf"),
        ([], {"MTQA_MIN_FLUENCY": "nan"}, "MTQA_MIN_FLUENCY='nan': expected a finite number, not nan"),
        (["--min-segment-fluency", "-inf"], {}, "--min-segment-fluency must be a finite number"),
    ],
)
def test_nan_and_infinite_thresholds_are_refused(env: Path, args: list[str], environ: dict[str, str], message: str) -> None:
    (env / "a.txt").write_text(DOC, encoding="utf-8")
    result = runner.invoke(app, ["check", "a.txt", "--no-reports", *args], env=environ)
    assert message in _one_error(result)


def test_nan_in_a_config_file_is_refused(env: Path) -> None:
    (env / "a.txt").write_text(DOC, encoding="utf-8")
    (env / "mtqa.toml").write_text("min-fluency = nan\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "a.txt", "--no-reports"])
    assert "mtqa.toml: min-fluency: expected a finite number, not nan" in _one_error(result)
