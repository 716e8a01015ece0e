"""A small, realistic Report built by hand, so formatter tests need no model and no engine.

It covers what formatters must get right: two documents (one bilingual with a reference and
metrics), findings of every severity, a segment-level finding, suggestions, p_bad shading,
non-ASCII text, and hostile text that must come out escaped. Floats are already rounded the way
the JSON contract rounds them, so ``from_dict(to_dict(r)) == r`` holds exactly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from mtqa.types import (
    DocumentResult,
    Finding,
    Metric,
    Report,
    SegmentResult,
    Severity,
    Suggestion,
    Summary,
    Word,
)

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

SACREBLEU = "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3"
CHRF = "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3"
TER = "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.4.3"

# A finding as (code, severity, flagged text or None for segment-level, message, confidence,
# suggestions as (text, confidence)).
FindingSpec = tuple[str, Severity, str | None, str, float, tuple[tuple[str, float], ...]]


def _fingerprint(path: str, code: str, text: str, index: int) -> str:
    return hashlib.sha256(f"{code}\0{path}\0{text}\0{index}".encode()).hexdigest()[:16]


def _words(text: str, p_bad: Mapping[str, float]) -> tuple[Word, ...]:
    words = []
    for i, m in enumerate(_WORD.finditer(text)):
        default = round(0.01 + (i * 7 % 5) * 0.012, 4)
        bad = p_bad.get(m.group(), default)
        # P(wrong) follows P(BAD) except on "Poutine", where a rule finding lifts it (issue 16, item 4).
        words.append(Word(m.start(), m.end(), m.group(), bad, 0.9021 if m.group() == "Poutine" else bad))
    return tuple(words)


def _segment(
    path: str,
    seg_id: str,
    line: int,
    text: str,
    fluency: float,
    findings: Sequence[FindingSpec] = (),
    p_bad: Mapping[str, float] | None = None,
    source: str | None = None,
    reference: str | None = None,
    metrics: Mapping[str, Metric | None] | None = None,
) -> SegmentResult:
    built = []
    for index, (code, severity, flagged, message, confidence, suggestions) in enumerate(findings):
        if flagged is None:
            start = end = None
            column = 1
        else:
            start = text.index(flagged)
            end = start + len(flagged)
            column = 1 + start
        built.append(
            Finding(
                code=code,
                severity=severity,
                start=start,
                end=end,
                line=line,
                column=column,
                text=flagged or "",
                message=message,
                confidence=confidence,
                suggestions=tuple(Suggestion(t, c) for t, c in suggestions),
                fingerprint=_fingerprint(path, code, flagged or "", index),
            )
        )
    return SegmentResult(
        id=seg_id,
        line=line,
        column=1,
        text=text,
        source=source,
        reference=reference,
        fluency=fluency,
        metrics=dict(metrics or {}),
        words=_words(text, p_bad or {}),
        findings=tuple(built),
    )


def _document_fluency(segments: Sequence[SegmentResult]) -> float | None:
    words = sum(len(s.words) for s in segments)
    if not words:
        return None
    return round(sum(s.fluency * len(s.words) for s in segments) / words, 1)


def _seed_document() -> DocumentResult:
    path = "seeds/000_putin.txt"
    segments = (
        _segment(
            path,
            "000_putin:1",
            1,
            "In a longer-than-expected meeting, Vladimir Poutine discussed the café prices in Zürich.",
            63.0,
            findings=[
                (
                    "MT201",
                    Severity.ERROR,
                    "Poutine",
                    "'Poutine' is French; the English name is 'Putin'",
                    0.97,
                    (("Putin", 0.91), ("Poutin", 0.12)),
                ),
            ],
            p_bad={"Poutine": 0.8123, "longer-than-expected": 0.2},
        ),
        _segment(
            path,
            "000_putin:2",
            2,
            "The parties will Litiger the the case before the court.",
            41.5,
            findings=[
                (
                    "MT301",
                    Severity.WARNING,
                    "Litiger",
                    "'Litiger' is not an English word",
                    0.88,
                    (("litigate", 0.74), ("litigating", 0.31), ("lift", 0.05)),
                ),
                ("MT302", Severity.INFO, "the the", "repeated word 'the'", 0.99, (("the", 0.99),)),
                ("MT402", Severity.WARNING, None, "sentence fluency 41.5 is below 50", 0.7, ()),
            ],
            p_bad={"Litiger": 0.9312, "the": 0.15},
        ),
        _segment(
            path,
            "000_putin:3",
            4,
            f"He typed {XSS_SCRIPT} into the {XSS_ATTR} field.",
            55.2,
            findings=[
                (
                    "MT301",
                    Severity.WARNING,
                    "onerror",
                    "'onerror' <b>is not</b> a word & looks like code",
                    0.6,
                    ((f"on error{XSS_SCRIPT}", 0.4),),
                ),
                ("MT103", Severity.INFO, "<script>", 'markup tag "<script>" is not in the source', 0.5, ()),
            ],
            p_bad={"onerror": 0.677, "alert": 0.4},
        ),
    )
    return DocumentResult(
        path=path,
        source_path=None,
        reference_path=None,
        target_lang="en",
        source_lang=None,
        fluency=_document_fluency(segments),
        metrics={"BLEU": None, "chrF": None, "TER": None},
        segments=segments,
    )


def _bilingual_document() -> DocumentResult:
    path = "data/news.en.txt"
    segments = (
        _segment(
            path,
            "news:1",
            1,
            "The company reported 15 million euros in profit.",
            82.3,
            findings=[
                ("MT101", Severity.ERROR, "15", "number '15' does not match '50' in the source", 0.95, (("50", 0.93),)),
            ],
            source="L'entreprise a déclaré 50 millions d'euros de bénéfices.",
            reference="The company reported a profit of 50 million euros.",
            metrics={"chrF": Metric(48.12, CHRF)},
            p_bad={"15": 0.4521},
        ),
        _segment(
            path,
            "news:2",
            2,
            "Shares rose sharply after the announcement.",
            90.0,
            source="Les actions ont fortement progressé après l'annonce.",
            reference="Shares rose sharply after the announcement.",
            metrics={"chrF": Metric(100.0, CHRF)},
        ),
        _segment(
            path,
            "news:3",
            3,
            "Analysts expect it continue.",
            58.8,
            findings=[
                ("MT501", Severity.INFO, None, "chrF 21.40 is below 30", 1.0, ()),
            ],
            source="Les analystes s'attendent à ce que cela continue.",
            reference="Analysts expect this to continue.",
            metrics={"chrF": Metric(21.4, CHRF)},
            p_bad={"continue": 0.3333},
        ),
    )
    return DocumentResult(
        path=path,
        source_path="data/news.fr.txt",
        reference_path="data/news.ref.en.txt",
        target_lang="en",
        source_lang="fr",
        fluency=_document_fluency(segments),
        metrics={"BLEU": Metric(31.26, SACREBLEU), "chrF": Metric(58.4, CHRF), "TER": Metric(52.13, TER)},
        segments=segments,
    )


def make_report(
    *,
    passed: bool = False,
    suppressed: int = 0,
    notes: tuple[str, ...] = ("skipped reports/old.html: generated report",),
) -> Report:
    """The standard test report; ``passed``/``suppressed``/``notes`` vary the gate outcome."""
    documents = (_seed_document(), _bilingual_document())
    counts = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for doc in documents:
        for seg in doc.segments:
            for f in seg.findings:
                counts[f.severity.value] += 1
    segments = [s for d in documents for s in d.segments]
    words = sum(len(s.words) for s in segments)
    fluency = round(sum(s.fluency * len(s.words) for s in segments) / words, 1)
    return Report(
        mtqa_version="0.1.0",
        signature="mtqa:0.1.0|model:gemma3-270m@1.0.0:0123456789ab|dtype:bf16|prompt:v1|head:qe@1|sacrebleu:2.4.3",
        summary=Summary(
            documents=len(documents),
            segments=len(segments),
            words=words,
            findings=counts,
            fluency=fluency,
            passed=passed,
            suppressed=suppressed,
        ),
        documents=documents,
        notes=notes,
    )
