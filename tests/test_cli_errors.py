"""Bad input to `mtqa check` exits 2 with exactly one line on stderr and no traceback.

One table for what test_cli.py used to test six times over (issue 15 item 7): each row
writes its files, runs the CLI, and names what the one error line must mention.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app

runner = CliRunner()


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# (id, files to write: name → text or bytes, or None for an empty directory, args, what the line names)
CASES: list[tuple[str, dict[str, str | bytes | None], list[str], list[str]]] = [
    ("missing-file", {}, ["check", "nope.txt"], ["nope.txt"]),
    ("malformed-jsonl", {"bad.jsonl": '{"mt": "fine"}\n{"mt": broken\n'}, ["check", "bad.jsonl"], ["bad.jsonl", "line 2"]),
    ("undecodable-bytes", {"latin.txt": "café au lait".encode("latin-1")}, ["check", "latin.txt"], ["latin.txt", "UTF-8"]),
    ("empty-directory", {"empty": None}, ["check", "empty"], ["empty"]),
    (
        "source-misaligned",
        {"t.txt": "One.\nTwo.\n", "s.txt": "Unu.\n"},
        ["check", "t.txt", "--source", "s.txt"],
        ["s.txt"],
    ),
    ("unknown-format", {"doc.txt": "Fine.\n"}, ["check", "doc.txt", "--format", "pdf"], ["pdf"]),
]


@pytest.mark.parametrize(("files", "args", "names"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    env: Path, files: dict[str, str | bytes | None], args: list[str], names: list[str]
) -> None:
    for name, content in files.items():
        if content is None:
            (env / name).mkdir()
        elif isinstance(content, bytes):
            (env / name).write_bytes(content)
        else:
            (env / name).write_text(content, encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout.strip() == "", result.stdout
    for name in names:
        assert name in lines[0], lines[0]
