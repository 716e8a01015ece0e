"""``mtqa fix`` through the CLI on the tiny model: where it writes, what it never touches."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app

runner = CliRunner()

# 'litigatte' is no English word, so MT301 flags it with spelling candidates whatever the
# (random) model says; --min-confidence 0 takes its top one. CRLF line ends must survive.
# MT402 (which reports nothing without --min-segment-fluency) is selected so that the model
# loads: suggestions are ranked by it, and a rules-only selection makes none.
TEXT = b"The parties will litigatte the case tomorrow.\r\nNothing else here.\r\n"


@pytest.fixture()
def workdir(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(TEXT)
    return tmp_path


def fix(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["fix", "a.txt", "--isolated", "--select", "MT301,MT402", "--min-confidence", "0", *args])
    return result.exit_code, result.stdout, result.stderr


def fix_file(name: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["fix", name, "--isolated", "--select", "MT301,MT402", "--min-confidence", "0", *args])
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
    code, _, err = fix_file("b.jsonl", "--in-place")
    assert code == 0
    assert "b.jsonl: jsonl findings have no exact positions; not fixed" in err
    assert not (workdir / "b.jsonl.orig").exists()


# --------------------------------------------------------------------------- data safety (issue 18)


def test_a_name_with_a_tab_is_fixed_not_its_decoy(workdir: Path) -> None:
    """The file is re-opened by its real name, never by the escaped one shown in messages."""
    (workdir / "x\ty.txt").write_bytes(TEXT)
    (workdir / "x\\ty.txt").write_bytes(TEXT)
    code, _, err = fix_file("x\ty.txt", "--in-place")
    assert code == 0, err
    only_the_word_changed(TEXT, (workdir / "x\ty.txt").read_bytes())
    assert (workdir / "x\\ty.txt").read_bytes() == TEXT and not (workdir / "x\\ty.txt.orig").exists()


def test_in_place_through_a_symlink_fixes_the_target_and_keeps_the_link(workdir: Path) -> None:
    os.symlink("a.txt", workdir / "link.txt")
    code, _, err = fix_file("link.txt", "--in-place")
    assert code == 0, err
    assert (workdir / "link.txt").is_symlink() and os.readlink(workdir / "link.txt") == "a.txt"
    only_the_word_changed(TEXT, (workdir / "a.txt").read_bytes())
    assert (workdir / "a.txt.orig").read_bytes() == TEXT


def test_in_place_on_a_hard_link_fixes_every_name(workdir: Path) -> None:
    os.link(workdir / "a.txt", workdir / "twin.txt")
    code, _, err = fix("--in-place")
    assert code == 0, err
    assert (workdir / "twin.txt").read_bytes() == (workdir / "a.txt").read_bytes() != TEXT
    assert (workdir / "a.txt").stat().st_ino == (workdir / "twin.txt").stat().st_ino


def test_a_read_only_file_is_refused_unless_forced(workdir: Path) -> None:
    os.chmod(workdir / "a.txt", 0o444)
    code, out, err = fix("--in-place")
    assert code == 2 and err.strip() == "mtqa: error: a.txt: is read-only; not rewritten (--force rewrites it anyway)"
    assert (workdir / "a.txt").read_bytes() == TEXT and not (workdir / "a.txt.orig").exists() and out == ""
    code, _, err = fix("--in-place", "--force")
    assert code == 0, err
    only_the_word_changed(TEXT, (workdir / "a.txt").read_bytes())
    assert (workdir / "a.txt").stat().st_mode & 0o777 == 0o444 and (workdir / "a.txt.orig").read_bytes() == TEXT


def test_a_backup_never_overwrites_a_backup(workdir: Path) -> None:
    (workdir / "a.txt.orig").write_bytes(b"an older backup\n")
    assert fix("--in-place")[0] == 0
    assert (workdir / "a.txt.orig").read_bytes() == b"an older backup\n"
    assert (workdir / "a.txt.orig.1").read_bytes() == TEXT
    once = (workdir / "a.txt").read_bytes()
    (workdir / "a.txt").write_bytes(TEXT)
    assert fix("--in-place")[0] == 0
    assert (workdir / "a.txt.orig.2").read_bytes() == TEXT and (workdir / "a.txt").read_bytes() == once


def test_suffix_never_overwrites_an_existing_file(workdir: Path) -> None:
    (workdir / "a.fixed.txt").write_bytes(b"someone's work\n")
    code, out, err = fix("--suffix", ".fixed")
    assert code == 2 and err.strip() == "mtqa: error: a.fixed.txt: already exists; refusing to overwrite it"
    assert (workdir / "a.fixed.txt").read_bytes() == b"someone's work\n" and out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "a.txt"], "a.txt: is the file being fixed; use --in-place, which keeps a backup"),
        (["--output", "./sub/../a.txt"], "is the file being fixed"),
        (["--suffix", "/evil"], "--suffix '/evil' must be a file-name suffix"),
        (["--in-place", "--backup-suffix", "../x"], "--backup-suffix '../x' must be a file-name suffix"),
        (["--output", "/dev/null"], "/dev/null: not a regular file (a character device)"),
        (["--output", "."], ".: is a directory, not a file"),
    ],
)
def test_destinations_are_refused_before_the_model_loads(workdir: Path, args: list[str], message: str) -> None:
    (workdir / "sub").mkdir()
    code, out, err = fix(*args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
    assert (workdir / "a.txt").read_bytes() == TEXT and out == ""


def test_the_diff_escapes_terminal_controls(workdir: Path) -> None:
    (workdir / "a.txt").write_bytes(b"\x1b[2J\x1b]0;pwned\x07The parties will litigatte it.\x1b[32m All checks passed\n")
    code, out, _ = fix()
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "\\u001b[2J\\u001b]0;pwned\\u0007The parties" in out


def test_a_lone_cr_is_a_line_end_for_fix_as_for_findings(workdir: Path) -> None:
    data = b"Nothing else here.\rThe parties will litigatte the case.\r"
    (workdir / "a.txt").write_bytes(data)
    code, _, err = fix("--in-place")
    assert code == 0 and "not fixed" not in err, err
    only_the_word_changed(data, (workdir / "a.txt").read_bytes())


def test_output_dash_prints_the_fixed_file(workdir: Path) -> None:
    code, out, _ = fix("--output", "-")
    assert code == 0 and "litigatte" not in out and out.startswith("The parties will ")
    assert sorted(p.name for p in workdir.iterdir()) == ["a.txt"]
