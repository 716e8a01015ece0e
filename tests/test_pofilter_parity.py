"""What translate-toolkit's ``pofilter`` tests pin down, checked against mtqa's MT1xx checks.

Each row is one behaviour that pofilter's own test suite asserts (its area is the pofilter test
name), restated with strings of our own: the source, the target, the verdict pofilter gives
(recorded by running ``pofilter -t AREA`` on these rows, translate-toolkit 3.20.4) and the
verdict mtqa must give. mtqa's verdict is "fail" when the area's checks report a warning or an
error, "info" when they report only info, and "pass" when they report nothing. Where mtqa
deliberately differs from pofilter, ``why`` says why mtqa's behaviour is the better one for a
gate; every other row must agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pytest

from mtqa.checks import CHECKS_BY_CODE
from mtqa.checks.base import CheckContext
from mtqa.quality.head import Bands
from mtqa.text.segment import whitespace_spans
from mtqa.types import Segment, Severity

AREA_CODES: dict[str, tuple[str, ...]] = {
    "numbers": ("MT102", "MT108"),
    "printf": ("MT103",),
    "pythonbraceformat": ("MT103",),
    "xmltags": ("MT103",),
    "urls": ("MT104",),
    "emails": ("MT104",),
    "unchanged": ("MT101",),
    "endpunc": ("MT107",),
    "startwhitespace": ("MT106",),
    "endwhitespace": ("MT106",),
    "newlines": ("MT106", "MT112"),
    "tabs": ("MT106", "MT113"),
    "escapes": ("MT113",),
    "doublespacing": ("MT114",),
    "accelerators": ("MT111",),
    "startcaps": ("MT115",),
    "purepunc": ("MT116",),
    "brackets": ("MT102", "MT109"),
    "options": ("MT117",),
    "functions": ("MT117",),
}
"""The mtqa codes that answer for each pofilter test."""


@dataclass(frozen=True)
class Row:
    area: str
    source: str
    target: str
    pofilter: str
    mtqa: str
    lang: str = "fr"
    why: str = ""
    allowed: tuple[str, ...] = ()
    plural: bool = False
    """A ``msgstr[n]`` of a plural entry (pofilter's ``hasplural``)."""


LOCALE_NUMBERS = "numbers are compared by value: a French target writes the source's 3,250.75 as 3 250,75"
ALL_IN_TARGET = "the source shows argument 1 only; '{} {}' also prints argument 0, which the source never shows"
DIGITS = "digits of every script are compared by value: the Arabic-Indic ٤٠ is 40, the Persian ۱٫۵ is 1.5"
NOTHING_TO_TRANSLATE = "a string of placeholders and signs only has nothing to translate, so a copy is right"
ATTRIBUTE_VALUES = "attribute values may be localised (a screenshot per language); names must stay, and URLs are MT104's"
LINK_LANGUAGE = "a language code in a link may follow the target language: /en/ becomes /fr/"
SHARED_WORD = "the word is French too (wordfreq: as common in French as in English), not an English word left over"
LABEL_STOP = "a label's full stop is an abbreviation convention: info, not a gate failure"
ADDED_ELLIPSIS = "an ellipsis added to a label is style: reported as info"
COSMETIC = "a doubled space is cosmetic: reported as info, which no gate fails on"
TYPEWRITER = "dropping the source's typewriter double space after a full stop harms nothing"
ENTITY = "&amp; is an HTML entity, not an accelerator marker"
LOWER_LABEL = "languages lower-case labels by their own rules ('Monday' is 'lundi'); only sentences must keep a capital"
FOOTNOTE = "pofilter counts brackets only; mtqa compares the footnote number and the marker"
NAMED_TWICE = "a named placeholder fills every copy: dropping one of two '%(name)s' formats fine"

ROWS: tuple[Row, ...] = (
    # numbers: the same numbers in any order, by value; the degree sign goes with the number.
    Row("numbers", "Python 3 is newer than Python 2.", "Python 2 est plus ancien que Python 3.", "pass", "pass"),
    Row("numbers", "Turn the knob 90° to the left", "Tournez le bouton de 90 vers la gauche", "fail", "fail"),
    Row("numbers", "Turn the knob 90° to the left", "Tournez le bouton de 45° vers la gauche", "fail", "fail"),
    Row("numbers", "Turn the knob 90° to the left", "Tournez le bouton de 90° vers la gauche", "pass", "pass"),
    Row("numbers", "Release 4.10.2 is out", "La version 4.10.2 est sortie", "pass", "pass"),
    Row("numbers", "Release 4.10.2 is out", "La version 4.10.3 est sortie", "fail", "fail"),
    Row("numbers", "It costs 3,250.75 euros.", "Cela coûte 3 250,75 euros.", "fail", "pass", why=LOCALE_NUMBERS),
    Row("numbers", "Only IPv4 addresses", "Seulement des adresses IPv6", "fail", "fail"),
    Row("numbers", "A 128-bit AES key with SHA2", "Une clé AES de 128 bits avec SHA2", "pass", "pass"),
    Row("numbers", "Names are limited to 40 characters", "الأسماء محدودة بـ ٤٠ حرفًا", "fail", "pass", lang="ar", why=DIGITS),
    Row("numbers", "Playback speed (1.5×)", "سرعة التشغيل (۱٫۵×)", "fail", "pass", lang="fa", why=DIGITS),
    # printf: conversion, flags and width must match; positional ones may be reordered.
    Row("printf", "Deleted %s", "%s supprimé", "pass", "pass"),
    Row("printf", "Deleted %s", "%d supprimé", "fail", "fail"),
    Row("printf", "Column %-40s end", "Colonne %-4s fin", "fail", "fail"),
    Row("printf", "Column %08.3f end", "Colonne %08.3f fin", "pass", "pass"),
    Row("printf", "%s has %d pages", "%1$s a %2$d pages", "pass", "pass"),
    Row("printf", "%s has %d pages", "%2$d pages dans %1$s", "pass", "pass"),
    Row("printf", "%s has %d pages", "%1$d pages dans %2$s", "fail", "fail"),
    Row("printf", "%s has %d pages", "%d pages dans %s", "fail", "fail"),
    Row("printf", "%(book)s has %(count)d pages", "%(count)d pages dans %(book)s", "pass", "pass"),
    Row("printf", "%(book)s has %(count)d pages", "%(count)d pages dans %(livre)s", "fail", "fail"),
    Row("printf", "%(book)s has %(count)d pages", "%(count)d pages dans %s", "fail", "fail"),
    Row("printf", "%(user)s invited %(user)s", "%(user)s s’est invité", "fail", "pass", why=NAMED_TWICE),
    Row("printf", "Moved %'d files", "%d fichiers déplacés", "fail", "fail"),
    Row("printf", "Moved %'d files", "%'d fichiers déplacés", "pass", "pass"),
    Row("printf", "Value %(amount)r is too big", "La valeur %(amount) est trop grande", "fail", "fail"),
    Row("printf", "%d pictures", "%.0sune image", "pass", "pass", plural=True),
    Row("printf", "Saved by %@", "Enregistré par @%", "fail", "fail"),
    Row("printf", "Copy %1$@ to %2$@", "Copier %1$@ vers %3$@", "fail", "fail"),
    # Python brace format: automatic fields are counted, numbered and named ones must exist.
    Row("pythonbraceformat", "Between {} and {}", "Entre {} et {}", "pass", "pass"),
    Row("pythonbraceformat", "Between {} and {}", "Entre {}", "fail", "fail"),
    Row("pythonbraceformat", "Between {0} and {1}", "Entre {1} et {0}", "pass", "pass"),
    Row("pythonbraceformat", "Only {1}", "Seulement {} et {}", "pass", "fail", why=ALL_IN_TARGET),
    Row("pythonbraceformat", "Only {2}", "Seulement {} et {}", "fail", "fail"),
    Row("pythonbraceformat", "Only {0}", "Seulement {1}", "fail", "fail"),
    Row("pythonbraceformat", "Page {}", "Page {0}", "pass", "pass"),
    Row("pythonbraceformat", "{user} sent {n} files", "{n} fichiers envoyés par {user}", "pass", "pass"),
    Row("pythonbraceformat", "{user} sent {n} files", "{n} fichiers envoyés par {utilisateur}", "fail", "fail"),
    Row("pythonbraceformat", "{user} sent {n} files", "{n} fichiers envoyés par %s", "fail", "fail"),
    # xmltags: names and attribute names must stay, tags must close.
    Row("xmltags", "Read <em>this</em> first", "Lisez <em>ceci</em> d’abord", "pass", "pass"),
    Row("xmltags", "Read <em>this</em> first", "Lisez <en>ceci</en> d’abord", "fail", "fail"),
    Row("xmltags", '<img alt="Our logo" src="logo.svg">', '<img alt="Notre logo" src="logo.svg">', "pass", "pass"),
    Row("xmltags", 'Go <a href="next.html">on</a>', 'Continuez <a hreff="next.html">ici</a>', "fail", "fail"),
    Row("xmltags", 'Go <a href="next.html" target="_top">on</a>', 'Continuez <a href="next.html">ici</a>', "fail", "fail"),
    Row("xmltags", "one<br />two", "un<br>deux", "fail", "fail"),
    Row("xmltags", "<i>Saved</i>", "<i>Enregistré<i>", "fail", "fail"),
    Row("xmltags", "Type &lt;div&gt; here", "Tapez &lt;bloc&gt; ici", "pass", "pass"),
    Row("xmltags", '<img src="sky.png">', '<img src="ciel.png">', "fail", "pass", why=ATTRIBUTE_VALUES),
    # urls and emails: copied exactly.
    Row("urls", "See https://example.org/guide", "Voir https://example.org/guide", "pass", "pass"),
    Row("urls", "See https://example.org/guide", "Voir https://exemple.org/guide", "fail", "fail"),
    Row(
        "urls",
        "See https://docs.example.org/en/stable/",
        "Voir https://docs.example.org/fr/stable/",
        "fail",
        "pass",
        why=LINK_LANGUAGE,
    ),
    Row("emails", "Write to team@example.org", "Écrivez à equipe@example.org", "fail", "fail"),
    Row("emails", "Write to team@example.org", "Écrivez à team@example.org", "pass", "pass"),
    # unchanged: a copy is untranslated unless it has nothing to translate.
    Row("unchanged", "Cancel", "Cancel", "fail", "fail"),
    Row("unchanged", "Open folder", "Open folder", "fail", "fail"),
    Row("unchanged", "&Cancel", "&Cancel", "fail", "fail"),
    Row("unchanged", "8080", "8080", "pass", "pass"),
    Row("unchanged", "4×4", "4×4", "pass", "pass"),
    Row("unchanged", "HTTPS", "HTTPS", "pass", "pass"),
    Row("unchanged", "F12", "F12", "pass", "pass"),
    Row("unchanged", "!!!", "!!!", "pass", "pass"),
    Row("unchanged", "%(key)s = %(value)s", "%(key)s = %(value)s", "fail", "pass", why=NOTHING_TO_TRANSLATE),
    Row("unchanged", "Acme", "Acme", "pass", "pass", allowed=("Acme",)),
    Row("unchanged", "Description", "Description", "fail", "pass", why=SHARED_WORD),
    # endpunc: each script's marks and spacing; a question stays a question.
    Row("endpunc", "Quit?", "Quitter ?", "pass", "pass"),
    Row("endpunc", "Size:", "Taille\u00a0:", "pass", "pass"),
    Row("endpunc", "Remove every file?", "Supprimer tous les fichiers.", "fail", "fail"),
    Row("endpunc", "Overwrite the old copy?\n", "Écraser l’ancienne copie.\n", "fail", "fail"),
    Row("endpunc", " Overwrite?", "Écraser ?", "pass", "pass"),
    Row("endpunc", "The backup has finished.", "La sauvegarde est terminée", "fail", "fail"),
    Row("endpunc", "Feb.", "févr", "fail", "info", why=LABEL_STOP),
    Row("endpunc", "Searching", "Recherche…", "fail", "info", why=ADDED_ELLIPSIS),
    Row("endpunc", "Options:", "选项：", "pass", "pass", lang="zh"),
    Row("endpunc", "Remove it?", "Να αφαιρεθεί;", "pass", "pass", lang="el"),
    Row("endpunc", "Remove it?", "هل تريد حذفه؟", "pass", "pass", lang="ar"),
    Row("endpunc", "Remove it?", "¿Quitarlo?", "pass", "pass", lang="es"),
    # whitespace at the ends.
    Row("endwhitespace", "Amount: ", "Montant\u00a0:", "fail", "fail"),
    Row("endwhitespace", "Amount: ", "金额：", "pass", "pass", lang="zh"),
    Row("startwhitespace", "  Nested", "Imbriqué", "fail", "fail"),
    # newlines, tabs, escapes.
    Row("newlines", "First line\nSecond line", "Première ligne Deuxième ligne", "fail", "fail"),
    Row("newlines", "Finished\n", "Terminé", "fail", "fail"),
    Row("newlines", "Finished\r\n", "Terminé\n", "fail", "fail"),
    Row("newlines", "Finished\n", "Terminé\n", "pass", "pass"),
    Row("tabs", "Key\tValue", "Clé Valeur", "fail", "fail"),
    Row("tabs", "Key\tValue", "Clé\tValeur", "pass", "pass"),
    Row("escapes", "Write \\n to end a line", "Écrivez un saut de ligne", "fail", "fail"),
    Row("escapes", "Write \\n to end a line", "Écrivez \\n pour finir une ligne", "pass", "pass"),
    Row("escapes", 'Quote with \\"', "Citer avec", "fail", "fail"),
    # doublespacing
    Row("doublespacing", "Ready.  Go on.", "Prêt.  Continuez.", "pass", "pass"),
    Row("doublespacing", "Ready. Go on.", "Prêt.  Continuez.", "fail", "info", why=COSMETIC),
    Row("doublespacing", "Ready.  Go on.", "Prêt. Continuez.", "fail", "pass", why=TYPEWRITER),
    # accelerators (& as KDE marks them, _ as GNOME does)
    Row("accelerators", "&Print", "&Imprimer", "pass", "pass"),
    Row("accelerators", "&Print", "Imprimer", "fail", "fail"),
    Row("accelerators", "Print", "&Imprimer", "fail", "fail"),
    Row("accelerators", "Im&port", "Im&porter", "pass", "pass"),
    Row("accelerators", "Cut && Paste", "Couper et coller", "pass", "pass"),
    Row("accelerators", "_Print", "_Imprimer", "pass", "pass"),
    Row("accelerators", "_Print", "Imprimer", "fail", "fail"),
    Row("accelerators", "_Print", "_Impri_mer", "fail", "fail"),
    Row("accelerators", "Sound &amp; Vision", "Son et image", "fail", "pass", why=ENTITY),
    # startcaps
    Row("startcaps", "Close the window.", "fermez la fenêtre.", "fail", "fail"),
    Row("startcaps", "Close the window.", "Fermez la fenêtre.", "pass", "pass"),
    Row("startcaps", "Tuesday", "mardi", "fail", "pass", why=LOWER_LABEL),
    Row("startcaps", "12 files were copied.", "12 fichiers ont été copiés.", "pass", "pass"),
    # purepunc
    Row("purepunc", "…", "…", "pass", "pass"),
    Row("purepunc", "Print", "-", "fail", "fail"),
    Row("purepunc", "-", "tiret", "fail", "fail"),
    # brackets
    Row("brackets", "As written [sic] by her", "Comme elle l’a écrit", "fail", "fail"),
    Row("brackets", "item(s)", "élément(s)", "pass", "pass"),
    Row("brackets", "See note [2]", "Voir la note [3]", "pass", "fail", why=FOOTNOTE),
    # options and functions
    Row("options", "Run it with --dry-run", "Lancez-le avec --dry-run", "pass", "pass"),
    Row("options", "Run it with --dry-run", "Lancez-le avec --a-blanc", "fail", "fail"),
    Row("options", "--none--", "--aucun--", "pass", "pass"),
    Row("functions", "Call flush() first", "Appelez d’abord vider()", "fail", "fail"),
    Row("functions", "Call flush() first", "Appelez d’abord flush()", "pass", "pass"),
)


def verdict(row: Row) -> str:
    """mtqa's verdict on a row: what the area's checks report at their worst."""
    segment_id = "entry[0]" if row.plural else "entry"
    segment = Segment(
        path="x.po", index=0, text=row.target, line=1, column=1, source=row.source, id=segment_id, exact_positions=False
    )
    spans = tuple(whitespace_spans(row.target))
    ctx = CheckContext(
        segment=segment,
        spans=spans,
        target_lang=row.lang,
        source_lang="en",
        scores=None,
        features=None,
        p_bad=np.zeros(len(spans)),
        threshold=0.5,
        bands=Bands(0.8, 0.5),
        allowed_terms=frozenset(term.lower() for term in row.allowed),
    )
    severities = {f.severity for code in AREA_CODES[row.area] for f in CHECKS_BY_CODE[code]().run(ctx)}
    if severities - {Severity.INFO}:
        return "fail"
    return "info" if severities else "pass"


def _label(row: Row) -> str:
    return f"{row.area}:{row.source!r}->{row.target!r}"


@pytest.mark.parametrize("row", ROWS, ids=_label)
def test_mtqa_verdict(row: Row) -> None:
    assert verdict(row) == row.mtqa


@pytest.mark.parametrize("row", ROWS, ids=_label)
def test_agrees_with_pofilter_or_says_why(row: Row) -> None:
    """A row where mtqa's gate decision differs from pofilter's must carry its reason, and a row
    with a reason must really differ (no stale excuses)."""
    differs = (row.mtqa == "fail") != (row.pofilter == "fail")
    assert differs == bool(row.why), row


def _areas(rows: Iterable[Row], outcome: str) -> set[str]:
    return {row.area for row in rows if row.pofilter == outcome}


def test_table_covers_the_claimed_checks() -> None:
    """At least 40 behaviours, and every area has a case pofilter passes or fails as mtqa does."""
    assert len(ROWS) >= 40
    assert set(AREA_CODES) == {row.area for row in ROWS}
    agreeing_fail = {row.area for row in ROWS if row.pofilter == row.mtqa == "fail"}
    assert agreeing_fail >= _areas(ROWS, "fail") - {"doublespacing"}
