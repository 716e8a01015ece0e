"""The pipeline on the tiny random model: contract, fingerprints, selection, API."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtqa
from mtqa.config.model import Config
from mtqa.config.selection import is_selected
from mtqa.formatters.json_format import to_dict
from mtqa.pipeline.engine import Engine
from mtqa.readers.text import segments_from_text
from mtqa.schema import validate_report
from mtqa.text.segment import whitespace_spans
from mtqa.types import Document, Segment, Severity


def run(engine: Engine, text: str, path: str = "doc.txt", **kwargs: str) -> mtqa.types.Report:  # type: ignore[name-defined]
    return engine.check([segments_from_text(path, text, **kwargs)])


@pytest.fixture()
def engine(tiny_scorer) -> Engine:  # type: ignore[no-untyped-def]
    return Engine(Config(lang="en", dtype="fp32"), scorer=tiny_scorer)


def test_report_follows_the_contract(engine: Engine) -> None:
    report = run(engine, "The meeting lasted two hours. Everyone agreed.\n\nThe the end.\n")
    data = to_dict(report)
    validate_report(data)
    assert report.summary.segments == 3
    for document in report.documents:
        for segment in document.segments:
            assert len(segment.words) > 0
            for word in segment.words:
                assert segment.text[word.start : word.end] == word.text
                assert 0.0 <= word.p_bad <= 1.0
    repeated = [f for d in report.documents for s in d.segments for f in s.findings if f.code == "MT303"]
    assert len(repeated) == 1 and repeated[0].line == 3 and repeated[0].column == 5
    assert len(repeated[0].fingerprint) == 16


def test_fingerprints_survive_unrelated_moves(engine: Engine) -> None:
    before = run(engine, "The the cat sat.\n")
    after = run(engine, "A new first line was added.\n\nAnother one.\n\nThe the cat sat.\n")

    def prints(report: mtqa.types.Report) -> set[str]:  # type: ignore[name-defined]
        return {f.fingerprint for d in report.documents for s in d.segments for f in s.findings if f.code == "MT303"}

    assert prints(before) and prints(before) == prints(after)
    moved = run(engine, "The the cat sat.\n", path="other.txt")
    assert prints(moved).isdisjoint(prints(before))


def test_tagged_segments_keep_whitespace_words(engine: Engine) -> None:
    mt = 'Trump , a Republican , said " hello " .'
    segment = Segment(
        "x.jsonl", 0, mt, 1, 1, source="Trump, un republican, a spus", exact_positions=False, word_spans=whitespace_spans(mt)
    )
    report = engine.check([Document("x.jsonl", (segment,))])
    (result,) = report.documents[0].segments
    assert [w.text for w in result.words] == mt.split()


def test_source_gives_a_conditioned_pass(engine: Engine) -> None:
    document = segments_from_text("doc.txt", "The cat sat.\n", source="Pisica a stat.\n")
    (analysis,) = engine.analyse([document])
    assert analysis.scores is not None and analysis.scores.conditioned is not None
    assert "cond_surprisal" in analysis.features.names  # type: ignore[union-attr]


def test_reference_gives_sacrebleu_metrics(engine: Engine) -> None:
    report = run(engine, "The cat sat on the mat.\n", reference="The cat sat on a mat.\n")
    document = report.documents[0]
    for name in ("BLEU", "chrF", "TER"):
        metric = document.metrics[name]
        assert metric is not None and metric.signature.startswith("nrefs:1")
    assert document.segments[0].metrics["chrF"] is not None


def test_empty_segment_is_a_finding_not_an_error(engine: Engine) -> None:
    segment = Segment("x.jsonl", 0, "", 1, 1, source="Bună ziua", exact_positions=False, word_spans=())
    report = engine.check([Document("x.jsonl", (segment,))])
    codes = {f.code: f.severity for s in report.documents[0].segments for f in s.findings}
    assert codes.get("MT001") is Severity.ERROR


def test_severity_override_and_ignore(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    config = Config(lang="en", severity={"MT303": Severity.ERROR}, ignore=("MT4",))
    report = Engine(config, scorer=tiny_scorer).check([segments_from_text("d.txt", "The the cat.\n")])
    findings = [f for d in report.documents for s in d.segments for f in s.findings]
    assert {f.code for f in findings} == {"MT303"}
    assert findings[0].severity is Severity.ERROR
    assert not report.summary.passed


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("MT401", (), (), True),
        ("MT401", (), ("MT4",), False),
        ("MT401", ("MT401",), ("MT4",), True),
        ("MT402", ("MT401",), ("MT4",), False),
        ("MT201", ("MT3",), (), False),
    ],
)
def test_selection_longest_prefix_wins(code: str, select: tuple, ignore: tuple, expected: bool) -> None:  # type: ignore[type-arg]
    assert is_selected(code, select, ignore) is expected


def test_python_api_with_a_local_model(tiny_model_dir: Path) -> None:
    report = mtqa.check_text("The cat sat. The dog ran.", lang="en", model=str(tiny_model_dir))
    assert report.summary.segments == 2
    assert report.documents[0].target_lang == "en"


def test_chinese_source_needs_no_optional_tokenizer(tiny_scorer) -> None:  # type: ignore[no-untyped-def]
    # wordfreq looks Chinese up only with jieba installed; mtqa must not depend on it.
    segment = Segment(
        "x.jsonl",
        0,
        "Poutine met the press .",
        1,
        1,
        source="普京会见了记者。",
        exact_positions=False,
        word_spans=whitespace_spans("Poutine met the press ."),
    )
    report = Engine(Config(lang="en", source_lang="zh"), scorer=tiny_scorer).check([Document("x.jsonl", (segment,))])
    assert report.documents[0].source_lang == "zh"


def test_nothing_to_score_never_loads_the_model() -> None:
    def refuse(config: Config):  # type: ignore[no-untyped-def]
        raise AssertionError("the model was loaded")

    segment = Segment("x.jsonl", 0, "   ", 1, 1, exact_positions=False, word_spans=())
    report = Engine(Config(lang="en"), scorer_factory=refuse).check([Document("x.jsonl", (segment,))])
    assert "not-loaded" in report.signature
    assert report.documents[0].segments[0].findings[0].code == "MT001"


def test_blocks_give_the_same_report_as_one_pass(tiny_scorer, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A run is checked a block at a time to bound memory; where the blocks fall must not show.

    The repeated "The the cat sat." lines fall in different blocks of two, and still get one
    fingerprint per occurrence; both files and their blank line cross block edges.
    """
    first = "The the cat sat.\n\nA dog ran home fast.\n\n\n\nThe the cat sat.\n\nSome birds sing loudly.\n\nThe the cat sat.\n"
    second = "Rain fell all day.\n\nThe the cat sat.\n\nWe stayed inside and read.\n"
    documents = [
        segments_from_text("a.txt", first, source="Pisica a stat.\n" * first.count("\n")),
        segments_from_text("b.txt", second),
    ]

    def checked(block: int) -> tuple[dict, list[tuple[int, int]]]:  # type: ignore[type-arg]
        monkeypatch.setattr("mtqa.pipeline.engine.CHECK_BLOCK", block)
        calls: list[tuple[int, int]] = []
        engine = Engine(
            Config(lang="en", dtype="fp32", min_segment_fluency=101.0),
            scorer=tiny_scorer,
            progress=lambda d, t: calls.append((d, t)),
        )
        data = to_dict(engine.check(documents))
        return data, calls

    whole, whole_calls = checked(1024)
    blocked, blocked_calls = checked(2)
    assert blocked == whole
    repeats = [f["fingerprint"] for f in _findings(whole) if f["code"] == "MT303"]
    assert len(repeats) == 4 and len(set(repeats)) == 4
    assert any(f["suggestions"] for f in _findings(whole))
    total = sum(1 for d in whole["documents"] for s in d["segments"] if s["text"].strip())
    assert whole_calls[-1] == blocked_calls[-1] == (total, total)
    assert [done for done, _ in blocked_calls] == sorted(done for done, _ in blocked_calls)
    assert len(blocked_calls) > len(whole_calls)


def _findings(data: dict) -> list[dict]:  # type: ignore[type-arg]
    return [f for d in data["documents"] for s in d["segments"] for f in s["findings"]]
