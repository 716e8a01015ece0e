"""The score cache end to end: a re-check never imports torch and reports the same bytes;
``--no-cache``, the ``cache`` setting, and ``mtqa cache info|clear``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.config.layering import resolve
from mtqa.lm import cache as cache_module

runner = CliRunner()
REAL_DEFAULT_PATH = cache_module.default_path  # conftest points it elsewhere during tests
HEAVY = ("torch", "transformers")

RUN_AND_LIST_IMPORTS = """
import json, sys
from mtqa.cli.app import main
sys.argv = ["mtqa", *sys.argv[1:]]
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code or 0
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"torch", "transformers"})
sys.stderr.write("HEAVY " + json.dumps(heavy) + "\\n")
sys.exit(code)
"""


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The tiny model, the cache on, in a private cache folder; cwd is the test folder."""
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.setenv("MTQA_CACHE", "true")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_module, "default_path", REAL_DEFAULT_PATH)
    monkeypatch.chdir(tmp_path)
    return dict(os.environ)


def run(env: dict[str, str], *args: str) -> tuple[int, list[str], str]:
    """``mtqa ARGS`` in a fresh interpreter; returns the exit code, the heavy modules it
    imported, and stderr without that line."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_IMPORTS, *args], env=env, capture_output=True, text=True, timeout=600
    )
    lines = done.stderr.splitlines()
    heavy = [json.loads(line[6:]) for line in lines if line.startswith("HEAVY ")]
    assert heavy, done.stderr
    return done.returncode, heavy[0], "\n".join(line for line in lines if not line.startswith("HEAVY "))


def database(root: Path) -> list[Path]:
    return sorted((root / "cache").glob("scores-*"))


def test_recheck_is_served_from_cache_without_torch_and_reports_the_same_bytes(env: dict[str, str], tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    (tmp_path / "doc.txt").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    check = ("check", "doc.txt", "--format", "json", "--fail-on", "never", "--output")

    code, heavy, err = run(env, *check, "uncached.json", "--no-cache")
    assert code == 0 and "torch" in heavy, err
    assert database(tmp_path) == []  # --no-cache creates nothing
    code, heavy, err = run(env, *check, "cold.json")
    assert code == 0 and "torch" in heavy and "warning" not in err, err
    code, heavy, err = run(env, *check, "warm.json")
    assert code == 0 and heavy == [] and err == "", err

    cold = (tmp_path / "cold.json").read_bytes()
    assert (tmp_path / "warm.json").read_bytes() == cold == (tmp_path / "uncached.json").read_bytes()
    report = json.loads(cold)
    assert "not-loaded" not in report["signature"] and "model:path:" in report["signature"]
    assert any(f["suggestions"] for d in report["documents"] for s in d["segments"] for f in s["findings"])

    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0, info.output
    counts = {line.split(":")[0]: line for line in info.output.splitlines()}
    assert f"path: {tmp_path / 'cache' / 'scores-v1.sqlite3'}" in info.output
    scored = sum(1 for d in report["documents"] for s in d["segments"] if s["text"].strip())
    assert f" ({scored} segments, " in counts["entries"] and " 0 continuations" not in info.output
    assert f"model model:path:{Path(env['MTQA_MODEL']).name}:" in info.output

    stamps = [(p, p.stat().st_mtime_ns, p.read_bytes()) for p in database(tmp_path)]
    code, heavy, err = run(env, *check, "again.json", "--no-cache")
    assert code == 0 and "torch" in heavy, err
    assert [(p, p.stat().st_mtime_ns, p.read_bytes()) for p in database(tmp_path)] == stamps


def test_commands_that_need_no_model_never_import_torch(env: dict[str, str]) -> None:
    for args in (["--help"], ["rules"], ["explain", "MT201"], ["cache", "info"], ["cache", "clear"], ["check", "--help"]):
        code, heavy, err = run(env, *args)
        assert code == 0 and heavy == [], (args, err)


def test_cache_info_and_clear(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["cache", "info"])
    assert result.exit_code == 0 and "not created yet" in result.output
    assert not (tmp_path / "cache").exists()  # info never creates the file
    (tmp_path / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", "doc.txt", "--no-reports", "--fail-on", "never", "--no-suggest"]).exit_code == 0
    # The one segment is also the document's language sample, so langdetect's answer is kept too.
    assert "entries: 2 (1 segments, 0 continuations, 1 language answers)" in runner.invoke(app, ["cache", "info"]).output
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0 and result.output.startswith("mtqa: cleared 2 cached score(s) from ")
    assert "entries: 0 (0 segments, 0 continuations)" in runner.invoke(app, ["cache", "info"]).output


def test_unreadable_cache_is_one_error_line_for_info_and_removed_by_clear(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    path = tmp_path / "cache" / "scores-v1.sqlite3"
    path.write_bytes(b"garbage, not sqlite" * 50)
    result = runner.invoke(app, ["cache", "info"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "can't be read" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0 and not path.exists()


def test_corrupt_cache_still_checks_with_one_warning(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "scores-v1.sqlite3").write_bytes(b"\x13" * 5000)
    (tmp_path / "doc.txt").write_text("The meeting lasted two hours.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "doc.txt", "--format", "json", "--fail-on", "never", "--no-suggest"])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("mtqa: warning:")]
    assert len(warnings) == 1 and "moved it to scores-v1.sqlite3.corrupt" in warnings[0]


def test_no_cache_flag_on_every_scoring_command() -> None:
    for command in ("check", "baseline", "fix"):
        result = runner.invoke(app, [command, "--help"])
        assert "--no-cache" in result.output, command


def test_cache_setting_from_file_environment_and_flag(tmp_path: Path) -> None:
    assert resolve({}, cwd=tmp_path, environ={}).config.cache is True
    (tmp_path / "mtqa.toml").write_text("cache = false\n", encoding="utf-8")
    assert resolve({}, cwd=tmp_path, environ={}).config.cache is False
    (tmp_path / "mtqa.toml").unlink()
    settings = resolve({}, cwd=tmp_path, environ={"MTQA_CACHE": "no"})
    assert settings.config.cache is False and str(settings.source("cache")) == "MTQA_CACHE"
    flagged = resolve({"cache": (False, "--no-cache")}, cwd=tmp_path, environ={"MTQA_CACHE": "yes"})
    assert flagged.config.cache is False and str(flagged.source("cache")) == "--no-cache"


def test_cache_sits_next_to_the_models(env: dict[str, str], tmp_path: Path) -> None:
    """One MTQA_CACHE_DIR moves (and one CI cache step keeps) converted models and scores."""
    assert REAL_DEFAULT_PATH() == tmp_path / "cache" / "scores-v1.sqlite3"
