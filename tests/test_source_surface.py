"""MT102–MT107 and the token extraction behind them: pure, so tested directly on strings."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.source_surface import (
    EndPunctuationMismatch,
    LengthRatio,
    LinkMismatch,
    NumberMismatch,
    PlaceholderMismatch,
    WhitespaceMismatch,
)
from mtqa.head import Bands
from mtqa.segment import whitespace_spans
from mtqa.surface_tokens import emails, leading_trailing, numbers, placeholders, unmatched, urls
from mtqa.types import Segment, Severity


def run(
    check: Check, source: str | None, target: str, *, whole: bool = True, src: str = "ro", tgt: str = "en"
) -> list[RawFinding]:
    segment = Segment(path="x.po", index=0, text=target, line=1, column=1, source=source, exact_positions=False)
    spans = whitespace_spans(target)
    ctx = CheckContext(
        segment=segment,
        spans=tuple(spans),
        target_lang=tgt,
        source_lang=src,
        scores=None,
        features=None,
        p_bad=np.zeros(len(spans)),
        threshold=0.5,
        bands=Bands(0.8, 0.5),
        source_is_whole=whole,
    )
    return list(check.run(ctx))


def keys(text: str) -> list[set[str]]:
    return [set(t.keys) for t in numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500 and 1.500 and 1 500", [{"1500", "1.5"}, {"1500", "1.5"}, {"1500"}]),
        ("3.50 euro, 3,5 lei", [{"3.5"}, {"3.5"}]),
        ("1.000.000 or 1,000.5", [{"1000000"}, {"1000.5"}]),
        ("H5N6 and MP3 are names; the 15th is a date", [{"15"}]),
        ("Save %1$d files to http://x.io/v2 or a2@b.com", []),
        ("患者为22岁男性", [{"22"}]),
        ("２２", [{"22"}]),
    ],
)
def test_number_readings(text: str, expected: list[set[str]]) -> None:
    assert keys(text) == expected


def test_number_scales_compare_by_value() -> None:
    assert "2400000" in numbers("240万人受灾")[0].keys
    assert "2400000" in numbers("2.4 million people")[0].keys
    assert "1500000000" in numbers("1,5 miliarde de lei")[0].keys
    assert "9" in numbers("21时发布")[0].keys  # the 24-hour clock


def test_placeholders_printf_icu_mustache_tags() -> None:
    text = "Hi {name}, %s has %1$d of {count, plural, one {# file} other {# files}} {{user}} ${x} <b>50%</b> %% <br/>"
    found = [(t.text, sorted(t.keys)) for t in placeholders(text)]
    assert found == [
        ("{name}", ["{name}"]),
        ("%s", ["%s"]),
        ("%1$d", ["%d"]),
        ("{count, plural", ["{count}"]),
        ("{{user}}", ["{{user}}"]),
        ("${x}", ["${x}"]),
        ("<b>", ["<b>"]),
        ("</b>", ["</b>"]),
        ("<br/>", ["<br/>"]),
    ]
    assert placeholders("50% of users") == []  # a percent sign before a word is not "% o"
    xliff = [t.text for t in placeholders("Hello {g:1}everyone{/g:1}, {x:2}")]
    assert xliff == ["{g:1}", "{/g:1}", "{x:2}"]


def test_unmatched_pairs_one_to_one() -> None:
    missing, extra = unmatched(placeholders("%s and %s"), placeholders("%s"))
    assert [t.text for t in missing] == ["%s"] and extra == []
    missing, extra = unmatched(placeholders('<a href="x">link</a>'), placeholders('<a href="y">lien</a>'))
    assert missing == [] and extra == []  # attributes may be translated


def test_urls_and_emails_trim_sentence_punctuation() -> None:
    assert [u.text for u in urls("See https://en.wikipedia.org/wiki/Foo_(bar)). And www.x.org.")] == [
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "www.x.org",
    ]
    assert [sorted(e.keys) for e in emails("Write to Support@Firma.ro.")] == [["support@firma.ro"]]


def test_leading_trailing() -> None:
    assert leading_trailing("  Total: \n") == ("  ", " \n")
    assert leading_trailing("   ") == ("   ", "")


def test_number_changed_is_an_error_on_the_target_number() -> None:
    (finding,) = run(NumberMismatch(), "Compania a raportat 50 de milioane", "The company reported 15 million")
    assert finding.severity is Severity.ERROR
    assert (finding.start, finding.end) == (21, 23)
    assert "'50'" in finding.message


def test_number_missing_is_segment_level_and_needs_the_whole_source() -> None:
    (finding,) = run(NumberMismatch(), "A costat 20 de lei", "It cost lei")
    assert finding.start is None and finding.severity is Severity.ERROR
    assert run(NumberMismatch(), "A costat 20 de lei. Apoi 5.", "It cost lei.", whole=False) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Durează 2 ore", "It takes two hours"),
        ("9月22日", "September 22"),
        ("1,500 de oameni", "1.500 people"),
        ("近千人", "nearly 1,000 people"),
        ("sommet du G20 à Hambourg", "summit of the top 20 economies in Hamburg"),
        ("No numbers here", "Pas de nombres"),
    ],
)
def test_number_equivalents_are_not_flagged(source: str, target: str) -> None:
    assert run(NumberMismatch(), source, target) == []


def test_placeholders_missing_and_extra() -> None:
    found = run(PlaceholderMismatch(), "Salut {name}, ai %d mesaje", "Hi {nume}, you have messages")
    assert [(f.start is None, f.severity) for f in found] == [(False, Severity.ERROR), (True, Severity.ERROR)]
    assert "'{nume}'" in found[0].message and "'{name}'" in found[1].message and "'%d'" in found[1].message
    assert run(PlaceholderMismatch(), "%1$s a trimis %2$d", "%2$d sent by %1$s") == []


def test_links() -> None:
    (changed,) = run(LinkMismatch(), "Scrieți la suport@firma.ro", "Write to support@company.ro")
    assert "support@company.ro" in changed.message and "suport@firma.ro" in changed.message
    (missing,) = run(LinkMismatch(), "Vezi https://x.ro/doc", "See the documentation")
    assert missing.start is None
    assert run(LinkMismatch(), "Vezi https://x.ro/doc.", "See https://x.ro/doc") == []


def test_length_ratio() -> None:
    source = "Guvernul a anunțat ieri noi măsuri pentru sprijinirea fermierilor afectați de secetă"
    (short,) = run(LengthRatio(), source, "The government")
    assert "shorter" in short.message
    assert run(LengthRatio(), source, "Yesterday the government announced new measures to support farmers hit by drought") == []
    assert run(LengthRatio(), "Salvați", "Save all the changes now please") == []  # too short to judge
    # Chinese needs about a third of the characters.
    target = "Authorities say about 10,000 people in Palu await rescue"
    assert run(LengthRatio(), "当局表示帕卢市内约有一万人等待救援", target, src="zh") == []


def test_whitespace() -> None:
    found = run(WhitespaceMismatch(), "Total: ", "Total:")
    assert [f.message for f in found] == ["trailing whitespace ' ' in the source but '' in the target"]
    assert run(WhitespaceMismatch(), " Total ", " Totaal ") == []


@pytest.mark.parametrize(
    ("source", "target", "severity"),
    [
        ("Salvați modificările?", "Save the changes.", Severity.WARNING),
        ("Nume:", "Name", Severity.WARNING),
        ("Salvați", "Save.", Severity.INFO),
        ("Gata.", "Done.", None),
        ("完成。", "Done.", None),
        ("Așteptați...", "Wait…", None),
        ("Spune „da”.", "Say “yes.”", None),
        ("a; b;", "a, b.", None),
    ],
)
def test_end_punctuation(source: str, target: str, severity: Severity | None) -> None:
    found = run(EndPunctuationMismatch(), source, target)
    assert [f.severity for f in found] == ([] if severity is None else [severity])
