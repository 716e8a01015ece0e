"""MT5xx: reference metrics past a configured threshold.

sacrebleu's scores are computed whenever a reference is given; these checks only turn a
team's thresholds into findings, so that they can be selected, baselined and gated like any
other. Document-level scores are reported once, on the document's first segment, because a
finding needs a place and the first line is where a reader starts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from mtqa.checks.base import Check, CheckContext, MetricThresholds, RawFinding
from mtqa.types import Metric, Severity

__all__ = ["HighDocumentTer", "LowDocumentBleu", "LowDocumentChrf", "LowSegmentChrf", "MetricThresholds"]


def _score(metrics: Mapping[str, Metric | None] | None, name: str) -> Metric | None:
    return metrics.get(name) if metrics else None


class LowSegmentChrf(Check):
    """Low segment chrF: the sentence's chrF against its reference is below --min-segment-chrf.

    Why: with a reference, chrF is the most reliable sentence-level string metric (it credits
    partial word matches, which BLEU does not); a very low score singles out the sentences a
    reviewer should read first.
    Example: ref "The company reported a profit of 50 million euros." → mt "Analysts expect it continue." (chrF 12).
    """

    code = "MT501"
    family = "reference-metric"
    precision = "high"
    name = "low-segment-chrf"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        threshold = ctx.thresholds.min_segment_chrf
        metric = _score(ctx.metrics, "chrF")
        if threshold is None or metric is None or metric.score >= threshold:
            return
        yield self.finding(None, None, f"chrF {metric.score:.1f} is below the minimum of {threshold:g}", 1.0)


class _DocumentMetric(Check):
    """A document score compared with a threshold; subclasses name the metric and direction."""

    metric: ClassVar[str]
    higher_is_better: ClassVar[bool] = True

    def threshold(self, ctx: CheckContext) -> float | None:
        raise NotImplementedError

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        threshold = self.threshold(ctx)
        metric = _score(ctx.document_metrics, self.metric)
        if threshold is None or metric is None:
            return
        failed = metric.score < threshold if self.higher_is_better else metric.score > threshold
        if not failed:
            return
        relation = "below the minimum" if self.higher_is_better else "above the maximum"
        message = f"document {self.metric} {metric.score:.1f} is {relation} of {threshold:g} ({metric.signature})"
        yield self.finding(None, None, message, 1.0)


class LowDocumentChrf(_DocumentMetric):
    """Low document chrF: the document's chrF against its reference is below --min-chrf.

    Why: a release gate on an MT system or a vendor's delivery: the corpus score dropped.
    Example: min-chrf = 50 and the document scores 41.3.
    """

    code = "MT502"
    family = "reference-metric"
    precision = "high"
    name = "low-chrf"
    severity = Severity.ERROR
    metric = "chrF"

    def threshold(self, ctx: CheckContext) -> float | None:
        return ctx.thresholds.min_chrf


class LowDocumentBleu(_DocumentMetric):
    """Low document BLEU: the document's BLEU against its reference is below --min-bleu.

    Why: BLEU is the score most MT teams track over time; a gate on it catches a regression
    between model versions.
    Example: min-bleu = 30 and the document scores 22.4.
    """

    code = "MT503"
    family = "reference-metric"
    precision = "high"
    name = "low-bleu"
    severity = Severity.ERROR
    metric = "BLEU"

    def threshold(self, ctx: CheckContext) -> float | None:
        return ctx.thresholds.min_bleu


class HighDocumentTer(_DocumentMetric):
    """High document TER: the document's translation edit rate is above --max-ter.

    Why: TER estimates the share of words a post-editor must change, which is what post-editing
    costs are negotiated on.
    Example: max-ter = 40 and the document needs 55.0 edits per 100 reference words.
    """

    code = "MT504"
    family = "reference-metric"
    precision = "high"
    name = "high-ter"
    severity = Severity.ERROR
    metric = "TER"
    higher_is_better = False

    def threshold(self, ctx: CheckContext) -> float | None:
        return ctx.thresholds.max_ter
