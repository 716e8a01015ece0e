"""Glossaries: allowed terms are never flagged; source<TAB>target lines require the target term (MT110)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa.checks import CHECKS_BY_CODE, RawFinding
from mtqa.cli.app import app
from mtqa.config.model import Config
from mtqa.errors import InputError
from mtqa.lexicon.glossary import load_glossary, parse_glossary, term_pattern
from mtqa.pipeline.checking import drop_allowed as _drop_allowed
from mtqa.pipeline.engine import Engine
from mtqa.readers.text import segments_from_text
from mtqa.types import Severity

runner = CliRunner()


@pytest.fixture()
def env(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("MTQA_DTYPE", "fp32")
    monkeypatch.delenv("MTQA_GLOSSARY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(*args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["check", *args, "--format", "json", "--isolated"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return result.exit_code, [f for d in report["documents"] for s in d["segments"] for f in s["findings"]]


# ---- allowed terms -----------------------------------------------------------------------------


def test_plain_term_suppresses_a_non_word(env: Path) -> None:
    write(env / "doc.txt", "The lawyers chose Litiger for the case.\n")
    args = ["doc.txt", "--lang", "en", "--select", "MT301", "--fail-on", "never"]
    _, found = findings(*args)
    assert [f["text"] for f in found] == ["Litiger"]
    write(env / "terms.txt", "# product names\n\nlitiger\n")
    _, found = findings(*args, "--glossary", "terms.txt")
    assert found == []


def test_phrase_suppresses_findings_of_any_check_inside_it(env: Path) -> None:
    write(env / "doc.txt", "We flew to Bora Bora last spring.\n")
    args = ["doc.txt", "--lang", "en", "--select", "MT303", "--fail-on", "warning"]
    code, found = findings(*args)
    assert code == 1 and [f["text"] for f in found] == ["Bora"]
    write(env / "terms.txt", "bora  bora\n")
    code, found = findings(*args, "--glossary", "terms.txt")
    assert code == 0 and found == []


def test_glossary_from_config_is_relative_to_the_config_file(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(env / "mtqa.toml", 'glossary = "terms/allowed.txt"\nselect = ["MT303"]\nfail-on = "warning"\n')
    write(env / "terms" / "allowed.txt", "Bora Bora\n")
    write(env / "sub" / "doc.txt", "We flew to Bora Bora last spring.\n")
    monkeypatch.chdir(env / "sub")
    result = runner.invoke(app, ["check", "doc.txt", "--no-reports"])
    assert result.exit_code == 0, result.output


def test_drop_allowed_covers_lm_findings() -> None:
    glossary = parse_glossary("Bora Bora\n", "g.txt")
    text = "We flew to Bora Bora last spring."
    inside = RawFinding("MT401", Severity.WARNING, 16, 20, "suspect", 0.8)
    outside = RawFinding("MT401", Severity.WARNING, 21, 25, "suspect", 0.8)
    segment_level = RawFinding("MT402", Severity.WARNING, None, None, "low fluency", 0.8)
    assert _drop_allowed([inside, outside, segment_level], glossary, text) == [outside, segment_level]


# ---- required terms (MT110) --------------------------------------------------------------------


def test_required_term_missing_and_present(env: Path) -> None:
    write(env / "glossary.tsv", "# source\ttarget\nAnmelden\tLog in\n")
    write(env / "missing.jsonl", json.dumps({"src": "Klicken Sie auf Anmelden.", "mt": "Click Sign in."}) + "\n")
    write(env / "present.jsonl", json.dumps({"src": "Klicken Sie auf Anmelden.", "mt": "Click log  in."}) + "\n")
    args = ["--select", "MT110", "--glossary", "glossary.tsv", "--fail-on", "error"]
    code, found = findings("missing.jsonl", *args)
    assert code == 1
    (finding,) = found
    assert finding["code"] == "MT110" and finding["severity"] == "error"
    assert finding["start"] is None and "'Anmelden'" in finding["message"] and "'Log in'" in finding["message"]
    code, found = findings("present.jsonl", *args)
    assert code == 0 and found == []


def test_required_term_matches_whole_words_only(tiny_scorer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    terms = tmp_path / "g.tsv"
    terms.write_text("cat\tchat\ncat\tminou\n", encoding="utf-8")
    glossary_config = Config(lang="en", dtype="fp32", select=("MT110",), glossary=terms)
    engine = Engine(glossary_config, scorer=tiny_scorer)

    def codes(source: str, target: str) -> list[str]:
        document = segments_from_text("x.txt", target + "\n", source=source + "\n")
        report = engine.check([document])
        return [f.code for d in report.documents for s in d.segments for f in s.findings]

    assert codes("The cat sleeps.", "Le chien dort.") == ["MT110"]
    assert codes("The CAT sleeps.", "Le Chat dort.") == []
    assert codes("The cat sleeps.", "Le minou dort.") == []  # an alternative form
    assert codes("The category sleeps.", "Le chien dort.") == []  # not a whole word
    assert codes("The cat sleeps.", "Le chaton dort.") == ["MT110"]


def test_mt110_is_registered() -> None:
    check = CHECKS_BY_CODE["MT110"]
    assert check.name == "required-term-missing" and check.severity is Severity.ERROR
    assert "glossary" in check.explanation()


# ---- the file format ---------------------------------------------------------------------------


def test_parse_glossary() -> None:
    glossary = parse_glossary("# c\nFoo Bar\n\nLog in\nAnmelden\tLog in\nanmelden\tSign on\nSpeichern\tSave\n", "g")
    assert glossary.allowed == ("Foo Bar", "Log in", "Sign on", "Save")
    assert [(t.source, t.targets) for t in glossary.required] == [("Anmelden", ("Log in", "Sign on")), ("Speichern", ("Save",))]
    assert term_pattern("C++").search("use C++ here") and not term_pattern("log in").search("catalog input")
    assert term_pattern("log in").search("Log\nin now")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("ok\nA\tB\tC\n", "g.tsv: line 2: expected 'source<TAB>target', found 3 columns"),
        ("\tB\n", "g.tsv: line 1: empty source term"),
    ],
)
def test_malformed_glossary_names_file_and_line(tmp_path: Path, content: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_glossary(content, "g.tsv")
    assert str(caught.value) == expected


def test_glossary_errors_exit_2_with_one_line(env: Path) -> None:
    write(env / "doc.txt", "Fine.\n")
    write(env / "bad.tsv", "ok\nA\tB\tC\n")
    result = runner.invoke(app, ["check", "doc.txt", "--glossary", "bad.tsv", "--no-reports"])
    assert result.exit_code == 2
    assert result.output.strip() == "mtqa: error: bad.tsv: line 2: expected 'source<TAB>target', found 3 columns"
    result = runner.invoke(app, ["check", "doc.txt", "--glossary", "none.txt", "--no-reports"])
    assert result.exit_code == 2
    assert result.output.strip() == "mtqa: error: none.txt: no such glossary file"
    (env / "latin.txt").write_bytes("ok\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="line 2: glossary is not valid UTF-8"):
        load_glossary(env / "latin.txt")
