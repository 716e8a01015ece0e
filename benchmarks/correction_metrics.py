"""Correction figures: what a post-editor did to each MT word, and whether mtqa's suggestion agrees.

Each MT word is aligned to the post-edit with difflib on words: kept (``equal``), replaced one
for one (``replace`` 1:1, the issue's "substitutions"), or deleted. A suggestion on a kept word is
wrong, since the post-editor left it alone; on a substituted word it is right when it is the
post-edit's word; on a deleted word only an empty suggestion (a deletion) is right. Words inside
longer rewrites have no single right answer and are left out.

Two precisions are reported. The issue's, among flagged substitutions that got a suggestion,
and the one ``mtqa fix`` lives with, among every aligned word that got a suggestion, kept words
included. The confidence's calibration is measured on the second kind, over every suggestion
offered, because that is what a confidence claims.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from quality_metrics import expected_calibration_error, tag_spans

KEPT, SUBSTITUTED, DELETED = "kept", "substituted", "deleted"


def aligned_words(mt: str, pe: str) -> dict[int, tuple[str, str]]:
    """MT word index -> (what happened to it, the word the post-edit has there: "" when deleted)."""
    mt_words, pe_words = mt.split(), pe.split()
    matcher = difflib.SequenceMatcher(a=mt_words, b=pe_words, autojunk=False)
    out: dict[int, tuple[str, str]] = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.update({i: (KEPT, mt_words[i]) for i in range(i1, i2)})
        elif op == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            out[i1] = (SUBSTITUTED, pe_words[j1])
        elif op == "delete":
            out.update({i: (DELETED, "") for i in range(i1, i2)})
    return out


def flagged_rows(record: dict, segment, pair: str, mode: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """One row per aligned MT word that a finding overlaps: what it was, what the post-edit wanted,
    the findings' codes and the first suggesting finding's suggestions (text, confidence), in order."""
    if not record.get("pe"):
        return []
    rows = []
    alignment = aligned_words(record["mt"], record["pe"])
    for index, (start, end) in enumerate(tag_spans(record["mt"])):
        if index not in alignment:
            continue
        on_word = [f for f in segment.findings if f.start is not None and f.start < end and start < f.end]
        if not on_word:
            continue
        op, wanted = alignment[index]
        suggesting = next((f for f in on_word if f.suggestions), on_word[0])
        suggestions = [(s.text, s.confidence) for s in suggesting.suggestions]
        rows.append(
            {
                "pair": pair,
                "mode": mode,
                "id": record["id"],
                "word": record["mt"][start:end],
                "op": op,
                "wanted": wanted,
                "codes": sorted({f"{f.code}/{f.severity.value}" for f in on_word}),
                "suggesting_code": suggesting.code,
                "flag_confidence": suggesting.confidence,
                "flag_error": suggesting.severity.value == "error",
                "p_bad": max((w.p_bad or 0.0 for w in segment.words if w.start < end and start < w.end), default=0.0),
                "source": record.get("src_raw") or record.get("src") if mode == "source" else None,
                "suggestions": suggestions,
            }
        )
    return rows


def matches(text: str, wanted: str) -> bool:
    return text.strip().casefold() == wanted.casefold()


def figures(rows: Sequence[dict], substitutions: int, min_confidence: float) -> dict[str, float]:
    """The issue's figures (over flagged substitutions) and ``fix``'s (over every flagged aligned word)."""
    subs = [r for r in rows if r["op"] == SUBSTITUTED]
    offered_subs = [r for r in subs if r["suggestions"]]
    top1 = sum(matches(r["suggestions"][0][0], r["wanted"]) for r in offered_subs)
    top3 = sum(any(matches(t, r["wanted"]) for t, _ in r["suggestions"][:3]) for r in offered_subs)
    offered = [r for r in rows if r["suggestions"]]
    right = [matches(r["suggestions"][0][0], r["wanted"]) for r in offered]
    applied = [matches(r["suggestions"][0][0], r["wanted"]) for r in offered if r["suggestions"][0][1] >= min_confidence]
    every = [(c, matches(t, r["wanted"])) for r in offered for t, c in r["suggestions"]]
    ece = expected_calibration_error([m for _, m in every], [c for c, _ in every]) if every else {"ece": float("nan")}
    return {
        "substitutions": substitutions,
        "flagged": len(subs) / max(1, substitutions),
        "offered_when_flagged": len(offered_subs) / max(1, len(subs)),
        "top1_when_flagged": top1 / max(1, len(subs)),
        "top3_when_flagged": top3 / max(1, len(subs)),
        "top1_precision_offered": top1 / max(1, len(offered_subs)),
        "flagged_aligned_words": len(rows),
        "offered_on_aligned": len(offered),
        "top1_precision_all_offered": sum(right) / max(1, len(right)),
        "fix_threshold": min_confidence,
        "fix_applied": len(applied),
        "fix_precision": sum(applied) / max(1, len(applied)),
        "confidence_ece": ece["ece"],
    }


def count_substitutions(records: Iterable[dict]) -> int:
    return sum(op == SUBSTITUTED for r in records if r.get("pe") for op, _ in aligned_words(r["mt"], r["pe"]).values())


def write_rows(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_rows(paths: Iterable[Path]) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
