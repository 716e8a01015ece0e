"""MT101–MT117 and the token extraction behind them: pure, so tested directly on strings."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.layout import (
    AcceleratorMismatch,
    DoubleSpace,
    EscapeMismatch,
    LineBreakMismatch,
    PunctuationOnly,
    StartCapitalMismatch,
)
from mtqa.checks.source_surface import (
    EndPunctuationMismatch,
    LengthRatio,
    LinkMismatch,
    NumberMismatch,
    PlaceholderMismatch,
    WhitespaceMismatch,
)
from mtqa.checks.surface import TargetIdenticalToSource
from mtqa.checks.symbols import CodeTokenMismatch, MarkerMismatch, SymbolMismatch
from mtqa.lexicon.glossary import Glossary
from mtqa.quality.head import Bands
from mtqa.text.segment import whitespace_spans
from mtqa.text.surface_tokens import emails, glued_number_tokens, leading_trailing, numbers, placeholders, unmatched, urls
from mtqa.types import Segment, Severity


def run(
    check: Check,
    source: str | None,
    target: str,
    *,
    whole: bool = True,
    src: str | None = "ro",
    tgt: str = "en",
    segment_id: str | None = None,
    glossary: Glossary | None = None,
) -> list[RawFinding]:
    segment = Segment(
        path="x.po", index=0, text=target, line=1, column=1, source=source, id=segment_id, exact_positions=False
    )
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
        allowed_terms=glossary.allowed_lower if glossary else frozenset(),
        glossary=glossary or Glossary(),
    )
    return list(check.run(ctx))


def severities(check: Check, source: str, target: str, **options: object) -> list[Severity]:
    return [f.severity for f in run(check, source, target, **options)]  # type: ignore[arg-type]


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
        ("%s", ["%1$s"]),
        ("%1$d", ["%1$d"]),
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
    ("source", "target", "lang", "severity"),
    [
        ("Salvați modificările?", "Save the changes.", "en", Severity.WARNING),
        ("Nume:", "Name", "en", Severity.WARNING),
        ("Salvați", "Save.", "en", Severity.INFO),
        ("Gata.", "Done.", "en", None),
        ("完成。", "Done.", "en", None),
        ("Așteptați...", "Wait…", "en", None),
        ("Spune „da”.", "Say “yes.”", "en", None),
        ("a; b;", "a, b.", "en", Severity.WARNING),  # a list's semicolon became a full stop
        ("Fișierul a fost salvat.", "The file was saved", "en", Severity.WARNING),  # a sentence lost its stop
        ("文件已保存。", "The file was saved", "en", Severity.WARNING),
        ("Fișierul a fost salvat.", "文件已保存", "zh", Severity.INFO),  # Chinese UI text often leaves "。" out
        ("Fișierul a fost salvat.", "บันทึกไฟล์แล้ว", "th", None),  # Thai has no full stop
        ("Salvați...", "Save.", "en", Severity.INFO),  # an ellipsis became a full stop
        ("Ștergeți?", "Διαγραφή;", "el", None),  # the Greek question mark
        ("Ștergeți?", "Delete;", "en", Severity.WARNING),  # elsewhere ";" is a semicolon
        ("Ștergeți?", "حذف؟", "ar", None),
        ("Ștergeți?", "¿Eliminar?", "es", None),
        ("Nume:", "Nom\u00a0:", "fr", None),  # French spacing
        ("Rulați comanda <code>make</code>.", "Run the command <code>make</code>", "en", Severity.WARNING),
        ("Deschideți „Setări”.", "Откройте «Настройки»", "ru", Severity.INFO),
    ],
)
def test_end_punctuation(source: str, target: str, lang: str, severity: Severity | None) -> None:
    found = run(EndPunctuationMismatch(), source, target, tgt=lang)
    assert [f.severity for f in found] == ([] if severity is None else [severity])


# --- numbers inside names, versions, other scripts (MT102) -------------------------------------


def test_digits_of_names_and_versions_are_tokens() -> None:
    assert [(t.text, set(t.keys)) for t in glued_number_tokens("IPv4 in H2O, not %1$s or https://x.io/v2")] == [
        ("4", {"4"}),
        ("2", {"2"}),
    ]
    assert keys("Django 5.2.8 on 192.168.0.1") == [{"5"}, {"2"}, {"8"}, {"192"}, {"168"}, {"0"}, {"1"}]
    assert keys("1.000.000") == [{"1000000"}]  # group separators, not a version
    assert keys("٢٥ and ۱٫۵") == [{"25"}, {"1.5"}]  # Arabic-Indic digits and decimal separator


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Folosiți IPv4", "Use IPv6", [Severity.ERROR]),
        ("Versiunea 1.2.3", "Version 1.2.4", [Severity.ERROR]),
        ("COVID-19 a început", "COVID-20 started", [Severity.ERROR]),
        ("Folosiți IPv4", "Use IPv4", []),
        ("Versiunea 1.2.3", "Version 1.2.3", []),
        ("Data: 31.12.2024", "Date: 12/31/2024", []),  # a date's parts may be reordered
        ("Summitul G7", "The summit of the 7 largest economies", []),
        ("Apa este H2O", "Water is water", [Severity.WARNING]),  # a name's digits gone: maybe translated
    ],
)
def test_numbers_inside_names(source: str, target: str, expected: list[Severity]) -> None:
    assert severities(NumberMismatch(), source, target) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Sept.", "9月"),  # a month abbreviation ("sept" is also French for 7)
        ("Monday", "Thứ 2"),  # Vietnamese numbers the weekdays from Sunday
        ("6 p.m.", "18 Uhr"),
        ("Decimal number", "10 進数"),
        ("%(value)s quadrillion", "%(value)s 1000的5次方"),  # 1000 to the 5th power
        ("0 of %(cnt)s selected", "%(cnt)s個の内ひとつも選択されていません"),  # "none of them"
    ],
)
def test_number_equivalents_in_words_and_powers(source: str, target: str) -> None:
    assert run(NumberMismatch(), source, target) == []


def test_a_wrong_power_is_a_wrong_number() -> None:
    (finding,) = run(NumberMismatch(), "%(value)s quintillion", "%(value)s 1000的4次方")  # 10^12, not 10^18
    assert "1000的4次方" in finding.message


# --- placeholder detail (MT103) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Valoarea %(value)r", "Value %(value)", [Severity.ERROR, Severity.ERROR]),  # broken and missing
        ("Text {}, {}", "Text {}", [Severity.ERROR]),  # a "{}" field lost
        ("Text {}", "Text {} {}", [Severity.ERROR]),
        ("%s are %d", "%d has %s", [Severity.ERROR] * 3),  # unnumbered ones swapped: 2 extra, 1 missing
        ("%s are %d", "%2$d has %1$s", []),  # positional ones may reorder
        ("Coloana %#100s", "Column %10s", [Severity.ERROR, Severity.ERROR]),  # width and flag
        ("Șterse %'d", "Deleted %d", [Severity.ERROR, Severity.ERROR]),
        ("{name!r} lipsește", "{name} is missing", [Severity.ERROR, Severity.ERROR]),
        ("%(name)s și %(name)s", "%(name)s", []),  # a named one fills every copy
        ("Data {:%d.%m.%Y}", "Date {:%m/%d/%Y}", []),  # a date spec may be localised
        ('Vezi <a href="%(link)s">doc</a>', 'See <a hre="%(link)s">doc</a>', [Severity.ERROR, Severity.ERROR]),
        ('Vezi <a href="%(link)s">doc</a>', "See <a>doc</a>", [Severity.ERROR, Severity.ERROR]),
        ("<b><i>Nu</i></b>", "<b><i>No</b></i>", [Severity.ERROR]),  # crossed tags
        ("%d files", "%.0sone file", []),  # "%.0s" takes the argument and prints nothing
    ],
)
def test_placeholder_detail(source: str, target: str, expected: list[Severity]) -> None:
    assert severities(PlaceholderMismatch(), source, target) == expected


def test_placeholder_softer_cases() -> None:
    # Emphasis added or lost in whole pairs of inline tags: the markup is still well formed.
    assert severities(PlaceholderMismatch(), "{}th", "{}<sup>e</sup>") == [Severity.INFO, Severity.INFO]
    assert severities(PlaceholderMismatch(), "Este <strong>activ</strong>.", "It is active.") == [Severity.WARNING]
    # A plural form may use the other form's named placeholders, or leave them out.
    assert severities(PlaceholderMismatch(), "an hour ago", "%(count)s時間前", segment_id="x[0]") == [Severity.INFO]
    assert severities(PlaceholderMismatch(), "%(num)d years", "שנתיים", segment_id="x[1]") == [Severity.WARNING]
    assert severities(PlaceholderMismatch(), "%(num)d years", "שנתיים") == [Severity.ERROR]
    # A renamed placeholder is an error in any form.
    renamed = severities(PlaceholderMismatch(), "%(num)d years", "%(nm)d שנים", segment_id="x[1]")
    assert renamed == [Severity.ERROR, Severity.ERROR]


# --- links (MT104), length (MT105), whitespace (MT106) -------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Vezi https://docs.x.com/ro/5.2/intro/", "See https://docs.x.com/en/5.2/intro/", False),
        ("Vezi https://ro.wikipedia.org/wiki/Iași", "See https://en.wikipedia.org/wiki/Iași", False),
        ("Vezi https://docs.x.com/ro/5.2/intro/", "See https://docs.x.com/de/5.2/intro/", True),
        ("Vezi https://docs.x.com/ro/5.2/intro/", "See https://docs.x.com/en/5.1/intro/", True),
    ],
)
def test_links_may_follow_the_target_language(source: str, target: str, flagged: bool) -> None:
    assert bool(run(LinkMismatch(), source, target)) == flagged


def test_length_leaves_placeholders_aside_and_labels_alone() -> None:
    source = "Value %(value)s must be a decimal number."
    assert run(LengthRatio(), source, "“%(value)s” は10進浮動小数値にしなければなりません。", src="en", tgt="ja") == []
    assert run(LengthRatio(), "Authentication and Authorization", "認証と認可", src="en", tgt="ja") == []
    (short,) = run(LengthRatio(), "The file could not be saved because the disk is full", "Error", src="en")
    assert "shorter" in short.message


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (":", "\u00a0:", []),  # French spacing before a colon
        (", ", "，", []),  # full-width punctuation carries its own space
        ("\n    View: <code>x</code>\n", "\nVue : <code>x</code>\n", []),  # template indentation
        ("Punjabi", "旁遮普语 ", [Severity.INFO]),  # a space added at the end
        ("Total: ", "Total :", [Severity.WARNING]),  # the space that glued words is lost
        ("Done\n", "Terminé\n\n", [Severity.WARNING]),
    ],
)
def test_whitespace_conventions(source: str, target: str, expected: list[Severity]) -> None:
    assert severities(WhitespaceMismatch(), source, target) == expected


# --- identical to the source at any length (MT101) ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        ("Clear", "Clear", "fr", [Severity.ERROR]),  # "Effacer"
        ("French", "French", "de", [Severity.WARNING]),  # "Französisch"
        ("Save", "Save", "ja", [Severity.ERROR]),  # a Latin copy in a non-Latin target
        ("Delete the selected files", "Delete the selected files", "fr", [Severity.ERROR]),
        ("Universally unique identifier", "Universally Unique Identifier", "de", [Severity.INFO]),
        ("Description", "Description", "fr", []),  # the word is French too
        ("Name", "Name", "de", []),
        ("Status", "Status", "de", []),
        ("OK", "OK", "fr", []),
        ("URL", "URL", "de", []),
        ("Django", "Django", "fr", []),
        ("IPv4", "IPv4", "fr", []),
        ("%(count)s", "%(count)s", "fr", []),
        ("%(value)s…", "%(value)s…", "fr", []),
        ("Nov.", "Nov.", "de", []),
        ("None", "None", "ja", []),  # a code literal
        ("Malayalam", "Malayalam", "fr", []),  # a name, rare in English too
        ("Delete", "Delete", "en", []),  # the same language
    ],
)
def test_identical_to_source(source: str, target: str, lang: str, expected: list[Severity]) -> None:
    assert severities(TargetIdenticalToSource(), source, target, src="en", tgt=lang) == expected


def test_identical_allowed_and_glossary_terms() -> None:
    glossary = Glossary(allowed=("Flat Pages", "Acme"))
    assert run(TargetIdenticalToSource(), "Flat Pages", "Flat Pages", src="en", tgt="de", glossary=glossary) == []
    assert run(TargetIdenticalToSource(), "Acme", "Acme", src="en", tgt="fr", glossary=glossary) == []
    assert run(TargetIdenticalToSource(), "Flat Pages", "Flat Pages", src="en", tgt="de") != []


# --- signs, markers and code (MT108, MT109, MT117) -----------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Rotiți cu 180°", "Rotate by 180", [Severity.WARNING]),
        ("Preț: 5 €", "Price: 5", [Severity.WARNING]),
        ("Marca™", "The brand", [Severity.WARNING]),
        ("Rotiți cu 180°", "Rotate by 180°", []),
        ("Reducere 50%", "50 % off", []),
        ("Reducere 50%", "خصم ٥٠٪", []),  # the Arabic percent sign
        ("Reducere 50%", "50 per cent off", []),
        ("Înainte →", "← التالي", []),  # mirrored in right-to-left text
        ("Am %(count)d%% din %s", "I have %(count)d%% of %s", []),  # placeholders and "%%"
        ("Elementul %(nth)s", "L'élément n°%(nth)s", [Severity.INFO]),
        ("&copy; 2024", "© 2024", []),
    ],
)
def test_symbols(source: str, target: str, expected: list[Severity]) -> None:
    assert severities(SymbolMismatch(), source, target) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("El a scris «mă duc» [sic]", "He wrote 'I go'", [Severity.WARNING]),
        ("Vezi nota [1]", "See note [2]", [Severity.WARNING]),
        ("Vezi nota [1]", "See note [1]", []),
        ("Oraș [citation needed]", "City [citation nécessaire]", []),  # marker text may be translated
        ("Format [DD] [[HH:]MM:]ss", "Format [JJ] [[HH:]MM:]ss", []),
        ("Vezi nota", "See note [1]", [Severity.INFO]),
    ],
)
def test_markers(source: str, target: str, expected: list[Severity]) -> None:
    assert severities(MarkerMismatch(), source, target) == expected


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Rulați cu --verbose", "Run with --detailed", True),
        ("Metoda get_absolute_url() lipsește", "The get_absolute_url () method is missing", True),
        ("Rulați cu --verbose", "Run with --verbose", False),
        ("--gol--", "--empty--", False),  # a placeholder label, not an option
    ],
)
def test_code_tokens(source: str, target: str, flagged: bool) -> None:
    assert bool(run(CodeTokenMismatch(), source, target)) == flagged


# --- layout: accelerators, line breaks, escapes, spacing, capitals (MT111–MT116) ------------------


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("&Fișier", "File", True),
        ("Fișier", "&File", True),
        ("_Fișier", "Fi_le", False),
        ("_Fișier", "_Fi_le", True),
        ("&Fișier", "Fi&le", False),
        ("&Fișier", "文件(&F)", False),
        ("Copiere && lipire", "Copy and paste", False),
        ("Muzică &amp; video", "Music and video", False),
        ("Cercetare R&D", "Research and development", False),
        ("Câmpul %(cls)s.allow_empty", "%(cls)s.allow_empty欄位", False),  # an identifier, not a marker
        ("Doar @/./+/-/_ caractere", "只能包含@/./+/-/_符号", False),
    ],
)
def test_accelerators(source: str, target: str, flagged: bool) -> None:
    assert bool(run(AcceleratorMismatch(), source, target)) == flagged


def test_line_breaks_escapes_and_tabs() -> None:
    assert run(LineBreakMismatch(), "Salvat.\nReporniți?", "Saved. Restart?")
    assert run(LineBreakMismatch(), "Salvat.\nReporniți?", "Saved.\nRestart?") == []
    assert run(LineBreakMismatch(), "Gata\n", "Done") == []  # the ends are MT106's
    assert severities(EscapeMismatch(), "Scrieți \\n la final", "Write a line break\n at the end") == [Severity.ERROR]
    assert severities(EscapeMismatch(), "Coloană\tValoare", "Column Value") == [Severity.ERROR]
    assert run(EscapeMismatch(), "Scrieți \\n și \\\\", "Write \\n and \\\\") == []


def test_double_space() -> None:
    (finding,) = run(DoubleSpace(), "Salvați fișierul", "Save  the file")
    assert (finding.start, finding.end, finding.severity) == (4, 6, Severity.INFO)
    assert run(DoubleSpace(), "Gata.  Continuați.", "Done. Go on.") == []
    assert run(DoubleSpace(), "Total: ", "Total:  ") == []  # trailing spaces are MT106's


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Fișierul a fost salvat.", "the file was saved.", True),
        ("Fișierul a fost salvat.", "The file was saved.", False),
        ("Luni", "monday", False),  # a label: languages lower-case their own
        ("Deschideți iPhone-ul acum.", "iPhone öffnen jetzt.", False),
        ("Valoarea geometry lipsește.", "geometry値がありません。", False),  # a script without capitals
        ("%(name)s a fost salvat.", "%(name)s was saved.", False),
    ],
)
def test_start_capital(source: str, target: str, flagged: bool) -> None:
    assert bool(run(StartCapitalMismatch(), source, target)) == flagged


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Salvați", "-", True),
        ("—", "liniuță", True),
        (":", "\u00a0:", False),
        ("…", "…", False),
        ("%(value)s", "%(value)s", False),
    ],
)
def test_punctuation_only(source: str, target: str, flagged: bool) -> None:
    assert bool(run(PunctuationOnly(), source, target)) == flagged


def test_every_new_check_has_a_summary_why_and_example() -> None:
    from mtqa.checks import ALL_CHECKS

    for check in ALL_CHECKS:
        if check.code.startswith("MT1"):
            doc = check.explanation()
            assert "Why:" in doc and "Example:" in doc, check.code
            assert len(check.summary()) <= 110, check.code
