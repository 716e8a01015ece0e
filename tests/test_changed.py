"""--changed-since: only files git reports as changed are checked."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.ci.changed import changed_files
from mtqa.cli.app import app
from mtqa.errors import UsageError

runner = CliRunner()
ARGS = ["--select", "MT303", "--fail-on", "warning", "--format", "json", "--isolated"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt"):
        (root / "docs" / name).write_text("The the cat sat.\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "initial")
    monkeypatch.chdir(root)
    return root


def checked(result_stdout: str) -> list[str]:
    return [document["path"] for document in json.loads(result_stdout)["documents"]]


def test_only_changed_files_are_checked(repo: Path) -> None:
    (repo / "docs" / "b.txt").write_text("The the cat sat.\n\nA new line.\n", encoding="utf-8")
    (repo / "docs" / "new.txt").write_text("A dog dog.\n", encoding="utf-8")  # untracked counts
    result = runner.invoke(app, ["check", "docs", "--changed-since", "HEAD", *ARGS])
    assert result.exit_code == 1, result.output
    assert checked(result.stdout) == ["docs/b.txt", "docs/new.txt"]
    assert "checking 2 of 4 file(s)" in result.output


def test_nothing_changed_passes(repo: Path) -> None:
    result = runner.invoke(app, ["check", "docs", "--changed-since", "HEAD", *ARGS])
    assert result.exit_code == 0, result.output
    assert checked(result.stdout) == []


def test_committed_changes_since_a_ref_count(repo: Path) -> None:
    git(repo, "tag", "base")
    (repo / "docs" / "c.txt").write_text("The the dog sat.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit c")
    result = runner.invoke(app, ["check", "docs", "--changed-since", "base", *ARGS])
    assert checked(result.stdout) == ["docs/c.txt"]


def test_bad_ref_and_no_repository_exit_2(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["check", "docs", "--changed-since", "no-such-ref", *ARGS])
    assert result.exit_code == 2
    assert result.output.strip() == "mtqa: error: --changed-since no-such-ref: no such git commit, branch or tag"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("Fine.\n", encoding="utf-8")
    monkeypatch.chdir(outside)
    result = runner.invoke(app, ["check", "x.txt", "--changed-since", "HEAD", *ARGS])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "is not in a git repository" in lines[0]
    with pytest.raises(UsageError):
        changed_files("HEAD", outside)
