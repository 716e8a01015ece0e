"""MT101 on whole catalogs: strings left in English, and strings translators kept identical.

For each language, every translated entry of Django's catalogs (fetched at run time, see
django_catalogs.py) is checked twice with MT101 alone (rules only, seconds): once as the
translator wrote it, where an entry identical to its English source is a deliberate copy and a
finding there is a false alarm (or a real untranslated string, which the output lists), and
once with every entry that has letters replaced by its English source, where a finding is a
catch. This covers far more strings than the 20-entry sample of injected_errors.py.

    python benchmarks/untranslated_copies.py [--lang fr de …]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_catalogs import wheel  # noqa: E402

LATIN_LANGUAGES = ("fr", "de", "es", "ro", "it", "pt", "nl", "pl", "sv", "cs", "ca", "fi", "hu", "tr", "da", "id")
_LETTERS = re.compile(r"[^\W\d_]{3,}")


def flagged(entries: list[tuple[str, str]], header: dict[str, str]) -> dict[str, str]:
    """msgid → MT101's message, for findings at warning or error."""
    from mtqa import check_files
    from mtqa.config.model import Config

    catalog = polib.POFile()
    catalog.metadata = header
    for msgid, msgstr in entries:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.po"
        catalog.save(str(path))
        report = check_files([path], config=Config(select=("MT101",)))
    return {
        segment.source or "": finding.message
        for _, segment, finding in report.iter_findings()
        if finding.code == "MT101" and finding.severity.value in ("error", "warning")
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="*", default=list(LATIN_LANGUAGES))
    args = parser.parse_args()
    archive = zipfile.ZipFile(wheel())
    print("| target | entries | kept identical | flagged there (per 100 entries) | left in English | caught |")
    print("|---|---|---|---|---|---|")
    for lang in args.lang:
        seen: set[str] = set()
        copies: list[tuple[str, str]] = []
        english: list[tuple[str, str]] = []
        header: dict[str, str] = {}
        for name in sorted(n for n in archive.namelist() if n.endswith(f"/{lang}/LC_MESSAGES/django.po")):
            catalog = polib.pofile(archive.read(name).decode("utf-8"))
            header = header or catalog.metadata
            for entry in catalog:
                if not entry.msgstr or entry.msgid_plural or entry.fuzzy or entry.msgid in seen:
                    continue
                seen.add(entry.msgid)
                if entry.msgstr.strip().casefold() == entry.msgid.strip().casefold():
                    copies.append((entry.msgid, entry.msgstr))
                elif _LETTERS.search(entry.msgid):
                    english.append((entry.msgid, entry.msgid))
        false_alarms = flagged(copies, header)
        caught = flagged(english, header)
        print(
            f"| {lang} | {len(seen)} | {len(copies)} | {len(false_alarms)} ({100 * len(false_alarms) / len(seen):.2f}) "
            f"| {len(english)} | {len(caught) / max(1, len(english)):.3f} |"
        )
        for msgid in false_alarms:
            print(f"  flagged where kept: {msgid!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
