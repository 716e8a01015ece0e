"""Config files, layering and provenance, per-file ignores and severity overrides, via the CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.config.files import discover, load
from mtqa.config.layering import Discovery, Origin, resolve
from mtqa.config.model import Config
from mtqa.config.selection import PerFileIgnore, ignored_for
from mtqa.errors import UsageError
from mtqa.types import FailOn, Severity

runner = CliRunner()
REPEATED = "The the meeting lasted two hours.\n"
CLEAN = "The meeting lasted two hours.\n"


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    for name in ("MTQA_FAIL_ON", "MTQA_SELECT", "MTQA_IGNORE", "MTQA_FORMAT", "MTQA_OUTPUT_DIR", "MTQA_BASELINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_lines(*args: str) -> dict[str, str]:
    """``mtqa config`` output as key → 'value  # source'."""
    result = runner.invoke(app, ["config", *args])
    assert result.exit_code == 0, result.output
    lines = {}
    for line in result.stdout.splitlines():
        if " = " in line and not line.startswith("#"):
            key, rest = line.split(" = ", 1)
            lines[key] = rest
    lines["#file"] = result.stdout.splitlines()[0]
    return lines


def one_error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


# ---- gate with a config file -------------------------------------------------------------------


def test_config_file_sets_the_gate(env: Path) -> None:
    write(env / "mtqa.toml", 'select = ["MT303"]\nfail-on = "warning"\n')
    write(env / "clean.txt", CLEAN)
    write(env / "bad.txt", REPEATED)
    assert runner.invoke(app, ["check", "clean.txt", "--no-reports"]).exit_code == 0
    result = runner.invoke(app, ["check", "bad.txt", "--no-reports"])
    assert result.exit_code == 1 and "MT303" in result.stdout
    # A flag beats the file.
    assert runner.invoke(app, ["check", "bad.txt", "--no-reports", "--fail-on", "error"]).exit_code == 0


def test_severity_override_makes_an_error(env: Path) -> None:
    write(env / "bad.txt", REPEATED)
    args = ["check", "bad.txt", "--no-reports", "--select", "MT303", "--fail-on", "error"]
    assert runner.invoke(app, args).exit_code == 0  # MT303 is a warning by default
    write(env / "mtqa.toml", '[severity]\nMT303 = "error"\n')
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "MT303 error" in result.stdout


def test_format_and_output_dir_from_config(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(env / "mtqa.toml", 'format = ["json", "html"]\noutput-dir = "out"\nfail-on = "never"\n')
    write(env / "sub" / "doc.txt", CLEAN)
    monkeypatch.chdir(env / "sub")
    result = runner.invoke(app, ["check", "doc.txt"])
    # output-dir is relative to the config file's folder, not to the working directory.
    assert result.exit_code == 0, result.output
    assert (env / "out" / "mtqa-report.json").exists() and (env / "out" / "mtqa-report.html").exists()
    assert not (env / "sub" / "out").exists()


# ---- errors are one line naming the file -------------------------------------------------------


def test_unknown_key_names_key_and_file(env: Path) -> None:
    write(env / "pyproject.toml", '[project]\nname = "x"\n\n[tool.mtqa]\nselct = ["MT3"]\n')
    write(env / "doc.txt", CLEAN)
    result = runner.invoke(app, ["check", "doc.txt"])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert line == "mtqa: error: pyproject.toml: unknown key 'selct' in [tool.mtqa] (did you mean 'select'?)"


def test_snake_case_key_gets_a_kebab_hint(env: Path) -> None:
    write(env / "mtqa.toml", "min_fluency = 50\n")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2
    assert "mtqa.toml: unknown key 'min_fluency'" in result.output and "'min-fluency'" in one_error_line(result.output)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("fail-on = 3\n", "mtqa.toml: fail-on: expected one of error, warning, info, never, found 3"),
        ('fail-on = "sometimes"\n', "fail-on: expected one of"),
        ('select = "MT3"\n', "mtqa.toml: select: expected a list of code prefixes, found a string"),
        ('select = ["MT9"]\n', "mtqa.toml: select: unknown code prefix 'MT9'"),
        ("min-fluency = true\n", "min-fluency: expected a number, found a boolean"),
        ("max-bytes = 0\n", "max-bytes: expected a positive integer"),
        ("suggest = 1\n", "suggest: expected true or false, found an integer"),
        ('[severity]\nMT999 = "error"\n', "severity: unknown check code 'MT999'"),
        ('[severity]\nMT303 = "fatal"\n', "severity: MT303: expected one of info, warning, error"),
        ('[per-file-ignores]\n"docs/*" = "MT3"\n', "per-file-ignores: 'docs/*': expected a list of code prefixes"),
        ('format = "pdf"\n', "format: unknown format 'pdf'"),
        ("select = [\n", "mtqa.toml: invalid TOML:"),
        ('[tool.mtqa]\nselect = ["MT3"]\n', "mtqa.toml: unknown key 'tool' (in mtqa.toml the settings are top-level"),
    ],
)
def test_invalid_values_exit_2_naming_file_and_key(env: Path, content: str, expected: str) -> None:
    write(env / "mtqa.toml", content)
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2
    assert expected in one_error_line(result.output)


def test_bad_flag_and_environment_values_are_usage_errors(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["config", "--select", "MT9"])
    assert result.exit_code == 2 and "--select: unknown code prefix 'MT9'" in one_error_line(result.output)
    result = runner.invoke(app, ["config", "--dtype", "fp64"])
    assert result.exit_code == 2 and "--dtype must be one of auto, fp32, bf16" in one_error_line(result.output)
    monkeypatch.setenv("MTQA_FAIL_ON", "sometimes")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2 and "MTQA_FAIL_ON='sometimes'" in one_error_line(result.output)


def test_explicit_config_missing_or_without_table(env: Path) -> None:
    result = runner.invoke(app, ["config", "--config", "nope.toml"])
    assert result.exit_code == 2 and "nope.toml: no such config file" in one_error_line(result.output)
    write(env / "other" / "pyproject.toml", '[project]\nname = "x"\n')
    result = runner.invoke(app, ["config", "--config", "other/pyproject.toml"])
    assert result.exit_code == 2 and "other/pyproject.toml: no [tool.mtqa] table" in one_error_line(result.output)
    result = runner.invoke(app, ["config", "--config", "x.toml", "--isolated"])
    assert result.exit_code == 2


# ---- discovery ---------------------------------------------------------------------------------


def test_discovery_walks_up_from_a_subdirectory(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(env / "mtqa.toml", 'fail-on = "info"\n')
    deep = env / "a" / "b"
    deep.mkdir(parents=True)
    # A pyproject without [tool.mtqa] on the way up is skipped.
    write(env / "a" / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(deep)
    lines = config_lines()
    assert lines["#file"] == "# config file: ../../mtqa.toml (found)"
    assert lines["fail-on"] == '"info"  # ../../mtqa.toml'


def test_nearest_folder_wins_and_name_order_within_a_folder(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(env / "mtqa.toml", 'fail-on = "info"\n')
    write(env / "a" / "pyproject.toml", '[tool.mtqa]\nfail-on = "warning"\n')
    write(env / "a" / ".mtqa.toml", 'fail-on = "never"\n')
    monkeypatch.chdir(env / "a")
    assert config_lines()["fail-on"] == '"never"  # .mtqa.toml'
    write(env / "a" / "mtqa.toml", 'fail-on = "error"\n')
    assert config_lines()["fail-on"] == '"error"  # mtqa.toml'
    (env / "a" / "mtqa.toml").unlink()
    (env / "a" / ".mtqa.toml").unlink()
    assert config_lines()["fail-on"] == '"warning"  # pyproject.toml'


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "mtqa.toml", 'fail-on = "info"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    assert discover(repo / "docs") is None
    write(repo / "mtqa.toml", "")
    assert discover(repo / "docs") == (repo / "mtqa.toml").resolve()
    (tmp_path / "elsewhere").mkdir()
    assert discover(tmp_path / "elsewhere") == (tmp_path / "mtqa.toml").resolve()


def test_isolated_and_explicit_config(env: Path) -> None:
    write(env / "mtqa.toml", 'fail-on = "info"\n')
    write(env / "ci" / "strict.toml", 'fail-on = "warning"\n')
    lines = config_lines("--isolated")
    assert lines["#file"] == "# config file: ignored (--isolated)"
    assert lines["fail-on"] == '"error"  # default'
    lines = config_lines("--config", "ci/strict.toml")
    assert lines["#file"] == "# config file: ci/strict.toml (given with --config)"
    assert lines["fail-on"] == '"warning"  # ci/strict.toml'


# ---- precedence and provenance -----------------------------------------------------------------


def test_precedence_file_then_environment_then_flag(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(env / "pyproject.toml", '[tool.mtqa]\nfail-on = "warning"\nselect = ["MT3"]\nmin-fluency = 40\n')
    lines = config_lines()
    assert lines["fail-on"] == '"warning"  # pyproject.toml'
    assert lines["select"] == '["MT3"]  # pyproject.toml'
    assert lines["min-fluency"] == "40.0  # pyproject.toml"
    assert lines["dtype"] == '"fp32"  # MTQA_DTYPE'
    assert lines["suggest"] == "true  # default"
    monkeypatch.setenv("MTQA_FAIL_ON", "info")
    monkeypatch.setenv("MTQA_SELECT", "MT2,MT303")
    lines = config_lines()
    assert lines["fail-on"] == '"info"  # MTQA_FAIL_ON'
    assert lines["select"] == '["MT2", "MT303"]  # MTQA_SELECT'
    lines = config_lines("--fail-on", "never", "--select", "MT1", "--no-suggest")
    assert lines["fail-on"] == '"never"  # --fail-on'
    assert lines["select"] == '["MT1"]  # --select'
    assert lines["suggest"] == "false  # --no-suggest"
    assert lines["min-fluency"] == "40.0  # pyproject.toml"


def test_resolve_keeps_provenance_and_types(tmp_path: Path) -> None:
    write(
        tmp_path / "mtqa.toml",
        'glossary = "terms/glossary.txt"\nbaseline = ".mtqa-baseline.json"\n'
        '[per-file-ignores]\n"docs/*" = ["MT3"]\n[severity]\nMT301 = "warning"\n',
    )
    settings = resolve({"fail_on": (FailOn.INFO, "--fail-on"), "lang": (None, "--lang")}, cwd=tmp_path, environ={})
    config = settings.config
    assert settings.discovery is Discovery.FOUND and settings.file == (tmp_path / "mtqa.toml").resolve()
    assert config.glossary == tmp_path.resolve() / "terms" / "glossary.txt"
    assert config.baseline == tmp_path.resolve() / ".mtqa-baseline.json"
    assert config.per_file_ignores == (PerFileIgnore("docs/*", ("MT3",), tmp_path.resolve()),)
    assert config.severity == {"MT301": Severity.WARNING}
    assert config.fail_on is FailOn.INFO and settings.source("fail_on").origin is Origin.FLAG
    assert settings.source("glossary").origin is Origin.FILE
    assert settings.source("lang").origin is Origin.DEFAULT and config.lang is None


def test_load_reads_only_the_mtqa_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.ruff]\nline-length = 1\n[tool.mtqa]\nlang = "en"\n')
    assert dict(load(path).values) == {"lang": "en"}
    with pytest.raises(UsageError, match="lang: expected a string"):
        load(write(tmp_path / "mtqa.toml", "lang = 1\n"))


# ---- selection ---------------------------------------------------------------------------------


def test_per_file_ignores(env: Path) -> None:
    write(
        env / "mtqa.toml",
        'select = ["MT303"]\nfail-on = "warning"\n[per-file-ignores]\n"docs/*" = ["MT303"]\n"*.md" = ["MT3"]\n',
    )
    write(env / "docs" / "deep" / "a.txt", REPEATED)
    write(env / "b.txt", REPEATED)
    write(env / "c.md", REPEATED)
    result = runner.invoke(app, ["check", "docs", "b.txt", "c.md", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    flagged = {doc["path"] for doc in report["documents"] for seg in doc["segments"] if seg["findings"]}
    assert flagged == {"b.txt"}
    assert len(report["documents"]) == 3


def test_per_file_ignore_matching() -> None:
    root = Path("/project")
    rule = PerFileIgnore("docs/*.txt", ("MT3",), root)
    assert rule.matches("/project/docs/a.txt") and rule.matches("/project/docs/x/a.txt")
    assert not rule.matches("/project/other/docs/a.txt") and not rule.matches("/elsewhere/docs/a.txt")
    by_name = PerFileIgnore("*.po", ("MT2",), root)
    assert by_name.matches("/anywhere/at/all/x.po") and not by_name.matches("/project/x.pot")
    assert ignored_for("/project/docs/a.txt", [rule, by_name]) == ("MT3",)


def test_per_file_ignores_beat_select_whatever_the_prefix_length(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mtqa.pipeline.engine import Engine
    from mtqa.readers.text import segments_from_text

    ignore_docs = (PerFileIgnore("docs/*", ("MT3",), tmp_path),)
    text = "The the cat sat (on the mat.\n"

    def codes(config: Config, path: Path) -> set[str]:
        report = Engine(config, scorer=tiny_scorer).check([segments_from_text(str(path), text)])
        return {f.code for d in report.documents for s in d.segments for f in s.findings}

    config = Config(lang="en", dtype="fp32", select=("MT303",), extend_select=("MT304",), per_file_ignores=ignore_docs)
    assert codes(config, tmp_path / "b.txt") == {"MT303", "MT304"}
    assert codes(config, tmp_path / "docs" / "a.txt") == set()
    only_mt304 = replace(config, per_file_ignores=(PerFileIgnore("docs/*", ("MT304",), tmp_path),))
    assert codes(only_mt304, tmp_path / "docs" / "a.txt") == {"MT303"}


def test_extend_select_flag_adds_to_the_file_selection(env: Path) -> None:
    write(env / "mtqa.toml", 'select = ["MT304"]\nfail-on = "warning"\n')
    write(env / "doc.txt", REPEATED)
    assert runner.invoke(app, ["check", "doc.txt", "--no-reports"]).exit_code == 0
    result = runner.invoke(app, ["check", "doc.txt", "--no-reports", "--extend-select", "MT303"])
    assert result.exit_code == 1 and "MT303" in result.stdout
