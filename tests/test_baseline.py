"""Baselines: recording, suppression before the gate, stale entries, fingerprint stability."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.ci.baseline import Baseline, BaselineEntry, apply_baseline, dumps, load_baseline, stale_note
from mtqa.cli.app import app
from mtqa.errors import InputError

runner = CliRunner()
# MT303 is a warning by default; the severity override makes it an error, deterministically.
SELECT = ["--select", "MT303", "--no-reports", "--isolated"]
STRICT = '[severity]\nMT303 = "error"\n'


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.delenv("MTQA_BASELINE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_baseline_accepts_an_error_and_counts_it_suppressed(env: Path) -> None:
    write(env / "mtqa.toml", STRICT)
    write(env / "doc.txt", "Intro line.\n\nThe the cat sat.\n")
    args = ["doc.txt", "--select", "MT303", "--fail-on", "error"]
    code, report = check(*args)
    assert code == 1 and report["summary"]["findings"]["error"] == 1
    result = runner.invoke(app, ["baseline", "doc.txt", "--select", "MT303"])
    assert result.exit_code == 0, result.output
    assert "recorded 1 finding(s)" in result.stdout
    code, report = check(*args, "--baseline", ".mtqa-baseline.json")
    assert code == 0
    assert report["summary"]["suppressed"] == 1 and report["summary"]["findings"]["error"] == 0
    assert report["summary"]["passed"] is True
    assert not any(n.startswith("baseline:") for n in report["notes"])


def test_a_new_finding_still_fails(env: Path) -> None:
    write(env / "mtqa.toml", STRICT)
    write(env / "doc.txt", "The the cat sat.\n")
    assert runner.invoke(app, ["baseline", "doc.txt", "--select", "MT303"]).exit_code == 0
    write(env / "doc.txt", "The the cat sat.\n\nA dog dog barked.\n")
    code, report = check("doc.txt", "--select", "MT303", "--baseline", ".mtqa-baseline.json")
    assert code == 1
    assert report["summary"]["suppressed"] == 1 and report["summary"]["findings"]["error"] == 1
    (finding,) = [f for d in report["documents"] for s in d["segments"] for f in s["findings"]]
    assert finding["text"] == "dog"


def test_fingerprint_survives_inserting_unrelated_lines_above(env: Path) -> None:
    write(env / "mtqa.toml", 'baseline = "accepted.json"\n' + STRICT)
    write(env / "doc.txt", "Intro line.\n\nThe the cat sat on the mat.\n")
    result = runner.invoke(app, ["baseline", "doc.txt", "--select", "MT303"])
    assert result.exit_code == 0, result.output
    assert (env / "accepted.json").exists()  # the config's baseline is the default output
    write(
        env / "doc.txt", "A brand new first line.\n\nAnd another paragraph here.\n\nIntro line.\n\nThe the cat sat on the mat.\n"
    )
    code, report = check("doc.txt", "--select", "MT303")
    assert code == 0 and report["summary"]["suppressed"] == 1
    (finding_line,) = [s["line"] for d in report["documents"] for s in d["segments"] if "cat" in s["text"]]
    assert finding_line == 7


def test_stale_entries_are_noted_only_for_checked_files(env: Path) -> None:
    write(env / "mtqa.toml", STRICT)
    write(env / "a.txt", "The the cat sat.\n\nA dog dog barked.\n")
    write(env / "b.txt", "The the end.\n")
    assert runner.invoke(app, ["baseline", "a.txt", "b.txt", "--select", "MT303"]).exit_code == 0
    data = json.loads((env / ".mtqa-baseline.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == 3
    write(env / "a.txt", "The cat sat.\n\nA dog barked.\n")  # both findings of a.txt fixed
    code, report = check("a.txt", "--select", "MT303", "--baseline", ".mtqa-baseline.json")
    assert code == 0  # stale entries never change the exit code
    (note,) = [n for n in report["notes"] if n.startswith("baseline:")]
    assert note.startswith("baseline: 2 stale entries no longer match a finding (a.txt MT303")
    assert "b.txt" not in note  # b.txt was not checked in this run
    # An entry whose code is not selected in this run is not judged either.
    code, report = check("a.txt", "--select", "MT304", "--baseline", ".mtqa-baseline.json")
    assert not [n for n in report["notes"] if n.startswith("baseline:")]


def test_baseline_file_format(env: Path) -> None:
    write(env / "b.txt", "The the end.\n")
    write(env / "a.txt", "A dog dog barked.\n\nThe the cat.\n")
    result = runner.invoke(app, ["baseline", "b.txt", "a.txt", *SELECT[:2], "-o", "out/base.json"])
    assert result.exit_code == 0, result.output
    data = json.loads((env / "out" / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["mtqa_version"] and data["created"].endswith("+00:00")
    entries = data["entries"]
    assert [(e["path"], e["text"]) for e in entries] == [("a.txt", "dog"), ("a.txt", "the"), ("b.txt", "the")]
    assert set(entries[0]) == {"fingerprint", "code", "path", "text", "message"}
    assert all(len(e["fingerprint"]) == 16 for e in entries)
    assert len(load_baseline(env / "out" / "base.json").entries) == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "missing.json: no such baseline file"),
        ("{", "missing.json: not a baseline file"),
        ('{"version": 1, "entries": [{"code": "MT303"}]}', "missing.json: entry 1: expected strings"),
        ('{"version": 7, "entries": []}', "missing.json: unsupported baseline version 7"),
        ("[]", "missing.json: not a baseline file: expected an object"),
    ],
)
def test_missing_or_malformed_baseline_exits_2(env: Path, content: str | None, expected: str) -> None:
    if content is not None:
        write(env / "missing.json", content)
    write(env / "doc.txt", "The the end.\n")
    result = runner.invoke(app, ["check", "doc.txt", *SELECT, "--baseline", "missing.json"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.output


def test_apply_baseline_is_pure(tmp_path: Path) -> None:
    entry = BaselineEntry("0123456789abcdef", "MT303", "x.txt", "the", "m")
    text = dumps(Baseline((entry,)))
    path = write(tmp_path / "b.json", text)
    assert load_baseline(path).entries == (entry,)
    applied = apply_baseline([], load_baseline(path), judged=lambda e: True)
    assert applied.suppressed == 0 and applied.stale == (entry,)
    assert "1 stale entry no longer matches" in stale_note(applied.stale)
    with pytest.raises(InputError):
        load_baseline(tmp_path / "nope.json")
