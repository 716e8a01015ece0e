"""False alarms on good human translations: mtqa's default check on samples of Django's catalogs.

A gate that fails good translations is broken, so the targets are at most 1 error and 5
warnings per 100 segments in every language. The run is the default one a user gets
(``mtqa check FILE``, default model, suggestions on), through the Python API. Results go to
``benchmarks/results/false_alarms.json``; the findings themselves (other people's text) go to
``benchmarks/.cache/`` for reading, never into the repository.

    python benchmarks/false_alarms.py [--lang fr de …]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_catalogs import CACHE, DJANGO_VERSION, LANGUAGES, SAMPLE_SIZE, SEED, samples  # noqa: E402

from mtqa import check_files  # noqa: E402
from mtqa.types import Report  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "false_alarms.json"
TARGET_ERRORS, TARGET_WARNINGS = 1.0, 5.0


def tally(report: Report) -> dict[str, Any]:
    """Findings per 100 segments by severity and by code, and the share of segments with an error."""
    segments = [segment for document in report.documents for segment in document.segments]
    per_100 = 100.0 / max(1, len(segments))
    by_severity: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    for _, _, finding in report.iter_findings():
        by_severity[finding.severity.value] += 1
        by_code[f"{finding.code} {finding.severity.value}"] += 1
    with_error = sum(1 for s in segments if any(f.severity.value == "error" for f in s.findings))
    return {
        "segments": len(segments),
        "per_100": {level: round(by_severity[level] * per_100, 2) for level in ("error", "warning", "info")},
        "by_code_per_100": {code: round(count * per_100, 2) for code, count in sorted(by_code.items())},
        "segments_with_error": round(with_error / max(1, len(segments)), 4),
    }


def findings_to_read(report: Report) -> list[dict[str, str]]:
    return [
        {"code": f.code, "severity": f.severity.value, "text": f.text, "message": f.message, "segment": segment.text}
        for _, segment, f in report.iter_findings()
        if f.severity.value in ("error", "warning")
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="*", default=list(LANGUAGES))
    args = parser.parse_args()
    paths = samples(tuple(args.lang))
    revision = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(revision, capture_output=True, text=True, check=False).stdout.strip()
    results: dict[str, Any] = {
        "django": DJANGO_VERSION,
        "sample": {"entries": SAMPLE_SIZE, "seed": SEED},
        "commit": commit,
        "targets": {"errors_per_100": TARGET_ERRORS, "warnings_per_100": TARGET_WARNINGS},
        "languages": {},
    }
    to_read: dict[str, list[dict[str, str]]] = {}
    print("| target | segments | errors / 100 | warnings / 100 | info / 100 | segments with an error | seconds |")
    print("|---|---|---|---|---|---|---|")
    for lang, path in paths.items():
        began = time.monotonic()
        report = check_files([path])
        row = tally(report) | {"seconds": round(time.monotonic() - began, 1)}
        results["languages"][lang] = row
        to_read[lang] = findings_to_read(report)
        p = row["per_100"]
        print(
            f"| {lang} | {row['segments']} | {p['error']} | {p['warning']} | {p['info']} | "
            f"{row['segments_with_error']:.1%} | {row['seconds']} |",
            flush=True,
        )
    rows = results["languages"].values()
    met = all(r["per_100"]["error"] <= TARGET_ERRORS and r["per_100"]["warning"] <= TARGET_WARNINGS for r in rows)
    results["targets_met"] = met
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if set(args.lang) == set(LANGUAGES):
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (CACHE / "false_alarm_findings.json").write_text(json.dumps(to_read, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"targets met: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
