"""The real default model, end to end through the CLI, on the seed and on bench data.

Slow (the first run materializes the model), so marked ``real_model``; CI runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import BENCH, ROOT, SEED

from mtqa.formatters import FormatOptions, render
from mtqa.formatters.json_format import from_dict
from mtqa.schema import validate_report
from mtqa.types import FailOn, Severity

pytestmark = pytest.mark.real_model


def run_check(*args: str, cwd: Path = ROOT) -> tuple[int, dict]:
    command = [sys.executable, "-m", "mtqa", "check", *args, "--format", "json"]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1800)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    validate_report(report)
    return done.returncode, report


@pytest.fixture(scope="module")
def seed_report() -> dict:
    code, report = run_check(str(SEED.relative_to(ROOT)))
    assert code == 1  # the seed has errors, so the default gate fails
    return report


def findings_for(report: dict, word: str) -> list[dict]:
    return [f for d in report["documents"] for s in d["segments"] for f in s["findings"] if f["text"] == word]


@pytest.mark.parametrize(("word", "severity"), [("Poutine", "error"), ("Litiger", "warning"), ("chome", "error")])
def test_seed_errors_are_flagged(seed_report: dict, word: str, severity: str) -> None:
    """In the plain-text seed "Litiger" is a warning: without a source, a capitalised unknown
    word is a rare name about half the time (MT301 errors on such words had 0.19-0.68 precision
    on ro-, et- and ru-en dev, target-only). With the source (PO, XLIFF) it is an error."""
    found = findings_for(seed_report, word)
    assert found, f"{word} was not flagged"
    assert max((f["severity"] for f in found), key=["info", "warning", "error"].index) == severity


def test_seed_corrections(seed_report: dict) -> None:
    (poutine,) = [f for f in findings_for(seed_report, "Poutine") if f["suggestions"]]
    assert poutine["suggestions"][0]["text"] == "Putin"
    litiger = [f for f in findings_for(seed_report, "Litiger") if f["suggestions"]]
    assert litiger and litiger[0]["suggestions"][0]["text"].lower().startswith("litigat")


def test_seed_scores_everything(seed_report: dict) -> None:
    (document,) = seed_report["documents"]
    assert document["target_lang"] == "en"
    assert 0 <= document["fluency"] <= 100
    text = SEED.read_text(encoding="utf-8").splitlines()
    for segment in document["segments"]:
        assert 0 <= segment["fluency"] <= 100
        assert segment["words"], segment["text"]
        for word in segment["words"]:
            assert 0.0 <= word["p_bad"] <= 1.0
            assert segment["text"][word["start"] : word["end"]] == word["text"]
        for finding in segment["findings"]:
            if finding["start"] is not None:
                line = text[finding["line"] - 1]
                column = finding["column"] - 1
                assert line[column : column + len(finding["text"])] == finding["text"]
    assert "model:gemma3-270m@" in seed_report["signature"]


def test_seed_ci_formats(seed_report: dict) -> None:
    """The seed's SARIF and JUnit, rendered from its JSON report (formatters are pure functions of
    the report, so this reuses the fixture's model run instead of starting another)."""
    report = from_dict(seed_report)
    findings = [f for d in seed_report["documents"] for s in d["segments"] for f in s["findings"]]
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    sarif = json.loads(render(report, "sarif"))
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [r["partialFingerprints"]["mtqaFingerprint/v1"] for r in results] == [f["fingerprint"] for f in findings]
    fail_on = FailOn.ERROR  # the default the fixture ran with
    root = ET.fromstring(render(report, "junit", FormatOptions(fail_on=fail_on.value)))
    failing = [f for f in findings if fail_on.fails(Severity(f["severity"]))]
    assert failing, "the seed has errors"
    assert len(root.findall(".//failure")) == len(failing)
    assert len(root.findall("./testsuite/testcase")) == seed_report["summary"]["segments"]


def test_clean_english_has_no_errors() -> None:
    code, report = run_check("seeds/clean_en.txt")
    errors = [f for d in report["documents"] for s in d["segments"] for f in s["findings"] if f["severity"] == "error"]
    assert errors == []
    assert code == 0


def test_bilingual_jsonl_uses_the_source() -> None:
    _, report = run_check("seeds/bilingual_ro_en.jsonl")
    (document,) = report["documents"]
    assert document["source_lang"] == "ro"
    assert "Poutine" in {f["text"] for s in document["segments"] for f in s["findings"]}


@pytest.mark.skipif(not (BENCH / "ro-en.dev.jsonl").exists(), reason="needs ../shared/bench")
def test_bench_jsonl_words_are_whitespace_tokens(tmp_path: Path) -> None:
    lines = (BENCH / "ro-en.dev.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, report = run_check(str(sample), "--no-suggest", cwd=tmp_path)
    segments = report["documents"][0]["segments"]
    assert len(segments) == 40
    for line, segment in zip(lines, segments):
        record = json.loads(line)
        assert segment["text"] == record["mt"]
        assert [w["text"] for w in segment["words"]] == record["mt"].split()


STRUCTURED_SEEDS = {"po": ROOT / "seeds" / "seed_fr_en.po", "xliff": ROOT / "seeds" / "seed_fr_en.xlf"}


@pytest.fixture(scope="module")
def structured_seed_report() -> dict:
    """The seed's sentences as a PO catalog and an XLIFF 1.2 file, French source alongside; one run."""
    code, report = run_check(*(str(path.relative_to(ROOT)) for path in STRUCTURED_SEEDS.values()))
    assert code == 1
    return report


def target_lines(kind: str, lines: list[str]) -> set[int]:
    """1-based numbers of the lines that hold target text: msgstr (and its continuations) or <target>."""
    if kind == "xliff":
        return {n for n, line in enumerate(lines, start=1) if "<target>" in line}
    found: set[int] = set()
    inside = False
    for number, line in enumerate(lines, start=1):
        inside = line.startswith("msgstr") or (inside and line.startswith('"'))
        if inside:
            found.add(number)
    return found


@pytest.mark.parametrize("kind", sorted(STRUCTURED_SEEDS))
@pytest.mark.parametrize(
    "word",
    [
        "Poutine",  # the French source spells it the same: the model's "Putin" still flags it
        "Litiger",
        "chome",
    ],
)
def test_structured_seed_errors_point_into_the_target(structured_seed_report: dict, kind: str, word: str) -> None:
    path = STRUCTURED_SEEDS[kind]
    (document,) = [d for d in structured_seed_report["documents"] if d["path"] == str(path.relative_to(ROOT))]
    assert (document["target_lang"], document["source_lang"]) == ("en", "fr")
    found = [f for s in document["segments"] for f in s["findings"] if f["text"] == word]
    assert found, f"{word} was not flagged in {path.name}"
    assert any(f["severity"] == "error" for f in found)
    lines = path.read_text(encoding="utf-8").split("\n")
    for finding in found:
        assert finding["line"] in target_lines(kind, lines)
        line, column = lines[finding["line"] - 1], finding["column"] - 1
        assert line[column : column + len(word)] == word


def test_fix_on_the_po_seed_changes_only_the_flagged_words(tmp_path: Path) -> None:
    """``mtqa fix`` turns "Poutine" into "Putin" and leaves every other byte of the PO file alone."""
    import difflib
    import re

    import polib

    po = STRUCTURED_SEEDS["po"]
    fixed_path = tmp_path / "fixed.po"
    # The shipped default applies nothing: no confidence reached 80% precision on the bench's
    # post-edits (benchmarks/results/suggestion_confidence.json). "Putin" is calibrated at about 0.14.
    command = [
        sys.executable,
        "-m",
        "mtqa",
        "fix",
        str(po.relative_to(ROOT)),
        "--output",
        str(fixed_path),
        "--min-confidence",
        "0.05",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr
    before, after = po.read_text(encoding="utf-8"), fixed_path.read_text(encoding="utf-8")
    original, corrected = polib.pofile(str(po)), polib.pofile(str(fixed_path))
    assert any("Poutine" in e.msgstr for e in original)
    assert not any("Poutine" in e.msgstr for e in corrected) and any("Putin" in e.msgstr for e in corrected)
    # Every difference is one flagged word replaced by one suggestion; nothing else moved.
    old_tokens, new_tokens = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    opcodes = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    changes = [(tag, old_tokens[i1:i2], new_tokens[j1:j2]) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    assert changes and all(tag == "replace" and len(old) == len(new) == 1 for tag, old, new in changes), changes
    assert ("replace", ["Poutine"], ["Putin"]) in changes
    assert all(not old[0].isspace() and not new[0].isspace() for _, old, new in changes)
    assert "\n-" in done.stdout and "\n+" in done.stdout  # the unified diff
    assert original.metadata == corrected.metadata
    assert [(e.msgctxt, e.msgid, e.flags) for e in original] == [(e.msgctxt, e.msgid, e.flags) for e in corrected]
    assert po.read_text(encoding="utf-8") == before  # the input is never modified


@pytest.mark.parametrize("where", ["in-process", "child process"])
def test_builtin_tokenizer_fast_paths_equal_autotokenizer(where: str) -> None:
    """The scorer reads the built-in model's tokenizer.json directly (1.5 s faster than
    AutoTokenizer), in a child process when a run starts; ids and character offsets, special
    ids, token strings and decodes must be the same as AutoTokenizer's."""
    from transformers import AutoTokenizer

    from mtqa.lm.models import DEFAULT_MODEL
    from mtqa.lm.registry import resolve
    from mtqa.lm.tokenizer_process import TokenizerProcess
    from mtqa.lm.transformers_scorer import _load_tokenizer

    folder = resolve(DEFAULT_MODEL).load_from
    if where == "in-process":
        fast = _load_tokenizer(folder, local_only=True, builtin=True)
    else:
        fast = TokenizerProcess(Path(folder)).ready()
    reference = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    texts = [
        *SEED.read_text(encoding="utf-8").splitlines()[:8],
        "Poutine a dit que les journalistes ne sont pas autorisés.",
        "  Leading spaces, tabs\tand\nnewlines — “quotes”, 東京, Москва, 😀, <b>tags</b> {x:1} %1$s",
        "",
    ]
    for text in texts:
        ours = fast(text, add_special_tokens=False, return_offsets_mapping=True)
        theirs = reference(text, add_special_tokens=False, return_offsets_mapping=True)
        assert ours["input_ids"] == theirs["input_ids"], text
        assert ours["offset_mapping"] == theirs["offset_mapping"], text
    for name in ("bos_token_id", "eos_token_id", "pad_token_id"):
        assert getattr(fast, name) == getattr(reference, name), name
    sample = list(range(0, 262_000, 997))
    assert fast.convert_ids_to_tokens(sample) == reference.convert_ids_to_tokens(sample)
    assert [fast.decode([i]) for i in sample] == [reference.decode([i]) for i in sample]
    assert fast.batch_decode([[i] for i in sample]) == reference.batch_decode([[i] for i in sample])
