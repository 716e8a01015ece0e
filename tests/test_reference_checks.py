"""MT501–MT504: reference-metric thresholds, through the CLI on the tiny model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app

runner = CliRunner()

TARGET = "The company reported a profit of 50 million euros.\nAnalysts expect it continue strongly next year.\n"
REFERENCE = "The company reported a profit of 50 million euros.\nAnalysts expect growth to continue next year.\n"


@pytest.fixture()
def files(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mt.txt").write_text(TARGET, encoding="utf-8")
    (tmp_path / "ref.txt").write_text(REFERENCE, encoding="utf-8")
    return tmp_path


def check(*args: str) -> tuple[int, dict]:
    command = ["check", "mt.txt", "--ref", "ref.txt", "--select", "MT5", "--isolated", "--format", "json", *args]
    result = runner.invoke(app, command)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict) -> list[tuple[int, str, str]]:
    return [(s["line"], f["code"], f["message"]) for d in report["documents"] for s in d["segments"] for f in s["findings"]]


def test_no_thresholds_no_findings(files: Path) -> None:
    code, report = check()
    assert code == 0 and findings(report) == []
    metrics = report["documents"][0]["metrics"]
    assert {name for name, m in metrics.items() if m} == {"BLEU", "chrF", "TER"}


def test_segment_chrf_threshold_flags_only_the_weak_sentence(files: Path) -> None:
    code, report = check("--min-segment-chrf", "80")
    segments = report["documents"][0]["segments"]
    assert segments[0]["metrics"]["chrF"]["score"] == 100.0
    weak = segments[1]["metrics"]["chrF"]["score"]
    assert weak < 80
    assert findings(report) == [(2, "MT501", f"chrF {weak:.1f} is below the minimum of 80")]
    assert code == 0  # MT501 is a warning; the default gate fails on errors


def test_document_thresholds_are_errors_on_the_first_segment(files: Path) -> None:
    code, report = check("--min-chrf", "99", "--min-bleu", "99", "--max-ter", "1")
    found = findings(report)
    assert [(line, c) for line, c, _ in found] == [(1, "MT502"), (1, "MT503"), (1, "MT504")]
    assert all("signature" not in m and "nrefs:1" in m for _, _, m in found)
    assert code == 1
    code, report = check("--min-chrf", "1", "--min-bleu", "1", "--max-ter", "99")
    assert code == 0 and findings(report) == []


def test_thresholds_come_from_the_config_file(files: Path) -> None:
    (files / "mtqa.toml").write_text("min-chrf = 99\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "mt.txt", "--ref", "ref.txt", "--select", "MT5", "--format", "json"])
    assert result.exit_code == 1
    assert [c for _, c, _ in findings(json.loads(result.stdout))] == ["MT502"]


def test_without_a_reference_nothing_is_reported(files: Path) -> None:
    result = runner.invoke(app, ["check", "mt.txt", "--select", "MT5", "--min-chrf", "99", "--isolated", "--format", "json"])
    assert result.exit_code == 0 and findings(json.loads(result.stdout)) == []
