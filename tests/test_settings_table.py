"""The settings table is the only declaration of a setting: every Config field has a row, every
row a flag, a variable and a file key, and all of them go through the row's one validator."""

from __future__ import annotations

import dataclasses
import re

import pytest
from typer.testing import CliRunner

from mtqa.cli.app import app
from mtqa.cli.options import AnalysisFlags, GateFlags
from mtqa.config.keys import KEYS, KEYS_BY_FIELD, Invalid, Kind, environment_values
from mtqa.config.layering import resolve
from mtqa.config.model import Config
from mtqa.errors import UsageError

runner = CliRunner()


def test_every_config_field_has_a_row() -> None:
    missing = [f.name for f in dataclasses.fields(Config) if f.name not in KEYS_BY_FIELD]
    assert missing == []


def test_every_row_names_a_config_field_and_is_unique() -> None:
    fields = {f.name for f in dataclasses.fields(Config)}
    assert all(key.field in fields for key in KEYS)
    assert len({key.name for key in KEYS}) == len(KEYS) == len({key.option for key in KEYS})


def test_every_row_has_a_flag_in_its_group() -> None:
    in_groups = {f.name for f in dataclasses.fields(AnalysisFlags)} | {f.name for f in dataclasses.fields(GateFlags)}
    assert [key.field for key in KEYS if key.field not in in_groups] == []
    shown = runner.invoke(app, ["config", "--help"], env={"COLUMNS": "200"}).output
    assert [key.option for key in KEYS if key.option not in shown] == []


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.name)
def test_every_row_has_a_variable_that_parses(key, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    samples = {
        Kind.TEXT: "xliff" if key.field == "input_format" else "fr",
        Kind.CODES: "MT2, MT301",
        Kind.TERMS: "Bora Bora,Kiribati",
        Kind.NUMBER: "12.5",
        Kind.COUNT: "7",
        Kind.SIZE: "0",
        Kind.BOOLEAN: "no",
        Kind.CHOICE: key.choices[-1] if key.choices else "",
        Kind.PATH: "some/where",
        Kind.FORMATS: "json,html",
        Kind.SEVERITIES: "MT303=info",
        Kind.PER_FILE: "docs/*:MT3,MT4",
    }
    values = environment_values({key.env: samples[key.kind]})
    assert key.field in values and values[key.field][1] == key.env


def test_one_message_for_an_unknown_code_prefix_from_every_layer(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    problem = "unknown code prefix 'MT9' ('mtqa rules' lists the codes)"
    with pytest.raises(UsageError, match="^" + re.escape("--select: " + problem)):
        resolve({"select": ("MT9", "--select")}, isolated=True)
    with pytest.raises(UsageError, match="^" + re.escape("MTQA_IGNORE='MT9': " + problem)):
        resolve({}, isolated=True, environ={"MTQA_IGNORE": "MT9"})
    (tmp_path / "mtqa.toml").write_text('extend-select = ["MT9"]\n', encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape("mtqa.toml: extend-select: " + problem)):
        resolve({}, environ={})


def test_new_table_flags_reach_the_config(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    settings = resolve(
        {
            "severity": ("MT303=info", "--severity"),
            "per_file_ignores": ("docs/*:MT3", "--per-file-ignores"),
            "allowed_terms": ("Bora Bora", "--allowed-terms"),
            "max_words": (9, "--max-words"),
        },
        isolated=True,
        environ={},
    )
    config = settings.config
    assert config.severity["MT303"].value == "info"
    assert config.per_file_ignores[0].pattern == "docs/*" and config.per_file_ignores[0].codes == ("MT3",)
    assert config.allowed_terms == frozenset({"Bora Bora"}) and config.max_words == 9


def test_input_format_is_validated_in_the_python_api(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mtqa import check_files

    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    with pytest.raises(UsageError, match="input_format must be one of text, "):
        check_files([tmp_path / "a.txt"], config=Config(input_format="yaml", fast=True))


def test_a_flag_and_a_file_say_the_same_problem_their_own_way() -> None:
    key = KEYS_BY_FIELD["dtype"]
    with pytest.raises(Invalid) as caught:
        key.parse("fp16")
    assert caught.value.for_flag("--dtype") == "--dtype must be one of auto, fp32, bf16, not 'fp16'"
    assert caught.value.as_problem() == "expected one of auto, fp32, bf16, found 'fp16'"


def test_every_mtqa_variable_the_code_names_is_declared() -> None:
    """Settings are Key rows, process variables PROCESS_VARIABLES rows: nothing else is read."""
    from pathlib import Path

    from mtqa.storage.environment import PROCESS_VARIABLES

    declared = {key.env for key in KEYS} | {variable.name for variable in PROCESS_VARIABLES}
    source = Path(__file__).resolve().parents[1] / "mtqa"
    named = {m for path in source.rglob("*.py") for m in re.findall(r"\bMTQA_[A-Z_]+\b", path.read_text(encoding="utf-8"))}
    assert sorted(named - declared - {"MTQA_"}) == []
