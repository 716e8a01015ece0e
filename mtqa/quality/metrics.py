"""Reference-based metrics from sacrebleu, each with its signature so a score can be reproduced."""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.types import Metric

METRIC_NAMES = ("BLEU", "chrF", "TER")


def _metric(name: str):  # type: ignore[no-untyped-def]
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "BLEU":
        return BLEU(effective_order=True)
    if name == "chrF":
        return CHRF()
    return TER()


def corpus_metrics(hypotheses: Sequence[str], references: Sequence[str | None]) -> dict[str, Metric | None]:
    """BLEU, chrF and TER over the segments that have a reference; all None when none do."""
    pairs = [(h, r) for h, r in zip(hypotheses, references) if r is not None]
    if not pairs:
        return {name: None for name in METRIC_NAMES}
    hyps = [h for h, _ in pairs]
    refs = [[r for _, r in pairs]]
    out: dict[str, Metric | None] = {}
    for name in METRIC_NAMES:
        metric = _metric(name)
        score = metric.corpus_score(hyps, refs)
        out[name] = Metric(round(float(score.score), 4), str(metric.get_signature()))
    return out


def segment_chrf(hypothesis: str, reference: str | None) -> dict[str, Metric | None]:
    if reference is None:
        return {"chrF": None}
    metric = _metric("chrF")
    score = metric.sentence_score(hypothesis, [reference])
    return {"chrF": Metric(round(float(score.score), 4), str(metric.get_signature()))}


def sacrebleu_version() -> str:
    import sacrebleu

    return str(sacrebleu.__version__)
