"""The seed's suggestions as a Markdown table, so a reader of BENCHMARKS.md can judge each one.

Reads a JSON report (``make demo`` writes ``reports/mtqa-report.json``) and prints one row per
finding that got suggestions, or that is at error severity and got none: a flag left without a
suggestion is part of the picture too.

    python benchmarks/seed_suggestions.py reports/mtqa-report.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def rows(report: dict) -> list[str]:
    out = []
    for document in report["documents"]:
        kind = Path(document["path"]).suffix.lstrip(".")
        for segment in document["segments"]:
            for finding in segment["findings"]:
                offered = finding["suggestions"]
                if finding["start"] is None or not (offered or finding["severity"] == "error"):
                    continue
                shown = ", ".join(f"{s['text'] or '(delete)'} {s['confidence']:.2f}" for s in offered) or "—"
                out.append(f"| {kind} | {finding['code']} {finding['severity']} | '{finding['text']}' | {shown} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", type=Path)
    report = json.loads(parser.parse_args().report.read_text(encoding="utf-8"))
    print("| file | finding | flagged word | suggestions (confidence) |")
    print("|---|---|---|---|")
    print("\n".join(rows(report)))


if __name__ == "__main__":
    main()
