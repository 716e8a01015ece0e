"""Set each head's error band from dev data, so an error-severity MT401 finding is right often enough.

The CI gate fails on errors by default, so the error band is a promise about precision, not a
ranking. Issue 16 sets the floor: at least 0.75 of the words a source-aware head calls errors
must be BAD, and 0.65 for the weaker target-only head, on every pair the calibration serves
(one pooled target-only calibration serves ro-, et- and ru-en, so it must meet the floor on
each of them, not only on their sum). Where no threshold reaches the floor on at least
``MIN_FLAGS`` words, the band is closed (0.99): the head then never raises an error there,
and its findings stay warnings.

A word that another check reports (MT301 on "Litiger") gets that check's finding, not MT401's,
and MT401 never reports punctuation (a third of en-zh's high-P(BAD) tokens are "." or a
quote), so the band is set on the words MT401 would report: with ``--words`` (the per-token
dumps of ``quality.py --dump-words``) the words other checks claim and punctuation are left out. Rule checks are
held to the same floors by their own dev figures (``quality.py``'s precision by code).

``train_head.py`` and ``train_target_heads.py`` call :func:`error_band`; run this module to
re-band the shipped heads from the cached dev features without retraining them:

    python benchmarks/error_bands.py            # writes mtqa/quality/heads/head-*.json
    python benchmarks/error_bands.py --dry-run  # prints the bands and their dev precision
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mtqa.quality.features import WordFeatures  # noqa: E402
from mtqa.quality.head import Bands, Calibration, Head, head_from_dict  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
HEADS = ROOT / "mtqa" / "quality" / "heads"
SOURCE_AWARE_FLOOR = 0.75
TARGET_ONLY_FLOOR = 0.65
MIN_FLAGS = 20
"""Fewer flagged dev words than this cannot show a precision; such a threshold is not used."""
CLOSED = 0.99
BANDS_VERSION = "4"
"""Head files re-banded here (or trained with these bands) carry this version in the signature.
4: the English heads read the right-context features; the bands are set as in 3."""
GRID = np.round(np.arange(0.30, 0.99, 0.005), 3)

HEAD_FILES = {
    # head file -> (input kind, dev pairs it serves, by source language or pooled)
    "head-source.json": ("source", ("ro-en", "et-en", "ru-en")),
    "head-target.json": ("target", ("ro-en", "et-en", "ru-en")),
    "head-source-de.json": ("source", ("en-de",)),
    "head-target-de.json": ("target", ("en-de",)),
    "head-source-zh.json": ("source", ("en-zh",)),
    "head-target-zh.json": ("target", ("en-zh",)),
}


def precision_at(p_bad: np.ndarray, gold: np.ndarray, threshold: float) -> tuple[int, float]:
    flagged = p_bad >= threshold
    count = int(flagged.sum())
    return count, float(gold[flagged].mean()) if count else float("nan")


def lowest_threshold(p_bad: np.ndarray, gold: np.ndarray, floor: float, start: float) -> float:
    """The lowest grid threshold from ``start`` up at which precision reaches ``floor`` on enough words."""
    for threshold in GRID[start <= GRID]:
        count, precision = precision_at(p_bad, gold, float(threshold))
        if count < MIN_FLAGS:
            break
        if precision >= floor:
            return float(threshold)
    return CLOSED


def error_band(pairs: Mapping[str, tuple[np.ndarray, np.ndarray]], floor: float, warning: float) -> float:
    """One band for every pair a calibration serves: the strictest pair decides."""
    return max(lowest_threshold(p, g, floor, warning) for p, g in pairs.values())


DevWords = tuple[np.ndarray, np.ndarray, tuple[str, ...]]
"""A dev pair's word features, gold BAD tags and feature names."""
WORDS = ROOT / "benchmarks" / ".cache" / "words"


def claimed_by_rules(folder: Path, pair: str, kind: str, size: int) -> np.ndarray | None:
    """Per dev word: whether MT401 can't report it, because another check does or it is
    punctuation (from a quality.py dump)."""
    path = folder / f"{pair}.{kind}.jsonl"
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if len(rows) != size:
        sys.exit(f"{path}: {len(rows)} tokens against {size} cached dev words; rerun quality.py --dump-words")
    return np.array(
        [any(not code.startswith("MT401/") for code in row[3]) or not any(c.isalnum() for c in row[4]) for row in rows]
    )


def dev_words(data: Mapping[str, np.ndarray], kind: str) -> DevWords:
    names = tuple(str(n) for n in data[f"names_{kind}"])
    return data[f"X_{kind}"].astype(np.float64), data["y"].astype(bool), names


def load_dev(pair: str, kind: str) -> DevWords | None:
    """From the newest cached dev extraction, with the language columns the trainers add."""
    from train_head import load

    data = load(pair, "dev", "all")
    return dev_words(data, kind) if data is not None else None


def reband(
    head: Head, kind: str, dev: Mapping[str, DevWords], claimed: Mapping[str, np.ndarray] | None = None
) -> tuple[Head, list[str]]:
    """The head with every calibration's error band set from the dev pairs it serves.

    A per-language calibration serves the pairs from that source language; the pooled one
    serves every other source language, so it must hold on all the dev pairs.
    """
    floor = SOURCE_AWARE_FLOOR if kind == "source" else TARGET_ONLY_FLOOR
    report: list[str] = []

    def p_bad(pair: str, language: str | None) -> tuple[np.ndarray, np.ndarray]:
        x, y, names = dev[pair]
        keep = ~claimed[pair] if claimed and pair in claimed else np.ones(len(y), dtype=bool)
        return head.p_bad(WordFeatures(names, x), language)[keep], y[keep]

    def banded(calibration: Calibration, served: dict[str, tuple[np.ndarray, np.ndarray]], label: str) -> Calibration:
        error = error_band(served, floor, calibration.threshold)
        for pair, (p, y) in served.items():
            count, precision = precision_at(p, y, error)
            report.append(
                f"{label} {pair}: error band {calibration.bands.error:.3f} -> {error:.3f}, {count} words at {precision:.2f}"
            )
        return replace(calibration, bands=Bands(error=round(error, 3), warning=calibration.bands.warning))

    by_language = dict(head.by_language)
    for language in list(by_language):
        served = {pair: p_bad(pair, language) for pair in dev if pair.split("-")[0] == language}
        if served:
            by_language[language] = banded(by_language[language], served, f"{head.signature}[{language}]")
    pooled = {pair: p_bad(pair, None) for pair in dev}
    calibration = banded(head.calibration, pooled, head.signature) if pooled else head.calibration
    return replace(head, calibration=calibration, by_language=by_language, version=BANDS_VERSION), report  # type: ignore[type-var]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--words", type=Path, default=WORDS, help="quality.py --dump-words folder (skipped if absent)")
    parser.add_argument("--heads", nargs="*", choices=list(HEAD_FILES), default=list(HEAD_FILES), help="head files to re-band")
    args = parser.parse_args()
    for name in args.heads:
        kind, pairs = HEAD_FILES[name]
        path = HEADS / name
        head = head_from_dict(json.loads(path.read_text(encoding="utf-8")))
        dev = {pair: found for pair in pairs if (found := load_dev(pair, kind)) is not None}
        claimed = {
            pair: mask for pair in dev if (mask := claimed_by_rules(args.words, pair, kind, len(dev[pair][1]))) is not None
        }
        rebanded, report = reband(head, kind, dev, claimed)
        print("\n".join(report) or f"{name}: no dev features cached, left as is", flush=True)
        if report and not args.dry_run:
            path.write_text(json.dumps(rebanded.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
