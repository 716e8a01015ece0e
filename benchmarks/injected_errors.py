"""Injected errors: does mtqa find what a translator's slip leaves behind, and does pofilter?

Copies of Django's catalogs (fetched at run time, see django_catalogs.py) get one error per
chosen entry, with a fixed seed: a number changed, a placeholder dropped, a URL or tag dropped,
the entry left untranslated, a word garbled by a typing slip, or the final full stop dropped.
mtqa (the default check) and translate-toolkit's ``pofilter`` run on the same files; an
injection counts as found when the tool reports that entry with a check of the type's family
(``FAMILIES``, ``POFILTER_TESTS``). Both also run on the untouched samples, where every finding
is a false alarm. Results: ``benchmarks/results/injected_errors.json``.

    python benchmarks/injected_errors.py [--lang fr de …] [--per-type 20]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_catalogs import CACHE, DJANGO_VERSION, LANGUAGES, SEED, catalog_text, samples, translated  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "injected_errors.json"
FAMILIES: dict[str, frozenset[str]] = {
    "number": frozenset({"MT102"}),
    "placeholder": frozenset({"MT103"}),
    "url_tag": frozenset({"MT103", "MT104"}),
    "untranslated": frozenset({"MT101", "MT201", "MT202", "MT203"}),
    "garbled": frozenset({"MT301", "MT302", "MT401"}),
    "punctuation": frozenset({"MT107"}),
}
POFILTER_TESTS: dict[str, frozenset[str]] = {
    "number": frozenset({"numbers"}),
    "placeholder": frozenset({"variables", "printf", "pythonbraceformat"}),
    "url_tag": frozenset({"urls", "xmltags", "emails"}),
    "untranslated": frozenset({"unchanged", "untranslated"}),
    "garbled": frozenset({"doublewords", "simplecaps"}),
    "punctuation": frozenset({"endpunc"}),
}
_NUMBER = re.compile(r"(?<![\w%{])\d+(?![\w}])")
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[a-z]|%[sdr]|\{[A-Za-z_]?\w*\}")
_TAG_OR_URL = re.compile(r"</?[A-Za-z][^<>]*>|https?://[^\s<>\"]+")
_WORD = re.compile(r"[^\W\d_]{6,}")
_ANY_WORD = re.compile(r"[^\W\d_]{3,}")


def _some_word(text: str, rng: random.Random) -> re.Match[str] | None:
    """A word of three letters or more, where an injector puts in what the source lacks."""
    words = list(_ANY_WORD.finditer(text))
    return rng.choice(words) if words else None


def _number(text: str, rng: random.Random) -> str | None:
    """A number changed; in a string without one, a number the source does not have put in."""
    found = list(_NUMBER.finditer(text))
    if not found:
        word = _some_word(text, rng)
        if word is None:
            return None
        return text[: word.start()] + f"{rng.randint(2, 99)} " + text[word.start() :]
    match = rng.choice(found)
    return text[: match.start()] + str(int(match.group()) + 1) + text[match.end() :]


def _placeholder(text: str, rng: random.Random) -> str | None:
    """A placeholder dropped: one the target has once, outside any tag or URL (a second copy of a
    named placeholder may legitimately go, and one inside a URL breaks the URL instead)."""
    inside = [(m.start(), m.end()) for m in _TAG_OR_URL.finditer(text)]
    found = [
        m for m in _PLACEHOLDER.finditer(text) if text.count(m.group()) == 1 and not any(s <= m.start() < e for s, e in inside)
    ]
    if not found:
        return None
    match = rng.choice(found)
    return (text[: match.start()] + text[match.end() :]).replace("  ", " ")


def _url_tag(text: str, rng: random.Random) -> str | None:
    """A tag or URL dropped; in a string without one, a URL the source does not have put in."""
    found = list(_TAG_OR_URL.finditer(text))
    if not found:
        word = _some_word(text, rng)
        if word is None:
            return None
        return text[: word.end()] + " (https://www.djangoproject.com/)" + text[word.end() :]
    match = rng.choice(found)
    return text[: match.start()] + text[match.end() :]


def _garbled(text: str, rng: random.Random) -> str | None:
    found = [m for m in _WORD.finditer(text) if len(set(m.group()[1:-1])) > 1]
    if not found:
        return None
    match = rng.choice(found)
    word = match.group()
    inner = [i for i in range(1, len(word) - 2) if word[i] != word[i + 1]]
    if not inner:
        return None
    i = rng.choice(inner)
    slipped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
    return text[: match.start()] + slipped + text[match.end() :]


_FULL_STOPS = (".", "。")
"""The full stops a target may end with: Chinese and Japanese targets end with "。"."""


def _punctuation(text: str, rng: random.Random) -> str | None:
    del rng
    return text[:-1] if text.endswith(_FULL_STOPS) and not text.endswith("..") else None


Injector = Callable[[str, random.Random], "str | None"]
INJECTORS: dict[str, Injector] = {
    "number": _number,
    "placeholder": _placeholder,
    "url_tag": _url_tag,
    "garbled": _garbled,
    "punctuation": _punctuation,
}


def eligible(kind: str, entry: polib.POEntry, lang: str) -> bool:
    """Whether an error of this kind can be injected so that it is an error in the source's terms."""
    if entry.msgid_plural:
        return False
    source, target = entry.msgid, entry.msgstr
    if kind == "untranslated":
        return not lang.startswith("en") and source != target and bool(re.search(r"[^\W\d_]{3,}", source))
    if kind == "garbled" and lang.startswith(("ja", "zh")):
        return False  # no letters to swap in a CJK word, and no speller there
    if kind == "number":
        return bool(_NUMBER.search(source)) == bool(_NUMBER.search(target))
    if kind == "placeholder":
        return bool(_PLACEHOLDER.search(source)) and bool(_PLACEHOLDER.search(target))
    if kind == "url_tag":
        return bool(_TAG_OR_URL.search(source)) == bool(_TAG_OR_URL.search(target))
    if kind == "punctuation":
        return source.endswith(".") and target.endswith(_FULL_STOPS) and len(source.split()) >= 3
    return bool(_WORD.search(target))


def inject(catalog: polib.POFile, lang: str, per_type: int, seed: int = SEED) -> tuple[polib.POFile, list[dict[str, str]]]:
    """A copy of ``catalog`` holding only the injected entries, and the manifest of what changed.

    ``originals(manifest)`` gives the same entries untouched: a tool finds an injection only if
    it reports the entry after the change with a check it did not already report before it."""
    rng = random.Random(seed)
    entries = [e for e in catalog if translated(e)]
    used: set[str] = set()
    out = polib.POFile(wrapwidth=0)
    out.metadata = catalog.metadata
    manifest = []
    for kind in ("number", "placeholder", "url_tag", "untranslated", "garbled", "punctuation"):
        pool = [e for e in entries if e.msgid not in used and eligible(kind, e, lang)]
        rng.shuffle(pool)
        taken = 0
        for entry in pool:
            if taken >= per_type:
                break
            changed = entry.msgid if kind == "untranslated" else INJECTORS[kind](entry.msgstr, rng)
            if changed is None or changed == entry.msgstr:
                continue
            copy = polib.POEntry(msgid=entry.msgid, msgstr=changed, msgctxt=entry.msgctxt, flags=list(entry.flags))
            out.append(copy)
            used.add(entry.msgid)
            manifest.append({"kind": kind, "msgid": entry.msgid, "before": entry.msgstr, "after": changed})
            taken += 1
    return out, manifest


def originals(catalog: polib.POFile, manifest: list[dict[str, str]]) -> polib.POFile:
    out = polib.POFile(wrapwidth=0)
    out.metadata = catalog.metadata
    for item in manifest:
        out.append(polib.POEntry(msgid=item["msgid"], msgstr=item["before"]))
    return out


def mtqa_codes(path: Path) -> dict[str, set[str]]:
    """msgid → codes mtqa reports on that entry at warning or error (what a ``--fail-on warning``
    gate acts on; info findings never fail one), from the default check."""
    from mtqa import check_files

    report = check_files([path])
    found: dict[str, set[str]] = {}
    for _, segment, finding in report.iter_findings():
        if finding.severity.value in ("error", "warning"):
            found.setdefault(segment.source or "", set()).add(finding.code)
    return found


def pofilter_tests(path: Path) -> dict[str, set[str]]:
    """msgid → the pofilter tests that fail on that entry (all of pofilter's default tests)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.po"
        pofilter = Path(sys.executable).parent / "pofilter"
        subprocess.run([str(pofilter), "-i", str(path), "-o", str(out)], check=True, capture_output=True)
        failed: dict[str, set[str]] = {}
        if out.exists():
            for entry in polib.pofile(str(out)):
                tests = set(re.findall(r"\(pofilter\) ([\w-]+):", entry.tcomment or ""))
                if tests:
                    failed.setdefault(entry.msgid, set()).update(tests)
        return failed


def recall(
    manifest: list[dict[str, str]],
    found: dict[str, set[str]],
    families: dict[str, frozenset[str]],
    before: dict[str, set[str]] | None = None,
) -> dict[str, Any]:
    """Per type: injected, found (a family check on the entry that ``before``, the untouched
    entry's checks, did not already have), and their ratio."""
    before = before or {}
    out: dict[str, Any] = {}
    for kind in families:
        items = [m for m in manifest if m["kind"] == kind]
        hits = sum(1 for m in items if (found.get(m["msgid"], set()) - before.get(m["msgid"], set())) & families[kind])
        out[kind] = {"injected": len(items), "found": hits, "recall": round(hits / len(items), 3) if items else None}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--per-type", type=int, default=20)
    args = parser.parse_args()
    folder = CACHE / "injected"
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"django": DJANGO_VERSION, "seed": SEED, "per_type": args.per_type, "languages": {}}
    clean = samples(tuple(args.lang))
    for lang in args.lang:
        catalog = polib.pofile(catalog_text(lang))
        injected, manifest = inject(catalog, lang, args.per_type)
        path, untouched = folder / f"{lang}.po", folder / f"{lang}.before.po"
        injected.save(str(path))
        originals(catalog, manifest).save(str(untouched))
        (folder / f"{lang}.manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        ours, theirs = mtqa_codes(path), pofilter_tests(path)
        ours_before, theirs_before = mtqa_codes(untouched), pofilter_tests(untouched)
        clean_ours, clean_theirs = mtqa_codes(clean[lang]), pofilter_tests(clean[lang])
        results["languages"][lang] = {
            "mtqa": recall(manifest, ours, FAMILIES, ours_before),
            "pofilter": recall(manifest, theirs, POFILTER_TESTS, theirs_before),
            "untouched_entries_flagged": {
                "mtqa": sum(1 for codes in clean_ours.values() if codes),
                "pofilter": sum(1 for tests in clean_theirs.values() if tests),
            },
            "untouched_checks_failed": {
                "mtqa": sum(len(codes) for codes in clean_ours.values()),
                "pofilter": sum(len(tests) for tests in clean_theirs.values()),
            },
        }
        print(lang, json.dumps(results["languages"][lang]), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if set(args.lang) == set(LANGUAGES):
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
