"""Running the selected checks on each segment, with its scores, and filtering what they found.

Per-file ignores, inline ``mtqa: ignore`` codes, severity overrides and glossary terms are all
applied here, once for every check, so no check needs to know about them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from mtqa.checks import CHECKS_BY_CODE, Check, CheckContext, RawFinding
from mtqa.checks.base import MetricThresholds
from mtqa.config.model import Config
from mtqa.config.selection import ignored_for
from mtqa.lexicon.glossary import Glossary
from mtqa.lm.cache import ScoreCache
from mtqa.pipeline.deadline import FileClock
from mtqa.pipeline.language_cache import languages_from_cache
from mtqa.pipeline.plan import Planned, Prepared
from mtqa.pipeline.score import SegmentAnalysis
from mtqa.text.langid import LanguageMemo
from mtqa.types import Segment, Span

Pending = tuple[int, int, list[RawFinding]]
"""(document index, segment index, the segment's raw findings)."""


class Checking:
    """The check stage of one Engine: its selected checks, glossary and thresholds."""

    def __init__(
        self,
        config: Config,
        checks: Sequence[Check],
        glossary: Glossary,
        clock: FileClock,
        calibrated: Callable[[str], bool],
        languages: LanguageMemo,
    ) -> None:
        self._config = config
        self._checks = list(checks)
        self._glossary = glossary
        self._clock = clock
        self._calibrated = calibrated
        self._checks_by_path: dict[str, list[Check]] = {}
        self._languages = languages
        self._thresholds = MetricThresholds(
            min_segment_chrf=config.min_segment_chrf,
            min_chrf=config.min_chrf,
            min_bleu=config.min_bleu,
            max_ter=config.max_ter,
        )

    def run_block(
        self,
        prepared: Sequence[Prepared],
        block: Sequence[Planned],
        scored: Sequence[SegmentAnalysis],
        cache: ScoreCache | None,
    ) -> list[Pending]:
        """Every segment of a block. ``cache`` is the scorer's, known only once scoring ran."""
        pending = []
        texts = [prepared[plan.doc_index].document.segments[plan.seg_index].text for plan in block]
        with languages_from_cache(texts, cache, self._languages):
            for plan, state in zip(block, scored):
                item = prepared[plan.doc_index]
                segment = item.document.segments[plan.seg_index]
                with self._clock.timing(item.document.path, "running checks"):
                    raw = self.run(segment, item, item.spans[plan.seg_index], state, plan.seg_index)
                pending.append((plan.doc_index, plan.seg_index, raw))
        return pending

    def checks_for(self, path: str) -> list[Check]:
        """The checks that run on one file: the global selection minus the file's per-file ignores.

        Per-file ignores win over ``select`` whatever the prefix lengths, as in ruff: naming the
        files is the more specific statement. (Weighing them by prefix length, as flake8 does,
        would let ``select = ["MT303"]`` silently defeat a per-file ``MT303``.)
        """
        if path not in self._checks_by_path:
            extra = ignored_for(path, self._config.per_file_ignores)
            kept = [c for c in self._checks if not any(c.code.startswith(prefix) for prefix in extra)]
            self._checks_by_path[path] = kept
        return self._checks_by_path[path]

    def run(
        self, segment: Segment, item: Prepared, spans: tuple[Span, ...], state: SegmentAnalysis, position: int
    ) -> list[RawFinding]:
        context = CheckContext(
            segment=segment,
            spans=spans,
            target_lang=item.target_lang,
            source_lang=item.source_lang,
            scores=state.scores,
            features=state.features,
            p_bad=state.p_bad,
            threshold=state.calibration.threshold,
            bands=state.calibration.bands,
            allowed_terms=self._glossary.allowed_lower,
            fluency=state.fluency if state.scores is not None else None,
            min_segment_fluency=self._config.min_segment_fluency,
            glossary=self._glossary,
            source_is_whole=position in item.whole_source,
            metrics=item.segment_metrics[position],
            document_metrics=item.metrics if position == 0 else None,
            thresholds=self._thresholds,
            scored_words=state.scored_words,
            max_segment_words=self._config.max_segment_words,
            calibrated_target=self._calibrated(item.target_lang),
            languages=self._languages,
        )
        found: list[RawFinding] = []
        for check in self.checks_for(item.document.path):
            for raw in check.run(context):
                if any(raw.code.startswith(prefix) for prefix in segment.ignore_codes):
                    continue
                override = self._config.severity.get(raw.code)
                found.append(replace(raw, severity=override) if override else raw)
        return drop_allowed(drop_redundant(found), self._glossary, segment.text)


def drop_redundant(found: list[RawFinding]) -> list[RawFinding]:
    """A word already explained by a specific check needs no generic flag (MT401) on top."""

    def generic(finding: RawFinding) -> bool:
        check = CHECKS_BY_CODE.get(finding.code)
        return check is not None and check.generic

    specific = {(f.start, f.end) for f in found if not generic(f) and f.start is not None}
    return [f for f in found if not (generic(f) and (f.start, f.end) in specific)]


def drop_allowed(found: list[RawFinding], glossary: Glossary, text: str) -> list[RawFinding]:
    """No check may flag a glossary term: findings inside an occurrence of one are dropped here,
    once for all checks, so phrases ("Bora Bora") and the LM checks are covered too."""
    if not glossary.allowed or all(f.start is None for f in found):
        return found
    spans = glossary.allowed_spans(text)
    return [f for f in found if f.start is None or f.end is None or not any(s <= f.start and f.end <= e for s, e in spans)]
