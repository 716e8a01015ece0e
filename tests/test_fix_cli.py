"""``mtqa fix`` through the CLI on the tiny model: where it writes, what it never touches."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli import app

runner = CliRunner()

# 'litigatte' is no English word, so MT301 flags it with spelling candidates whatever the
# (random) model says; --min-confidence 0 takes its top one. CRLF line ends must survive.
TEXT = b"The parties will litigatte the case tomorrow.\r\nNothing else here.\r\n"


@pytest.fixture()
def workdir(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(TEXT)
    return tmp_path


def fix(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["fix", "a.txt", "--isolated", "--select", "MT301", "--min-confidence", "0", *args])
    return result.exit_code, result.stdout, result.stderr


def only_the_word_changed(before: bytes, after: bytes) -> str:
    """The replacement of 'litigatte', asserting every other byte is as it was."""
    head, tail = before.split(b"litigatte")
    assert after.startswith(head) and after.endswith(tail)
    return after[len(head) : len(after) - len(tail)].decode()


def test_dry_run_prints_a_diff_and_writes_nothing(workdir: Path) -> None:
    code, out, err = fix()
    assert code == 0
    assert out.startswith("--- a/a.txt\n+++ b/a.txt\n")
    assert "\n-The parties will litigatte the case tomorrow." in out  # (click's runner shows CRLF as LF)
    assert "nothing written" in err
    assert sorted(p.name for p in workdir.iterdir()) == ["a.txt"]
    assert (workdir / "a.txt").read_bytes() == TEXT


def test_suffix_writes_a_copy_next_to_the_file(workdir: Path) -> None:
    code, _, err = fix("--suffix", ".fixed")
    assert code == 0, err
    copy = workdir / "a.fixed.txt"
    word = only_the_word_changed(TEXT, copy.read_bytes())
    assert word and word != "litigatte" and word.isalpha()
    assert (workdir / "a.txt").read_bytes() == TEXT
    assert f"'litigatte' → '{word}'" in err


def test_in_place_keeps_a_backup_and_the_permissions(workdir: Path) -> None:
    os.chmod(workdir / "a.txt", 0o640)
    code, _, _ = fix("--in-place")
    assert code == 0
    assert (workdir / "a.txt.orig").read_bytes() == TEXT
    only_the_word_changed(TEXT, (workdir / "a.txt").read_bytes())
    assert (workdir / "a.txt").stat().st_mode & 0o777 == 0o640


def test_output_and_threshold(workdir: Path) -> None:
    code, out, _ = fix("--output", "out/fixed.txt", "--min-confidence", "1.0")
    assert code == 0 and out == "" and not (workdir / "out").exists()  # nothing is that certain
    code, _, _ = fix("--output", "out/fixed.txt")
    assert code == 0
    only_the_word_changed(TEXT, (workdir / "out" / "fixed.txt").read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "x.txt", "--in-place"], "--output and --in-place contradict each other"),
        (["--min-confidence", "2"], "--min-confidence must be between 0 and 1"),
        (["--in-place", "--backup-suffix", ""], "--backup-suffix must not be empty"),
    ],
)
def test_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    code, out, err = fix(*args)
    assert code == 2 and message in err and "Traceback" not in out + err
    assert (workdir / "a.txt").read_bytes() == TEXT


def test_output_needs_one_file(workdir: Path) -> None:
    (workdir / "b.txt").write_bytes(TEXT)
    result = runner.invoke(app, ["fix", "a.txt", "b.txt", "--isolated", "--output", "x.txt"])
    assert result.exit_code == 2 and "--output takes exactly one input file, not 2" in result.stderr


def test_formats_without_exact_positions_are_left_alone(workdir: Path) -> None:
    record = {"src": "Părțile vor litiga cazul.", "mt": "The parties will litigatte the case."}
    (workdir / "b.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", "b.jsonl", "--isolated", "--select", "MT301", "--min-confidence", "0", "--in-place"])
    assert result.exit_code == 0
    assert "b.jsonl: jsonl findings have no exact positions; not fixed" in result.stderr
    assert not (workdir / "b.jsonl.orig").exists()
