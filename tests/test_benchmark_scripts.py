"""The pure parts of the Django benchmarks: sampling and each injector do what they claim.

Hand-written PO text, no network and no model; the benchmarks themselves run with
``make bench-catalogs``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import django_catalogs
import injected_errors

CATALOG = """msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Enter a valid value."
msgstr "Saisissez une valeur valide."

msgid "Ensure this value has at most %(limit_value)d characters."
msgstr "Assurez-vous que cette valeur comporte au plus %(limit_value)d caractères."

msgid "Only 10 files are allowed."
msgstr "Seuls 10 fichiers sont autorisés."

msgid "See <a href=\\"https://example.org/\\">the guide</a>."
msgstr "Voir <a href=\\"https://example.org/\\">le guide</a>."

#, fuzzy
msgid "Fuzzy one"
msgstr "Flou"

msgid "Not translated yet"
msgstr ""
"""


def test_samples_keep_the_header_and_only_translated_entries() -> None:
    sample = django_catalogs.sample(CATALOG, size=10)
    assert sample.metadata["Language"] == "fr"
    assert [e.msgid for e in sample] == [
        "Enter a valid value.",
        "Ensure this value has at most %(limit_value)d characters.",
        "Only 10 files are allowed.",
        'See <a href="https://example.org/">the guide</a>.',
    ]


def test_sampling_is_the_same_every_time() -> None:
    first = [e.msgid for e in django_catalogs.sample(CATALOG, size=2, seed=3)]
    assert first == [e.msgid for e in django_catalogs.sample(CATALOG, size=2, seed=3)]
    assert len(first) == 2


def test_each_injector_makes_the_change_it_claims() -> None:
    rng = random.Random(0)
    assert injected_errors._number("Seuls 10 fichiers", rng) == "Seuls 11 fichiers"
    assert injected_errors._placeholder("au plus %(limit_value)d caractères", rng) == "au plus caractères"
    dropped = injected_errors._url_tag('Voir <a href="https://example.org/">le guide</a>.', rng)
    assert dropped is not None and dropped.count("<") == 1
    garbled = injected_errors._garbled("Saisissez une valeur", rng)
    assert garbled is not None and garbled != "Saisissez une valeur" and sorted(garbled) == sorted("Saisissez une valeur")
    assert injected_errors._punctuation("Une valeur valide.", rng) == "Une valeur valide"
    assert injected_errors._punctuation("Attendez...", rng) is None
    inserted = injected_errors._number("Pas de nombre", rng)
    assert inserted is not None and any(c.isdigit() for c in inserted) and inserted.replace(" ", "").strip("0123456789")


def test_injection_changes_one_thing_per_entry_and_records_it() -> None:
    catalog = polib.pofile(CATALOG)
    injected, manifest = injected_errors.inject(catalog, "fr", per_type=1)
    assert len(injected) == len(manifest) == len({m["msgid"] for m in manifest})
    for entry, item in zip(injected, manifest):
        assert entry.msgid == item["msgid"] and entry.msgstr == item["after"] != item["before"]
    assert {m["kind"] for m in manifest} >= {"number", "placeholder", "url_tag"}


def test_recall_counts_only_findings_of_the_types_family() -> None:
    manifest = [{"kind": "number", "msgid": "a"}, {"kind": "number", "msgid": "b"}, {"kind": "punctuation", "msgid": "c"}]
    found = {"a": {"MT102"}, "b": {"MT301"}, "c": {"MT107", "MT401"}}
    result = injected_errors.recall(manifest, found, injected_errors.FAMILIES)
    assert result["number"] == {"injected": 2, "found": 1, "recall": 0.5}
    assert result["punctuation"]["recall"] == 1.0 and result["garbled"]["recall"] is None


def test_a_check_that_fired_before_the_injection_does_not_count() -> None:
    manifest = [{"kind": "garbled", "msgid": "a"}, {"kind": "garbled", "msgid": "b"}]
    after = {"a": {"simplecaps"}, "b": {"simplecaps", "doublewords"}}
    before = {"a": {"simplecaps"}}
    result = injected_errors.recall(manifest, after, injected_errors.POFILTER_TESTS, before)
    assert result["garbled"] == {"injected": 2, "found": 1, "recall": 0.5}
