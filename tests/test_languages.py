"""Issue 14: quiet on good translations in every language.

Words are found as each language writes them (CJK segmenters, elisions, compounds), markup is
never read as words, language identification trusts the script and the document, learned
findings are capped outside the languages the head was calibrated on, and rules-only runs never
load the model. No model is needed here except where a tiny one says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mtqa import check_text
from mtqa.checks.base import CheckContext
from mtqa.checks.language import CopiedFromSource, WrongLanguageSegment
from mtqa.checks.lexical import NonWord, RepeatedWord
from mtqa.checks.lm_checks import SuspectWord
from mtqa.checks.orthography import RomanianCedilla
from mtqa.config.model import Config
from mtqa.errors import UsageError
from mtqa.lexicon.wordforms import is_compound, likely_typo_of
from mtqa.pipeline.engine import Engine, read_inputs
from mtqa.quality.head import Bands
from mtqa.text.langid import detect_document_language, script_language
from mtqa.text.markup import protected_spans, without_markup
from mtqa.text.segment import word_spans
from mtqa.types import Segment, Severity


def words(text: str, lang: str | None = None) -> list[str]:
    return [text[s.start : s.end] for s in word_spans(text, protected_spans(text), lang)]


def context(text: str, lang: str, source: str | None = None, **extra: object) -> CheckContext:
    spans = word_spans(text, protected_spans(text), lang)
    fields: dict[str, object] = {
        "segment": Segment(path="x.po", index=0, text=text, line=1, column=1, source=source, exact_positions=False),
        "spans": spans,
        "target_lang": lang,
        "source_lang": "en" if source else None,
        "scores": None,
        "features": None,
        "p_bad": np.zeros(len(spans)),
        "threshold": 0.4,
        "bands": Bands(error=0.8, warning=0.55),
    }
    fields.update(extra)
    return CheckContext(**fields)  # type: ignore[arg-type]


def found(check: object, ctx: CheckContext) -> list[tuple[str, str, Severity]]:
    return [
        (ctx.text[f.start : f.end] if f.start is not None and f.end is not None else "", f.code, f.severity)
        for f in check.run(ctx)  # type: ignore[attr-defined]
    ]


# ---- text is not markup -----------------------------------------------------------------------

MARKUP_CASES = [
    ("Chaîne de caractères (jusqu’à %(max_length)s)", "max_length"),
    ("Zeichenkette (bis zu {max_length} Zeichen)", "max_length"),
    ('Le paramètre <a href="https://docs.example.org/%(version)s/" target="_blank">DEBUG</a> est actif', "blank"),
    ("%(class_name)s.allow_future est faux", "allow_future"),
    ("Écrivez à support@example.org ou voyez https://example.org/help", "help"),
    ("Tom &amp; Jerry dans `git commit`", "commit"),
    ("Valeur {count, plural, one {# élément} other {# éléments}} trouvée", "count"),
]


@pytest.mark.parametrize(("text", "hidden"), MARKUP_CASES)
def test_words_inside_markup_are_not_words(text: str, hidden: str) -> None:
    found_words = words(text, "fr")
    assert not any(hidden.split("_")[0] in word for word in found_words), found_words


def test_translatable_text_inside_icu_plural_branches_stays_words() -> None:
    assert {"élément", "éléments", "trouvée"} <= set(words(MARKUP_CASES[-1][0], "fr"))


def test_placeholder_words_are_never_called_copied_or_foreign() -> None:
    report = check_text(
        "Chaîne de caractères (jusqu’à %(max_length)s). Assurez-vous que %(limit_value)d est valide.",
        source="String (up to %(max_length)s). Ensure %(limit_value)d is valid.",
        config=Config(fast=True, lang="fr", source_lang="en"),
    )
    flagged = [f.text for s in report.documents[0].segments for f in s.findings]
    assert not {"length", "limit", "value", "max"} & set(flagged), flagged


def test_markup_is_blanked_for_language_identification() -> None:
    assert without_markup("a %(b)s c") == "a       c"


# ---- words as each language writes them ---------------------------------------------------------


def test_french_and_italian_elisions_split_off_the_article() -> None:
    assert words("Assurez-vous qu’il n’est pas l'envoi d’aujourd’hui", "fr") == [
        "Assurez-vous",
        "qu’",
        "il",
        "n’",
        "est",
        "pas",
        "l'",
        "envoi",
        "d’",
        "aujourd’hui",
    ]
    assert words("dell’istanza all'utente", "it") == ["dell’", "istanza", "all'", "utente"]


def test_english_possessives_are_left_whole() -> None:
    assert words("Putin’s l’envoi", "en") == ["Putin’s", "l’envoi"]


def test_elided_french_words_are_known_words() -> None:
    ctx = context("Assurez-vous qu’il n’y a pas plus de chiffres et que l’envoi n’est pas vide.", "fr")
    assert found(NonWord(), ctx) == []


def test_compounds_of_common_words_are_words() -> None:
    assert is_compound("Bestandspad", "nl")
    assert is_compound("Arbeitszeitmodell", "de")
    assert not is_compound("Qwxvzlort", "de")
    assert not is_compound("Bestandspad", "fr")  # French does not glue words together
    assert found(NonWord(), context("Das Arbeitszeitmodell gilt ab morgen.", "de")) == []


def test_typing_slips_are_errors_but_inflections_are_not() -> None:
    assert likely_typo_of("Forumlar", "de") == "formular"
    assert likely_typo_of("mindestends", "de") == "mindestens"
    assert likely_typo_of("Enviau", "ca") is None  # a verb form beside "envieu"
    assert likely_typo_of("Formulare", "de") is None  # an ending, not a slip
    text = "Bitte das Forumlar ausfüllen, nicht die Qwxvzlortsache."
    verdicts = found(NonWord(), context(text, "de", source="Please fill in the form, not the other thing."))
    assert ("Forumlar", "MT301", Severity.ERROR) in verdicts
    assert ("Qwxvzlortsache", "MT301", Severity.INFO) in verdicts
    # Without a source a slip is as often a rare real form (en-de dev, target-only), so a warning.
    assert ("Forumlar", "MT301", Severity.WARNING) in found(NonWord(), context(text, "de"))


def test_romanian_cedilla_is_named_with_its_fix() -> None:
    ctx = context("Corectaţi datele din fișier.", "ro")
    (finding,) = list(RomanianCedilla().run(ctx))
    assert ctx.text[finding.start : finding.end] == "Corectaţi"  # type: ignore[misc]
    assert finding.fix == "Corectați" and finding.severity is Severity.WARNING
    assert "comma-below" in finding.message
    assert found(NonWord(), ctx) == []  # not also "not a known word"
    assert list(RomanianCedilla().run(context("Corectaţi datele.", "tr"))) == []


def test_fix_of_a_cedilla_is_the_top_suggestion_without_a_model() -> None:
    report = check_text("Corectaţi datele.", config=Config(fast=True, lang="ro"))
    (finding,) = [f for f in report.documents[0].segments[0].findings if f.code == "MT305"]
    assert finding.suggestions[0].text == "Corectați"


@pytest.mark.parametrize(
    ("text", "lang", "flagged"),
    [
        ("Falls Sie Cookies deaktiviert haben, müssen Sie sie wieder aktivieren.", "de", []),
        ("Die Frau, die die Zeitung liest.", "de", []),
        ("Si vous vous connectez, nous nous en souviendrons.", "fr", []),
        ("Bitte bitte nicht.", "de", ["bitte"]),
        ("the meeting lasted about about two hours", "en", ["about"]),
    ],
)
def test_repeated_words_follow_the_language(text: str, lang: str, flagged: list[str]) -> None:
    assert [word for word, _, _ in found(RepeatedWord(), context(text, lang))] == flagged


# ---- Chinese and Japanese ----------------------------------------------------------------------


def test_chinese_words_come_from_jieba_with_exact_offsets() -> None:
    text = "确保此值是步长 %(limit_value)s 的倍数。监督管理委员会"
    spans = word_spans(text, protected_spans(text), "zh")
    assert "监督管理" in [text[s.start : s.end] for s in spans] and "监" not in [text[s.start : s.end] for s in spans]
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in spans)


def test_japanese_words_come_from_sudachi() -> None:
    assert words("有効なメールアドレスを入力してください。", "ja")[:3] == ["有効", "な", "メールアドレス"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("监督管理委员会负责监督。", "zh"),
        ("有効なメールアドレスを入力してください。", "ja"),
        ("유효한 이메일 주소를 입력하세요.", "ko"),
        ("Enter a valid email address.", None),
    ],
)
def test_script_decides_cjk_languages(text: str, lang: str | None) -> None:
    assert script_language(text) == lang


def test_a_chinese_file_is_detected_as_chinese() -> None:
    assert detect_document_language(["监督管理委员会", "请输入有效的电子邮件地址。"]) == "zh"
    assert detect_document_language(["正の多倍長整数", "有効なメールアドレスを入力してください。"]) == "ja"


@pytest.mark.parametrize(("name", "text", "lang"), [("zh.txt", "请输入有效的电子邮件地址。监督管理委员会负责监督。\n", "zh"),
                                                    ("ja.txt", "有効なメールアドレスを入力してください。\n", "ja")])
def test_check_detects_cjk_and_reports_words(tmp_path: Path, name: str, text: str, lang: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    config = Config(fast=True)
    notes: list[str] = []
    report = Engine(config).check(read_inputs([path], config, notes))
    document = report.documents[0]
    assert document.target_lang == lang
    reported = [w.text for s in document.segments for w in s.words]
    assert any(len(word) > 1 for word in reported) and len(reported) < len(text.strip()) - 4
    assert not any(f.code == "MT202" for s in document.segments for f in s.findings)


# ---- wrong language, short strings and close languages ---------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Asegúrese de que este valor tenga al menos %(limit_value)d caracteres (tiene %(show_value)d).", "es", None),
        ("Il valore “%(value)s” deve essere None, True oppure False.", "it", None),
        ("Open file", "da", "Open file"),  # short and identical to the source: MT101's business
        ("正の多倍長整数", "ja", None),  # all kanji is still Japanese
        ("(champ masqué %(name)s) %(error)s", "fr", None),
    ],
)
def test_wrong_language_stays_quiet_on_good_text(text: str, lang: str, source: str | None) -> None:
    assert found(WrongLanguageSegment(), context(text, lang, source)) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The contract was signed yesterday and published by the ministry.", "de"),
        ("The contract was signed yesterday and published by the ministry.", "zh"),
        ("유효한 이메일 주소를 입력하세요.", "ja"),
        ("请输入有效的电子邮件地址。", "fr"),
    ],
)
def test_wrong_language_is_still_found(text: str, lang: str) -> None:
    assert [code for _, code, _ in found(WrongLanguageSegment(), context(text, lang))] == ["MT202"]


def test_loanwords_copied_from_the_source_are_info_untranslated_words_warnings() -> None:
    source = "Please enable cookies before the shutdown"
    verdicts = found(CopiedFromSource(), context("Bitte enable Sie cookies vor dem shutdown", "de", source))
    assert ("enable", "MT203", Severity.WARNING) in verdicts  # Zipf 4.3 in English, 2.0 in German
    assert ("shutdown", "MT203", Severity.INFO) in verdicts  # 3.6 against 2.6: as likely a loanword
    assert "cookies" not in [word for word, _, _ in verdicts]  # common in German too


# ---- learned findings outside the calibrated languages ------------------------------------------


def test_suspect_words_are_info_in_an_uncalibrated_target() -> None:
    text = "le chat est assis sur le tapis"
    p_bad = np.array([0.1, 0.95, 0.6, 0.1, 0.1, 0.1, 0.1])
    calibrated = found(SuspectWord(), context(text, "en", p_bad=p_bad))
    assert [severity for _, _, severity in calibrated] == [Severity.ERROR, Severity.WARNING]
    capped = found(SuspectWord(), context(text, "fr", p_bad=p_bad, calibrated_target=False))
    assert [(word, severity) for word, _, severity in capped] == [("chat", Severity.INFO), ("est", Severity.INFO)]
    explanation = " ".join(SuspectWord.explanation().split())
    assert "info" in explanation and "calibrated on English targets" in explanation
    assert "German and Chinese targets have heads of their own" in explanation


def test_uncalibrated_target_languages_are_named_in_the_notes(tiny_scorer: object) -> None:
    engine = Engine(Config(lang="fr", suggest=False, cache=False), scorer=tiny_scorer)  # type: ignore[arg-type]
    report = engine.check([_document("Le chat est assis sur le tapis.")])
    assert any("target language fr" in note and "MT401" in note for note in report.notes)
    assert all(w.p_bad is not None for s in report.documents[0].segments for w in s.words)
    english = Engine(Config(lang="en", suggest=False, cache=False), scorer=tiny_scorer)  # type: ignore[arg-type]
    assert not any("calibrated" in note for note in english.check([_document("The cat sat.")]).notes)


# ---- rules-only runs ----------------------------------------------------------------------------


def _document(text: str):  # type: ignore[no-untyped-def]
    from mtqa.types import Document

    return Document("x.txt", (Segment("x.txt", 0, text, 1, 1),))


def _no_model(config: Config) -> object:
    raise AssertionError("a rules-only run loaded the model")


@pytest.mark.parametrize(
    "config",
    [Config(fast=True), Config(select=("MT1", "MT303", "MT304")), Config(select=("MT3",), ignore=("MT302",))],
)
def test_rules_only_runs_never_load_the_model(config: Config) -> None:
    engine = Engine(config, scorer_factory=_no_model)  # type: ignore[arg-type]
    report = engine.check([_document("The the talks were chome (very.")])
    segment = report.documents[0].segments[0]
    assert segment.fluency is None and report.documents[0].fluency is None
    assert all(w.p_bad is None for w in segment.words)
    assert {"MT303", "MT304"} & {f.code for f in segment.findings}
    assert "not-loaded" in report.signature


def test_a_model_check_in_the_selection_loads_the_model() -> None:
    with pytest.raises(AssertionError, match="loaded the model"):
        Engine(Config(select=("MT401",)), scorer_factory=_no_model).check([_document("The talks were chome.")])  # type: ignore[arg-type]


def test_fast_with_a_fluency_gate_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--fast"):
        Engine(Config(fast=True, min_fluency=50.0))


def test_fast_report_is_valid_json_with_nulls(tmp_path: Path) -> None:
    from mtqa.formatters.json_format import format_json
    from mtqa.formatters.options import FormatOptions
    from mtqa.schema import validate_report

    report = Engine(Config(fast=True), scorer_factory=_no_model).check([_document("The the cat.")])  # type: ignore[arg-type]
    data = json.loads(format_json(report, FormatOptions()))
    validate_report(data)
    assert data["documents"][0]["segments"][0]["fluency"] is None


@pytest.mark.parametrize(
    ("name", "text", "lang", "expected"),
    [
        ("fr.md", "L’envoi est prêt, voir `git push` et https://a.org.\n", "fr", ["L’", "envoi", "est", "prêt", "voir", "et"]),
        ("zh.md", "监督管理委员会负责 `code` 监督。\n", "zh", ["监督管理", "委员会", "负责", "监督"]),
    ],
)
def test_markdown_words_are_split_as_the_language_writes_them(
    tmp_path: Path, name: str, text: str, lang: str, expected: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    config = Config(fast=True, lang=lang)
    report = Engine(config).check(read_inputs([path], config, []))
    assert [w.text for s in report.documents[0].segments for w in s.words] == expected
