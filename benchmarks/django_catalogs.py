"""Good human translations to measure false alarms on: samples of Django's own PO catalogs.

Django's catalogs are other people's text, so they are fetched at run time (``pip download`` of a
pinned release into ``benchmarks/.cache/``) and never committed. Each sample keeps the catalog's
header (its Language and Plural-Forms) and ``SAMPLE_SIZE`` translated, non-fuzzy entries drawn
with a fixed seed, so every run and every machine checks the same strings.

    python benchmarks/django_catalogs.py      # prints where the samples are
"""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import polib

DJANGO_VERSION = "5.2.8"
LANGUAGES = ("fr", "de", "es", "ro", "ru", "ja", "zh_Hans", "en_GB")
SAMPLE_SIZE = 150
SEED = 0
CACHE = Path(__file__).resolve().parent / ".cache"


def wheel() -> Path:
    """The pinned Django wheel, downloaded once."""
    folder = CACHE / "django"
    found = sorted(folder.glob(f"django-{DJANGO_VERSION}-*.whl"))
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"django=={DJANGO_VERSION}", "-d", str(folder)],
        check=True,
    )
    return sorted(folder.glob(f"django-{DJANGO_VERSION}-*.whl"))[0]


def catalog_text(lang: str) -> str:
    with zipfile.ZipFile(wheel()) as archive:
        return archive.read(f"django/conf/locale/{lang}/LC_MESSAGES/django.po").decode("utf-8")


def translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def sample(text: str, size: int = SAMPLE_SIZE, seed: int = SEED) -> polib.POFile:
    """``size`` translated entries of a catalog, in catalog order, with its header."""
    catalog = polib.pofile(text)
    entries = [entry for entry in catalog if translated(entry)]
    chosen = sorted(random.Random(seed).sample(range(len(entries)), min(size, len(entries))))
    out = polib.POFile(wrapwidth=0)
    out.metadata = catalog.metadata
    out.header = catalog.header
    for index in chosen:
        out.append(entries[index])
    return out


def samples(languages: tuple[str, ...] = LANGUAGES) -> dict[str, Path]:
    """Language → the sample's PO file under benchmarks/.cache/samples/, written once."""
    folder = CACHE / "samples" / f"django-{DJANGO_VERSION}-n{SAMPLE_SIZE}-seed{SEED}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for lang in languages:
        path = folder / f"{lang}.po"
        if not path.exists():
            sample(catalog_text(lang)).save(str(path))
        paths[lang] = path
    return paths


if __name__ == "__main__":
    for lang, path in samples().items():
        print(f"{lang}: {path}")
